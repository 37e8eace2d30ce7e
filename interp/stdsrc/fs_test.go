package stdsrc_test

import (
	"io/fs"
	"path"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/hessnote/hessnote/interp/stdsrc"
)

// TestFS checks that FS is a consistent file system holding every package of
// Packages as GOPATH/src/<path>, with the rand source importing HiddenRandPath.
func TestFS(t *testing.T) {
	fsys := stdsrc.FS()
	var files []string
	for _, p := range stdsrc.Packages {
		dir := path.Join(stdsrc.GoPath, "src", p)
		entries, err := fs.ReadDir(fsys, dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), "_test.go") {
				t.Errorf("%s/%s: a test file in the tree", dir, e.Name())
			}
			files = append(files, path.Join(dir, e.Name()))
		}
	}
	if len(files) < len(stdsrc.Packages) {
		t.Fatalf("files %v", files)
	}
	if err := fstest.TestFS(fsys, files...); err != nil {
		t.Fatal(err)
	}
	b, err := fs.ReadFile(fsys, "src/math/rand/v2/rand.go")
	if err != nil {
		t.Fatal(err)
	}
	if src := string(b); !strings.Contains(src, `"`+stdsrc.HiddenRandPath+`"`) || strings.Contains(src, `"math/rand/v2"`) {
		t.Errorf("rand.go as served:\n%s", src)
	}
}
