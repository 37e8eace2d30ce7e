package display

import (
	"testing"
	"time"
)

// BenchmarkRenderConvergence measures a convergence plot of three runs rendered as a
// bundle (PNG at 2x and SVG) at the default size.
func BenchmarkRenderConvergence(b *testing.B) {
	p := Convergence(fakeRun("Newton", 8, 0.3), fakeRun("BFGS", 40, 0.7), fakeRun("GD", 400, 0.97))
	for b.Loop() {
		RenderPlot(p, 0, 0)
	}
}

// BenchmarkRenderContour measures Rosenbrock's level sets with two paths.
func BenchmarkRenderContour(b *testing.B) {
	for b.Loop() {
		RenderPlot(Contour(rosenbrock, -2, 2, -1, 3, fakeRun("Newton", 8, 0.3), fakeRun("BFGS", 40, 0.7)), 0, 0)
	}
}

// BenchmarkMonitorFrame measures one live frame of a monitor holding 10,000 iterations.
func BenchmarkMonitorFrame(b *testing.B) {
	SetLive(false)
	defer SetLive(true)
	m := NewMonitor(MonitorOptions{MaxIter: 20000})
	runMonitor(m, 10000)
	for b.Loop() {
		m.frameLocked(time.Now(), false)
	}
}
