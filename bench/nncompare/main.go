// Command nncompare times the curvature products of optim/nn on the 784-100-10 tanh
// MLP with softmax cross-entropy over the first 1000 MNIST training images, at
// float64 with two threads (and one, see below), and dumps the weights, the images, the labels, a probe
// vector and Go's loss, gradient, Hessian-vector and Gauss-Newton-vector products to
// a binary file so that bench/torch_bench.py runs torch on identical inputs and checks
// its values against Go's. It also compares Lanczos with power iteration with
// deflation (PyHessian's settings) for the top-5 Hessian eigenvalues.
//
// Binary file (little endian): the magic "HNNC0001"; int64 B, In, Hidden, Out, P;
// float64 θ[P] (optim/nn layout: W1 In×Hidden row-major, b1, W2 Hidden×Out, b2);
// float64 X[B·In] row-major; int64 labels[B]; float64 v[P]; then Go's float64 f,
// ∇f[P], Hv[P], Gv[P].
//
// torch_bench.py runs it a second time with -data "" -curvature=false after its own
// first timing round, so that each side is timed twice, alternately, on a shared machine.
//
// -blas chooses the BLAS (internal/openblas): fast (OpenBLAS for large products, the
// interactive kernel's default; needs -tags openblas) or deterministic (gonum's pure Go).
//
// Usage: go run [-tags openblas] ./bench/nncompare [-o bench] [-data file] [-curvature=true] [-json nncompare.json] [-blas fast]
package main

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"time"

	"github.com/hessnote/hessnote/internal/openblas"
	"github.com/hessnote/hessnote/optim"
	"github.com/hessnote/hessnote/optim/curvature"
	"github.com/hessnote/hessnote/optim/data"
	"github.com/hessnote/hessnote/optim/nn"
)

// timing is the median and minimum of repeated calls, in milliseconds.
type timing struct {
	MedianMs float64 `json:"median_ms"`
	MinMs    float64 `json:"min_ms"`
	Reps     int     `json:"reps"`
	Threads  int     `json:"threads,omitempty"`
}

// measure calls f until minTime has passed (at least 5 and at most 200 times).
func measure(f func(), minTime time.Duration) timing {
	f() // warm up
	var ts []float64
	start := time.Now()
	for len(ts) < 5 || (time.Since(start) < minTime && len(ts) < 200) {
		t := time.Now()
		f()
		ts = append(ts, float64(time.Since(t).Nanoseconds())/1e6)
	}
	sort.Float64s(ts)
	return timing{MedianMs: ts[len(ts)/2], MinMs: ts[0], Reps: len(ts)}
}

func write(w *bufio.Writer, vs ...any) {
	for _, v := range vs {
		if err := binary.Write(w, binary.LittleEndian, v); err != nil {
			log.Fatal(err)
		}
	}
}

// eigenRun is one top-k eigenvalue computation.
type eigenRun struct {
	Method    string    `json:"method"`
	K         int       `json:"k"`
	Products  int       `json:"products"`
	Seconds   float64   `json:"seconds"`
	Values    []float64 `json:"values"`
	Converged bool      `json:"converged"`
	MaxRelErr float64   `json:"max_rel_err_vs_reference"`
}

func main() {
	outDir := flag.String("o", "bench", "directory for nncompare.json")
	dataPath := flag.String("data", filepath.Join(os.TempDir(), "hessnote-nncompare.bin"), "binary dump for torch_bench.py (empty: none)")
	jsonName := flag.String("json", "nncompare.json", "name of the JSON file written in -o")
	minTime := flag.Duration("mintime", 2*time.Second, "time spent on each product")
	doCurv := flag.Bool("curvature", true, "also run Lanczos against power iteration")
	blasFlag := flag.String("blas", "fast", "BLAS: fast (OpenBLAS for large products) or deterministic (pure Go)")
	flag.Parse()
	runtime.GOMAXPROCS(2)
	mode, err := openblas.ParseMode(*blasFlag)
	if err != nil {
		log.Fatal(err)
	}
	if err := openblas.Use(mode); err != nil {
		log.Print(err)
	}
	log.Printf("BLAS: %s", openblas.Describe())

	set, err := data.MNISTTrain(1000)
	if errors.Is(err, data.ErrMNISTMissing) {
		res := map[string]any{"skipped": err.Error()}
		js, _ := json.MarshalIndent(res, "", "  ")
		_ = os.WriteFile(filepath.Join(*outDir, "nncompare.json"), js, 0o644)
		log.Fatal(err)
	}
	if err != nil {
		log.Fatal(err)
	}
	net, err := nn.MLP([]int{784, 100, 10}, nn.Tanh, nn.SoftmaxCrossEntropy)
	if err != nil {
		log.Fatal(err)
	}
	obj, err := nn.NewObjective(net, set.X, set.Y)
	if err != nil {
		log.Fatal(err)
	}
	theta := net.NewParams(1)
	p := net.NumParams()
	rng := rand.New(rand.NewPCG(7, 7))
	v := make([]float64, p)
	for i := range v {
		v[i] = rng.NormFloat64()
	}
	grad, hv, gv := make([]float64, p), make([]float64, p), make([]float64, p)
	obj.ClearCache()
	f := obj.FuncGrad(grad, theta)
	obj.HessVec(hv, theta, v)
	obj.GGNVec(gv, theta, v)

	b, _ := set.X.Dims()
	if *dataPath != "" {
		dump(*dataPath, set, theta, v, f, grad, hv, gv)
	}

	// Products. "cold" clears the cached passes first, so every call does all its
	// passes; "warm" products reuse the forward/backward passes at θ, as CG does.
	// Timed with GOMAXPROCS 2 (the setting) and 1, as torch_bench.py times
	// torch with 2 and 1 threads; each product's comparison uses the faster setting.
	byProcs := map[string]map[string]timing{}
	tm := map[string]timing{}
	for _, procs := range []int{2, 1} {
		runtime.GOMAXPROCS(procs)
		t := map[string]timing{}
		t["forward"] = measure(func() { obj.ClearCache(); obj.Func(theta) }, *minTime)
		t["gradient"] = measure(func() { obj.ClearCache(); obj.FuncGrad(grad, theta) }, *minTime)
		t["hessvec"] = measure(func() { obj.ClearCache(); obj.HessVec(hv, theta, v) }, *minTime)
		t["ggnvec"] = measure(func() { obj.ClearCache(); obj.GGNVec(gv, theta, v) }, *minTime)
		obj.FuncGrad(grad, theta)
		t["hessvec_warm"] = measure(func() { obj.HessVec(hv, theta, v) }, *minTime)
		t["ggnvec_warm"] = measure(func() { obj.GGNVec(gv, theta, v) }, *minTime)
		byProcs[fmt.Sprint(procs)] = t
		for k, x := range t {
			x.Threads = procs
			if old, ok := tm[k]; !ok || x.MedianMs < old.MedianMs {
				tm[k] = x
			}
		}
	}
	runtime.GOMAXPROCS(2)

	res := map[string]any{
		"date":                  time.Now().UTC().Format("2006-01-02 15:04 UTC"),
		"go":                    runtime.Version(),
		"gomaxprocs":            runtime.GOMAXPROCS(0),
		"net":                   net.String(),
		"examples":              b,
		"params":                p,
		"loss":                  f,
		"grad_norm":             norm(grad),
		"data_file":             *dataPath,
		"timings":               tm,
		"timings_by_gomaxprocs": byProcs,
		"blas":                  openblas.Active().String(),
		"blas_description":      openblas.Describe(),
	}
	fmt.Printf("%s, %d examples, loss %.6f\n", net, b, f)
	for _, k := range []string{"forward", "gradient", "hessvec", "ggnvec", "hessvec_warm", "ggnvec_warm"} {
		fmt.Printf("%-13s median %8.3f ms  min %8.3f ms  (%d reps, GOMAXPROCS %d; with 2: %.3f ms)\n", k, tm[k].MedianMs, tm[k].MinMs, tm[k].Reps, tm[k].Threads, byProcs["2"][k].MedianMs)
	}

	if *doCurv {
		ctx := context.Background()
		op, err := curvature.NewProblemOperator(optim.Problem{Func: obj.Func, Grad: obj.Grad, HessVec: obj.HessVec}, theta)
		if err != nil {
			log.Fatal(err)
		}
		ref, err := curvature.Lanczos(ctx, op, 5, curvature.Largest, curvature.LanczosSettings{Tol: 1e-10, Basis: 40})
		if err != nil {
			log.Fatal(err)
		}
		var runs []eigenRun
		for _, k := range []int{1, 5} {
			for _, m := range []string{"lanczos", "power"} {
				t := time.Now()
				var e *curvature.Eigen
				if m == "lanczos" {
					e, err = curvature.Lanczos(ctx, op, k, curvature.Largest, curvature.LanczosSettings{Tol: 1e-3, Seed: 1})
				} else {
					e, err = curvature.PowerIteration(ctx, op, k, curvature.PowerSettings{Seed: 1})
				}
				if err != nil {
					log.Fatal(err)
				}
				sec := time.Since(t).Seconds()
				vals := append([]float64(nil), e.Values...)
				sort.Sort(sort.Reverse(sort.Float64Slice(vals)))
				worst := 0.0
				for j := range vals {
					worst = math.Max(worst, math.Abs(vals[j]-ref.Values[j])/math.Abs(ref.Values[j]))
				}
				runs = append(runs, eigenRun{Method: e.Method, K: k, Products: e.Products, Seconds: sec,
					Values: vals, Converged: e.Converged, MaxRelErr: worst})
				fmt.Printf("top-%d %-40s %4d products %7.2f s  max rel err %.1e\n", k, e.Method, e.Products, sec, worst)
			}
		}
		res["eigen_reference"] = map[string]any{"values": ref.Values, "products": ref.Products, "tol": 1e-10}
		res["eigen"] = runs
	}
	if err := os.MkdirAll(*outDir, 0o755); err != nil {
		log.Fatal(err)
	}
	js, _ := json.MarshalIndent(res, "", "  ")
	if err := os.WriteFile(filepath.Join(*outDir, *jsonName), append(js, '\n'), 0o644); err != nil {
		log.Fatal(err)
	}
}

// dump writes the binary file described in the package comment.
func dump(path string, set *data.Set, theta, v []float64, f float64, grad, hv, gv []float64) {
	fh, err := os.Create(path)
	if err != nil {
		log.Fatal(err)
	}
	w := bufio.NewWriterSize(fh, 1<<20)
	b, in := set.X.Dims()
	w.WriteString("HNNC0001")
	write(w, int64(b), int64(in), int64(100), int64(10), int64(len(theta)), theta)
	row := make([]float64, in)
	for i := 0; i < b; i++ {
		for j := range row {
			row[j] = set.X.At(i, j)
		}
		write(w, row)
	}
	labels := make([]int64, b)
	for i, l := range set.Labels {
		labels[i] = int64(l)
	}
	write(w, labels, v, f, grad, hv, gv)
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	if err := fh.Close(); err != nil {
		log.Fatal(err)
	}
}

func norm(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v * v
	}
	return math.Sqrt(s)
}
