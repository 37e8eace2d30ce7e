package importer

import (
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/traefik/yaegi/stdlib"

	"github.com/hessnote/hessnote/interp/stdsrc"
	"github.com/hessnote/hessnote/interp/symbols"
)

// check type-checks src as package p with im, returning the types of the package-level
// names and the first error.
func check(t *testing.T, im types.Importer, src string) (*types.Package, error) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "cell.go", src, 0)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	conf := types.Config{Importer: im}
	return conf.Check("p", fset, []*ast.File{f}, nil)
}

// varType returns the type of the package-level name in pkg as a string.
func varType(t *testing.T, pkg *types.Package, name string) string {
	t.Helper()
	obj := pkg.Scope().Lookup(name)
	if obj == nil {
		t.Fatalf("%s not declared", name)
	}
	return obj.Type().String()
}

// The sources cells write, type-checked against the embedded data: each must check, and
// each name must get the type Go gives it.
func TestCheck(t *testing.T) {
	im := New(token.NewFileSet())
	for _, tc := range []struct {
		name  string
		src   string
		types map[string]string
	}{
		{"fmt", `package p
import "fmt"
var n, err = fmt.Println("hi")
var s = fmt.Sprintf("%d", 3)
`, map[string]string{"n": "int", "err": "error", "s": "string"}},
		{"mat", `package p
import "gonum.org/v1/gonum/mat"
var a = mat.NewDense(2, 2, []float64{4, 1, 1, 3})
func f() float64 {
	var b mat.Dense
	b.Mul(a, a.T())
	var s mat.SymDense
	s.SymOuterK(1, a)
	var eig mat.EigenSym
	if !eig.Factorize(&s, true) {
		return 0
	}
	return mat.Det(&b) + b.At(0, 1) + eig.Values(nil)[0]
}
var x = f()
var fm = mat.Formatted(a, mat.Prefix("  "))
`, map[string]string{"a": "*gonum.org/v1/gonum/mat.Dense", "x": "float64", "fm": "fmt.Formatter"}},
		{"optim", `package p
import (
	"context"
	"github.com/hessnote/hessnote/optim"
	"gonum.org/v1/gonum/mat"
)
var prob = optim.Problem{
	Func: func(x []float64) float64 { return x[0] * x[0] },
	Grad: func(g, x []float64) { g[0] = 2 * x[0] },
	Hess: func(h *mat.SymDense, x []float64) { h.SetSym(0, 0, 2) },
}
var res, err = optim.Minimize(context.Background(), prob, []float64{1}, &optim.BFGS{}, optim.Settings{GradTol: 1e-8})
var f0 = res.History[0].F
`, map[string]string{"res": "*github.com/hessnote/hessnote/optim.Result", "f0": "float64", "err": "error"}},
		{"nn", `package p
import "github.com/hessnote/hessnote/optim/nn"
var net, err = nn.New([]int{2, 3, 1}, []nn.Activation{nn.Tanh, nn.Identity}, nn.MeanSquaredError)
`, map[string]string{"net": "*github.com/hessnote/hessnote/optim/nn.Net"}},
		{"plot", `package p
import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)
var p = plot.New()
var line, err = plotter.NewLine(plotter.XYs{{X: 0, Y: 1}})
var w = 4 * vg.Inch
func add() error { p.Add(line); return p.Save(w, w, "x.png") }
`, map[string]string{"p": "*gonum.org/v1/plot.Plot", "w": "gonum.org/v1/plot/font.Length"}}, // vg.Length is an alias,
		{"generic stdlib", `package p
import (
	"cmp"
	"maps"
	"math/rand/v2"
	"slices"
	"time"
)
var s = []int{3, 1, 2}
var m = map[string]int{"a": 1, "b": 2}
func g() []string {
	slices.Sort(s)
	for k := range maps.Keys(m) {
		_ = k + ""
	}
	return slices.Sorted(maps.Keys(m))
}
var keys = g()
var i = slices.Index(s, 2)
var c = cmp.Compare(1.5, 2)
var d = rand.N(10 * time.Second)
var n = rand.N[int64](5)
var seq = maps.Keys(m)
`, map[string]string{"keys": "[]string", "i": "int", "c": "int", "d": "time.Duration", "n": "int64",
			"seq": "iter.Seq[string]"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pkg, err := check(t, im, tc.src)
			if err != nil {
				t.Fatal(err)
			}
			for name, want := range tc.types {
				if got := varType(t, pkg, name); got != want {
					t.Errorf("type of %s = %s, want %s", name, got, want)
				}
			}
		})
	}
}

// Wrong programs must be rejected with Go's message: the data really describes the API.
func TestCheckRejects(t *testing.T) {
	im := New(token.NewFileSet())
	for _, tc := range []struct{ src, want string }{
		{`import "fmt"; var _ = fmt.Printl("x")`, "undefined: fmt.Printl"},
		{`import "gonum.org/v1/gonum/mat"; var _ = mat.NewDense("2", 2, nil)`, `cannot use "2"`},
		{`import "github.com/hessnote/hessnote/optim"; var _, _ = optim.Minimize(optim.Problem{}, nil)`, "not enough arguments"},
		{`import ("math/rand/v2"; "time"); var _ time.Duration = rand.N(10)`, "cannot use rand.N(10)"},
		{`import "slices"; var _ = slices.Sort([]int{1})`, "used as value"},
		{`import "not/a/pkg"`, `could not import not/a/pkg ("not/a/pkg": not a package notebook cells can import`},
		// A dependency of mat, described inside mat's data but not importable by cells.
		{`import "gonum.org/v1/gonum/blas/blas64"`, "not a package notebook cells can import"},
		{`import "unsafe"`, "not a package notebook cells can import"},
	} {
		_, err := check(t, im, "package p\n"+tc.src+"\n")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.src, err, tc.want)
		}
	}
	_, err := im.Import("gonum.org/v1/gonum/blas/blas64")
	var ie *ImportError
	if !errors.Is(err, ErrNotImportable) || !errors.As(err, &ie) || ie.Path != "gonum.org/v1/gonum/blas/blas64" {
		t.Errorf("Import(blas64) = %v, want an *ImportError with ErrNotImportable", err)
	}
	if _, err := im.ImportFrom("fmt", "", 1); !errors.As(err, &ie) {
		t.Errorf("ImportFrom with mode 1 = %v, want an *ImportError", err)
	}
}

// wantPackages is the set the interpreter can import: the standard library packages of
// yaegi's table and the packages of interp/symbols.
func wantPackages() []string {
	set := map[string]bool{}
	add := func(key string, std bool) {
		i := strings.LastIndexByte(key, '/')
		if i < 0 {
			return
		}
		p := key[:i]
		if first, _, _ := strings.Cut(p, "/"); std && strings.Contains(first, ".") {
			return // yaegi's own package, not the standard library
		}
		set[p] = true
	}
	for key := range stdlib.Symbols {
		add(key, true)
	}
	for key := range symbols.Symbols {
		add(key, false)
	}
	// The packages cells get as interpreted source (iter has no yaegi table).
	for _, p := range stdsrc.Packages {
		set[p] = true
	}
	var paths []string
	for p := range set {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	return paths
}

// Every package of the symbol tables imports, and the data holds no other: a package
// added to interp/symbols without `go generate` fails here.
func TestEveryPackage(t *testing.T) {
	want := wantPackages()
	if got := Packages(); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("Packages() and the symbol tables differ (run go generate ./interp/...):\nhave %v\nwant %v", got, want)
	}
	for _, p := range []string{"fmt", "gonum.org/v1/gonum/mat", "github.com/hessnote/hessnote/optim/nn"} {
		if !Importable(p) {
			t.Errorf("Importable(%q) = false", p)
		}
	}
	for _, p := range []string{"unsafe", "gonum.org/v1/gonum/blas/blas64", ".", "github.com/traefik/yaegi/stdlib", ""} {
		if Importable(p) {
			t.Errorf("Importable(%q) = true", p)
		}
	}
	if len(want) < 150 {
		t.Fatalf("only %d packages", len(want))
	}
	im := New(token.NewFileSet())
	for _, p := range want {
		pkg, err := im.Import(p)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		if pkg.Path() != p || !pkg.Complete() || len(pkg.Scope().Names()) == 0 {
			t.Errorf("%s: got package %s, complete %v, %d names", p, pkg.Path(), pkg.Complete(), len(pkg.Scope().Names()))
		}
	}
	// Every exported name of a table has an object of that name (yaegi's tables also hold
	// the interface wrappers "_Name", which are not Go names).
	for key, syms := range symbols.Symbols {
		pkg, err := im.Import(key[:strings.LastIndexByte(key, '/')])
		if err != nil {
			t.Fatal(err)
		}
		for name := range syms {
			if !strings.HasPrefix(name, "_") && pkg.Scope().Lookup(name) == nil {
				t.Errorf("%s: %s has no object", pkg.Path(), name)
			}
		}
	}
}

// Packages are decoded once per importer, and objects are shared between packages.
func TestCacheAndIdentity(t *testing.T) {
	im := New(token.NewFileSet())
	fmtPkg, err := im.Import("fmt")
	if err != nil {
		t.Fatal(err)
	}
	again, err := im.Import("fmt")
	if err != nil || again != fmtPkg {
		t.Fatalf("second Import(fmt) = %p, %v; want the cached %p", again, err, fmtPkg)
	}
	ioPkg, err := im.Import("io")
	if err != nil {
		t.Fatal(err)
	}
	w := fmtPkg.Scope().Lookup("Fprintln").Type().(*types.Signature).Params().At(0).Type()
	if w != ioPkg.Scope().Lookup("Writer").Type() {
		t.Errorf("fmt.Fprintln's io.Writer is not io's")
	}
	optimPkg, err := im.Import("github.com/hessnote/hessnote/optim")
	if err != nil {
		t.Fatal(err)
	}
	matPkg, err := im.Import("gonum.org/v1/gonum/mat")
	if err != nil {
		t.Fatal(err)
	}
	problem := optimPkg.Scope().Lookup("Problem").Type().Underlying().(*types.Struct)
	var hess types.Type
	for i := 0; i < problem.NumFields(); i++ {
		if problem.Field(i).Name() == "Hess" {
			hess = problem.Field(i).Type().(*types.Signature).Params().At(0).Type()
		}
	}
	if want := types.NewPointer(matPkg.Scope().Lookup("SymDense").Type()); hess == nil || !types.Identical(hess, want) {
		t.Errorf("optim.Problem.Hess takes %v, want %v", hess, want)
	}
	// Another importer decodes its own packages.
	other, err := New(token.NewFileSet()).Import("fmt")
	if err != nil || other == fmtPkg {
		t.Errorf("a new importer returned %p, %v; want its own package", other, err)
	}
}

func TestGoVersion(t *testing.T) {
	if got := GoVersion(); got != runtime.Version() {
		t.Errorf("export data generated by %q, this test is built by %s: run go generate ./interp/... and commit interp/importer/exportdata.bin", got, runtime.Version())
	}
}

func TestTypePackages(t *testing.T) {
	im := New(token.NewFileSet())
	pkg, err := check(t, im, `package p
import (
	"io"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot/plotter"
)
type T struct{ A int }
var a map[string]*mat.Dense
var b func(io.Writer) (plotter.XYs, error)
var c []T
var d = 3
var e mat.Dense
var f = e.RawMatrix()
`)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"a": "gonum.org/v1/gonum/mat",
		"b": "gonum.org/v1/plot/plotter io",
		"c": "p",
		"d": "",
		"f": "gonum.org/v1/gonum/blas/blas64",
	} {
		if got := strings.Join(TypePackages(pkg.Scope().Lookup(name).Type()), " "); got != want {
			t.Errorf("TypePackages(%s) = %q, want %q", name, got, want)
		}
	}
}

// encodeTable writes pkgs (path to unified data) in the format of exportdata.bin.
func encodeTable(t *testing.T, version string, pkgs map[string][]byte) string {
	t.Helper()
	var paths []string
	for p := range pkgs {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var head, body bytes.Buffer
	fmt.Fprintf(&head, "%s%s linux/amd64 %d (test)\n", dataMagic, version, len(paths))
	for _, p := range paths {
		n := body.Len()
		w, _ := flate.NewWriter(&body, flate.BestSpeed)
		w.Write(pkgs[p])
		w.Close()
		fmt.Fprintf(&head, "%s %d %d\n", p, body.Len()-n, len(pkgs[p]))
	}
	return head.String() + "\n" + body.String()
}

// rawData returns the unified export data of path from the embedded table.
func rawData(t *testing.T, path string) []byte {
	t.Helper()
	tbl, err := loadTable()
	if err != nil {
		t.Fatal(err)
	}
	b, err := tbl.archive(path)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(b, []byte("\n$$B\n"))
	return b[i+5 : len(b)-4]
}

// Broken data gives a *DataError, never a panic.
func TestBrokenData(t *testing.T) {
	good := rawData(t, "errors")
	truncated := good[:len(good)/2]
	flipped := append([]byte(nil), good...)
	for i := 40; i < len(flipped); i += 7 {
		flipped[i] ^= 0x5a
	}
	for _, tc := range []struct {
		name, data string
	}{
		{"empty", ""},
		{"no header", "hello\n"},
		{"short body", strings.TrimSuffix(encodeTable(t, "go1.0", map[string][]byte{"errors": good}), "x")[:60]},
		{"truncated export data", encodeTable(t, "go1.0", map[string][]byte{"errors": truncated})},
		{"corrupt export data", encodeTable(t, "go1.0", map[string][]byte{"errors": flipped})},
		{"not unified", encodeTable(t, "go1.0", map[string][]byte{"errors": []byte("i-old-format")})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			im := newImporter(token.NewFileSet(), func() (*table, error) { return parseTable(tc.data) })
			pkg, err := im.Import("errors")
			var de *DataError
			if err == nil || !errors.As(err, &de) {
				t.Fatalf("Import = %v, %v; want a *DataError", pkg, err)
			}
			t.Logf("%v", err)
			if tc.data != "" && strings.HasPrefix(tc.data, dataMagic) && !strings.Contains(err.Error(), "generated by go1.0") {
				t.Errorf("error %q does not name the data's Go version", err)
			}
		})
	}
	// The same table with the good data imports: the failures above are the data's.
	im := newImporter(token.NewFileSet(), func() (*table, error) {
		return parseTable(encodeTable(t, "go1.0", map[string][]byte{"errors": good}))
	})
	if pkg, err := im.Import("errors"); err != nil || pkg.Scope().Lookup("New") == nil {
		t.Errorf("re-encoded errors: %v, %v", pkg, err)
	}
}

func benchImport(b *testing.B, paths ...string) {
	for i := 0; i < b.N; i++ {
		im := New(token.NewFileSet())
		for _, p := range paths {
			if _, err := im.Import(p); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// First imports into a new importer, and an import served from its cache.
func BenchmarkImport(b *testing.B) {
	b.Run("fmt", func(b *testing.B) { benchImport(b, "fmt") })
	b.Run("mat", func(b *testing.B) { benchImport(b, "gonum.org/v1/gonum/mat") })
	b.Run("nn", func(b *testing.B) { benchImport(b, "github.com/hessnote/hessnote/optim/nn") })
	b.Run("plot+plotter+vg", func(b *testing.B) {
		benchImport(b, "gonum.org/v1/plot", "gonum.org/v1/plot/plotter", "gonum.org/v1/plot/vg")
	})
	b.Run("cached", func(b *testing.B) {
		im := New(token.NewFileSet())
		if _, err := im.Import("gonum.org/v1/gonum/mat"); err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, err := im.Import("gonum.org/v1/gonum/mat"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// Decompression alone, the part of a first import that the embedding adds.
func BenchmarkInflate(b *testing.B) {
	tbl, err := loadTable()
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		if _, err := tbl.archive("gonum.org/v1/gonum/mat"); err != nil {
			b.Fatal(err)
		}
	}
}

// Type-checking a small cell that uses mat: with a new importer (mat decoded) and with one
// that has imported mat before (the cost per cell in a session).
func BenchmarkCheckCell(b *testing.B) {
	const src = `package p
import "gonum.org/v1/gonum/mat"
func f() float64 {
	a := mat.NewDense(2, 2, []float64{4, 1, 1, 3})
	var c mat.Dense
	c.Mul(a, a.T())
	return mat.Det(&c)
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "cell.go", src, 0)
	if err != nil {
		b.Fatal(err)
	}
	run := func(b *testing.B, im types.Importer) {
		conf := types.Config{Importer: im}
		if _, err := conf.Check("p", fset, []*ast.File{f}, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("new importer", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			run(b, New(fset))
		}
	})
	b.Run("warm importer", func(b *testing.B) {
		im := New(fset)
		run(b, im)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			run(b, im)
		}
	})
}

// One importer serves goroutines that import at the same time (run with -race).
func TestConcurrentImports(t *testing.T) {
	im := New(token.NewFileSet())
	paths := []string{"fmt", "io", "gonum.org/v1/gonum/mat", "github.com/hessnote/hessnote/optim", "slices"}
	errs := make(chan error, 4*len(paths))
	for g := 0; g < 4; g++ {
		go func(g int) {
			for i := range paths {
				_, err := im.Import(paths[(i+g)%len(paths)])
				errs <- err
			}
		}(g)
	}
	for i := 0; i < 4*len(paths); i++ {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
