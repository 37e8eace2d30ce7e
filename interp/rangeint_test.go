package interp

import (
	"strings"
	"testing"
)

// TestRangeOverInteger runs ranges over integers (Go 1.22) in cells that type-check, at
// the top level and in functions: the iteration values have n's type (or, for a
// constant, the iteration variable's, else int), n is evaluated once, an assignment to
// the variable in the body does not change the iterations, each iteration has its own
// variable, and an assigned operand keeps n-1 (lower.RangeInts).
func TestRangeOverInteger(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import "fmt"`)
	cases := []struct{ cell, want string }{
		// Top level.
		{"var x any = 3\nfor i := range x.(int) { fmt.Print(i) }", "012"},
		{"for i := range 3 { fmt.Print(i) }", "012"},
		{"for range 2 { fmt.Print(\"x\") }", "xx"},
		{"for _ = range 2 { fmt.Print(\"y\") }", "yy"},
		{"n := 4\nfor i := range n { fmt.Print(i) }", "0123"},
		{"type Count int\nvar c Count = 3\nfor i := range c { fmt.Printf(\"%T%v \", i, i) }", "main.Count0 main.Count1 main.Count2 "},
		{"var b uint8 = 2\nfor i := range b { fmt.Printf(\"%T%v \", i, i) }", "uint80 uint81 "},
		{"const K = 3\nfor i := range K { fmt.Printf(\"%T%v \", i, i) }", "int0 int1 int2 "},
		{"var k int64\nfor k = range 4 {}\nfmt.Printf(\"%T%v\", k, k)", "int643"},
		{"var k2 uint8 = 9\nfor k2 = range 0 {}\nfmt.Print(k2)", "9"},
		{"for i := range 3 { fmt.Print(i); i += 10; fmt.Print(i, \" \") }", "010 111 212 "},
		{"for i := range 3 {\n\tfor j := range i {\n\t\tfmt.Print(i, j, \";\")\n\t}\n}", "1 0;2 0;2 1;"},
		{"var fs []func() int\nfor i := range 3 { fs = append(fs, func() int { return i }) }\nfor _, f := range fs { fmt.Print(f()) }", "012"},
		// Types only go/types knows.
		{"func three() int { fmt.Print(\"once \"); return 3 }\nfor i := range three() { fmt.Print(i) }", "once 012"},
		{"xs := []string{\"a\", \"b\"}\nfor i := range len(xs) { fmt.Print(i, xs[i]) }", "0a1b"},
		{"type box struct{ N uint16 }\nbx := box{2}\nfor i := range bx.N { fmt.Printf(\"%T%v \", i, i) }", "uint160 uint161 "},
		{"for i := range\n\t2 {\n\tfmt.Print(i)\n}", "01"},
		{"mi := map[string]int{\"a\": 2}\nfor i := range mi[\"a\"] { fmt.Print(i) }\nfor i := range mi[\"none\"] { fmt.Print(i) }", "01"},
		// In functions.
		{"func deferred() {\n\tfor i := range 3 {\n\t\tdefer func() { fmt.Print(i) }()\n\t}\n}\ndeferred()", "210"},
		{"func sum(n int) int {\n\ts := 0\n\tfor i := range n {\n\t\ts += i\n\t}\n\treturn s\n}\nfmt.Print(sum(5))", "10"},
		{"func kinds() {\n\tvar u uint8 = 2\n\tfor i := range u {\n\t\tfmt.Printf(\"%T%v \", i, i)\n\t}\n\tfor range Count(2) {\n\t\tfmt.Print(\"c \")\n\t}\n\tvar j Count\n\tfor j = range Count(3) {\n\t}\n\tfmt.Printf(\"%T%v\", j, j)\n}\nkinds()", "uint80 uint81 c c main.Count2"},
		{"func count[T ~int](n T) T {\n\tvar s T\n\tfor i := range n {\n\t\ts += i\n\t}\n\treturn s\n}\nfmt.Print(count(4))", "6"},
		{"func lab() {\nL:\n\tfor i := range 3 {\n\t\tfor j := range 3 {\n\t\t\tif j == 1 {\n\t\t\t\tcontinue L\n\t\t\t}\n\t\t\tif i == 2 {\n\t\t\t\tbreak L\n\t\t\t}\n\t\t\tfmt.Print(i, j, \" \")\n\t\t}\n\t}\n}\nlab()", "0 0 1 0 "},
		// Last: its goroutines may still be ending when the cell returns, and a later
		// cell's frame growth would race with them under -race (see race_on_test.go).
		{"func gosum() int {\n\tch := make(chan int)\n\tfor i := range 4 {\n\t\tgo func() { ch <- i }()\n\t}\n\ts := 0\n\tfor range 4 {\n\t\ts += <-ch\n\t}\n\treturn s\n}\nfmt.Print(gosum())", "6"},
	}
	for _, c := range cases {
		h.out.Reset()
		h.run(c.cell)
		if got := h.out.String(); got != c.want {
			t.Errorf("cell %q: got %q, want %q", c.cell, got, c.want)
		}
	}
}

// TestTypedCellsDoNotGuess runs cells that type-check through the rewriter's paths that
// guess types from the syntax in cells that do not (min and max, clear, go statements,
// top-level v, ok :=, ranges, generic calls, the types kept for %who): none of the
// guessing functions runs, and the results are Go's.
func TestTypedCellsDoNotGuess(t *testing.T) {
	if raceEnabled {
		t.Skip("its go statements leave goroutines running while the next cell resizes yaegi's global frame (see race_on_test.go)")
	}
	h := newHarness(t, nil)
	typedGuesses.Store(0)
	cases := []struct{ cell, want string }{
		{"import (\n\t\"fmt\"\n\t\"sync\"\n)", ""},
		{"type Celsius float64\nx := 3\nm := min(x, 10)\nfmt.Printf(\"%T%v \", m, m)\nfunc hot() Celsius { return max(Celsius(2), 1.5) }\nc := hot()\nfmt.Printf(\"%T%v \", c, c)\nfmt.Print(min(2.5, 1), max(\"a\", \"b\"))", "int3 main.Celsius2 1b"},
		{"var b byte = 7\nfmt.Print(max(b, 3))", "7"},
		// Constant arguments make a constant, of its kind or type.
		{"const cm = min(1, 2.5)\nfmt.Print(cm / 2)", "0.5"},
		{"var f32 float32 = max(1, 2)\nconst k8 int8 = 3\ny8 := min(k8, 2)\nfmt.Printf(\"%T%v %T%v %v\", f32, f32, y8, y8, max(1, 2)*2.5)", "float322 int82 5"},
		{"mp := map[string]int{\"a\": 1}\nclear(mp)\nfmt.Print(len(mp))", "0"},
		{"m2 := map[string][]int{\"x\": {7}}\nv2, ok2 := m2[\"x\"]\nfmt.Print(v2, ok2)", "[7] true"},
		{"ch := make(chan Celsius, 1)\nch <- 4\nv3, ok3 := <-ch\nfmt.Printf(\"%T%v %v\", v3, v3, ok3)", "main.Celsius4 true"},
		{"func add(wg *sync.WaitGroup, out *int, k int) { *out += k; wg.Done() }\nvar wg sync.WaitGroup\ntotal := 0\nconst five = 5\nwg.Add(1)\ngo add(&wg, &total, five)\nwg.Wait()\nfmt.Print(total)", "5"},
		// The argument of a go statement is evaluated by the go statement.
		{"xg := 1\nfunc getX() int { return xg }\nfunc show(v int) { fmt.Print(v); wg.Done() }\nwg.Add(1)\ngo show(getX())\nxg = 2\nwg.Wait()", "1"},
		{"func pair[K comparable, V any](k K, v V) map[K]V { return map[K]V{k: v} }\nfmt.Print(pair(\"a\", 1.5))", "map[a:1.5]"},
		{"n := 3\nfor i := range n { fmt.Print(i) }", "012"},
	}
	for _, c := range cases {
		h.out.Reset()
		h.run(c.cell)
		if got := h.out.String(); got != c.want {
			t.Errorf("cell %q: got %q, want %q", c.cell, got, c.want)
		}
	}
	if g := typedGuesses.Load(); g != 0 {
		t.Errorf("%d guesses from the syntax in cells that type-checked", g)
	}
	// The types kept for %who come from go/types.
	for name, want := range map[string]string{"m": "int", "c": "Celsius", "v2": "[]int", "v3": "Celsius", "ok3": "bool"} {
		if got := h.s.varTypes[name]; got != want {
			t.Errorf("varTypes[%s] = %q, want %q", name, got, want)
		}
	}
}

// TestRangeUnknownType is a range over a variable whose type the session does not know
// (the cell is not type-checked): the rewriter's guess and the retry after yaegi's "nil
// type" still run it, with Go's iterations (an assignment in the body changes none, an
// assigned operand keeps n-1, a variable per iteration).
func TestRangeUnknownType(t *testing.T) {
	h := newHarness(t, nil)
	h.run("import \"fmt\"\nn := 3\nxs := []int{4, 5}")
	h.s.checked["n"] = "" // as if n came from a cell that was not checked
	h.s.checked["xs"] = ""
	h.out.Reset()
	h.run("for i := range n { fmt.Print(i) }\nfor i := range xs { fmt.Print(i) }")
	if got := h.out.String(); got != "01201" {
		t.Errorf("got %q", got)
	}
	h.out.Reset()
	h.run("for i := range\n\tn {\n\tfmt.Print(i)\n}")
	if got := h.out.String(); got != "012" {
		t.Errorf("clause on two lines: got %q", got)
	}
	h.out.Reset()
	h.run("var k int\nfor i := range n { fmt.Print(i); i += 10 }\nfor k = range n {}\nfmt.Print(k)\nvar fs []func() int\nfor i := range n { fs = append(fs, func() int { return i }) }\nfor _, f := range fs { fmt.Print(f()) }")
	if got := h.out.String(); got != "0122012" {
		t.Errorf("got %q", got)
	}
	// min and max of literals are constants there too.
	h.out.Reset()
	h.run("const cm = min(1, 2.5)\nvar f32 float32 = max(1, 2)\nfmt.Print(cm/2, \" \", f32, n)")
	if got := h.out.String(); got != "0.5 2 3" {
		t.Errorf("got %q", got)
	}
	if !strings.Contains(h.s.cellRes.Skip, "not known") {
		t.Errorf("the cell was checked: %q", h.s.cellRes.Skip)
	}
}
