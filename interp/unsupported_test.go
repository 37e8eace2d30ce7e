package interp

import (
	"strings"
	"testing"
)

// APIs the interpreter cannot honour are refused before the cell runs: runtime.Breakpoint
// killed the process (recover1.go), finalizers never ran (tinyfin.go), and reflect found
// no method of a notebook type (reflectmethod7.go).
func TestUnsupportedAPIsRefused(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import ("fmt"; "reflect"; "runtime"; "strings")`)
	for _, tc := range []struct{ cell, want string }{
		{"fmt.Println(\"ran\")\nruntime.Breakpoint()", "2:1: runtime.Breakpoint stops the process with SIGTRAP"},
		{"func fin() { x := new(int); runtime.SetFinalizer(x, func(*int) {}) }", "1:29: runtime.SetFinalizer with a function literal is not supported"},
		{"type RS int\nfunc (RS) M() {}\n_, ok := reflect.PointerTo(reflect.TypeOf(RS(0))).MethodByName(\"M\")", "3:10: reflect cannot see the methods of the notebook's type RS"},
	} {
		e := h.fail(tc.cell)
		if e.Name != "UnsupportedError" || !strings.HasPrefix(e.Value, tc.want) {
			t.Errorf("%q: %s %q, want %q", tc.cell, e.Name, e.Value, tc.want)
		}
	}
	if out := h.out.String(); out != "" {
		t.Fatalf("a refused cell ran: %q", out)
	}
	// A finalizer that only panics (the object must not be freed yet) is let through.
	h.run("func finGuard() { x := new(int); runtime.SetFinalizer(x, func(*int) { panic(\"freed too early\") }) }")
	// reflect without the method sets, and method sets of compiled types, still work.
	h.run("type RT struct{ A int }\nfunc (RT) M() {}\nfmt.Println(reflect.TypeOf(RT{}).NumField(), reflect.TypeOf(&strings.Builder{}).NumMethod() > 0)")
	if got := h.out.String(); got != "1 true\n" {
		t.Fatalf("got %q", got)
	}
}

// TestRuntimeCallerRefused: runtime.Caller and its kin see the interpreter's frames,
// so a cell reading its own line from them got yaegi's (devirtualization_nil_panics.go).
func TestRuntimeCallerRefused(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import "runtime"`)
	for _, c := range []string{"_, _, line, _ := runtime.Caller(0)\n_ = line", "pcs := make([]uintptr, 8)\nn := runtime.Callers(0, pcs)\n_ = runtime.CallersFrames(pcs[:n])"} {
		if e := h.fail(c); e.Name != "UnsupportedError" || !strings.Contains(e.Value, "the interpreter's own frames") {
			t.Fatalf("%q: %s %q", c, e.Name, e.Value)
		}
	}
}
