package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

func TestInstallPrefix(t *testing.T) {
	dir := t.TempDir()
	if err := runInstall([]string{"--prefix", dir}); err != nil {
		t.Fatal(err)
	}
	spec := filepath.Join(dir, "share", "jupyter", "kernels", "hessnote")
	b, err := os.ReadFile(filepath.Join(spec, "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ks kernelSpec
	if err := json.Unmarshal(b, &ks); err != nil {
		t.Fatal(err)
	}
	exe, _ := os.Executable()
	exe, _ = filepath.EvalSymlinks(exe)
	if len(ks.Argv) != 4 || ks.Argv[0] != exe || !filepath.IsAbs(ks.Argv[0]) ||
		ks.Argv[1] != "kernel" || ks.Argv[2] != "-f" || ks.Argv[3] != "{connection_file}" {
		t.Errorf("argv %q", ks.Argv)
	}
	if ks.DisplayName != "Go (hessnote)" || ks.Language != "go" || ks.InterruptMode != "message" || ks.Metadata == nil {
		t.Errorf("spec %+v", ks)
	}
	for _, name := range []string{"logo-32x32.png", "logo-64x64.png"} {
		b, err := os.ReadFile(filepath.Join(spec, name))
		if err != nil || !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) {
			t.Errorf("%s: not a PNG (%v)", name, err)
		}
	}
	if b, err := os.ReadFile(filepath.Join(spec, "logo-svg.svg")); err != nil || !bytes.Contains(b, []byte("<svg")) {
		t.Errorf("logo-svg.svg: %v", err)
	}
	if err := runInstall([]string{"--user", "--prefix", dir}); err == nil {
		t.Error("two locations accepted")
	}
}

func TestInstallUserHonoursJupyterDataDir(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("JUPYTER_DATA_DIR", dir)
	if err := runInstall([]string{"--user"}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "kernels", "hessnote", "kernel.json")); err != nil {
		t.Error(err)
	}
}
