package interp

import (
	"strings"
	"testing"
	"time"
)

// mutexSum adds 0..999 into t in 1,000 goroutines under a mutex, the case of issue 13.
const mutexSum = `var mu sync.Mutex
	var wg sync.WaitGroup
	t := 0
	for k := 0; k < 1000; k++ {
		wg.Add(1)
		go func(k int) { defer wg.Done(); mu.Lock(); t += k; mu.Unlock() }(k)
	}
	wg.Wait()`

// sumCells are functions (declared in one cell, called from later ones) that add 0..999
// in 1,000 goroutines, in the ways a notebook user writes it. Each must return 499500
// on every call: issue 13 measured 493,484 / 493,193 / 494,468, "call of nil function"
// and a dead process for the first one.
var sumCells = []struct{ name, decl, call string }{
	{"mutex", "func sumMutex() int {\n\t" + mutexSum + "\n\treturn t\n}", "sumMutex()"},
	// The loop variable captured by the goroutine's closure (Go 1.22 semantics).
	{"captured loop variable", `func sumCaptured() int {
	var mu sync.Mutex
	var wg sync.WaitGroup
	t := 0
	for k := 0; k < 1000; k++ {
		wg.Add(1)
		go func() { defer wg.Done(); mu.Lock(); t += k; mu.Unlock() }()
	}
	wg.Wait()
	return t
}`, "sumCaptured()"},
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
	// A per-iteration variable of the loop body, read by the goroutine.
	{"body variable", `func sumBodyVar() int {
	var mu sync.Mutex
	var wg sync.WaitGroup
	t := 0
	for k := 0; k < 1000; k++ {
		j := k
		wg.Add(1)
		go func() { defer wg.Done(); mu.Lock(); t += j; mu.Unlock() }()
	}
	wg.Wait()
	return t
}`, "sumBodyVar()"},
}

// Functions that add 0..999 in 1,000 goroutines return 499500 on every call, through the
// session's rewrite of go statements.
func TestGoroutineSum(t *testing.T) {
	for _, c := range sumCells {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			h := newHarness(t, nil)
			h.run("import (\"sync\"; \"sync/atomic\")")
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
	cell := "var sums []int\nfor r := 0; r < 5; r++ {\n\t" + mutexSum + "\n\tsums = append(sums, t)\n}\nfmt.Sprint(sums)"
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
