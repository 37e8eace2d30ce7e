package interp

import (
	"errors"
	"testing"
	"time"
)

// Go's test ken/chan.go: goroutines running the same select statement at once. yaegi
// fills one slice of cases per statement, so a goroutine received from another
// goroutine's channel.
func TestSelectRunByManyGoroutines(t *testing.T) {
	h := newHarness(t, nil)
	h.run("import \"runtime\"")
	h.run(`func relay(id int, in <-chan int, out chan<- [2]int, done chan<- bool) {
	for {
		select {
		case v, ok := <-in:
			if !ok {
				done <- true
				return
			}
			out <- [2]int{id, v}
		default:
			runtime.Gosched()
		}
	}
}
func mixed() int {
	n, m := 8, 300
	out := make(chan [2]int, n*m)
	done := make(chan bool)
	ins := make([]chan int, n)
	for id := 0; id < n; id++ {
		ins[id] = make(chan int)
		go relay(id, ins[id], out, done)
	}
	for k := 0; k < m; k++ {
		for id := 0; id < n; id++ {
			ins[id] <- id*1000 + k
		}
	}
	for id := 0; id < n; id++ {
		close(ins[id])
	}
	for i := 0; i < n; i++ {
		<-done
	}
	close(out)
	bad := 0
	for p := range out {
		if p[1]/1000 != p[0] {
			bad++
		}
	}
	return bad
}`)
	if v := h.value("mixed()"); v != "0" {
		t.Fatalf("%s values came from another goroutine's channel", v)
	}
}

// A goroutine blocked in a select (compiled code, see selectCases) goes on after its
// cell ended, and an interrupt stops a cell blocked in a select.
func TestSelectInterruptAndLaterCells(t *testing.T) {
	if raceEnabled {
		t.Skip("a goroutine of an earlier cell runs while later cells resize yaegi's global frame, and the interrupted cell's goroutine is not waited for (see race_on_test.go)")
	}
	h := newHarness(t, nil)
	h.run("c := make(chan int)\nres := make(chan int, 1)\ngo func() {\n\tselect {\n\tcase v := <-c:\n\t\tres <- v + 1\n\t}\n}()")
	h.run("x := 1")
	if v := h.value("c <- 41\n<-res"); v != "42" {
		t.Fatal(v)
	}
	start := time.Now()
	_, err := h.withTimeout(200*time.Millisecond, "d := make(chan int)\nselect {\ncase <-d:\ncase <-d:\n}")
	var e *Error
	if !errors.As(err, &e) || e.Name != "Interrupted" {
		t.Fatalf("%v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("the interrupt took %v", d)
	}
	if v := h.value("x + 1"); v != "2" {
		t.Fatal(v)
	}
}
