package display

import (
	"fmt"
	"html"
	"math"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/hessnote/hessnote/optim"
)

// gradNorm is the final ‖∇f‖∞ of r: from r.Grad when set, else the last History entry,
// else NaN.
func gradNorm(r *optim.Result) float64 {
	if len(r.Grad) > 0 {
		n := 0.0
		for _, g := range r.Grad {
			if math.IsNaN(g) {
				return g
			}
			n = math.Max(n, math.Abs(g))
		}
		return n
	}
	if k := len(r.History); k > 0 {
		return r.History[k-1].GradNorm
	}
	return math.NaN()
}

// methodName is r's method, or a placeholder.
func methodName(r *optim.Result, i int) string {
	if r.Method != "" {
		return r.Method
	}
	return fmt.Sprintf("run %d", i+1)
}

// fmtNum formats a number for tables.
func fmtNum(v float64) string { return fmt.Sprintf("%.6g", v) }

// fmtDur formats a duration with 3 significant digits.
func fmtDur(d time.Duration) string {
	switch {
	case d <= 0:
		return "0"
	case d < time.Microsecond:
		return d.String()
	case d < time.Millisecond:
		return fmt.Sprintf("%.3gµs", float64(d)/float64(time.Microsecond))
	case d < time.Second:
		return fmt.Sprintf("%.3gms", float64(d)/float64(time.Millisecond))
	case d < time.Minute:
		return fmt.Sprintf("%.3gs", d.Seconds())
	}
	return d.Round(time.Second).String()
}

// statusColor is the CSS colour of a status: green converged, red failure, amber else.
func statusColor(s optim.Status) string {
	switch {
	case s.Converged():
		return "#2c7a2c"
	case s == optim.Failure:
		return "#b00020"
	}
	return "#a65e00"
}

// fmtVec formats at most 6 entries of x.
func fmtVec(x []float64) string {
	var parts []string
	for i, v := range x {
		if i == 6 {
			parts = append(parts, fmt.Sprintf("… (%d entries)", len(x)))
			break
		}
		parts = append(parts, fmt.Sprintf("%.6g", v))
	}
	return "[" + strings.Join(parts, " ") + "]"
}

// evals formats the evaluation counts of s, with finite-difference ones apart.
func evals(s optim.Stats) string {
	t := fmt.Sprintf("f %d, ∇f %d, ∇²f %d, ∇²f·v %d", s.FuncEvals, s.GradEvals, s.HessEvals, s.HessVecEvals)
	if s.FDFuncEvals > 0 || s.FDGradEvals > 0 {
		t += fmt.Sprintf(" (finite differences: f %d, ∇f %d)", s.FDFuncEvals, s.FDGradEvals)
	}
	return t
}

// resultBundle renders one Result as an HTML summary with a text/plain twin.
func resultBundle(r *optim.Result) Bundle {
	name := methodName(r, 0)
	rows := [][2]string{
		{"status", r.Status.String()},
		{"f", fmtNum(r.F)},
		{"‖∇f‖∞", fmtNum(gradNorm(r))},
		{"iterations", fmt.Sprint(r.Stats.Iterations)},
		{"evaluations", evals(r.Stats)},
		{"time", fmtDur(r.Stats.Elapsed)},
		{"x", fmtVec(r.X)},
	}
	var t strings.Builder
	fmt.Fprintf(&t, "%s: %s\n", name, r.Status)
	tw := tabwriter.NewWriter(&t, 0, 4, 2, ' ', 0)
	for _, row := range rows[1:] {
		fmt.Fprintf(tw, "  %s\t%s\n", row[0], row[1])
	}
	tw.Flush()

	var h strings.Builder
	fmt.Fprintf(&h, `<div class="hessnote-result"><b>%s</b> — <span style="color:%s;font-weight:bold">%s</span>`,
		html.EscapeString(name), statusColor(r.Status), html.EscapeString(r.Status.String()))
	h.WriteString(`<table style="border-collapse:collapse">`)
	for _, row := range rows[1:] {
		fmt.Fprintf(&h, `<tr><th style="text-align:left;padding:1px 8px">%s</th><td style="text-align:left;font-family:monospace;padding:1px 8px">%s</td></tr>`,
			html.EscapeString(row[0]), html.EscapeString(row[1]))
	}
	h.WriteString("</table></div>")
	b := textBundle(strings.TrimRight(t.String(), "\n"))
	b.Data["text/html"] = h.String()
	return b
}

// Table returns a comparison table of runs, one row each: method, status, iterations,
// evaluations of f, ∇f, ∇²f and ∇²f·v (finite-difference evaluations in their own
// columns), time, final f and ‖∇f‖∞. The bundle has text/html and text/plain; show it
// with Show or as a cell's last value. Nil results are skipped.
func Table(results ...*optim.Result) Bundle {
	header := []string{"method", "status", "iter", "f evals", "∇f evals", "∇²f evals", "∇²f·v evals", "FD f", "FD ∇f", "time", "final f", "‖∇f‖∞"}
	var rows [][]string
	for i, r := range results {
		if r == nil {
			continue
		}
		s := r.Stats
		rows = append(rows, []string{
			methodName(r, i), r.Status.String(), fmt.Sprint(s.Iterations),
			fmt.Sprint(s.FuncEvals), fmt.Sprint(s.GradEvals), fmt.Sprint(s.HessEvals), fmt.Sprint(s.HessVecEvals),
			fmt.Sprint(s.FDFuncEvals), fmt.Sprint(s.FDGradEvals),
			fmtDur(s.Elapsed), fmtNum(r.F), fmtNum(gradNorm(r)),
		})
	}
	var t strings.Builder
	tw := tabwriter.NewWriter(&t, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, row := range rows {
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	tw.Flush()

	var h strings.Builder
	h.WriteString(`<table class="hessnote-table" style="border-collapse:collapse"><thead><tr>`)
	for i, c := range header {
		align := "right"
		if i < 2 {
			align = "left"
		}
		fmt.Fprintf(&h, `<th style="text-align:%s;padding:2px 8px;border-bottom:1px solid #999">%s</th>`, align, html.EscapeString(c))
	}
	h.WriteString("</tr></thead><tbody>")
	ri := 0
	for _, r := range results {
		if r == nil {
			continue
		}
		row := rows[ri]
		ri++
		h.WriteString("<tr>")
		for j, c := range row {
			style := "text-align:right;padding:2px 8px;font-family:monospace"
			switch j {
			case 0:
				style = "text-align:left;padding:2px 8px"
			case 1:
				style = "text-align:left;padding:2px 8px;color:" + statusColor(r.Status)
			}
			fmt.Fprintf(&h, `<td style="%s">%s</td>`, style, html.EscapeString(c))
		}
		h.WriteString("</tr>")
	}
	h.WriteString("</tbody></table>")
	b := textBundle(strings.TrimRight(t.String(), "\n"))
	b.Data["text/html"] = h.String()
	return b
}
