package interp

import "testing"

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
