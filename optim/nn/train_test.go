package nn

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/hessnote/hessnote/optim"
	"github.com/hessnote/hessnote/optim/data"
)

// blobTask is a small deterministic classification task: 300 points in 5-D from 3
// Gaussian blobs, a 5-16-3 tanh network.
func blobTask(t testing.TB) (*Objective, []float64) {
	t.Helper()
	set := data.Blobs(300, 3, 5, 1.5, 3)
	net, err := MLP([]int{5, 16, 3}, Tanh, SoftmaxCrossEntropy)
	if err != nil {
		t.Fatal(err)
	}
	obj, err := NewObjective(net, set.X, set.Y)
	if err != nil {
		t.Fatal(err)
	}
	return obj, net.NewParams(1)
}

func TestMethodsDecreaseLoss(t *testing.T) {
	obj, theta := blobTask(t)
	f0 := obj.Func(theta)
	for _, tc := range []struct {
		m      Method
		factor float64 // final loss must be below factor·f0
	}{
		{HF{}, 1e-3},
		{HF{Precondition: true, CurvBatch: 100}, 5e-3},
		{KFAC{}, 0.05},
		{SVRG{LR: 0.2}, 0.1},
		{SQN{LR: 0.5}, 0.1},
		{AdaHessian{LR: 0.05}, 0.1},
		{SGD{LR: 0.3, Momentum: 0.9}, 0.1},
		{Adam{LR: 0.01}, 0.1},
	} {
		res, err := Train(context.Background(), tc.m, obj, theta, Settings{MaxIter: 60, BatchSize: 50, Seed: 7})
		if err != nil {
			t.Errorf("%s: %v", tc.m.Name(), err)
			continue
		}
		t.Logf("%-22s f0=%.4f final=%.5f ratio=%.4f evals f/g/Hv=%d/%d/%d", res.Method, f0, res.F, res.F/f0,
			res.Stats.FuncEvals, res.Stats.GradEvals, res.Stats.HessVecEvals)
		if !(res.F < tc.factor*f0) {
			t.Errorf("%s: loss %g → %g, want below %g·f0", res.Method, f0, res.F, tc.factor)
		}
		if len(res.History) != 61 || res.Status != optim.IterationLimit {
			t.Errorf("%s: %d history rows, status %v", res.Method, len(res.History), res.Status)
		}
	}
}

// TestSecondOrderBeatsSGD: on the same tiny deterministic problem and the same number of
// iterations, HF and K-FAC reach a lower training loss than tuned SGD.
func TestSecondOrderBeatsSGD(t *testing.T) {
	obj, theta := blobTask(t)
	s := Settings{MaxIter: 20, BatchSize: 300, Seed: 1}
	best := math.Inf(1)
	for _, lr := range []float64{0.1, 0.3, 1, 3} {
		res, err := Train(context.Background(), SGD{LR: lr, Momentum: 0.9}, obj, theta, s)
		if err != nil {
			t.Fatal(err)
		}
		best = min(best, res.F)
	}
	for _, m := range []Method{HF{}, KFAC{}} {
		res, err := Train(context.Background(), m, obj, theta, s)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %.5f vs best SGD %.5f", m.Name(), res.F, best)
		if !(res.F < best) {
			t.Errorf("%s: loss %g after 20 iterations, SGD reaches %g", m.Name(), res.F, best)
		}
	}
}

func TestTrainEvalsAndCancel(t *testing.T) {
	obj, theta := blobTask(t)
	test, _ := blobTask(t)
	res, err := Train(context.Background(), Adam{LR: 0.01}, obj, theta, Settings{MaxIter: 25, Test: test, EvalEvery: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Evals) != 4 || res.Evals[0].Iter != 0 || res.Evals[3].Iter != 25 {
		t.Fatalf("evals %+v", res.Evals)
	}
	if !(res.Evals[3].Loss < res.Evals[0].Loss) || !(res.Evals[3].Accuracy > 0.5) {
		t.Errorf("held-out loss %g → %g, accuracy %g", res.Evals[0].Loss, res.Evals[3].Loss, res.Evals[3].Accuracy)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err = Train(ctx, HF{}, obj, theta, Settings{MaxIter: 25})
	if err != nil || res.Status != optim.Canceled || len(res.History) != 1 {
		t.Errorf("canceled run: err %v status %v history %d", err, res.Status, len(res.History))
	}
	if _, err := Train(context.Background(), SGD{}, obj, theta[:3], Settings{}); !errors.Is(err, optim.ErrDimension) {
		t.Errorf("short theta: err %v", err)
	}
	// A NaN is a divergence wrapping a NumericError, not a panic or a silent NaN.
	bad := append([]float64(nil), theta...)
	bad[4] = math.NaN()
	res, err = Train(context.Background(), SGD{}, obj, bad, Settings{MaxIter: 10})
	var ne *optim.NumericError
	if !errors.As(err, &ne) || !errors.Is(err, optim.ErrDiverged) || res.Status != optim.Diverged {
		t.Errorf("NaN start: err %v status %v", err, res.Status)
	}
}

// TestDivergenceIsReported: every stochastic method with a step size far too large stops
// with Status Diverged, an error matching optim.ErrDiverged, and a finite best point no
// worse than ten times the start; so does a held-out loss that blows up.
func TestDivergenceIsReported(t *testing.T) {
	obj, theta := blobTask(t)
	f0 := obj.Func(theta)
	for _, m := range []Method{SGD{LR: 500}, SGD{LR: 50, Momentum: 0.9}, Adam{LR: 50}, SVRG{LR: 500}, SQN{LR: 500}, AdaHessian{LR: 500}} {
		res, err := Train(context.Background(), m, obj, theta, Settings{MaxIter: 200, BatchSize: 50, Seed: 3})
		if res == nil || !errors.Is(err, optim.ErrDiverged) || res.Status != optim.Diverged {
			t.Errorf("%s: err %v, result %v", m.Name(), err, res)
			continue
		}
		if !(res.F <= 10*f0) || len(res.History) > 200 {
			t.Errorf("%s: best point has f %g (start %g) after %d iterations", m.Name(), res.F, f0, len(res.History))
		}
	}
}

func TestFullBatchLBFGS(t *testing.T) {
	obj, theta := blobTask(t)
	f0 := obj.Func(theta)
	res, err := Train(context.Background(), FullBatch{Method: &optim.LBFGS{}}, obj, theta, Settings{MaxIter: 60, Test: obj, EvalEvery: 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %.4f → %.5f, %d evals", res.Method, f0, res.F, len(res.Evals))
	if !(res.F < 0.01*f0) {
		t.Errorf("L-BFGS: loss %g → %g", f0, res.F)
	}
	short, err := Train(context.Background(), FullBatch{Method: &optim.LBFGS{}}, obj, theta, Settings{MaxIter: 60, MaxTime: time.Nanosecond})
	if err != nil || short.Status != optim.TimeLimit || len(short.History) > 2 {
		t.Errorf("time limit: status %v, %d iterations, err %v", short.Status, len(short.History), err)
	}
	// Evaluations on the training objective itself agree with the recorded F.
	for _, ev := range res.Evals {
		if h := res.History[ev.Iter]; math.Abs(ev.Loss-h.F) > 1e-12*math.Abs(h.F) {
			t.Errorf("eval at %d: loss %g, History F %g", ev.Iter, ev.Loss, h.F)
		}
	}
}
