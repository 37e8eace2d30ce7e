package interp

import "testing"

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
