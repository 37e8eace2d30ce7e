package interp

import (
	"strings"
	"testing"
)

// Bugs found while writing the course notebooks (each failed before its fix).

// A top-level block declaring several variables from one value: yaegi leaves them
// undeclared when statements run as global code.
func TestMultiDefineInTopLevelBlock(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import ("fmt"; "strconv")`)
	h.run(`total := 0
for i := 0; i < 3; i++ { n, err := strconv.Atoi("12"); fmt.Println(n, err); total += n }
if true { v, ok := map[string]int{"a": 4}["a"]; fmt.Println(v, ok) }
switch { default: var a, b = strconv.Atoi("x"); fmt.Println(a, b != nil) }
for i := range 2 { n, _ := strconv.Atoi("7"); total += n + i }`)
	want := "12 <nil>\n12 <nil>\n12 <nil>\n4 true\n0 true\n"
	if got := h.out.String(); got != want {
		t.Fatalf("stdout %q, want %q", got, want)
	}
	if got := h.value("total"); got != "51" {
		t.Fatalf("total = %s, want 51", got)
	}
}

// A global declared by a := with several results, used by a function that another
// function calls: yaegi read it from the caller's frame (a reflect panic).
func TestMultiDefineGlobalInNestedCall(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import ("net/url"; "gonum.org/v1/gonum/mat"; "github.com/hessnote/hessnote/optim/nn")`)
	h.run(`net, _ := nn.MLP([]int{2, 3, 1}, nn.Tanh, nn.MeanSquaredError)
x := mat.NewDense(4, 2, []float64{0, 0, 0, 1, 1, 0, 1, 1})
y := mat.NewDense(4, 1, []float64{0, 1, 1, 0})
obj, err := nn.NewObjective(net, x, y)
th := net.NewParams(1)`)
	h.run(`func rec3(t []float64) float64 { return obj.Func(t) }`)
	h.run(`func caller() float64 { return rec3(th) }`)
	direct := h.value(`rec3(th)`)
	if got := h.value(`caller()`); got != direct || got == "" {
		t.Fatalf("caller() = %q, rec3(th) = %q", got, direct)
	}
	if got := h.value(`err`); got != "<nil>" {
		t.Fatalf("err = %q", got)
	}
	// var form, blanks, a name declared earlier in the cell, v, ok forms.
	h.run(`var u, perr = url.Parse("http://h/p")
_, err = url.Parse("http://h/q")
q, err := url.Parse("http://h/q")
m := map[string]*url.URL{"u": u}`)
	// v, ok := m[k] at top level, with the map from this cell or an earlier one.
	h.run(`m2 := map[string]int{"x": 7}
v2, ok2 := m2["x"]`)
	if got := h.value(`v2 == 7 && ok2`); got != "true" {
		t.Fatalf("v2, ok2: %s", got)
	}
	h.run(`mu, ok := m["u"]
var face interface{} = 3
iv, isInt := face.(int)
func path() string { return u.Path + q.Path + mu.Path }
func both() string { return path() }`)
	if got := h.value(`both()`); got != "/p/q/p" {
		t.Fatalf("both() = %q", got)
	}
	if got := h.value(`ok && isInt && iv == 3 && perr == nil && err == nil`); got != "true" {
		t.Fatalf("ok, perr, err: %s", got)
	}
}

// x := v[i] for a compiled slice or map after a function literal in the session:
// yaegi's global type analysis gave "constant definition loop".
func TestIndexDefineAfterFuncLiteral(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import ("context"; "fmt"; "github.com/hessnote/hessnote/optim/curvature")`)
	h.run(`op := curvature.Func{N: 3, Apply: func(dst, v []float64) { copy(dst, v); dst[0] *= 5 }}
top, _ := curvature.Lanczos(context.Background(), op, 1, curvature.Largest, curvature.LanczosSettings{Seed: 1})
w1 := top.Vectors[0]
fmt.Printf("%.4f %d\n", top.Values[0], len(w1))`)
	if got := h.out.String(); got != "5.0000 3\n" {
		t.Fatalf("stdout %q", got)
	}
	h.run(`w2 := top.Vectors[0]`)
	if got := h.value(`len(w2) + len(w1)`); got != "6" {
		t.Fatalf("got %s", got)
	}
	// A real undefined name still reads as one.
	if e := h.fail(`w3 := nothere[0]`); !strings.Contains(e.Value, "undefined: nothere") {
		t.Fatalf("error %q", e.Value)
	}
}

// A value from a call that failed (nil, err), used after the error was printed: the
// user sees the error value and then one panic naming the nil variable, not a reflect
// panic.
func TestNilFromFailedCall(t *testing.T) {
	t.Setenv("HESSNOTE_MNIST_DIR", "/nonexistent")
	t.Setenv("HOME", t.TempDir())
	t.Setenv("PATH", "/usr/bin:/bin")
	h := newHarness(t, nil)
	h.run(`import ("fmt"; "github.com/hessnote/hessnote/optim/data"; "github.com/hessnote/hessnote/optim/nn")`)
	h.run(`_, err := data.MNISTTrain(10)`)
	if got := h.value(`err`); !strings.Contains(got, "MNIST files not found") {
		t.Fatalf("err = %q", got)
	}
	e := h.fail(`train, err := data.MNISTTrain(500)
if err != nil {
	fmt.Println(err)
}
net, _ := nn.MLP([]int{784, 32, 10}, nn.Tanh, nn.SoftmaxCrossEntropy)
obj, _ := nn.NewObjective(net, train.X, train.Y)
fmt.Println(obj)`)
	if !strings.Contains(h.out.String(), "MNIST files not found") {
		t.Fatalf("stdout %q", h.out.String())
	}
	if e.Name != "RuntimeError" || !strings.HasPrefix(e.Value, "6:32: nil pointer dereference: train is nil where the cell uses train.X") {
		t.Fatalf("error %s: %s", e.Name, e.Value)
	}
	// The session goes on; the variable is nil, as in Go.
	if got := h.value(`train == nil`); got != "true" {
		t.Fatalf("train == nil: %s", got)
	}
}

// Common notebook patterns: per-iteration loop variables in closures (Go 1.22), type
// switches on values from compiled code, defer outside a function (a clear error).
func TestNotebookPatterns(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import ("fmt"; "gonum.org/v1/gonum/mat"; "github.com/hessnote/hessnote/optim")`)
	h.run(`var fs []func() int
for i := 0; i < 3; i++ { fs = append(fs, func() int { return i }) }
for _, s := range []int{10, 20} { fs = append(fs, func() int { return s }) }
fmt.Println(fs[0](), fs[1](), fs[2](), fs[3](), fs[4]())`)
	h.run(`func collect() []int {
	var gs []func() int
	for i := range 3 { gs = append(gs, func() int { return i }) }
	var out []int
	for _, g := range gs { out = append(out, g()) }
	return out
}
fmt.Println(collect())`)
	h.run(`var m mat.Matrix = mat.NewDense(1, 1, []float64{5})
switch v := m.(type) {
case *mat.Dense:
	fmt.Println("dense", v.At(0, 0))
default:
	fmt.Println("other")
}
var e error = optim.ErrDimension
switch e.(type) {
case nil:
	fmt.Println("nil")
default:
	fmt.Println("error")
}`)
	if got, want := h.out.String(), "0 1 2 10 20\n[0 1 2]\ndense 5\nerror\n"; got != want {
		t.Fatalf("stdout %q, want %q", got, want)
	}
	// A defer of the cell runs when the cell ends.
	h.out.Reset()
	h.run("fmt.Println(1)\ndefer fmt.Println(2)\nfmt.Println(3)")
	if got := h.out.String(); got != "1\n3\n2\n" {
		t.Fatalf("stdout %q", got)
	}
	h.out.Reset()
	h.run(`func withDefer() { defer fmt.Println("late"); fmt.Println("early") }
withDefer()`)
	h.run(`x := 1`)
	if got := h.out.String(); got != "early\nlate\n" {
		t.Fatalf("stdout %q", got)
	}
}

// v, ok := x.(T) and v, ok := m[k] over variables of earlier cells with other types;
// %who shows the new types.
func TestCommaOkRedeclare(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`var face interface{} = 3`)
	h.run(`v := "s"; ok := 5`)
	h.run(`v, ok := face.(int)`)
	if got := h.value(`v + 1`); got != "4" {
		t.Fatalf("v + 1 = %s", got)
	}
	h.run(`m := map[string]float64{"a": 1.5}`)
	h.run(`v, ok := m["a"]`)
	if got := h.value(`v`); got != "1.5" {
		t.Fatalf("v = %s", got)
	}
	h.run(`%who`)
	who := h.out.String()
	for _, want := range []string{"ok               bool", "v                float64"} {
		if !strings.Contains(who, want) {
			t.Fatalf("%%who lacks %q:\n%s", want, who)
		}
	}
}
