// Package optim holds second-order methods for unconstrained minimization: Newton with
// Hessian modification, trust regions, quasi-Newton, nonlinear conjugate gradients,
// truncated Newton, and the first-order baselines they are compared with.
//
// Every method runs through Minimize, which owns the bookkeeping: evaluation counts, the
// per-iteration History, the convergence tests of Settings, the limits, and cancellation.
// Settings are never written back: the zero value of each field means its documented
// default. Stopping is a Status; faults (NaN, Inf, dimension mismatch, line-search or
// factorization breakdown) are typed errors returned together with the best point seen,
// and so is divergence (Status Diverged, *DivergenceError). A convergence status is
// decided on the point returned: with GradientThreshold, ‖Result.Grad‖∞ ≤ GradTol holds
// at Result.X (for finite-difference gradients within Result.GradErr, which the test
// includes), and a converged point is never above the start.
//
// Missing derivatives come from finite differences with a step per coordinate,
// h_i = rel·max(1, |x_i|) (N&W §8.1: √ε forward, ε^⅓ central, ε^¼ for second differences),
// counted apart in Stats; a problem with Hess but no HessVec evaluates its Hessian once per
// point for Hessian-vector products (Stats.HessEvals).
//
// Methods (each a struct of options; pass a pointer to Minimize):
//
//   - line search: GradientDescent, Newton (Modification AddIdentity, ClipEigen or
//     SaddleFree), NewtonCG (truncated Newton), BFGS, DFP, LBFGS, CG (Variant
//     PolakRibierePlus, FletcherReeves, HestenesStiefel, DaiYuan, HagerZhangCG), and
//     GaussNewton for least squares; line searches Backtracking, StrongWolfe,
//     MoreThuente and HagerZhang (the LineSearcher interface);
//   - trust region: TrustRegion (Subproblem MoreSorensen, Dogleg, Steihaug, Cauchy), SR1,
//     and LevenbergMarquardt for least squares (see LeastSquares);
//   - first-order baselines with fixed schedules: SGD, Momentum, Adam.
//
// A new method implements Method (Name and Start) and a Stepper; Evaluator gives it
// counted, checked evaluations with finite-difference fallbacks.
//
// The reference for most algorithms is J. Nocedal and S. J. Wright, Numerical
// Optimization, 2nd ed., Springer 2006 (cited as N&W with the algorithm or equation).
package optim

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"gonum.org/v1/gonum/mat"
)

// Problem describes an objective f: R^n -> R and what is known about its derivatives.
// Only Func (or FuncGrad) is required; a method that needs a missing derivative gets it
// from finite differences, and those evaluations are counted apart (Stats.FDFuncEvals,
// Stats.FDGradEvals). Functions must not keep or change x.
type Problem struct {
	// Dim is the number of variables; zero means len(x0).
	Dim int
	// Func returns f(x).
	Func func(x []float64) float64
	// Grad stores ∇f(x) in grad.
	Grad func(grad, x []float64)
	// FuncGrad, when set, returns f(x) and stores ∇f(x) in grad in one pass; methods use
	// it whenever they need both (networks compute the two together).
	FuncGrad func(grad, x []float64) float64
	// Hess stores ∇²f(x) in hess, which has dimension Dim.
	Hess func(hess *mat.SymDense, x []float64)
	// HessVec stores ∇²f(x)·v in hv.
	HessVec func(hv, x, v []float64)
	// Residuals, when set, says that f(x) = ½‖r(x)‖² for these residuals; Gauss-Newton
	// and Levenberg-Marquardt need it. LeastSquares.Problem sets it with Func and Grad.
	Residuals *LeastSquares
}

// Iteration is one row of a run's History: the state after a major iteration.
type Iteration struct {
	// Iter counts major iterations; 0 is the starting point.
	Iter int
	// F is f at X, GradNorm the infinity norm of ∇f there.
	F        float64
	GradNorm float64
	// Step is the Euclidean length of the step taken to reach X (0 at Iter 0).
	Step float64
	// Radius is the trust-region radius, for trust-region methods.
	Radius float64
	// Damping is the Hessian modification, Levenberg-Marquardt or Tikhonov damping, or the
	// learning rate of first-order methods: whatever the method scales its model with.
	Damping float64
	// Inner counts inner iterations of this step (CG steps of Newton-CG or Hessian-free,
	// line-search trials otherwise).
	Inner int
	// Alpha is the step length α along the search direction, for line-search methods.
	Alpha float64
	// Stats are cumulative at the end of this iteration.
	Stats Stats
	// X is a copy of the point when the problem has at most Settings.PathDim variables.
	X []float64
}

// Stats counts the work of a run. Exact derivative evaluations and finite-difference
// ones are counted apart. HessEvals counts calls of Problem.Hess, including the one per
// point that Hessian-vector products cost a problem that gives Hess but not HessVec;
// HessVecEvals counts calls of Problem.HessVec. Evaluator.GradError's 2n evaluations of f
// at a candidate converged point are FDFuncEvals.
type Stats struct {
	Iterations   int
	FuncEvals    int
	GradEvals    int
	HessEvals    int
	HessVecEvals int
	// FDFuncEvals are evaluations of Func spent on finite-difference derivatives;
	// FDGradEvals are evaluations of Grad spent on finite-difference Hessians or
	// Hessian-vector products.
	FDFuncEvals int
	FDGradEvals int
	Elapsed     time.Duration
}

// Status says why a run stopped.
type Status int

// The reasons a run stops. Only the convergence statuses count as success.
const (
	NotTerminated Status = iota
	// GradientThreshold: ‖∇f‖∞ ≤ Settings.GradTol.
	GradientThreshold
	// FunctionConvergence: the relative change of f fell below Settings.FuncTol.
	FunctionConvergence
	// StepConvergence: the step fell below Settings.StepTol.
	StepConvergence
	IterationLimit
	EvaluationLimit
	TimeLimit
	// Canceled: the context (or the installed interrupt context) was done.
	Canceled
	// CallbackStop: Settings.Callback asked to stop.
	CallbackStop
	// Failure: a typed error ended the run; Minimize returns it too.
	Failure
	// Diverged: f blew up (above the start by Settings.DivergeFactor, or non-finite in a
	// method without a safeguard); Minimize returns a *DivergenceError and the best point.
	Diverged
)

var statusNames = [...]string{
	NotTerminated:       "not terminated",
	GradientThreshold:   "gradient threshold",
	FunctionConvergence: "function convergence",
	StepConvergence:     "step convergence",
	IterationLimit:      "iteration limit",
	EvaluationLimit:     "evaluation limit",
	TimeLimit:           "time limit",
	Canceled:            "canceled",
	CallbackStop:        "stopped by callback",
	Failure:             "failure",
	Diverged:            "diverged",
}

// String returns the status in words.
func (s Status) String() string {
	if s >= 0 && int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// Converged reports whether s is one of the convergence statuses.
func (s Status) Converged() bool {
	return s == GradientThreshold || s == FunctionConvergence || s == StepConvergence
}

// Result is what a run found, why it stopped, and how it got there.
type Result struct {
	// Method names the method (and its options where they matter), for legends and tables.
	Method string
	// X is the point the Status was decided on: the converged iterate when Status is a
	// convergence status, else the best (lowest f) point seen. F is f(X) and Grad ∇f(X).
	X    []float64
	F    float64
	Grad []float64
	// GradErr bounds ‖Grad − ∇f(X)‖∞: 0 for an exact gradient; for a finite-difference
	// gradient the estimate of Evaluator.GradError (at a converged X) or the rounding
	// estimate of the difference (elsewhere).
	GradErr float64
	// Status says why the run stopped.
	Status Status
	// Stats are the totals of the run.
	Stats Stats
	// History holds one Iteration per major iteration, starting with the initial point.
	History []Iteration
}

// Settings control a run. The zero value of every field selects its default; Minimize
// never writes defaults back.
type Settings struct {
	// GradTol stops the run when ‖∇f‖∞ ≤ GradTol. Default 1e-6; negative disables.
	GradTol float64
	// FuncTol stops the run when |f_k − f_{k−1}| ≤ FuncTol·max(1, |f_k|). Default off (0).
	FuncTol float64
	// StepTol stops the run when the step length ≤ StepTol·max(1, ‖x‖). Default off (0).
	StepTol float64
	// MaxIter bounds major iterations. Default 1000.
	MaxIter int
	// MaxEvals bounds evaluations of Func, Grad, Hess and HessVec together, counting
	// finite-difference evaluations. Default 100000.
	MaxEvals int
	// MaxTime bounds wall time. Default none.
	MaxTime time.Duration
	// PathDim: History keeps a copy of x for problems with at most PathDim variables.
	// Default 1000; negative keeps none.
	PathDim int
	// DivergeFactor: the run stops with Status Diverged when an iterate has
	// f > f₀ + DivergeFactor·max(1, |f₀|), f₀ = f(x0). Default 1e4; negative disables.
	DivergeFactor float64
	// Callback, when set, sees every Iteration as it is recorded; returning false stops
	// the run with Status CallbackStop.
	Callback func(it Iteration) bool
}

// Errors. Each is returned wrapped with context; test with errors.Is / errors.As.
var (
	// ErrDimension: a vector or matrix does not match the problem's dimension.
	ErrDimension = errors.New("optim: dimension mismatch")
	// ErrNoFunc: the Problem has neither Func nor FuncGrad.
	ErrNoFunc = errors.New("optim: problem has no objective (set Func or FuncGrad)")
	// ErrLineSearch: the line search found no acceptable step.
	ErrLineSearch = errors.New("optim: line search failed")
	// ErrBreakdown: a factorization or inner solver broke down (for example a zero
	// curvature denominator) and the method cannot continue.
	ErrBreakdown = errors.New("optim: numerical breakdown")
)

// ErrDiverged is matched (errors.Is) by every *DivergenceError.
var ErrDiverged = errors.New("optim: diverged")

// DivergenceError reports a run whose objective blew up: F above the start F0 by more
// than Factor·max(1, |F0|), or a non-finite value (then Err is the *NumericError).
type DivergenceError struct {
	// F is the value that triggered the stop (NaN or ±Inf when Err is set), F0 the start.
	F, F0 float64
	// Factor is the threshold factor in force (0 when the value was non-finite).
	Factor float64
	// Iter is the iteration at which it happened.
	Iter int
	// Err is the underlying *NumericError for non-finite values, else nil.
	Err error
}

// Error describes the blow-up.
func (e *DivergenceError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("optim: diverged at iteration %d: %v", e.Iter, e.Err)
	}
	return fmt.Sprintf("optim: diverged at iteration %d: f = %g, start %g (factor %g)", e.Iter, e.F, e.F0, e.Factor)
}

// Is makes errors.Is(err, ErrDiverged) true.
func (e *DivergenceError) Is(target error) bool { return target == ErrDiverged }

// Unwrap returns the underlying numeric error, if any.
func (e *DivergenceError) Unwrap() error { return e.Err }

// NumericError reports a NaN or infinite value of the objective or a derivative.
type NumericError struct {
	// What names the quantity: "f", "gradient", "Hessian", "Hessian-vector product".
	What string
	// Value is the offending value, Index its position in a vector (−1 for a scalar).
	Value float64
	Index int
	// Iter is the major iteration where it appeared.
	Iter int
}

// Error describes the value, where it appeared and at which iteration.
func (e *NumericError) Error() string {
	if e.Index >= 0 {
		return fmt.Sprintf("optim: %s[%d] is %v at iteration %d", e.What, e.Index, e.Value, e.Iter)
	}
	return fmt.Sprintf("optim: %s is %v at iteration %d", e.What, e.Value, e.Iter)
}

var (
	interruptMu sync.Mutex
	interrupt   context.Context
)

// SetInterrupt installs a context that every long computation in optim (and in its
// subpackages) watches besides the one it was given. A host that runs user code, such as
// a notebook kernel, installs the context of the code it is running, so an interrupt
// stops a compiled solver even when the user passed context.Background(). Pass nil to
// remove it.
func SetInterrupt(ctx context.Context) {
	interruptMu.Lock()
	interrupt = ctx
	interruptMu.Unlock()
}

// Done returns the error of ctx or of the installed interrupt context, whichever is
// done, or nil. Long loops call it once per iteration. A nil ctx is allowed.
func Done(ctx context.Context) error {
	if ctx != nil {
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	interruptMu.Lock()
	ic := interrupt
	interruptMu.Unlock()
	if ic != nil {
		return ic.Err()
	}
	return nil
}
