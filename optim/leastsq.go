package optim

import (
	"context"
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// LeastSquares is a nonlinear least-squares problem: minimize f(x) = ½‖r(x)‖² for
// residuals r: Rⁿ → Rᵐ. Give Residual and either Jacobian or the products JacVec and
// JacTVec; without any of them the Jacobian comes from finite differences of Residual.
// Evaluations of Residual count as function evaluations and Jacobian (or JacTVec) as
// gradient evaluations; JacVec counts as a Hessian-vector product.
type LeastSquares struct {
	// M is the number of residuals, Dim the number of variables.
	M, Dim int
	// Residual stores r(x) in r (length M).
	Residual func(r, x []float64)
	// Jacobian stores J(x) (M×Dim, J_ij = ∂r_i/∂x_j) in jac.
	Jacobian func(jac *mat.Dense, x []float64)
	// JacVec stores J(x)·v in jv (length M).
	JacVec func(jv, x, v []float64)
	// JacTVec stores J(x)ᵀ·w in jtw (length Dim).
	JacTVec func(jtw, x, w []float64)
}

// Problem returns the Problem f(x) = ½‖r(x)‖² with ∇f = Jᵀr, linked to ls through
// Problem.Residuals so Gauss-Newton and Levenberg-Marquardt can use the residuals.
// Any Method can minimize it; the Hessian, when a method needs one, comes from finite
// differences of ∇f. Without Jacobian or JacTVec the Problem has only Func, so the
// gradient comes from the Evaluator's finite differences, counted and with their error
// known to the stopping test (Result.GradErr). The returned functions share scratch
// space: do not call them concurrently.
func (ls *LeastSquares) Problem() Problem {
	r := make([]float64, ls.M)
	var jac *mat.Dense
	p := Problem{
		Dim:       ls.Dim,
		Residuals: ls,
		Func: func(x []float64) float64 {
			ls.Residual(r, x)
			return 0.5 * dot(r, r)
		},
	}
	if ls.JacTVec == nil && ls.Jacobian == nil {
		return p
	}
	p.FuncGrad = func(g, x []float64) float64 {
		ls.Residual(r, x)
		if ls.JacTVec != nil {
			ls.JacTVec(g, x, r)
		} else {
			if jac == nil {
				jac = mat.NewDense(ls.M, ls.Dim, nil)
			}
			ls.Jacobian(jac, x)
			mat.NewVecDense(ls.Dim, g).MulVec(jac.T(), mat.NewVecDense(ls.M, r))
		}
		return 0.5 * dot(r, r)
	}
	return p
}

func (ls *LeastSquares) validate(n int) error {
	if ls.Residual == nil {
		return fmt.Errorf("optim: LeastSquares without Residual")
	}
	if ls.M <= 0 || (ls.Dim != 0 && ls.Dim != n) {
		return fmt.Errorf("%w: LeastSquares has M=%d, Dim=%d for %d variables", ErrDimension, ls.M, ls.Dim, n)
	}
	return nil
}

// lsEval evaluates the residual side of a least-squares Problem, counting in ev's Stats.
type lsEval struct {
	ev  *Evaluator
	ls  *LeastSquares
	jac *mat.Dense // scratch for products formed from a dense Jacobian
	r0  []float64
}

func newLSEval(ev *Evaluator, name string) (*lsEval, error) {
	ls := ev.p.Residuals
	if ls == nil {
		return nil, fmt.Errorf("optim: %s needs Problem.Residuals (build the Problem with LeastSquares.Problem)", name)
	}
	if err := ls.validate(ev.Dim()); err != nil {
		return nil, err
	}
	return &lsEval{ev: ev, ls: ls, r0: make([]float64, ls.M)}, nil
}

// dense reports whether the method should work with the dense Jacobian.
func (l *lsEval) dense() bool {
	return l.ls.Jacobian != nil || l.ls.JacVec == nil || l.ls.JacTVec == nil
}

// residual evaluates r(x) (a function evaluation).
func (l *lsEval) residual(r, x []float64) error {
	if err := l.ev.check(x); err != nil {
		return err
	}
	l.ev.stats.FuncEvals++
	l.ls.Residual(r, x)
	return l.ev.vector("residual", r)
}

// jacobian evaluates J(x): exact (a gradient evaluation) or by forward differences of r
// (Dim residual evaluations, FDFuncEvals).
func (l *lsEval) jacobian(jac *mat.Dense, x []float64) error {
	if err := l.ev.check(x); err != nil {
		return err
	}
	if l.ls.Jacobian != nil {
		l.ev.stats.GradEvals++
		l.ls.Jacobian(jac, x)
	} else {
		l.fdJacobian(jac, x)
	}
	m, n := jac.Dims()
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			if v := jac.At(i, j); !finite(v) {
				return &NumericError{What: "Jacobian", Value: v, Index: i*n + j, Iter: l.ev.iter}
			}
		}
	}
	return nil
}

// fdJacobian forms J(x) by forward differences of r, column j with the step
// h_j = √ε·max(1, |x_j|) (N&W §8.1, eq. 8.4): Dim+1 residual evaluations (FDFuncEvals).
func (l *lsEval) fdJacobian(jac *mat.Dense, x []float64) {
	l.ls.Residual(l.r0, x)
	l.ev.stats.FDFuncEvals++
	m, n := jac.Dims()
	r1 := make([]float64, m)
	xp := append([]float64(nil), x...)
	for j := 0; j < n; j++ {
		h := fdStep(fdForwardRel, x[j])
		xp[j] = x[j] + h
		l.ev.stats.FDFuncEvals++
		l.ls.Residual(r1, xp)
		xp[j] = x[j]
		for i := 0; i < m; i++ {
			jac.Set(i, j, (r1[i]-l.r0[i])/h)
		}
	}
}

// jacVec sets jv = J(x)·v (a Hessian-vector-product evaluation).
func (l *lsEval) jacVec(jv, x, v []float64) error {
	if err := l.ev.check(x); err != nil {
		return err
	}
	l.ev.stats.HessVecEvals++
	l.ls.JacVec(jv, x, v)
	return l.ev.vector("Jacobian-vector product", jv)
}

// jacTVec sets g = J(x)ᵀ·w (a gradient evaluation).
func (l *lsEval) jacTVec(g, x, w []float64) error {
	if err := l.ev.check(x); err != nil {
		return err
	}
	l.ev.stats.GradEvals++
	l.ls.JacTVec(g, x, w)
	return l.ev.vector("Jacobian-transpose product", g)
}

// gaussNewtonSystem solves (JᵀJ + λI)p = −g: densely by Cholesky when jac is given
// (raising λ from 0 by doubling from 1e-12·max diag if JᵀJ is singular), else by CG
// with products J(Jᵀ·) (at most 2n steps, relative residual 1e-10). It returns the λ
// used and the CG steps.
func (l *lsEval) gaussNewtonSystem(ctx context.Context, jac *mat.Dense, x, g []float64, lambda float64, p []float64) (float64, int, error) {
	n := len(g)
	rhs := mat.NewVecDense(n, nil)
	for i := range g {
		rhs.SetVec(i, -g[i])
	}
	if jac != nil {
		var jtj mat.SymDense
		jtj.SymOuterK(1, jac.T())
		maxDiag := 0.0
		for i := 0; i < n; i++ {
			maxDiag = math.Max(maxDiag, jtj.At(i, i))
		}
		a := mat.NewSymDense(n, nil)
		var chol mat.Cholesky
		mu := lambda
		for try := 0; try < 80; try++ {
			a.CopySym(&jtj)
			for i := 0; i < n; i++ {
				a.SetSym(i, i, a.At(i, i)+mu)
			}
			if chol.Factorize(a) {
				if err := chol.SolveVecTo(mat.NewVecDense(n, p), rhs); err == nil {
					return mu, 0, nil
				}
			}
			mu = math.Max(2*mu, 1e-12*math.Max(maxDiag, 1e-300))
		}
		return mu, 0, fmt.Errorf("%w: JᵀJ + λI not positive definite", ErrBreakdown)
	}
	// Matrix-free CG on (JᵀJ + λI)p = −g.
	m := l.ls.M
	r, d, ad, jd := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, m)
	for i := range p {
		p[i] = 0
		r[i] = -g[i]
		d[i] = r[i]
	}
	rr := dot(r, r)
	tol := 1e-20 * rr
	k := 0
	for ; k < 2*n && rr > tol; k++ {
		if err := Done(ctx); err != nil {
			return lambda, k, err
		}
		if err := l.jacVec(jd, x, d); err != nil {
			return lambda, k, err
		}
		if err := l.jacTVec(ad, x, jd); err != nil {
			return lambda, k, err
		}
		axpy(ad, lambda, d, ad)
		dad := dot(d, ad)
		if dad <= 0 {
			break
		}
		alpha := rr / dad
		axpy(p, alpha, d, p)
		axpy(r, -alpha, ad, r)
		rr1 := dot(r, r)
		for i := range d {
			d[i] = r[i] + rr1/rr*d[i]
		}
		rr = rr1
	}
	if k == 0 {
		scale(p, -1, g)
	}
	return lambda, k, nil
}

// GaussNewton is the Gauss-Newton method with a line search for least squares (N&W
// §10.3): the step solves JᵀJ p = −Jᵀr (the Hessian approximated by JᵀJ, dropping
// Σ r_i∇²r_i), so each iteration needs residuals and a Jacobian, never second
// derivatives. Dense with LeastSquares.Jacobian, matrix-free CG with JacVec and JacTVec.
// A singular JᵀJ gets the smallest multiple of I that makes it factorable. Needs
// Problem.Residuals (see LeastSquares.Problem).
type GaussNewton struct {
	// LineSearch defaults to Backtracking{}.
	LineSearch LineSearcher
}

// LevenbergMarquardt is the Levenberg-Marquardt method for least squares (Levenberg
// 1944, Marquardt 1963; More, "The Levenberg-Marquardt algorithm: implementation and
// theory", 1978): the step solves (JᵀJ + λI)p = −Jᵀr and is accepted when the gain ratio
// ρ = (f − f(x+p)) / (½pᵀ(λp − Jᵀr)) is positive. By default λ follows Nielsen's rule
// (Madsen, Nielsen and Tingleff, "Methods for non-linear least squares problems", 2004,
// eq. 3.16): λ·max(⅓, 1 − (2ρ−1)³) on acceptance, λ·ν with ν doubling on rejection,
// λ₀ = 1e-3·max diag(JᵀJ). With Martens set it uses the rule of Martens (ICML 2010):
// ρ < ¼ → λ·3/2, ρ > ¾ → λ·2/3. Each Step loops (bounded) until a step is accepted.
type LevenbergMarquardt struct {
	// Lambda0 is the initial damping; default 1e-3·max diag(JᵀJ) (or 1e-3 matrix-free).
	Lambda0 float64
	// Martens selects the 3/2 and 2/3 damping rule.
	Martens bool
}

var (
	_ Method = (*GaussNewton)(nil)
	_ Method = (*LevenbergMarquardt)(nil)
)

// Name implements Method.
func (m *GaussNewton) Name() string { return "Gauss-Newton" + lineSearchName(m.LineSearch) }

// Name implements Method.
func (m *LevenbergMarquardt) Name() string {
	if m.Martens {
		return "Levenberg-Marquardt (Martens rule)"
	}
	return "Levenberg-Marquardt"
}

// Start implements Method.
func (m *GaussNewton) Start(ctx context.Context, ev *Evaluator, loc *Location) (Stepper, error) {
	l, err := newLSEval(ev, m.Name())
	if err != nil {
		return nil, err
	}
	ls := m.LineSearch
	if ls == nil {
		ls = Backtracking{}
	}
	d := &gnDir{l: l}
	if l.dense() {
		d.jac = mat.NewDense(l.ls.M, ev.Dim(), nil)
	}
	return newLineRun(ev, ls, d), nil
}

type gnDir struct {
	l   *lsEval
	jac *mat.Dense
}

func (d *gnDir) direction(ctx context.Context, loc *Location, dir []float64) (float64, StepInfo, error) {
	if d.jac != nil {
		if err := d.l.jacobian(d.jac, loc.X); err != nil {
			return 1, StepInfo{}, err
		}
	}
	mu, k, err := d.l.gaussNewtonSystem(ctx, d.jac, loc.X, loc.Grad, 0, dir)
	return 1, StepInfo{Damping: mu, Inner: k}, err
}

func (d *gnDir) update(*Location, []float64, []float64, []float64, []float64, float64) {}
func (d *gnDir) reset()                                                                {}

// Start implements Method.
func (m *LevenbergMarquardt) Start(ctx context.Context, ev *Evaluator, loc *Location) (Stepper, error) {
	l, err := newLSEval(ev, m.Name())
	if err != nil {
		return nil, err
	}
	n := ev.Dim()
	r := &lmRun{l: l, m: *m, nu: 2, lambda: m.Lambda0, p: make([]float64, n), xt: make([]float64, n),
		gt: make([]float64, n), fresh: true}
	if l.dense() {
		r.jac = mat.NewDense(l.ls.M, n, nil)
	}
	return r, nil
}

type lmRun struct {
	l          *lsEval
	m          LevenbergMarquardt
	jac        *mat.Dense
	lambda, nu float64
	p, xt, gt  []float64
	fresh      bool
}

// Step implements Stepper.
func (r *lmRun) Step(ctx context.Context, loc *Location) (StepInfo, error) {
	ev := r.l.ev
	if r.fresh && r.jac != nil {
		if err := r.l.jacobian(r.jac, loc.X); err != nil {
			return StepInfo{}, err
		}
	}
	r.fresh = false
	if r.lambda == 0 {
		r.lambda = 1e-3
		if r.jac != nil {
			maxDiag := 0.0
			_, n := r.jac.Dims()
			for j := 0; j < n; j++ {
				col := mat.Col(nil, j, r.jac)
				maxDiag = math.Max(maxDiag, dot(col, col))
			}
			if maxDiag > 0 {
				r.lambda = 1e-3 * maxDiag
			}
		}
	}
	info := StepInfo{}
	var numErr error
	for trial := 0; trial < 100; trial++ {
		if err := Done(ctx); err != nil {
			return info, err
		}
		lam, k, err := r.l.gaussNewtonSystem(ctx, r.jac, loc.X, loc.Grad, r.lambda, r.p)
		info.Inner += k
		if err != nil {
			return info, err
		}
		pred := 0.5 * (lam*dot(r.p, r.p) - dot(r.p, loc.Grad))
		axpy(r.xt, 1, r.p, loc.X)
		ft, err := ev.Func(r.xt)
		var ne *NumericError
		if errors.As(err, &ne) {
			ft, err, numErr = math.Inf(1), nil, err
		}
		if err != nil {
			return info, err
		}
		rho := (loc.F - ft) / pred
		if !(pred > 0) || !finite(rho) {
			rho = -1
		}
		if pred > 0 && pred <= 1e-15*math.Max(1, loc.F) && ft <= loc.F {
			rho = 1
		}
		if r.m.Martens {
			if rho < 0.25 {
				r.lambda *= 1.5
			} else if rho > 0.75 {
				r.lambda *= 2.0 / 3
			}
		} else if rho > 0 {
			r.lambda *= math.Max(1.0/3, 1-math.Pow(2*rho-1, 3))
			r.nu = 2
		} else {
			r.lambda *= r.nu
			r.nu *= 2
		}
		info.Damping = r.lambda
		if rho > 0 {
			if err := ev.Grad(r.gt, r.xt); err != nil {
				return info, err
			}
			copy(loc.X, r.xt)
			copy(loc.Grad, r.gt)
			loc.F = ft
			r.fresh = true
			return info, nil
		}
		if !finite(r.lambda) || r.lambda > 1e300 {
			break
		}
	}
	if numErr != nil {
		return info, fmt.Errorf("%w: Levenberg-Marquardt found no acceptable step (λ = %g): %w", ErrBreakdown, r.lambda, numErr)
	}
	return info, fmt.Errorf("%w: Levenberg-Marquardt found no acceptable step (λ = %g)", ErrBreakdown, r.lambda)
}
