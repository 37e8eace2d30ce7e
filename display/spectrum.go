package display

import (
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// stems draws vertical lines from y = 0 to each point, with a dot on top.
type stems struct {
	xys plotter.XYs
	sty draw.LineStyle
}

func (s stems) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	y0 := math.Max(p.Y.Min, math.Min(0, p.Y.Max))
	for _, pt := range s.xys {
		x := trX(pt.X)
		c.StrokeLines(s.sty, c.ClipLinesXY([]vg.Point{{X: x, Y: trY(y0)}, {X: x, Y: trY(pt.Y)}})...)
	}
}

func (s stems) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax, ymin, ymax = plotter.XYRange(s.xys)
	return xmin, xmax, math.Min(ymin, 0), math.Max(ymax, 0)
}

// Spectrum plots eigenvalues sorted from largest to smallest as a stem plot: x is the
// rank (1 = largest), y the eigenvalue, with a line at zero so that negative curvature
// stands out. NaN and infinite values are left out and counted in a note. It takes plain
// values, so the results of the curvature package (or mat.EigenSym) can be passed.
func Spectrum(eigenvalues []float64) *plot.Plot {
	p := newPlot("Eigenvalue spectrum", "rank", "eigenvalue λ")
	nt := &notes{}
	var vals []float64
	for _, v := range eigenvalues {
		if finite(v) {
			vals = append(vals, v)
		}
	}
	if bad := len(eigenvalues) - len(vals); bad > 0 {
		nt.add("%d NaN/Inf eigenvalue(s) left out", bad)
	}
	if len(vals) == 0 {
		nt.add("no eigenvalues to draw")
		nt.attach(p)
		return p
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(vals)))
	xys := make(plotter.XYs, len(vals))
	neg := 0
	for i, v := range vals {
		xys[i] = plotter.XY{X: float64(i + 1), Y: v}
		if v < 0 {
			neg++
		}
	}
	col := colorAt(0)
	p.Add(stems{xys: xys, sty: draw.LineStyle{Color: col, Width: vg.Points(1)}})
	zero := plotter.NewFunction(func(float64) float64 { return 0 })
	zero.Color, zero.Width = colorAt(7), vg.Points(0.5)
	p.Add(zero)
	dots, _ := plotter.NewScatter(xys)
	dots.Color, dots.Shape, dots.Radius = col, draw.CircleGlyph{}, vg.Points(2)
	p.Add(dots)
	if neg > 0 {
		nt.add("%d negative eigenvalue(s): min λ = %.4g", neg, vals[len(vals)-1])
	}
	nt.attach(p)
	p.X.Min, p.X.Max = 0, float64(len(vals)+1)
	return p
}

// SpectralDensity plots an estimated eigenvalue density, as stochastic Lanczos
// quadrature returns it (Ghorbani, Krishnan and Xiao, "An Investigation into Neural Net
// Optimization via Hessian Eigenvalue Density", ICML 2019, Fig. 1): x is the eigenvalue,
// y the density on a log scale. Densities below 1e-10 of the largest are clipped to that
// floor, so that the log scale shows the bulk and the outliers together. grid and density
// must have the same length; pairs with NaN or infinite values are left out with a note.
func SpectralDensity(grid, density []float64) *plot.Plot {
	p := newPlot("Spectral density", "eigenvalue λ", "density")
	nt := &notes{}
	defer nt.attach(p)
	n := len(grid)
	if len(density) != n {
		nt.add("grid has %d points but density %d; drawing the first %d", len(grid), len(density), min(n, len(density)))
		n = min(n, len(density))
	}
	var xys plotter.XYs
	peak := 0.0
	bad := 0
	for i := 0; i < n; i++ {
		if !finite(grid[i]) || !finite(density[i]) {
			bad++
			continue
		}
		xys = append(xys, plotter.XY{X: grid[i], Y: density[i]})
		peak = math.Max(peak, density[i])
	}
	if bad > 0 {
		nt.add("%d NaN/Inf point(s) left out", bad)
	}
	if len(xys) == 0 || peak <= 0 {
		nt.add("no positive density to draw")
		setLogY(p, 1, 10)
		return p
	}
	sort.Slice(xys, func(i, j int) bool { return xys[i].X < xys[j].X })
	floor := peak * 1e-10
	clipped := 0
	for i := range xys {
		if xys[i].Y < floor {
			xys[i].Y = floor
			clipped++
		}
	}
	line, _ := plotter.NewLine(xys)
	line.Color, line.Width = colorAt(0), vg.Points(1.5)
	p.Add(line)
	if clipped > 0 {
		nt.add("density below %.1e shown at that floor (%d points)", floor, clipped)
	}
	setLogY(p, floor, peak)
	return p
}

// addBand fills the area between s.Lo and s.Hi, one polygon per finite stretch.
func addBand(p *plot.Plot, s Series, c color.Color) {
	r, g, b, _ := c.RGBA()
	fill := color.NRGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 0x40}
	n := min(len(s.X), len(s.Lo), len(s.Hi))
	var lo, hi plotter.XYs
	flush := func() {
		if len(lo) > 1 {
			ring := append(plotter.XYs{}, hi...)
			for k := len(lo) - 1; k >= 0; k-- {
				ring = append(ring, lo[k])
			}
			if poly, err := plotter.NewPolygon(ring); err == nil {
				poly.Color = fill
				poly.LineStyle.Width = 0
				p.Add(poly)
			}
		}
		lo, hi = nil, nil
	}
	for k := 0; k < n; k++ {
		if !finite(s.X[k]) || !finite(s.Lo[k]) || !finite(s.Hi[k]) {
			flush()
			continue
		}
		lo = append(lo, plotter.XY{X: s.X[k], Y: s.Lo[k]})
		hi = append(hi, plotter.XY{X: s.X[k], Y: s.Hi[k]})
	}
	flush()
}

// Series is one named curve for Lines.
type Series struct {
	// Name is the legend entry; empty names get no legend entry.
	Name string
	// X and Y are the coordinates; the shorter length wins.
	X, Y []float64
	// Lo and Hi, when both are set, bound a band drawn under the line in a light shade of
	// its colour (the spread over seeds, a confidence interval): at X[k] from Lo[k] to
	// Hi[k]. Points where X, Lo or Hi is not finite break the band.
	Lo, Hi []float64
}

// Lines plots y against x for each series, one colour per series (a method's own colour
// when the series is named after one, see MethodColor): loss landscapes along
// a direction, trace estimates against samples, any curve. Points with NaN or infinite
// coordinates break the line there and are counted in a note. Set the labels on the
// returned plot (p.X.Label.Text, p.Y.Label.Text, p.Title.Text).
func Lines(series ...Series) *plot.Plot {
	p := newPlot("", "x", "y")
	nt := &notes{}
	defer nt.attach(p)
	names := make([]string, len(series))
	for i, s := range series {
		names[i] = s.Name
	}
	styles := styleSeries(names)
	var drawn []plotter.XYs // the first segment of each series, to spot coincident curves
	for i, s := range series {
		if len(s.Lo) > 0 && len(s.Hi) > 0 {
			addBand(p, s, styles[i].color) // the line's own colour, a method's colour included
		}
	}
	for i, s := range series {
		n := min(len(s.X), len(s.Y))
		if len(s.X) != len(s.Y) {
			nt.add("%s: %d x values but %d y values; drawing %d points", s.Name, len(s.X), len(s.Y), n)
		}
		// Split at non-finite points so that gaps show where the values are missing.
		var segs []plotter.XYs
		var cur plotter.XYs
		bad := 0
		for k := 0; k < n; k++ {
			if !finite(s.X[k]) || !finite(s.Y[k]) {
				bad++
				if len(cur) > 0 {
					segs, cur = append(segs, cur), nil
				}
				continue
			}
			cur = append(cur, plotter.XY{X: s.X[k], Y: s.Y[k]})
		}
		if len(cur) > 0 {
			segs = append(segs, cur)
		}
		if bad > 0 {
			nt.add("%s: %d NaN/Inf point(s) not drawn", s.Name, bad)
		}
		col, dashes := styles[i].color, styles[i].dashes
		if len(segs) > 0 {
			for j, prev := range drawn {
				if sameXYs(prev, segs[0]) {
					nt.add("%s: same points as %s (drawn dashed on top)", s.Name, series[j].Name)
					if dashes == nil {
						dashes = dashPatterns[1]
					}
					break
				}
			}
			drawn = append(drawn, segs[0])
		}
		for j, seg := range segs {
			line, _ := plotter.NewLine(thin(seg, maxPoints))
			line.Color, line.Width, line.Dashes = col, vg.Points(1.5), dashes
			p.Add(line)
			if len(seg) == 1 {
				dot, _ := plotter.NewScatter(seg)
				dot.Color, dot.Shape = col, draw.CircleGlyph{}
				p.Add(dot)
			}
			if j == 0 && s.Name != "" {
				p.Legend.Add(s.Name, line)
			}
		}
	}
	return p
}
