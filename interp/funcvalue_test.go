package interp

import "testing"

// yaegi returned a function of the notebook named bare in a return statement as its
// syntax node: %T printed *interp.node, a type switch took no case, and a func result
// panicked in reflect.Set (typeswitch.go).
func TestReturnedFunctionValue(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import "fmt"`)
	h.run("func fv(i int) interface{} { if i == 0 { return fv }; return i }\n" +
		"func fvInc(i int) int { return i + 1 }\n" +
		"func fvGet() func(int) int { g := fvInc; return g }\n" +
		"var fvG = fvInc\n" +
		"func fvGlobal() func(int) int { return fvG }")
	h.run(`switch fv(0).(type) { case func(int) interface{}: fmt.Println("func") ; default: fmt.Println("unknown") }`)
	h.run(`fmt.Printf("%T %d %d\n", fv(0), fvGet()(1), fvGlobal()(2))`)
	if got, want := h.out.String(), "func\nfunc(int) interface {} 2 3\n"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}
