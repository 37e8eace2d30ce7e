package display

import (
	"strings"
	"testing"
	"time"

	"github.com/hessnote/hessnote/optim"
)

// fakeClock advances by step each time it is read.
type fakeClock struct {
	t    time.Time
	step time.Duration
}

func (c *fakeClock) now() time.Time {
	c.t = c.t.Add(c.step)
	return c.t
}

// runMonitor reports n iterations of a converging run to m, as optim would through
// Settings.Callback.
func runMonitor(m *Monitor, n int) {
	cb := m.Callback()
	f, g := 100.0, 10.0
	for k := 0; k < n; k++ {
		if !cb(optim.Iteration{Iter: k, F: f, GradNorm: g, Stats: optim.Stats{Iterations: k, FuncEvals: k + 1}}) {
			return
		}
		f *= 0.999
		g *= 0.9995
	}
}

func TestMonitorThrottlesFastLoop(t *testing.T) {
	r := record(t)
	clk := &fakeClock{t: time.Unix(0, 0), step: time.Millisecond}
	m := NewMonitor(MonitorOptions{Name: "GD", MaxIter: 10000, Width: 200, Height: 120, Clock: clk.now})
	runMonitor(m, 10000)
	m.Finish()
	m.Finish() // idempotent
	// The clock is read about once per iteration, so the run lasts about 10 s of fake
	// time: one frame per 250 ms, plus the first and the final one.
	n := len(r.calls)
	t.Logf("10,000 iterations over %v of fake time: %d displays", clk.t.Sub(time.Unix(0, 0)), n)
	if n < 20 || n > 45 {
		t.Fatalf("10,000 iterations gave %d displays, want a few dozen (≈40)", n)
	}
	if m.Frames() != n {
		t.Errorf("Frames() = %d, sink saw %d", m.Frames(), n)
	}
	for i, c := range r.calls {
		if c.id != m.ID() || c.update != (i > 0) {
			t.Fatalf("display %d: id %q update %v; want id %q update %v", i, c.id, c.update, m.ID(), i > 0)
		}
		if _, ok := c.b.Data["text/html"]; !ok || c.b.Text() == "" {
			t.Fatalf("display %d lacks html or text: %v", i, keys(c.b))
		}
	}
	last := r.calls[n-1].b
	if !strings.Contains(last.Text(), "GD: iteration 9999") || !strings.Contains(last.Text(), "done") ||
		!strings.Contains(last.Text(), "[####################] 100%") {
		t.Errorf("final text = %q", last.Text())
	}
	if _, ok := last.Data["image/png"]; !ok {
		t.Error("final frame lacks image/png")
	}
	if md, _ := last.Metadata["image/png"].(map[string]any); md["width"] != 200 || md["height"] != 120 {
		t.Errorf("final frame metadata %v", last.Metadata)
	}
	mid := r.calls[n/2].b
	if _, ok := mid.Data["image/png"]; ok {
		t.Error("a live frame carries image/png besides the HTML")
	}
	if h := mid.Data["text/html"].(string); !strings.Contains(h, "<progress") || !strings.Contains(h, `<img src="data:image/png;base64,`) {
		t.Errorf("live frame html lacks progress bar or plot")
	}
	if !strings.Contains(mid.Text(), "left (to the limit)") {
		t.Errorf("live frame has no time estimate: %q", mid.Text())
	}
}

func TestMonitorVeryFastLoopShowsFirstAndFinal(t *testing.T) {
	r := record(t)
	clk := &fakeClock{t: time.Unix(0, 0), step: time.Microsecond}
	m := NewMonitor(MonitorOptions{Width: 200, Height: 120, Clock: clk.now})
	runMonitor(m, 10000) // 10 ms of fake time: no frame after the first
	m.Finish()
	if len(r.calls) != 2 || r.calls[0].update || !r.calls[1].update {
		t.Fatalf("got %d displays", len(r.calls))
	}
	if strings.Contains(r.calls[0].b.Text(), "left") || strings.Contains(r.calls[0].b.Text(), "%") {
		t.Errorf("no limit known, yet the text has a bar or estimate: %q", r.calls[0].b.Text())
	}
}

func TestMonitorHeadlessPublishesFinalOnly(t *testing.T) {
	r := record(t)
	SetLive(false)
	defer SetLive(true)
	clk := &fakeClock{t: time.Unix(0, 0), step: 10 * time.Millisecond}
	m := NewMonitor(MonitorOptions{Width: 200, Height: 120, Clock: clk.now})
	runMonitor(m, 1000)
	m.Finish()
	if len(r.calls) != 1 || r.calls[0].update || r.calls[0].id != m.ID() {
		t.Fatalf("headless run gave %d displays (%+v)", len(r.calls), r.calls)
	}
	if !strings.Contains(r.calls[0].b.Text(), "iteration 999") {
		t.Errorf("final frame text %q", r.calls[0].b.Text())
	}
}

func TestMonitorTrackAndValues(t *testing.T) {
	r := record(t)
	clk := &fakeClock{t: time.Unix(0, 0), step: time.Second}
	m := NewMonitor(MonitorOptions{MaxTime: 100 * time.Second, Width: 200, Height: 120, Clock: clk.now})
	a := m.Track("Newton")
	a(optim.Iteration{Iter: 0, F: 1, GradNorm: 1})
	a(optim.Iteration{Iter: 1, F: 0.1, GradNorm: 0.1})
	b := m.Track("BFGS")
	b(optim.Iteration{Iter: 0, F: 1, GradNorm: 1})
	m.ReportValues(1, 0.5, 0.5) // goes to the current run, BFGS
	m.Finish()
	last := r.calls[len(r.calls)-1].b
	if !strings.Contains(last.Text(), "BFGS: iteration 1") {
		t.Errorf("final text %q", last.Text())
	}
	if len(m.runs) != 2 || len(m.runs[1].hist) != 2 {
		t.Errorf("runs = %d, BFGS history %d", len(m.runs), len(m.runs[1].hist))
	}
	if got := Render(m); got.Data["text/html"] == nil {
		t.Error("Render(monitor) has no html")
	}
}

func TestMonitorBoundsHistory(t *testing.T) {
	SetLive(false)
	defer SetLive(true)
	m := NewMonitor(MonitorOptions{Clock: (&fakeClock{step: time.Nanosecond}).now})
	for k := 0; k < 3*maxHistory; k++ {
		m.Report(optim.Iteration{Iter: k, F: 1, X: make([]float64, 10)})
	}
	h := m.runs[0].hist
	if len(h) > maxHistory || h[len(h)-1].Iter != 3*maxHistory-1 || h[0].X != nil {
		t.Errorf("history %d entries, last iter %d", len(h), h[len(h)-1].Iter)
	}
}

func TestMonitorAttach(t *testing.T) {
	r := record(t)
	clk := &fakeClock{t: time.Unix(0, 0), step: time.Second}
	m := NewMonitor(MonitorOptions{Width: 200, Height: 120, Clock: clk.now})
	calls := 0
	s := m.Attach(optim.Settings{MaxIter: 10, Callback: func(it optim.Iteration) bool { calls++; return it.Iter < 3 }})
	stopped := -1
	for k := 0; k < 10; k++ {
		if !s.Callback(optim.Iteration{Iter: k, F: 1, GradNorm: 1}) {
			stopped = k
			break
		}
	}
	if calls != 4 || stopped != 3 {
		t.Errorf("previous callback called %d times, run stopped at %d; want 4 and 3", calls, stopped)
	}
	if len(m.runs[0].hist) != 4 {
		t.Errorf("monitor saw %d iterations, want 4", len(m.runs[0].hist))
	}
	if len(r.calls) == 0 {
		t.Error("nothing displayed")
	}
	if txt := m.Bundle().Text(); !strings.Contains(txt, " 30%") {
		t.Errorf("progress not from Settings.MaxIter: %q", txt)
	}
	m2 := NewMonitor(MonitorOptions{})
	m2.Attach(optim.Settings{})
	if m2.o.MaxIter != 1000 || m2.o.MaxEvals != 100000 || m2.o.MaxTime != 0 {
		t.Errorf("defaults %d %d %v", m2.o.MaxIter, m2.o.MaxEvals, m2.o.MaxTime)
	}
}
