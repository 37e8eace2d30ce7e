package interp

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"log"
	"os"
	"reflect"
	"regexp"
	"sync"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/traefik/yaegi/stdlib"
)

// Output ordering.
//
// A cell writes its standard streams along two kinds of paths:
//   - in-process: fmt.Print*, print/println and log.* (yaegi's Options.Stdout/Stderr);
//     os.Stdout or os.Stderr handed to fmt.Fprint*, io.WriteString, io.Copy, bufio,
//     log.New, tabwriter or json.NewEncoder (replaced in the interpreter, see
//     stdlibSymbols); os.Stdout.Write/WriteString and os.Stderr.Write/WriteString
//     (rewritten to _hnrt.Stdout/_hnrt.Stderr). These go through a directWriter, no pipe;
//   - the pipes that replace os.Stdout and os.Stderr for the process: compiled packages,
//     `!cmd` children, and interpreted code that hands os.Stdout to anything else
//     (or calls it through a variable of type *os.File).
//
// Every delivery to Options.Stdout/Stderr happens under one mutex (outputs.mu). An
// in-process write first drains, synchronously, whatever the pipes hold (bytes written
// earlier by compiled code), then delivers its own bytes. The goroutine that forwards
// the pipes reads them under the same mutex (a RawConn read callback), so the two paths
// cannot overtake each other. Hence the writes of one goroutine arrive in the order they
// were made, with one exception the OS imposes: two pipe writes to different streams
// (compiled code writing os.Stdout and then os.Stderr) with no in-process write or
// display between them may arrive swapped, since nothing orders two pipes.

// outputs holds the session's two redirected standard streams.
type outputs struct {
	mu    sync.Mutex // serializes every delivery to dst, and every read of the pipes
	pipes [2]*pipe   // stdout, stderr
	dst   [2]io.Writer
	buf   []byte // read buffer, guarded by mu
	// direct are the in-process writers of stdout and stderr.
	direct [2]*directWriter
}

// pipe is one stream's pipe: w replaces os.Stdout or os.Stderr; a goroutine forwards r.
type pipe struct {
	r, w *os.File
	rc   syscall.RawConn
	done chan struct{}
}

func newOutputs(stdout, stderr io.Writer) (*outputs, error) {
	o := &outputs{dst: [2]io.Writer{stdout, stderr}, buf: make([]byte, 64*1024)}
	o.direct = [2]*directWriter{{o: o, i: 0}, {o: o, i: 1}}
	for i := range o.pipes {
		r, w, err := os.Pipe()
		if err == nil {
			var rc syscall.RawConn
			if rc, err = r.SyscallConn(); err == nil {
				o.pipes[i] = &pipe{r: r, w: w, rc: rc, done: make(chan struct{})}
				continue
			}
			_ = r.Close()
			_ = w.Close()
		}
		for _, p := range o.pipes[:i] {
			_ = p.r.Close()
			_ = p.w.Close()
		}
		return nil, err
	}
	for i := range o.pipes {
		go o.forward(i)
	}
	return o, nil
}

// forward delivers the bytes of pipe i as they come, until the write end is closed.
func (o *outputs) forward(i int) {
	p := o.pipes[i]
	defer close(p.done)
	_ = p.rc.Read(func(fd uintptr) bool {
		o.mu.Lock()
		defer o.mu.Unlock()
		return o.readLocked(int(fd), i)
	})
}

// readLocked delivers everything pipe i holds; it reports whether the pipe is finished
// (end of file or an error). The read end is non-blocking: an empty pipe gives EAGAIN.
func (o *outputs) readLocked(fd, i int) bool {
	for {
		n, err := syscall.Read(fd, o.buf)
		if n > 0 {
			o.deliverLocked(i, o.buf[:n])
			continue
		}
		switch {
		case err == syscall.EINTR:
			continue
		case err == syscall.EAGAIN:
			return false
		default: // n == 0: end of file, or a hard error
			return true
		}
	}
}

func (o *outputs) deliverLocked(i int, p []byte) {
	if w := o.dst[i]; w != nil && len(p) > 0 {
		_, _ = w.Write(p)
	}
}

// drainLocked delivers every byte that is in the pipes now. With both pipes empty it
// costs two read system calls (EAGAIN), about a microsecond.
func (o *outputs) drainLocked() {
	for i, p := range o.pipes {
		_ = p.rc.Control(func(fd uintptr) { o.readLocked(int(fd), i) })
	}
}

// flush delivers every byte written to the pipes so far.
func (o *outputs) flush() {
	o.mu.Lock()
	o.drainLocked()
	o.mu.Unlock()
}

// close closes the write ends, waits until the forwarders delivered the rest (at most a
// second: a child process of `!cmd` left running may hold a write end), and closes the
// read ends, which ends the forwarders.
func (o *outputs) close() {
	for _, p := range o.pipes {
		_ = p.w.Close()
	}
	timeout := time.After(time.Second)
	for _, p := range o.pipes {
		select {
		case <-p.done:
		case <-timeout:
		}
		_ = p.r.Close()
	}
}

// directWriter delivers a write to the session's writer after draining the pipes.
type directWriter struct {
	o *outputs
	i int
}

// Write implements io.Writer.
func (w *directWriter) Write(p []byte) (int, error) {
	w.o.mu.Lock()
	defer w.o.mu.Unlock()
	w.o.drainLocked()
	w.o.deliverLocked(w.i, p)
	return len(p), nil
}

// WriteString implements io.StringWriter (os.Stdout.WriteString in a cell comes here).
func (w *directWriter) WriteString(s string) (int, error) {
	w.o.mu.Lock()
	defer w.o.mu.Unlock()
	w.o.drainLocked()
	if d := w.o.dst[w.i]; d != nil && len(s) > 0 {
		_, _ = io.WriteString(d, s)
	}
	return len(s), nil
}

// redirect maps the process's os.Stdout/os.Stderr pipes to the in-process writers, so
// that fmt.Fprint*(os.Stderr, ...) in a cell is delivered in order.
func (o *outputs) redirect(w io.Writer) io.Writer {
	if f, ok := w.(*os.File); ok && f != nil {
		for i, p := range o.pipes {
			if f == p.w {
				return o.direct[i]
			}
		}
	}
	return w
}

// stdlibSymbols returns yaegi's standard library symbols where the functions that
// take the writer a cell hands them (fmt.Fprint*, io.WriteString, io.Copy,
// bufio.NewWriter*, log.New, tabwriter.NewWriter, json.NewEncoder) write the session's
// os.Stdout/os.Stderr pipes in process instead, so that their output keeps its order
// with the rest. The replacements get the interface wrappers (MapTypes) of the
// originals, so that fmt still calls String methods of notebook types. extra holds
// further replacements by package key ("time/time") and name.
func (o *outputs) stdlibSymbols(extra map[string]map[string]any) map[string]map[string]reflect.Value {
	syms := make(map[string]map[string]reflect.Value, len(stdlib.Symbols)+1)
	for k, v := range stdlib.Symbols {
		syms[k] = v
	}
	mapTypes := make(map[reflect.Value][]reflect.Type, len(stdlib.MapTypes)+8)
	for k, v := range stdlib.MapTypes {
		mapTypes[k] = v
	}
	rd := o.redirect
	repl := map[string]map[string]any{
		"fmt/fmt": unboxedPrints(rd),
		"io/io": {
			"WriteString": func(w io.Writer, s string) (int, error) { return io.WriteString(rd(w), s) },
			"Copy":        func(w io.Writer, r io.Reader) (int64, error) { return io.Copy(rd(w), r) },
		},
		"bufio/bufio": {
			"NewWriter":     func(w io.Writer) *bufio.Writer { return bufio.NewWriter(rd(w)) },
			"NewWriterSize": func(w io.Writer, size int) *bufio.Writer { return bufio.NewWriterSize(rd(w), size) },
		},
		"log/log": {
			"New": func(w io.Writer, prefix string, flag int) *log.Logger { return log.New(rd(w), prefix, flag) },
		},
		"text/tabwriter/tabwriter": {
			"NewWriter": func(w io.Writer, minwidth, tabwidth, padding int, padchar byte, flags uint) *tabwriter.Writer {
				return tabwriter.NewWriter(rd(w), minwidth, tabwidth, padding, padchar, flags)
			},
		},
		"encoding/json/json": {
			"NewEncoder": func(w io.Writer) *json.Encoder { return json.NewEncoder(rd(w)) },
		},
	}
	for pkg, funcs := range extra {
		if repl[pkg] == nil {
			repl[pkg] = map[string]any{}
		}
		for name, f := range funcs {
			repl[pkg][name] = f
		}
	}
	for pkg, funcs := range repl {
		orig := stdlib.Symbols[pkg]
		if orig == nil {
			continue
		}
		m := make(map[string]reflect.Value, len(orig))
		for k, v := range orig {
			m[k] = v
		}
		for name, f := range funcs {
			v := reflect.ValueOf(f)
			if old, ok := orig[name]; !ok || old.Type() != v.Type() {
				continue // not the function this was written for: keep the original
			}
			if mt, ok := stdlib.MapTypes[orig[name]]; ok {
				mapTypes[v] = mt
			}
			m[name] = v
		}
		syms[pkg] = m
	}
	addWrappers(syms, mapTypes)
	syms["."] = map[string]reflect.Value{"MapTypes": reflect.ValueOf(mapTypes)}
	return syms
}

// yaegiPanicLine matches the lines yaegi writes to its stderr while a panic unwinds
// interpreted frames ("_.go:3:5: panic: main.f(...)").
var yaegiPanicLine = regexp.MustCompile(`^(?:[^\s:]*\.go:)?\d+:\d+: panic(?:: .*)?\n?$`)

// maxPanicLines is the number of yaegi's panic lines a panicFilter keeps.
const maxPanicLines = 64

// panicFilter is the stderr writer given to yaegi: it keeps yaegi's own panic lines for
// the traceback instead of printing them, and passes everything else (log.*) through.
type panicFilter struct {
	w     io.Writer
	mu    sync.Mutex
	lines []string
}

func (f *panicFilter) Write(p []byte) (int, error) {
	if yaegiPanicLine.Match(p) {
		f.mu.Lock()
		if len(f.lines) < maxPanicLines {
			f.lines = append(f.lines, string(bytes.TrimRight(p, "\n")))
		}
		f.mu.Unlock()
		return len(p), nil
	}
	return f.w.Write(p)
}

// take returns and forgets the panic lines seen so far.
func (f *panicFilter) take() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	l := f.lines
	f.lines = nil
	return l
}
