package optim

import "context"

// Method is one minimization algorithm, configured by the fields of its struct (for
// example &Newton{}, &BFGS{Store: 10}). A Method holds options only: everything a run
// changes lives in the Stepper that Start returns, so one Method value can serve many runs
// and its fields are never written by a run.
type Method interface {
	// Name names the method and the options that matter, for Result.Method.
	Name() string
	// Start begins a run at loc, where X, F and Grad are set; ev evaluates the problem
	// and counts the work. The returned Stepper carries the run state.
	Start(ctx context.Context, ev *Evaluator, loc *Location) (Stepper, error)
}

// Stepper is the state of one run of a Method.
type Stepper interface {
	// Step performs one major iteration: it moves loc to the next iterate, with F and
	// Grad evaluated there, and reports what it did. On error loc is the last iterate.
	Step(ctx context.Context, loc *Location) (StepInfo, error)
}

// Location is an iterate: the point and what is known there. Methods update it in place.
type Location struct {
	X    []float64
	F    float64
	Grad []float64
}

// StepInfo describes one major iteration, for the History.
type StepInfo struct {
	// Radius is the trust-region radius after the step (trust-region methods).
	Radius float64
	// Damping is the Hessian modification τ, the Levenberg-Marquardt λ, or the step
	// size of first-order methods.
	Damping float64
	// Inner counts inner iterations: CG steps, line-search trials, rejected trust-region
	// trials.
	Inner int
	// Alpha is the step length along the search direction of line-search methods.
	Alpha float64
}

// LineSearcher finds a step length α along a descent direction d from an iterate.
// Implementations: Backtracking (Armijo), StrongWolfe (N&W Alg. 3.5/3.6), MoreThuente,
// HagerZhang. Each bounds its evaluations and, when it finds no acceptable step but did
// see a lower value of f, moves to the best point it saw.
type LineSearcher interface {
	// Search moves loc to x + α·dir, with F and Grad evaluated there, starting the trials
	// at α = step. It returns α and the number of trial points. On error loc is unchanged.
	Search(ctx context.Context, ev *Evaluator, loc *Location, dir []float64, step float64) (alpha float64, trials int, err error)
}
