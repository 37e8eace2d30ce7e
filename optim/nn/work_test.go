package nn

import (
	"context"
	"math"
	"testing"

	"github.com/hessnote/hessnote/optim"
)

func TestWorkCountsAndPasses(t *testing.T) {
	obj, theta := blobTask(t) // 300 examples
	ctx := context.Background()
	res, err := Train(ctx, Adam{LR: 0.01}, obj, theta, Settings{MaxIter: 10, BatchSize: 50, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	// Iterations 0..10 each take one minibatch gradient; the final evaluation is not work.
	if want := (Work{Grad: 11 * 50}); res.Work != want {
		t.Errorf("Adam work %+v, want %+v", res.Work, want)
	}
	if got, want := res.Passes, 550.0/300; math.Abs(got-want) > 1e-12 {
		t.Errorf("Adam passes %g, want %g", got, want)
	}

	c := Costs{Func: 0.5, GGNVec: 2, Factors: 3, Precond: 0.25, Invert: 4}
	res, err = Train(ctx, KFAC{}, obj, theta, Settings{MaxIter: 10, BatchSize: 50, Seed: 1, Costs: c})
	if err != nil {
		t.Fatal(err)
	}
	w := res.Work
	if w.Grad != 550 || w.Factors != 500 || w.Func != 100 || w.GGNVec != 50*(1+2*9) || w.Precond != 10 || w.Invert != 3 {
		t.Errorf("K-FAC work %+v", w)
	}
	want := (w.Grad+0.5*w.Func+2*w.GGNVec+3*w.Factors)/300 + 0.25*float64(w.Precond) + 4*float64(w.Invert)
	if math.Abs(res.Passes-want) > 1e-12 || math.Abs(w.Passes(c, 300)-want) > 1e-12 {
		t.Errorf("K-FAC passes %g, want %g", res.Passes, want)
	}
	// Zero fields price per-example work like a gradient and K-FAC's algebra at nothing.
	if got, want := w.Passes(Costs{}, 300), (w.Grad+w.Func+w.GGNVec+w.Factors)/300; math.Abs(got-want) > 1e-12 {
		t.Errorf("default-cost passes %g, want %g", got, want)
	}

	res, err = Train(ctx, HF{CurvBatch: 100}, obj, theta, Settings{MaxIter: 3, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if res.Work.Grad != 4*300 || res.Work.GGNVec != 100*float64(res.Stats.HessVecEvals) || res.Work.Func < 3*100 {
		t.Errorf("HF work %+v, %d products", res.Work, res.Stats.HessVecEvals)
	}
}

func TestBudget(t *testing.T) {
	obj, theta := blobTask(t)
	ctx := context.Background()
	c := Costs{Func: 0.5, GGNVec: 1, HessVec: 1.2, Factors: 2, Precond: 0.1, Invert: 0.5}
	for _, tc := range []struct {
		m    Method
		over float64 // allowed overshoot in passes
	}{
		{Adam{LR: 0.01}, 0},
		{SGD{LR: 0.1}, 0},
		{AdaHessian{LR: 0.05}, 0.5},
		{SQN{LR: 0.5}, 1},
		{KFAC{}, 1},
		{HF{CurvBatch: 100}, 1.5},
		{FullBatch{Method: &optim.LBFGS{}, GradTol: -1}, 2},
	} {
		const budget = 6
		res, err := Train(ctx, tc.m, obj, theta, Settings{Budget: budget, Costs: c, BatchSize: 50, Seed: 2, Test: obj, EvalEvery: 1})
		if err != nil {
			t.Errorf("%s: %v", tc.m.Name(), err)
			continue
		}
		if res.Status != optim.EvaluationLimit {
			t.Errorf("%s: status %v, want %v", res.Method, res.Status, optim.EvaluationLimit)
		}
		if !(res.Passes >= budget-2 && res.Passes <= budget+tc.over) {
			t.Errorf("%s: %g passes for a budget of %d", res.Method, res.Passes, budget)
		}
		if got := res.Work.Passes(c, obj.Len()); got != res.Passes {
			t.Errorf("%s: Passes %g but Work prices at %g", res.Method, res.Passes, got)
		}
		prev := -1.0
		for _, e := range res.Evals {
			if e.Passes < prev || e.Passes > res.Passes || e.Passes != e.Work.Passes(c, obj.Len()) {
				t.Errorf("%s: eval at %g passes after %g (run %g)", res.Method, e.Passes, prev, res.Passes)
			}
			prev = e.Passes
		}
		t.Logf("%-20s %-16v %3d iterations %.3f passes", res.Method, res.Status, res.Stats.Iterations, res.Passes)
	}
}

func TestMeasureCosts(t *testing.T) {
	obj, theta := blobTask(t)
	c := MeasureCosts(context.Background(), obj, theta, 5)
	for name, v := range map[string]float64{"Func": c.Func, "GGNVec": c.GGNVec, "HessVec": c.HessVec,
		"Factors": c.Factors, "Precond": c.Precond, "Invert": c.Invert} {
		if !(v > 0) || math.IsInf(v, 0) {
			t.Errorf("%s cost %g", name, v)
		}
	}
	t.Logf("%+v", c)
}
