package interp

import (
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"

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

func _hnMin[T _hnOrdered](x T, y ...T) T {
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

func _hnMax[T _hnOrdered](x T, y ...T) T {
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

` + typedMinMax() + `

func _hnGoPanic(r interface{}) {
	if r != nil {
		_hnrt.GoPanic(r)
	}
}
`

// cellRuntime holds the compiled side of the helpers for one session.
type cellRuntime struct {
	mu    sync.Mutex
	value *display.Bundle
	kept  any
	in    *inputReader
	rand  *lockedRand
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
		if len(v) > 0 {
			rt.kept = v[0]
		}
		rt.mu.Unlock()
	}
	goPanic := func(r interface{}) {
		fmt.Fprintf(os.Stderr, "panic in goroutine (recovered, the session goes on): %v\n", r)
	}
	var stdin io.Reader = rt.in
	return map[string]map[string]reflect.Value{
		"math/rand/rand":    rt.rand.exports(),
		"math/rand/v2/rand": rt.rand.exportsV2(),
		rtPath + "/" + rtPath: {
			"Keep":    reflect.ValueOf(keep),
			"Enter":   reflect.ValueOf(enterCall),
			"Leave":   reflect.ValueOf(leaveCall),
			"GoPanic": reflect.ValueOf(goPanic),
			"Clear":   reflect.ValueOf(clearValue),
			"Stdin":   reflect.ValueOf(&stdin).Elem(),
		},
	}
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

// maxDepth bounds the depth of interpreted calls (all goroutines together). Each
// interpreted call takes a few kilobytes of Go stack; 1 GB of stack, Go's limit, is far.
const maxDepth = 10000

var callDepth atomic.Int64

// enterCall counts one interpreted call and panics beyond maxDepth.
func enterCall() {
	if callDepth.Add(1) > maxDepth {
		callDepth.Add(-1)
		panic(fmt.Sprintf("maximum call depth (%d) exceeded: infinite recursion? (a String method that formats its own receiver with %%v recurses forever)", maxDepth))
	}
}

// leaveCall ends a call counted by enterCall.
func leaveCall() { callDepth.Add(-1) }
