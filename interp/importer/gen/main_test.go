package main

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestTableKeys(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"a.go": `package symbols
func init() {
	Symbols["gonum.org/v1/gonum/mat/mat"] = nil
	Other["x/y"] = nil
}`,
		"b.go":      "package symbols\nfunc init() { Symbols[`example.com/p/p`], n = nil, 1 }\n",
		"b_test.go": "package symbols\nfunc init() { Symbols[\"test/only/only\"] = nil }\n",
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	keys, err := tableKeys(dir)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"gonum.org/v1/gonum/mat/mat", "example.com/p/p"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("tableKeys = %q, want %q", keys, want)
	}
}

func TestIsStd(t *testing.T) {
	for p, want := range map[string]bool{
		"fmt": true, "math/rand/v2": true, ".": false, "": false,
		"github.com/traefik/yaegi/stdlib": false, "gonum.org/v1/gonum/mat": false,
	} {
		if got := isStd(p); got != want {
			t.Errorf("isStd(%q) = %v", p, got)
		}
	}
}

// archiveFile writes an archive whose first member is name with body def.
func archiveFile(t *testing.T, name, def string) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "x.a")
	b := fmt.Sprintf("!<arch>\n%-16s%-12s%-6s%-6s%-8s%-10d`\n%s", name, "0", "0", "0", "644", len(def), def)
	if err := os.WriteFile(f, []byte(b), 0o644); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestUnifiedData(t *testing.T) {
	good := "go object linux amd64 go1.26.8\nbuild id \"x\"\n\n$$B\nu\x01\x02data\n$$\n"
	b, err := unifiedData(archiveFile(t, "__.PKGDEF", good))
	if err != nil || string(b) != "u\x01\x02data" {
		t.Errorf("unifiedData = %q, %v", b, err)
	}
	for _, tc := range []struct{ name, def, want string }{
		{"_go_.o", good, "not __.PKGDEF"},
		{"__.PKGDEF", "go object\n$$B\ni-indexed\n$$\n", "not in the unified format"},
		{"__.PKGDEF", "go object\n$$\nold\n$$\n", "no binary export data"},
	} {
		if _, err := unifiedData(archiveFile(t, tc.name, tc.def)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s %q: error %v, want %q", tc.name, tc.def, err, tc.want)
		}
	}
	f := filepath.Join(t.TempDir(), "text")
	if err := os.WriteFile(f, []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := unifiedData(f); err == nil {
		t.Error("a text file gave no error")
	}
}
