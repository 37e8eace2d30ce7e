package interp

import (
	"strings"
	"testing"
)

// yaegi v0.16.1 answered x.(any) and x.(interface{}) with false for an int, and so x.(T)
// and `case T` in a generic function instantiated with T = interface{}
// (typeparam/typeswitch6.go printed "int" where Go matches case T).
func TestAssertionToEmptyInterfaceAndTypeParameter(t *testing.T) {
	h := newHarness(t, nil)
	h.run("import \"fmt\"")
	h.run(`func kind[T any](i interface{}) string {
	switch i.(type) {
	case T:
		return "T"
	case int:
		return "int"
	default:
		return "other"
	}
}
func is[T any](i any) bool {
	_, ok := i.(T)
	return ok
}
func as[T any](i any) T {
	v, _ := i.(T)
	return v
}`)
	h.run(`var x any = 6
_, ok := x.(interface{})
v, ok2 := x.(any)
fmt.Println(ok, v, ok2, kind[interface{}](6), kind[interface{}](nil), kind[string](6), kind[int](6))
fmt.Println(is[any](6), is[any](nil), is[int](6), is[string](6), is[interface{ M() }](6), as[any]("s"))`)
	want := "true 6 true T other int T\ntrue false true false false s\n"
	if got := h.out.String(); got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	e := h.fail(`func bar[T any](i interface{ foo() }) bool {
	_, ok := i.(interface{ bar() T })
	return ok
}`)
	if e.Name != "UnsupportedError" || !strings.Contains(e.Value, "2:14: the interpreter cannot test for the interface type interface{bar() T}, which mentions the type parameter T") {
		t.Fatalf("%s %q", e.Name, e.Value)
	}
}
