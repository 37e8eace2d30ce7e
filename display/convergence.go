package display

import (
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/hessnote/hessnote/optim"
)

// YAxis selects the quantity a convergence plot draws.
type YAxis int

// The quantities of a convergence plot.
const (
	// YAuto draws f when every finite f of every run is positive (the usual case for
	// test functions with f* = 0), and otherwise f − f_best, with f_best the lowest f
	// seen in all the runs (the point that reaches f_best is then not drawn).
	YAuto YAxis = iota
	// YF draws f(x_k).
	YF
	// YGap draws f(x_k) − f*, with f* from ConvergenceOptions.FStar.
	YGap
	// YGradNorm draws ‖∇f(x_k)‖∞.
	YGradNorm
)

// XAxis selects the abscissa of a convergence plot.
type XAxis int

// The abscissae of a convergence plot.
const (
	// XIterations: major iterations.
	XIterations XAxis = iota
	// XEvaluations: evaluations of f, ∇f, ∇²f and ∇²f·v together, finite-difference
	// evaluations included (cumulative Iteration.Stats).
	XEvaluations
	// XTime: elapsed seconds (Iteration.Stats.Elapsed).
	XTime
)

// ConvergenceOptions configure ConvergenceWith. The zero value draws f (or f − f_best)
// on a log scale against iterations.
type ConvergenceOptions struct {
	// Y is the quantity drawn; X the abscissa.
	Y YAxis
	X XAxis
	// FStar is the optimal value f* used by YGap.
	FStar float64
	// Linear draws y on a linear scale instead of a log scale.
	Linear bool
	// Title replaces the default title.
	Title string
}

// series is one run's history with its legend name.
type series struct {
	name string
	hist []optim.Iteration
}

// Convergence plots the History of each result on a log scale against iterations, one
// colour and legend entry per method: f when all values are positive, else f − f_best.
// A run whose history turns NaN or infinite is drawn up to its last finite point,
// marked with a cross, and a note on the plot says so. Nil results are skipped.
func Convergence(results ...*optim.Result) *plot.Plot {
	return ConvergenceWith(ConvergenceOptions{}, results...)
}

// ConvergenceWith is Convergence with options: f, f − f*, or ‖∇f‖∞ against iterations,
// evaluations or time, on a log or linear scale.
func ConvergenceWith(o ConvergenceOptions, results ...*optim.Result) *plot.Plot {
	var runs []series
	for i, r := range results {
		if r == nil {
			continue
		}
		runs = append(runs, series{name: methodName(r, i), hist: r.History})
	}
	return convergencePlot(o, runs)
}

// xValue is the abscissa of one iteration.
func xValue(x XAxis, it optim.Iteration) float64 {
	s := it.Stats
	switch x {
	case XEvaluations:
		return float64(s.FuncEvals + s.GradEvals + s.HessEvals + s.HessVecEvals + s.FDFuncEvals + s.FDGradEvals)
	case XTime:
		return s.Elapsed.Seconds()
	}
	return float64(it.Iter)
}

// maxPoints bounds the points drawn per series; longer histories are thinned evenly,
// keeping the first and last points.
const maxPoints = 4000

// convergencePlot draws the runs; it never fails: problems become notes on the plot.
func convergencePlot(o ConvergenceOptions, runs []series) *plot.Plot {
	xlabel := map[XAxis]string{XIterations: "iteration", XEvaluations: "evaluations", XTime: "time (s)"}[o.X]
	if xlabel == "" {
		xlabel = "iteration"
	}
	y, fbest, auto := o.Y, 0.0, false
	switch y {
	case YAuto:
		y = YF
		if !o.Linear {
			low := math.Inf(1)
			for _, r := range runs {
				for _, it := range r.hist {
					if finite(it.F) {
						low = math.Min(low, it.F)
					}
				}
			}
			if low <= 0 {
				y, fbest, auto = YGap, low, true
			}
		}
	case YGap:
		fbest = o.FStar
	}
	var ylabel string
	switch {
	case y == YGradNorm:
		ylabel = "gradient norm |g|∞" // the plot font has no ∇ or ‖
	case auto:
		ylabel = "f(x) − f_best"
	case y == YGap:
		ylabel = "f(x) − f*"
	default:
		ylabel = "f(x)"
	}
	title := o.Title
	if title == "" {
		// Say what is drawn: "f(x) against iteration", not just "Convergence".
		title = ylabel + " against " + xlabel
	}
	p := newPlot(title, xlabel, ylabel)
	nt := &notes{}
	names := make([]string, len(runs))
	for i, r := range runs {
		names[i] = r.name
	}
	styles := styleSeries(names)
	var drawn []plotter.XYs // the points of each series drawn so far, to spot coincident curves
	if auto {
		nt.add("f_best = %.6g (lowest f seen)", fbest)
	}
	value := func(it optim.Iteration) float64 {
		switch y {
		case YGradNorm:
			return it.GradNorm
		case YGap:
			return it.F - fbest
		}
		return it.F
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, r := range runs {
		var xys plotter.XYs
		dropped := 0
		diverged := -1
		for k, it := range r.hist {
			v, x := value(it), xValue(o.X, it)
			if !finite(v) || !finite(x) {
				diverged = k
				break
			}
			if !o.Linear && v <= 0 {
				if !(auto && v == 0) {
					dropped++
				}
				continue
			}
			xys = append(xys, plotter.XY{X: x, Y: v})
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
		switch {
		case len(r.hist) == 0:
			nt.add("%s: empty history", r.name)
		case diverged >= 0:
			bad := "NaN/Inf"
			if v := value(r.hist[diverged]); math.IsNaN(v) {
				bad = "NaN"
			} else if math.IsInf(v, 0) {
				bad = "Inf"
			}
			nt.add("%s: %s at iteration %d, drawn up to the last finite point", r.name, bad, r.hist[diverged].Iter)
		}
		if dropped > 0 {
			nt.add("%s: %d point(s) ≤ 0 not shown on the log scale", r.name, dropped)
		}
		if len(xys) == 0 {
			continue
		}
		xys = thin(xys, maxPoints)
		col, dashes := styles[i].color, styles[i].dashes
		for j, prev := range drawn {
			if sameXYs(prev, xys) {
				nt.add("%s: same points as %s (drawn dashed on top)", r.name, runs[j].name)
				if dashes == nil {
					dashes = dashPatterns[1]
				}
				break
			}
		}
		drawn = append(drawn, xys)
		line, err := plotter.NewLine(xys)
		if err != nil { // cannot happen: points are finite
			nt.add("%s: %v", r.name, err)
			continue
		}
		line.Color = col
		line.Width = vg.Points(1.5)
		line.Dashes = dashes
		var marks *plotter.Scatter
		if len(xys) <= maxMarked {
			// A mark at every iterate, one shape per series: curves that lie on top of
			// each other stay visible.
			marks, _ = plotter.NewScatter(xys)
			marks.Color, marks.Radius, marks.Shape = col, vg.Points(2), markerShapes[i%len(markerShapes)]
		}
		end, _ := plotter.NewScatter(xys[len(xys)-1:])
		end.Color = col
		end.Radius = vg.Points(2.5)
		end.Shape = draw.CircleGlyph{}
		if diverged >= 0 {
			end.Shape = draw.CrossGlyph{}
			end.Radius = vg.Points(4)
		}
		p.Add(line, end)
		if marks != nil {
			p.Add(marks)
			p.Legend.Add(r.name, line, marks)
		} else {
			p.Legend.Add(r.name, line)
		}
	}
	if math.IsInf(lo, 0) {
		nt.add("nothing to draw")
	}
	nt.attach(p)
	if !o.Linear {
		setLogY(p, lo, hi)
	}
	return p
}

// maxMarked is the longest series drawn with a mark at every point.
const maxMarked = 60

// sameXYs reports whether a and b hold the same points.
func sameXYs(a, b plotter.XYs) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// thin returns at most n points of xys, evenly spaced by index, keeping the last one.
func thin(xys plotter.XYs, n int) plotter.XYs {
	if len(xys) <= n || n < 2 {
		return xys
	}
	out := make(plotter.XYs, 0, n)
	step := float64(len(xys)-1) / float64(n-1)
	for i := 0; i < n; i++ {
		out = append(out, xys[int(math.Round(float64(i)*step))])
	}
	return out
}
