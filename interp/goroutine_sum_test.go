package interp

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"
	"time"
)

// mutexSum returns statements that add 0..999 into t: in a loop over k from 0 to 999
// with body (which starts goroutines that call wg.Done), under the mutex mu.
func mutexSum(body string) string {
	return "var mu sync.Mutex\n\tvar wg sync.WaitGroup\n\tt := 0\n\tfor k := 0; k < 1000; k++ {\n" + body + "\n\t}\n\twg.Wait()"
}

// mutexSumFunc returns the declaration of a function name() int that returns the sum
// that mutexSum(body) computes.
func mutexSumFunc(name, body string) string {
	return "func " + name + "() int {\n\t" + mutexSum(body) + "\n\treturn t\n}"
}

// goAdd is the loop body of issue 13: a goroutine that adds its argument k.
const goAdd = "\t\twg.Add(1)\n\t\tgo func(k int) { defer wg.Done(); mu.Lock(); t += k; mu.Unlock() }(k)"

// sumCells are functions (declared in one cell, called from later ones) that add 0..999
// in 1,000 goroutines, in the ways a notebook user writes it. Each must return 499500
// on every call: issue 13 measured 493,484 / 493,193 / 494,468, "call of nil function"
// and a dead process for the first one.
var sumCells = []struct{ name, decl, call string }{
	{"mutex", mutexSumFunc("sumMutex", goAdd), "sumMutex()"},
	// The loop variable captured by the goroutine's closure (Go 1.22 semantics).
	{"captured loop variable", mutexSumFunc("sumCaptured",
		"\t\twg.Add(1)\n\t\tgo func() { defer wg.Done(); mu.Lock(); t += k; mu.Unlock() }()"), "sumCaptured()"},
	// A per-iteration variable of the loop body, read by the goroutine.
	{"body variable", mutexSumFunc("sumBodyVar",
		"\t\tj := k\n\t\twg.Add(1)\n\t\tgo func() { defer wg.Done(); mu.Lock(); t += j; mu.Unlock() }()"), "sumBodyVar()"},
	// A closure made in the loop, started by go through a variable.
	{"closure variable", mutexSumFunc("sumClosureVar",
		"\t\tf := func() { defer wg.Done(); mu.Lock(); t += k; mu.Unlock() }\n\t\twg.Add(1)\n\t\tgo f()"), "sumClosureVar()"},
	// A closure made in the loop and handed to compiled code that runs it in a goroutine.
	{"time.AfterFunc", mutexSumFunc("sumAfterFunc",
		"\t\twg.Add(1)\n\t\ttime.AfterFunc(0, func() { defer wg.Done(); mu.Lock(); t += k; mu.Unlock() })"), "sumAfterFunc()"},
	// The mutex, the wait group and the total as globals, a named worker.
	{"globals and named worker", `var gmu sync.Mutex
var gwg sync.WaitGroup
var gtotal int
func addTo(k int) { defer gwg.Done(); gmu.Lock(); gtotal += k; gmu.Unlock() }
func sumGlobals() int {
	gtotal = 0
	for i := 0; i < 1000; i++ {
		gwg.Add(1)
		go addTo(i)
	}
	gwg.Wait()
	return gtotal
}`, "sumGlobals()"},
	// A named worker sending on a channel, no mutex and no wait group.
	{"channel", `func sendK(k int, out chan<- int) { out <- k }
func sumChan() int {
	out := make(chan int)
	for k := 0; k < 1000; k++ {
		go sendK(k, out)
	}
	t := 0
	for k := 0; k < 1000; k++ {
		t += <-out
	}
	return t
}`, "sumChan()"},
	{"atomic", `func sumAtomic() int64 {
	var t int64
	var wg sync.WaitGroup
	for k := 0; k < 1000; k++ {
		wg.Add(1)
		go func(k int64) { defer wg.Done(); atomic.AddInt64(&t, k) }(int64(k))
	}
	wg.Wait()
	return atomic.LoadInt64(&t)
}`, "sumAtomic()"},
}

// Functions that add 0..999 in 1,000 goroutines return 499500 on every call, through the
// session's rewrites of go statements and of function literals in loops.
func TestGoroutineSum(t *testing.T) {
	for _, c := range sumCells {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			h := newHarness(t, nil)
			h.run("import (\"sync\"; \"sync/atomic\"; \"time\")")
			h.run(c.decl)
			for r := 0; r < 5; r++ {
				out, err := h.withTimeout(30*time.Second, c.call)
				if err != nil {
					t.Fatalf("call %d: %v", r+1, err)
				}
				if out.Value == nil || out.Value.Text() != "499500" {
					t.Fatalf("call %d: got %v, want 499500", r+1, out.Value)
				}
			}
			if s := h.err.String(); s != "" {
				t.Errorf("stderr %q", s)
			}
		})
	}
}

// The same sums at the top level of a cell, where the loop is the cell's own, several
// runs in one cell and the cell run again.
func TestGoroutineSumInCell(t *testing.T) {
	h := newHarness(t, nil)
	h.run("import (\"fmt\"; \"sync\")")
	cell := "var sums []int\nfor r := 0; r < 5; r++ {\n\t" + mutexSum(goAdd) + "\n\tsums = append(sums, t)\n}\nfmt.Sprint(sums)"
	want := strings.TrimSpace(strings.Repeat("499500 ", 5))
	for run := 0; run < 3; run++ {
		out, err := h.withTimeout(30*time.Second, cell)
		if err != nil {
			t.Fatalf("run %d: %v", run+1, err)
		}
		if got := out.Value.Text(); got != "["+want+"]" {
			t.Fatalf("run %d: got %s", run+1, got)
		}
	}
}

// litFrame rewrites the function literals in a loop of their own function that are not
// called on the spot, and no others.
func TestLoopLits(t *testing.T) {
	src := `package p
func f(xs []int) {
	a := func() {}
	for i := range xs {
		b := func() { c := func() {}; _ = c }
		func() {}()
		defer func() {}()
		go func() {}()
		use(func(int) {})
		for j := 0; j < 1; j++ {
			d := func() {}
			_, _ = d, j
		}
		_, _ = b, i
	}
	_ = a
}`
	file, err := parser.ParseFile(token.NewFileSet(), "", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	lits := loopLits(file)
	ast.Inspect(file, func(x ast.Node) bool {
		if fl, ok := x.(*ast.FuncLit); ok && lits[fl] {
			got = append(got, types.ExprString(fl.Type))
		}
		return true
	})
	// b, the argument of use, and d.
	if s := strings.Join(got, " "); s != "func() func(int) func()" {
		t.Fatalf("rewritten: %s", s)
	}
	// A literal outside a loop keeps the columns of its line.
	h := newHarness(t, nil)
	if e := h.fail("g := func(a int) int { return a + undefinedY }"); !strings.HasPrefix(e.Value, "1:35: undefined: undefinedY") {
		t.Fatal(e.Value)
	}
	// In a loop, the rewritten literal still runs: a typed result and a variadic parameter.
	if v := h.value("n := 0\nfor i := 1; i <= 3; i++ {\n\tadd := func(xs ...int) (s int) {\n\t\tfor _, x := range xs {\n\t\t\ts += x * i\n\t\t}\n\t\treturn\n\t}\n\tn += add(1, 2)\n}\nn"); v != "18" {
		t.Fatal(v)
	}
}

// Goroutines that panic after the first panic of their cell has stopped it are recovered
// too: yaegi runs no interpreted code of a stopped cell, not even a deferred recover, so
// each such panic used to kill the process.
func TestGoroutinePanicAfterStop(t *testing.T) {
	if raceEnabled {
		t.Skip("the cell is stopped like an interrupt: yaegi does not wait for its goroutine (see race_on_test.go)")
	}
	h := newHarness(t, nil)
	cell := "for i := 0; i < 200; i++ {\n\tgo func() {\n\t\tfor j := 0; j < 1000; j++ {\n\t\t\tvar m map[int]int\n\t\t\tif j == 999 {\n\t\t\t\tm[j] = j\n\t\t\t}\n\t\t}\n\t}()\n}\nselect {}"
	for r := 0; r < 10; r++ {
		if e := h.fail(cell); e.Name != "GoroutinePanic" || e.Value != "assignment to entry in nil map" {
			t.Fatalf("run %d: %s %q", r+1, e.Name, e.Value)
		}
	}
	if v := h.value("1 + 1"); v != "2" {
		t.Fatal(v)
	}
}

// The function of context.AfterFunc runs in a goroutine of its own, like that of
// time.AfterFunc: a panic there ends the cell and leaves the process alive.
func TestContextAfterFuncPanic(t *testing.T) {
	if raceEnabled {
		t.Skip("the cell is stopped like an interrupt: yaegi does not wait for its goroutine (see race_on_test.go)")
	}
	h := newHarness(t, nil)
	e := h.fail("import (\"context\"; \"time\")\nctx, cancel := context.WithCancel(context.Background())\nstop := context.AfterFunc(ctx, func() { panic(\"after\") })\ncancel()\ntime.Sleep(5 * time.Second)")
	if e.Name != "GoroutinePanic" || e.Value != "after" {
		t.Fatalf("%s %q", e.Name, e.Value)
	}
	// stop still works: false once the function has run.
	if v := h.value("stop()"); v != "false" {
		t.Fatal(v)
	}
}
