package display

import (
	"math"
	"testing"
)

// The SVG of a contour plot must be the same on every run: notebooks store it and
// `hessnote run --check` compares it as text.
func TestContourSVGIsDeterministic(t *testing.T) {
	rosen := func(x, y float64) float64 { return 100*(y-x*x)*(y-x*x) + (1-x)*(1-x) }
	first := RenderPlot(Contour(rosen, -2, 2, -1, 3), 320, 200).Data["image/svg+xml"]
	for i := 0; i < 5; i++ {
		again := RenderPlot(Contour(rosen, -2, 2, -1, 3), 320, 200).Data["image/svg+xml"]
		if again != first {
			t.Fatalf("run %d drew a different SVG", i+1)
		}
	}
}

// On a circular paraboloid every level set is one closed polyline, and every point of
// it lies on the circle of that level (up to the interpolation error of the grid).
func TestLevelSetsTraceCircles(t *testing.T) {
	g, err := sample(func(x, y float64) float64 { return x*x + y*y }, -2, 2, -2, 2, 81)
	if err != nil {
		t.Fatal(err)
	}
	l := &levelSets{g: g}
	for _, level := range []float64{0.5, 1, 2} {
		lines := l.trace(level)
		if len(lines) != 1 {
			t.Fatalf("level %v: %d polylines, want 1", level, len(lines))
		}
		line := lines[0]
		if line[0] != line[len(line)-1] {
			t.Errorf("level %v: the polyline is not closed", level)
		}
		for _, e := range line {
			x, y := l.point(e, level)
			if r := math.Hypot(x, y); math.Abs(r-math.Sqrt(level)) > 0.01 {
				t.Fatalf("level %v: point (%.3f, %.3f) at radius %.4f, want %.4f", level, x, y, r, math.Sqrt(level))
			}
		}
	}
}
