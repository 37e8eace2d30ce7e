// Command choose measures the table of the capstone notebook "Choosing a method"
// (notebooks/10-choosing-a-method.ipynb): Newton, BFGS, L-BFGS, nonlinear CG,
// Hessian-free, K-FAC, SVRG, SGD and Adam train tanh MLPs 49-h-10 on MNIST pooled to
// 7×7 pixels, for widths h from 2 to 1600 (130 to 96,010 parameters) and two training
// set sizes (250 and 2,000 images), each run with a budget of 200 gradient-equivalent passes. For each (parameters, examples) cell and method it records the
// gradient-equivalent passes (nn.Work priced by nn.MeasureCosts on that cell) and the
// wall time to reach a target training loss, the training and test loss at an equal
// budget of passes, and the live heap the method's run adds (its state), measured with
// runtime.MemStats beside the formula. Methods whose state would not fit a memory cap,
// or one of whose iterations would cost more than the budget, are reported as skipped
// with what they would need. It writes <dir>/choose.json and <dir>/choose.md.
//
//	go run ./bench/choose -o bench
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/hessnote/hessnote/optim"
	"github.com/hessnote/hessnote/optim/data"
	"github.com/hessnote/hessnote/optim/nn"
)

// Run is one method on one cell.
type Run struct {
	Method string `json:"method"`
	// Class is the method's family (quasi-Newton, first-order, ...), Primer the primer's
	// filing (Hessian-based or Hessian-free).
	Class  string `json:"class"`
	Primer string `json:"primer"`
	// Skipped, when set, says why the method was not run.
	Skipped string `json:"skipped,omitempty"`
	Status  string `json:"status,omitempty"`
	Iters   int    `json:"iterations"`
	// Passes and Seconds: the whole run (training time, evaluations excluded).
	Passes  float64 `json:"passes"`
	Seconds float64 `json:"seconds"`
	// Reached: the traced full training loss reached the cell's target; PassesToTarget
	// and SecondsToTarget at the first evaluation that did (-1 when not reached).
	Reached         bool    `json:"reached"`
	PassesToTarget  float64 `json:"passes_to_target"`
	SecondsToTarget float64 `json:"seconds_to_target"`
	TrainLoss       float64 `json:"final_train_loss"`
	TestLoss        float64 `json:"final_test_loss"`
	TestAcc         float64 `json:"final_test_accuracy"`
	// MemMeasured is the largest live heap (after a forced GC) the run held above the
	// heap before it, sampled at its first iterations; MemFormula the bytes of the state
	// the formula MemRule counts.
	MemMeasured int64  `json:"mem_measured_bytes"`
	MemFormula  int64  `json:"mem_formula_bytes"`
	MemRule     string `json:"mem_formula"`
}

// Cell is one (parameters, examples) size.
type Cell struct {
	Width    int      `json:"width"`
	Params   int      `json:"params"`
	Examples int      `json:"examples"`
	Budget   float64  `json:"budget_passes"`
	Costs    nn.Costs `json:"costs"`
	// F0 is the initial training loss, Best the lowest final training loss of any method,
	// Target = Best + 0.1·(F0 − Best).
	F0     float64 `json:"initial_train_loss"`
	Best   float64 `json:"best_train_loss"`
	Target float64 `json:"target_train_loss"`
	Runs   []Run   `json:"runs"`
}

// Report is choose.json.
type Report struct {
	Date     string  `json:"date"`
	GoOS     string  `json:"goos"`
	GoArch   string  `json:"goarch"`
	CPUs     int     `json:"cpus"`
	Dataset  string  `json:"dataset"`
	Test     int     `json:"test_examples"`
	Target   string  `json:"target_rule"`
	MemCap   int64   `json:"memory_cap_bytes"`
	Seed     uint64  `json:"seed"`
	Seconds  float64 `json:"total_seconds"`
	Cells    []Cell  `json:"cells"`
	Settings string  `json:"settings"`
}

// method is one contender.
type method struct {
	name, class, primer string
	m                   nn.Method
	batch               int // minibatch size (0: full batch)
	// memory returns the formula's bytes and its text for n parameters on net.
	memory func(net *nn.Net, n int) (int64, string)
	// iterCost, when set, is the passes of one iteration (Newton: n H·v products).
	iterCost func(n int, c nn.Costs) float64
}

const f8 = 8

func kfacFactors(net *nn.Net) int64 {
	s := int64(0)
	for _, l := range net.Layers() {
		s += int64((l.In+1)*(l.In+1) + l.Out*l.Out)
	}
	return s
}

func methods() []method {
	lin := func(k int, what string) func(*nn.Net, int) (int64, string) {
		return func(_ *nn.Net, n int) (int64, string) { return int64(k) * int64(n) * f8, what }
	}
	return []method{
		{name: "Newton", class: "Newton (exact Hessian from n H·v products, Cholesky with added τI)", primer: "Hessian-based",
			m: nn.FullBatch{Method: &optim.Newton{}},
			memory: func(_ *nn.Net, n int) (int64, string) {
				return 3 * int64(n) * int64(n) * f8, "O(n²): H, H+τI and its Cholesky factor, 3n²"
			},
			iterCost: func(n int, c nn.Costs) float64 { return 1 + float64(n)*math.Max(c.HessVec, 1e-9) }},
		{name: "BFGS", class: "quasi-Newton (dense inverse-Hessian approximation)", primer: "Hessian-based",
			m: nn.FullBatch{Method: &optim.BFGS{}},
			memory: func(_ *nn.Net, n int) (int64, string) {
				return int64(n) * int64(n) * f8, "O(n²): the inverse approximation H, n²"
			}},
		{name: "L-BFGS", class: "quasi-Newton (limited memory, m = 15 pairs)", primer: "Hessian-free",
			m: nn.FullBatch{Method: &optim.LBFGS{}}, memory: lin(30, "O(mn): 2m = 30 vectors")},
		{name: "CG", class: "first-order, nonlinear conjugate gradient (Polak-Ribière+)", primer: "Hessian-free",
			m: nn.FullBatch{Method: &optim.CG{}}, memory: lin(3, "O(n): direction, previous gradient, trial point")},
		{name: "HF", class: "truncated Newton on the Gauss-Newton matrix (CG on G·v products)", primer: "Hessian-free",
			m: nn.HF{CurvBatch: 100}, batch: 100, memory: lin(8, "O(n): CG vectors, warm start, gradient")},
		{name: "K-FAC", class: "natural gradient / GGN, Kronecker-factored per layer", primer: "not filed (curvature approximation)",
			m: nn.KFAC{}, batch: 500,
			memory: func(net *nn.Net, n int) (int64, string) {
				return (2*kfacFactors(net) + 3*int64(n)) * f8, "Σ_l 2[(in+1)² + out²] (factors, inverses) + 3n"
			}},
		{name: "SVRG", class: "first-order with variance reduction (snapshot + full gradient)", primer: "Hessian-free",
			m: nn.SVRG{LR: 1}, batch: 100, memory: lin(5, "O(n): snapshot, its full gradient, 2 gradients, direction")},
		{name: "SGD", class: "first-order (heavy-ball momentum 0.9)", primer: "Hessian-free",
			m: nn.SGD{LR: 0.3, Momentum: 0.9}, batch: 100, memory: lin(2, "O(n): gradient, velocity")},
		{name: "Adam", class: "first-order, adaptive diagonal scaling", primer: "Hessian-free",
			m: nn.Adam{LR: 0.03}, batch: 100, memory: lin(3, "O(n): gradient, two moments")},
	}
}

// pool averages 4×4 blocks of 28×28 images: 784 → 49 inputs.
func pool(x *mat.Dense) *mat.Dense {
	r, _ := x.Dims()
	out := mat.NewDense(r, 49, nil)
	for k := 0; k < r; k++ {
		for i := 0; i < 7; i++ {
			for j := 0; j < 7; j++ {
				s := 0.0
				for a := 0; a < 4; a++ {
					for b := 0; b < 4; b++ {
						s += x.At(k, (4*i+a)*28+4*j+b)
					}
				}
				out.Set(k, i*7+j, s/16)
			}
		}
	}
	return out
}

func heap() int64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}

// memRun trains m for a few iterations and returns the largest live heap above the start,
// sampled (after a GC) at every iteration.
func memRun(ctx context.Context, me method, obj *nn.Objective, theta []float64, costs nn.Costs, iters int) int64 {
	base := heap()
	peak := int64(0)
	s := nn.Settings{MaxIter: iters, Costs: costs, BatchSize: me.batch, Seed: 1, DivergeFactor: -1,
		Callback: func(optim.Iteration) bool {
			peak = max(peak, heap()-base)
			return true
		}}
	r, _ := nn.Train(ctx, me.m, obj, theta, s)
	runtime.KeepAlive(r)
	return peak
}

func main() {
	out := flag.String("o", "bench", "output directory")
	widthsF := flag.String("widths", "2,16,160,1600", "hidden widths")
	sizesF := flag.String("examples", "250,2000", "training set sizes")
	budgetF := flag.Float64("budget", 200, "budget of every run, in gradient-equivalent passes")
	memCap := flag.Int64("memcap", 256<<20, "skip methods whose formula state exceeds this many bytes")
	nTest := flag.Int("test", 1000, "test examples")
	only := flag.String("methods", "", "comma-separated methods to run (default all)")
	svrgLR := flag.Float64("svrg-lr", 0, "SVRG step size (default: SVRG's own default)")
	flag.Parse()
	ctx := context.Background()
	t0 := time.Now()
	var widths, sizes []int
	for _, s := range strings.Split(*widthsF, ",") {
		var v int
		fmt.Sscan(s, &v)
		widths = append(widths, v)
	}
	for _, s := range strings.Split(*sizesF, ",") {
		var v int
		fmt.Sscan(s, &v)
		sizes = append(sizes, v)
	}
	maxN := slicesMax(sizes)
	trainAll, err := data.MNISTTrain(maxN)
	if err != nil {
		log.Fatal(err)
	}
	testSet, err := data.MNISTTest(*nTest)
	if err != nil {
		log.Fatal(err)
	}
	xAll, xTest := pool(trainAll.X), pool(testSet.X)
	rep := Report{Date: time.Now().UTC().Format(time.RFC3339), GoOS: runtime.GOOS, GoArch: runtime.GOARCH, CPUs: runtime.NumCPU(),
		Dataset: "MNIST, 4×4 average pooling to 7×7 = 49 inputs, 10 classes; tanh MLP 49-h-10, softmax cross-entropy",
		Test:    *nTest, MemCap: *memCap, Seed: 1,
		Target: "Best + 0.1·(F0 − Best): 90% of the way from the initial training loss F0 to the lowest final training loss " +
			"any method reached in that cell at the budget",
		Settings: "one seed (1), initial weights net.NewParams(1); SGD η=0.3 μ=0.9, Adam η=0.03 (notebook 06's sweep on MNIST 784-64-10), " +
			"SVRG η=1 (best of 0.05, 0.1, 0.3, 1 on the 970- and 9,610-parameter cells), inner loop 2N/100 steps, batch 100; K-FAC batch 500 (all examples when fewer); HF curvature batch 100; full-batch methods " +
			"through nn.FullBatch (gradient tolerance 1e-6); costs measured per cell by nn.MeasureCosts (5 rounds)"}
	for _, N := range sizes {
		xTr := mat.DenseCopyOf(xAll.Slice(0, N, 0, 49))
		yTr := mat.DenseCopyOf(trainAll.Y.Slice(0, N, 0, 10))
		for _, h := range widths {
			net, err := nn.MLP([]int{49, h, 10}, nn.Tanh, nn.SoftmaxCrossEntropy)
			if err != nil {
				log.Fatal(err)
			}
			obj, _ := nn.NewObjective(net, xTr, yTr)
			testObj, _ := nn.NewObjective(net, xTest, testSet.Y)
			n := net.NumParams()
			theta := net.NewParams(1)
			budget := *budgetF
			costs := nn.MeasureCosts(ctx, obj, theta, 5)
			cell := Cell{Width: h, Params: n, Examples: N, Budget: budget, Costs: costs, F0: obj.Func(theta)}
			log.Printf("cell n=%d N=%d budget %g costs %+v", n, N, budget, costs)
			traces := map[string][]nn.Eval{}
			for _, me := range methods() {
				if *only != "" && !slices.Contains(strings.Split(*only, ","), me.name) {
					continue
				}
				if me.name == "SVRG" && *svrgLR > 0 {
					me.m = nn.SVRG{LR: *svrgLR}
				}
				run := Run{Method: me.name, Class: me.class, Primer: me.primer, PassesToTarget: -1, SecondsToTarget: -1}
				run.MemFormula, run.MemRule = me.memory(net, n)
				switch {
				case run.MemFormula > *memCap:
					run.Skipped = fmt.Sprintf("state would need %.3g GB (%s) > cap %.3g GB", float64(run.MemFormula)/1e9, run.MemRule, float64(*memCap)/1e9)
				case me.iterCost != nil && me.iterCost(n, costs) > budget:
					run.Skipped = fmt.Sprintf("one iteration costs %.0f passes (n = %d H·v products) > budget %g", me.iterCost(n, costs), n, budget)
				}
				if run.Skipped != "" {
					log.Printf("  %-7s skipped: %s", me.name, run.Skipped)
					cell.Runs = append(cell.Runs, run)
					continue
				}
				// Memory: a short separate run (GCs in its callback would distort the timing).
				if N == sizes[0] || len(sizes) == 1 {
					run.MemMeasured = memRun(ctx, me, obj, theta, costs, 16)
				} else {
					for _, c := range rep.Cells {
						if c.Params == n {
							for _, r := range c.Runs {
								if r.Method == me.name {
									run.MemMeasured = r.MemMeasured
								}
							}
						}
					}
				}
				every := 1
				if me.batch > 0 {
					every = max(1, N/me.batch/2) // twice per epoch
				}
				s := nn.Settings{Budget: budget, Costs: costs, BatchSize: me.batch, Seed: 1, Test: obj, EvalEvery: every}
				r, err := nn.Train(ctx, me.m, obj, theta, s)
				if r == nil {
					run.Skipped = fmt.Sprint("failed: ", err)
					cell.Runs = append(cell.Runs, run)
					continue
				}
				run.Status = r.Status.String()
				run.Iters = r.Stats.Iterations
				run.Passes = r.Passes
				run.Seconds = r.Stats.Elapsed.Seconds()
				run.TrainLoss = obj.Func(r.X)
				run.TestLoss = testObj.Func(r.X)
				run.TestAcc = testObj.Accuracy(r.X)
				traces[me.name] = r.Evals
				log.Printf("  %-7s %-20s it %5d passes %7.2f %7.2fs train %.4f test %.4f mem %d B (formula %d B)",
					me.name, run.Status, run.Iters, run.Passes, run.Seconds, run.TrainLoss, run.TestLoss, run.MemMeasured, run.MemFormula)
				cell.Runs = append(cell.Runs, run)
			}
			cell.Best = math.Inf(1)
			for _, r := range cell.Runs {
				if r.Skipped == "" && r.TrainLoss < cell.Best {
					cell.Best = r.TrainLoss
				}
			}
			cell.Target = cell.Best + 0.1*(cell.F0-cell.Best)
			for i := range cell.Runs {
				r := &cell.Runs[i]
				for _, ev := range traces[r.Method] {
					if ev.Loss <= cell.Target {
						r.Reached, r.PassesToTarget, r.SecondsToTarget = true, ev.Passes, ev.Elapsed.Seconds()
						break
					}
				}
			}
			rep.Cells = append(rep.Cells, cell)
		}
	}
	rep.Seconds = time.Since(t0).Seconds()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	js, _ := json.MarshalIndent(rep, "", "  ")
	if err := os.WriteFile(filepath.Join(*out, "choose.json"), append(js, '\n'), 0o644); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*out, "choose.md"), []byte(markdown(rep)), 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("wrote %s/choose.json and choose.md in %.0f s", *out, rep.Seconds)
}

func slicesMax(v []int) int {
	m := v[0]
	for _, x := range v {
		m = max(m, x)
	}
	return m
}

func bytes(b int64) string {
	switch {
	case b >= 1<<30:
		return fmt.Sprintf("%.2f GiB", float64(b)/(1<<30))
	case b >= 1<<20:
		return fmt.Sprintf("%.2f MiB", float64(b)/(1<<20))
	case b >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(b)/(1<<10))
	}
	return fmt.Sprintf("%d B", b)
}

func markdown(rep Report) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Choosing a method: cost, accuracy and memory\n\n")
	fmt.Fprintf(&b, "Written by `make bench-choose` (`go run ./bench/choose -o bench`) on %s, %s/%s, %d CPUs, in %.0f s; "+
		"read by notebooks/10-choosing-a-method.ipynb.\n\n", rep.Date, rep.GoOS, rep.GoArch, rep.CPUs, rep.Seconds)
	fmt.Fprintf(&b, "Data: %s; test loss on %d held-out images. %s.\n\n", rep.Dataset, rep.Test, rep.Settings)
	fmt.Fprintf(&b, "Work is in gradient-equivalent passes over the training set (every gradient, function value, "+
		"curvature product and K-FAC factor operation at its measured price). Target training loss: %s. "+
		"Time is training wall time (evaluations excluded). Memory: live heap added by the run (measured after a forced GC at each of "+
		"its first 16 iterations, on the smaller training set; it includes minibatch buffers and line-search scratch) beside the formula for the method's state. "+
		"Methods are skipped when the formula exceeds %s or when one iteration costs more than the budget.\n\n", rep.Target, bytes(rep.MemCap))
	for _, c := range rep.Cells {
		fmt.Fprintf(&b, "## n = %d parameters (width %d), N = %d examples, budget %g passes\n\n", c.Params, c.Width, c.Examples, c.Budget)
		fmt.Fprintf(&b, "Initial training loss %.4f, best final %.4g, target %.4g.\n\n", c.F0, c.Best, c.Target)
		fmt.Fprintf(&b, "| method | primer's filing | passes to target | time to target | train loss at budget | test loss | test acc | passes used | memory measured | memory formula |\n")
		fmt.Fprintf(&b, "|---|---|---|---|---|---|---|---|---|---|\n")
		for _, r := range c.Runs {
			if r.Skipped != "" {
				fmt.Fprintf(&b, "| %s | %s | skipped: %s | | | | | | | %s |\n", r.Method, r.Primer, r.Skipped, bytes(r.MemFormula))
				continue
			}
			pt, tt := "not reached", "not reached"
			if r.Reached {
				pt, tt = fmt.Sprintf("%.1f", r.PassesToTarget), fmt.Sprintf("%.3f s", r.SecondsToTarget)
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %.4g | %.4f | %.3f | %.1f | %s | %s |\n", r.Method, r.Primer, pt, tt,
				r.TrainLoss, r.TestLoss, r.TestAcc, r.Passes, bytes(r.MemMeasured), bytes(r.MemFormula))
		}
		b.WriteString("\n")
	}
	return b.String()
}
