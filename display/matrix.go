package display

import (
	"fmt"
	"html"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// MaxMatrix is the largest number of rows or columns shown in full; a larger dimension
// shows its first and last MaxMatrix/2 entries around an ellipsis.
const MaxMatrix = 20

// matrixIndices returns the indices of a dimension of size n that are shown, and the
// position after which an ellipsis goes (-1 for none).
func matrixIndices(n int) (idx []int, gap int) {
	if n <= MaxMatrix {
		idx = make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		return idx, -1
	}
	h := MaxMatrix / 2
	for i := 0; i < h; i++ {
		idx = append(idx, i)
	}
	for i := n - h; i < n; i++ {
		idx = append(idx, i)
	}
	return idx, h - 1
}

// formatEntry formats one matrix entry compactly (%.4g, with -0 shown as 0).
func formatEntry(v float64) string {
	if v == 0 {
		return "0"
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

// matrixNote is the truncation note of an r×c matrix, or "".
func matrixNote(r, c int) string {
	if r <= MaxMatrix && c <= MaxMatrix {
		return ""
	}
	return fmt.Sprintf("%d×%d matrix: showing the first and last %d rows and columns beyond %d",
		r, c, MaxMatrix/2, MaxMatrix)
}

// matrixBundle renders m as text/latex (bmatrix), text/html (table) and text/plain.
func matrixBundle(m mat.Matrix) Bundle {
	r, c := m.Dims()
	if r == 0 || c == 0 {
		return textBundle(fmt.Sprintf("<empty %d×%d matrix>", r, c))
	}
	rows, rgap := matrixIndices(r)
	cols, cgap := matrixIndices(c)
	note := matrixNote(r, c)

	// text/plain: gonum's formatting, with an excerpt for large matrices.
	var txt string
	if note != "" {
		txt = note + "\n" + fmt.Sprintf("%.4g", mat.Formatted(m, mat.Excerpt(MaxMatrix/2), mat.Squeeze()))
	} else {
		txt = fmt.Sprintf("%.4g", mat.Formatted(m, mat.Squeeze()))
	}

	// text/latex
	var lx strings.Builder
	lx.WriteString(`$$\begin{bmatrix}`)
	for ii, i := range rows {
		for jj, j := range cols {
			if jj > 0 {
				lx.WriteString(" & ")
			}
			lx.WriteString(formatEntry(m.At(i, j)))
			if jj == cgap {
				lx.WriteString(` & \cdots`)
			}
		}
		lx.WriteString(` \\ `)
		if ii == rgap {
			for jj := range cols {
				if jj > 0 {
					lx.WriteString(" & ")
				}
				lx.WriteString(`\vdots`)
				if jj == cgap {
					lx.WriteString(` & \ddots`)
				}
			}
			lx.WriteString(` \\ `)
		}
	}
	lx.WriteString(`\end{bmatrix}$$`)
	if note != "" {
		fmt.Fprintf(&lx, `\text{(%s)}`, note)
	}

	// text/html
	var h strings.Builder
	h.WriteString(`<div class="hessnote-matrix">`)
	fmt.Fprintf(&h, `<table style="font-family:monospace;border-collapse:collapse"><caption style="caption-side:top;text-align:left">%d×%d</caption>`, r, c)
	cell := func(s string) { fmt.Fprintf(&h, `<td style="text-align:right;padding:1px 6px">%s</td>`, s) }
	for ii, i := range rows {
		h.WriteString("<tr>")
		for jj, j := range cols {
			cell(html.EscapeString(formatEntry(m.At(i, j))))
			if jj == cgap {
				cell("⋯")
			}
		}
		h.WriteString("</tr>")
		if ii == rgap {
			h.WriteString("<tr>")
			for jj := range cols {
				cell("⋮")
				if jj == cgap {
					cell("⋱")
				}
			}
			h.WriteString("</tr>")
		}
	}
	h.WriteString("</table>")
	if note != "" {
		fmt.Fprintf(&h, `<div style="font-size:smaller;color:#666">%s</div>`, html.EscapeString(note))
	}
	h.WriteString("</div>")

	b := textBundle(txt)
	b.Data["text/latex"] = lx.String()
	b.Data["text/html"] = h.String()
	return b
}
