package display

import (
	"fmt"
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/hessnote/hessnote/optim"
)

// ContourOptions configure ContourWith. The zero value selects the defaults.
type ContourOptions struct {
	// Levels are the contour levels; empty selects Count levels automatically:
	// log-spaced above min f when the values span more than two decades (as for
	// Rosenbrock), evenly spaced otherwise.
	Levels []float64
	// Count is the number of automatic levels; default 14.
	Count int
	// Grid is the number of grid points along each axis; default 120, at most 1000.
	Grid int
	// Title replaces the default title.
	Title string
	// NoLabels leaves the level lines without their values; by default each level's
	// value is written on one of its lines, where it has room.
	NoLabels bool
}

// Func2D adapts an objective on vectors, such as optim.Problem.Func, to the form
// Contour takes.
func Func2D(f func(x []float64) float64) func(x, y float64) float64 {
	return func(x, y float64) float64 { return f([]float64{x, y}) }
}

// Contour draws the level sets of f over [xmin, xmax]×[ymin, ymax] and, over them, the
// path of each result (the X of its History, which optim keeps for small problems): one
// colour and legend entry per method, a square at the start and a dot at the end.
// Paths that turn NaN or infinite are drawn up to their last finite point and marked
// with a cross; results without a 2-D path, paths leaving the box and points where f is
// not finite are noted on the plot. Contour never panics on a bad f or box: the problem
// is written on the plot instead.
func Contour(f func(x, y float64) float64, xmin, xmax, ymin, ymax float64, results ...*optim.Result) *plot.Plot {
	return ContourWith(ContourOptions{}, f, xmin, xmax, ymin, ymax, results...)
}

// maxPathDots is the longest path drawn with a dot at every iterate.
const maxPathDots = 150

// contourGrid is f sampled on a regular grid.
type contourGrid struct {
	x, y []float64
	z    [][]float64 // z[c][r] = f(x[c], y[r])
}

func (g *contourGrid) Dims() (c, r int)   { return len(g.x), len(g.y) }
func (g *contourGrid) Z(c, r int) float64 { return g.z[c][r] }
func (g *contourGrid) X(c int) float64    { return g.x[c] }
func (g *contourGrid) Y(r int) float64    { return g.y[r] }

// sample evaluates f on an n×n grid, recovering from a panic in f.
func sample(f func(x, y float64) float64, xmin, xmax, ymin, ymax float64, n int) (g *contourGrid, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("f panicked: %v", r)
		}
	}()
	g = &contourGrid{x: make([]float64, n), y: make([]float64, n), z: make([][]float64, n)}
	for i := 0; i < n; i++ {
		t := float64(i) / float64(n-1)
		g.x[i] = xmin + t*(xmax-xmin)
		g.y[i] = ymin + t*(ymax-ymin)
	}
	for c := 0; c < n; c++ {
		g.z[c] = make([]float64, n)
		for r := 0; r < n; r++ {
			g.z[c][r] = f(g.x[c], g.y[r])
		}
	}
	return g, nil
}

// autoLevels picks count levels for the finite values zs (sorted ascending): geometric
// steps above the minimum when the values above it span more than two decades between
// their 5% and 98% quantiles, even steps between those quantiles otherwise.
func autoLevels(zs []float64, count int) (levels []float64, logSpaced bool) {
	n := len(zs)
	if n == 0 {
		return nil, false
	}
	zmin := zs[0]
	q := func(p float64) float64 { return zs[int(p*float64(n-1))] }
	lo, hi := q(0.05)-zmin, q(0.98)-zmin
	if hi <= 0 {
		return []float64{zmin}, false
	}
	if lo <= hi*1e-2 {
		lo = math.Max(lo, hi*1e-6)
		for i := 0; i < count; i++ {
			t := float64(i) / float64(count-1)
			levels = append(levels, zmin+lo*math.Pow(hi/lo, t))
		}
		return levels, true
	}
	for i := 0; i < count; i++ {
		t := float64(i) / float64(count-1)
		levels = append(levels, zmin+lo+t*(hi-lo))
	}
	return levels, false
}

// contourPalette shades contour lines from light (low f) to dark blue-grey (high f), so
// that the coloured paths stand out.
type contourPalette int

func (n contourPalette) Colors() []color.Color {
	cs := make([]color.Color, int(n))
	for i := range cs {
		t := 0.0
		if n > 1 {
			t = float64(i) / float64(n-1)
		}
		lerp := func(a, b uint8) uint8 { return uint8(float64(a) + t*(float64(b)-float64(a)) + 0.5) }
		cs[i] = color.RGBA{lerp(0x9c, 0x22), lerp(0xb0, 0x33), lerp(0xd0, 0x4d), 0xff}
	}
	return cs
}

// levelColors shades each level by its value between the lowest and highest level, as
// gonum's plotter.Contour does, so that with log-spaced levels most lines stay light.
func levelColors(levels []float64) []color.Color {
	const shades = 256
	palette := contourPalette(shades).Colors()
	lo, hi := levels[0], levels[len(levels)-1]
	cs := make([]color.Color, len(levels))
	for i, l := range levels {
		t := 0.0
		if hi > lo {
			t = (l - lo) / (hi - lo)
		}
		cs[i] = palette[int(t*(shades-1)+0.5)]
	}
	return cs
}

// ContourWith is Contour with options: explicit levels, their number, the grid size.
func ContourWith(o ContourOptions, f func(x, y float64) float64, xmin, xmax, ymin, ymax float64, results ...*optim.Result) *plot.Plot {
	title := o.Title
	if title == "" {
		title = "Level sets and paths"
	}
	p := newPlot(title, "x₁", "x₂")
	nt := &notes{}
	defer nt.attach(p)
	if !(xmin < xmax) || !(ymin < ymax) || !finite(xmin) || !finite(xmax) || !finite(ymin) || !finite(ymax) {
		nt.add("empty or invalid box [%g, %g]×[%g, %g]", xmin, xmax, ymin, ymax)
		return p
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xmin, xmax, ymin, ymax
	n := o.Grid
	if n <= 1 {
		n = 120
	}
	n = min(n, 1000)
	count := o.Count
	if count < 2 {
		count = 14
	}
	if f == nil {
		nt.add("no function to draw")
	} else if g, err := sample(f, xmin, xmax, ymin, ymax, n); err != nil {
		nt.add("%v", err)
	} else {
		var zs []float64
		bad := 0
		for _, col := range g.z {
			for _, z := range col {
				if finite(z) {
					zs = append(zs, z)
				} else {
					bad++
				}
			}
		}
		sort.Float64s(zs)
		levels := o.Levels
		if len(levels) == 0 {
			var logSpaced bool
			levels, logSpaced = autoLevels(zs, count)
			if logSpaced {
				p.Title.Text += " (log-spaced levels)"
			}
		}
		if bad > 0 {
			nt.add("f is NaN or infinite at %d of %d grid points", bad, n*n)
			// The contour tracer needs finite values: put the others above every level.
			top := math.Inf(-1)
			for _, l := range levels {
				top = math.Max(top, l)
			}
			if len(zs) > 0 {
				top = math.Max(top, zs[len(zs)-1])
			}
			for _, col := range g.z {
				for r, z := range col {
					if !finite(z) {
						col[r] = top + 1
					}
				}
			}
		}
		if len(levels) > 0 && len(zs) > 0 {
			p.Add(&levelSets{g: g, levels: levels, colors: levelColors(levels), width: vg.Points(0.6), labels: !o.NoLabels})
		}
	}
	var names []string
	for i, r := range results {
		if r != nil {
			names = append(names, methodName(r, i))
		}
	}
	styles := styleSeries(names)
	k := -1
	for i, r := range results {
		if r == nil {
			continue
		}
		k++
		name := methodName(r, i)
		var xys plotter.XYs
		diverged, outside := -1, false
		dim := -1
		for k, it := range r.History {
			if len(it.X) != 2 {
				dim = len(it.X)
				break
			}
			x, y := it.X[0], it.X[1]
			if !finite(x) || !finite(y) {
				diverged = k
				break
			}
			if x < xmin || x > xmax || y < ymin || y > ymax {
				outside = true
			}
			xys = append(xys, plotter.XY{X: x, Y: y})
		}
		switch {
		case dim == 0:
			nt.add("%s: no path recorded (see optim.Settings.PathDim)", name)
		case dim > 0:
			nt.add("%s: path has %d variables, not 2", name, dim)
		case diverged >= 0:
			nt.add("%s: x is NaN/Inf at iteration %d, drawn up to the last finite point", name, r.History[diverged].Iter)
		}
		if outside {
			nt.add("%s: path leaves the plotted box", name)
		}
		if len(xys) == 0 {
			if len(r.History) == 0 {
				nt.add("%s: empty history", name)
			}
			continue
		}
		col := styles[k].color
		line, _ := plotter.NewLine(xys) // finite by construction
		line.Color, line.Width, line.Dashes = col, vg.Points(1.5), styles[k].dashes
		xys = thin(xys, maxPoints)
		start, _ := plotter.NewScatter(xys[:1])
		start.Color, start.Radius, start.Shape = col, vg.Points(3.5), draw.BoxGlyph{}
		end, _ := plotter.NewScatter(xys[len(xys)-1:])
		end.Color, end.Radius, end.Shape = col, vg.Points(3.5), draw.CircleGlyph{}
		if diverged >= 0 {
			end.Shape, end.Radius = draw.CrossGlyph{}, vg.Points(5)
		}
		p.Add(line)
		if len(xys) <= maxPathDots {
			// Dots show the step lengths; on long paths they would only thicken the line.
			pts, _ := plotter.NewScatter(xys)
			pts.Color, pts.Radius, pts.Shape = col, vg.Points(1.6), draw.CircleGlyph{}
			p.Add(pts)
		}
		p.Add(start, end)
		p.Legend.Add(name, line)
	}
	// Keep the box the caller asked for, whatever the paths' extent.
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xmin, xmax, ymin, ymax
	return p
}
