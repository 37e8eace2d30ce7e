// Package display turns Go values into Jupyter MIME bundles and publishes them from a
// running cell: Show, Update and Clear, typed helpers (HTML, Markdown, LaTeX, PNG, SVG,
// JPEG, JSON, Text), rendering of plots, matrices and optimization results, and the plots
// the course draws.
//
// Entry points, by task:
//
//   - show anything: Show, ShowID, Update, Clear, NewID, and the typed helpers; Render
//     is what a cell's last value goes through (plots become high-DPI PNG plus SVG,
//     matrices LaTeX and HTML tables, optim results HTML summaries);
//   - optimization plots, each returning a *plot.Plot that shows as a cell's last value
//     and can be restyled further: Convergence, ConvergenceWith, Contour, ContourWith,
//     Spectrum, SpectralDensity, Lines; and Table to compare runs;
//   - long runs: Monitor (NewMonitor), whose Callback goes into optim.Settings.
//
// Every plot is styled on its own; display never changes gonum/plot's package-level
// defaults. Diverging runs are drawn up to their last finite point with a note on the plot.
//
// display never sees the Jupyter protocol. The host (the kernel, or `hessnote run`)
// installs a Sink for the code it is running; without one, Show prints text/plain to
// standard output so that the package also works in an ordinary Go program.
package display

import (
	"fmt"
	"os"
	"sync"
)

// Bundle is a MIME bundle: representations of one value keyed by MIME type, with
// per-type metadata (for images: width and height). Text types and SVG hold a string,
// binary images hold base64 text, application/json holds any JSON-encodable value.
type Bundle struct {
	Data     map[string]any
	Metadata map[string]any
}

// Text returns the bundle's text/plain representation, or "".
func (b Bundle) Text() string {
	s, _ := b.Data["text/plain"].(string)
	return s
}

// Sink receives what a running cell displays. The kernel implements it per request, tied
// to that request's parent header.
type Sink interface {
	// Display publishes b. A non-empty id is the transient display_id; update true
	// replaces the output shown earlier under that id instead of adding a new one.
	Display(b Bundle, id string, update bool)
	// Clear clears the cell's output; wait defers the clearing until new output arrives.
	Clear(wait bool)
}

var (
	sinkMu sync.Mutex
	sink   Sink
)

// SetSink installs the sink that Show, Update and Clear publish to, and returns the one
// it replaces. Hosts call it around the code they run; nil restores plain printing.
func SetSink(s Sink) Sink {
	sinkMu.Lock()
	defer sinkMu.Unlock()
	old := sink
	sink = s
	return old
}

func currentSink() Sink {
	sinkMu.Lock()
	defer sinkMu.Unlock()
	return sink
}

// publish sends b to the current sink, or prints its text when there is none.
func publish(b Bundle, id string, update bool) {
	if s := currentSink(); s != nil {
		s.Display(b, id, update)
		return
	}
	fmt.Fprintln(os.Stdout, b.Text())
}
