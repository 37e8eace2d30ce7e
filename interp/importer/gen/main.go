// Command gen writes exportdata.bin, the export data that package importer embeds: the
// type information of every package a notebook cell can import, so that cells can be
// type-checked inside the hessnote binary with no Go toolchain at run time.
//
// It runs from `go generate` in interp/symbols, right after the symbol tables are written,
// because the package set is read from them: the standard library packages in yaegi's
// stdlib.Symbols and the packages whose tables interp/symbols holds (the keys of their
// `Symbols["path/name"]` assignments). A package added to the symbol tables is thereby
// type-checkable after the next `go generate ./interp/...`.
//
// The export data is what `go list -export -trimpath` gives for each package, built for
// one fixed platform (linux/amd64, no cgo) so that the output is the same bytes on every
// host that runs the same Go version. Only the packages themselves are stored, not their
// dependencies: the gc export data of a package describes every object of another package
// that its own API refers to, so the gc importer never asks for a dependency.
//
// Usage (from interp/symbols):
//
//	go run ../importer/gen -symbols . -o ../importer/exportdata.bin
//
// The file format is described in package importer (data.go).
package main

import (
	"bytes"
	"compress/flate"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/traefik/yaegi/stdlib"
)

// Platform is the GOOS/GOARCH the export data is built for.
const (
	goos   = "linux"
	goarch = "amd64"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("importer/gen: ")
	out := flag.String("o", "exportdata.bin", "output file")
	symDir := flag.String("symbols", "../symbols", "directory of the generated yaegi symbol tables")
	srcDir := flag.String("stdsrc", "../stdsrc/src", "directory of the standard library packages cells get as interpreted source (interp/stdsrc)")
	flag.Parse()

	paths, err := packagePaths(*symDir)
	if err != nil {
		log.Fatal(err)
	}
	srcPaths, err := sourcePackages(*srcDir)
	if err != nil {
		log.Fatal(err)
	}
	paths = mergePaths(paths, srcPaths)
	// Everything that could make the export data depend on the host or the user's
	// environment is pinned.
	env := append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "GOAMD64=v1", "CGO_ENABLED=0",
		"GOFLAGS=-mod=readonly", "GOEXPERIMENT=")
	version, err := goVersion(env)
	if err != nil {
		log.Fatal(err)
	}
	exports, err := listExports(env, paths)
	if err != nil {
		log.Fatal(err)
	}
	var pkgs []pkgData
	for _, p := range paths {
		raw, err := unifiedData(exports[p])
		if err != nil {
			log.Fatalf("%s: %v", p, err)
		}
		pkgs = append(pkgs, pkgData{path: p, raw: raw})
	}
	b, err := encode(version, pkgs)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		log.Fatal(err)
	}
}

// packagePaths returns the sorted import paths of the packages cells can import: yaegi's
// standard library and the packages of the generated tables in symDir.
func packagePaths(symDir string) ([]string, error) {
	set := map[string]bool{}
	for key := range stdlib.Symbols {
		// Besides the standard library, the table holds "." (yaegi's MapTypes) and
		// yaegi's own stdlib package: neither is a package for cells.
		if p := importPath(key); isStd(p) {
			set[p] = true
		}
	}
	keys, err := tableKeys(symDir)
	if err != nil {
		return nil, err
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("no symbol tables found in %s", symDir)
	}
	for _, key := range keys {
		set[importPath(key)] = true
	}
	paths := make([]string, 0, len(set))
	for p := range set {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	return paths, nil
}

// sourcePackages returns the import paths of the packages under dir (a directory with
// .go files is a package; its path is its place under dir): the standard library
// packages that cells import as interpreted source (interp/stdsrc), such as iter,
// which yaegi's tables do not have. Without their export data, a cell that imports
// one could not be type-checked, and neither could any later cell of the session.
func sourcePackages(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		rel, err := filepath.Rel(dir, filepath.Dir(path))
		if err != nil {
			return err
		}
		if p := filepath.ToSlash(rel); isStd(p) && (len(out) == 0 || out[len(out)-1] != p) {
			out = append(out, p)
		}
		return nil
	})
	if err == nil && len(out) == 0 {
		err = fmt.Errorf("no packages found under %s", dir)
	}
	return out, err
}

// mergePaths returns the sorted union of two lists of import paths.
func mergePaths(a, b []string) []string {
	set := map[string]bool{}
	for _, p := range append(append([]string(nil), a...), b...) {
		set[p] = true
	}
	out := make([]string, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// importPath turns a symbol table key "path/name" into "path".
func importPath(key string) string {
	if i := strings.LastIndexByte(key, '/'); i >= 0 {
		return key[:i]
	}
	return key
}

// isStd reports whether p is a standard library import path: one whose first element has
// no dot.
func isStd(p string) bool {
	first, _, _ := strings.Cut(p, "/")
	return first != "" && !strings.Contains(first, ".")
}

// tableKeys returns the keys K of every `Symbols[K] = ...` assignment in the Go files of
// dir, parsed rather than compiled so that tables written a moment ago count.
func tableKeys(dir string) ([]string, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	var keys []string
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			as, ok := n.(*ast.AssignStmt)
			if !ok {
				return true
			}
			for _, lhs := range as.Lhs {
				ix, ok := lhs.(*ast.IndexExpr)
				if !ok {
					continue
				}
				if id, ok := ix.X.(*ast.Ident); !ok || id.Name != "Symbols" {
					continue
				}
				if lit, ok := ix.Index.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if s, err := strconv.Unquote(lit.Value); err == nil {
						keys = append(keys, s)
					}
				}
			}
			return true
		})
	}
	return keys, nil
}

func goVersion(env []string) (string, error) {
	cmd := exec.Command("go", "env", "GOVERSION")
	cmd.Env = env
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go env GOVERSION: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}

// listExports builds the export data of paths and returns the file of each.
func listExports(env, paths []string) (map[string]string, error) {
	args := append([]string{"list", "-export", "-trimpath", "-json=ImportPath,Export,Error"}, paths...)
	cmd := exec.Command("go", args...)
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list -export: %w\n%s", err, stderr.Bytes())
	}
	files := map[string]string{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p struct {
			ImportPath, Export string
			Error              *struct{ Err string }
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("go list output: %w", err)
		}
		if p.Error != nil {
			return nil, fmt.Errorf("%s: %s", p.ImportPath, p.Error.Err)
		}
		if p.Export == "" {
			return nil, fmt.Errorf("%s: go list gave no export data", p.ImportPath)
		}
		files[p.ImportPath] = p.Export
	}
	for _, p := range paths {
		if files[p] == "" {
			return nil, fmt.Errorf("%s: not listed by go list", p)
		}
	}
	return files, nil
}

// unifiedData returns the unified export data in the gc archive file name: the bytes from
// the format byte 'u' up to the end-of-section marker of the __.PKGDEF member.
func unifiedData(name string) ([]byte, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	const arHeader = 60
	if !bytes.HasPrefix(b, []byte("!<arch>\n")) || len(b) < 8+arHeader {
		return nil, errors.New("not an archive file")
	}
	hdr := b[8 : 8+arHeader]
	if strings.TrimSpace(string(hdr[:16])) != "__.PKGDEF" {
		return nil, errors.New("first archive member is not __.PKGDEF")
	}
	size, err := strconv.Atoi(strings.TrimSpace(string(hdr[48:58])))
	if err != nil || size < 0 || 8+arHeader+size > len(b) {
		return nil, errors.New("bad __.PKGDEF size")
	}
	def := b[8+arHeader : 8+arHeader+size]
	i := bytes.Index(def, []byte("\n$$B\n"))
	const end = "\n$$\n"
	if i < 0 || !bytes.HasSuffix(def, []byte(end)) {
		return nil, errors.New("no binary export data section")
	}
	data := def[i+len("\n$$B\n") : len(def)-len(end)]
	if len(data) == 0 || data[0] != 'u' {
		return nil, errors.New("export data is not in the unified format")
	}
	return data, nil
}

type pkgData struct {
	path string
	raw  []byte
}

// encode writes the format that importer/data.go reads: a header line, one index line per
// package ("path compressed-size raw-size"), an empty line, then each package's export data
// compressed with DEFLATE on its own, in index order.
func encode(version string, pkgs []pkgData) ([]byte, error) {
	var head, body bytes.Buffer
	fmt.Fprintf(&head, "hessnote-exportdata 1 %s %s/%s %d (generated by interp/importer/gen from go generate in interp/symbols; DO NOT EDIT)\n",
		version, goos, goarch, len(pkgs))
	for _, p := range pkgs {
		n := body.Len()
		w, err := flate.NewWriter(&body, flate.BestCompression)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(p.raw); err != nil {
			return nil, err
		}
		if err := w.Close(); err != nil {
			return nil, err
		}
		fmt.Fprintf(&head, "%s %d %d\n", p.path, body.Len()-n, len(p.raw))
	}
	head.WriteByte('\n')
	head.Write(body.Bytes())
	return head.Bytes(), nil
}
