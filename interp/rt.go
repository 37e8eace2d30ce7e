package interp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hessnote/hessnote/display"
)

// rtPath is the import path of the compiled helpers that rewritten cells call.
const rtPath = "_hnrt"

// hidden reports whether a global name belongs to the session's machinery.
func hidden(name string) bool { return len(name) >= 3 && name[:3] == "_hn" }

// prelude is evaluated in every fresh interpreter. Its names start with _hn and are
// hidden from %who and completion.
var prelude = `import (
	_hnfmt "fmt"
	_hnos "os"
	_hnrt "_hnrt"
)

type _hnOrdered interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr | ~float32 | ~float64 | ~string
}

func _hnMin[_hnT _hnOrdered](x _hnT, y ..._hnT) _hnT {
	if x != x {
		return x
	}
	for _, v := range y {
		if v != v {
			return v
		}
		if v < x {
			x = v
		}
	}
	return x
}

func _hnMax[_hnT _hnOrdered](x _hnT, y ..._hnT) _hnT {
	if x != x {
		return x
	}
	for _, v := range y {
		if v != v {
			return v
		}
		if v > x {
			x = v
		}
	}
	return x
}

// _hnRecovered is what a call of recover gives in a cell (see recoverEdits).
func _hnRecovered(r any) any { return _hnrt.Recovered(r) }

` + typedMinMax() + `
`

// cellRuntime holds the compiled side of the helpers for one session.
type cellRuntime struct {
	mu     sync.Mutex
	value  *display.Bundle
	kept   any
	in     *inputReader
	rand   *lockedRand
	outs   *outputs
	filter *panicFilter

	// Goroutine panics (guarded by mu): serial numbers the cells; running is the serial
	// of the running cell (0 when none runs), cancel ends it; goErr is the first panic of
	// one of its goroutines; idleErrs are panics that happened while no cell ran.
	serial, running int64
	cancel          context.CancelFunc
	// defers are the deferred calls of the running cell (lower.CellDefer).
	defers   []func()
	goErr    *Error
	idleErrs []*Error
}

// startCell marks a cell as running and reports, on its stderr, goroutine panics that
// happened while no cell ran.
func (rt *cellRuntime) startCell(cancel context.CancelFunc) {
	rt.mu.Lock()
	rt.serial++
	rt.running, rt.cancel, rt.goErr = rt.serial, cancel, nil
	idle := rt.idleErrs
	rt.idleErrs = nil
	rt.mu.Unlock()
	for _, e := range idle {
		rt.reportGoPanic(e)
	}
}

// endCell marks the running cell as finished and returns the panic of one of its
// goroutines, if there was one.
func (rt *cellRuntime) endCell() *Error {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	e := rt.goErr
	rt.running, rt.cancel, rt.goErr = 0, nil, nil
	return e
}

// cell returns the serial of the running cell (0 when none runs), which goStmt and
// time.AfterFunc give the goroutines they start.
func (rt *cellRuntime) cell() int64 {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	return rt.running
}

// goPanic handles a panic that reached the top of a goroutine started by a cell (runGo
// recovers it there; without that, it would kill the process).
// Go would end the program; the session ends, at most, the cell:
//   - a panic in a goroutine started by the running cell ends that cell (as an
//     interrupt does, which also stops the other goroutines of the notebook) with a
//     GoroutinePanic error, which replaces the cell's own result;
//   - a panic in a goroutine started by an earlier cell, while another cell runs, is
//     written to the running cell's stderr, which goes on;
//   - a panic while no cell runs is kept and written on stderr at the start of the next
//     cell's output.
//
// The session and every definition survive in every case. The traceback leaves out the
// last skip frames that yaegi wrote (the outermost ones: the session's wrapper).
func (rt *cellRuntime) goPanic(r interface{}, cell int64, skip int) {
	msg := classifyPanic(r).msg // Go's message (panics.go)
	var tb []string
	for _, l := range rt.filter.take() {
		if !strings.Contains(l, "panic: main._hn") {
			tb = append(tb, fallbackTraceLine(l))
		}
	}
	tb = tb[:max(len(tb)-skip, 0)]
	rt.mu.Lock()
	switch {
	case rt.running != 0 && cell == rt.running:
		if rt.goErr == nil {
			rt.goErr = newError("GoroutinePanic", msg, append([]string{"  in a goroutine started by this cell (the cell was stopped)"}, tb...)...)
			rt.cancel()
		}
	case rt.running != 0:
		rt.mu.Unlock()
		rt.reportGoPanic(newError("GoroutinePanic", msg, append([]string{"  in a goroutine started by an earlier cell (recovered; the session goes on)"}, tb...)...))
		return
	default:
		if len(rt.idleErrs) < 16 {
			rt.idleErrs = append(rt.idleErrs, newError("GoroutinePanic", msg, append([]string{"  in a goroutine that panicked after its cell finished (recovered; the session goes on)"}, tb...)...))
		}
	}
	rt.mu.Unlock()
}

// goStmt starts f in a goroutine of its own: a go statement of a cell becomes a call of
// goStmt (see rewriteGo). The recover at the top of the goroutine is compiled code, as it
// must be: yaegi runs no interpreted code of a cell once the cell has been stopped (an
// interrupt, or goPanic for the first panic of its goroutines), not even the deferred
// calls of a panicking goroutine, so an interpreted recover misses every later panic,
// which then reaches the top of a goroutine yaegi started and kills the process.
func (rt *cellRuntime) goStmt(f func()) {
	cell := rt.cell()
	go rt.runGo(cell, f, 1)
}

// runGo calls f, the function of a goroutine started while the cell with serial cell ran,
// and hands a panic that reaches its top to goPanic; the outermost skip interpreted
// frames are the session's own.
func (rt *cellRuntime) runGo(cell int64, f func(), skip int) {
	defer func() {
		if r := recover(); r != nil {
			rt.goPanic(r, cell, skip)
		}
	}()
	f()
}

// stdlibOverrides returns standard library functions that the interpreter gets in place
// of the originals: errors.Is and errors.As, which look into the wrappers of values of
// the notebook's types (see errorsIs); time.AfterFunc and context.AfterFunc, whose function runs in a
// goroutine of its own, recover a panic there like a go statement of the cell does (see
// goPanic).
func (rt *cellRuntime) stdlibOverrides() map[string]map[string]any {
	return map[string]map[string]any{
		"time/time": {
			"AfterFunc": func(d time.Duration, f func()) *time.Timer {
				cell := rt.cell()
				return time.AfterFunc(d, func() { rt.runGo(cell, f, 0) })
			},
		},
		"errors/errors": errorsOverrides,
		"flag/flag":     flagOverrides,
		"context/context": {
			"AfterFunc": func(ctx context.Context, f func()) (stop func() bool) {
				cell := rt.cell()
				return context.AfterFunc(ctx, func() { rt.runGo(cell, f, 0) })
			},
		},
	}
}

// reportGoPanic writes a goroutine panic on the cell's stderr.
func (rt *cellRuntime) reportGoPanic(e *Error) {
	_, _ = io.WriteString(rt.outs.direct[1], "panic in goroutine: "+e.Value+"\n"+strings.Join(e.Traceback[1:], "\n")+"\n")
}

func (rt *cellRuntime) setValue(b display.Bundle) {
	rt.mu.Lock()
	rt.value = &b
	rt.mu.Unlock()
}

func (rt *cellRuntime) takeValue() *display.Bundle {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	v := rt.value
	rt.value = nil
	return v
}

// deferCall registers a deferred call of the running cell.
func (rt *cellRuntime) deferCall(f func()) {
	rt.mu.Lock()
	rt.defers = append(rt.defers, f)
	rt.mu.Unlock()
}

// takeDefers returns the running cell's deferred calls and forgets them.
func (rt *cellRuntime) takeDefers() []func() {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	d := rt.defers
	rt.defers = nil
	return d
}

// tuple is the value of a cell whose last expression is a call with several results.
type tuple []any

// render shows the values as Go would list them, in parentheses: (3, 1), strings
// quoted.
func (t tuple) render() display.Bundle {
	parts := make([]string, len(t))
	for i, v := range t {
		if s, ok := v.(string); ok {
			parts[i] = strconv.Quote(s)
		} else {
			parts[i] = fmt.Sprint(v)
		}
	}
	return display.Bundle{Data: map[string]any{"text/plain": "(" + strings.Join(parts, ", ") + ")"}}
}

func (rt *cellRuntime) takeKept() any {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	v := rt.kept
	rt.kept = nil
	return v
}

func (rt *cellRuntime) exports() map[string]map[string]reflect.Value {
	keep := func(v ...interface{}) {
		rt.mu.Lock()
		switch len(v) {
		case 0:
		case 1:
			rt.kept = v[0]
		default:
			rt.kept = tuple(v)
		}
		rt.mu.Unlock()
	}
	var stdin io.Reader = rt.in
	return map[string]map[string]reflect.Value{
		"math/rand/rand":    rt.rand.exports(),
		"math/rand/v2/rand": rt.rand.exportsV2(),
		rtPath + "/" + rtPath: {
			"Keep":      reflect.ValueOf(keep),
			"Defer":     reflect.ValueOf(rt.deferCall),
			"Enter":     reflect.ValueOf(enterCall),
			"Leave":     reflect.ValueOf(leaveCall),
			"Go":        reflect.ValueOf(rt.goStmt),
			"Stdout":    reflect.ValueOf(rt.outs.direct[0]),
			"Stderr":    reflect.ValueOf(rt.outs.direct[1]),
			"Clear":     reflect.ValueOf(clearValue),
			"Recovered": reflect.ValueOf(recovered),
			"AssertTo":  reflect.ValueOf(assertTo),
			"Print": reflect.ValueOf(func(ln bool, kinds string, args ...any) {
				runtimePrint(rt.outs.direct[1], ln, kinds, args...)
			}),
			"Equal":     reflect.ValueOf(equal),
			"AssertErr": reflect.ValueOf(assertFail),
			"TypeName":  reflect.ValueOf(typeName),
			"Stdin":     reflect.ValueOf(&stdin).Elem(),
		},
	}
}

// typeName is what %T prints for x: name when the cell knew it (lower.Values), or else
// fmt's name of x's dynamic type. notebook holds zero values of the notebook's types
// that x might contain: yaegi builds them from their structure, so a name fmt gives
// that contains one of them (a []main.Pt printed as []struct { X int }) would be
// wrong; that panics with a clear message instead.
func typeName(name string, x any, notebook ...any) string {
	if name != "" {
		return name
	}
	got := fmt.Sprintf("%T", concrete(x))
	for _, z := range notebook {
		if s := fmt.Sprintf("%T", concrete(z)); strings.Contains(got, s) && !strings.HasPrefix(s, "main.") && reflect.TypeOf(concrete(z)).Name() == "" {
			panic(fmt.Sprintf("%%T cannot name the type of this value: it holds a value of a type of the notebook, which the interpreter built as %s; use a type switch on the value", s))
		}
	}
	return got
}

// clearValue implements the clear builtin for maps and slices.
func clearValue(x interface{}) {
	v := reflect.ValueOf(x)
	switch v.Kind() {
	case reflect.Map:
		v.Clear()
	case reflect.Slice:
		v.Clear()
	case reflect.Invalid:
	default:
		panic(fmt.Sprintf("invalid argument: clear(%T): argument must be a map or slice", x))
	}
}

// errNoInput is returned by reads of standard input when the session has no Input.
var errNoInput = errors.New("standard input is not available here (the frontend does not allow input)")

// inputReader is the standard input of cells: each read with an empty buffer asks the
// session's Input function for one line.
type inputReader struct {
	mu    sync.Mutex
	buf   []byte
	ask   func(prompt string, password bool) (string, error)
	flush func()
}

func (r *inputReader) Read(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.buf) == 0 {
		if r.ask == nil {
			return 0, errNoInput
		}
		if r.flush != nil {
			r.flush()
		}
		line, err := r.ask("", false)
		if err != nil {
			return 0, err
		}
		r.buf = append(r.buf[:0], line...)
		r.buf = append(r.buf, '\n')
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}

func (r *inputReader) reset() {
	r.mu.Lock()
	r.buf = nil
	r.mu.Unlock()
}

// typedMinMax returns non-generic min and max functions for every basic type, which
// yaegi handles where it fails on generic results (top-level :=).
func typedMinMax() string {
	var b strings.Builder
	for _, t := range []string{"int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr", "float32", "float64", "string"} {
		for _, f := range [][2]string{{"Min", "<"}, {"Max", ">"}} {
			fmt.Fprintf(&b, "func _hn%s_%s(x %s, y ...%s) %s {\n\tif x != x {\n\t\treturn x\n\t}\n\tfor _, v := range y {\n\t\tif v != v {\n\t\t\treturn v\n\t\t}\n\t\tif v %s x {\n\t\t\tx = v\n\t\t}\n\t}\n\treturn x\n}\n\n", f[0], t, t, t, t, f[1])
		}
	}
	return b.String()
}

// maxDepth bounds the depth of guarded interpreted calls (all goroutines together; see
// guardFor for which functions are guarded). Each interpreted call takes a few
// kilobytes of Go stack; 1 GB of stack, Go's limit, is far.
const maxDepth = 10000

var callDepth atomic.Int64

// recursionError is the panic of enterCall: the depth limit and the function.
type recursionError struct {
	limit int
	name  string
}

func (e *recursionError) Error() string {
	msg := fmt.Sprintf("call depth exceeded %d in %s: infinite recursion?", e.limit, e.name)
	switch e.name {
	case "String", "Error", "GoString", "Format":
		msg += " (a String method that formats its own receiver with %v recurses forever)"
	}
	return msg
}

// enterCall counts one interpreted call of the function name and panics beyond
// maxDepth.
func enterCall(name string) {
	if callDepth.Add(1) > maxDepth {
		callDepth.Add(-1)
		e := &recursionError{maxDepth, name}
		if onEvalGoroutine() {
			// Unwinding by a panic takes time quadratic in the depth (seconds to
			// tens of seconds): yaegi recovers and panics again in every interpreted
			// frame, and each new panic walks the frames of the ones before.
			// runtime.Goexit runs the deferred calls once; the session reports e
			// when the evaluation returns (see takeRecursion).
			recursionHit.CompareAndSwap(nil, e)
			runtime.Goexit()
		}
		panic(e)
	}
}

// recursionHit is the recursionError of the evaluation that enterCall ended.
var recursionHit atomic.Pointer[recursionError]

// takeRecursion returns and clears the recursionError of an evaluation that enterCall
// ended, or nil.
func takeRecursion() *recursionError { return recursionHit.Swap(nil) }

// onEvalGoroutine reports whether the calling goroutine is the one yaegi starts to
// evaluate a cell, which may end with runtime.Goexit (its creator then returns).
// Other goroutines (the caller of Session.Execute rendering a value, goroutines of the
// cell or of compiled code) must not: their owners would wait forever.
func onEvalGoroutine() bool {
	buf := make([]byte, 64<<10) // tracebacks stop at 100 frames: this holds "created by"
	buf = buf[:runtime.Stack(buf, false)]
	i := bytes.LastIndex(buf, []byte("\ncreated by "))
	if i < 0 {
		return false
	}
	line := buf[i+1:]
	if j := bytes.IndexByte(line, '\n'); j >= 0 {
		line = line[:j]
	}
	return bytes.Contains(line, []byte("yaegi/interp.(*Interpreter).EvalWithContext")) ||
		bytes.Contains(line, []byte("yaegi/interp.(*Interpreter).ExecuteWithContext"))
}

// leaveCall ends a call counted by enterCall.
func leaveCall() { callDepth.Add(-1) }
