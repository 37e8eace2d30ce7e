package optim

import (
	"context"
	"errors"
	"fmt"
	"math"
)

// lineState is the scratch of one line search: the trial point and the best point seen.
type lineState struct {
	ev       *Evaluator
	loc      *Location
	dir      []float64
	f0, d0   float64
	xt, gt   []float64
	bestX    []float64
	bestG    []float64
	bestF    float64
	bestA    float64
	hasBestG bool
	trials   int
	numErr   error
}

func newLineState(ev *Evaluator, loc *Location, dir []float64) (*lineState, error) {
	n := len(loc.X)
	if len(dir) != n {
		return nil, fmt.Errorf("%w: direction has length %d, want %d", ErrDimension, len(dir), n)
	}
	d0 := dot(loc.Grad, dir)
	if !(d0 < 0) {
		return nil, fmt.Errorf("%w: not a descent direction (∇f·d = %g)", ErrLineSearch, d0)
	}
	return &lineState{ev: ev, loc: loc, dir: dir, f0: loc.F, d0: d0,
		xt: make([]float64, n), gt: make([]float64, n),
		bestX: make([]float64, n), bestG: make([]float64, n), bestF: loc.F}, nil
}

// eval evaluates φ(α) (and φ'(α) when grad is set) at x + α·d. A NaN or Inf there
// gives φ = +Inf (and φ' = NaN) so the search shrinks the step; other errors are
// returned.
func (s *lineState) eval(alpha float64, grad bool) (phi, dphi float64, err error) {
	axpy(s.xt, alpha, s.dir, s.loc.X)
	s.trials++
	if grad {
		phi, err = s.ev.FuncGrad(s.gt, s.xt)
	} else {
		phi, err = s.ev.Func(s.xt)
	}
	var ne *NumericError
	if errors.As(err, &ne) {
		s.numErr = err
		return math.Inf(1), math.NaN(), nil
	}
	if err != nil {
		return phi, math.NaN(), err
	}
	dphi = math.NaN()
	if grad {
		dphi = dot(s.gt, s.dir)
	}
	if phi < s.bestF {
		s.bestF, s.bestA = phi, alpha
		copy(s.bestX, s.xt)
		if grad {
			copy(s.bestG, s.gt)
		}
		s.hasBestG = grad
	}
	return phi, dphi, nil
}

// completeGrad evaluates ∇f at the last trial point (evaluated without it) and returns
// φ' there.
func (s *lineState) completeGrad() (float64, error) {
	if err := s.ev.Grad(s.gt, s.xt); err != nil {
		return math.NaN(), err
	}
	if s.bestF < s.f0 && dist(s.bestX, s.xt) == 0 {
		copy(s.bestG, s.gt)
		s.hasBestG = true
	}
	return dot(s.gt, s.dir), nil
}

// lazyGrad reports whether trials should evaluate f first and ∇f only where the
// sufficient-decrease test passes (saving a gradient per rejected trial, as gonum's
// Bisection does). Problems that compute f and ∇f together get both at once.
func lazyGrad(ev *Evaluator) bool { return ev.p.Func != nil && ev.p.Grad != nil }

// accept moves loc to the last trial point; the gradient is evaluated there if needed.
func (s *lineState) accept(phi float64, haveGrad bool) error {
	if !haveGrad {
		if err := s.ev.Grad(s.gt, s.xt); err != nil {
			return err
		}
	}
	copy(s.loc.X, s.xt)
	copy(s.loc.Grad, s.gt)
	s.loc.F = phi
	return nil
}

// fallback moves loc to the best point seen if it lowered f, else reports failure.
func (s *lineState) fallback(name string) (float64, error) {
	if s.bestF < s.f0 {
		if !s.hasBestG {
			if err := s.ev.Grad(s.bestG, s.bestX); err != nil {
				return 0, err
			}
		}
		copy(s.loc.X, s.bestX)
		copy(s.loc.Grad, s.bestG)
		s.loc.F = s.bestF
		return s.bestA, nil
	}
	if s.numErr != nil {
		return 0, fmt.Errorf("%w: %s: no decrease after %d trials: %w", ErrLineSearch, name, s.trials, s.numErr)
	}
	return 0, fmt.Errorf("%w: %s: no decrease after %d trials", ErrLineSearch, name, s.trials)
}

// tooSmall reports whether α·d no longer changes x in floating point.
func (s *lineState) tooSmall(alpha float64) bool {
	return alpha*infNorm(s.dir) <= 1e-16*math.Max(1, infNorm(s.loc.X))
}

// Backtracking is the Armijo backtracking line search (N&W Alg. 3.1) with safeguarded
// quadratic interpolation (N&W §3.5): a trial α is accepted when
// f(x+αd) ≤ f(x) + C1·α·∇f·d, otherwise α is replaced by the minimizer of the
// quadratic through φ(0), φ'(0), φ(α), kept in [0.1α, 0.5α]. Only f is evaluated at
// trials; ∇f once at the accepted point. Suited to Newton-type directions whose unit
// step is usually right.
type Backtracking struct {
	// C1 is the sufficient-decrease constant; default 1e-4.
	C1 float64
	// MaxEvals bounds the trials; default 40.
	MaxEvals int
}

var _ LineSearcher = Backtracking{}

// Search implements LineSearcher.
func (b Backtracking) Search(ctx context.Context, ev *Evaluator, loc *Location, dir []float64, step float64) (float64, int, error) {
	c1 := orDefault(b.C1, 1e-4)
	maxEvals := b.MaxEvals
	if maxEvals <= 0 {
		maxEvals = 40
	}
	s, err := newLineState(ev, loc, dir)
	if err != nil {
		return 0, 0, err
	}
	alpha := step
	if !(alpha > 0) || !finite(alpha) {
		alpha = 1
	}
	for s.trials < maxEvals {
		phi, _, err := s.eval(alpha, false)
		if err != nil {
			return 0, s.trials, err
		}
		if phi <= s.f0+c1*alpha*s.d0 {
			return alpha, s.trials, s.accept(phi, false)
		}
		next := 0.5 * alpha
		if finite(phi) {
			q := -s.d0 * alpha * alpha / (2 * (phi - s.f0 - s.d0*alpha))
			if finite(q) {
				next = math.Min(math.Max(q, 0.1*alpha), 0.5*alpha)
			}
		}
		alpha = next
		if s.tooSmall(alpha) {
			break
		}
	}
	a, err := s.fallback("backtracking")
	return a, s.trials, err
}

// StrongWolfe is the line search of N&W Alg. 3.5 with the zoom of Alg. 3.6, using
// safeguarded cubic interpolation (N&W eq. 3.59), or quadratic (eq. 3.57) where only f
// is known at the far end: a trial that fails the sufficient-decrease test costs one
// evaluation of f, and ∇f is evaluated only where it passes. It returns a step satisfying the strong
// Wolfe conditions f(x+αd) ≤ f + C1·α·∇f·d and |∇f(x+αd)·d| ≤ C2·|∇f·d|, which keeps
// quasi-Newton updates positive definite.
type StrongWolfe struct {
	// C1 is the sufficient-decrease constant; default 1e-4.
	C1 float64
	// C2 is the curvature constant; default 0.9 (use 0.1 for nonlinear CG).
	C2 float64
	// MaxEvals bounds the trials; default 30.
	MaxEvals int
	// Weak accepts the weak Wolfe curvature condition ∇f(x+αd)·d ≥ C2·∇f·d instead of
	// the strong one (any step past the minimizer along d with sufficient decrease).
	Weak bool
}

var _ LineSearcher = StrongWolfe{}

// cubicMin returns the minimizer of the cubic interpolating φ and φ' at a and b, or NaN.
func cubicMin(a, fa, da, b, fb, db float64) float64 {
	d1 := da + db - 3*(fa-fb)/(a-b)
	disc := d1*d1 - da*db
	if disc < 0 || !finite(disc) {
		return math.NaN()
	}
	d2 := math.Copysign(math.Sqrt(disc), b-a)
	return b - (b-a)*(db+d2-d1)/(db-da+2*d2)
}

// Search implements LineSearcher.
func (w StrongWolfe) Search(ctx context.Context, ev *Evaluator, loc *Location, dir []float64, step float64) (float64, int, error) {
	c1 := orDefault(w.C1, 1e-4)
	c2 := orDefault(w.C2, 0.9)
	maxEvals := w.MaxEvals
	if maxEvals <= 0 {
		maxEvals = 30
	}
	s, err := newLineState(ev, loc, dir)
	if err != nil {
		return 0, 0, err
	}
	alpha := step
	if !(alpha > 0) || !finite(alpha) {
		alpha = 1
	}
	aPrev, fPrev, dPrev := 0.0, s.f0, s.d0
	curvatureOK := func(dphi float64) bool {
		if w.Weak {
			return dphi >= c2*s.d0
		}
		return math.Abs(dphi) <= -c2*s.d0
	}
	lazy := lazyGrad(ev)
	zoom := func(lo, flo, dlo, hi, fhi, dhi float64) (float64, error) {
		for s.trials < maxEvals {
			a := math.NaN()
			switch {
			case finite(fhi) && finite(dhi):
				a = cubicMin(lo, flo, dlo, hi, fhi, dhi)
			case finite(fhi):
				// Quadratic through φ(lo), φ'(lo), φ(hi) (N&W eq. 3.57).
				h := hi - lo
				a = lo - dlo*h*h/(2*(fhi-flo-dlo*h))
			}
			left, right := math.Min(lo, hi), math.Max(lo, hi)
			width := right - left
			if !(a >= left+0.1*width && a <= right-0.1*width) {
				a = 0.5 * (lo + hi)
			}
			if s.tooSmall(width) {
				break
			}
			phi, dphi, err := s.eval(a, !lazy)
			if err != nil {
				return 0, err
			}
			if phi > s.f0+c1*a*s.d0 || phi >= flo || !finite(phi) {
				hi, fhi, dhi = a, phi, dphi
				continue
			}
			if lazy {
				if dphi, err = s.completeGrad(); err != nil {
					return 0, err
				}
			}
			if curvatureOK(dphi) {
				return a, s.accept(phi, true)
			}
			if dphi*(hi-lo) >= 0 {
				hi, fhi, dhi = lo, flo, dlo
			}
			lo, flo, dlo = a, phi, dphi
		}
		return s.fallback("strong Wolfe zoom")
	}
	for s.trials < maxEvals {
		phi, dphi, err := s.eval(alpha, !lazy)
		if err != nil {
			return 0, s.trials, err
		}
		if phi > s.f0+c1*alpha*s.d0 || (aPrev > 0 && phi >= fPrev) || !finite(phi) {
			a, err := zoom(aPrev, fPrev, dPrev, alpha, phi, dphi)
			return a, s.trials, err
		}
		if lazy {
			if dphi, err = s.completeGrad(); err != nil {
				return 0, s.trials, err
			}
		}
		if curvatureOK(dphi) {
			return alpha, s.trials, s.accept(phi, true)
		}
		if dphi >= 0 {
			a, err := zoom(alpha, phi, dphi, aPrev, fPrev, dPrev)
			return a, s.trials, err
		}
		next := cubicMin(aPrev, fPrev, dPrev, alpha, phi, dphi)
		switch {
		case !finite(next):
			next = 2 * alpha
		case next < 1.1*alpha:
			next = 1.1 * alpha
		case next > 4*alpha:
			next = 4 * alpha
		}
		aPrev, fPrev, dPrev = alpha, phi, dphi
		alpha = next
	}
	a, err := s.fallback("strong Wolfe")
	return a, s.trials, err
}

func orDefault(v, def float64) float64 {
	if v == 0 {
		return def
	}
	return v
}

// lineSearchName names a non-default line search for method names.
func lineSearchName(ls LineSearcher) string {
	switch ls.(type) {
	case nil:
		return ""
	case Backtracking, *Backtracking:
		return " + Armijo"
	case StrongWolfe, *StrongWolfe:
		return " + strong Wolfe"
	case MoreThuente, *MoreThuente:
		return " + Moré-Thuente"
	case HagerZhang, *HagerZhang:
		return " + Hager-Zhang"
	}
	return " + custom line search"
}
