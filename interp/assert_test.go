package interp

import (
	"strings"
	"testing"
)

// Go's test/interface/receiver.go: a value of type T, where only *T has all the methods
// of P, does not implement P. yaegi counted the methods of *T as T's: x.(P) was true,
// and the assertion with ok panicked (reflect.Set: ... interp.valueInterface).
func TestAssertPointerMethodsNotInValueMethodSet(t *testing.T) {
	h := newHarness(t, nil)
	h.run("type T int\nfunc (t T) V() {}\nfunc (t *T) P() {}\ntype P interface{ P(); V() }\ntype V interface{ V() }\ntype S struct{ T }")
	h.run("var t T = 42\nvar i interface{} = t\n_, ok1 := i.(P)\n_, ok2 := interface{}(&t).(P)\n_, ok3 := interface{}(S{}).(P)\n_, ok4 := interface{}(&S{}).(P)")
	if v := h.value("[]bool{ok1, ok2, ok3, ok4}"); v != "[false true false true]" {
		t.Fatal(v)
	}
	h.run("func kind(x any) string {\n\tswitch x.(type) {\n\tcase P:\n\t\treturn \"P\"\n\tcase V:\n\t\treturn \"V\"\n\t}\n\treturn \"none\"\n}")
	if v := h.value("kind(t) + kind(&t) + kind(S{}) + kind(\"s\")"); v != "VPVnone" {
		t.Fatal(v)
	}
	e := h.fail("p := i.(P)\n_ = p")
	if e.Name != "RuntimeError" || !strings.Contains(e.Value, "interface conversion: the value's type is not main.P") {
		t.Fatalf("%s %q", e.Name, e.Value)
	}
}

// Go's test/interface/fail.go: x.(I) panics when the value's type lacks a method of I.
// yaegi's assertion without ok went on with the zero I for a notebook type with as many
// methods as I (a method named _ counts).
func TestAssertMissingMethodPanics(t *testing.T) {
	h := newHarness(t, nil)
	h.run("type I interface{ Foo() }\ntype S struct{}\nfunc (s *S) _() {}\ntype U struct{}\nfunc (U) Bar() {}")
	for _, c := range []struct{ cell, want string }{
		{"var s *S\nvar e interface{} = s\ni := e.(I)\n_ = i", "interface conversion: the value's type is not main.I"},
		{"var e interface{} = U{}\ni := e.(I)\n_ = i", "interface conversion: the value's type is not main.I"},
		{"var e interface{}\ni := e.(I)\n_ = i", "interface conversion: interface is nil, not main.I"},
		{"import \"strings\"\nvar e interface{} = &strings.Builder{}\ni := e.(I)\n_ = i", "interface conversion: *strings.Builder is not main.I: missing method Foo"},
	} {
		e := h.fail(c.cell)
		if e.Name != "RuntimeError" || !strings.Contains(e.Value, c.want) {
			t.Errorf("%q: %s %q", c.cell, e.Name, e.Value)
		}
	}
	// recover gives a runtime.Error.
	h.run("import \"runtime\"\nfunc try(e any) (r any) {\n\tdefer func() { r = recover() }()\n\t_ = e.(I)\n\treturn nil\n}")
	if v := h.value("_, isRT := try(U{}).(runtime.Error)\nisRT"); v != "true" {
		t.Fatal(v)
	}
}
