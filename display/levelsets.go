package display

import (
	"image/color"

	"gonum.org/v1/plot"
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
	for k, level := range l.levels {
		col := l.colors[k%len(l.colors)]
		for _, line := range l.trace(level) {
			pts := make([]vg.Point, len(line))
			for i, e := range line {
				x, y := l.point(e, level)
				pts[i] = vg.Point{X: trX(x), Y: trY(y)}
			}
			c.StrokeLines(draw.LineStyle{Color: col, Width: l.width}, c.ClipLinesXY(pts)...)
		}
	}
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
