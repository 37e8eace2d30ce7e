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

// The value of `case T` of a type switch on a non-empty interface, for T an interface:
// asserting an any to T panicked in yaegi ("reflect.Set: value of type interface {} is
// not assignable to type interp.valueInterface", typeparam/typeswitch3.go).
func TestTypeSwitchCaseOfTypeParameterBinds(t *testing.T) {
	h := newHarness(t, nil)
	h.run("import \"fmt\"")
	h.run(`type I interface{ foo() }
type myint int
func (myint) foo() {}
func which[T any](i I) string {
	switch x := i.(type) {
	case T:
		if _, ok := any(x).(interface{ bar() }); ok {
			return "bar"
		}
		return "T"
	case myint:
		return "myint"
	}
	return "other"
}`)
	h.run(`fmt.Println(which[I](myint(1)), which[any](myint(2)))`)
	if got, want := h.out.String(), "T T\n"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}
