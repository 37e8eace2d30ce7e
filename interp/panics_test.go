package interp

import (
	"context"
	"errors"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// tbFrames returns the frames of an error's traceback (the lines after the head).
func tbFrames(e *Error) string { return strings.Join(e.Traceback[1:], "\n") }

// The messages are those Go 1.26 prints for the same statements in func main of a
// compiled program (after "panic: "), verified once with go run.
func TestRuntimeErrorMessages(t *testing.T) {
	cases := []struct {
		code, name, value, frame string
	}{
		{"a := []int{1, 2, 3}\ni := 5\n_ = a[i]", "RuntimeError", "runtime error: index out of range [5] with length 3", "  at 3:5 in cell 2"},
		{"var arr [3]int\nj := 4\narr[j] = 1", "RuntimeError", "runtime error: index out of range [4] with length 3", "  at 3:1 in cell 2"},
		{"str := \"abc\"\nj := 4\n_ = str[j]", "RuntimeError", "runtime error: index out of range [4] with length 3", "  at 3:5 in cell 2"},
		{"var m map[string]int\nm[\"a\"] = 1", "RuntimeError", "assignment to entry in nil map", "  at 2:1 in cell 2"},
		{"z := 0\nfmt.Println(10 / z)", "RuntimeError", "runtime error: integer divide by zero", "  at 2:13 in cell 2"},
		{"var pp *int\n*pp = 3", "RuntimeError", "runtime error: invalid memory address or nil pointer dereference", "  at 2:1 in cell 2"},
		{"var ff func()\nff()", "RuntimeError", "runtime error: invalid memory address or nil pointer dereference", "  at 2:1 in cell 2"},
		// Go: "slice bounds out of range [:7] with capacity 3"; the interpreter does not
		// keep the bounds, so Go's words come without them.
		{"a := []int{1, 2, 3}\nh := 7\nb := a[1:h]\n_ = b", "RuntimeError", "runtime error: slice bounds out of range", "  at 3:6 in cell 2"},
		{"var e interface{} = \"s\"\nn := e.(int)\n_ = n", "RuntimeError", "interface conversion: interface {} is string, not int", "  at 2:6 in cell 2"},
		{"n := -1\n_ = make([]int, n)", "RuntimeError", "runtime error: makeslice: len out of range", "  at 2:5 in cell 2"},
		{`panic("boom")`, "Panic", "boom", "  at 1:1 in cell 2"},
		{`panic(fmt.Errorf("e%d", 1))`, "Panic", "e1", "  at 1:1 in cell 2"},
	}
	for _, c := range cases {
		h := newHarness(t, nil)
		h.run(`import "fmt"`)
		e := h.fail(c.code)
		if e.Name != c.name || e.Value != c.value {
			t.Errorf("cell %q: %s: %q, want %s: %q", c.code, e.Name, e.Value, c.name, c.value)
		}
		if got := tbFrames(e); got != c.frame {
			t.Errorf("cell %q: traceback %q, want %q", c.code, got, c.frame)
		}
		if !strings.HasPrefix(e.Traceback[0], "\x1b[0;31m"+c.name+"\x1b[0m: "+c.value) {
			t.Errorf("cell %q: head %q", c.code, e.Traceback[0])
		}
	}
}

// A panic inside functions declared in earlier cells is placed on the failing line of
// each frame, innermost first, in the cell that declared the function.
func TestPanicFramesAcrossCells(t *testing.T) {
	h := newHarness(t, nil)
	h.run("func inner(s []int, k int) int {\n\tx := 1\n\treturn s[k] + x\n}")
	h.run("func outer(k int) int {\n\ts := []int{1, 2, 3}\n\t// a comment\n\ty := inner(s, k)\n\treturn y\n}")
	e := h.fail("v := 2\nouter(v + 5)")
	if e.Name != "RuntimeError" || e.Value != "runtime error: index out of range" {
		t.Errorf("%s: %q", e.Name, e.Value)
	}
	want := "  at 3:9 in inner (cell 1)\n  at 4:7 in outer (cell 2)\n  at 2:1 in cell 3"
	if got := tbFrames(e); got != want {
		t.Errorf("traceback\n%s\nwant\n%s", got, want)
	}
	// A redefinition rebuilds the interpreter and replays the declarations elsewhere:
	// positions stay those of the cells that declared them.
	h.run("func other() int { return 1 }")
	h.run("func other() int {\n\treturn 2\n}")
	e = h.fail("outer(9)")
	want = "  at 3:9 in inner (cell 1)\n  at 4:7 in outer (cell 2)\n  at 1:1 in cell 6"
	if got := tbFrames(e); got != want {
		t.Errorf("after a rebuild: traceback\n%s\nwant\n%s", got, want)
	}
	// Redeclaring a function moves it to its new cell.
	h.run("func inner(s []int, k int) int {\n\treturn s[k]\n}")
	e = h.fail("outer(9)")
	want = "  at 2:9 in inner (cell 7)\n  at 4:7 in outer (cell 2)\n  at 1:1 in cell 8"
	if got := tbFrames(e); got != want {
		t.Errorf("after a redeclaration: traceback\n%s\nwant\n%s", got, want)
	}
}

func TestPanicFramesMethodsAndLiterals(t *testing.T) {
	h := newHarness(t, nil)
	e := h.fail("type T struct{ v []int }\n\nfunc (t *T) At(i int) int {\n\treturn t.v[i]\n}\n\ntt := &T{}\ntt.At(2)")
	want := "  at 4:9 in T.At (cell 1)\n  at 8:1 in cell 1"
	if got := tbFrames(e); e.Value != "runtime error: index out of range" || got != want {
		t.Errorf("%q\n%s\nwant\n%s", e.Value, got, want)
	}
	e = h.fail("func div(a, b int) int {\n\tq := a / b\n\treturn q\n}\nfunc apply(f func(int, int) int) int { return f(1, 0) }\napply(div)")
	want = "  at 2:7 in div (cell 2)\n  at 5:47 in apply (cell 2)\n  at 6:1 in cell 2"
	if got := tbFrames(e); e.Value != "runtime error: integer divide by zero" || got != want {
		t.Errorf("%q\n%s\nwant\n%s", e.Value, got, want)
	}
	e = h.fail("func conv(e any) string {\n\treturn e.(string)\n}\nconv(3)")
	want = "  at 2:9 in conv (cell 3)\n  at 4:1 in cell 3"
	if got := tbFrames(e); e.Value != "interface conversion: interface {} is int, not string" || got != want {
		t.Errorf("%q\n%s\nwant\n%s", e.Value, got, want)
	}
	// A panic of the user's own keeps the name Panic, at the panic call.
	e = h.fail("func check(ok bool) {\n\tif !ok {\n\t\tpanic(\"not ok\")\n\t}\n}\ncheck(false)")
	want = "  at 3:3 in check (cell 4)\n  at 6:1 in cell 4"
	if got := tbFrames(e); e.Name != "Panic" || e.Value != "not ok" || got != want {
		t.Errorf("%s %q\n%s\nwant\n%s", e.Name, e.Value, got, want)
	}
}

// The classification of panic values does not depend on the interpreter.
func TestClassifyPanic(t *testing.T) {
	var re runtime.Error = &runtimeError{msg: msgIndex}
	cases := []struct {
		v       any
		msg     string
		runtime bool
	}{
		{"reflect: slice index out of range", msgIndex, true},
		{"reflect.Value.Slice3: slice index out of bounds", msgSlice, true},
		{"reflect.Value.Call: call of nil function", msgNil, true},
		{re, msgIndex, true},
		{"boom", "boom", false},
		// panic(v) of interpreted code: yaegi panics with v's reflect.Value.
		{reflect.ValueOf("reflect: slice index out of range"), "reflect: slice index out of range", false},
	}
	for _, c := range cases {
		got := classifyPanic(c.v)
		if got.msg != c.msg || got.runtime != c.runtime {
			t.Errorf("%v: %+v", c.v, got)
		}
	}
}

// Values recovered from runtime errors satisfy runtime.Error with Go's message, as in
// Go's test recover3.go; other values are given back as they were panicked.
func TestRecoveredRuntimeError(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import ("fmt"; "runtime")`)
	h.run(`func check(name string, f func()) {
	defer func() {
		v := recover()
		re, ok := v.(runtime.Error)
		fmt.Println(name, ok, re)
	}()
	f()
}`)
	h.run(`var p *[10]int
var sl []int
i := 99999
x := 0
var inter interface{} = 1
check("div", func() { fmt.Println(1 / x) })
check("nil-deref", func() { fmt.Println(p[0]) })
check("slice-bounds", func() { fmt.Println(sl[i]) })
check("array-bounds", func() { fmt.Println(new([10]int)[i]) })
check("type-concrete", func() { fmt.Println(inter.(string)) })`)
	want := "div true runtime error: integer divide by zero\n" +
		"nil-deref true runtime error: invalid memory address or nil pointer dereference\n" +
		"slice-bounds true runtime error: index out of range\n" +
		"array-bounds true runtime error: index out of range\n" +
		"type-concrete true interface conversion: interface {} is int, not string\n"
	if got := h.out.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	h.out.Reset()
	// Other values come back as they were panicked, of their own types (yaegi's recover
	// gave their reflect.Value, which no type assertion matched): strings (even one
	// that reads like reflect's message), errors, values of the cell's types.
	h.run(`type E struct{ Code int }
func try0(v any) (r any) {
	defer func() { r = recover() }()
	panic(v)
}
func try1() (r any) {
	defer func() { r = recover() }()
	panic("reflect: slice index out of range")
}
func try2() (r any) {
	defer func() { r = recover() }()
	panic(fmt.Errorf("x%d", 2))
}
func try3() (r any) {
	defer func() { r = recover() }()
	panic(E{7})
}
func show() {
	s, sok := try1().(string)
	err, eok := try2().(error)
	e, ok := try3().(E)
	i, iok := try0(5).(int)
	fmt.Println(s, sok, err, eok, e, ok, i, iok)
}
show()`)
	if got, want := h.out.String(), "reflect: slice index out of range true x2 true {7} true 5 true\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	// A panic after recovering a runtime error re-panics with Go's runtime error.
	e := h.fail("func again() {\n\tdefer func() {\n\t\tpanic(recover())\n\t}()\n\tvar s []int\n\t_ = s[1]\n}\nagain()")
	if e.Name != "RuntimeError" || e.Value != "runtime error: index out of range" {
		t.Errorf("%s %q", e.Name, e.Value)
	}
}

// The notebook's numbers of the cells name them in tracebacks.
func TestPanicCellNumbers(t *testing.T) {
	h := newHarness(t, nil)
	run := func(n int, code string) error {
		_, err := h.s.Execute(WithCellNumber(context.Background(), n), code)
		return err
	}
	if err := run(4, "func inner(s []int) int {\n\treturn s[1]\n}"); err != nil {
		t.Fatal(err)
	}
	err := run(9, "inner(nil)")
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%v", err)
	}
	if got, want := tbFrames(e), "  at 2:9 in inner (cell 4)\n  at 1:1 in cell 9"; got != want {
		t.Errorf("traceback\n%s\nwant\n%s", got, want)
	}
}

// A recursion's frames are counted, not repeated; a deep one, whose Go stack the
// runtime shortens, is given by function only.
func TestPanicFramesRecursion(t *testing.T) {
	h := newHarness(t, nil)
	h.run("func down(n int, s []int) int {\n\tif n == 0 {\n\t\treturn s[5]\n\t}\n\treturn down(n-1, s) + 1\n}")
	e := h.fail("down(5, nil)")
	want := "  at 3:10 in down (cell 1)\n  at 5:9 in down (cell 1)\n  at 5:9 in down (cell 1)\n  ... 3 more of the frame above\n  at 1:1 in cell 2"
	if got := tbFrames(e); got != want {
		t.Errorf("traceback\n%s\nwant\n%s", got, want)
	}
	e = h.fail("down(500, nil)")
	want = "  in down\n  in down\n  ... 62 more of the frame above\n  ... (the outer frames were not kept)"
	if got := tbFrames(e); e.Value != "runtime error: index out of range" || got != want {
		t.Errorf("%q traceback\n%s\nwant\n%s", e.Value, got, want)
	}
}

func TestFallbackTraceLine(t *testing.T) {
	for in, want := range map[string]string{
		"_.go:3:5: panic: main.f(...)":          "  in f",
		"3:5: panic: main(...)":                 "  in the cell",
		"3:5: panic: main.func(...)":            "  in a function literal",
		"3:5: panic: main.crash.func(...)":      "  in a function literal in crash",
		"_.go:12:2: panic: main.Add(...)":       "  in Add",
		"something yaegi wrote, not a frame ok": "  something yaegi wrote, not a frame ok",
	} {
		if got := fallbackTraceLine(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}
