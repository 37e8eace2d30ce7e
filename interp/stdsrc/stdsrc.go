// Package stdsrc holds the generic part of the standard library (slices, maps,
// cmp, iter and math/rand/v2's N) as Go source for notebook cells: yaegi's symbol
// tables omit generic functions (yaegi #1601) and stop at Go 1.22, so a cell that
// imports one of these packages loads hessnote's own implementation, interpreted.
//
// A session uses it in three steps:
//
//	stdsrc.DisableYaegiGenerics() // before the first Use
//	in := interp.New(interp.Options{GoPath: stdsrc.GoPath, SourcecodeFilesystem: stdsrc.FS(), ...})
//	in.Use(stdsrc.Symbols(stdlib.Symbols)) // and every other table given to Use
//
// The sources are ordinary Go packages below src/ (their compiled tests compare
// them with the standard library); FS serves that tree the way yaegi reads a
// GOPATH.
package stdsrc

import (
	"bytes"
	"embed"
	"io/fs"
	"path"
	"reflect"
	"strings"
	"sync"

	randv2 "math/rand/v2"

	"github.com/hessnote/hessnote/interp/stdsrc/randsource"
	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib/generic"
)

//go:embed src
var tree embed.FS

// GoPath is the Options.GoPath that makes yaegi find the packages of FS: yaegi
// looks for an import path p in GoPath/src/p, and an fs.FS takes unrooted paths.
const GoPath = "."

// Packages are the import paths served as source. Their entries must be left out
// of the binary symbol tables given to the interpreter (Symbols does it), since
// yaegi prefers a binary package to a source one.
var Packages = []string{"cmp", "iter", "maps", "math/rand/v2", "slices"}

// HiddenRandPath is the import path under which Symbols registers the compiled
// math/rand/v2, for the source math/rand/v2 to re-export. Not a path a cell
// would write.
const HiddenRandPath = "hessnote.invalid/math/rand/v2"

// randFile is the source file that imports math/rand/v2 for compiled builds and
// HiddenRandPath when yaegi reads it.
const randFile = "src/math/rand/v2/rand.go"

// FS returns the source tree, laid out as a GOPATH (src/slices, src/maps, ...),
// for Options.SourcecodeFilesystem together with Options.GoPath = GoPath.
func FS() fs.FS { return sourceFS{} }

// sourceFS is the embedded tree, with the import of math/rand/v2 in randFile
// replaced by HiddenRandPath (hiddenRandSource). yaegi reads files with
// fs.ReadFile, directories with fs.ReadDir and checks them with fs.Stat; Open
// serves the same content, so that the tree is a consistent fs.FS.
type sourceFS struct{}

// Open opens name in the embedded tree; randFile with its rewritten content,
// and its directory with randFile's size corrected.
func (fsys sourceFS) Open(name string) (fs.File, error) {
	f, err := tree.Open(name)
	if err != nil {
		return nil, err
	}
	switch name {
	case randFile:
		info, err := f.Stat()
		_ = f.Close()
		if err != nil {
			return nil, err
		}
		b, err := fsys.ReadFile(name)
		if err != nil {
			return nil, err
		}
		return &memFile{Reader: bytes.NewReader(b), info: sizedInfo{info, int64(len(b))}}, nil
	case path.Dir(randFile):
		return randDir{f.(fs.ReadDirFile)}, nil
	}
	return f, nil
}

// ReadFile returns the content of name; for randFile, with HiddenRandPath.
func (sourceFS) ReadFile(name string) ([]byte, error) {
	b, err := tree.ReadFile(name)
	if err != nil || name != randFile {
		return b, err
	}
	return []byte(hiddenRandSource(string(b))), nil
}

// ReadDir lists the directory name of the embedded tree, with randFile's size
// corrected.
func (sourceFS) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := tree.ReadDir(name)
	if err != nil || name != path.Dir(randFile) {
		return entries, err
	}
	return randEntries(entries)
}

// randEntries returns entries (of randFile's directory) with the entry of
// randFile giving the size of its rewritten content.
func randEntries(entries []fs.DirEntry) ([]fs.DirEntry, error) {
	for i, e := range entries {
		if e.Name() != path.Base(randFile) {
			continue
		}
		info, err := e.Info()
		if err != nil {
			return nil, err
		}
		b, err := sourceFS{}.ReadFile(randFile)
		if err != nil {
			return nil, err
		}
		entries[i] = fs.FileInfoToDirEntry(sizedInfo{info, int64(len(b))})
	}
	return entries, nil
}

// randDir is randFile's directory, open, listing randFile with its size
// corrected.
type randDir struct{ fs.ReadDirFile }

// ReadDir returns the next n entries of the directory (all if n <= 0).
func (d randDir) ReadDir(n int) ([]fs.DirEntry, error) {
	entries, err := d.ReadDirFile.ReadDir(n)
	if err != nil {
		return entries, err
	}
	return randEntries(entries)
}

// memFile is an open file whose content is in memory.
type memFile struct {
	*bytes.Reader
	info fs.FileInfo
}

// Stat returns the file's information.
func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }

// Close does nothing.
func (f *memFile) Close() error { return nil }

// sizedInfo is a file's information with another size.
type sizedInfo struct {
	fs.FileInfo
	size int64
}

// Size returns the size of the content served.
func (i sizedInfo) Size() int64 { return i.size }

// randImport is the import line of randFile that ReadFile rewrites.
const randImport = `	bin "math/rand/v2"
`

// hiddenRandSource returns src with randImport importing HiddenRandPath; it
// panics if src lacks the line, so that an edit of randFile cannot silently
// make the source import itself.
func hiddenRandSource(src string) string {
	if strings.Count(src, randImport) != 1 {
		panic("stdsrc: " + randFile + " must import math/rand/v2 as bin, once")
	}
	return strings.Replace(src, randImport, "\tbin \""+HiddenRandPath+"\"\n", 1)
}

// randsourcePath is the import path of package randsource, which the source
// math/rand/v2 imports as a binary package.
const randsourcePath = "github.com/hessnote/hessnote/interp/stdsrc/randsource"

// Symbols returns a copy of syms, a binary symbol table such as stdlib.Symbols
// (keyed "importpath/name"), for Interpreter.Use: without the entries of
// Packages, with the entry of math/rand/v2 (if any) moved to HiddenRandPath for
// the source math/rand/v2 to call (adding Uint and UintN, Go 1.23, if it lacks
// them, as yaegi's Go 1.22 table does), and with package randsource, which the
// source math/rand/v2 imports. Give every table to Use through Symbols: one that
// replaces math/rand/v2 functions (a seedable global source) then replaces them
// behind the source package too.
func Symbols(syms interp.Exports) interp.Exports {
	out := make(interp.Exports, len(syms)+2)
	skip := map[string]bool{}
	for _, p := range Packages {
		skip[p] = true
	}
	for k, v := range syms {
		if !skip[path.Dir(k)] {
			out[k] = v
		}
	}
	if table, ok := syms["math/rand/v2/rand"]; ok {
		rand := make(map[string]reflect.Value, len(table)+2)
		for name, v := range table {
			rand[name] = v
		}
		if _, ok := rand["Uint"]; !ok {
			rand["Uint"] = reflect.ValueOf(randv2.Uint)
		}
		if _, ok := rand["UintN"]; !ok {
			rand["UintN"] = reflect.ValueOf(randv2.UintN)
		}
		out[HiddenRandPath+"/rand"] = rand
	}
	out[randsourcePath+"/randsource"] = map[string]reflect.Value{
		"FromFunc": reflect.ValueOf(randsource.FromFunc),
		"Func":     reflect.ValueOf((*randsource.Func)(nil)),
	}
	return out
}

var disableOnce sync.Once

// DisableYaegiGenerics empties yaegi's own generic stdlib sources
// (github.com/traefik/yaegi/stdlib/generic.Sources: partial copies of Go 1.22's
// cmp, maps and slices that Interpreter.Use compiles whenever the table it is
// given holds fmt). Once compiled they are the interpreter's packages "cmp",
// "maps" and "slices", and an import of those paths never reaches FS. It changes
// a variable of the yaegi module, so it acts on every interpreter the process
// creates afterwards; call it before the first Use.
func DisableYaegiGenerics() {
	disableOnce.Do(func() {
		for i := range generic.Sources {
			generic.Sources[i] = ""
		}
	})
}
