package interp

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// recursionCases are runaway recursions the depth guard must stop with an error that
// leaves the session alive. Before the guard covered them, each killed the process
// with Go's fatal "goroutine stack exceeds" error, so each runs in a child process.
var recursionCases = map[string][]string{
	// Mutual recursion across cells: a is redefined to call b of an earlier cell.
	"crosscell": {
		"func a(n int) int { return n }",
		"func b(n int) int { return a(n+1) }",
		"func a(n int) int { return b(n+1) }",
	},
	// Mutual recursion within one cell.
	"incell": {
		"func a(n int) int { return b(n+1) }\nfunc b(n int) int { return a(n+1) }",
	},
	// Recursion through a function-typed variable.
	"funcvalue": {
		"var fv func(int) int",
		"fv = func(n int) int { return fv(n+1) + 1 }\nfunc a(n int) int { return fv(n) }",
	},
	// Recursion through a field of function type (s.f(): a value, known from the
	// types; the syntax took it for a method call and left a unguarded).
	"field": {
		"type S struct{ f func(int) int }\nvar s0 S",
		"func a(n int) int { return s0.f(n+1) + 1 }",
		"s0.f = a",
	},
	// A recursive cell function called by compiled code (the optimizer).
	"compiled": {
		"import (\n\t\"context\"\n\t\"github.com/hessnote/hessnote/optim\"\n)",
		"func a(n int) int { return a(n+1) + 1 }\nfunc f(x []float64) float64 { return float64(a(0)) }",
		"func run() { _, _ = optim.Minimize(context.Background(), optim.Problem{Func: f, Grad: func(g, x []float64) { g[0] = 1 }}, []float64{1}, &optim.GradientDescent{}, optim.Settings{}) }",
	},
}

// TestRecursionChild runs one case of recursionCases in a child process (see
// TestRunawayRecursionSurvives); it is skipped otherwise.
func TestRecursionChild(t *testing.T) {
	name := os.Getenv("HESSNOTE_RECURSION_CASE")
	if name == "" {
		t.Skip("runs only as a child of TestRunawayRecursionSurvives")
	}
	h := newHarness(t, nil)
	h.run("kept := 41")
	for _, c := range recursionCases[name] {
		t0 := time.Now()
		h.run(c)
		t.Logf("%v: %q", time.Since(t0), c)
	}
	t0 := time.Now()
	defer func() { t.Logf("%v: the call and after", time.Since(t0)) }()
	call := "a(0)"
	if name == "compiled" {
		call = "run()"
	}
	e := h.fail(call)
	if e.Name != "RecursionError" || !strings.Contains(e.Value, "call depth exceeded") {
		t.Fatalf("%s: %q", e.Name, e.Value)
	}
	if name != "compiled" && !strings.Contains(e.Value, " in a") && !strings.Contains(e.Value, " in b") && !strings.Contains(e.Value, " in fv") {
		t.Errorf("the error does not name the function: %q", e.Value)
	}
	if v := h.value("kept + 1"); v != "42" {
		t.Fatalf("state lost: %q", v)
	}
	// The session still runs deep but finite recursion after the error.
	if v := h.value("func depth(n int) int { if n == 0 { return 0 }; return depth(n-1) + 1 }\ndepth(3000)"); v != "3000" {
		t.Fatal(v)
	}
}

// TestRunawayRecursionSurvives runs each case of recursionCases in a child process
// (a re-run of this test binary) and requires it to end cleanly: a fatal stack
// overflow would kill the child, not go test.
func TestRunawayRecursionSurvives(t *testing.T) {
	if os.Getenv("HESSNOTE_RECURSION_CASE") != "" {
		t.Skip("child")
	}
	for name := range recursionCases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(os.Args[0], "-test.run=^TestRecursionChild$", "-test.v")
			cmd.Env = append(os.Environ(), "HESSNOTE_RECURSION_CASE="+name)
			out, err := cmd.CombinedOutput()
			if i := strings.Index(string(out), "stack exceeds"); i >= 0 {
				t.Fatalf("the process died of a stack overflow: %s", strings.SplitN(string(out[i:]), "\n", 2)[0])
			}
			if err != nil || !strings.Contains(string(out), "--- PASS: TestRecursionChild") {
				t.Fatalf("child failed (%v):\n%s", err, tail(string(out), 30))
			}
		})
	}
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	l := strings.Split(s, "\n")
	if len(l) > n {
		l = l[len(l)-n:]
	}
	return strings.Join(l, "\n")
}

// TestGuardChoice checks which functions get the depth guard: those on a cycle of the
// session's call graph (across cells), those that call a function value, and fmt's
// methods; not plain helpers, which would pay its cost on every call.
func TestGuardChoice(t *testing.T) {
	h := newHarness(t, nil)
	h.run("func sq(x float64) float64 { return x * x }\nfunc b(n int) int { return n }")
	h.run("func c(n int) int { return b(n) + 1 }")
	for _, c := range []struct {
		code    string
		guarded map[string]bool
	}{
		{"func sum(n int) float64 { s := 0.0; for i := 0; i < n; i++ { s += sq(float64(i)) }; return s }", map[string]bool{"sum": false}},
		// b calls c of another cell, which calls b.
		{"func b(n int) int { return c(n) }", map[string]bool{"b": true}},
		{"func d(n int) int { return d(n-1) }", map[string]bool{"d": true}},
		{"func apply(f func(float64) float64, x float64) float64 { return f(x) }", map[string]bool{"apply": true}},
		{"type P struct{}\nfunc (p P) String() string { return \"p\" }", map[string]bool{"String": true}},
		{"var g func(int) int\nfunc e(n int) int { lit := func() int { return g(n) }; return lit() }", map[string]bool{"e": true, "a function literal": true}},
		{"func hand() { _ = []func(){func() {}} }", map[string]bool{"hand": false, "a function literal": false}},
	} {
		res, err := h.s.typeCheck(c.code)
		if err != nil {
			t.Fatal(err)
		}
		h.s.cellRes = res // as runGo does: the rewriter takes the types of the cell
		chunks, err := h.s.prepare(c.code, false)
		if err != nil {
			t.Fatal(err)
		}
		var text strings.Builder
		for _, ch := range chunks {
			text.WriteString(ch.text)
		}
		for name, want := range c.guarded {
			if got := strings.Contains(text.String(), guardFor(name)); got != want {
				t.Errorf("%q: guard of %s = %v, want %v:\n%s", c.code, name, got, want, text.String())
			}
		}
	}
}
