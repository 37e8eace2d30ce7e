package display

import (
	"bytes"
	"fmt"
	"image"
	"image/png"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"

	"github.com/hessnote/hessnote/optim"
)

// The optional methods by which a compiled type chooses its own representation. Render
// checks them in this order; the first one a value has wins, and text/plain is added
// from fmt's %v. (Types defined in a notebook cell are interpreted and are not seen
// through these interfaces; they render as text.)
type (
	// Bundler is implemented by values that build their whole bundle.
	Bundler interface{ Bundle() Bundle }
	// HTMLer is implemented by values with an HTML representation.
	HTMLer interface{ HTML() string }
	// Markdowner is implemented by values with a Markdown representation.
	Markdowner interface{ Markdown() string }
	// LaTeXer is implemented by values with a LaTeX representation.
	LaTeXer interface{ LaTeX() string }
	// PNGer is implemented by values that render themselves as PNG.
	PNGer interface{ PNG() []byte }
	// SVGer is implemented by values that render themselves as SVG.
	SVGer interface{ SVG() string }
	// PlotBuilder is implemented by values that build a gonum plot; they render as
	// the plot does.
	PlotBuilder interface{ Plot() *plot.Plot }
)

// Render returns the richest bundle for v, always with text/plain:
//
//   - Bundle or *Bundle: itself (text/plain added if missing);
//   - *plot.Plot, or a value with a Plot() *plot.Plot method: image/png at twice the CSS
//     size with width/height metadata, image/svg+xml (see RenderPlot);
//   - *optim.Result or optim.Result: an HTML summary; []*optim.Result: Table;
//   - image.Image: image/png;
//   - a value with a Bundle, HTML, Markdown, LaTeX, PNG or SVG method: that form;
//   - mat.Matrix: text/latex (bmatrix) and an HTML table, truncated to the first and
//     last 10 rows and columns beyond 20, with a note; text/plain from mat.Formatted;
//   - error: its message;
//   - anything else: fmt's %v.
//
// Render never panics: a value whose rendering fails gives a text/plain bundle that says
// why.
func Render(v any) (b Bundle) {
	defer func() {
		if r := recover(); r != nil {
			b = textBundle(fmt.Sprintf("display: cannot render %T: %v", v, r))
		}
	}()
	switch v := v.(type) {
	case nil:
		return textBundle("<nil>")
	case Bundle:
		return withText(v)
	case *Bundle:
		if v == nil {
			return textBundle("<nil>")
		}
		return withText(*v)
	case *plot.Plot:
		return RenderPlot(v, 0, 0)
	case PlotBuilder:
		return RenderPlot(v.Plot(), 0, 0)
	case *optim.Result:
		if v == nil {
			return textBundle("<nil *optim.Result>")
		}
		return resultBundle(v)
	case optim.Result:
		return resultBundle(&v)
	case []*optim.Result:
		return Table(v...)
	case image.Image:
		var buf bytes.Buffer
		if err := png.Encode(&buf, v); err != nil {
			return textBundle(fmt.Sprintf("display: cannot encode image: %v", err))
		}
		return imageBundle("image/png", buf.Bytes())
	case Bundler:
		return withText(v.Bundle())
	case HTMLer:
		return typed(v, "text/html", v.HTML())
	case Markdowner:
		return typed(v, "text/markdown", v.Markdown())
	case LaTeXer:
		return typed(v, "text/latex", LaTeXBundle(v.LaTeX()).Data["text/latex"])
	case PNGer:
		b := imageBundle("image/png", v.PNG())
		b.Data["text/plain"] = fmt.Sprintf("%v", v)
		return b
	case SVGer:
		return typed(v, "image/svg+xml", v.SVG())
	case mat.Matrix:
		return matrixBundle(v)
	case error:
		return textBundle(v.Error())
	}
	return textBundle(fmt.Sprintf("%v", v))
}

// typed is a bundle with one representation plus fmt's %v of v as text/plain.
func typed(v any, mime string, data any) Bundle {
	b := textBundle(fmt.Sprintf("%v", v))
	b.Data[mime] = data
	return b
}

// withText returns b with maps allocated and a text/plain entry.
func withText(b Bundle) Bundle {
	out := Bundle{Data: make(map[string]any, len(b.Data)+1), Metadata: make(map[string]any, len(b.Metadata))}
	for k, v := range b.Data {
		out.Data[k] = v
	}
	for k, v := range b.Metadata {
		out.Metadata[k] = v
	}
	if _, ok := out.Data["text/plain"]; !ok {
		out.Data["text/plain"] = fmt.Sprintf("<display with %d representations>", len(b.Data))
	}
	return out
}
