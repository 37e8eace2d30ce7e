package optim

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"
)

// Defaults of Settings.
const (
	defaultGradTol  = 1e-6
	defaultMaxIter  = 1000
	defaultMaxEvals = 100000
	defaultPathDim  = 1000
	// defaultDivergeFactor: f above f₀ + 1e4·max(1, |f₀|) is divergence.
	defaultDivergeFactor = 1e4
)

// Minimize minimizes p from x0 with the method m under the settings s.
//
// Minimize owns the bookkeeping: it evaluates f and ∇f at x0, records the History
// (Iteration 0 is the start), counts evaluations, applies the convergence tests and limits
// of s after every major iteration, calls s.Callback, and checks ctx and the installed
// interrupt (Done) before every iteration. x0 is not changed.
//
// Stopping is a Status with a nil error: convergence, a limit, the callback, or
// cancellation (Status Canceled, with the partial Result up to the last completed
// iteration). A convergence status is decided on the iterate that is returned: Result.X,
// F and Grad are the converged iterate, and with GradientThreshold ‖Result.Grad‖∞ ≤
// GradTol (for a finite-difference gradient ‖Result.Grad‖∞ + Result.GradErr ≤ GradTol).
// An iterate above the start is never reported as converged. Every other stop returns
// the best (lowest f) point seen.
//
// Divergence, an iterate with f > f₀ + DivergeFactor·max(1, |f₀|) or a method without a
// safeguard (SGD, Momentum, Adam) reaching a non-finite value, returns Status Diverged
// with a *DivergenceError (errors.Is(err, ErrDiverged)) and the best point. Faults return
// Status Failure and a non-nil error together with the Result at the best point seen:
// ErrNoFunc, ErrDimension, *NumericError for NaN or Inf, ErrLineSearch, ErrBreakdown.
// Only ErrNoFunc and ErrDimension on the start give a nil Result.
func Minimize(ctx context.Context, p Problem, x0 []float64, m Method, s Settings) (*Result, error) {
	if p.Func == nil && p.FuncGrad == nil {
		return nil, ErrNoFunc
	}
	if m == nil {
		return nil, errors.New("optim: Minimize: nil Method")
	}
	n := p.Dim
	if n == 0 {
		n = len(x0)
	}
	if n == 0 || len(x0) != n {
		return nil, fmt.Errorf("%w: x0 has length %d, problem has Dim %d", ErrDimension, len(x0), p.Dim)
	}
	gradTol := s.GradTol
	if gradTol == 0 {
		gradTol = defaultGradTol
	}
	maxIter := s.MaxIter
	if maxIter <= 0 {
		maxIter = defaultMaxIter
	}
	maxEvals := s.MaxEvals
	if maxEvals <= 0 {
		maxEvals = defaultMaxEvals
	}
	pathDim := s.PathDim
	if pathDim == 0 {
		pathDim = defaultPathDim
	}

	divFactor := s.DivergeFactor
	if divFactor == 0 {
		divFactor = defaultDivergeFactor
	}

	start := time.Now()
	ev := NewEvaluator(p, n, maxEvals)
	loc := &Location{X: append([]float64(nil), x0...), Grad: make([]float64, n)}
	res := &Result{Method: m.Name(), Status: NotTerminated}
	best := &Location{X: make([]float64, n), Grad: make([]float64, n), F: math.Inf(1)}
	var locErr, bestErr float64 // error bounds of the finite-difference gradients at loc, best

	// finish ends the run. A convergence status is decided on the current iterate, so
	// the Result is that iterate (N&W's tests are tests on x_k); every other stop returns
	// the best point seen, whose gradient claims nothing.
	finish := func(st Status, err error) (*Result, error) {
		if errors.Is(err, errEvalLimit) {
			st, err = EvaluationLimit, nil
		}
		res.Status = st
		out, outErr := best, bestErr
		if st.Converged() || math.IsInf(best.F, 1) { // converged here, or nothing finite seen
			out, outErr = loc, locErr
		}
		res.X = append([]float64(nil), out.X...)
		res.Grad = append([]float64(nil), out.Grad...)
		res.F = out.F
		res.GradErr = outErr
		res.Stats = ev.stats
		res.Stats.Elapsed = time.Since(start)
		if err != nil {
			if st != Diverged {
				res.Status = Failure
			}
			return res, fmt.Errorf("optim: %s: %w", m.Name(), err)
		}
		return res, nil
	}
	record := func(iter int, stepLen float64, info StepInfo) Iteration {
		locErr = ev.gradErr
		it := Iteration{Iter: iter, F: loc.F, GradNorm: infNorm(loc.Grad), Step: stepLen,
			Radius: info.Radius, Damping: info.Damping, Inner: info.Inner, Alpha: info.Alpha, Stats: ev.stats}
		it.Stats.Iterations = iter
		it.Stats.Elapsed = time.Since(start)
		if n <= pathDim {
			it.X = append([]float64(nil), loc.X...)
		}
		res.History = append(res.History, it)
		if loc.F <= best.F || math.IsInf(best.F, 1) {
			copy(best.X, loc.X)
			copy(best.Grad, loc.Grad)
			best.F = loc.F
			bestErr = locErr
		}
		return it
	}
	var f0 float64
	// gradConverged applies the gradient test to the current iterate: ‖∇f‖∞ ≤ GradTol,
	// and, for a finite-difference gradient, ‖g‖∞ + (its error bound) ≤ GradTol, so the
	// true gradient meets the tolerance as far as the error estimate can tell. A
	// stationary point above the start is not reported as convergence (the run goes on
	// and, if it stays there, ends at a limit with the best point).
	gradConverged := func(it Iteration) (bool, error) {
		if !(it.GradNorm <= gradTol) || (it.Iter > 0 && loc.F > f0) {
			return false, nil
		}
		if !ev.FDGradient() {
			return true, nil
		}
		e, err := ev.GradError(loc.X, loc.Grad)
		if err != nil {
			return false, err
		}
		locErr = e
		return it.GradNorm+e <= gradTol, nil
	}

	var err error
	loc.F, err = ev.FuncGrad(loc.Grad, loc.X)
	if err != nil {
		return finish(Failure, err)
	}
	f0 = loc.F
	divLimit := math.Inf(1)
	if divFactor > 0 {
		divLimit = f0 + divFactor*math.Max(1, math.Abs(f0))
	}
	it := record(0, 0, StepInfo{})
	if s.Callback != nil && !s.Callback(it) {
		return finish(CallbackStop, nil)
	}
	if ok, err := gradConverged(it); err != nil {
		return finish(Failure, err)
	} else if ok {
		return finish(GradientThreshold, nil)
	}
	if err := Done(ctx); err != nil {
		return finish(Canceled, nil)
	}
	run, err := m.Start(ctx, ev, loc)
	if err != nil {
		return finish(Failure, err)
	}
	prev := make([]float64, n)
	for iter := 1; ; iter++ {
		if Done(ctx) != nil {
			return finish(Canceled, nil)
		}
		if iter > maxIter {
			return finish(IterationLimit, nil)
		}
		if s.MaxTime > 0 && time.Since(start) > s.MaxTime {
			return finish(TimeLimit, nil)
		}
		ev.iter = iter
		copy(prev, loc.X)
		fPrev := loc.F
		info, err := run.Step(ctx, loc)
		if err != nil {
			var de *DivergenceError
			switch {
			case errors.As(err, &de):
				return finish(Diverged, err)
			case errors.Is(err, errEvalLimit):
				return finish(EvaluationLimit, nil)
			case Done(ctx) != nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
				return finish(Canceled, nil)
			}
			return finish(Failure, err)
		}
		ev.stats.Iterations = iter
		stepLen := dist(prev, loc.X)
		it := record(iter, stepLen, info)
		if loc.F > divLimit {
			return finish(Diverged, &DivergenceError{F: loc.F, F0: f0, Factor: divFactor, Iter: iter})
		}
		if s.Callback != nil && !s.Callback(it) {
			return finish(CallbackStop, nil)
		}
		if ok, err := gradConverged(it); err != nil {
			return finish(Failure, err)
		} else if ok {
			return finish(GradientThreshold, nil)
		}
		if s.FuncTol > 0 && loc.F <= f0 && math.Abs(loc.F-fPrev) <= s.FuncTol*math.Max(1, math.Abs(loc.F)) {
			return finish(FunctionConvergence, nil)
		}
		if s.StepTol > 0 && loc.F <= f0 && stepLen <= s.StepTol*math.Max(1, norm2(loc.X)) {
			return finish(StepConvergence, nil)
		}
	}
}
