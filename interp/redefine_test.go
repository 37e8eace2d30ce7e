package interp

import (
	"strings"
	"testing"
)

// yaegi declares a cell's globals before running it: a read of a variable of an earlier
// cell, before or in the cell's new declaration of it, read the new, zero, variable
// (`s := append(s, 2)` gave [2]).
func TestRedeclaredSessionVariable(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import "fmt"`)
	h.run("func rdID(i int) int { return i }")
	h.run("rdX := 1\nrdY := 1\nrdQ := 1\nrdA, rdB := 1, 2\nrdS := []int{1}\nrdZ := 1.5")
	h.run("var rdX = rdX + 1\nvar rdY int = rdY + 1\nrdS := append(rdS,\n\t2)\nfmt.Println(rdX, rdY, rdS)")
	h.run("rdA, rdB := rdID(rdB), rdID(rdA)\nfmt.Println(rdQ)\nrdQ := 7\nw := rdX + 1\nrdX := 5\nfmt.Println(rdA, rdB, rdQ, w, rdX)")
	if got, want := h.out.String(), "2 2 [1 2]\n1\n2 1 7 3 5\n"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	e := h.fail("fmt.Println(rdZ)\nrdZ := \"a\"")
	if e.Name != "UnsupportedError" || !strings.HasPrefix(e.Value, "2:1: rdZ is declared again with a new type (string, was float64)") {
		t.Fatalf("%s %q", e.Name, e.Value)
	}
	// A new type without a read of the old value is a declaration.
	h.run("rdZ := \"b\"")
	if v := h.value("rdZ"); v != `"b"` && v != "b" {
		t.Fatalf("%q", v)
	}
}

// The same for a declaration of several variables from one call: the earlier err was
// read as nil.
func TestRedeclaredSessionVariableTuple(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import ("fmt"; "strconv")`)
	h.run("rtN, rtErr := strconv.Atoi(\"x\")")
	h.run("fmt.Println(rtN, rtErr != nil)\nrtN, rtErr := strconv.Atoi(\"5\")\nfmt.Println(rtN, rtErr)")
	h.run("func rtUse() int { return rtN * 10 }\nfmt.Println(rtUse())")
	if got, want := h.out.String(), "0 true\n5 <nil>\n50\n"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}
