// Command interpbench measures what the interpreter costs a notebook user: an
// objective written in a cell and called by compiled code (the optim solvers,
// gonum's finite differences) against the same objective compiled into this
// program, and interpreted loops against compiled Go. It writes interp.json.
//
// The cell sources below and the compiled functions after them are the same code,
// token for token; the cells time themselves with time.Now so that cell parsing
// and the kernel round trip are not counted.
//
// Usage: go run ./bench/interpbench [-o bench] [-reps 3]
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"gonum.org/v1/gonum/diff/fd"

	"github.com/hessnote/hessnote/interp"
	"github.com/hessnote/hessnote/optim"
)

// cellDecl declares the objectives in the session (compiled twins: rosen, rosenGrad,
// chained, chainedGrad).
const cellDecl = `import (
	"context"
	"fmt"
	"time"

	"gonum.org/v1/gonum/diff/fd"

	"github.com/hessnote/hessnote/optim"
)

func f(x []float64) float64 {
	a := 1 - x[0]
	b := x[1] - x[0]*x[0]
	return a*a + 100*b*b
}

func g(grad, x []float64) {
	b := x[1] - x[0]*x[0]
	grad[0] = -2*(1-x[0]) - 400*x[0]*b
	grad[1] = 200 * b
}

// solve runs one minimization, adds its iterations to *iters and returns its
// evaluations (a helper with one result, because yaegi v0.16.1 rejects
// "a, b := call()" inside a top-level for loop: "undefined: b").
func solve(p optim.Problem, x0 []float64, m optim.Method, iters *int) int {
	res, err := optim.Minimize(context.Background(), p, x0, m, optim.Settings{GradTol: 1e-5})
	if err != nil {
		panic(err)
	}
	*iters += res.Stats.Iterations
	return res.Stats.FuncEvals + res.Stats.GradEvals
}

func fn(x []float64) float64 {
	s := 0.0
	for i := 0; i+1 < len(x); i++ {
		a := 1 - x[i]
		b := x[i+1] - x[i]*x[i]
		s += a*a + 100*b*b
	}
	return s
}

func gn(grad, x []float64) {
	for i := range grad {
		grad[i] = 0
	}
	for i := 0; i+1 < len(x); i++ {
		b := x[i+1] - x[i]*x[i]
		grad[i] += -2*(1-x[i]) - 400*x[i]*b
		grad[i+1] += 200 * b
	}
}
`

// cellFD: gonum's fd.Gradient (compiled) calls the cell's f once per coordinate plus
// once at x, so nothing but calls of f and compiled bookkeeping is timed.
const cellFD = `xs := make([]float64, 1000)
xs[0], xs[1] = -1.2, 1
dst := make([]float64, len(xs))
t0 := time.Now()
for r := 0; r < 100; r++ {
	fd.Gradient(dst, f, xs, &fd.Settings{Formula: fd.Forward})
}
fmt.Println("fd_calls", 100*(len(xs)+1))
fmt.Println("fd_ns", time.Since(t0).Nanoseconds())
`

// cellMin: optim.Minimize with BFGS on Rosenbrock 2-D from (-1.2, 1), 200 times.
const cellMin = `calls, iters := 0, 0
t1 := time.Now()
for r := 0; r < 200; r++ {
	calls += solve(optim.Problem{Func: f, Grad: g}, []float64{-1.2, 1}, &optim.BFGS{}, &iters)
}
fmt.Println("min_calls", calls)
fmt.Println("min_iters", iters)
fmt.Println("min_ns", time.Since(t1).Nanoseconds())
`

// cellMinN: L-BFGS on the chained Rosenbrock in 100-D: the objective's own loop
// runs interpreted too.
const cellMinN = `x100 := make([]float64, 100)
for i := range x100 {
	x100[i] = -1.2
	if i%2 == 1 {
		x100[i] = 1
	}
}
callsN, itersN := 0, 0
t2 := time.Now()
for r := 0; r < 10; r++ {
	callsN += solve(optim.Problem{Func: fn, Grad: gn}, x100, &optim.LBFGS{}, &itersN)
}
fmt.Println("minn_calls", callsN)
fmt.Println("minn_ns", time.Since(t2).Nanoseconds())
`

// cellLoop: a scalar loop and a dot product, both interpreted.
const cellLoop = `t3 := time.Now()
acc := 0.0
for i := 0; i < 2000000; i++ {
	acc += float64(i) * 0.5
}
fmt.Println("loop_iters", 2000000)
fmt.Println("loop_ns", time.Since(t3).Nanoseconds())
fmt.Println("loop_check", acc)
u := make([]float64, 1000)
v := make([]float64, 1000)
for i := range u {
	u[i] = float64(i)
	v[i] = 1 / float64(i+1)
}
t4 := time.Now()
dot := 0.0
for r := 0; r < 1000; r++ {
	for i := range u {
		dot += u[i] * v[i]
	}
}
fmt.Println("dot_iters", 1000*len(u))
fmt.Println("dot_ns", time.Since(t4).Nanoseconds())
fmt.Println("dot_check", dot)
`

func rosen(x []float64) float64 {
	a := 1 - x[0]
	b := x[1] - x[0]*x[0]
	return a*a + 100*b*b
}

func rosenGrad(grad, x []float64) {
	b := x[1] - x[0]*x[0]
	grad[0] = -2*(1-x[0]) - 400*x[0]*b
	grad[1] = 200 * b
}

func solve(p optim.Problem, x0 []float64, m optim.Method, iters *int) int {
	res, err := optim.Minimize(context.Background(), p, x0, m, optim.Settings{GradTol: 1e-5})
	if err != nil {
		panic(err)
	}
	*iters += res.Stats.Iterations
	return res.Stats.FuncEvals + res.Stats.GradEvals
}

func chained(x []float64) float64 {
	s := 0.0
	for i := 0; i+1 < len(x); i++ {
		a := 1 - x[i]
		b := x[i+1] - x[i]*x[i]
		s += a*a + 100*b*b
	}
	return s
}

func chainedGrad(grad, x []float64) {
	for i := range grad {
		grad[i] = 0
	}
	for i := 0; i+1 < len(x); i++ {
		b := x[i+1] - x[i]*x[i]
		grad[i] += -2*(1-x[i]) - 400*x[i]*b
		grad[i+1] += 200 * b
	}
}

// compiled runs the cells' measurements on the compiled twins and returns the same keys.
func compiled() map[string]float64 {
	m := map[string]float64{}
	xs := make([]float64, 1000)
	xs[0], xs[1] = -1.2, 1
	dst := make([]float64, len(xs))
	t0 := time.Now()
	for r := 0; r < 100; r++ {
		fd.Gradient(dst, rosen, xs, &fd.Settings{Formula: fd.Forward})
	}
	m["fd_ns"] = float64(time.Since(t0).Nanoseconds())
	m["fd_calls"] = float64(100 * (len(xs) + 1))

	calls, iters := 0, 0
	t1 := time.Now()
	for r := 0; r < 200; r++ {
		calls += solve(optim.Problem{Func: rosen, Grad: rosenGrad}, []float64{-1.2, 1}, &optim.BFGS{}, &iters)
	}
	m["min_ns"] = float64(time.Since(t1).Nanoseconds())
	m["min_calls"] = float64(calls)
	m["min_iters"] = float64(iters)

	x100 := make([]float64, 100)
	for i := range x100 {
		x100[i] = -1.2
		if i%2 == 1 {
			x100[i] = 1
		}
	}
	callsN, itersN := 0, 0
	t2 := time.Now()
	for r := 0; r < 10; r++ {
		callsN += solve(optim.Problem{Func: chained, Grad: chainedGrad}, x100, &optim.LBFGS{}, &itersN)
	}
	m["minn_ns"] = float64(time.Since(t2).Nanoseconds())
	m["minn_calls"] = float64(callsN)

	t3 := time.Now()
	acc := 0.0
	for i := 0; i < 2000000; i++ {
		acc += float64(i) * 0.5
	}
	m["loop_ns"] = float64(time.Since(t3).Nanoseconds())
	m["loop_iters"] = 2000000
	m["loop_check"] = acc
	u := make([]float64, 1000)
	v := make([]float64, 1000)
	for i := range u {
		u[i] = float64(i)
		v[i] = 1 / float64(i+1)
	}
	t4 := time.Now()
	dot := 0.0
	for r := 0; r < 1000; r++ {
		for i := range u {
			dot += u[i] * v[i]
		}
	}
	m["dot_ns"] = float64(time.Since(t4).Nanoseconds())
	m["dot_iters"] = float64(1000 * len(u))
	m["dot_check"] = dot
	return m
}

// syncBuffer collects a session's stdout.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) take() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := b.buf.String()
	b.buf.Reset()
	return s
}

// interpreted runs the cells in a fresh session and parses their "key value" lines.
func interpreted(ctx context.Context) (map[string]float64, float64, error) {
	out := &syncBuffer{}
	errb := &syncBuffer{}
	s, err := interp.New(interp.Options{Stdout: out, Stderr: errb})
	if err != nil {
		return nil, 0, err
	}
	defer s.Close()
	m := map[string]float64{}
	for _, cell := range []string{cellDecl, cellFD, cellMin, cellMinN, cellLoop} {
		if _, err := s.Execute(ctx, cell); err != nil {
			return nil, 0, fmt.Errorf("cell %.40q: %v (stderr %s)", cell, err, errb.take())
		}
		sc := bufio.NewScanner(strings.NewReader(out.take()))
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			if len(f) != 2 {
				continue
			}
			v, err := strconv.ParseFloat(f[1], 64)
			if err != nil {
				return nil, 0, fmt.Errorf("cell output %q: %v", sc.Text(), err)
			}
			m[f[0]] = v
		}
	}
	// A trivial cell in process (no Jupyter): split, evaluate, render the value.
	if _, err := s.Execute(ctx, "y := 1"); err != nil {
		return nil, 0, err
	}
	const n = 300
	t := time.Now()
	for i := 0; i < n; i++ {
		if _, err := s.Execute(ctx, "y + 1"); err != nil {
			return nil, 0, err
		}
	}
	return m, float64(time.Since(t).Nanoseconds()) / n / 1e3, nil
}

// Row is one comparison in interp.json.
type Row struct {
	Name        string  `json:"name"`
	Calls       float64 `json:"calls"`
	InterpNs    float64 `json:"interp_ns_per_call"`
	CompiledNs  float64 `json:"compiled_ns_per_call"`
	AddedNs     float64 `json:"added_ns_per_call"`
	Ratio       float64 `json:"ratio"`
	Description string  `json:"description"`
}

func main() {
	outDir := flag.String("o", "bench", "output directory for interp.json")
	reps := flag.Int("reps", 3, "repetitions; the fastest of each side is kept")
	flag.Parse()
	ctx := context.Background()

	best := func(dst, src map[string]float64) {
		for k, v := range src {
			if old, ok := dst[k]; !ok || (strings.HasSuffix(k, "_ns") && v < old) {
				dst[k] = v
			}
		}
	}
	ci, cc := map[string]float64{}, map[string]float64{}
	var cellUs float64
	for r := 0; r < *reps; r++ {
		mi, us, err := interpreted(ctx)
		if err != nil {
			log.Fatal(err)
		}
		if r == 0 || us < cellUs {
			cellUs = us
		}
		best(ci, mi)
		best(cc, compiled())
	}
	for _, k := range []string{"fd_calls", "min_calls", "minn_calls", "loop_check", "dot_check"} {
		if ci[k] != cc[k] {
			log.Fatalf("%s differs: interpreted %v, compiled %v", k, ci[k], cc[k])
		}
	}
	row := func(name, key, desc string) Row {
		n := ci[key+"_calls"]
		if n == 0 {
			n = ci[key+"_iters"]
		}
		a, b := ci[key+"_ns"]/n, cc[key+"_ns"]/n
		return Row{Name: name, Calls: n, InterpNs: a, CompiledNs: b, AddedNs: a - b, Ratio: a / b, Description: desc}
	}
	rows := []Row{
		row("fd.Gradient calls f (Rosenbrock 2-D)", "fd", "compiled gonum fd.Gradient on a 1000-vector calls f 1001 times; per call of f"),
		row("optim.Minimize BFGS, Rosenbrock 2-D", "min", "compiled solver, objective and gradient from the cell; per call of f or g, solver time included"),
		row("optim.Minimize L-BFGS, chained Rosenbrock 100-D", "minn", "the objective's own loop is interpreted too; per call of f or g"),
		row("scalar loop acc += float64(i)*0.5", "loop", "per iteration"),
		row("dot product over two 1000-slices", "dot", "per multiply-add"),
	}
	added := rows[0].AddedNs
	if rows[1].AddedNs > added {
		added = rows[1].AddedNs
	}
	res := map[string]any{
		"date":                time.Now().UTC().Format("2006-01-02 15:04 UTC"),
		"go":                  runtime.Version(),
		"gomaxprocs":          runtime.GOMAXPROCS(0),
		"reps":                *reps,
		"rows":                rows,
		"trivial_cell_us":     cellUs,
		"added_ns_per_call":   added,
		"target_added_ns":     2000,
		"target_met":          added <= 2000,
		"bfgs_rosenbrock_its": ci["min_iters"] / 200,
	}
	if err := os.MkdirAll(*outDir, 0o755); err != nil {
		log.Fatal(err)
	}
	js, _ := json.MarshalIndent(res, "", "  ")
	if err := os.WriteFile(filepath.Join(*outDir, "interp.json"), append(js, '\n'), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Println("| measure | calls | interpreted ns | compiled ns | added ns | ratio |")
	fmt.Println("|---|---|---|---|---|---|")
	for _, r := range rows {
		fmt.Printf("| %s | %.0f | %.1f | %.1f | %.1f | %.1f |\n", r.Name, r.Calls, r.InterpNs, r.CompiledNs, r.AddedNs, r.Ratio)
	}
	fmt.Printf("in-process trivial cell: %.1f µs; added per objective call (worst of fd, BFGS): %.0f ns (target ≤ 2000 ns: %v)\n", cellUs, added, added <= 2000)
}
