package lower

import (
	"github.com/hessnote/hessnote/interp/importer"
	"go/token"
	"strings"
	"testing"
)

// testChecker returns a checker over the installed toolchain's packages.
func testChecker() *Checker {
	fset := token.NewFileSet()
	return NewChecker(fset, importer.New(fset))
}

// cellOf cuts src the simple way tests need: lines starting with func/type/const are
// declarations up to the next line starting with "}" or the same line.
func cellOf(src string) Cell {
	c := Cell{Src: src}
	off := 0
	lines := strings.SplitAfter(src, "\n")
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		start := off
		off += len(l)
		switch {
		case strings.HasPrefix(l, "import "):
			c.Imports = append(c.Imports, Span{start, off})
		case strings.HasPrefix(l, "func ") || strings.HasPrefix(l, "type ") || strings.HasPrefix(l, "const "):
			if strings.HasSuffix(strings.TrimSpace(l), "{") || strings.HasSuffix(strings.TrimSpace(l), "(") {
				for i+1 < len(lines) && !strings.HasPrefix(lines[i], "}") && !strings.HasPrefix(lines[i], ")") {
					i++
					off += len(lines[i])
				}
			}
			c.Decls = append(c.Decls, Span{start, off})
		}
	}
	last := strings.TrimSpace(lines[len(lines)-1])
	c.LastExpr = last != "" && !strings.Contains(last, "=") && !strings.HasPrefix(last, "}")
	return c
}

func TestCheckErrorsAtCellPositions(t *testing.T) {
	c := testChecker()
	env := Env{Imports: []Import{{Path: "fmt"}}}
	cases := []struct{ src, want string }{
		{"x := 1\ny := \"a\" + x", "2:6: invalid operation"},
		{"type P struct{ Age int }\nm := map[int]P{}\nm[2].Age = 5", "3:1: cannot assign to struct field m[2].Age in map"},
		{"func f() int { return undefinedName }", "1:23: undefined: undefinedName"},
		{"for i := 0; i < 3; i++ {\n\tj := i\n}", "2:2: declared and not used: j"},
	}
	for _, tc := range cases {
		r := c.Check(env, cellOf(tc.src))
		if r.Skip != "" {
			t.Fatalf("%q skipped: %s", tc.src, r.Skip)
		}
		if len(r.Errors) == 0 || !strings.HasPrefix(r.Errors[0].Error(), tc.want) {
			t.Errorf("%q: errors %v, want %q", tc.src, r.Errors, tc.want)
		}
	}
}

func TestCheckAcceptsNotebookCode(t *testing.T) {
	c := testChecker()
	env := Env{
		Imports: []Import{{Path: "fmt"}, {Path: "gonum.org/v1/gonum/mat"}},
		Decls:   []Decl{{Key: "type Pt", Name: "Pt", Src: "type Pt struct{ X, Y float64 }"}, {Key: "func norm", Name: "norm", Src: "func norm(p Pt) float64 { return p.X*p.X + p.Y*p.Y }"}},
		Vars:    []Var{{Name: "total", Type: "int"}, {Name: "a", Type: "*mat.Dense"}},
	}
	src := "x := 3\nfunc g() int { return x + total }\ntotal++\nr, cc := a.Dims()\nfmt.Println(r, cc, norm(Pt{1, 2}), g())\nvar e error\n_ = e\nx"
	r := c.Check(env, cellOf(src))
	if r.Skip != "" || len(r.Errors) != 0 {
		t.Fatalf("skip %q errors %v", r.Skip, r.Errors)
	}
	want := []Var{{"x", "int"}, {"r", "int"}, {"cc", "int"}, {"e", "error"}}
	if len(r.Defined) != len(want) {
		t.Fatalf("defined %v", r.Defined)
	}
	for i := range want {
		if r.Defined[i] != want[i] {
			t.Errorf("defined %v, want %v", r.Defined, want)
		}
	}
	if r.Last != OneValue {
		t.Errorf("last %v", r.Last)
	}
	r = c.Check(env, cellOf("func divmod(a, b int) (int, int) { return a / b, a % b }\ndivmod(7, 2)"))
	if len(r.Errors) != 0 || r.Last != Tuple || r.Results != 2 {
		t.Fatalf("%v %v %d", r.Errors, r.Last, r.Results)
	}
	r = c.Check(env, cellOf("func void() {}\nvoid()"))
	if len(r.Errors) != 0 || r.Last != NoValue {
		t.Fatalf("%v %v", r.Errors, r.Last)
	}
}

func TestCheckSkipsUnknownTypes(t *testing.T) {
	c := testChecker()
	env := Env{Vars: []Var{{Name: "w", Type: ""}}}
	if r := c.Check(env, cellOf("w.Foo()")); r.Skip == "" {
		t.Fatal("a cell using a variable of unknown type was checked")
	}
	if r := c.Check(env, cellOf("y := 2\ny")); r.Skip != "" || len(r.Errors) != 0 {
		t.Fatal(r.Skip, r.Errors)
	}
}
