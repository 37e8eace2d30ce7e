package display

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// levelSets draws the level sets of a sampled function by marching squares (Lorensen &
// Cline 1987, in its 2-D form), with the segments of each level joined into polylines.
// Unlike gonum's plotter.Contour, whose paths come out of maps in a random order, it
// draws the same lines in the same order every time, so the SVG of a plot is the same
// on every run and a notebook's stored output can be checked.
type levelSets struct {
	g      *contourGrid
	levels []float64
	colors []color.Color
	width  vg.Length
	// labels writes each level's value on one of its lines, where it has room.
	labels bool
}

// edge names the grid edge a contour point lies on: from node (c, r) to (c+1, r) when
// vertical is false, to (c, r+1) when it is true.
type edge struct {
	c, r     int
	vertical bool
}

type segment struct{ a, b edge }

// Plot implements plot.Plotter.
func (l *levelSets) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	drawn := make([][][]vg.Point, len(l.levels))
	for k, level := range l.levels {
		col := l.colors[k%len(l.colors)]
		for _, line := range l.trace(level) {
			pts := make([]vg.Point, len(line))
			for i, e := range line {
				x, y := l.point(e, level)
				pts[i] = vg.Point{X: trX(x), Y: trY(y)}
			}
			c.StrokeLines(draw.LineStyle{Color: col, Width: l.width}, c.ClipLinesXY(pts)...)
			drawn[k] = append(drawn[k], pts)
		}
	}
	if l.labels {
		l.label(c, p, drawn)
	}
}

// label writes the value of each level on its longest line, at the first of a few places
// along it where the label fits inside the plot and overlaps neither another label nor
// the legend; a level with no such place stays unlabelled.
func (l *levelSets) label(c draw.Canvas, p *plot.Plot, drawn [][][]vg.Point) {
	sty := text.Style{
		Color:   color.RGBA{0x22, 0x33, 0x4d, 0xff},
		Font:    font.From(sans, 8),
		XAlign:  draw.XCenter,
		YAlign:  draw.YCenter,
		Handler: p.TextHandler,
	}
	if sty.Handler == nil {
		sty.Handler = plot.DefaultTextHandler
	}
	pad := vg.Points(1.5)
	var taken []vg.Rectangle
	if r := legendRect(c, p); r.Max.X > r.Min.X {
		taken = append(taken, r)
	}
	overlaps := func(a vg.Rectangle) bool {
		for _, b := range taken {
			if a.Min.X < b.Max.X && b.Min.X < a.Max.X && a.Min.Y < b.Max.Y && b.Min.Y < a.Max.Y {
				return true
			}
		}
		return false
	}
	for k, lines := range drawn {
		label := levelLabel(l.levels[k])
		size := sty.Rectangle(label)
		w, h := size.Max.X-size.Min.X+2*pad, size.Max.Y-size.Min.Y+2*pad
		sort.SliceStable(lines, func(i, j int) bool { return len(lines[i]) > len(lines[j]) })
	place:
		for _, pts := range lines {
			if len(pts) < 6 {
				break
			}
			for _, frac := range []float64{0.5, 0.3, 0.7, 0.15, 0.85} {
				at := pts[int(frac*float64(len(pts)-1))]
				r := vg.Rectangle{Min: vg.Point{X: at.X - w/2, Y: at.Y - h/2}, Max: vg.Point{X: at.X + w/2, Y: at.Y + h/2}}
				if r.Min.X < c.Min.X || r.Max.X > c.Max.X || r.Min.Y < c.Min.Y || r.Max.Y > c.Max.Y || overlaps(r) {
					continue
				}
				c.FillPolygon(color.NRGBA{0xff, 0xff, 0xff, 0xe0}, []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}})
				c.FillText(sty, at, label)
				taken = append(taken, r)
				break place
			}
		}
	}
}

// legendRect is where the legend of p is drawn on the data canvas c. (plot.Legend's own
// Rectangle gives the size but puts a right-aligned legend on the left and ignores the
// offsets.)
func legendRect(c draw.Canvas, p *plot.Plot) vg.Rectangle {
	size := p.Legend.Rectangle(c)
	w, h := size.Max.X-size.Min.X, size.Max.Y-size.Min.Y
	var r vg.Rectangle
	if p.Legend.Left {
		r.Min.X = c.Min.X + p.Legend.XOffs
		r.Max.X = r.Min.X + w
	} else {
		r.Max.X = c.Max.X + p.Legend.XOffs
		r.Min.X = r.Max.X - w
	}
	if p.Legend.Top {
		r.Max.Y = c.Max.Y + p.Legend.YOffs
		r.Min.Y = r.Max.Y - h
	} else {
		r.Min.Y = c.Min.Y + p.Legend.YOffs
		r.Max.Y = r.Min.Y + h
	}
	return r
}

// levelLabel formats a contour level with three significant digits at most: "0.0123",
// "1.5", "250", "12345", "3e-05".
func levelLabel(v float64) string {
	a := math.Abs(v)
	switch {
	case a == 0:
		return "0"
	case a < 1e-3 || a >= 1e6:
		mant, exp, _ := strings.Cut(strconv.FormatFloat(v, 'e', 1, 64), "e")
		e, _ := strconv.Atoi(exp)
		return fmt.Sprintf("%se%d", strings.TrimSuffix(mant, ".0"), e)
	case a >= 1000:
		return strconv.FormatFloat(math.Round(v), 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

// DataRange implements plot.DataRanger.
func (l *levelSets) DataRange() (xmin, xmax, ymin, ymax float64) {
	n := len(l.g.x)
	return l.g.x[0], l.g.x[n-1], l.g.y[0], l.g.y[len(l.g.y)-1]
}

// point interpolates where f crosses level on edge e.
func (l *levelSets) point(e edge, level float64) (x, y float64) {
	g := l.g
	c2, r2 := e.c+1, e.r
	if e.vertical {
		c2, r2 = e.c, e.r+1
	}
	z1, z2 := g.z[e.c][e.r], g.z[c2][r2]
	t := 0.5
	if z2 != z1 {
		t = (level - z1) / (z2 - z1)
	}
	return g.x[e.c] + t*(g.x[c2]-g.x[e.c]), g.y[e.r] + t*(g.y[r2]-g.y[e.r])
}

// trace returns the level set of level as polylines of edges, in grid order.
func (l *levelSets) trace(level float64) [][]edge {
	g := l.g
	nc, nr := len(g.x), len(g.y)
	var segs []segment
	for c := 0; c+1 < nc; c++ {
		for r := 0; r+1 < nr; r++ {
			// Corners counter-clockwise from (c, r); edges between them.
			bottom, right := edge{c, r, false}, edge{c + 1, r, true}
			top, left := edge{c, r + 1, false}, edge{c, r, true}
			z00, z10, z11, z01 := g.z[c][r], g.z[c+1][r], g.z[c+1][r+1], g.z[c][r+1]
			code := 0
			if z00 > level {
				code |= 1
			}
			if z10 > level {
				code |= 2
			}
			if z11 > level {
				code |= 4
			}
			if z01 > level {
				code |= 8
			}
			if code > 7 {
				code = 15 - code // the same crossings with above and below swapped
			}
			switch code {
			case 1:
				segs = append(segs, segment{left, bottom})
			case 2:
				segs = append(segs, segment{bottom, right})
			case 3:
				segs = append(segs, segment{left, right})
			case 4:
				segs = append(segs, segment{right, top})
			case 6:
				segs = append(segs, segment{bottom, top})
			case 7:
				segs = append(segs, segment{left, top})
			case 5: // saddle: decide by the centre value
				centre := (z00 + z10 + z11 + z01) / 4
				above00 := z00 > level
				if (centre > level) == above00 {
					segs = append(segs, segment{left, top}, segment{bottom, right})
				} else {
					segs = append(segs, segment{left, bottom}, segment{right, top})
				}
			}
		}
	}
	// Join segments that share an edge point into polylines.
	at := make(map[edge][]int, 2*len(segs))
	for i, s := range segs {
		at[s.a] = append(at[s.a], i)
		at[s.b] = append(at[s.b], i)
	}
	used := make([]bool, len(segs))
	next := func(e edge) int {
		for _, j := range at[e] {
			if !used[j] {
				return j
			}
		}
		return -1
	}
	var lines [][]edge
	for i, s := range segs {
		if used[i] {
			continue
		}
		used[i] = true
		line := []edge{s.a, s.b}
		for j := next(line[len(line)-1]); j >= 0; j = next(line[len(line)-1]) {
			used[j] = true
			if segs[j].a == line[len(line)-1] {
				line = append(line, segs[j].b)
			} else {
				line = append(line, segs[j].a)
			}
		}
		var back []edge
		for j := next(line[0]); j >= 0; j = next(back[len(back)-1]) {
			used[j] = true
			from := line[0]
			if len(back) > 0 {
				from = back[len(back)-1]
			}
			if segs[j].a == from {
				back = append(back, segs[j].b)
			} else {
				back = append(back, segs[j].a)
			}
		}
		if len(back) > 0 {
			joined := make([]edge, 0, len(back)+len(line))
			for k := len(back) - 1; k >= 0; k-- {
				joined = append(joined, back[k])
			}
			line = append(joined, line...)
		}
		lines = append(lines, line)
	}
	return lines
}
