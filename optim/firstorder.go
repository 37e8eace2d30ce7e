package optim

import (
	"context"
	"errors"
	"math"
	"strconv"
)

// GradientDescent is steepest descent with a line search (N&W §3.3), the baseline every
// other method is measured against: d = −∇f, first trial step α_{k−1}‖∇f_{k−1}‖²/‖∇f_k‖²
// (N&W eq. 3.60). Linear convergence at a rate set by the condition number.
type GradientDescent struct {
	// LineSearch defaults to Backtracking{}.
	LineSearch LineSearcher
}

var _ Method = (*GradientDescent)(nil)

// Name implements Method.
func (m *GradientDescent) Name() string { return "gradient descent" + lineSearchName(m.LineSearch) }

// Start implements Method.
func (m *GradientDescent) Start(ctx context.Context, ev *Evaluator, loc *Location) (Stepper, error) {
	ls := m.LineSearch
	if ls == nil {
		ls = Backtracking{}
	}
	return newLineRun(ev, ls, &gdDir{}), nil
}

type gdDir struct {
	prevAlpha, prevGD float64
}

func (d *gdDir) direction(ctx context.Context, loc *Location, dir []float64) (float64, StepInfo, error) {
	scale(dir, -1, loc.Grad)
	gd := -dot(loc.Grad, loc.Grad)
	if d.prevAlpha > 0 {
		return d.prevAlpha * d.prevGD / gd, StepInfo{}, nil
	}
	if gn := norm2(loc.Grad); gn > 1 {
		return 1 / gn, StepInfo{}, nil
	}
	return 1, StepInfo{}, nil
}

func (d *gdDir) update(loc *Location, s, y, dir, gPrev []float64, alpha float64) {
	d.prevAlpha, d.prevGD = alpha, dot(gPrev, dir)
}

func (d *gdDir) reset() {}

// SGD is (stochastic) gradient descent with a fixed schedule: x₊ = x − η_k∇f(x),
// η_k = LearningRate/(1 + Decay·k) (Robbins and Monro 1951). With a deterministic
// Problem it is fixed-step gradient descent; give the Problem a Grad that samples a
// minibatch and it is SGD. One f and ∇f evaluation per iteration, no line search, so a
// too-large rate diverges: the run ends with Status Diverged and a *DivergenceError
// (Settings.DivergeFactor) and the best point.
type SGD struct {
	// LearningRate η; default 1e-3.
	LearningRate float64
	// Decay of the 1/k schedule; default 0 (constant rate).
	Decay float64
}

// Momentum is the heavy-ball method of Polyak (1964), v₊ = μv − η∇f(x), x₊ = x + v₊, or
// with Nesterov set Nesterov's accelerated gradient in the form of Sutskever et al.
// (ICML 2013), where ∇f is taken at x + μv.
type Momentum struct {
	// LearningRate η; default 1e-3.
	LearningRate float64
	// Mu μ; default 0.9.
	Mu float64
	// Nesterov evaluates the gradient at the look-ahead point.
	Nesterov bool
}

// Adam is the method of Kingma and Ba, "Adam: a method for stochastic optimization",
// ICLR 2015 (Alg. 1): bias-corrected moving averages m, v of ∇f and ∇f², and
// x₊ = x − η·m̂/(√v̂ + ε).
type Adam struct {
	// LearningRate η; default 1e-3.
	LearningRate float64
	// Beta1 and Beta2 are the decay rates; defaults 0.9 and 0.999.
	Beta1, Beta2 float64
	// Epsilon ε; default 1e-8.
	Epsilon float64
}

var (
	_ Method = (*SGD)(nil)
	_ Method = (*Momentum)(nil)
	_ Method = (*Adam)(nil)
)

// Name implements Method.
func (m *SGD) Name() string { return "SGD (η=" + fmtG(orDefault(m.LearningRate, 1e-3)) + ")" }

// Name implements Method.
func (m *Momentum) Name() string {
	if m.Nesterov {
		return "Nesterov (η=" + fmtG(orDefault(m.LearningRate, 1e-3)) + ")"
	}
	return "momentum (η=" + fmtG(orDefault(m.LearningRate, 1e-3)) + ")"
}

// Name implements Method.
func (m *Adam) Name() string { return "Adam (η=" + fmtG(orDefault(m.LearningRate, 1e-3)) + ")" }

func fmtG(v float64) string { return strconv.FormatFloat(v, 'g', 3, 64) }

// Start implements Method.
func (m *SGD) Start(ctx context.Context, ev *Evaluator, loc *Location) (Stepper, error) {
	return &firstRun{ev: ev, kind: 0, lr: orDefault(m.LearningRate, 1e-3), decay: m.Decay, n: ev.Dim()}, nil
}

// Start implements Method.
func (m *Momentum) Start(ctx context.Context, ev *Evaluator, loc *Location) (Stepper, error) {
	n := ev.Dim()
	return &firstRun{ev: ev, kind: 1, lr: orDefault(m.LearningRate, 1e-3), mu: orDefault(m.Mu, 0.9),
		nesterov: m.Nesterov, n: n, v: make([]float64, n), tmp: make([]float64, n), g: make([]float64, n)}, nil
}

// Start implements Method.
func (m *Adam) Start(ctx context.Context, ev *Evaluator, loc *Location) (Stepper, error) {
	n := ev.Dim()
	return &firstRun{ev: ev, kind: 2, lr: orDefault(m.LearningRate, 1e-3), b1: orDefault(m.Beta1, 0.9),
		b2: orDefault(m.Beta2, 0.999), eps: orDefault(m.Epsilon, 1e-8), n: n,
		m: make([]float64, n), v: make([]float64, n)}, nil
}

// firstRun is the Stepper of SGD (kind 0), Momentum (1) and Adam (2).
type firstRun struct {
	ev            *Evaluator
	kind          int
	n, k          int
	lr, decay, mu float64
	nesterov      bool
	b1, b2, eps   float64
	m, v, tmp, g  []float64
	xn, gn        []float64
	b1t, b2t      float64
}

// Step implements Stepper.
func (r *firstRun) Step(ctx context.Context, loc *Location) (StepInfo, error) {
	r.k++
	lr := r.lr / (1 + r.decay*float64(r.k-1))
	if r.xn == nil {
		r.xn, r.gn = make([]float64, r.n), make([]float64, r.n)
	}
	x := r.xn
	copy(x, loc.X)
	switch r.kind {
	case 0:
		axpy(x, -lr, loc.Grad, x)
	case 1:
		if r.nesterov {
			// Gradient at the look-ahead point x + μv.
			axpy(r.tmp, r.mu, r.v, x)
			if _, err := r.ev.FuncGrad(r.g, r.tmp); err != nil {
				return StepInfo{Damping: lr}, diverged(err, r.ev.iter)
			}
		} else {
			copy(r.g, loc.Grad)
		}
		for i := range x {
			r.v[i] = r.mu*r.v[i] - lr*r.g[i]
			x[i] += r.v[i]
		}
	case 2:
		if r.k == 1 {
			r.b1t, r.b2t = 1, 1
		}
		r.b1t *= r.b1
		r.b2t *= r.b2
		for i, g := range loc.Grad {
			r.m[i] = r.b1*r.m[i] + (1-r.b1)*g
			r.v[i] = r.b2*r.v[i] + (1-r.b2)*g*g
			mh := r.m[i] / (1 - r.b1t)
			vh := r.v[i] / (1 - r.b2t)
			x[i] -= lr * mh / (math.Sqrt(vh) + r.eps)
		}
	}
	f, err := r.ev.FuncGrad(r.gn, x)
	if err != nil {
		return StepInfo{Damping: lr}, diverged(err, r.ev.iter)
	}
	copy(loc.X, x)
	copy(loc.Grad, r.gn)
	loc.F = f
	return StepInfo{Damping: lr}, nil
}

// diverged turns a non-finite value met by a method without a safeguard into a
// *DivergenceError (the method has no line search or trust region to retreat with);
// other errors pass through.
func diverged(err error, iter int) error {
	var ne *NumericError
	if errors.As(err, &ne) {
		return &DivergenceError{F: ne.Value, Iter: iter, Err: err}
	}
	return err
}
