package interp

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hessnote/hessnote/internal/openblas"
	"github.com/hessnote/hessnote/optim"
)

func TestMixedCell(t *testing.T) {
	h := newHarness(t, nil)
	// Statements, a func, a type, a method, a const and an import in any order.
	got := h.value(`x := 20
func double(v int) int { return 2 * v }
import "fmt"
type pair struct{ a, b int }
y := double(x)
func (p pair) sum() int { return p.a + p.b }
const k = 2
fmt.Println("y is", y)
pair{y, k}.sum()`)
	if got != "42" {
		t.Fatalf("value %q, want 42", got)
	}
	if out := h.out.String(); out != "y is 40\n" {
		t.Fatalf("stdout %q", out)
	}
}

func TestRepeatedImport(t *testing.T) {
	h := newHarness(t, nil)
	cell := "import (\n\t\"fmt\"\n\t\"strings\"\n)\nfmt.Println(strings.ToUpper(\"a\"))"
	h.run(cell)
	h.run(cell)
	h.run(`import "fmt"` + "\n" + `import m "math"` + "\nfmt.Println(m.Sqrt(4))")
	h.run(`import m "math"`)
	if out := h.out.String(); out != "A\nA\n2\n" {
		t.Fatalf("stdout %q", out)
	}
}

func TestOutputOrder(t *testing.T) {
	h := newHarness(t, nil)
	h.run("import (\"fmt\"; \"os\"; \"github.com/hessnote/hessnote/display\")\n" +
		"fmt.Println(\"one\")\nfmt.Fprintln(os.Stdout, \"two\")\nos.Stdout.WriteString(\"three\\n\")\nprint(\"\")\nfmt.Println(\"four\")\n" +
		"display.Text(\"shown\")\nfmt.Println(\"five\")")
	var seq []string
	for _, e := range h.log.all() {
		seq = append(seq, e)
	}
	got := strings.Join(seq, "|")
	// Bytes of one stream may arrive in one or several writes; the display must come
	// after "four" and before "five".
	flat := strings.ReplaceAll(got, "|out:", "")
	if flat != "out:one\ntwo\nthree\nfour\n|display:shown"+"five\n" {
		t.Fatalf("order: %q", got)
	}
}

func TestValueOrNot(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import "fmt"`)
	none := []string{
		"for i := 0; i < 3; i++ {}",
		"func v() {}\nv()",
		"a := 5",
		"a = 6",
		"var b = 7",
		"type T int",
		"func w() int { return 1 }",
		`fmt.Println("x")`,
		"if a > 0 { a++ }",
		"a++",
	}
	for _, c := range none {
		if v := h.run(c); v != "" {
			t.Errorf("cell %q: value %q, want none", c, v)
		}
	}
	values := map[string]string{
		"a":     "8",
		"a * 2": "16",
		"func two() (int, string) { return 3, \"s\" }\ntwo()": "(3, \"s\")",
		"w()":            "1",
		`"str"`:          "str",
		"[]int{1, 2}":    "[1 2]",
		"v()\n1 + 1":     "2",
		"float64(a) / 5": "1.6",
	}
	for c, want := range values {
		if v := h.value(c); v != want {
			t.Errorf("cell %q: value %q, want %q", c, v, want)
		}
	}
}

func TestCompileErrorPositions(t *testing.T) {
	h := newHarness(t, nil)
	cases := map[string]string{
		"x := 1\n\ny := undefinedName + x":                  "3:6: undefined: undefinedName",
		"func f() int {\n\treturn \"s\"\n}":                 "2:",
		"import \"fmt\"\nfunc g() {}\nfmt.Println(\n\t1 +)": "4:",
		"a := 1\nb := 2\n  c := a + nope":                   "3:12: undefined: nope",
	}
	for code, want := range cases {
		e := h.fail(code)
		if e.Name != "CompileError" || !strings.HasPrefix(e.Value, want) {
			t.Errorf("cell %q: %s %q, want CompileError %q...", code, e.Name, e.Value, want)
		}
	}
}

func TestPanicKeepsState(t *testing.T) {
	h := newHarness(t, nil)
	h.run("kept := 42\nfunc boom(s []int) int { return s[3] }")
	e := h.fail("x := 1\nboom(nil)")
	if e.Name != "RuntimeError" {
		t.Fatalf("%s: %s", e.Name, e.Value)
	}
	if len(e.Traceback) < 2 || !strings.Contains(strings.Join(e.Traceback, "\n"), "boom") {
		t.Errorf("traceback %q", e.Traceback)
	}
	e = h.fail(`panic("custom")`)
	if e.Name != "Panic" || e.Value != "custom" {
		t.Errorf("%s %q", e.Name, e.Value)
	}
	if v := h.value("kept"); v != "42" {
		t.Fatalf("kept = %q", v)
	}
	// yaegi's own "panic:" lines must not reach stderr as a second error.
	if s := h.err.String(); strings.Contains(s, "panic") {
		t.Errorf("stderr has panic lines: %q", s)
	}
}

func TestExitAndFatal(t *testing.T) {
	h := newHarness(t, nil)
	h.run("n := 1")
	if e := h.fail("import \"os\"\nos.Exit(3)"); e.Name != "Exit" || !strings.Contains(e.Value, "os.Exit(3)") {
		t.Errorf("%s %q", e.Name, e.Value)
	}
	if e := h.fail("import \"log\"\nlog.Fatal(\"bye\")"); e.Name != "Panic" || !strings.Contains(e.Value, "bye") {
		t.Errorf("%s %q", e.Name, e.Value)
	}
	if v := h.value("n"); v != "1" {
		t.Fatal(v)
	}
}

func TestInterrupt(t *testing.T) {
	if raceEnabled {
		t.Skip("yaegi does not wait for a canceled cell's goroutine (see race_on_test.go)")
	}
	h := newHarness(t, nil)
	h.run("import \"time\"\nstate := 7")
	for _, c := range []string{"for {}", "time.Sleep(time.Hour)", "ch := make(chan int)\n<-ch", "func spin() { for {} }\nspin()"} {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(50*time.Millisecond, cancel)
		start := time.Now()
		_, err := h.s.Execute(ctx, c)
		d := time.Since(start)
		var e *Error
		if !errors.As(err, &e) || e.Name != "Interrupted" {
			t.Fatalf("cell %q: %v", c, err)
		}
		if d > 550*time.Millisecond {
			t.Errorf("cell %q: interrupted after %v", c, d)
		}
	}
	if v := h.value("state"); v != "7" {
		t.Fatal(v)
	}
	if optim.Done(nil) != nil {
		t.Error("interrupt context still installed after a cell that ran to its end")
	}
}

// After an interrupt, a compiled solver still running in yaegi's abandoned goroutine
// sees the canceled context through optim.Done and stops.
func TestInterruptStopsCompiledSolver(t *testing.T) {
	if raceEnabled {
		t.Skip("yaegi does not wait for a canceled cell's goroutine (see race_on_test.go)")
	}
	h := newHarness(t, nil)
	h.run("import (\n\t\"context\"\n\t\"time\"\n\t\"github.com/hessnote/hessnote/optim\"\n)\nvar res *optim.Result\nvar runErr error")
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	_, err := h.s.Execute(ctx, `p := optim.Problem{Func: func(x []float64) float64 {
	time.Sleep(5 * time.Millisecond)
	a, b := 1-x[0], x[1]-x[0]*x[0]
	return a*a + 100*b*b
}}
res, runErr = optim.Minimize(context.Background(), p, []float64{-1.2, 1}, &optim.BFGS{}, optim.Settings{GradTol: -1, MaxIter: 1 << 40, MaxEvals: 1 << 40})`)
	var e *Error
	if !errors.As(err, &e) || e.Name != "Interrupted" {
		t.Fatalf("%v", err)
	}
	if optim.Done(nil) == nil {
		t.Fatal("canceled context removed while the solver may still run")
	}
	_ = os.Stdout
}

func TestInterruptInstalledForCompiledCode(t *testing.T) {
	h := newHarness(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// During the cell, optim.Done sees the cell's context.
	h.run("import \"github.com/hessnote/hessnote/optim\"")
	out, err := h.s.Execute(ctx, "optim.Done(nil) == nil")
	if err != nil || out.Value == nil || out.Value.Text() != "true" {
		t.Fatalf("%v %v", out.Value, err)
	}
	_ = os.Stdout
}

func TestRangeOverIntAndBuiltins(t *testing.T) {
	h := newHarness(t, nil)
	h.run("import \"fmt\"\nn := 3")
	h.run("for i := range 3 { fmt.Print(i) }\nfor range n { fmt.Print(\"x\") }\nfunc f(k int) int { s := 0; for i := range k { s += i }; return s }\nfmt.Println()")
	if got := h.out.String(); got != "012xxx\n" {
		t.Fatalf("stdout %q", got)
	}
	if v := h.value("f(5)"); v != "10" {
		t.Fatal(v)
	}
	// Integers known from fields, elements and function results.
	h.out.Reset()
	h.run("type cfg struct{ N int }\nc := cfg{N: 2}\nns := []int{3}\nfunc three() int { return 3 }")
	h.run("for i := range c.N { fmt.Print(i) }\nfor i := range ns[0] { fmt.Print(i) }\nfor i := range three() { fmt.Print(i) }")
	if got := h.out.String(); got != "01012012" {
		t.Fatalf("stdout %q", got)
	}
	// Integers of types the syntax does not show: retried as integers after yaegi fails.
	h.run("type box struct{ N int }\nfunc count(b box) int {\n\ts := 0\n\tfor i := range b.N {\n\t\ts += i\n\t}\n\treturn s\n}")
	if v := h.value("count(box{4})"); v != "6" {
		t.Fatalf("count = %s", v)
	}
	h.out.Reset()
	h.run("q := box{3}\nfor i := range q.N { fmt.Print(i) }")
	if got := h.out.String(); got != "012" {
		t.Fatalf("stdout %q", got)
	}
	cases := map[string]string{
		"min(3, 1, 2)":  "1",
		"max(2.5, 1.0)": "2.5",
		"min(10, n)":    "3",
		"max(n, 7)":     "7",
		`min("b", "a")`: "a",
		"m := map[string]int{\"a\": 1}\nclear(m)\nlen(m)": "0",
		"s := []int{1, 2}\nclear(s)\ns":                   "[0 0]",
	}
	for c, want := range cases {
		if v := h.value(c); v != want {
			t.Errorf("%q = %q, want %q", c, v, want)
		}
	}
	// A user's own min is not rewritten.
	if v := h.value("func min(a, b int) int { return 99 }\nmin(1, 2)"); v != "99" {
		t.Errorf("user min: %q", v)
	}
}

func TestUnsupportedConstructs(t *testing.T) {
	h := newHarness(t, nil)
	// Range over a function was refused; lower.RangeFunc now runs it.
	if v := h.value("n := 0\nfor x := range func(yield func(int) bool) { _ = yield(2) && yield(3) } {\n\tn += x\n}\nn"); v != "5" {
		t.Errorf("range over a function literal: %q", v)
	}
	for _, c := range []string{"import \"os\"\nos.Args = nil"} {
		e := h.fail(c)
		if e.Name != "UnsupportedError" {
			t.Errorf("cell %q: %s %q", c, e.Name, e.Value)
		}
	}
	h.run("alive := 1")
	if v := h.value("alive"); v != "1" {
		t.Fatal(v)
	}
}

func TestRedefinition(t *testing.T) {
	h := newHarness(t, nil)
	h.run("func f() int { return 1 }\nfunc g() int { return 10 * f() }\nkeep := []float64{1, 2}\ncount := 3")
	if v := h.value("g()"); v != "10" {
		t.Fatal(v)
	}
	// A redefined function takes effect in earlier callers; variables survive.
	h.run("func f() int { return 2 }")
	if v := h.value("g()"); v != "20" {
		t.Fatalf("g() after redefining f = %s", v)
	}
	if v := h.value("keep[1] + float64(count)"); v != "5" {
		t.Fatal(v)
	}
	// A redefined type takes effect.
	h.run("type T struct{ A int }\nfunc (t T) M() int { return t.A }")
	h.run("type T struct{ A, B int }\nfunc (t T) M() int { return t.A + t.B }")
	if v := h.value("T{A: 1, B: 2}.M()"); v != "3" {
		t.Fatal(v)
	}
	// A redefined method takes effect.
	h.run("func (t T) M() int { return 100 * t.A }")
	if v := h.value("T{A: 1}.M()"); v != "100" {
		t.Fatal(v)
	}
	// A variable of an unchanged notebook type survives a redefinition.
	h.run("tv := T{A: 4, B: 5}")
	h.run("func f() int { return 3 }")
	if v := h.value("tv.B"); v != "5" {
		t.Fatalf("tv.B = %s", v)
	}
	// A failed redefinition keeps the old definition.
	e := h.fail("func f() int { return undefinedThing }")
	if e.Name != "CompileError" || !strings.HasPrefix(e.Value, "1:23: undefined: undefinedThing") {
		t.Errorf("%s %q", e.Name, e.Value)
	}
	if v := h.value("g()"); v != "30" {
		t.Fatal(v)
	}
	// A new declaration that uses a name no cell has declared waits for it; using it
	// before then is a NameError.
	h.run("func p() int { return q() }")
	if e := h.fail("p()"); e.Name != "NameError" {
		t.Errorf("%s %q", e.Name, e.Value)
	}
	if v := h.value("func q() int { return 5 }\nfunc p() int { return q() }\np()"); v != "5" {
		t.Fatal(v)
	}
	// A redefinition that breaks an earlier caller says so and keeps the old one.
	e = h.fail("func f(x int) int { return x }")
	if !strings.Contains(e.Value, "earlier definition of g") || !strings.Contains(e.Value, "%reset") {
		t.Errorf("%q", e.Value)
	}
	if v := h.value("g()"); v != "30" {
		t.Fatal(v)
	}
}

func TestReset(t *testing.T) {
	h := newHarness(t, nil)
	h.run("import \"fmt\"\nx := 1\nfunc f() {}")
	h.run("%reset")
	if e := h.fail("x"); e.Name != "CompileError" {
		t.Fatal(e)
	}
	h.run("import \"fmt\"\nfmt.Println(\"ok\")")
}

func TestInput(t *testing.T) {
	var prompts int
	h := newHarness(t, func(prompt string, password bool) (string, error) {
		prompts++
		return "21 abc", nil
	})
	if v := h.value("import \"fmt\"\nvar n int\nvar s string\nfmt.Scan(&n, &s)\nfmt.Sprint(2*n, s)"); v != "42abc" {
		t.Fatalf("%q", v)
	}
	if v := h.value("import (\"bufio\"; \"os\")\nline, _ := bufio.NewReader(os.Stdin).ReadString('\\n')\nline"); v != "21 abc\n" {
		t.Fatalf("%q", v)
	}
	if prompts != 2 {
		t.Errorf("prompts %d", prompts)
	}
	// Without Input, a read fails at once.
	h2 := newHarness(t, nil)
	start := time.Now()
	v := h2.value("import \"fmt\"\nvar k int\n_, err := fmt.Scan(&k)\nerr != nil")
	if v != "true" || time.Since(start) > time.Second {
		t.Fatalf("%q after %v", v, time.Since(start))
	}
}

func TestRichMethods(t *testing.T) {
	h := newHarness(t, nil)
	out, err := h.s.Execute(context.Background(), "type H struct{ N int }\nfunc (h H) HTML() string { return \"<b>hi</b>\" }\nfunc (h H) String() string { return \"H!\" }\nH{1}")
	if err != nil || out.Value == nil {
		t.Fatal(err)
	}
	if out.Value.Data["text/html"] != "<b>hi</b>" || out.Value.Text() != "H!" {
		t.Fatalf("%v", out.Value.Data)
	}
	out, err = h.s.Execute(context.Background(), "type M int\nfunc (M) Markdown() string { return \"**m**\" }\nM(1)")
	if err != nil || out.Value == nil || out.Value.Data["text/markdown"] != "**m**" {
		t.Fatalf("%v %v", out.Value, err)
	}
}

func TestCompiledValueRendering(t *testing.T) {
	h := newHarness(t, nil)
	out, err := h.s.Execute(context.Background(), "import \"gonum.org/v1/gonum/mat\"\nmat.NewDense(2, 2, []float64{1, 2, 3, 4})")
	if err != nil || out.Value == nil {
		t.Fatal(err)
	}
	if len(out.Value.Data) < 2 {
		t.Errorf("matrix rendered as %v only", out.Value.Data)
	}
}

func TestMagics(t *testing.T) {
	h := newHarness(t, nil)
	out, err := h.s.Execute(context.Background(), "%help")
	if err != nil || out.Page == nil || !strings.Contains(out.Page.Text(), "%timeit") {
		t.Fatal(out, err)
	}
	e := h.fail("%nope")
	if e.Name != "MagicError" || !strings.Contains(e.Value, "%reset") {
		t.Fatal(e)
	}
	h.run("type Pt struct{ X int }\nfunc area() float64 { return 1 }\nvalue := 3.5\npt := &Pt{1}")
	h.out.Reset()
	h.run("%who")
	who := h.out.String()
	for _, want := range []string{"value", "float64", "area", "Pt", "pt", "*Pt"} {
		if !strings.Contains(who, want) {
			t.Errorf("%%who lacks %q: %q", want, who)
		}
	}
	h.out.Reset()
	h.run("!echo from-shell; exit 3")
	if !strings.Contains(h.out.String(), "from-shell") || !strings.Contains(h.err.String(), "exit status 3") {
		t.Errorf("shell: %q %q", h.out.String(), h.err.String())
	}
	h.out.Reset()
	h.run("%time y := 2\ny2 := y * 2")
	if !strings.Contains(h.out.String(), "wall time") {
		t.Error(h.out.String())
	}
	if v := h.value("y2"); v != "4" {
		t.Fatal(v)
	}
	h.out.Reset()
	h.run("%timeit _ = y * 3")
	if !strings.Contains(h.out.String(), "ns/op") {
		t.Error(h.out.String())
	}
	h.run("%env HESSNOTE_TEST_VAR=abc")
	if v := h.value("import \"os\"\nos.Getenv(\"HESSNOTE_TEST_VAR\")"); v != "abc" {
		t.Errorf("env %q", v)
	}
	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	dir := t.TempDir()
	h.run("%cd " + dir)
	if v := h.value("wd, _ := os.Getwd()\nwd"); v != dir {
		t.Errorf("cd: %q", v)
	}
	a := h.value("%seed 5\nimport \"math/rand\"\nrand.Float64()")
	b := h.value("%seed 5\nrand.Float64()")
	if a != b {
		t.Errorf("seed: %s != %s", a, b)
	}
	a = h.value("%seed 7\nimport r2 \"math/rand/v2\"\nr2.IntN(1000000)")
	b = h.value("%seed 7\nr2.IntN(1000000)")
	if a != b {
		t.Errorf("seed v2: %s != %s", a, b)
	}
	h.run("%%html\n<b>x</b>")
	h.sink.mu.Lock()
	last := h.sink.got[len(h.sink.got)-1]
	h.sink.mu.Unlock()
	if last.Data["text/html"] != "<b>x</b>" {
		t.Errorf("%%%%html: %v", last.Data)
	}
	out, err = h.s.Execute(context.Background(), "mat.NewDense?")
	if err != nil || out.Page == nil || !strings.Contains(out.Page.Text(), "NewDense creates") {
		t.Errorf("name?: %v %v", out.Page, err)
	}
	// Line numbers of Go code after magic lines are those of the cell.
	e = h.fail("%time z := 1\nq := undefinedVar")
	if !strings.HasPrefix(e.Value, "2:6") {
		t.Errorf("position after magic: %q", e.Value)
	}
}

func TestComplete(t *testing.T) {
	h := newHarness(t, nil)
	h.run("import \"gonum.org/v1/gonum/mat\"\ntype P struct{ Alpha, Beta int }\np := P{1, 2}\nd := mat.NewDense(2, 2, nil)")
	cases := []struct {
		code       string
		cursor     int
		want       string
		start, end int
	}{
		{"mat.NewD", 8, "NewDense", 4, 8},
		{"p.Al", 4, "Alpha", 2, 4},
		{"d.", 2, "Mul", 2, 2},
		{"import \"gonum.org/v1/gonum/m", 28, "gonum.org/v1/gonum/mat", 8, 28},
		{"import (\n\t\"fm", 12, "fmt", 11, 12},
		{"fo", 2, "for", 0, 2},
		{"xyzzy := 1\nxy", 13, "xyzzy", 11, 13},
		{"floats.Su", 9, "Sum", 7, 9},
		{"é := 1; é2 := 2\né", 17, "é2", 16, 17},
	}
	for _, c := range cases {
		m, s, e := h.s.Complete(c.code, c.cursor)
		found := false
		for _, x := range m {
			found = found || x == c.want
		}
		if !found || s != c.start || e != c.end {
			t.Errorf("%q: %v [%d,%d), want %q [%d,%d)", c.code, m, s, e, c.want, c.start, c.end)
		}
	}
}

func TestInspect(t *testing.T) {
	h := newHarness(t, nil)
	h.run("import \"gonum.org/v1/gonum/mat\"\n// P is a point.\ntype P struct{ Alpha int }\np := P{1}\nd := mat.NewDense(1, 1, nil)")
	cases := map[string]string{
		"mat.NewDense(": "func NewDense(r, c int, data []float64) *Dense",
		"fmt.Println":   "Println formats",
		"P":             "// P is a point.\ntype P struct{ Alpha int }",
		"p":             "p P = {1}",
		"optim.Problem": "type Problem struct",
		"floats.Sum(x)": "func Sum(s []float64) float64",
		"d.Mul":         "func (m *Dense) Mul(a, b Matrix)",
	}
	for code, want := range cases {
		b, ok := h.s.Inspect(code, 2, 0)
		if !ok || !strings.Contains(b.Text(), want) {
			t.Errorf("%q: %v %q, want %q", code, ok, b.Text(), want)
		}
	}
	if _, ok := h.s.Inspect("   ", 1, 0); ok {
		t.Error("found something in blanks")
	}
}

func TestIsComplete(t *testing.T) {
	h := newHarness(t, nil)
	cases := map[string][2]string{
		"x := 1":                         {"complete", ""},
		"func f() {":                     {"incomplete", "\t"},
		"s := `raw":                      {"incomplete", ""},
		"x := 1 +":                       {"incomplete", ""},
		"x := )":                         {"invalid", ""},
		"if true {\n\tfor {":             {"incomplete", "\t\t"},
		"s := \"abc":                     {"invalid", ""},
		"x := 1 2":                       {"invalid", ""},
		"%time x":                        {"complete", ""},
		"fmt.Println?":                   {"complete", ""},
		"import \"fmt\"\nfmt.Println(1)": {"complete", ""},
	}
	for code, want := range cases {
		st, ind := h.s.IsComplete(code)
		if st != want[0] || ind != want[1] {
			t.Errorf("%q: %s %q, want %s %q", code, st, ind, want[0], want[1])
		}
	}
}

func TestYaegiTraps(t *testing.T) {
	h := newHarness(t, nil)
	// Redeclaring a variable with a new type.
	h.run("x := 1")
	if v := h.value("x := \"now a string\"\nx"); v != "now a string" {
		t.Fatal(v)
	}
	// Generic inference with two type parameters (rewritten to explicit arguments).
	h.run("func Map[T, U any](xs []T, f func(T) U) []U {\n\tvar out []U\n\tfor _, x := range xs {\n\t\tout = append(out, f(x))\n\t}\n\treturn out\n}")
	if v := h.value("Map([]int{1, 2}, func(i int) string { return \"a\" })"); v != "[a a]" {
		t.Fatal(v)
	}
	if v := h.value("ys := []float64{1, 2}\nMap(ys, func(y float64) float64 { return 2 * y })"); v != "[2 4]" {
		t.Fatal(v)
	}
	// Untyped constants against a constraint.
	h.run("func Max[T int | float64](a, b T) T {\n\tif a > b {\n\t\treturn a\n\t}\n\treturn b\n}")
	if v := h.value("Max(2.5, 1.0)"); v != "2.5" {
		t.Fatal(v)
	}
	// slices.Max, missing from yaegi's stdlib, comes from interp/stdsrc.
	if v := h.value("import \"slices\"\nslices.Max([]int{1, 3, 2})"); v != "3" {
		t.Errorf("%q", v)
	}
	// A top-level := of a generic call of unknown type gives a clear message.
	h.run("func Id[T any](v T) T { return v }")
	h.run("type C float64")
	if v := h.value("m := min(x, \"b\")\nm"); v != "b" {
		t.Errorf("min of strings: %q", v)
	}
	// nil and errors as values.
	if v := h.value("nil"); v != "<nil>" {
		t.Errorf("nil: %q", v)
	}
	if v := h.value("import \"errors\"\nerrors.New(\"bad\")"); !strings.Contains(v, "bad") {
		t.Errorf("error value: %q", v)
	}
}

func TestRunawayRecursion(t *testing.T) {
	h := newHarness(t, nil)
	h.run("import \"fmt\"\nkept := 1")
	e := h.fail("func down(n int) int { return down(n+1) + 1 }\ndown(0)")
	if e.Name != "RecursionError" || !strings.Contains(e.Value, "call depth exceeded 10000 in down") {
		t.Fatalf("%s %q", e.Name, e.Value)
	}
	// The classic: a String method that formats its receiver with %v stops the cell
	// with the hint.
	e = h.fail("type T struct{ A int }\nfunc (t T) String() string { return fmt.Sprintf(\"%v\", t) }\nfmt.Println(T{1})")
	if e.Name != "RecursionError" || !strings.Contains(e.Value, "in String") || !strings.Contains(e.Value, "formats its own receiver") {
		t.Fatalf("%s %q", e.Name, e.Value)
	}
	// Rendered as the value of a cell, the String method gives the error as its text.
	if v := h.value("T{2}"); !strings.Contains(v, "call depth exceeded") {
		t.Fatalf("%q", v)
	}
	// Deep but finite recursion still works.
	if v := h.value("func depth(n int) int { if n == 0 { return 0 }; return depth(n-1) + 1 }\ndepth(5000)"); v != "5000" {
		t.Fatal(v)
	}
	if v := h.value("kept"); v != "1" {
		t.Fatal(v)
	}
}

func TestPackageClause(t *testing.T) {
	h := newHarness(t, nil)
	if v := h.value("package main\n\nimport \"fmt\"\n\nfunc hello() string { return fmt.Sprint(\"hi\") }\n\nhello()"); v != "hi" {
		t.Fatal(v)
	}
}

func TestCloseRestoresStdio(t *testing.T) {
	before := os.Stdout
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if os.Stdout == before {
		t.Fatal("stdout not replaced")
	}
	if _, err := s.Execute(context.Background(), "import \"fmt\"\nfmt.Println(\"discarded\")"); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if os.Stdout != before {
		t.Fatal("stdout not restored")
	}
	var e *Error
	if _, err := s.Execute(context.Background(), "1"); !errors.As(err, &e) {
		t.Fatal("closed session ran a cell")
	}
}

func TestCompleteWhileBusy(t *testing.T) {
	h := newHarness(t, nil)
	h.run("import \"time\"\nbusyVar := 1")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		h.s.Execute(ctx, "time.Sleep(time.Minute)")
		close(done)
	}()
	time.Sleep(50 * time.Millisecond)
	// Completion does not wait for the running cell; it answers from code and packages.
	start := time.Now()
	m, _, _ := h.s.Complete("mat.NewD", 8)
	if time.Since(start) > time.Second || len(m) == 0 {
		t.Errorf("busy completion: %v after %v", m, time.Since(start))
	}
	if _, ok := h.s.Inspect("fmt.Println", 5, 0); !ok {
		t.Error("busy inspection found nothing")
	}
	cancel()
	<-done
}

// TestCourseCell runs what a course notebook does: a problem with interpreted
// derivatives, a compiled solver, and a plot as the cell's value.
func TestCourseCell(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import (
	"context"
	"math"

	"github.com/hessnote/hessnote/display"
	"github.com/hessnote/hessnote/optim"
)

rosen := optim.Problem{
	Func: func(x []float64) float64 {
		a, b := 1-x[0], x[1]-x[0]*x[0]
		return a*a + 100*b*b
	},
	Grad: func(g, x []float64) {
		g[0] = -2*(1-x[0]) - 400*x[0]*(x[1]-x[0]*x[0])
		g[1] = 200 * (x[1] - x[0]*x[0])
	},
}
res, err := optim.Minimize(context.Background(), rosen, []float64{-1.2, 1}, &optim.BFGS{}, optim.Settings{})`)
	if v := h.value("err == nil && math.Abs(res.X[0]-1) < 1e-4 && math.Abs(res.X[1]-1) < 1e-4"); v != "true" {
		t.Fatalf("BFGS on Rosenbrock: %s (%s)", v, h.value("res.Status"))
	}
	out, err := h.s.Execute(context.Background(), "display.Convergence(res)")
	if err != nil || out.Value == nil {
		t.Fatal(err)
	}
	if _, ok := out.Value.Data["image/png"]; !ok {
		t.Errorf("plot value rendered as %v", keys(out.Value.Data))
	}
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestRerunCell(t *testing.T) {
	h := newHarness(t, nil)
	cell := "import \"fmt\"\nconst k = 2\ntype T struct{ A int }\nfunc (t T) M() int { return t.A * k }\nfunc f() int { return T{3}.M() }\nv := f()\nfmt.Println(v)"
	for i := 0; i < 3; i++ {
		h.run(cell)
	}
	// The same cell edited: every definition in it changes at once.
	h.run(strings.NewReplacer("A int", "A, B int", "t.A * k", "(t.A + t.B) * k", "T{3}", "T{3, 4}").Replace(cell))
	if got := h.out.String(); got != "6\n6\n6\n14\n" {
		t.Fatalf("%q", got)
	}
}

// TestBLASMagic: %blas shows the active BLAS, `%blas deterministic` installs gonum's
// pure Go, an unknown mode is a MagicError, and `%blas fast` works exactly when the
// build has OpenBLAS.
func TestBLASMagic(t *testing.T) {
	defer openblas.Use(openblas.Deterministic)
	h := newHarness(t, nil)
	h.out.Reset()
	h.run("%blas deterministic")
	if !strings.Contains(h.out.String(), "BLAS: deterministic") || openblas.Active() != openblas.Deterministic {
		t.Errorf("%%blas deterministic: %q, active %v", h.out.String(), openblas.Active())
	}
	if e := h.fail("%blas quick"); e.Name != "MagicError" {
		t.Errorf("%%blas quick: %v", e)
	}
	h.out.Reset()
	if openblas.Available() {
		h.run("%blas fast")
		if !strings.Contains(h.out.String(), "BLAS: fast: OpenBLAS") || openblas.Active() != openblas.Fast {
			t.Errorf("%%blas fast: %q", h.out.String())
		}
		h.out.Reset()
		h.run("%blas")
		if !strings.Contains(h.out.String(), "BLAS: fast") {
			t.Errorf("%%blas: %q", h.out.String())
		}
	} else if e := h.fail("%blas fast"); e.Name != "MagicError" || !strings.Contains(e.Value, "no OpenBLAS") {
		t.Errorf("%%blas fast without OpenBLAS: %v", e)
	}
}
