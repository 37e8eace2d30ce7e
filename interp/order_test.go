package interp

import (
	"strings"
	"testing"
)

// Go's test ken/complit.go as one cell: package-level declarations in any order. A
// function that used a var declared further down the cell failed ("undefined: x"), and
// so did a var whose initializer called a function declared further down.
func TestCellDeclarationsInAnyOrder(t *testing.T) {
	h := newHarness(t, nil)
	h.run("func g() int { return f() + x }\nvar x = 1\nfunc f() int { return 10 }\nvar y = h()\nfunc h() int { return 100 + x }")
	if v := h.value("g() + y"); v != "112" {
		t.Fatal(v)
	}
	// Types used by vars declared before them, and a function using both.
	h.run("func main2() int { return s.a + len(c) }\nvar s = S{a: 3}\ntype S struct{ a int }\nvar c = []S{s, s}")
	if v := h.value("main2()"); v != "5" {
		t.Fatal(v)
	}
}

// Go's test ken/complit.go, one cell per declaration in file order: a function that
// waits for a variable is declared when a later cell declares it.
func TestPendingWaitsForVariables(t *testing.T) {
	h := newHarness(t, nil)
	h.run("func m() int { t(); return v + r }")
	h.run("var r = 0")
	h.run("func t() { _ = ans; r++ }")
	h.run("var v = 1")
	h.run("var ans = 2")
	if v := h.value("m()"); v != "2" {
		t.Fatalf("%s (stderr %q)", v, h.err.String())
	}
}

// Go's test ken/rob2.go, one cell per declaration: types that refer to each other and
// functions that call each other, each in a cell of its own, and a method called before
// the cell that declares it.
func TestPendingCycles(t *testing.T) {
	h := newHarness(t, nil)
	h.run("type Atom struct{ next *Slist; n int }")
	h.run("type Slist struct{ atom Atom }")
	h.run("func useBoth() int { s := &Slist{}; return s.atom.n + s.Len() }")
	h.run("func (s *Slist) Len() int { return even(4) }")
	h.run("func even(n int) int { if n == 0 { return 1 }; return odd(n - 1) }")
	h.run("func odd(n int) int { if n == 0 { return 0 }; return even(n - 1) }")
	if v := h.value("useBoth()"); v != "1" {
		t.Fatalf("%s (stderr %q)", v, h.err.String())
	}
	if e := h.err.String(); strings.Contains(e, "could not") {
		t.Fatal(e)
	}
}
