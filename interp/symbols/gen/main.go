// Command gen writes the symbol tables of hessnote's own packages and the documentation
// file docs.json for package symbols. It runs from `go generate` in interp/symbols.
//
// Required packages (optim, display) must extract; optional ones (optim/nn,
// optim/curvature, optim/data) are extracted when their directory exists and type-checks,
// and their stale tables are removed otherwise. docs.json holds the declaration and doc
// comment of every exported name of the preloaded packages and of common standard library
// packages, extracted with go/doc.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/doc"
	"go/format"
	"go/parser"
	"go/printer"
	"go/token"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/traefik/yaegi/extract"
)

const module = "github.com/hessnote/hessnote"

var (
	required   = []string{"optim", "display"}
	optional   = []string{"optim/nn", "optim/curvature", "optim/data", "optim/functions"}
	thirdParty = []string{
		"gonum.org/v1/gonum/mat", "gonum.org/v1/gonum/floats", "gonum.org/v1/gonum/stat",
		"gonum.org/v1/gonum/optimize", "gonum.org/v1/gonum/diff/fd",
		"gonum.org/v1/plot", "gonum.org/v1/plot/plotter", "gonum.org/v1/plot/vg",
		"gonum.org/v1/plot/vg/vgimg", "gonum.org/v1/plot/vg/draw",
	}
	stdDocs = []string{
		"fmt", "math", "math/rand", "strings", "strconv", "sort", "time", "os", "errors",
		"context", "sync", "bytes", "bufio", "io", "math/cmplx", "unicode", "encoding/json",
		"slices", "maps", "log",
	}
)

// Doc mirrors symbols.Doc.
type Doc struct {
	Decl string `json:"d"`
	Text string `json:"t,omitempty"`
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("gen: ")
	root, err := moduleRoot()
	if err != nil {
		log.Fatal(err)
	}
	names := strings.NewReplacer("/", "-", ".", "_", "~", "_")
	ext := extract.Extractor{Dest: "symbols"}
	var docPkgs []string
	failed := false
	for _, rel := range append(append([]string{}, required...), optional...) {
		ip := module + "/" + rel
		out := names.Replace(ip) + ".go"
		isReq := contains(required, rel)
		if _, err := os.Stat(filepath.Join(root, rel)); err != nil {
			if isReq {
				log.Printf("ERROR %s: %v", rel, err)
				failed = true
			}
			_ = os.Remove(out)
			continue
		}
		var buf bytes.Buffer
		if _, err := ext.Extract(ip, "", &buf); err != nil {
			if isReq {
				// Keep the previous table so the build goes on; fail at the end.
				log.Printf("ERROR %s (previous table kept): %v", ip, err)
				failed = true
				docPkgs = append(docPkgs, ip)
				continue
			}
			log.Printf("skipping %s: %v", ip, err)
			_ = os.Remove(out)
			continue
		}
		if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
			log.Fatal(err)
		}
		docPkgs = append(docPkgs, ip)
	}
	all := map[string]map[string]Doc{}
	for _, ip := range append(append(append([]string{}, thirdParty...), docPkgs...), stdDocs...) {
		d, err := packageDocs(ip)
		if err != nil {
			log.Printf("docs of %s: %v", ip, err)
			continue
		}
		all[ip] = d
	}
	b, err := json.Marshal(all)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("docs.json", b, 0o644); err != nil {
		log.Fatal(err)
	}
	if failed {
		os.Exit(1)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func moduleRoot() (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}").Output()
	if err != nil {
		return "", fmt.Errorf("go list -m: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}

func packageDocs(ip string) (map[string]Doc, error) {
	// Only the files this platform builds: a package such as os defines some functions
	// once per GOOS, and go/doc over all of them keeps an arbitrary one, so the
	// generated docs would change from run to run.
	out, err := exec.Command("go", "list", "-f", "{{.Dir}}\n{{join .GoFiles \"\\n\"}}\n{{join .CgoFiles \"\\n\"}}", ip).Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %w", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	dir, names := lines[0], lines[1:]
	sort.Strings(names)
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range names {
		if name == "" {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no Go files in %s", dir)
	}
	p, err := doc.NewFromFiles(fset, files, ip)
	if err != nil {
		return nil, err
	}
	res := map[string]Doc{"": {Decl: "package " + p.Name, Text: p.Doc}}
	addFunc := func(prefix string, f *doc.Func) {
		if !ast.IsExported(f.Name) {
			return
		}
		decl := *f.Decl
		decl.Body = nil
		decl.Doc = nil
		res[prefix+f.Name] = Doc{Decl: render(fset, &decl), Text: f.Doc}
	}
	addValues := func(vs []*doc.Value) {
		for _, v := range vs {
			for _, spec := range v.Decl.Specs {
				vs := spec.(*ast.ValueSpec)
				one := *vs
				one.Doc, one.Comment = nil, nil
				text := v.Decl.Tok.String() + " " + render(fset, &one)
				doc := v.Doc
				if vs.Doc != nil {
					doc = vs.Doc.Text()
				} else if vs.Comment != nil {
					doc = vs.Comment.Text()
				}
				for _, n := range vs.Names {
					if ast.IsExported(n.Name) {
						res[n.Name] = Doc{Decl: text, Text: doc}
					}
				}
			}
		}
	}
	addValues(p.Consts)
	addValues(p.Vars)
	for _, f := range p.Funcs {
		addFunc("", f)
	}
	for _, t := range p.Types {
		d := *t.Decl
		d.Doc = nil
		res[t.Name] = Doc{Decl: render(fset, &d), Text: t.Doc}
		addValues(t.Consts)
		addValues(t.Vars)
		for _, f := range t.Funcs {
			addFunc("", f)
		}
		for _, m := range t.Methods {
			addFunc(t.Name+".", m)
		}
	}
	return res, nil
}

func render(fset *token.FileSet, node any) string {
	var buf bytes.Buffer
	cfg := printer.Config{Mode: printer.UseSpaces | printer.TabIndent, Tabwidth: 8}
	if err := cfg.Fprint(&buf, fset, node); err != nil {
		return ""
	}
	s := buf.String()
	if b, err := format.Source([]byte(s)); err == nil && len(b) > 0 {
		s = string(b)
	}
	// Very long declarations (big structs, const blocks) are cut for the pager.
	if len(s) > 2000 {
		s = s[:2000] + "\n\t..."
	}
	return s
}
