package display

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Plot styling lives here and is applied to each plot the helpers build; nothing in this
// file reads or writes gonum/plot's package-level defaults (plot.DefaultFont and friends),
// so no cell can change how a later cell's plots look.

// sans is the typeface of the helpers' plots (Liberation Sans ships with gonum/plot).
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// palette holds the line colours of series that are not one of the course's methods, in
// order (Tableau 10, chosen to stay distinguishable for the common forms of colour
// blindness); methods have their own colours, methodColors below.
var palette = []color.RGBA{
	{0x1f, 0x77, 0xb4, 0xff}, // blue
	{0xff, 0x7f, 0x0e, 0xff}, // orange
	{0x2c, 0xa0, 0x2c, 0xff}, // green
	{0xd6, 0x27, 0x28, 0xff}, // red
	{0x94, 0x67, 0xbd, 0xff}, // purple
	{0x8c, 0x56, 0x4b, 0xff}, // brown
	{0xe3, 0x77, 0xc2, 0xff}, // pink
	{0x7f, 0x7f, 0x7f, 0xff}, // grey
	{0xbc, 0xbd, 0x22, 0xff}, // olive
	{0x17, 0xbe, 0xcf, 0xff}, // cyan
}

// colorAt returns the colour of the i-th series.
func colorAt(i int) color.Color { return palette[i%len(palette)] }

// newPlot returns a plot styled for notebooks: sans-serif text, light grid, legend at the
// top right. Every style is set on this plot only.
func newPlot(title, xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = font.From(sans, 13)
	p.Title.Padding = vg.Points(6)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(sans, 11)
		a.Tick.Label.Font = font.From(sans, 9)
		a.Tick.Length = vg.Points(4)
		a.Padding = vg.Points(2)
	}
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	p.X.Tick.Marker, p.Y.Tick.Marker = linearTicks{}, linearTicks{}
	p.Legend.TextStyle.Font = font.From(sans, 10)
	p.Legend.Top = true
	p.Legend.ThumbnailWidth = vg.Points(18)
	p.Legend.XOffs, p.Legend.YOffs = -vg.Points(4), -vg.Points(4)
	p.Add(grid{})
	return p
}

// linearTicks places ticks as gonum's DefaultTicks does but labels them with as few
// digits as tell them apart ("2500", "0.5"), not with a shared fixed precision ("2500.00").
type linearTicks struct{}

func (linearTicks) Ticks(min, max float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(min, max)
	for i := range ticks {
		if ticks[i].Label != "" {
			ticks[i].Label = strconv.FormatFloat(ticks[i].Value, 'g', 6, 64)
		}
	}
	return ticks
}

// grid draws light major grid lines under the data; it follows the axes' tickers, so it
// works on log scales too.
type grid struct{}

func (grid) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	sty := draw.LineStyle{Color: color.Gray{0xe4}, Width: vg.Points(0.5)}
	for _, t := range p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max) {
		if t.IsMinor() || t.Value < p.X.Min || t.Value > p.X.Max {
			continue
		}
		x := trX(t.Value)
		c.StrokeLine2(sty, x, c.Min.Y, x, c.Max.Y)
	}
	for _, t := range p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max) {
		if t.IsMinor() || t.Value < p.Y.Min || t.Value > p.Y.Max {
			continue
		}
		y := trY(t.Value)
		c.StrokeLine2(sty, c.Min.X, y, c.Max.X, y)
	}
}

// notes is a Plotter that writes warnings (diverged runs, dropped points) in the top-left
// corner of the data area, on a translucent box so they stay readable over the data.
type notes struct {
	lines []string
	// corner places the box: topLeft, topRight (the default, under the legend),
	// bottomLeft or bottomRight.
	corner int
}

// Corners of the data area for notes.
const (
	topRight = iota
	topLeft
	bottomLeft
	bottomRight
)

// add appends a warning line.
func (n *notes) add(format string, args ...any) {
	n.lines = append(n.lines, fmt.Sprintf(format, args...))
}

// attach adds n to p when it holds any line; call it after the data plotters so that
// the notes are drawn over them.
func (n *notes) attach(p *plot.Plot) {
	if len(n.lines) > 0 {
		p.Add(n)
	}
}

func (n *notes) Plot(c draw.Canvas, p *plot.Plot) {
	if len(n.lines) == 0 {
		return
	}
	sty := text.Style{
		Color:   color.RGBA{0xb0, 0x00, 0x20, 0xff},
		Font:    font.From(sans, 9),
		XAlign:  draw.XLeft,
		YAlign:  draw.YTop,
		Handler: p.TextHandler,
	}
	if sty.Handler == nil {
		sty.Handler = plot.DefaultTextHandler
	}
	pad := vg.Points(3)
	var w, h vg.Length
	lineH := make([]vg.Length, len(n.lines))
	for i, l := range n.lines {
		r := sty.Rectangle(l)
		lw, lh := r.Max.X-r.Min.X, r.Max.Y-r.Min.Y
		w = max(w, lw)
		lineH[i] = lh
		h += lh
	}
	x0, y0 := c.Min.X+pad, c.Max.Y-pad
	if n.corner == topRight || n.corner == bottomRight {
		x0 = c.Max.X - pad - w
	}
	if n.corner == bottomLeft || n.corner == bottomRight {
		y0 = c.Min.Y + pad + h
	}
	if n.corner == topRight && p.Legend.Top && !p.Legend.Left {
		// Below the legend.
		r := p.Legend.Rectangle(c)
		if lh := r.Max.Y - r.Min.Y; lh > 0 {
			y0 += p.Legend.YOffs - lh - pad
		}
	}
	box := []vg.Point{{X: x0 - pad/2, Y: y0 + pad/2}, {X: x0 + w + pad, Y: y0 + pad/2},
		{X: x0 + w + pad, Y: y0 - h - pad}, {X: x0 - pad/2, Y: y0 - h - pad}}
	c.FillPolygon(color.NRGBA{0xff, 0xff, 0xff, 0xd8}, box)
	y := y0
	for i, l := range n.lines {
		c.FillText(sty, vg.Point{X: x0, Y: y}, l)
		y -= lineH[i]
	}
}

// logTicks labels the decades of a log axis, thinning labels on long ranges so that they
// never overlap, with minor ticks at 2..9 times each decade on short ranges.
type logTicks struct{}

func (logTicks) Ticks(min, max float64) []plot.Tick {
	if !(min > 0) || !(max > 0) || math.IsInf(max, 0) {
		return nil
	}
	lo := int(math.Floor(math.Log10(min)))
	hi := int(math.Ceil(math.Log10(max)))
	if hi == lo {
		hi++
	}
	n := hi - lo
	step := 1
	if n > 8 {
		step = (n + 7) / 8
	}
	var ticks []plot.Tick
	for k := lo; k <= hi; k++ {
		v := math.Pow(10, float64(k))
		t := plot.Tick{Value: v}
		if (k-lo)%step == 0 {
			t.Label = decade(k)
		}
		ticks = append(ticks, t)
		if n <= 6 && k < hi {
			for m := 2; m < 10; m++ {
				ticks = append(ticks, plot.Tick{Value: float64(m) * v})
			}
		}
	}
	return ticks
}

// decade formats 10^k.
func decade(k int) string {
	switch {
	case k >= 0 && k <= 3:
		return fmt.Sprintf("%.0f", math.Pow(10, float64(k)))
	case k < 0 && k >= -2:
		return fmt.Sprintf("%.*f", -k, math.Pow(10, float64(k)))
	}
	return fmt.Sprintf("1e%d", k)
}

// setLogY puts the y axis of p on a log scale over [lo, hi] (lo > 0), padded to whole
// decades, with a range of at least one decade.
func setLogY(p *plot.Plot, lo, hi float64) {
	if !(lo > 0) || math.IsInf(lo, 0) || math.IsNaN(hi) || math.IsInf(hi, 0) || hi < lo {
		lo, hi = 1, 10
	}
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = logTicks{}
	p.Y.Min = math.Pow(10, math.Floor(math.Log10(lo)))
	p.Y.Max = math.Pow(10, math.Ceil(math.Log10(hi)))
	if p.Y.Max <= p.Y.Min {
		p.Y.Max = p.Y.Min * 10
	}
}

// finite reports whether v is neither NaN nor infinite.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// methodColors gives each method of the course its colour, defined once here: every plot
// helper (Convergence, Contour, Lines, Monitor) draws a series whose name is one of these
// names, or starts with one followed by a space, a comma or a parenthesis ("L-BFGS (m=5)",
// "SGD(η=0.1)", "CG, spread spectrum"), in that colour, so that a method keeps its colour
// from plot to plot and from notebook to notebook. The longest matching name wins
// ("Newton (Cholesky+τI) + strong Wolfe" before "Newton (Cholesky+τI)"). Series that
// match no name take the colours of palette in order, skipping the colours of the
// methods in the same plot.
var methodColors = []struct {
	name  string
	color color.RGBA
}{
	// Newton and its modifications.
	{"Newton (Cholesky+τI)", color.RGBA{0x1f, 0x77, 0xb4, 0xff}},                // blue
	{"Newton (Cholesky+τI) + strong Wolfe", color.RGBA{0x17, 0xbe, 0xcf, 0xff}}, // cyan
	{"Newton (eigenvalue clip)", color.RGBA{0x63, 0x79, 0x39, 0xff}},            // dark olive
	{"Newton (saddle-free |H|)", color.RGBA{0xad, 0x49, 0x4a, 0xff}},            // brick
	{"pure Newton", color.RGBA{0x00, 0x00, 0x00, 0xff}},                         // black
	{"trust-region Newton (Moré-Sorensen)", color.RGBA{0x52, 0x54, 0xa3, 0xff}}, // indigo
	{"trust-region Newton (dogleg)", color.RGBA{0xbd, 0x9e, 0x39, 0xff}},        // gold
	{"trust-region Newton (Steihaug-CG)", color.RGBA{0xa5, 0x51, 0x94, 0xff}},   // magenta
	{"trust-region Newton (Cauchy point)", color.RGBA{0x8c, 0xa2, 0x52, 0xff}},  // moss
	{"Newton-CG", color.RGBA{0x17, 0xbe, 0xcf, 0xff}},                           // cyan
	{"Newton-CG, Gauss-Newton", color.RGBA{0xe6, 0x55, 0x0d, 0xff}},             // dark orange
	{"HF", color.RGBA{0x39, 0x3b, 0x79, 0xff}},                                  // navy
	{"Gauss-Newton", color.RGBA{0xe6, 0x55, 0x0d, 0xff}},                        // dark orange
	{"Levenberg-Marquardt", color.RGBA{0x84, 0x3c, 0x39, 0xff}},                 // dark red
	{"K-FAC", color.RGBA{0xd6, 0x27, 0x28, 0xff}},                               // red
	{"AdaHessian", color.RGBA{0x75, 0x6b, 0xb1, 0xff}},                          // violet
	// Quasi-Newton.
	{"BFGS", color.RGBA{0xff, 0x7f, 0x0e, 0xff}},   // orange
	{"DFP", color.RGBA{0x8c, 0x6d, 0x31, 0xff}},    // dark gold
	{"SR1", color.RGBA{0x94, 0x67, 0xbd, 0xff}},    // purple
	{"L-BFGS", color.RGBA{0x2c, 0xa0, 0x2c, 0xff}}, // green
	{"SQN", color.RGBA{0x31, 0xa3, 0x54, 0xff}},    // dark green
	// Gradient methods.
	{"CG", color.RGBA{0x8c, 0x56, 0x4b, 0xff}},               // brown
	{"gradient descent", color.RGBA{0x7f, 0x7f, 0x7f, 0xff}}, // grey
	{"steepest descent", color.RGBA{0x7f, 0x7f, 0x7f, 0xff}}, // grey
	{"SGD", color.RGBA{0xbc, 0xbd, 0x22, 0xff}},              // olive
	{"momentum", color.RGBA{0x9c, 0x9e, 0xde, 0xff}},         // lavender
	{"Nesterov", color.RGBA{0x9c, 0x9e, 0xde, 0xff}},         // lavender
	{"Adam", color.RGBA{0xe3, 0x77, 0xc2, 0xff}},             // pink
	{"SVRG", color.RGBA{0x7b, 0x41, 0x73, 0xff}},             // plum
}

// MethodColor returns the colour that the plot helpers give a series named name (see
// the list of methods in display/style.go) and whether name is one of the course's
// methods. A cell that draws its own plot can use it to keep a method's colour.
func MethodColor(name string) (color.Color, bool) {
	c, ok := methodColor(name)
	return c, ok
}

func methodColor(name string) (color.RGBA, bool) {
	best, found := -1, false
	var col color.RGBA
	for _, m := range methodColors {
		if !strings.HasPrefix(name, m.name) || len(m.name) <= best {
			continue
		}
		if rest := name[len(m.name):]; rest != "" && !strings.ContainsAny(rest[:1], " ,(") {
			continue
		}
		best, col, found = len(m.name), m.color, true
	}
	return col, found
}

// dashPatterns tell apart series of one plot that share a colour: the first is solid.
var dashPatterns = [][]vg.Length{
	nil,
	{vg.Points(6), vg.Points(3)},
	{vg.Points(2), vg.Points(2)},
	{vg.Points(7), vg.Points(2), vg.Points(2), vg.Points(2)},
}

// seriesStyle is the colour and dash pattern of one series.
type seriesStyle struct {
	color  color.Color
	dashes []vg.Length
}

// styleSeries assigns a colour to each named series of one plot: a method's colour
// (methodColors), else the next palette colour that no method of the plot uses. A
// colour drawn a second time in the same plot gets a dash pattern.
func styleSeries(names []string) []seriesStyle {
	out := make([]seriesStyle, len(names))
	taken := map[color.RGBA]bool{}
	cols := make([]color.RGBA, len(names))
	known := make([]bool, len(names))
	for i, n := range names {
		if c, ok := methodColor(n); ok {
			cols[i], known[i] = c, true
			taken[c] = true
		}
	}
	next := 0
	for i := range names {
		if known[i] {
			continue
		}
		c := palette[next%len(palette)]
		for k := 0; k < len(palette) && taken[c]; k++ {
			next++
			c = palette[next%len(palette)]
		}
		next++
		cols[i] = c
	}
	uses := map[color.RGBA]int{}
	for i, c := range cols {
		out[i] = seriesStyle{color: c, dashes: dashPatterns[uses[c]%len(dashPatterns)]}
		uses[c]++
	}
	return out
}

// markerShapes mark the points of short series in convergence plots, one shape per
// series, so that curves lying on top of each other stay visible.
var markerShapes = []draw.GlyphDrawer{
	draw.CircleGlyph{}, draw.TriangleGlyph{}, draw.BoxGlyph{}, draw.PyramidGlyph{},
	draw.RingGlyph{}, draw.CrossGlyph{}, draw.PlusGlyph{}, draw.SquareGlyph{},
}
