package optim_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/hessnote/hessnote/optim"
	"github.com/hessnote/hessnote/optim/functions"
)

// counts are the calls a counting wrapper saw.
type counts struct{ fun, grad, hess, hessVec, res, jac int }

// variant is what a problem tells the method about its derivatives.
type variant int

const (
	exact    variant = iota // Func, Grad, Hess
	hessVec                 // Func, Grad, HessVec
	gradOnly                // Func, Grad
	funcOnly                // Func
)

var variantNames = [...]string{"exact", "HessVec", "Func+Grad", "Func only"}

// counted returns tp's problem at the given derivative level with every call counted in c.
func counted(tp functions.TestProblem, v variant, leastSquares bool, c *counts) optim.Problem {
	if leastSquares {
		src := tp.LeastSquares
		ls := &optim.LeastSquares{M: src.M, Dim: src.Dim,
			Residual: func(r, x []float64) { c.res++; src.Residual(r, x) }}
		if v != funcOnly {
			ls.Jacobian = func(j *mat.Dense, x []float64) { c.jac++; src.Jacobian(j, x) }
		}
		return ls.Problem()
	}
	base := tp.Problem
	n := len(tp.X0)
	p := optim.Problem{Dim: n, Func: func(x []float64) float64 { c.fun++; return base.Func(x) }}
	if v != funcOnly {
		p.Grad = func(g, x []float64) { c.grad++; base.Grad(g, x) }
	}
	switch v {
	case exact:
		p.Hess = func(h *mat.SymDense, x []float64) { c.hess++; base.Hess(h, x) }
	case hessVec:
		h := mat.NewSymDense(n, nil)
		p.HessVec = func(hv, x, w []float64) {
			c.hessVec++
			base.Hess(h, x)
			mat.NewVecDense(n, hv).MulVec(h, mat.NewVecDense(n, w))
		}
	}
	return p
}

func invariantMethods() []methodCase {
	ms := methodCases()
	for _, m := range []optim.Method{
		&optim.BFGS{LineSearch: optim.HagerZhang{}},
		&optim.CG{Variant: optim.HagerZhangCG, LineSearch: optim.HagerZhang{}},
		&optim.NewtonCG{LineSearch: optim.StrongWolfe{}},
		&optim.SGD{}, &optim.Momentum{}, &optim.Momentum{Nesterov: true}, &optim.Adam{},
	} {
		ms = append(ms, methodCase{m: m})
	}
	return ms
}

// usesCurvature reports whether m asks for second derivatives (so the HessVec variant
// tells something the exact one does not).
func usesCurvature(m optim.Method) bool {
	switch m := m.(type) {
	case *optim.Newton, *optim.NewtonCG:
		return true
	case *optim.TrustRegion:
		return m.Subproblem == optim.Steihaug
	}
	return false
}

// TestInvariants runs every method on every MGH problem, from the standard start and
// from 10·x0 (Moré, Garbow and Hillstrom's second start), with exact derivatives, and
// from the standard start with derivatives the problem does not give (HessVec only,
// Func and Grad, Func only), and checks what must hold for every run:
//   - a convergence status means the true gradient at Result.X meets the tolerance (for
//     finite-difference gradients within Result.GradErr), and Result.F, Result.Grad are
//     f and ∇f there;
//   - the Stats equal the calls a counting wrapper saw, and a problem with Hess but no
//     HessVec costs at most one Hessian per point and no Hessian-vector evaluations;
//   - Result.F is never above f(x0);
//   - an error comes exactly with Status Failure or Diverged; the limits hold.
func TestInvariants(t *testing.T) {
	type run struct {
		start   float64
		v       variant
		gradTol float64
	}
	runs := []run{{1, exact, 1e-6}, {1, exact, 1e-9}, {10, exact, 1e-6},
		{1, hessVec, 1e-6}, {1, gradOnly, 1e-6}, {1, funcOnly, 1e-6}}
	if testing.Short() {
		runs = runs[:1]
	}
	falseSuccess := 0
	for _, tp := range functions.Set() {
		n := len(tp.X0)
		for _, mc := range invariantMethods() {
			for _, rc := range runs {
				// The least-squares methods (slow test problems: residuals by dual numbers) run
				// from x0 at the default tolerance only, with each derivative level.
				if rc.v == hessVec && !usesCurvature(mc.m) || mc.leastSquares && (rc.start != 1 || rc.gradTol < 1e-6) {
					continue
				}
				x0 := make([]float64, n)
				for i, v := range tp.X0 {
					x0[i] = rc.start * v
				}
				var c counts
				p := counted(tp, rc.v, mc.leastSquares, &c)
				s := optim.Settings{GradTol: rc.gradTol, MaxIter: 200, MaxEvals: 5000}
				name := fmt.Sprintf("%s from %g·x0 / %s / %s / tol %g", tp.Name, rc.start, mc.m.Name(), variantNames[rc.v], rc.gradTol)
				res, err := optim.Minimize(context.Background(), p, x0, mc.m, s)
				if res == nil {
					t.Errorf("%s: nil result (%v)", name, err)
					continue
				}
				if (err != nil) != (res.Status == optim.Failure || res.Status == optim.Diverged) {
					t.Errorf("%s: error %v with status %v", name, err, res.Status)
				}
				if res.Status == optim.Diverged && !errors.Is(err, optim.ErrDiverged) {
					t.Errorf("%s: diverged with error %v", name, err)
				}
				st := res.Stats
				// Counts against the wrapper.
				if mc.leastSquares {
					if c.res != st.FuncEvals+st.FDFuncEvals || c.jac != st.GradEvals {
						t.Errorf("%s: %d residuals and %d Jacobians, Stats %+v", name, c.res, c.jac, st)
					}
				} else {
					if c.fun != st.FuncEvals+st.FDFuncEvals || c.grad != st.GradEvals+st.FDGradEvals ||
						c.hess != st.HessEvals || c.hessVec != st.HessVecEvals {
						t.Errorf("%s: wrapper saw %+v, Stats %+v", name, c, st)
					}
					if rc.v == exact && (st.HessVecEvals != 0 || st.HessEvals > 2*st.Iterations+2) {
						t.Errorf("%s: %d Hessians and %d Hessian-vector evaluations in %d iterations", name, st.HessEvals, st.HessVecEvals, st.Iterations)
					}
				}
				total := st.FuncEvals + st.GradEvals + st.HessEvals + st.HessVecEvals + st.FDFuncEvals + st.FDGradEvals
				if st.Iterations > s.MaxIter || (res.Status == optim.EvaluationLimit && total > s.MaxEvals+4*n*n+4*n) {
					t.Errorf("%s: %d iterations and %d evaluations exceed the limits", name, st.Iterations, total)
				}
				// Never worse than the start.
				if res.F > res.History[0].F {
					t.Errorf("%s: status %v, result f %g above the start %g", name, res.Status, res.F, res.History[0].F)
				}
				if !res.Status.Converged() {
					continue
				}
				// The returned point is what the result says, and it meets the tolerance.
				g := make([]float64, n)
				tp.Problem.Grad(g, res.X)
				gn := infNorm(g)
				if f := tp.Problem.Func(res.X); f != res.F && math.Abs(f-res.F) > 1e-12*math.Max(1, math.Abs(f)) {
					t.Errorf("%s: Result.F %g but f(Result.X) = %g", name, res.F, f)
				}
				if rc.v != funcOnly && infNorm(res.Grad) != gn && !mc.leastSquares {
					t.Errorf("%s: Result.Grad differs from ∇f(Result.X)", name)
				}
				allowed := rc.gradTol*(1+1e-9) + res.GradErr
				if mc.leastSquares {
					// ∇f = Jᵀr from the least-squares form: the same function, another
					// rounding.
					allowed += 1e-12 * math.Max(1, math.Abs(res.F))
				}
				if gn > allowed {
					falseSuccess++
					t.Errorf("%s: status %v but ‖∇f(X)‖∞ = %.3g > %.3g (GradErr %.3g)", name, res.Status, gn, rc.gradTol, res.GradErr)
				}
			}
		}
	}
	if falseSuccess > 0 {
		t.Errorf("%d false successes", falseSuccess)
	}
}

// TestFalseSuccessCases are the three cases of issue 14 that reported convergence at a
// point whose gradient failed the test.
func TestFalseSuccessCases(t *testing.T) {
	bd := functions.BrownAndDennis()
	for _, c := range []struct {
		m   optim.Method
		tol float64
	}{{&optim.BFGS{LineSearch: optim.HagerZhang{}}, 1e-9}, {&optim.CG{Variant: optim.HagerZhangCG, LineSearch: optim.HagerZhang{}}, 1e-6}} {
		res, _ := optim.Minimize(context.Background(), bd.Problem, bd.X0, c.m, optim.Settings{GradTol: c.tol})
		g := make([]float64, 4)
		bd.Problem.Grad(g, res.X)
		if res.Status.Converged() && infNorm(g) > c.tol {
			t.Errorf("Brown and Dennis / %s: %v with ‖∇f‖∞ = %g", c.m.Name(), res.Status, infNorm(g))
		}
	}
	// Momentum on (x² − 1)² + 0.3x from −2 overshoots into the right basin: whatever it
	// reports, a convergence status must hold at the returned x.
	dw := optim.Problem{
		Func: func(x []float64) float64 { return (x[0]*x[0]-1)*(x[0]*x[0]-1) + 0.3*x[0] },
		Grad: func(g, x []float64) { g[0] = 4*x[0]*(x[0]*x[0]-1) + 0.3 },
	}
	res, err := optim.Minimize(context.Background(), dw, []float64{-2}, &optim.Momentum{LearningRate: 0.05}, optim.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	if g := 4*res.X[0]*(res.X[0]*res.X[0]-1) + 0.3; res.Status.Converged() && math.Abs(g) > 1e-6 {
		t.Errorf("momentum double well: %v at x = %g with f' = %g", res.Status, res.X[0], g)
	}
	// Brown badly scaled with only Func: the per-coordinate steps resolve ∂f/∂x₂ at
	// x₁ = 1e6, so a converged BFGS or L-BFGS run meets the true tolerance.
	bbs := functions.BrownBadlyScaled()
	for _, m := range []optim.Method{&optim.BFGS{}, &optim.LBFGS{}} {
		res, _ := optim.Minimize(context.Background(), optim.Problem{Func: bbs.Problem.Func}, bbs.X0, m, optim.Settings{})
		g := make([]float64, 2)
		bbs.Problem.Grad(g, res.X)
		if !res.Status.Converged() || infNorm(g) > 1e-6+res.GradErr || res.GradErr > 1e-6 {
			t.Errorf("Brown badly scaled, Func only / %s: %v, ‖∇f‖∞ = %g, GradErr %g", m.Name(), res.Status, infNorm(g), res.GradErr)
		}
	}
	// Newton-CG on Wood with Hess only: one Hessian per iterate, counted as such.
	w := functions.Wood()
	res, err = optim.Minimize(context.Background(), w.Problem, w.X0, &optim.NewtonCG{}, optim.Settings{})
	if err != nil || res.Stats.HessVecEvals != 0 || res.Stats.HessEvals == 0 || res.Stats.HessEvals > res.Stats.Iterations+1 {
		t.Errorf("Newton-CG on Wood: err %v, %d Hessians, %d products, %d iterations", err, res.Stats.HessEvals, res.Stats.HessVecEvals, res.Stats.Iterations)
	}
}
