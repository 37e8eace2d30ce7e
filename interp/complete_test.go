package interp

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"
)

// completions returns the completions at the end of code, or at the first "|" in it.
func (h *harness) completions(code string) []Completion {
	h.t.Helper()
	cursor := utf8.RuneCountInString(code)
	if i := strings.Index(code, "|"); i >= 0 {
		cursor = utf8.RuneCountInString(code[:i])
		code = code[:i] + code[i+1:]
	}
	items, _, _ := h.s.Completions(code, cursor)
	return items
}

func texts(items []Completion) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Text)
	}
	return out
}

// TestCompleteTyped completes from the types of the cell being typed and the session.
func TestCompleteTyped(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import "gonum.org/v1/gonum/mat"
type P struct{ Alpha, beta int }
func (p *P) Move() {}
type Base struct{ ID int }
func (Base) Hello() string { return "" }
type D struct {
	Base
	Name string
}
type C struct{ Z int }
type B struct{ C C }
type A struct{}
func (A) B() B { return B{} }
p := P{1, 2}
d := mat.NewDense(2, 2, nil)`)
	cases := []struct{ code, want string }{
		// The case: a variable the cell being typed declares.
		{"w := struct{Foo, Bar int}{}; w.", "Bar Foo"},
		// Session variables; unexported fields and pointer methods of the notebook's types.
		{"p.", "Alpha Move beta"},
		{"p.Al", "Alpha"},
		// Embedded fields and promoted fields and methods.
		{"dd := D{}\ndd.", "Base Hello ID Name"},
		// Chained calls and selectors.
		{"a := A{}\na.B().C.", "Z"},
		{"d.T().", "At Dims T"},
		// Inside a function, a call, an if header, a composite literal, more code after.
		{"func f() {\n\tq := P{}\n\tq.|\n}\nx := 1", "Alpha Move beta"},
		{"fmt.Println(p.Al|)", "Alpha"},
		{"if p.A", "Alpha"},
		{"for i := 0; i < p.Al", "Alpha"},
		{"switch {\ncase p.Al", "Alpha"},
		{"q := []P{{Alpha: p.Al", "Alpha"},
		// A method of the notebook: the receiver; method expressions of a type.
		{"func (p *P) Twice() int {\n\treturn 2 * p.Al", "Alpha"},
		{"P.", ""},
		{"(*P).", "Move"},
		// The keys of a struct literal (the cell's names with the same prefix follow).
		{"q := P{Al", "Alpha"},
		{"q := []P{{be|: 2}}\nbeta := 1", "beta"},
		// Exported names only for other packages' types.
		{"import \"bytes\"\nvar b bytes.Buffer\nb.Le", "Len"},
		{"import \"strings\"\nvar sb strings.Builder\nsb.", "Cap Grow Len Reset String Write WriteByte WriteRune WriteString"},
	}
	for _, c := range cases {
		if got := strings.Join(texts(h.completions(c.code)), " "); got != c.want {
			t.Errorf("%q: %q, want %q", c.code, got, c.want)
		}
	}
}

// TestCompleteTypedKinds checks the kind and signature of completions.
func TestCompleteTypedKinds(t *testing.T) {
	h := newHarness(t, nil)
	h.run("import \"gonum.org/v1/gonum/mat\"\ntype P struct{ Alpha int }\nfunc (p P) Norm() float64 { return 0 }\np := P{1}")
	want := map[string]Completion{
		"mat.NewDen":     {"NewDense", "function", "(r int, c int, data []float64) *mat.Dense"},
		"p.Al":           {"Alpha", "field", "int"},
		"p.No":           {"Norm", "method", "() float64"},
		"mat.Matr":       {"Matrix", "type", "interface{At(i int, j int) float64; Dims() (r int, c int); T() mat.Matrix}"},
		"ma":             {"mat", "package", "gonum.org/v1/gonum/mat"},
		"fals":           {"false", "constant", "untyped bool"},
		"lon := 2.5\nlo": {"lon", "variable", "float64"},
		"retur":          {"return", "keyword", ""},
	}
	for code, w := range want {
		items := h.completions(code)
		found := false
		for _, it := range items {
			if it.Text == w.Text {
				found = true
				if it != w {
					t.Errorf("%q: %+v, want %+v", code, it, w)
				}
			}
		}
		if !found {
			t.Errorf("%q: %v, want %+v", code, items, w)
		}
	}
}

// TestCompleteScope offers the names in scope at the cursor: locals of the cell declared
// before it (not after), session names, packages, builtins and keywords.
func TestCompleteScope(t *testing.T) {
	h := newHarness(t, nil)
	h.run("counterA := 1")
	items := texts(h.completions("counterB := 2\nfor counterI := 0; counterI < 3; counterI++ {\n\tcoun|\n}\ncounterZ := 3"))
	if got := strings.Join(items, " "); got != "counterA counterB counterI" {
		t.Errorf("scope: %q", got)
	}
	items = texts(h.completions("func g(paramX int) {\n\tparam"))
	if got := strings.Join(items, " "); got != "paramX" {
		t.Errorf("parameters: %q", got)
	}
	items = texts(h.completions("co"))
	for _, w := range []string{"const", "continue", "copy", "complex128", "counterA", "context"} {
		if !strings.Contains(" "+strings.Join(items, " ")+" ", " "+w+" ") {
			t.Errorf("co: %v lacks %s", items, w)
		}
	}
}

// longCell is a cell of about 50 lines using gonum, with the cursor after "res." near
// its end.
const longCell = `import (
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"
)

type Quad struct {
	A    *mat.SymDense
	B    *mat.VecDense
	Name string
}

func (q *Quad) Func(x []float64) float64 {
	v := mat.NewVecDense(len(x), x)
	var av mat.VecDense
	av.MulVec(q.A, v)
	return 0.5*mat.Dot(v, &av) - mat.Dot(q.B, v)
}

func (q *Quad) Grad(g, x []float64) {
	v := mat.NewVecDense(len(x), x)
	gv := mat.NewVecDense(len(g), g)
	gv.MulVec(q.A, v)
	gv.SubVec(gv, q.B)
}

n := 4
a := mat.NewSymDense(n, nil)
for i := 0; i < n; i++ {
	for j := i; j < n; j++ {
		a.SetSym(i, j, 1/float64(i+j+1))
	}
	a.SetSym(i, i, a.At(i, i)+1)
}
b := mat.NewVecDense(n, nil)
for i := 0; i < n; i++ {
	b.SetVec(i, math.Sin(float64(i)))
}
q := &Quad{A: a, B: b, Name: "hilbert"}
p := optimize.Problem{Func: q.Func, Grad: q.Grad}
x0 := make([]float64, n)
res, err := optimize.Minimize(p, x0, nil, &optimize.BFGS{})
if err != nil {
	panic(err)
}
var chol mat.Cholesky
ok := chol.Factorize(a)
fmt.Println(ok, res.Status)
res.|
fmt.Println(res.F)
`

// BenchmarkCompleteLongCell measures a completion request on longCell in a session with
// gonum imported.
func BenchmarkCompleteLongCell(b *testing.B) {
	h := newHarness(b, nil)
	if _, err := h.s.Execute(context.Background(), "import \"gonum.org/v1/gonum/mat\"\nm := mat.NewDense(2, 2, nil)"); err != nil {
		b.Fatal(err)
	}
	cursor := utf8.RuneCountInString(longCell[:strings.Index(longCell, "|")])
	code := strings.Replace(longCell, "|", "", 1)
	items, _, _ := h.s.Completions(code, cursor)
	if got := strings.Join(texts(items), " "); !strings.Contains(got, "Location") || !strings.Contains(got, "Status") {
		b.Fatalf("completions %q", got)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h.s.Completions(code, cursor)
	}
}

// TestInspectTyped describes the identifier at the cursor from the types.
func TestInspectTyped(t *testing.T) {
	h := newHarness(t, nil)
	h.run("import \"gonum.org/v1/gonum/mat\"\n// P is a point.\ntype P struct{ Alpha int }\n// Move moves p.\nfunc (p *P) Move() {}\np := P{1}\nd := mat.NewDense(1, 1, nil)")
	cases := []struct{ code, want string }{
		// A variable the cell declares, and its field.
		{"w := struct{Foo, Bar int}{}\nw|", "var w struct{Foo int; Bar int}"},
		{"w := struct{Foo, Bar int}{}\nw.Fo|o", "field Foo int"},
		// A method of a compiled type reached through a chain, with its documentation
		// (here of an interface).
		{"d.T().D|ims()", "func (mat.Matrix).Dims() (r int, c int)\n\n// Dims returns the dimensions of a Matrix.\nDims() (r, c int)"},
		{"d.Mu|l(d, d)", "func (m *Dense) Mul(a, b Matrix)\n\nMul takes the matrix product"},
		// A method of the notebook: its source and doc comment.
		{"p.Mo|ve()", "// Move moves p.\nfunc (p *P) Move() {}"},
		{"q := &p\nq.Mo|ve()", "// Move moves p."},
		// A declaration of the cell being typed, not run yet.
		{"// Norm is the norm.\nfunc Norm(x []float64) float64 { return 0 }\nNo|rm(nil)", "// Norm is the norm.\nfunc Norm(x []float64) float64 { return 0 }"},
		// A local of a function, and a session variable with its value.
		{"func f() {\n\tloc := 2.5\n\t_ = lo|c\n}", "var loc float64"},
		{"p|", "p P = {1}"},
		{"P|{}", "// P is a point.\ntype P struct{ Alpha int }"},
		// A package.
		{"ma|t.NewDense", "func NewDense(r, c int, data []float64) *Dense"},
		{"m := ma|t.NewDense", "func NewDense"},
	}
	for _, c := range cases {
		cursor := utf8.RuneCountInString(c.code[:strings.Index(c.code, "|")])
		code := strings.Replace(c.code, "|", "", 1)
		b, ok := h.s.Inspect(code, cursor, 1)
		if !ok || !strings.Contains(b.Text(), c.want) {
			t.Errorf("%q: %v %q, want %q", c.code, ok, b.Text(), c.want)
		}
	}
}
