// Command nnbench measures the cost of exact curvature products of a 784-100-10 tanh
// network on 1,000 MNIST images (forward pass, gradient, Hessian-vector product by the
// R-operator, Gauss–Newton-vector product, finite-difference Hessian-vector product; as
// ratios to the gradient), then races training methods on MNIST classification, loss
// against wall time (and, with -autoencoder N, on a deep autoencoder). It writes
// <dir>/nn.json and <dir>/nn_race.png (and nn_autoencoder.png).
//
//	go run ./bench/nnbench -o bench
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"image/color"
	"log"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"time"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/hessnote/hessnote/optim"
	"github.com/hessnote/hessnote/optim/data"
	"github.com/hessnote/hessnote/optim/nn"
)

// Product is the measured cost of one kind of call.
type Product struct {
	Name string `json:"name"`
	// Seconds is the median time of one call, Ratio that over the gradient's.
	Seconds float64 `json:"seconds"`
	Ratio   float64 `json:"ratio_to_gradient"`
	Reps    int     `json:"reps"`
	Note    string  `json:"note,omitempty"`
}

// Point is one point of a race curve.
type Point struct {
	Seconds   float64 `json:"seconds"`
	Iter      int     `json:"iter"`
	Epoch     float64 `json:"epoch"`
	TrainLoss float64 `json:"train_loss"`
	TrainAcc  float64 `json:"train_accuracy"`
}

// Entry is one method's run in the race.
type Entry struct {
	Method     string  `json:"method"`
	Status     string  `json:"status"`
	Iterations int     `json:"iterations"`
	Seconds    float64 `json:"seconds"`
	FinalLoss  float64 `json:"final_train_loss"`
	TestLoss   float64 `json:"test_loss"`
	TestAcc    float64 `json:"test_accuracy"`
	Error      string  `json:"error,omitempty"`
	// ToTarget is the training time until the traced training loss first fell to
	// RaceReport.Target (−1: never).
	ToTarget float64 `json:"seconds_to_target"`
	Curve    []Point `json:"curve"`
}

// Report is the content of nn.json.
type Report struct {
	Date     string    `json:"date"`
	GOOS     string    `json:"goos"`
	GOARCH   string    `json:"goarch"`
	CPUs     int       `json:"cpus"`
	Network  string    `json:"network"`
	Examples int       `json:"examples"`
	Products []Product `json:"products"`
	// FDRelDiff is ‖Hv_R − Hv_FD‖/‖Hv_R‖ for one random v.
	FDRelDiff float64           `json:"rop_vs_fd_relative_difference"`
	Targets   map[string]string `json:"targets"`
	Race      RaceReport        `json:"race"`
	// Autoencoder is the optional deep-autoencoder race (flag -autoencoder).
	Autoencoder *RaceReport `json:"autoencoder_race,omitempty"`
}

// RaceReport describes the training race.
type RaceReport struct {
	Task    string  `json:"task"`
	Network string  `json:"network"`
	Train   int     `json:"train_examples"`
	Test    int     `json:"test_examples"`
	Budget  float64 `json:"seconds_per_method"`
	Entries []Entry `json:"entries"`
	Winner  string  `json:"lowest_train_loss"`
	// Target is the training loss of Entry.ToTarget; Fastest the method that got there
	// first.
	Target  float64 `json:"target_train_loss"`
	Fastest string  `json:"fastest_to_target"`
}

func main() {
	out := flag.String("o", "bench", "output folder")
	nTrain := flag.Int("train", 3000, "training images in the race")
	budget := flag.Duration("budget", 15*time.Second, "wall time per method in the race")
	skipRace := flag.Bool("norace", false, "measure products only")
	ae := flag.Int("autoencoder", 0, "also race on a deep autoencoder with this many images (0: skip)")
	flag.Parse()
	if err := run(*out, *nTrain, *budget, *skipRace, *ae); err != nil {
		log.Fatal(err)
	}
}

func run(out string, nTrain int, budget time.Duration, skipRace bool, ae int) error {
	rep := Report{Date: time.Now().UTC().Format(time.RFC3339), GOOS: runtime.GOOS, GOARCH: runtime.GOARCH, CPUs: runtime.NumCPU(),
		Targets: map[string]string{"hessvec": "≤ 2.5× gradient", "ggnvec": "≤ 2× gradient"}}
	set, err := data.MNISTTrain(1000)
	if err != nil {
		return err
	}
	net, err := nn.MLP([]int{784, 100, 10}, nn.Tanh, nn.SoftmaxCrossEntropy)
	if err != nil {
		return err
	}
	rep.Network, rep.Examples = net.String(), set.Len()
	obj, err := nn.NewObjective(net, set.X, set.Y)
	if err != nil {
		return err
	}
	if err := products(&rep, obj); err != nil {
		return err
	}
	for _, p := range rep.Products {
		fmt.Printf("%-34s %9.3f ms  %5.2f× gradient\n", p.Name, 1e3*p.Seconds, p.Ratio)
	}
	fmt.Printf("R-operator vs finite difference: relative difference %.2g\n", rep.FDRelDiff)
	if !skipRace {
		if err := race(&rep, nTrain, budget); err != nil {
			return err
		}
	}
	if ae > 0 {
		if err := autoencoderRace(&rep, ae, budget); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	path := filepath.Join(out, "nn.json")
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return err
	}
	fmt.Println("wrote", path)
	if !skipRace {
		png := filepath.Join(out, "nn_race.png")
		if err := plotRace(rep.Race, png); err != nil {
			return err
		}
		fmt.Println("wrote", png)
	}
	if rep.Autoencoder != nil {
		png := filepath.Join(out, "nn_autoencoder.png")
		if err := plotRace(*rep.Autoencoder, png); err != nil {
			return err
		}
		fmt.Println("wrote", png)
	}
	return nil
}

// timeAll times the calls round-robin (one call of each per round, so a load from
// other processes hits them alike) for at least 9 rounds and 3 s, and returns the median
// time of each.
func timeAll(fs []func()) ([]float64, int) {
	for _, f := range fs {
		f() // warm up
	}
	ts := make([][]float64, len(fs))
	start := time.Now()
	rounds := 0
	for rounds < 9 || (time.Since(start) < 3*time.Second && rounds < 200) {
		for i, f := range fs {
			t0 := time.Now()
			f()
			ts[i] = append(ts[i], time.Since(t0).Seconds())
		}
		rounds++
	}
	med := make([]float64, len(fs))
	for i := range ts {
		slices.Sort(ts[i])
		med[i] = ts[i][len(ts[i])/2]
	}
	return med, rounds
}

func products(rep *Report, obj *nn.Objective) error {
	n := obj.Dim()
	theta := obj.Net().NewParams(1)
	v := obj.Net().NewParams(2)
	g, hv, gv, gp, tmp := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	var fs []func()
	add := func(name, note string, f func()) {
		rep.Products = append(rep.Products, Product{Name: name, Note: note})
		fs = append(fs, f)
	}
	add("forward", "loss only", func() { obj.ClearCache(); obj.Func(theta) })
	add("gradient", "forward + backward", func() { obj.ClearCache(); obj.FuncGrad(g, theta) })
	add("hessvec", "R-operator, with its own forward and backward pass", func() { obj.ClearCache(); obj.HessVec(hv, theta, v) })
	add("hessvec_cached", "R-operator, passes at θ reused (inside CG)", func() { obj.HessVec(hv, theta, v) })
	add("ggnvec", "Gauss–Newton, with its own forward pass", func() { obj.ClearCache(); obj.GGNVec(gv, theta, v) })
	add("ggnvec_cached", "Gauss–Newton, forward at θ reused (inside CG)", func() { obj.GGNVec(gv, theta, v) })
	const h = 1e-6
	vn := 0.0
	for _, x := range v {
		vn += x * x
	}
	eps := h / math.Sqrt(vn)
	fdhv := func(dst []float64) {
		obj.ClearCache()
		obj.FuncGrad(g, theta)
		copy(tmp, theta)
		for i := range tmp {
			tmp[i] += eps * v[i]
		}
		obj.FuncGrad(gp, tmp)
		for i := range dst {
			dst[i] = (gp[i] - g[i]) / eps
		}
	}
	fd := make([]float64, n)
	add("hessvec_fd", "forward difference of two gradients (the one at θ counted)", func() { fdhv(fd) })
	med, rounds := timeAll(fs)
	for i := range rep.Products {
		rep.Products[i].Seconds, rep.Products[i].Reps = med[i], rounds
	}
	base := rep.Products[1].Seconds
	for i := range rep.Products {
		rep.Products[i].Ratio = rep.Products[i].Seconds / base
	}
	obj.ClearCache()
	obj.HessVec(hv, theta, v)
	fdhv(fd)
	num, den := 0.0, 0.0
	for i := range hv {
		num += (hv[i] - fd[i]) * (hv[i] - fd[i])
		den += hv[i] * hv[i]
	}
	rep.FDRelDiff = math.Sqrt(num / den)
	return nil
}

// contender is one method in a race, with its evaluation interval (iterations) and
// minibatch size.
type contender struct {
	m     nn.Method
	every int
	batch int
}

func race(rep *Report, nTrain int, budget time.Duration) error {
	trainSet, err := data.MNISTTrain(nTrain)
	if err != nil {
		return err
	}
	testSet, err := data.MNISTTest(1000)
	if err != nil {
		return err
	}
	net, err := nn.MLP([]int{784, 100, 10}, nn.Tanh, nn.SoftmaxCrossEntropy)
	if err != nil {
		return err
	}
	contenders := []contender{
		{nn.HF{CurvBatch: 300}, 1, 0},
		{nn.KFAC{StatsEvery: 2}, 5, 250},
		{nn.FullBatch{Method: &optim.LBFGS{}}, 2, 0},
		{nn.SQN{LR: 0.1}, 20, 100},
		{nn.SVRG{LR: 0.1}, 20, 100},
		{nn.Adam{LR: 1e-3}, 20, 100},
	}
	rr, err := runRace("MNIST classification", net, trainSet, trainSet.Y, testSet, testSet.Y, 0.01, contenders, budget)
	if err != nil {
		return err
	}
	rep.Race = rr
	return nil
}

// autoencoderRace is the deep-autoencoder task of Martens (2010, Sec. 6), scaled down:
// logistic hidden units, a linear code layer, logistic outputs with cross-entropy
// against the pixel intensities.
func autoencoderRace(rep *Report, nTrain int, budget time.Duration) error {
	trainSet, err := data.MNISTTrain(nTrain)
	if err != nil {
		return err
	}
	testSet, err := data.MNISTTest(1000)
	if err != nil {
		return err
	}
	net, err := nn.New([]int{784, 200, 30, 200, 784}, []nn.Activation{nn.Sigmoid, nn.Identity, nn.Sigmoid, nn.Identity}, nn.Logistic)
	if err != nil {
		return err
	}
	contenders := []contender{
		{nn.HF{CurvBatch: 300}, 1, 0},
		{nn.KFAC{StatsEvery: 2}, 5, 250},
		{nn.FullBatch{Method: &optim.LBFGS{}}, 2, 0},
		{nn.Adam{LR: 1e-3}, 20, 100},
	}
	rr, err := runRace("MNIST deep autoencoder", net, trainSet, trainSet.X, testSet, testSet.X, 130, contenders, budget)
	if err != nil {
		return err
	}
	rep.Autoencoder = &rr
	return nil
}

func runRace(task string, net *nn.Net, trainSet *data.Set, trainY *mat.Dense, testSet *data.Set, testY *mat.Dense, target float64, contenders []contender, budget time.Duration) (RaceReport, error) {
	train, err := nn.NewObjective(net, trainSet.X, trainY)
	if err != nil {
		return RaceReport{}, err
	}
	// A separate objective over the same data traces the full training loss, so the
	// methods' own caches are not disturbed.
	trace, _ := nn.NewObjective(net, trainSet.X, trainY)
	test, err := nn.NewObjective(net, testSet.X, testY)
	if err != nil {
		return RaceReport{}, err
	}
	theta0 := net.NewParams(42)
	rr := RaceReport{Task: task, Network: net.String(), Train: trainSet.Len(), Test: testSet.Len(), Budget: budget.Seconds()}
	rr.Target = target
	best, fastest := math.Inf(1), math.Inf(1)
	for _, c := range contenders {
		s := nn.Settings{MaxIter: 1 << 30, MaxTime: budget, BatchSize: c.batch, Seed: 7, Test: trace, EvalEvery: c.every}
		res, err := nn.Train(context.Background(), c.m, train, theta0, s)
		e := Entry{Method: c.m.Name()}
		if err != nil {
			e.Error = err.Error()
		}
		if res != nil {
			e.Status = res.Status.String()
			e.Iterations = res.Stats.Iterations
			e.Seconds = res.Stats.Elapsed.Seconds()
			e.FinalLoss = res.F
			e.TestLoss = test.Func(res.X)
			e.TestAcc = test.Accuracy(res.X)
			for _, ev := range res.Evals {
				e.Curve = append(e.Curve, Point{Seconds: ev.Elapsed.Seconds(), Iter: ev.Iter, Epoch: ev.Epoch, TrainLoss: ev.Loss, TrainAcc: ev.Accuracy})
			}
			if e.FinalLoss < best {
				best, rr.Winner = e.FinalLoss, e.Method
			}
			e.ToTarget = -1
			for _, p := range e.Curve {
				if p.TrainLoss <= target {
					e.ToTarget = p.Seconds
					break
				}
			}
			if e.ToTarget >= 0 && e.ToTarget < fastest {
				fastest, rr.Fastest = e.ToTarget, e.Method
			}
		}
		reached := "not reached"
		if e.ToTarget >= 0 {
			reached = fmt.Sprintf("after %.1f s", e.ToTarget)
		}
		fmt.Printf("%s: %-14s %6d it %5.1f s  train loss %.4g (≤ %g %s)  test loss %.4f  test acc %.3f %s\n",
			task, e.Method, e.Iterations, e.Seconds, e.FinalLoss, target, reached, e.TestLoss, e.TestAcc, e.Error)
		rr.Entries = append(rr.Entries, e)
	}
	return rr, nil
}

func plotRace(rr RaceReport, path string) error {
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s, %d images", rr.Task, rr.Train)
	p.X.Label.Text = "wall time (s)"
	p.Y.Label.Text = "training loss"
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = plot.LogTicks{}
	p.Legend.Top = true
	colors := []color.RGBA{{R: 0xd6, G: 0x27, B: 0x28, A: 255}, {R: 0x1f, G: 0x77, B: 0xb4, A: 255}, {R: 0x2c, G: 0xa0, B: 0x2c, A: 255},
		{R: 0x94, G: 0x67, B: 0xbd, A: 255}, {R: 0xff, G: 0x7f, B: 0x0e, A: 255}, {R: 0x8c, G: 0x56, B: 0x4b, A: 255}}
	for i, e := range rr.Entries {
		var pts plotter.XYs
		for _, c := range e.Curve {
			if c.TrainLoss > 0 && !math.IsInf(c.TrainLoss, 0) && !math.IsNaN(c.TrainLoss) {
				pts = append(pts, plotter.XY{X: c.Seconds, Y: c.TrainLoss})
			}
		}
		if len(pts) == 0 {
			continue
		}
		l, err := plotter.NewLine(pts)
		if err != nil {
			return err
		}
		l.Color = colors[i%len(colors)]
		l.Width = vg.Points(1.5)
		p.Add(l)
		p.Legend.Add(e.Method, l)
	}
	return p.Save(7*vg.Inch, 4.5*vg.Inch, path)
}
