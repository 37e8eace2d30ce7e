package display

import (
	"encoding/base64"
	"fmt"
	"html"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/hessnote/hessnote/optim"
)

// MonitorOptions configure a Monitor. The zero value is usable.
type MonitorOptions struct {
	// Name is the legend name of the run reported through Callback or Report before any
	// Track; default "run".
	Name string
	// Plot selects what the convergence plot draws (see ConvergenceOptions).
	Plot ConvergenceOptions
	// MaxIter, MaxEvals and MaxTime are the run's limits when known (or let Attach take
	// them from optim.Settings); they give the progress bar and the estimated time
	// left. Zero or negative means unknown.
	MaxIter  int
	MaxEvals int
	MaxTime  time.Duration
	// Interval is the least time between two frames; default 250 ms. The monitor also
	// waits at least four times as long as the last frame took to draw, so drawing
	// never takes more than a fifth of the run.
	Interval time.Duration
	// Width and Height are the size of the plot in CSS pixels; default 560×320.
	Width, Height int
	// Clock returns the current time; nil means time.Now. Tests inject a fake clock.
	Clock func() time.Time
}

// Monitor shows the progress of a run live in one display: a progress line (iteration,
// f, ‖∇f‖∞, elapsed time, estimated time left when a limit is known), a progress bar, and
// the convergence plot so far. It publishes at most one frame per Interval (first frame
// at once), replacing the previous one in place, and Finish leaves the final frame.
// When the host is headless (SetLive(false)) only the final frame is published.
//
// Use it as the callback of any optim method, or report to it from a training loop:
//
//	m := display.NewMonitor(display.MonitorOptions{})
//	res, err := optim.Minimize(ctx, p, x0, method, m.Attach(optim.Settings{MaxIter: 500}))
//	m.Finish()
//
// A Monitor is safe for concurrent use. If the cell is interrupted before Finish, the
// last frame published stays.
type Monitor struct {
	mu     sync.Mutex
	o      MonitorOptions
	id     string
	runs   []series
	starts []time.Time // per run, the time of its first report
	last   time.Time   // time of the last frame
	cost   time.Duration
	shown  bool
	done   bool
	frames int
}

// NewMonitor returns a monitor with its own display id; it shows nothing until the first
// report.
func NewMonitor(o MonitorOptions) *Monitor {
	if o.Name == "" {
		o.Name = "run"
	}
	if o.Interval <= 0 {
		o.Interval = 250 * time.Millisecond
	}
	if o.Width <= 0 {
		o.Width = 560
	}
	if o.Height <= 0 {
		o.Height = 320
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	return &Monitor{o: o, id: NewID()}
}

// ID returns the display id the monitor publishes under.
func (m *Monitor) ID() string { return m.id }

// Frames returns the number of frames published so far.
func (m *Monitor) Frames() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.frames
}

// Callback returns a function for optim.Settings.Callback that reports each iteration
// to the current run (the last one started with Track) and never stops the run.
func (m *Monitor) Callback() func(optim.Iteration) bool {
	return func(it optim.Iteration) bool {
		m.Report(it)
		return true
	}
}

// Attach returns s with its Callback reporting to the monitor (after calling the
// callback s already had, whose false still stops the run) and records s's limits for the
// progress bar: MaxIter, MaxEvals and MaxTime, with optim's documented defaults (1000
// iterations, 100000 evaluations, no time limit) for zero values.
//
//	res, err := optim.Minimize(ctx, p, x0, method, m.Attach(optim.Settings{MaxIter: 500}))
func (m *Monitor) Attach(s optim.Settings) optim.Settings {
	m.mu.Lock()
	m.o.MaxIter, m.o.MaxEvals, m.o.MaxTime = s.MaxIter, s.MaxEvals, s.MaxTime
	if m.o.MaxIter == 0 {
		m.o.MaxIter = 1000
	}
	if m.o.MaxEvals == 0 {
		m.o.MaxEvals = 100000
	}
	m.mu.Unlock()
	prev, report := s.Callback, m.Callback()
	s.Callback = func(it optim.Iteration) bool {
		ok := prev == nil || prev(it)
		report(it)
		return ok
	}
	return s
}

// Track starts a new run named name on the same plot (to compare methods run one after
// the other) and returns its callback for optim.Settings.Callback.
func (m *Monitor) Track(name string) func(optim.Iteration) bool {
	m.mu.Lock()
	m.runs = append(m.runs, series{name: name})
	m.starts = append(m.starts, time.Time{})
	i := len(m.runs) - 1
	m.mu.Unlock()
	return func(it optim.Iteration) bool {
		m.report(i, it)
		return true
	}
}

// Report records one iteration of the current run and publishes a frame when the last
// one is older than the interval.
func (m *Monitor) Report(it optim.Iteration) {
	m.mu.Lock()
	if len(m.runs) == 0 {
		m.runs = append(m.runs, series{name: m.o.Name})
		m.starts = append(m.starts, time.Time{})
	}
	i := len(m.runs) - 1
	m.mu.Unlock()
	m.report(i, it)
}

// ReportValues reports iteration iter with objective f and gradient norm gradNorm, for
// training loops that do not build an optim.Iteration.
func (m *Monitor) ReportValues(iter int, f, gradNorm float64) {
	m.Report(optim.Iteration{Iter: iter, F: f, GradNorm: gradNorm})
}

// maxHistory bounds the iterations kept per run; beyond it every other one is dropped,
// so a long training loop keeps bounded memory.
const maxHistory = 20000

func (m *Monitor) report(i int, it optim.Iteration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.o.Clock()
	if m.starts[i].IsZero() {
		m.starts[i] = now
	}
	it.X = nil // the monitor draws no paths; do not keep copies of x
	r := &m.runs[i]
	r.hist = append(r.hist, it)
	if len(r.hist) > maxHistory {
		kept := r.hist[:0]
		for k := 0; k < len(r.hist)-1; k += 2 {
			kept = append(kept, r.hist[k])
		}
		r.hist = append(kept, r.hist[len(r.hist)-1])
	}
	if m.done || !Live() {
		return
	}
	wait := max(m.o.Interval, 4*m.cost)
	if m.shown && now.Sub(m.last) < wait {
		return
	}
	m.publishLocked(now, false)
}

// Finish publishes the final frame (also when not live) and stops further updates. It
// can be called more than once; later calls do nothing.
func (m *Monitor) Finish() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.done {
		return
	}
	m.done = true
	m.publishLocked(m.o.Clock(), true)
}

// Bundle returns the current frame, so that a Monitor shown with Show or as a cell's
// last value displays its state.
func (m *Monitor) Bundle() Bundle {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.frameLocked(m.o.Clock(), m.done)
}

// publishLocked draws and publishes a frame; m.mu is held.
func (m *Monitor) publishLocked(now time.Time, final bool) {
	b := m.frameLocked(now, final)
	m.cost = m.o.Clock().Sub(now)
	m.last = m.o.Clock()
	publish(b, m.id, m.shown)
	m.shown = true
	m.frames++
}

// frameLocked builds a frame: progress line and bar, and the convergence plot embedded
// in the HTML; the final frame also carries the plot as image/png.
func (m *Monitor) frameLocked(now time.Time, final bool) Bundle {
	title := m.o.Plot.Title
	if title == "" {
		title = "Convergence (live)"
		if final {
			title = "Convergence"
		}
	}
	po := m.o.Plot
	po.Title = title
	// PNG only: a live frame shows the plot inside its HTML, and drawing SVG too would
	// double the cost of every frame.
	pngData, plotErr := plotPNG(convergencePlot(po, m.runs), m.o.Width, m.o.Height, pixelRatio)
	png64 := base64.StdEncoding.EncodeToString(pngData)

	var line, bar string
	var frac float64 = -1
	if n := len(m.runs); n == 0 || len(m.runs[n-1].hist) == 0 {
		line = "waiting for the first iteration"
	} else {
		r := m.runs[n-1]
		it := r.hist[len(r.hist)-1]
		elapsed := it.Stats.Elapsed
		if elapsed <= 0 {
			elapsed = now.Sub(m.starts[n-1])
		}
		line = fmt.Sprintf("%s: iteration %d   f = %.6g   ‖∇f‖∞ = %.3g   elapsed %s",
			r.name, it.Iter, it.F, it.GradNorm, fmtDur(elapsed))
		frac = m.progress(it, elapsed)
		switch {
		case final:
			line += "   done"
		case frac > 0 && frac < 1:
			left := time.Duration(float64(elapsed) * (1 - frac) / frac)
			line += fmt.Sprintf("   ≤ %s left (to the limit)", fmtDur(left))
		}
	}
	if frac >= 0 {
		frac = math.Min(frac, 1)
		if final {
			frac = 1
		}
		n := int(math.Round(frac * 20))
		bar = fmt.Sprintf("[%s%s] %3.0f%%", strings.Repeat("#", n), strings.Repeat(".", 20-n), 100*frac)
	}

	var h strings.Builder
	h.WriteString(`<div class="hessnote-monitor">`)
	fmt.Fprintf(&h, `<div style="font-family:monospace;white-space:pre">%s</div>`, html.EscapeString(line))
	if frac >= 0 {
		fmt.Fprintf(&h, `<progress value="%.4f" max="1" style="width:%dpx"></progress>`, frac, m.o.Width)
	}
	if plotErr == nil {
		fmt.Fprintf(&h, `<br><img src="data:image/png;base64,%s" width="%d" height="%d" alt="%s">`,
			png64, m.o.Width, m.o.Height, html.EscapeString(title))
	} else {
		fmt.Fprintf(&h, `<pre>plot: %s</pre>`, html.EscapeString(plotErr.Error()))
	}
	h.WriteString("</div>")

	txt := line
	if bar != "" {
		txt += "\n" + bar
	}
	b := textBundle(txt)
	b.Data["text/html"] = h.String()
	if final && plotErr == nil {
		b.Data["image/png"] = png64
		b.Metadata["image/png"] = map[string]any{"width": m.o.Width, "height": m.o.Height}
	}
	return b
}

// progress is the fraction of the nearest known limit reached, or -1 when none is known.
func (m *Monitor) progress(it optim.Iteration, elapsed time.Duration) float64 {
	frac := -1.0
	if m.o.MaxIter > 0 {
		frac = math.Max(frac, float64(it.Iter)/float64(m.o.MaxIter))
	}
	if m.o.MaxEvals > 0 {
		s := it.Stats
		e := s.FuncEvals + s.GradEvals + s.HessEvals + s.HessVecEvals + s.FDFuncEvals + s.FDGradEvals
		frac = math.Max(frac, float64(e)/float64(m.o.MaxEvals))
	}
	if m.o.MaxTime > 0 {
		frac = math.Max(frac, elapsed.Seconds()/m.o.MaxTime.Seconds())
	}
	return frac
}

// imageData decodes the base64 image of a bundle (for tests and hosts that need bytes).
func imageData(b Bundle, mime string) ([]byte, error) {
	s, ok := b.Data[mime].(string)
	if !ok {
		return nil, fmt.Errorf("bundle has no %s", mime)
	}
	return base64.StdEncoding.DecodeString(s)
}
