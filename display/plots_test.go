package display

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"image"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"gonum.org/v1/plot"

	"github.com/hessnote/hessnote/optim"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata")

// svgTexts returns the text drawn in a plot, read from its SVG rendering.
func svgTexts(t *testing.T, p *plot.Plot) []string {
	t.Helper()
	s, err := plotSVG(p, 400, 300)
	if err != nil {
		t.Fatal(err)
	}
	d := xml.NewDecoder(strings.NewReader(s))
	var out []string
	in := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("SVG: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			in = tok.Name.Local == "text"
		case xml.EndElement:
			in = false
		case xml.CharData:
			if in {
				out = append(out, string(tok))
			}
		}
	}
}

// hasText reports whether one of the texts contains s.
func hasText(texts []string, s string) bool {
	for _, t := range texts {
		if strings.Contains(t, s) {
			return true
		}
	}
	return false
}

func rosenbrock(x, y float64) float64 { return (1-x)*(1-x) + 100*(y-x*x)*(y-x*x) }

// goldenPlots are the main plots checked against the images in testdata.
func goldenPlots() map[string]*plot.Plot {
	newton, bfgs := fakeRun("Newton", 8, 0.3), fakeRun("BFGS", 30, 0.7)
	gd := divergeAt(fakeRun("GD", 40, 0.9), 25)
	var ev, grid, dens, ys []float64
	for i := 0; i < 30; i++ {
		ev = append(ev, math.Sin(float64(i))*float64(i%5))
	}
	for i := 0; i < 200; i++ {
		x := -5 + 50*float64(i)/199
		grid = append(grid, x)
		dens = append(dens, math.Exp(-x*x/2)/2.5+0.01*math.Exp(-(x-40)*(x-40)/4))
		ys = append(ys, math.Cos(x/4))
	}
	return map[string]*plot.Plot{
		"convergence":   Convergence(newton, bfgs, gd),
		"gradnorm-eval": ConvergenceWith(ConvergenceOptions{Y: YGradNorm, X: XEvaluations}, newton, bfgs),
		"contour":       Contour(rosenbrock, -2, 2, -1, 3, newton, bfgs),
		"spectrum":      Spectrum(ev),
		"density":       SpectralDensity(grid, dens),
		"lines":         Lines(Series{Name: "cos", X: grid, Y: ys}),
	}
}

// imagesClose compares two images tolerantly: same size, and at most 0.2% of the pixels
// differ by more than 48/255 in some channel (anti-aliasing may move by a pixel; a
// missing line, curve or label does not pass).
func imagesClose(a, b image.Image) (bool, float64) {
	if a.Bounds() != b.Bounds() {
		return false, 1
	}
	r := a.Bounds()
	bad := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			d := max(absDiff(r1, r2), absDiff(g1, g2), absDiff(b1, b2)) >> 8
			if d > 48 {
				bad++
			}
		}
	}
	frac := float64(bad) / float64(r.Dx()*r.Dy())
	return frac <= 0.002, frac
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

func TestGoldenPlots(t *testing.T) {
	for name, p := range goldenPlots() {
		got, err := plotPNG(p, 320, 200, 1)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		path := filepath.Join("testdata", name+".png")
		if *update {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%s: %v (run go test -update to create it)", name, err)
			continue
		}
		gi, err1 := png.Decode(bytes.NewReader(got))
		wi, err2 := png.Decode(bytes.NewReader(want))
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: decode: %v %v", name, err1, err2)
		}
		if ok, frac := imagesClose(gi, wi); !ok {
			out := filepath.Join(t.TempDir(), name+".png")
			_ = os.WriteFile(out, got, 0o644)
			t.Errorf("%s differs from %s in %.2f%% of pixels (got written to %s)", name, path, 100*frac, out)
		}
	}
}

// TestGoldenDetectsChange makes sure the comparison is not vacuous: the convergence
// plot without its diverged run must not match its golden image.
func TestGoldenDetectsChange(t *testing.T) {
	want, err := os.ReadFile(filepath.Join("testdata", "convergence.png"))
	if err != nil {
		t.Skip("no golden image yet")
	}
	got, _ := plotPNG(Convergence(fakeRun("Newton", 8, 0.3), fakeRun("BFGS", 30, 0.7)), 320, 200, 1)
	gi, _ := png.Decode(bytes.NewReader(got))
	wi, _ := png.Decode(bytes.NewReader(want))
	if ok, _ := imagesClose(gi, wi); ok {
		t.Error("a plot missing a run matches the golden image")
	}
}

func TestConvergenceDivergedRun(t *testing.T) {
	gd := divergeAt(fakeRun("GD", 40, 0.9), 25)
	p := Convergence(fakeRun("Newton", 8, 0.3), gd)
	checkPlotBundle(t, Render(p), DefaultWidth, DefaultHeight)
	texts := svgTexts(t, p)
	if !hasText(texts, "GD: NaN at iteration 25, drawn up to the last finite point") {
		t.Errorf("no divergence note in %q", texts)
	}
	for _, name := range []string{"Newton", "GD"} {
		if !hasText(texts, name) {
			t.Errorf("no legend entry %s", name)
		}
	}
	// Diverged from the start: nothing finite, still a plot with notes.
	p = ConvergenceWith(ConvergenceOptions{Y: YGradNorm}, divergeAt(fakeRun("X", 5, 0.5), 0))
	checkPlotBundle(t, Render(p), DefaultWidth, DefaultHeight)
	texts = svgTexts(t, p)
	if !hasText(texts, "X: Inf at iteration 0") || !hasText(texts, "nothing to draw") {
		t.Errorf("notes = %q", texts)
	}
}

func TestConvergenceOptions(t *testing.T) {
	r := fakeRun("Newton", 6, 0.3)
	r.History[6].GradNorm = 0 // exact convergence cannot show on a log scale
	neg := fakeRun("shifted", 6, 0.5)
	for i := range neg.History {
		neg.History[i].F -= 5 // f* < 0: auto switches to f − f_best
	}
	for _, c := range []struct {
		o     ConvergenceOptions
		rs    []*optim.Result
		label string
		note  string
	}{
		{ConvergenceOptions{}, []*optim.Result{r}, "f(x)", ""},
		{ConvergenceOptions{Y: YGradNorm, X: XTime}, []*optim.Result{r}, "gradient norm |g|∞", "Newton: 1 point(s) ≤ 0 not shown on the log scale"},
		{ConvergenceOptions{Y: YGap, FStar: -1, X: XEvaluations}, []*optim.Result{r}, "f(x) − f*", ""},
		{ConvergenceOptions{}, []*optim.Result{r, neg}, "f(x) − f_best", "f_best = -4.99"},
		{ConvergenceOptions{Linear: true}, []*optim.Result{neg}, "f(x)", ""},
		{ConvergenceOptions{}, []*optim.Result{{Method: "empty"}}, "f(x)", "empty: empty history"},
	} {
		p := ConvergenceWith(c.o, c.rs...)
		if p.Y.Label.Text != c.label {
			t.Errorf("%v: y label %q, want %q", c.o, p.Y.Label.Text, c.label)
		}
		b := Render(p)
		if _, ok := b.Data["image/png"]; !ok {
			t.Fatalf("%v: not drawn: %s", c.o, b.Text())
		}
		if c.note != "" && !hasText(svgTexts(t, p), c.note) {
			t.Errorf("%v: no note %q in %q", c.o, c.note, svgTexts(t, p))
		}
		if _, isLog := p.Y.Scale.(plot.LogScale); isLog == c.o.Linear {
			t.Errorf("%v: log scale = %v", c.o, isLog)
		}
	}
}

func TestConvergenceThinsLongHistories(t *testing.T) {
	r := fakeRun("long", 20000, 0.999)
	p := Convergence(r)
	if _, ok := Render(p).Data["image/png"]; !ok {
		t.Fatal("long history not drawn")
	}
}

func TestContourNotes(t *testing.T) {
	far := fakeRun("far", 5, 0.5)
	for i := range far.History {
		far.History[i].X = []float64{10, 10}
	}
	nd := fakeRun("3d", 3, 0.5)
	for i := range nd.History {
		nd.History[i].X = []float64{1, 2, 3}
	}
	nox := fakeRun("nox", 3, 0.5)
	for i := range nox.History {
		nox.History[i].X = nil
	}
	bad := divergeAt(fakeRun("bad", 8, 0.5), 4)
	p := Contour(func(x, y float64) float64 {
		if x > 1.5 {
			return math.NaN()
		}
		return rosenbrock(x, y)
	}, -2, 2, -1, 3, far, nd, nox, bad)
	checkPlotBundle(t, Render(p), DefaultWidth, DefaultHeight)
	texts := svgTexts(t, p)
	for _, note := range []string{
		"far: path leaves the plotted box",
		"3d: path has 3 variables, not 2",
		"nox: no path recorded",
		"bad: x is NaN/Inf at iteration 4, drawn up to the last finite point",
		"f is NaN or infinite at",
		"(log-spaced levels)",
	} {
		if !hasText(texts, note) {
			t.Errorf("contour lacks %q in %q", note, texts)
		}
	}
	if p.X.Min != -2 || p.X.Max != 2 || p.Y.Min != -1 || p.Y.Max != 3 {
		t.Errorf("box changed to [%g %g]×[%g %g]", p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
	}

	// A panicking f and an empty box are reported, not raised.
	p = Contour(func(x, y float64) float64 { panic("oops") }, -1, 1, -1, 1)
	if !hasText(svgTexts(t, p), "f panicked: oops") {
		t.Error("panic in f not noted")
	}
	p = Contour(rosenbrock, 1, 1, 0, 1)
	if !hasText(svgTexts(t, p), "empty or invalid box") {
		t.Error("empty box not noted")
	}
}

func TestAutoLevels(t *testing.T) {
	var zs []float64
	for i := 0; i <= 100; i++ {
		for j := 0; j <= 100; j++ {
			zs = append(zs, rosenbrock(-2+4*float64(i)/100, -1+4*float64(j)/100))
		}
	}
	sort.Float64s(zs)
	lv, logSpaced := autoLevels(zs, 10)
	if !logSpaced || len(lv) != 10 {
		t.Fatalf("Rosenbrock levels: log %v, %d levels", logSpaced, len(lv))
	}
	r1, r2 := (lv[1]-zs[0])/(lv[0]-zs[0]), (lv[9]-zs[0])/(lv[8]-zs[0])
	if math.Abs(r1-r2) > 1e-9*r1 || r1 <= 1 {
		t.Errorf("levels not geometric above the minimum: ratios %g %g", r1, r2)
	}
	zs = zs[:0]
	for i := 0; i <= 100; i++ {
		zs = append(zs, 1+float64(i)) // a plain ramp: evenly spaced levels
	}
	lv, logSpaced = autoLevels(zs, 5)
	if logSpaced || math.Abs((lv[1]-lv[0])-(lv[4]-lv[3])) > 1e-12 {
		t.Errorf("ramp levels %v (log %v)", lv, logSpaced)
	}
}

func TestSpectrumAndDensity(t *testing.T) {
	p := Spectrum([]float64{1, math.NaN(), 5, -2, 3})
	checkPlotBundle(t, Render(p), DefaultWidth, DefaultHeight)
	texts := svgTexts(t, p)
	if !hasText(texts, "1 NaN/Inf eigenvalue(s) left out") || !hasText(texts, "1 negative eigenvalue(s): min λ = -2") {
		t.Errorf("spectrum notes %q", texts)
	}
	if p.X.Min != 0 || p.X.Max != 5 {
		t.Errorf("spectrum x range [%g %g], want [0 5] for 4 values", p.X.Min, p.X.Max)
	}
	p = SpectralDensity([]float64{0, 1, 2, 3}, []float64{0.5, 0, 1e-3})
	checkPlotBundle(t, Render(p), DefaultWidth, DefaultHeight)
	texts = svgTexts(t, p)
	if !hasText(texts, "grid has 4 points but density 3") || !hasText(texts, "shown at that floor") {
		t.Errorf("density notes %q", texts)
	}
	if _, ok := p.Y.Scale.(plot.LogScale); !ok {
		t.Error("density not on a log scale")
	}
	checkPlotBundle(t, Render(SpectralDensity(nil, nil)), DefaultWidth, DefaultHeight)
	checkPlotBundle(t, Render(Spectrum(nil)), DefaultWidth, DefaultHeight)
}

func TestLines(t *testing.T) {
	p := Lines(Series{Name: "a", X: []float64{0, 1, 2, 3}, Y: []float64{1, math.Inf(1), 2, 3}}, Series{Name: "b", X: []float64{0, 1}, Y: []float64{0}})
	checkPlotBundle(t, Render(p), DefaultWidth, DefaultHeight)
	texts := svgTexts(t, p)
	if !hasText(texts, "a: 1 NaN/Inf point(s) not drawn") || !hasText(texts, "b: 2 x values but 1 y values") {
		t.Errorf("lines notes %q", texts)
	}
}

func TestLinesBand(t *testing.T) {
	s := Series{Name: "a", X: []float64{0, 1, 2, 3, 4}, Y: []float64{2, 3, 4, 5, 6},
		Lo: []float64{1, 2, math.NaN(), 4, 5}, Hi: []float64{3, 4, 5, 6, 7}}
	p := Lines(s, Series{Name: "no band", X: []float64{0, 4}, Y: []float64{1, 1}})
	checkPlotBundle(t, Render(p), DefaultWidth, DefaultHeight)
	svg, err := plotSVG(p, 400, 300)
	if err != nil {
		t.Fatal(err)
	}
	// The NaN at X = 2 splits the band of the first series (blue) into two filled
	// polygons; the second series has none.
	if n := strings.Count(svg, "fill:#1E76B3;fill-opacity:0.25"); n != 2 { // blue, translucent
		t.Errorf("%d band polygons in the first series' colour, want 2", n)
	}
	if n := strings.Count(svg, "fill-opacity"); n != 2 {
		t.Errorf("%d filled polygons, want only the 2 of the first series", n)
	}
}

// A band is drawn in its line's colour, a method's own colour included (it was once
// drawn in the palette colour of the series' position while the line had the method's).
func TestLinesBandInMethodColour(t *testing.T) {
	band := func(name string, y float64) Series {
		return Series{Name: name, X: []float64{0, 1, 2}, Y: []float64{y, y, y},
			Lo: []float64{y - 1, y - 1, y - 1}, Hi: []float64{y + 1, y + 1, y + 1}}
	}
	p := Lines(band("HF", 2), band("Adam(η=0.03)", 5))
	svg, err := plotSVG(p, 400, 300)
	if err != nil {
		t.Fatal(err)
	}
	fills := regexp.MustCompile(`fill:#([0-9A-F]{6});fill-opacity`).FindAllStringSubmatch(svg, -1)
	if len(fills) != 2 {
		t.Fatalf("%d band polygons, want 2", len(fills))
	}
	for i, name := range []string{"HF", "Adam"} {
		want, _ := methodColor(name)
		var r, g, b int
		fmt.Sscanf(fills[i][1], "%02X%02X%02X", &r, &g, &b)
		// The SVG writer rounds the translucent colour by a unit or so.
		if abs(r-int(want.R)) > 2 || abs(g-int(want.G)) > 2 || abs(b-int(want.B)) > 2 {
			t.Errorf("%s: band filled with #%s, want the method's colour %02X%02X%02X", name, fills[i][1], want.R, want.G, want.B)
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
