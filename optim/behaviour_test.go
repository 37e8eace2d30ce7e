package optim_test

import (
	"context"
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/hessnote/hessnote/optim"
	"github.com/hessnote/hessnote/optim/functions"
)

func allMethods() []optim.Method {
	var ms []optim.Method
	for _, mc := range methodCases() {
		ms = append(ms, mc.m)
	}
	return append(ms, &optim.SGD{}, &optim.Momentum{}, &optim.Momentum{Nesterov: true}, &optim.Adam{})
}

// firstOrder reports whether m is a method without a line search or trust region.
func firstOrder(m optim.Method) bool {
	switch m.(type) {
	case *optim.SGD, *optim.Momentum, *optim.Adam:
		return true
	}
	return false
}

// problemFor gives a least-squares method the residual form of tp.
func problemFor(m optim.Method, tp functions.TestProblem) optim.Problem {
	switch m.(type) {
	case *optim.GaussNewton, *optim.LevenbergMarquardt:
		return tp.LeastSquares.Problem()
	}
	return tp.Problem
}

// TestNaNObjective: f turns NaN after a few evaluations. Every method must stop with
// a *NumericError and the best finite point seen: Status Failure, or Diverged (the error
// a *DivergenceError wrapping it) for the methods without a safeguard.
func TestNaNObjective(t *testing.T) {
	for _, m := range allMethods() {
		tp := functions.Rosenbrock("Rosenbrock 2-D", []float64{-1.2, 1})
		base := problemFor(m, tp)
		calls := 0
		p := base
		p.Func = func(x []float64) float64 {
			calls++
			if calls > 12 {
				return math.NaN()
			}
			return base.Func(x)
		}
		if base.FuncGrad != nil {
			p.FuncGrad = func(g, x []float64) float64 {
				f := base.FuncGrad(g, x)
				calls++
				if calls > 12 {
					return math.NaN()
				}
				return f
			}
		}
		res, err := optim.Minimize(context.Background(), p, tp.X0, m, optim.Settings{})
		var ne *optim.NumericError
		if !errors.As(err, &ne) {
			t.Errorf("%s: got error %v, want *NumericError", m.Name(), err)
			continue
		}
		if ne.What != "f" || !math.IsNaN(ne.Value) {
			t.Errorf("%s: NumericError %+v", m.Name(), ne)
		}
		want := optim.Failure
		if firstOrder(m) {
			want = optim.Diverged
			if !errors.Is(err, optim.ErrDiverged) {
				t.Errorf("%s: error %v is not ErrDiverged", m.Name(), err)
			}
		}
		if res == nil || res.Status != want {
			t.Fatalf("%s: result %+v, want status %v", m.Name(), res, want)
		}
		best := math.Inf(1)
		for _, it := range res.History {
			best = math.Min(best, it.F)
		}
		if math.IsNaN(res.F) || res.F != best || res.F > 24.2 {
			t.Errorf("%s: result f %g, best recorded %g", m.Name(), res.F, best)
		}
		if f := base.Func(res.X); f != res.F {
			t.Errorf("%s: f(Result.X) = %g, Result.F = %g", m.Name(), f, res.F)
		}
	}
}

// TestNaNRegionLineSearch: f is NaN beyond |x| > 3; line searches treat that as +Inf and
// shrink the step, so BFGS still reaches the minimum at 1.
func TestNaNRegionLineSearch(t *testing.T) {
	p := optim.Problem{
		Func: func(x []float64) float64 {
			if math.Abs(x[0]) > 3 {
				return math.NaN()
			}
			return (x[0] - 1) * (x[0] - 1)
		},
		Grad: func(g, x []float64) { g[0] = 2 * (x[0] - 1) },
	}
	for _, ls := range []optim.LineSearcher{optim.Backtracking{}, optim.StrongWolfe{}, optim.MoreThuente{}, optim.HagerZhang{}} {
		m := &optim.GradientDescent{LineSearch: ls}
		res, err := optim.Minimize(context.Background(), p, []float64{-2.9}, m, optim.Settings{GradTol: 1e-8})
		if err != nil || math.Abs(res.X[0]-1) > 1e-6 {
			t.Errorf("%s: x = %v, err %v", m.Name(), res.X, err)
		}
	}
}

func TestDimensionMismatch(t *testing.T) {
	tp := functions.Wood()
	for _, m := range allMethods() {
		p := problemFor(m, tp)
		if _, err := optim.Minimize(context.Background(), p, []float64{1, 2, 3}, m, optim.Settings{}); !errors.Is(err, optim.ErrDimension) {
			t.Errorf("%s: got %v, want ErrDimension", m.Name(), err)
		}
	}
	// A gradient of the wrong length inside a method is caught by the Evaluator.
	ev := optim.NewEvaluator(tp.Problem, 4, 0)
	if err := ev.Grad(make([]float64, 3), tp.X0); !errors.Is(err, optim.ErrDimension) {
		t.Errorf("Evaluator.Grad: got %v", err)
	}
	if err := ev.Hess(mat.NewSymDense(2, nil), tp.X0); !errors.Is(err, optim.ErrDimension) {
		t.Errorf("Evaluator.Hess: got %v", err)
	}
}

// TestZeroGradientAtStart: at a stationary start every method stops at once with
// GradientThreshold, even where the Hessian is indefinite (a saddle).
func TestZeroGradientAtStart(t *testing.T) {
	saddle := optim.Problem{
		Func: func(x []float64) float64 { return x[0]*x[0] - x[1]*x[1] },
		Grad: func(g, x []float64) { g[0], g[1] = 2*x[0], -2*x[1] },
	}
	tp := functions.Wood()
	for _, m := range allMethods() {
		p, x0 := saddle, []float64{0, 0}
		if _, ok := m.(*optim.GaussNewton); ok {
			p, x0 = tp.LeastSquares.Problem(), []float64{1, 1, 1, 1}
		}
		if _, ok := m.(*optim.LevenbergMarquardt); ok {
			p, x0 = tp.LeastSquares.Problem(), []float64{1, 1, 1, 1}
		}
		res, err := optim.Minimize(context.Background(), p, x0, m, optim.Settings{})
		if err != nil || res.Status != optim.GradientThreshold || res.Stats.Iterations != 0 || len(res.History) != 1 {
			t.Errorf("%s: status %v after %d iterations, err %v", m.Name(), res.Status, res.Stats.Iterations, err)
		}
	}
}

// TestCancellation: canceling the context from the callback after three iterations
// returns the partial result with Status Canceled; so does the installed interrupt.
func TestCancellation(t *testing.T) {
	tp := functions.Rosenbrock("Rosenbrock 5-D", []float64{1.3, 0.7, 0.8, 1.9, 1.2})
	for _, m := range allMethods() {
		p := problemFor(m, tp)
		ctx, cancel := context.WithCancel(context.Background())
		s := optim.Settings{GradTol: 1e-12, Callback: func(it optim.Iteration) bool {
			if it.Iter == 3 {
				cancel()
			}
			return true
		}}
		res, err := optim.Minimize(ctx, p, tp.X0, m, s)
		cancel()
		if err != nil || res == nil || res.Status != optim.Canceled || len(res.History) != 4 || res.Stats.Iterations != 3 {
			t.Errorf("%s: err %v, result %v", m.Name(), err, res)
			continue
		}
		if res.X == nil || res.F > res.History[0].F && m.Name()[:3] != "SGD" {
			t.Errorf("%s: partial result f %g", m.Name(), res.F)
		}
	}
	// The interrupt installed by a host stops a run given context.Background().
	ictx, icancel := context.WithCancel(context.Background())
	optim.SetInterrupt(ictx)
	defer optim.SetInterrupt(nil)
	s := optim.Settings{GradTol: 1e-12, Callback: func(it optim.Iteration) bool {
		if it.Iter == 2 {
			icancel()
		}
		return true
	}}
	res, err := optim.Minimize(context.Background(), tp.Problem, tp.X0, &optim.BFGS{}, s)
	if err != nil || res.Status != optim.Canceled || res.Stats.Iterations != 2 {
		t.Errorf("interrupt: err %v, status %v, iterations %d", err, res.Status, res.Stats.Iterations)
	}
}

// TestBounded: every method stops within the iteration and evaluation limits, on a
// problem none of them solves within those limits, and stops with the callback.
func TestBounded(t *testing.T) {
	tp := functions.BealeHard()
	for _, m := range allMethods() {
		p := problemFor(m, tp)
		for _, s := range []optim.Settings{{GradTol: 1e-14, MaxIter: 25}, {GradTol: 1e-14, MaxEvals: 60}} {
			res, err := optim.Minimize(context.Background(), p, tp.X0, m, s)
			if err != nil {
				// A failure is allowed (for example a collapsed trust region) but must
				// come with the best point.
				if res == nil || res.X == nil {
					t.Errorf("%s: error %v without a result", m.Name(), err)
				}
				continue
			}
			st := res.Stats
			total := st.FuncEvals + st.GradEvals + st.HessEvals + st.HessVecEvals + st.FDFuncEvals + st.FDGradEvals
			switch {
			case s.MaxIter > 0 && (res.Status != optim.IterationLimit || st.Iterations != 25):
				t.Errorf("%s: status %v after %d iterations", m.Name(), res.Status, st.Iterations)
			case s.MaxEvals > 0 && (res.Status != optim.EvaluationLimit || total > 61):
				t.Errorf("%s: status %v after %d evaluations", m.Name(), res.Status, total)
			}
		}
		res, _ := optim.Minimize(context.Background(), p, tp.X0, m, optim.Settings{Callback: func(it optim.Iteration) bool { return it.Iter < 2 }})
		if firstOrder(m) && res.Status == optim.Diverged {
			continue // η = 1e-3 is too large on this start: divergence is reported first
		}
		if res.Status != optim.CallbackStop || res.Stats.Iterations != 2 {
			t.Errorf("%s: callback stop gave %v after %d", m.Name(), res.Status, res.Stats.Iterations)
		}
	}
}

// TestFiniteDifferences: missing derivatives come from finite differences, counted
// apart, and still lead to the minimum.
func TestFiniteDifferences(t *testing.T) {
	tp := functions.HelicalValley()
	funcOnly := optim.Problem{Func: tp.Problem.Func}
	gradOnly := optim.Problem{Func: tp.Problem.Func, Grad: tp.Problem.Grad}
	cases := []struct {
		p      optim.Problem
		m      optim.Method
		fdFunc bool
		fdGrad bool
	}{
		{funcOnly, &optim.BFGS{}, true, false},
		{funcOnly, &optim.Newton{}, true, false},
		{gradOnly, &optim.Newton{}, false, true},
		{gradOnly, &optim.TrustRegion{}, false, true},
		{gradOnly, &optim.NewtonCG{}, false, true},
		{gradOnly, &optim.TrustRegion{Subproblem: optim.Steihaug}, false, true},
	}
	for _, c := range cases {
		res, err := optim.Minimize(context.Background(), c.p, tp.X0, c.m, optim.Settings{GradTol: 1e-5})
		if err != nil || !tp.Reached(res.F) {
			t.Errorf("%s: f = %g, err %v", c.m.Name(), res.F, err)
			continue
		}
		st := res.Stats
		if (st.FDFuncEvals > 0) != c.fdFunc || (st.FDGradEvals > 0) != c.fdGrad || st.HessEvals != 0 {
			t.Errorf("%s: counts %+v", c.m.Name(), st)
		}
	}
	// Evaluator derivatives by differences agree with the exact ones.
	x := []float64{-0.7, 0.4, 0.3}
	n := 3
	exact := optim.NewEvaluator(tp.Problem, n, 0)
	for _, p := range []optim.Problem{funcOnly, gradOnly} {
		ev := optim.NewEvaluator(p, n, 0)
		g, ge := make([]float64, n), make([]float64, n)
		if err := ev.Grad(g, x); err != nil {
			t.Fatal(err)
		}
		_ = exact.Grad(ge, x)
		h, he := mat.NewSymDense(n, nil), mat.NewSymDense(n, nil)
		_ = ev.Hess(h, x)
		_ = exact.Hess(he, x)
		v := []float64{0.3, -1, 2}
		hv, hve := make([]float64, n), make([]float64, n)
		_ = ev.HessVec(hv, x, v)
		_ = exact.HessVec(hve, x, v)
		for i := 0; i < n; i++ {
			if math.Abs(g[i]-ge[i]) > 1e-6*math.Max(1, math.Abs(ge[i])) {
				t.Errorf("gradient[%d] %g vs %g", i, g[i], ge[i])
			}
			if math.Abs(hv[i]-hve[i]) > 1e-4*math.Max(1, math.Abs(hve[i])) {
				t.Errorf("Hv[%d] %g vs %g", i, hv[i], hve[i])
			}
			for j := 0; j < n; j++ {
				if math.Abs(h.At(i, j)-he.At(i, j)) > 1e-3*math.Max(1, math.Abs(he.At(i, j))) {
					t.Errorf("H[%d,%d] %g vs %g", i, j, h.At(i, j), he.At(i, j))
				}
			}
		}
	}
}

// TestFirstOrderBaselines: SGD, momentum, Nesterov and Adam on an ill-conditioned
// quadratic ½(x₁² + 10x₂²) reach the minimum with a suitable rate, and a too-large
// rate diverges into a NumericError (overflow) with the best point kept.
func TestFirstOrderBaselines(t *testing.T) {
	p := optim.Problem{
		Func: func(x []float64) float64 { return 0.5 * (x[0]*x[0] + 10*x[1]*x[1]) },
		Grad: func(g, x []float64) { g[0], g[1] = x[0], 10*x[1] },
	}
	x0 := []float64{1, 1}
	for _, m := range []optim.Method{&optim.SGD{LearningRate: 0.15}, &optim.Momentum{LearningRate: 0.05},
		&optim.Momentum{LearningRate: 0.05, Nesterov: true}, &optim.Adam{LearningRate: 0.05}} {
		res, err := optim.Minimize(context.Background(), p, x0, m, optim.Settings{GradTol: 1e-6, MaxIter: 5000})
		if err != nil || res.Status != optim.GradientThreshold || math.Hypot(res.X[0], res.X[1]) > 1e-5 {
			t.Errorf("%s: %v at %v (%d iterations), err %v", m.Name(), res.Status, res.X, res.Stats.Iterations, err)
		}
		if res.History[1].Damping == 0 {
			t.Errorf("%s: learning rate not recorded", m.Name())
		}
	}
	huge := optim.Problem{
		Func: func(x []float64) float64 { return math.Exp(x[0]) + x[0]*x[0] },
		Grad: func(g, x []float64) { g[0] = math.Exp(x[0]) + 2*x[0] },
	}
	res, err := optim.Minimize(context.Background(), huge, []float64{-3}, &optim.SGD{LearningRate: 50}, optim.Settings{})
	var de *optim.DivergenceError
	if !errors.As(err, &de) || res.Status != optim.Diverged || res.F != res.History[0].F || de.Iter != 1 {
		t.Errorf("diverging SGD: err %v, result %+v", err, res)
	}
	// With the threshold disabled the same run overflows: still Diverged, now wrapping
	// the *NumericError.
	res, err = optim.Minimize(context.Background(), huge, []float64{-3}, &optim.SGD{LearningRate: 50}, optim.Settings{DivergeFactor: -1})
	var ne *optim.NumericError
	if !errors.As(err, &ne) || !errors.Is(err, optim.ErrDiverged) || res.Status != optim.Diverged || math.IsInf(res.F, 0) {
		t.Errorf("overflowing SGD: err %v, result %+v", err, res)
	}
}

// TestLeastSquaresMatrixFree: Gauss-Newton and Levenberg-Marquardt with only J·v and
// Jᵀ·w products reach the minima the dense versions reach.
func TestLeastSquaresMatrixFree(t *testing.T) {
	for _, tp := range []functions.TestProblem{functions.Rosenbrock("Rosenbrock 2-D", []float64{-1.2, 1}), functions.HelicalValley(), functions.Box3D()} {
		dense := tp.LeastSquares
		n := dense.Dim
		jac := mat.NewDense(dense.M, n, nil)
		free := &optim.LeastSquares{M: dense.M, Dim: n, Residual: dense.Residual,
			JacVec: func(jv, x, v []float64) {
				dense.Jacobian(jac, x)
				mat.NewVecDense(dense.M, jv).MulVec(jac, mat.NewVecDense(n, v))
			},
			JacTVec: func(jtw, x, w []float64) {
				dense.Jacobian(jac, x)
				mat.NewVecDense(n, jtw).MulVec(jac.T(), mat.NewVecDense(dense.M, w))
			},
		}
		for _, m := range []optim.Method{&optim.GaussNewton{}, &optim.LevenbergMarquardt{}} {
			res, err := optim.Minimize(context.Background(), free.Problem(), tp.X0, m, optim.Settings{GradTol: 1e-6})
			if err != nil || !tp.Reached(res.F) {
				t.Errorf("%s / %s matrix-free: f = %g, err %v", tp.Name, m.Name(), res.F, err)
			}
			if res.Stats.HessVecEvals == 0 {
				t.Errorf("%s / %s: no Jacobian-vector products counted", tp.Name, m.Name())
			}
		}
	}
	// Without Residuals the least-squares methods refuse the problem.
	if _, err := optim.Minimize(context.Background(), functions.Wood().Problem, []float64{-3, -1, -3, -1}, &optim.GaussNewton{}, optim.Settings{}); err == nil {
		t.Error("Gauss-Newton ran without residuals")
	}
}
