package interp

import (
	"strings"
	"testing"
)

// A pending declaration is declared when a later cell defines the variable it misses
// (test/align.go, stackobj2.go as cells in file order), and not retried while it
// still misses a function (test/append.go).
func TestPendingOnVariable(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import "fmt"`)
	h.run("func setSink() { sink = later() }")
	h.run("func later() float64 { return 3 }")
	h.run("var sink float64")
	h.run("setSink()\nfmt.Println(sink)")
	if got := h.out.String(); got != "3\n" {
		t.Fatalf("%q (stderr %q)", got, h.err.String())
	}
}

// A var statement after the function that uses it, in one cell, as a Go program may
// declare its package variables after func main (lower.ForwardVars): test/align.go,
// test/stackobj2.go as one cell.
func TestVarAfterItsUser(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import "fmt"`)
	h.run("type pt struct{ x int }\nfunc use() { sink += 1; pts = append(pts, pt{len(pts)}) }\nvar sink float64\nvar (\n\tpts []pt\n\tn, m = 2, 3.5\n)\nuse()\nfmt.Println(sink, pts, n, m)")
	h.run("use()\nfmt.Println(sink, pts)")
	// A redefinition replays the declarations; the variables keep their values.
	h.run("func use() { sink += 10 }")
	h.run("use()\nfmt.Println(sink, pts)")
	if got := h.out.String(); got != "1 [{0}] 2 3.5\n2 [{0} {1}]\n12 [{0} {1}]\n" {
		t.Fatalf("%q (stderr %q)", got, h.err.String())
	}
}

// Statements and declarations may use a declaration written further down the cell
// (lower.DeclsFirst): test/gcgort.go (a var's value calls a later function),
// test/append.go (func main calls a function declared after a var statement).
func TestLaterDeclarationInCell(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import "fmt"`)
	h.run("x := 5\nfunc g() int { return x }\nfunc run() { fmt.Println(tests, str(g()), h()) }\nvar tests = []string{str(1)}\nfunc str(i int) string { return fmt.Sprint(\"s\", i) }\nfunc h() int { return len(str(2)) }\nrun()")
	if got := h.out.String(); got != "[s1] s5 2\n" {
		t.Fatalf("%q (stderr %q)", got, h.err.String())
	}
	// A declaration that uses one that cannot move (g uses the cell's x) stays; the
	// cell fails as it did.
	h.fail("z := 5\nfunc g2() int { return z }\nfunc run2() { _ = h2() }\nrun2()\nfunc h2() int { return g2() }")
	// Positions in messages are those of the cell.
	e := h.fail("y := later()\nfunc later() int {\n\tvar p *int\n\treturn *p\n}")
	if !strings.Contains(strings.Join(e.Traceback, "\n"), "4:") {
		t.Fatalf("%s %q %q", e.Name, e.Value, e.Traceback)
	}
}
