package interp

import "testing"

// A constant declared in one cell keeps its kind in later cells: an untyped float with
// an integer value stays a float, an untyped rune a rune (test/float_lit2.go as cells).
func TestConstKindAcrossCells(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import "fmt"`)
	h.run("const (\n\ttwo3 = 1.0 * (1 << 3)\n\tletter = 'a'\n)")
	h.run("x := 1 / (1 / two3)\ny := letter\nvar z int32 = y\nfmt.Printf(\"%v %T\\n\", x, z)")
	if got := h.out.String(); got != "8 int32\n" {
		t.Fatalf("%q", got)
	}
}
