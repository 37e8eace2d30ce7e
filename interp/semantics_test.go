package interp

import (
	"strings"
	"testing"
)

// Issue 13: a cell that does not compile runs nothing and declares nothing.
func TestCompileErrorRunsNothing(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import "fmt"`)
	e := h.fail("fmt.Println(\"ran\")\natomicA := 1\nvar atomicB = \"x\" + atomicA")
	if e.Name != "CompileError" || !strings.HasPrefix(e.Value, "3:15: invalid operation") {
		t.Fatalf("%s %q", e.Name, e.Value)
	}
	if out := h.out.String(); out != "" {
		t.Fatalf("the cell ran before its compile error: %q", out)
	}
	if e := h.fail("atomicA"); e.Name != "CompileError" || !strings.Contains(e.Value, "undefined: atomicA") {
		t.Fatalf("a cell with a type error declared its variables: %s %q", e.Name, e.Value)
	}
	// A go statement before the error does not start.
	e = h.fail("started := false\ngo func() { started = true }()\nundefinedCall()")
	if !strings.HasPrefix(e.Value, "3:1: undefined: undefinedCall") {
		t.Fatalf("%s %q", e.Name, e.Value)
	}
}

// Go rejects assignments to a field of a map element; the interpreter accepted them and
// did nothing.
func TestMapElementFieldAssignmentRefused(t *testing.T) {
	h := newHarness(t, nil)
	h.run("type person struct{ Age int }\nbyID := map[int]person{2: {Age: 3}}")
	e := h.fail("byID[2].Age = 5")
	if e.Name != "CompileError" || !strings.Contains(e.Value, "cannot assign to struct field byID[2].Age in map") {
		t.Fatalf("%s %q", e.Name, e.Value)
	}
	if v := h.value("byID[2].Age"); v != "3" {
		t.Fatal(v)
	}
}

// Compile errors carry every error of the cell, at cell positions, whatever rewrite
// would have run.
func TestCompileErrorsReadLikeGo(t *testing.T) {
	h := newHarness(t, nil)
	e := h.fail("x := 1\nfor i := range 3 {\n\ty := i\n}\nvar s string = x")
	if e.Value != "3:2: declared and not used: y" {
		t.Fatalf("%q", e.Value)
	}
	if tb := strings.Join(e.Traceback, "\n"); !strings.Contains(tb, "5:16: cannot use x (variable of type int) as string value in variable declaration") {
		t.Fatalf("%q", tb)
	}
}

// Issue 13: cell-level for, if and switch scope their variables as Go does.
func TestCellLevelShadowing(t *testing.T) {
	h := newHarness(t, nil)
	h.run("i := 100")
	h.run("for i := 0; i < 3; i++ {}")
	if v := h.value("i"); v != "100" {
		t.Fatalf("i = %s after a loop that shadows it", v)
	}
	h.run("sv := 1\nif true { sv := 2; sv++ }")
	if v := h.value("sv"); v != "1" {
		t.Fatalf("sv = %s", v)
	}
	h.run("sw := \"outer\"\nswitch sw := 3; sw {\ncase 3:\n\tsw++\n}")
	if v := h.value("sw"); v != `"outer"` && v != "outer" {
		t.Fatalf("sw = %s", v)
	}
	h.run("vs := []int{1, 2, 3}\nsum := 0\nfor _, v := range vs {\n\tv := v\n\tsum += v\n}")
	if v := h.value("sum"); v != "6" {
		t.Fatalf("sum = %s", v)
	}
	h.run("blk := 1\n{\n\tblk := 2\n\t_ = blk\n}")
	if v := h.value("blk"); v != "1" {
		t.Fatalf("blk = %s", v)
	}
}

// Issue 13: defer evaluates the function value, receiver and arguments at the defer.
func TestDeferEvaluatesAtTheDefer(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import "fmt"`)
	cases := []struct{ decl, call, want string }{
		{"func d1() { for i := 0; i < 3; i++ { defer fmt.Print(i) } }", "d1()", "210"},
		{"func d2() { x := 1; defer fmt.Print(x); x = 2 }", "d2()", "1"},
		{"func d3() { for i := 0; i < 3; i++ { defer func() { fmt.Print(i) }() } }", "d3()", "210"},
		{"func d4() { for i := 0; i < 3; i++ { defer func(v int) { fmt.Print(v, i) }(i * 10) } }", "d4()", "20 210 10 0"},
		{"type acc struct{ n int }\nfunc (a *acc) show() { fmt.Print(a.n) }\nfunc (a acc) val(s string) { fmt.Print(s, a.n) }\nfunc d5() { var a acc; defer a.show(); a.n = 5; defer a.val(\"v\"); a.n = 7 }", "d5()", "v57"},
		{"func d6() (r int) { defer func() { if x := recover(); x != nil { r = 7 } }(); panic(\"boom\") }", "fmt.Print(d6())", "7"},
		{"func d8() { s := []int{1}; defer fmt.Print(len(s), \"x\"); s = append(s, 2) }", "d8()", "1x"},
	}
	for _, c := range cases {
		h.run(c.decl)
		h.out.Reset()
		h.run(c.call)
		if got := h.out.String(); got != c.want {
			t.Errorf("%s: printed %q, want %q", c.decl, got, c.want)
		}
	}
}

// Deferring a function value made by a literal in the same function hangs yaegi: refused.
func TestDeferOfLocalClosureRefused(t *testing.T) {
	h := newHarness(t, nil)
	e := h.fail("func hang() { f := func() {}; defer f() }")
	if e.Name != "UnsupportedError" || !strings.Contains(e.Value, "1:37: the interpreter hangs") {
		t.Fatalf("%s %q", e.Name, e.Value)
	}
	e = h.fail("func hang2() { f := func() {}; defer func() { f() }() }")
	if e.Name != "UnsupportedError" {
		t.Fatalf("%s %q", e.Name, e.Value)
	}
	// yaegi passes xs... to a deferred function as one argument.
	h.run(`import "fmt"`)
	e = h.fail("func spread(xs ...any) { defer fmt.Print(xs...) }")
	if e.Name != "UnsupportedError" || !strings.Contains(e.Value, "as one argument") {
		t.Fatalf("%s %q", e.Name, e.Value)
	}
}

// Issue 13: the generic standard library in cells, with type arguments inferred as Go
// infers them (yaegi could not, with two type parameters or untyped constants).
func TestGenericStandardLibrary(t *testing.T) {
	h := newHarness(t, nil)
	h.run("import (\n\t\"cmp\"\n\t\"maps\"\n\t\"slices\"\n\t\"math/rand/v2\"\n)")
	cases := []struct{ code, want string }{
		{"xs := []int{3, 1, 2}\nslices.Sort(xs)\nxs", "[1 2 3]"},
		{"slices.Contains([]string{\"a\", \"b\"}, \"b\")", "true"},
		{"ys := slices.Clone(xs)\nys[0] = 9\nxs[0] + ys[0]", "10"},
		{"m := map[string]int{\"b\": 2, \"a\": 1}\nslices.Sorted(maps.Keys(m))", "[a b]"},
		{"cmp.Compare(2.5, 1.0)", "1"},
		{"n := rand.N(10)\nn >= 0 && n < 10", "true"},
		{"func First[T any](xs ...T) T { return xs[0] }\nFirst(1, 2)", "1"},
		{"func Map[T, U any](xs []T, f func(T) U) []U {\n\tvar out []U\n\tfor _, x := range xs {\n\t\tout = append(out, f(x))\n\t}\n\treturn out\n}\nMap([]int{1, 2}, func(v int) string { return fmt.Sprint(v * 2) })", "[2 4]"},
		{"type Pt struct{ X int }\npts := []Pt{{3}, {1}}\nslices.SortFunc(pts, func(a, b Pt) int { return cmp.Compare(a.X, b.X) })\npts[0].X", "1"},
	}
	h.run(`import "fmt"`)
	for _, c := range cases {
		if v := h.value(c.code); v != c.want {
			t.Errorf("%q = %s, want %s", c.code, v, c.want)
		}
	}
}

// Issue 13: a multi-value last expression shows every value; grouped constants do not
// break later redefinitions; a type named T is the user's.
func TestValuesAndDeclarations(t *testing.T) {
	h := newHarness(t, nil)
	h.run("func divmod(a, b int) (int, int) { return a / b, a % b }")
	if v := h.value("divmod(7, 2)"); v != "(3, 1)" {
		t.Fatalf("divmod(7, 2) = %s", v)
	}
	h.run("import \"strconv\"")
	if v := h.value("strconv.Atoi(\"x1\")"); !strings.HasPrefix(v, "(0, strconv.Atoi: parsing") {
		t.Fatalf("%s", v)
	}
	h.run("type Color int\nconst (\n\tRed Color = iota\n\tGreen\n\tBlue\n)\nconst half = 0.5")
	h.run("func f() int { return 1 }")
	h.run("func f() int { return 2 }") // a changed redefinition replays the session
	if v := h.value("f() + int(Blue)"); v != "4" {
		t.Fatalf("f() + Blue = %s", v)
	}
	if v := h.value("half * 4"); v != "2" {
		t.Fatalf("half * 4 = %s", v)
	}
	h.run("type T int64\nvar x T = 5")
	if v := h.value("x + 1"); v != "6" {
		t.Fatalf("x + 1 = %s", v)
	}
}

// Issue 13: a function may use a name that a later cell declares.
func TestDeclarationsInAnyOrder(t *testing.T) {
	h := newHarness(t, nil)
	h.run("func g() int { return later() + offset }")
	if !strings.Contains(h.err.String(), "g will be declared when later, offset is") {
		t.Fatalf("stderr %q", h.err.String())
	}
	e := h.fail("g()")
	if e.Name != "NameError" || !strings.Contains(e.Value, "1:1: g is not declared yet: its cell uses later, offset") {
		t.Fatalf("%s %q", e.Name, e.Value)
	}
	h.run("func later() int { return 40 }")
	h.run("const offset = 2")
	if v := h.value("g()"); v != "42" {
		t.Fatalf("g() = %s", v)
	}
	// A chain: a waits for b, which waits for c.
	h.run("func a() int { return b() * 2 }")
	h.run("func b() int { return c() + 1 }")
	h.run("func c() int { return 20 }")
	if v := h.value("a()"); v != "42" {
		t.Fatalf("a() = %s", v)
	}
	// Statements with an undefined name still fail at once.
	if e := h.fail("undefinedThing + 1"); e.Name != "CompileError" {
		t.Fatalf("%s %q", e.Name, e.Value)
	}
}

// Issue 13: a whole program pasted into a cell runs: inits, then main.
func TestWholeProgramInACell(t *testing.T) {
	h := newHarness(t, nil)
	h.run("package main\n\nimport \"fmt\"\n\nvar greeting string\n\nfunc init() { greeting = \"hello\" }\n\nfunc init() { greeting += \",\" }\n\nfunc main() {\n\tfmt.Println(greeting, \"world\")\n}")
	if out := h.out.String(); out != "hello, world\n" {
		t.Fatalf("printed %q", out)
	}
	h.out.Reset()
	h.run("1 + 1") // main does not run again
	if out := h.out.String(); out != "" {
		t.Fatalf("printed %q", out)
	}
	h.run("main()")
	if out := h.out.String(); out != "hello, world\n" {
		t.Fatalf("main() printed %q", out)
	}
}

// Issue 13: a defer in the cell itself runs when the cell ends, last first, with its
// arguments evaluated at the defer.
func TestCellLevelDefer(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import ("context"; "fmt")`)
	h.run("ctx, cancel := context.WithCancel(context.Background())\ndefer cancel()\nfmt.Println(\"in cell:\", ctx.Err())")
	if v := h.value("ctx.Err()"); v != "context canceled" {
		t.Fatalf("ctx.Err() = %s", v)
	}
	h.out.Reset()
	h.run("x := 1\ndefer fmt.Println(\"deferred x =\", x)\nx = 2\ndefer fmt.Print(\"last first \")\nfmt.Println(\"body\")")
	if out := h.out.String(); out != "body\nlast first deferred x = 1\n" {
		t.Fatalf("printed %q", out)
	}
	// In a loop of the cell: refused (the registered calls would share one variable).
	if e := h.fail("for i := 0; i < 3; i++ {\n\tdefer fmt.Print(i)\n}"); e.Name != "UnsupportedError" || !strings.Contains(e.Value, "defer inside a loop") {
		t.Fatalf("%s %q", e.Name, e.Value)
	}
	// A deferred call runs after a panic of the cell too.
	h.out.Reset()
	e := h.fail("defer fmt.Println(\"cleanup\")\npanic(\"boom\")")
	if e.Name != "Panic" || h.out.String() != "cleanup\n" {
		t.Fatalf("%s %q, printed %q", e.Name, e.Value, h.out.String())
	}
}

// TestEmptyImport: `import ()` is a valid, empty import declaration (found by
// FuzzLowering: it failed with an InternalError from a type assertion).
func TestEmptyImport(t *testing.T) {
	h := newHarness(t, nil)
	h.run("import ()")
	if v := h.value("import ()\nx := 40\nx + 2"); v != "42" {
		t.Fatalf("got %q", v)
	}
}

// TestFormatHeldValues: %T of an interface value names the notebook's type it holds
// (fmt alone printed struct { X int }), and the verbs that would print the
// interpreter's wrapper or structure are refused before the cell runs.
func TestFormatHeldValues(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import "fmt"`)
	h.run("type Pt struct{ X int }\ntype Shape interface{ Area() float64 }\ntype Sq struct{ S float64 }\nfunc (s Sq) Area() float64 { return s.S }")
	h.out.Reset()
	h.run("var x any = Pt{1}\nvar sh Shape = Sq{2}\nvar n any = 3\nvar p any = &Pt{}\nfmt.Printf(\"%T %T %T %-8T| %v\\n\", x, sh, n, p, sh)")
	if got := h.out.String(); got != "main.Pt main.Sq int *main.Pt| {2}\n" {
		t.Fatalf("printed %q", got)
	}
	if e := h.fail("var xs any = []Pt{{1}}\nfmt.Printf(\"%T\\n\", xs)"); !strings.Contains(e.Value, "%T cannot name the type") {
		t.Fatalf("%s %q", e.Name, e.Value)
	}
	refused := func(c string) {
		t.Helper()
		h.out.Reset()
		if e := h.fail(c); e.Name != "UnsupportedError" || h.out.String() != "" {
			t.Fatalf("%q: %s %q, printed %q", c, e.Name, e.Value, h.out.String())
		}
	}
	refused("fmt.Printf(\"%#v\\n\", x)")

	// An error type with Error alone, and a type the interpreter builds as int.
	h.run("type MyErr int\nfunc (e MyErr) Error() string { return \"myerr\" }")
	refused("var e error = MyErr(3)\nfmt.Printf(\"%d\\n\", e)")
	refused("fmt.Printf(\"%d\\n\", MyErr(3))")
	refused("fmt.Printf(\"%T\\n\", n)")
	h.out.Reset()
	h.run("var e error = MyErr(3)\nfmt.Printf(\"%v %s %T\\n\", e, e, MyErr(4))")
	if got := h.out.String(); got != "myerr myerr main.MyErr\n" {
		t.Fatalf("printed %q", got)
	}
}

// TestRangeOverFunc: range over a function (Go 1.23) runs as the call Go defines, in a
// cell and in a function, with break, continue, labels and per-iteration variables;
// the standard library's iterators work once iter is imported (its export data was
// missing, and every later cell then went unchecked); a body a callback would change
// is refused before anything runs.
func TestRangeOverFunc(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import ("fmt"; "iter"; "maps"; "slices")`)
	h.run("func gen(yield func(int) bool) {\n\tfor i := 0; i < 5; i++ {\n\t\tif !yield(i) {\n\t\t\treturn\n\t\t}\n\t}\n}")
	h.out.Reset()
	h.run("for x := range gen {\n\tif x == 1 {\n\t\tcontinue\n\t}\n\tif x == 3 {\n\t\tbreak\n\t}\n\tfmt.Print(x, \" \")\n}")
	if got := h.out.String(); got != "0 2 " {
		t.Fatalf("printed %q", got)
	}
	if v := h.value("func pairs(yield func(string, int) bool) { _ = yield(\"a\", 1) && yield(\"b\", 2) }\nfunc sum() int {\n\ts := 0\nL:\n\tfor _, v := range pairs {\n\t\tfor j := 0; j < 3; j++ {\n\t\t\tif j == 1 {\n\t\t\t\tcontinue L\n\t\t\t}\n\t\t\ts += v\n\t\t}\n\t}\n\treturn s\n}\nsum()"); v != "3" {
		t.Fatalf("sum() = %s", v)
	}
	if v := h.value("var fs []func() int\nfor x := range gen {\n\tfs = append(fs, func() int { return x })\n}\nfs[0]() + 10*fs[4]()"); v != "40" {
		t.Fatalf("per-iteration variables: %s", v)
	}
	if v := h.value("func Count[T any](s iter.Seq[T]) int {\n\tn := 0\n\tfor range s {\n\t\tn++\n\t}\n\treturn n\n}\nCount(slices.Values([]int{4, 5, 6})) + len(slices.Sorted(maps.Keys(map[string]int{\"a\": 1})))"); v != "4" {
		t.Fatalf("iterators: %s", v)
	}
	h.out.Reset()
	if e := h.fail("fmt.Println(\"before\")\nfunc first() int {\n\tfor x := range gen {\n\t\treturn x\n\t}\n\treturn -1\n}"); e.Name != "UnsupportedError" || !strings.Contains(e.Value, "cannot return from the function around it") || h.out.String() != "" {
		t.Fatalf("%s %q, printed %q", e.Name, e.Value, h.out.String())
	}
	// A defer of the cell after `import "iter"` still gets Go's evaluation order (the
	// cell is type-checked, so the lowering passes run).
	h.out.Reset()
	h.run("func o() {\n\tfor i := 0; i < 3; i++ {\n\t\tdefer fmt.Print(i)\n\t}\n}\no()")
	if got := h.out.String(); got != "210" {
		t.Fatalf("printed %q", got)
	}
}

// TestSwitchConstantCases: a switch on a float compares with its constant cases as
// floats (yaegi converted the value to int: 2.8 took case 2, silently); a switch on
// an interface value with constant cases is refused.
func TestSwitchConstantCases(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import "fmt"`)
	h.out.Reset()
	h.run("a := 2.8\nswitch a {\ncase 2:\n\tfmt.Println(\"two\")\ndefault:\n\tfmt.Println(\"other\")\n}\nvar b float32 = 1.5\nswitch b {\ncase 1:\n\tfmt.Println(\"one\")\ncase 1.5:\n\tfmt.Println(\"1.5\")\n}")
	if got := h.out.String(); got != "other\n1.5\n" {
		t.Fatalf("printed %q", got)
	}
	if v := h.value("type C float64\nfunc f(c C) string {\n\tswitch c {\n\tcase 2:\n\t\treturn \"two\"\n\t}\n\treturn \"other\"\n}\nf(2.5) + f(2)"); v != "othertwo" {
		t.Fatalf("f = %s", v)
	}
	if e := h.fail("var i any = 2.5\nswitch i {\ncase 2:\n}"); e.Name != "UnsupportedError" {
		t.Fatalf("%s %q", e.Name, e.Value)
	}
	if v := h.value("var j any = 2.5\nr := \"\"\nswitch {\ncase j == 2:\n\tr = \"two\"\ncase j == 2.5:\n\tr = \"2.5\"\n}\nr"); v != "2.5" {
		t.Fatalf("tagless: %s", v)
	}
}

// TestRewritesDoNotOverlap: an edit inside the range another one replaces was dropped
// without a word (a key-only range over a string assigned with = lost its byte
// offsets); overlaps finds such pairs, and the session refuses to run the cell.
func TestRewritesDoNotOverlap(t *testing.T) {
	h := newHarness(t, nil)
	if v := h.value("p := new(int)\nfunc last(s string, p *int) {\n\tfor *p = range s {\n\t}\n}\nlast(\"héllo\", p)\n*p"); v != "5" {
		t.Fatalf("last byte offset = %s", v)
	}
	code := "abcdef"
	cases := []struct {
		edits []edit
		bad   bool
	}{
		{[]edit{{0, 3, "X"}, {1, 1, "y"}}, true},                            // inside a replacement
		{[]edit{{0, 3, "f(\x001,2\x00)"}, {1, 1, "y"}}, false},              // inside its Moved range
		{[]edit{{0, 3, "f(\x001,2\x00)"}, {2, 2, ")"}}, true},               // at the end of it: left out
		{[]edit{{0, 3, "X"}, {2, 5, "Y"}}, true},                            // crossing
		{[]edit{{0, 3, "X"}, {3, 3, "y"}, {0, 0, "z"}, {4, 6, "W"}}, false}, // touching
	}
	for _, c := range cases {
		if _, _, bad := overlaps(c.edits); bad != c.bad {
			t.Errorf("%q %v: overlaps = %v", code, c.edits, bad)
		}
	}
}

// TestInterfaceValuesMadeInALoop: a value converted to an interface inside a loop
// (a call's result, &T{…}) kept a reference to a slot the loop reuses, so every
// element held the last value (2 2 2); each form a student writes is checked.
func TestInterfaceValuesMadeInALoop(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import "fmt"`)
	h.run("type I interface{ V() int }\ntype T struct{ n int }\nfunc (t *T) V() int { return t.n }\nfunc mkp(i int) *T { return &T{i} }\ntype S struct{ m int }\nfunc (s S) V() int { return s.m }\nfunc mks(i int) S { return S{i} }\nfunc use(x I) I { return x }\nfunc show(xs []I) { for _, x := range xs { fmt.Print(x.V()) }; fmt.Print(\" \") }")
	h.out.Reset()
	for _, c := range []string{
		"var xs []I\nfor i := 0; i < 3; i++ {\n\txs = append(xs, &T{i})\n}\nshow(xs)",
		"func a() {\n\tvar xs []I\n\tfor i := 0; i < 3; i++ {\n\t\txs = append(xs, mkp(i))\n\t}\n\tshow(xs)\n}\na()",
		"func b() {\n\tvar xs []I\n\tfor i := range 3 {\n\t\txs = append(xs, mks(i))\n\t}\n\tshow(xs)\n}\nb()",
		"func c() {\n\tvar xs []I\n\tfor i := 0; i < 3; i++ {\n\t\tvar it I = mkp(i)\n\t\txs = append(xs, it)\n\t}\n\tshow(xs)\n}\nc()",
		"func d() {\n\tch := make(chan I, 3)\n\tfor i := 0; i < 3; i++ {\n\t\tch <- mkp(i)\n\t}\n\tclose(ch)\n\tvar xs []I\n\tfor x := range ch {\n\t\txs = append(xs, x)\n\t}\n\tshow(xs)\n}\nd()",
		"func e() {\n\txs := make([]I, 3)\n\tm := map[int]I{}\n\tfor i := 0; i < 3; i++ {\n\t\txs[i] = &T{i}\n\t\tm[i] = mkp(i)\n\t}\n\tshow(xs)\n\tshow([]I{m[0], m[1], m[2]})\n}\ne()",
		"func f() {\n\tvar xs []I\n\tfor i := 0; i < 3; i++ {\n\t\txs = append(xs, use(&T{i}), I(mkp(i)), []I{mkp(i)}[0])\n\t}\n\tshow(xs)\n}\nf()",
	} {
		h.run(c)
	}
	if got := h.out.String(); got != "012 012 012 012 012 012 012 000111222 " {
		t.Fatalf("printed %q", got)
	}
}

// TestContainersOfNotebookValues: a notebook value held in an interface inside a
// slice, map or struct reached fmt as yaegi's box ({0xc000… {0xc000… 0xc000… 409}});
// it is printed and shown as Go prints it, and where Go would call a String method
// of a value inside a container (which compiled code cannot), the cell is refused.
func TestContainersOfNotebookValues(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import "fmt"`)
	h.run("type I interface{ V() int }\ntype S struct{ n int }\nfunc (s S) V() int { return s.n }\ntype Box struct{ V any }")
	h.out.Reset()
	h.run("var i I = S{1}\nvar a any = i\nvar xs []any\nfor k := 0; k < 2; k++ {\n\txs = append(xs, S{k})\n}\nfmt.Println(a, xs, []any{S{5}, 3}, map[string]any{\"a\": S{8}}, []I{S{9}}, Box{S{1}})\nfmt.Printf(\"%v|%s\\n\", xs, fmt.Sprint(map[int]I{1: S{2}}))")
	if got := h.out.String(); got != "{1} [{0} {1}] [{5} 3] map[a:{8}] [{9}] {{1}}\n[{0} {1}]|map[1:{2}]\n" {
		t.Fatalf("printed %q", got)
	}
	if v := h.value("Box{S{2}}"); v != "{{2}}" {
		t.Fatalf("value %q", v)
	}
	if e := h.fail("fmt.Printf(\"%+v\\n\", Box{S{3}})"); e.Name != "UnsupportedError" {
		t.Fatalf("%s %q", e.Name, e.Value)
	}
	h.run("type Named struct{ Name string }\nfunc (n Named) String() string { return \"N:\" + n.Name }")
	if v := h.value("Named{\"t\"}"); v != "N:t" {
		t.Fatalf("value %q", v)
	}
	for _, c := range []string{"fmt.Println([]Named{{\"z\"}})", "[]Named{{\"z\"}}", "fmt.Println([]any{Named{\"x\"}})", "type Wrap struct{ N Named }\nfmt.Println(Wrap{Named{\"q\"}})"} {
		h.out.Reset()
		if e := h.fail(c); e.Name != "UnsupportedError" || !strings.Contains(e.Value, "String method") || h.out.String() != "" {
			t.Fatalf("%q: %s %q", c, e.Name, e.Value)
		}
	}
}

// TestCompiledValueToNotebookInterface: a compiled value with every method of a notebook
// interface that a notebook type also implements was silently not one (x.(Str) false
// for a time.Duration, a type switch took another case); it now fails clearly, and the
// notebook's own values keep Go's answers.
func TestCompiledValueToNotebookInterface(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import ("fmt"; "time")`)
	h.run("type Str interface{ String() string }\ntype Mine struct{}\nfunc (Mine) String() string { return \"mine\" }\nfunc kind(a any) string {\n\tswitch a.(type) {\n\tcase Str:\n\t\treturn \"str\"\n\t}\n\treturn \"other\"\n}")
	if v := h.value("var y any = Mine{}\nvar z any = 3\n_, ok1 := y.(Str)\n_, ok2 := z.(Str)\nfmt.Sprint(ok1, ok2, kind(Mine{}), kind(3))"); v != "true falsestrother" {
		t.Fatalf("got %q", v)
	}
	for _, c := range []string{"var x any = time.Second\n_, ok := x.(Str)\nok", "kind(time.Second)"} {
		if e := h.fail(c); !strings.Contains(e.Value, "cannot assert a value of the compiled type time.Duration") {
			t.Fatalf("%q: %s %q", c, e.Name, e.Value)
		}
	}
}

// TestAssignSeveralInterfaceValues: an assignment of several values, one of them of an
// interface type holding a notebook value, panicked in yaegi ("reflect.Set: value of
// type interface {} is not assignable to type interp.valueInterface": chan/sieve2.go's
// heap Pop); swaps and Go's order of evaluation are kept.
func TestAssignSeveralInterfaceValues(t *testing.T) {
	h := newHarness(t, nil)
	h.run("type PC struct{ head int }\ntype PH []*PC\nfunc (h *PH) Len() int { return len(*h) }\nfunc (h *PH) Pop() (v interface{}) {\n\t*h, v = (*h)[:h.Len()-1], (*h)[h.Len()-1]\n\treturn\n}")
	if v := h.value("func t1() int {\n\th := PH{{1}, {2}}\n\tx := h.Pop().(*PC)\n\treturn x.head*10 + len(h)\n}\nt1()"); v != "21" {
		t.Fatalf("t1() = %s", v)
	}
	if v := h.value("func t2() int {\n\tvar a, b any = &PC{1}, &PC{2}\n\ta, b = b, a\n\tvar n int\n\tn, a = 5, b\n\treturn a.(*PC).head*100 + b.(*PC).head*10 + n\n}\nt2()"); v != "115" {
		t.Fatalf("t2() = %s", v)
	}
}
