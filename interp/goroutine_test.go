package interp

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// A panic in a goroutine started by the running cell ends the cell at once with one
// GoroutinePanic error; the session and its state survive.
func TestGoroutinePanicEndsCell(t *testing.T) {
	if raceEnabled {
		t.Skip("the cell is stopped like an interrupt: yaegi does not wait for its goroutine (see race_on_test.go)")
	}
	h := newHarness(t, nil)
	h.run("keep := 41\nimport \"time\"")
	start := time.Now()
	e := h.fail("go func() { panic(\"in goroutine\") }()\ntime.Sleep(5 * time.Second)")
	if e.Name != "GoroutinePanic" || e.Value != "in goroutine" {
		t.Fatalf("%s %q", e.Name, e.Value)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("the cell was not stopped: %v", d)
	}
	if tb := strings.Join(e.Traceback, "\n"); !strings.Contains(tb, "in a function literal") {
		t.Errorf("traceback %q", e.Traceback)
	}
	if s := h.err.String(); s != "" {
		t.Errorf("stderr %q (the panic must be reported once, as the error)", s)
	}
	if v := h.value("keep + 1"); v != "42" {
		t.Fatal(v)
	}
	// A runtime error in a named function run as a goroutine.
	e = h.fail("func crash() { var m map[string]int; m[\"a\"] = 1 }\ngo crash()\ntime.Sleep(5 * time.Second)")
	if e.Name != "GoroutinePanic" || !strings.Contains(e.Value, "nil map") {
		t.Fatalf("%s %q", e.Name, e.Value)
	}
	if tb := strings.Join(e.Traceback, "\n"); !strings.Contains(tb, "in crash") {
		t.Errorf("traceback %q", e.Traceback)
	}
	if v := h.value("keep + 2"); v != "43" {
		t.Fatal(v)
	}
	// The function of time.AfterFunc runs in a goroutine of its own.
	e = h.fail("time.AfterFunc(time.Millisecond, func() { panic(\"timer\") })\ntime.Sleep(5 * time.Second)")
	if e.Name != "GoroutinePanic" || e.Value != "timer" {
		t.Fatalf("%s %q", e.Name, e.Value)
	}
	if v := h.value("keep + 3"); v != "44" {
		t.Fatal(v)
	}
}

// A goroutine that panics after its cell finished is reported on stderr at the start of
// the next cell, which runs normally; one started by an earlier cell that panics while
// another cell runs is reported on that cell's stderr.
func TestGoroutinePanicLater(t *testing.T) {
	if raceEnabled {
		t.Skip("yaegi's goroutines that outlive their cell race with the next cell's compilation")
	}
	h := newHarness(t, nil)
	h.run("import (\"fmt\"; \"time\")\nrelease := make(chan bool)\ngo func() { <-release; panic(\"late\") }()")
	h.run("close(release)\ntime.Sleep(50 * time.Millisecond)")
	if s := h.err.String(); !strings.Contains(s, "panic in goroutine: late") {
		t.Fatalf("stderr %q", s)
	}
	h.err.Reset()
	// Idle: the goroutine panics between cells.
	h.run("idle := make(chan bool)\ngo func() { <-idle; panic(\"while idle\") }()")
	h.run("close(idle)")
	time.Sleep(50 * time.Millisecond)
	h.out.Reset()
	h.run("fmt.Println(\"next cell\")")
	if s := h.err.String(); !strings.Contains(s, "panic in goroutine: while idle") {
		t.Fatalf("stderr %q", s)
	}
	if s := h.out.String(); s != "next cell\n" {
		t.Fatalf("stdout %q", s)
	}
}

// A user interrupt stays an interrupt.
func TestInterruptIsNotGoroutinePanic(t *testing.T) {
	h := newHarness(t, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := h.s.Execute(ctx, "import \"time\"\ngo func() { time.Sleep(time.Hour) }()\ntime.Sleep(5 * time.Second)")
	var e *Error
	if !errors.As(err, &e) || e.Name != "Interrupted" {
		t.Fatalf("%v", err)
	}
}
