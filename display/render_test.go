package display

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"

	"github.com/hessnote/hessnote/optim"
)

// checkPlotBundle asserts that b is a plot bundle of width×height CSS pixels: PNG at
// twice that size with the CSS size in metadata, SVG that parses as XML, text/plain.
func checkPlotBundle(t *testing.T, b Bundle, width, height int) {
	t.Helper()
	for _, m := range []string{"image/png", "image/svg+xml", "text/plain"} {
		if _, ok := b.Data[m]; !ok {
			t.Fatalf("plot bundle lacks %s (has %v; text %q)", m, keys(b), b.Text())
		}
	}
	md, ok := b.Metadata["image/png"].(map[string]any)
	if !ok || md["width"] != width || md["height"] != height {
		t.Errorf("png metadata = %v, want width %d height %d", b.Metadata["image/png"], width, height)
	}
	data, err := imageData(b, "image/png")
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("PNG does not decode: %v", err)
	}
	if sz := img.Bounds().Size(); sz.X != pixelRatio*width || sz.Y != pixelRatio*height {
		t.Errorf("PNG is %v pixels, want %dx%d", sz, pixelRatio*width, pixelRatio*height)
	}
	checkXML(t, b.Data["image/svg+xml"].(string))
}

// checkXML asserts that s is well-formed XML with an <svg> root.
func checkXML(t *testing.T, s string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	root := ""
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok && root == "" {
			root = se.Name.Local
		}
	}
	if root != "svg" {
		t.Errorf("SVG root element is %q", root)
	}
}

func TestRenderPlot(t *testing.T) {
	p := Convergence(fakeRun("Newton", 8, 0.3))
	checkPlotBundle(t, Render(p), DefaultWidth, DefaultHeight)
	checkPlotBundle(t, RenderPlot(p, 300, 200), 300, 200)
	if got := Render(p).Text(); got != "<plot: f(x) against iteration>" {
		t.Errorf("text/plain = %q", got)
	}
}

func TestRenderPlotThatCannotDraw(t *testing.T) {
	p := plot.New()
	p.Y.Scale = plot.LogScale{} // the default range [0, 0] cannot be drawn on a log scale
	b := Render(p)
	if _, ok := b.Data["image/png"]; ok || !strings.Contains(b.Text(), "cannot draw") {
		t.Errorf("undrawable plot gave %v, text %q", keys(b), b.Text())
	}
}

type htmlValue struct{}

func (htmlValue) HTML() string   { return "<b>x</b>" }
func (htmlValue) String() string { return "x" }

type panicky struct{}

func (panicky) HTML() string { panic("boom") }

type plotter2 struct{}

func (plotter2) Plot() *plot.Plot { return Spectrum([]float64{1, 2}) }

func TestRenderPicksForm(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 3, 2))
	img.Set(1, 1, color.White)
	cases := []struct {
		name string
		v    any
		mime string // the richest type expected
		text string // the expected text/plain, when checked
	}{
		{"nil", nil, "", "<nil>"},
		{"int", 42, "", "42"},
		{"string", "hi", "", "hi"},
		{"error", errors.New("bad thing"), "", "bad thing"},
		{"bundle", Bundle{Data: map[string]any{"text/html": "<i>a</i>"}}, "text/html", "<display with 1 representations>"},
		{"*bundle", &Bundle{Data: map[string]any{"text/plain": "t"}}, "", "t"},
		{"html method", htmlValue{}, "text/html", "x"},
		{"panicking method", panicky{}, "", ""},
		{"image", img, "image/png", "<PNG image 3×2>"},
		{"plotter", plotter2{}, "image/png", "<plot: Eigenvalue spectrum>"},
		{"matrix", mat.NewDense(2, 2, []float64{1, 2, 3, 4}), "text/latex", ""},
		{"result", fakeRun("BFGS", 3, 0.5), "text/html", ""},
		{"result value", *fakeRun("BFGS", 3, 0.5), "text/html", ""},
		{"nil result", (*optim.Result)(nil), "", "<nil *optim.Result>"},
		{"results", []*optim.Result{fakeRun("a", 2, 0.5)}, "text/html", ""},
	}
	for _, c := range cases {
		b := Render(c.v)
		if _, ok := b.Data["text/plain"].(string); !ok {
			t.Errorf("%s: no text/plain", c.name)
		}
		if c.text != "" && b.Text() != c.text {
			t.Errorf("%s: text/plain = %q, want %q", c.name, b.Text(), c.text)
		}
		if c.mime == "" && len(b.Data) != 1 {
			t.Errorf("%s: types %v, want text/plain only", c.name, keys(b))
		}
		if c.mime != "" {
			if _, ok := b.Data[c.mime]; !ok {
				t.Errorf("%s: types %v, want %s", c.name, keys(b), c.mime)
			}
		}
	}
	if got := Render(panicky{}).Text(); !strings.Contains(got, "boom") {
		t.Errorf("panicking HTML method: text %q does not give the cause", got)
	}
}

func TestRenderMatrix(t *testing.T) {
	b := Render(mat.NewDense(2, 3, []float64{1, -2.5, 0, 1e-7, 3, 4}))
	if got, want := b.Data["text/latex"], `$$\begin{bmatrix}1 & -2.5 & 0 \\ 1e-07 & 3 & 4 \\ \end{bmatrix}$$`; got != want {
		t.Errorf("latex = %s\nwant    %s", got, want)
	}
	h := b.Data["text/html"].(string)
	if strings.Count(h, "<tr>") != 2 || strings.Count(h, "<td") != 6 || !strings.Contains(h, "2×3") {
		t.Errorf("html table wrong: %s", h)
	}
	if strings.Contains(h, "showing") {
		t.Errorf("small matrix has a truncation note")
	}
}

func TestRenderMatrixTruncated(t *testing.T) {
	m := mat.NewDense(25, 30, nil)
	for i := 0; i < 25; i++ {
		for j := 0; j < 30; j++ {
			m.Set(i, j, float64(100*i+j))
		}
	}
	b := Render(m)
	note := "25×30 matrix: showing the first and last 10 rows and columns beyond 20"
	for _, mime := range []string{"text/plain", "text/html", "text/latex"} {
		if !strings.Contains(b.Data[mime].(string), note) {
			t.Errorf("%s lacks the truncation note", mime)
		}
	}
	h := b.Data["text/html"].(string)
	// 20 shown rows plus the ⋮ row; 20 shown columns plus the ⋯ column.
	if n := strings.Count(h, "<tr>"); n != 21 {
		t.Errorf("html has %d rows, want 21", n)
	}
	if n := strings.Count(h, "<td"); n != 21*21 {
		t.Errorf("html has %d cells, want %d", n, 21*21)
	}
	// The last shown entry is the matrix's last one; the middle ones are left out.
	if !strings.Contains(h, ">2429<") || strings.Contains(h, ">1215<") {
		t.Errorf("html shows the wrong entries")
	}
	lx := b.Data["text/latex"].(string)
	if !strings.Contains(lx, `\ddots`) || strings.Count(lx, `\cdots`) != 20 {
		t.Errorf("latex ellipses wrong: %s", lx)
	}
}

func TestResultAndTable(t *testing.T) {
	r1 := fakeRun("Newton", 5, 0.2)
	r2 := divergeAt(fakeRun("GD", 9, 0.9), 4)
	r2.Stats.FDFuncEvals = 7
	b := Render(r1)
	for _, s := range []string{"Newton: gradient threshold", "iterations   5", "f 11, ∇f 6, ∇²f 5, ∇²f·v 0"} {
		if !strings.Contains(b.Text(), s) {
			t.Errorf("result text lacks %q:\n%s", s, b.Text())
		}
	}
	if !strings.Contains(b.Data["text/html"].(string), "#2c7a2c") {
		t.Errorf("converged status is not green")
	}
	tb := Table(r1, nil, r2)
	lines := strings.Split(tb.Text(), "\n")
	if len(lines) != 3 {
		t.Fatalf("table text has %d lines:\n%s", len(lines), tb.Text())
	}
	if f := strings.Fields(lines[2]); f[0] != "GD" || f[1] != "failure" || f[2] != "9" || f[7] != "7" {
		t.Errorf("table row = %q", lines[2])
	}
	h := tb.Data["text/html"].(string)
	if strings.Count(h, "<tr>") != 3 || !strings.Contains(h, "#b00020") {
		t.Errorf("table html wrong: %s", h)
	}
}

func TestRenderMatrixEdgeCases(t *testing.T) {
	for _, m := range []mat.Matrix{&mat.Dense{}, mat.NewVecDense(3, nil), mat.NewSymDense(2, []float64{1, 2, 2, 1}), mat.NewDense(1000, 1000, nil).T()} {
		b := Render(m)
		if b.Text() == "" {
			t.Errorf("%T: empty text", m)
		}
	}
	if h, _ := Render(mat.NewDense(1000, 1000, nil)).Data["text/html"].(string); strings.Count(h, "<td") != 21*21 {
		t.Errorf("1000×1000 html has %d cells", strings.Count(h, "<td"))
	}
}

func TestPlotsLeaveGonumDefaults(t *testing.T) {
	before := plot.DefaultFont
	for _, p := range goldenPlots() {
		Render(p)
	}
	if plot.DefaultFont != before || plot.New().Title.TextStyle.Font.Variant != before.Variant {
		t.Errorf("plot.DefaultFont changed from %v to %v", before, plot.DefaultFont)
	}
	if p := Convergence(fakeRun("a", 3, 0.5)); p.Title.TextStyle.Font.Variant != "Sans" {
		t.Errorf("helper plot not styled: %v", p.Title.TextStyle.Font)
	}
}
