package optim

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// Relative finite-difference steps. Each coordinate gets its own step
// h_i = rel·max(1, |x_i|), so a variable of size 1e6 and one of size 2e-6 are both
// perturbed in proportion (N&W §8.1: forward differences balance truncation O(h) against
// rounding O(ε/h) at h ≈ √ε, central differences, truncation O(h²), at h ≈ ε^⅓; second
// differences of f at h ≈ ε^¼).
const (
	fdForwardRel = 1.4901161193847656e-08 // √ε
	fdCentralRel = 6.055454452393343e-06  // ε^⅓
	fdSecondRel  = 1.220703125e-04        // ε^¼
	machEps      = 2.220446049250313e-16
)

// fdStep returns the step for coordinate value xi, rounded so that (xi + h) − xi = h
// exactly (N&W §8.1; Gill, Murray and Wright, Practical Optimization, §8.6), which
// removes the representation error of the step itself.
func fdStep(rel, xi float64) float64 {
	h := rel * math.Max(1, math.Abs(xi))
	return (xi + h) - xi
}

// fdGradient stores the central-difference gradient of f at x in grad, with the step
// h_i = rel·max(1, |x_i|) for coordinate i (2n evaluations of f, counted as FDFuncEvals),
// and returns an estimate of ‖grad − ∇f‖∞ from rounding: 4ε(|f(x+h_i e_i)| +
// |f(x−h_i e_i)|)/(2h_i), the error of the difference when f is computed to a few ulps.
// Truncation (h_i²|∂³f|/6) is estimated apart, where the result matters, by gradError.
func (e *Evaluator) fdGradient(grad, x []float64, rel float64) float64 {
	xp := e.fdX(x)
	worst := 0.0
	for i := range x {
		var round float64
		grad[i], round = e.central(xp, i, fdStep(rel, x[i]))
		worst = math.Max(worst, round)
	}
	return worst
}

// central returns the central difference of f along coordinate i at xp (restored
// afterwards) with step h, and its rounding error 4ε(|f(x+h)| + |f(x−h)|)/(2h).
func (e *Evaluator) central(xp []float64, i int, h float64) (d, round float64) {
	xi := xp[i]
	xp[i] = xi + h
	fp := e.rawFunc(xp, true)
	xp[i] = xi - h
	fm := e.rawFunc(xp, true)
	xp[i] = xi
	return (fp - fm) / (2 * h), 4 * machEps * (math.Abs(fp) + math.Abs(fm)) / (2 * h)
}

// fdX returns scratch holding a copy of x.
func (e *Evaluator) fdX(x []float64) []float64 {
	if len(e.fdScratch) != len(x) {
		e.fdScratch = make([]float64, len(x))
	}
	copy(e.fdScratch, x)
	return e.fdScratch
}

// FDGradient reports whether gradients come from finite differences of f (the problem
// has neither Grad nor FuncGrad).
func (e *Evaluator) FDGradient() bool { return e.p.Grad == nil && e.p.FuncGrad == nil }

// GradError returns a bound on ‖g − ∇f(x)‖∞ for a gradient g that Grad returned at x: 0
// when the gradient is exact; for finite differences the Richardson estimate
// |D(2h) − D(h)| per coordinate (the truncation error of D(h) is a third of it when it
// dominates, N&W §8.1), plus the rounding estimate of both differences. It costs 2n
// evaluations of f (FDFuncEvals), so Minimize calls it only where a convergence test is
// about to pass.
func (e *Evaluator) GradError(x, g []float64) (float64, error) {
	if !e.FDGradient() {
		return 0, nil
	}
	if err := e.check(x); err != nil {
		return math.NaN(), err
	}
	if len(g) != e.n {
		return math.NaN(), ErrDimension
	}
	d2 := make([]float64, e.n)
	xp := e.fdX(x)
	worst := 0.0
	for i := range x {
		var round float64
		d2[i], round = e.central(xp, i, fdStep(rel2(x[i]), x[i]))
		// round is that of D(2h); D(h)'s is about twice as large.
		worst = math.Max(worst, math.Abs(d2[i]-g[i])+3*round)
	}
	if err := e.vector("gradient", d2); err != nil {
		return math.NaN(), err
	}
	return worst, nil
}

// rel2 is the relative step that doubles the central-difference step at xi.
func rel2(xi float64) float64 { return 2 * fdStep(fdCentralRel, xi) / math.Max(1, math.Abs(xi)) }

// fdHessFromGrad forms ∇²f by central differences of the gradient, column j with the
// step h_j = ε^⅓·max(1, |x_j|) (2n gradients, FDGradEvals), then symmetrizes.
func (e *Evaluator) fdHessFromGrad(hess *mat.SymDense, x []float64) {
	n := e.n
	jac := mat.NewDense(n, n, nil)
	xp := e.fdX(x)
	gp, gm := make([]float64, n), make([]float64, n)
	for j := 0; j < n; j++ {
		h := fdStep(fdCentralRel, x[j])
		xp[j] = x[j] + h
		e.rawGrad(gp, xp)
		xp[j] = x[j] - h
		e.rawGrad(gm, xp)
		xp[j] = x[j]
		for i := 0; i < n; i++ {
			jac.Set(i, j, (gp[i]-gm[i])/(2*h))
		}
	}
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			hess.SetSym(i, j, 0.5*(jac.At(i, j)+jac.At(j, i)))
		}
	}
}

// fdHessFromFunc forms ∇²f by central second differences of f with steps
// h_i = ε^¼·max(1, |x_i|): four evaluations per entry of the upper triangle
// (FDFuncEvals), (f(x+h_i e_i+h_j e_j) − f(x+h_i e_i−h_j e_j) − f(x−h_i e_i+h_j e_j)
// + f(x−h_i e_i−h_j e_j)) / (4h_i h_j), the formula gonum's fd.Hessian uses.
func (e *Evaluator) fdHessFromFunc(hess *mat.SymDense, x []float64) {
	n := e.n
	xp := e.fdX(x)
	hs := make([]float64, n)
	for i := range hs {
		hs[i] = fdStep(fdSecondRel, x[i])
	}
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			var s float64
			for _, sg := range [4][3]float64{{1, 1, 1}, {1, -1, -1}, {-1, 1, -1}, {-1, -1, 1}} {
				xp[i] += sg[0] * hs[i]
				xp[j] += sg[1] * hs[j]
				s += sg[2] * e.rawFunc(xp, true)
				xp[i], xp[j] = x[i], x[j]
			}
			hess.SetSym(i, j, s/(4*hs[i]*hs[j]))
		}
	}
}

// fdHessVec sets hv ≈ ∇²f(x)·v by central differences of the gradient along v with one
// step t chosen so that no coordinate moves by more than its own step: t·|v_i| ≤ h_i,
// t = min_i h_i/|v_i| with h_i = ε^⅓·max(1, |x_i|) (ε^¼ when the gradient itself is a
// difference of f). Two gradients (FDGradEvals, or FDFuncEvals for differenced gradients).
func (e *Evaluator) fdHessVec(hv, x, v []float64) {
	rel := fdCentralRel
	if e.FDGradient() {
		rel = fdSecondRel
	}
	t := math.Inf(1)
	for i, vi := range v {
		if vi != 0 {
			t = math.Min(t, rel*math.Max(1, math.Abs(x[i]))/math.Abs(vi))
		}
	}
	if math.IsInf(t, 1) {
		clear(hv)
		return
	}
	xp, gm := e.tmp, e.tmp2
	for i := range xp {
		xp[i] = x[i] + t*v[i]
	}
	e.rawGrad(hv, xp)
	for i := range xp {
		xp[i] = x[i] - t*v[i]
	}
	e.rawGrad(gm, xp)
	for i := range hv {
		hv[i] = (hv[i] - gm[i]) / (2 * t)
	}
}

// rawGrad evaluates the gradient for finite differences, counted in FDGradEvals (or
// FDFuncEvals when the gradient itself comes from differences of f).
func (e *Evaluator) rawGrad(g, x []float64) {
	switch {
	case e.p.Grad != nil:
		e.stats.FDGradEvals++
		e.p.Grad(g, x)
	case e.p.FuncGrad != nil:
		e.stats.FDGradEvals++
		e.p.FuncGrad(g, x)
	default:
		// x may be the scratch fdGradient uses; difference a copy.
		xc := append([]float64(nil), x...)
		e.fdGradient(g, xc, fdCentralRel)
	}
}

// hessAt reports whether the cached Hessian was evaluated at x.
func (e *Evaluator) hessAt(x []float64) bool {
	if !e.hessOK || len(e.hessX) != len(x) {
		return false
	}
	for i, v := range x {
		if e.hessX[i] != v {
			return false
		}
	}
	return true
}

// cacheHess keeps a copy of a Hessian evaluated at x for later products there.
func (e *Evaluator) cacheHess(h *mat.SymDense, x []float64) {
	if e.hess == nil {
		e.hess = mat.NewSymDense(e.n, nil)
	}
	e.hess.CopySym(h)
	e.hessX = append(e.hessX[:0], x...)
	e.hessOK = true
}
