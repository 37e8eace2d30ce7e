package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func tinyReport() *Report {
	pass := Outcome{Pass: true}
	return &Report{
		GoVersion: "go1.26.8",
		Programs: []Result{
			{Name: "a.go", Dir: ".", Oracle: pass, Ways: map[string]Outcome{
				wayYaegi: pass, wayCell: pass, wayDecls: pass, wayDeps: pass}},
			{Name: "ken/b.go", Dir: "ken", Oracle: pass, Ways: map[string]Outcome{
				wayYaegi: pass, wayCell: {Tag: tagSilent, Error: "output line 1: a|b"},
				wayDecls: {Tag: tagError, Error: "cell 2/3: CompileError: x"}, wayDeps: pass}},
			{Name: "c.go", Dir: ".", Oracle: Outcome{Error: "exit status 1: boom"}},
		},
		Skipped: []Skipped{{Name: "d.go", Reason: "action rundir (not a single-file run)"}},
	}
}

func TestReportTables(t *testing.T) {
	rep := tinyReport()
	md := rep.markdown()
	for _, want := range []string{
		"| test/ | 2 | 1 | 1 (100%) | 1 (100%) | 1 (100%) | 1 (100%) |",
		"| test/ken/ | 1 | 1 | 1 (100%) | 0 (0%) | 0 (0%) | 1 (100%) |",
		"| **all** | 3 | 2 | 2 (100%) | 1 (50%) | 1 (50%) | 2 (100%) |",
		"| hessnote, one cell | 1 | 0 | 1 | 0 |",
		"| ken/b.go | pass | *silent*: output line 1: a\\|b | *error*: cell 2/3: CompileError: x | pass |",
		"| ken/b.go | cell (silent), decls (error) |",
		"| c.go | exit status 1: boom |",
		"| d.go | action rundir (not a single-file run) |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "| a.go |") {
		t.Error("a program that passes everywhere is listed")
	}
}

func TestPassList(t *testing.T) {
	rep := tinyReport()
	ps := rep.passPairs(cellWays)
	want := []pair{{"a.go", wayCell}, {"a.go", wayDecls}, {"a.go", wayDeps}, {"ken/b.go", wayDeps}}
	if !reflect.DeepEqual(ps, want) {
		t.Fatalf("passPairs = %v, want %v", ps, want)
	}
	path := filepath.Join(t.TempDir(), "pass.txt")
	if err := writePassList(path, ps); err != nil {
		t.Fatal(err)
	}
	back, err := readPassList(path)
	if err != nil || !reflect.DeepEqual(back, want) {
		t.Fatalf("read back %v, %v", back, err)
	}
	if err := os.WriteFile(path, []byte("a.go yaegi\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := readPassList(path); err == nil || !strings.Contains(err.Error(), ":1:") {
		t.Errorf("a bad way must be an error with its line, got %v", err)
	}
}
