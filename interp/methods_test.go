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

// A function that needs a method a later cell declares waits for it, as it waits for an
// undeclared name (typeparam/issue52026.go, one cell per declaration: returnOption
// needs Some[T].sealedOption, declared two cells later).
func TestDeclarationWaitsForAMethod(t *testing.T) {
	h := newHarness(t, nil)
	h.run("import \"fmt\"")
	h.run("type Option[T any] interface{ sealed() }")
	h.run("type Some[T any] struct{ v T }")
	h.run("func some[T any](v T) Option[T] { return Some[T]{v} }")
	h.run("func (s Some[T]) sealed() {}")
	h.run("fmt.Println(some[int](4))")
	if got, want := h.out.String(), "{4}\n"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}
