package interp

import "testing"

// A String method declared after a function that prints the type: yaegi had compiled
// the function's fmt call without the method (typeparam/issue50419.go, one cell per
// declaration, printed &{i am a string 123}).
func TestStringMethodAfterItsUse(t *testing.T) {
	h := newHarness(t, nil)
	h.run("import \"fmt\"")
	h.run("type Foo[T any] struct{ a T }")
	h.run("func show() { fmt.Println(&Foo[string]{a: \"x\"}) }")
	h.run("n := 3")
	h.run("func (f *Foo[_]) String() string { return \"foo \" + fmt.Sprint(f.a) }")
	h.run("show()\nfmt.Println(n)")
	if got, want := h.out.String(), "foo x\n3\n"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}
