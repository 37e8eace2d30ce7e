package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const tinyNotebook = `{"nbformat": 4, "nbformat_minor": 5, "metadata": {},
 "cells": [{"cell_type": "code", "id": "a", "metadata": {}, "execution_count": null, "outputs": [],
  "source": ["import \"fmt\"\n", "fmt.Println(\"hello\")\n", "6 * 7"]}]}`

func TestRunWritesOutputsAndCheckCatchesEdits(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tiny.ipynb")
	if err := os.WriteFile(path, []byte(tinyNotebook), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := runNotebooks([]string{path}); err != nil {
		t.Fatalf("run: %v", err)
	}
	data, _ := os.ReadFile(path)
	for _, want := range []string{`"hello\n"`, `"text/plain": "42"`, `"execution_count": 1`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("written notebook lacks %s:\n%s", want, data)
		}
	}
	if err := runNotebooks([]string{"--check", path}); err != nil {
		t.Fatalf("check of a fresh run: %v", err)
	}
	edited := strings.Replace(string(data), `"text/plain": "42"`, `"text/plain": "43"`, 1)
	if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := runNotebooks([]string{path, "--check"}); err == nil {
		t.Fatalf("check passed on an edited output")
	}
	after, _ := os.ReadFile(path)
	if string(after) != edited {
		t.Errorf("--check rewrote the notebook")
	}
}
