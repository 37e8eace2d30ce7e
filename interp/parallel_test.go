package interp

import "testing"

// yaegi stored a call's result before the other values of an assignment were computed
// (reorder.go: x[1], y[0] = f(0), f(1)).
func TestParallelAssignOrder(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import "fmt"`)
	h.run("var paG []int\nfunc paF(i int) int { return paG[i] }\nfunc paID(i int) int { return i }\n" +
		"func paRun() string {\n\tx := []int{1, 2, 3}\n\ty := x\n\tpaG = x\n\tx[1], y[0] = paF(0), paF(1)\n" +
		"\ta, b := 1, 2\n\ta, b = b, paID(a)\n\tvar f float64\n\tf, a = 1, paID(a)\n\treturn fmt.Sprint(x, a, b, f)\n}")
	h.run("a, b := 1, 2\na, b = paID(b), paID(a)\nfmt.Println(paRun(), a, b)")
	if got, want := h.out.String(), "[2 1 3] 2 1 1 2 1\n"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}
