//go:build ignore

// genlogo draws the hessnote logos: a white H on a Go-blue rounded square. The PNGs are
// committed; run `go run genlogo.go` in install/ to redraw them after changing the shape.
package main

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"log"
	"os"
)

// The shape in a 64x64 design space: the square's corner radius and the H's three bars.
const (
	radius = 12.0
)

var bars = [][4]float64{ // x0, y0, x1, y1
	{14, 12, 24, 52}, // left stem
	{40, 12, 50, 52}, // right stem
	{24, 27, 40, 37}, // cross bar
}

var (
	blue  = color.NRGBA{0x00, 0xAD, 0xD8, 0xFF} // Go blue
	white = color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}
)

// at returns the colour of design-space point (x, y), or transparent.
func at(x, y float64) (color.NRGBA, bool) {
	// Rounded square [0,64]^2.
	cx := min(max(x, radius), 64-radius)
	cy := min(max(y, radius), 64-radius)
	if (x-cx)*(x-cx)+(y-cy)*(y-cy) > radius*radius {
		return color.NRGBA{}, false
	}
	for _, b := range bars {
		if x >= b[0] && x < b[2] && y >= b[1] && y < b[3] {
			return white, true
		}
	}
	return blue, true
}

// draw renders the logo at size n with 8x8 supersampling.
func draw(n int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, n, n))
	const ss = 8
	for py := 0; py < n; py++ {
		for px := 0; px < n; px++ {
			var r, g, b, a float64
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					x := (float64(px) + (float64(sx)+0.5)/ss) * 64 / float64(n)
					y := (float64(py) + (float64(sy)+0.5)/ss) * 64 / float64(n)
					if c, ok := at(x, y); ok {
						r += float64(c.R)
						g += float64(c.G)
						b += float64(c.B)
						a++
					}
				}
			}
			if a == 0 {
				continue
			}
			img.SetNRGBA(px, py, color.NRGBA{uint8(r / a), uint8(g / a), uint8(b / a), uint8(255 * a / ss / ss)})
		}
	}
	return img
}

func main() {
	for _, n := range []int{32, 64} {
		f, err := os.Create(fmt.Sprintf("logo-%dx%d.png", n, n))
		if err != nil {
			log.Fatal(err)
		}
		if err := png.Encode(f, draw(n)); err != nil {
			log.Fatal(err)
		}
		if err := f.Close(); err != nil {
			log.Fatal(err)
		}
	}
	svg := fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">
<rect width="64" height="64" rx="%g" fill="#00ADD8"/>
`, radius)
	for _, b := range bars {
		svg += fmt.Sprintf(`<rect x="%g" y="%g" width="%g" height="%g" fill="#FFFFFF"/>
`, b[0], b[1], b[2]-b[0], b[3]-b[1])
	}
	svg += "</svg>\n"
	if err := os.WriteFile("logo-svg.svg", []byte(svg), 0o644); err != nil {
		log.Fatal(err)
	}
}
