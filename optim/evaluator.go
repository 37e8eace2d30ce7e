package optim

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// errEvalLimit is returned by an Evaluator once Settings.MaxEvals evaluations are spent;
// Minimize turns it into Status EvaluationLimit.
var errEvalLimit = errors.New("optim: evaluation limit reached")

// Evaluator evaluates a Problem for a Method: it counts every evaluation in Stats, fills
// in missing derivatives by finite differences (gonum.org/v1/gonum/diff/fd, counted as
// FDFuncEvals and FDGradEvals), checks values for NaN and Inf (a *NumericError), and
// enforces the evaluation limit. Minimize creates one per run.
type Evaluator struct {
	p        Problem
	n        int
	stats    Stats
	maxEvals int
	iter     int

	// scratch for finite differences and Hessian-vector products
	tmp, tmp2, fdScratch []float64
	// hess caches ∇²f at hessX for problems that give only Hess (hessOK when valid).
	hess   *mat.SymDense
	hessX  []float64
	hessOK bool
	// gradErr bounds ‖g − ∇f‖∞ of the last finite-difference gradient (0 when exact).
	gradErr float64
}

// NewEvaluator returns an Evaluator for p in dimension n with the evaluation limit
// maxEvals (≤ 0: no limit). Minimize makes its own; methods composed by hand (for
// example an inner solver in a notebook) may use this.
func NewEvaluator(p Problem, n, maxEvals int) *Evaluator {
	return &Evaluator{p: p, n: n, maxEvals: maxEvals, tmp: make([]float64, n), tmp2: make([]float64, n)}
}

// Dim returns the number of variables.
func (e *Evaluator) Dim() int { return e.n }

// Stats returns the evaluation counts so far (Iterations and Elapsed are Minimize's).
func (e *Evaluator) Stats() Stats { return e.stats }

// HasHess reports whether the problem has an exact Hessian (Hess, or HessVec from which a
// Hessian is assembled column by column).
func (e *Evaluator) HasHess() bool { return e.p.Hess != nil || e.p.HessVec != nil }

// HasHessVec reports whether the problem has exact Hessian-vector products (HessVec, or
// Hess from which the product is formed).
func (e *Evaluator) HasHessVec() bool { return e.p.HessVec != nil || e.p.Hess != nil }

func (e *Evaluator) total() int {
	s := &e.stats
	return s.FuncEvals + s.GradEvals + s.HessEvals + s.HessVecEvals + s.FDFuncEvals + s.FDGradEvals
}

func (e *Evaluator) check(x []float64) error {
	if len(x) != e.n {
		return fmt.Errorf("%w: x has length %d, want %d", ErrDimension, len(x), e.n)
	}
	if e.maxEvals > 0 && e.total() >= e.maxEvals {
		return errEvalLimit
	}
	return nil
}

func (e *Evaluator) scalar(what string, v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return &NumericError{What: what, Value: v, Index: -1, Iter: e.iter}
	}
	return nil
}

func (e *Evaluator) vector(what string, v []float64) error {
	for i, vi := range v {
		if math.IsNaN(vi) || math.IsInf(vi, 0) {
			return &NumericError{What: what, Value: vi, Index: i, Iter: e.iter}
		}
	}
	return nil
}

// rawFunc evaluates f without checks, counting it.
func (e *Evaluator) rawFunc(x []float64, fdCount bool) float64 {
	if fdCount {
		e.stats.FDFuncEvals++
	} else {
		e.stats.FuncEvals++
	}
	if e.p.Func != nil {
		return e.p.Func(x)
	}
	g := make([]float64, e.n)
	if !fdCount {
		e.stats.GradEvals++
	}
	return e.p.FuncGrad(g, x)
}

// Func returns f(x).
func (e *Evaluator) Func(x []float64) (float64, error) {
	if err := e.check(x); err != nil {
		return math.NaN(), err
	}
	f := e.rawFunc(x, false)
	return f, e.scalar("f", f)
}

// Grad stores ∇f(x) in grad: exact when the problem has Grad or FuncGrad, otherwise by
// central differences of f with the step h_i = ε^⅓·max(1, |x_i|) for coordinate i (2n
// evaluations counted as FDFuncEvals); GradError bounds the error of that estimate.
func (e *Evaluator) Grad(grad, x []float64) error {
	if err := e.check(x); err != nil {
		return err
	}
	if len(grad) != e.n {
		return fmt.Errorf("%w: grad has length %d, want %d", ErrDimension, len(grad), e.n)
	}
	switch {
	case e.p.Grad != nil:
		e.stats.GradEvals++
		e.p.Grad(grad, x)
	case e.p.FuncGrad != nil:
		e.stats.GradEvals++
		e.stats.FuncEvals++
		e.p.FuncGrad(grad, x)
	default:
		e.gradErr = e.fdGradient(grad, x, fdCentralRel)
	}
	return e.vector("gradient", grad)
}

// FuncGrad returns f(x) and stores ∇f(x) in grad, in one pass when the problem has
// FuncGrad.
func (e *Evaluator) FuncGrad(grad, x []float64) (float64, error) {
	if err := e.check(x); err != nil {
		return math.NaN(), err
	}
	if len(grad) != e.n {
		return math.NaN(), fmt.Errorf("%w: grad has length %d, want %d", ErrDimension, len(grad), e.n)
	}
	var f float64
	if e.p.FuncGrad != nil {
		e.stats.FuncEvals++
		e.stats.GradEvals++
		f = e.p.FuncGrad(grad, x)
	} else {
		f = e.rawFunc(x, false)
		if err := e.scalar("f", f); err != nil {
			return f, err
		}
		if err := e.Grad(grad, x); err != nil {
			return f, err
		}
	}
	if err := e.scalar("f", f); err != nil {
		return f, err
	}
	return f, e.vector("gradient", grad)
}

// Hess stores ∇²f(x) in hess (dimension Dim). Without Hess it is assembled from n
// Hessian-vector products, or from central differences of the gradient with a step per
// coordinate (2n gradient evaluations, FDGradEvals), or from second differences of f
// (FDFuncEvals); see fd.go for the steps.
func (e *Evaluator) Hess(hess *mat.SymDense, x []float64) error {
	if err := e.check(x); err != nil {
		return err
	}
	if hess.SymmetricDim() != e.n {
		return fmt.Errorf("%w: Hessian has dimension %d, want %d", ErrDimension, hess.SymmetricDim(), e.n)
	}
	n := e.n
	switch {
	case e.p.Hess != nil:
		e.stats.HessEvals++
		e.p.Hess(hess, x)
		e.cacheHess(hess, x)
	case e.p.HessVec != nil:
		v, hv := make([]float64, n), make([]float64, n)
		for j := 0; j < n; j++ {
			v[j] = 1
			e.stats.HessVecEvals++
			e.p.HessVec(hv, x, v)
			v[j] = 0
			for i := 0; i <= j; i++ {
				hess.SetSym(i, j, hv[i])
			}
		}
	case e.p.Grad != nil || e.p.FuncGrad != nil:
		e.fdHessFromGrad(hess, x)
	default:
		e.fdHessFromFunc(hess, x)
	}
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			if v := hess.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return &NumericError{What: "Hessian", Value: v, Index: i*n + j, Iter: e.iter}
			}
		}
	}
	return nil
}

// HessVec stores ∇²f(x)·v in hv: exact with HessVec; with only Hess, the Hessian is
// evaluated once per point (one HessEvals) and every product at that point is formed
// from it; otherwise by central differences of the gradient along v (two gradient
// evaluations, FDGradEvals).
func (e *Evaluator) HessVec(hv, x, v []float64) error {
	if err := e.check(x); err != nil {
		return err
	}
	if len(hv) != e.n || len(v) != e.n {
		return fmt.Errorf("%w: Hessian-vector operands have lengths %d and %d, want %d", ErrDimension, len(hv), len(v), e.n)
	}
	switch {
	case e.p.HessVec != nil:
		e.stats.HessVecEvals++
		e.p.HessVec(hv, x, v)
	case e.p.Hess != nil:
		// One Hessian per point: products at the same x reuse it (N&W §7.1 counts the
		// cost of Newton-CG in Hessian-vector products; a dense Hessian is one evaluation).
		if !e.hessAt(x) {
			if e.hess == nil {
				e.hess = mat.NewSymDense(e.n, nil)
			}
			e.stats.HessEvals++
			e.p.Hess(e.hess, x)
			e.hessX = append(e.hessX[:0], x...)
			e.hessOK = true
		}
		symMulVec(hv, e.hess, v)
	default:
		e.fdHessVec(hv, x, v)
	}
	return e.vector("Hessian-vector product", hv)
}
