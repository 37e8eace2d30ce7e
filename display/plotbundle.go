package display

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/png"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Default size of a rendered plot, in CSS pixels (1/96 inch).
const (
	DefaultWidth  = 640
	DefaultHeight = 400
)

// pixelRatio is the device-pixel ratio of rendered PNGs: plots are rasterized at twice
// their CSS size so that they stay sharp on high-DPI screens, and the bundle's metadata
// gives the CSS size so that the front end displays them at that size.
const pixelRatio = 2

// maxSVG bounds the SVG representation; a plot whose SVG is larger (hundreds of thousands
// of points) is sent as PNG only, with a note in the metadata.
const maxSVG = 4 << 20

// cssLength converts CSS pixels to a vg length (1 px = 0.75 pt).
func cssLength(px int) vg.Length { return vg.Length(float64(px) * 0.75) }

// RenderPlot renders p at width×height CSS pixels into a bundle with image/png (rendered
// at twice that size, with width and height metadata in CSS pixels), image/svg+xml and
// text/plain. Non-positive sizes select DefaultWidth and DefaultHeight. A plot that cannot
// be drawn (for example a log axis over non-positive data) gives a text/plain bundle
// saying why; RenderPlot never panics.
func RenderPlot(p *plot.Plot, width, height int) Bundle {
	if p == nil {
		return textBundle("<nil plot>")
	}
	if width <= 0 {
		width = DefaultWidth
	}
	if height <= 0 {
		height = DefaultHeight
	}
	pngData, err := plotPNG(p, width, height, pixelRatio)
	if err != nil {
		return textBundle(fmt.Sprintf("plot %q: cannot draw: %v", p.Title.Text, err))
	}
	b := Bundle{
		Data: map[string]any{
			"image/png":  base64.StdEncoding.EncodeToString(pngData),
			"text/plain": plotText(p),
		},
		Metadata: map[string]any{
			"image/png": map[string]any{"width": width, "height": height},
		},
	}
	if svg, err := plotSVG(p, width, height); err == nil && len(svg) <= maxSVG {
		b.Data["image/svg+xml"] = svg
	}
	return b
}

// plotText is the text/plain fallback of a plot.
func plotText(p *plot.Plot) string {
	if p.Title.Text != "" {
		return fmt.Sprintf("<plot: %s>", p.Title.Text)
	}
	return "<plot>"
}

// plotImage draws p into an RGBA image of (width·ratio)×(height·ratio) pixels.
func plotImage(p *plot.Plot, width, height, ratio int) (img image.Image, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	c := vgimg.NewWith(vgimg.UseWH(cssLength(width), cssLength(height)), vgimg.UseDPI(96*ratio))
	p.Draw(draw.New(c))
	return c.Image(), nil
}

// plotPNG encodes p as PNG at ratio device pixels per CSS pixel.
func plotPNG(p *plot.Plot, width, height, ratio int) ([]byte, error) {
	img, err := plotImage(p, width, height, ratio)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// plotSVG renders p as an SVG document of width×height CSS pixels.
func plotSVG(p *plot.Plot, width, height int) (s string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	c := vgsvg.New(cssLength(width), cssLength(height))
	p.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return "", err
	}
	return buf.String(), nil
}
