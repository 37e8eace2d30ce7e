package interp

import (
	"strings"
	"testing"
)

// new(value) (Go 1.26) points to a copy of the value (lower.NewExprs): test/newexpr.go.
func TestNewOfValue(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import "fmt"`)
	h.run("x := 42\np := new(x)\nx = 1\nq := new(123)\nvar i int\nb := new(i > 0)\na := new([2]int{3, 4})\nfmt.Println(*p, *q, *b, *a)")
	if got := h.out.String(); got != "42 123 false [3 4]\n" {
		t.Fatalf("%q", got)
	}
	// A type the cell cannot write is refused.
	e := h.fail("func localNew() {\n\ttype L struct{ a int }\n\t_ = new(L{1})\n}")
	if e.Name != "UnsupportedError" || !strings.Contains(e.Value, "3:6: the interpreter cannot run new(value)") {
		t.Fatalf("%s %q", e.Name, e.Value)
	}
}
