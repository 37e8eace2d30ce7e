package optim

import (
	"context"
	"errors"
	"math"
)

// HagerZhang is the approximate-Wolfe line search of W. W. Hager and H. Zhang, "A new
// conjugate gradient method with guaranteed descent and an efficient line search", SIAM
// J. Optim. 16(1), 2005, §4 (and "Algorithm 851: CG_DESCENT", ACM TOMS 32(1), 2006).
// It accepts a step satisfying either the Wolfe conditions or the approximate Wolfe
// conditions (2δ−1)φ'(0) ≥ φ'(α) ≥ σφ'(0) with φ(α) ≤ φ(0) + ε|φ(0)|, which can be
// tested accurately near a minimum where f differences drown in rounding. Trials come
// from the double secant step (secant²) with bisection when the interval shrinks slowly.
type HagerZhang struct {
	// Delta (δ) is the sufficient-decrease constant; default 0.1.
	Delta float64
	// Sigma (σ) is the curvature constant; default 0.9.
	Sigma float64
	// Epsilon (ε) sets the allowed relative rise of f; default 1e-6.
	Epsilon float64
	// MaxEvals bounds the trials; default 30.
	MaxEvals int
}

var _ LineSearcher = HagerZhang{}

var (
	errHZDone   = errors.New("hz: done")
	errHZBudget = errors.New("hz: budget")
)

// Search implements LineSearcher.
func (hz HagerZhang) Search(ctx context.Context, ev *Evaluator, loc *Location, dir []float64, step float64) (float64, int, error) {
	delta := orDefault(hz.Delta, 0.1)
	sigma := orDefault(hz.Sigma, 0.9)
	eps := orDefault(hz.Epsilon, 1e-6)
	maxEvals := hz.MaxEvals
	if maxEvals <= 0 {
		maxEvals = 30
	}
	const (
		theta = 0.5
		gamma = 0.66
		rho   = 5.0
	)
	s, err := newLineState(ev, loc, dir)
	if err != nil {
		return 0, 0, err
	}
	c := step
	if !(c > 0) || !finite(c) {
		c = 1
	}
	phi0, dphi0 := s.f0, s.d0
	epsK := eps * math.Abs(phi0)
	type pt struct{ a, f, d float64 }
	var found pt
	// evaluate φ and φ' at a, stopping the search as soon as a point is acceptable.
	evalAt := func(a float64) (pt, error) {
		if s.trials >= maxEvals {
			return pt{}, errHZBudget
		}
		f, d, err := s.eval(a, true)
		if err != nil {
			return pt{}, err
		}
		p := pt{a, f, d}
		if finite(f) {
			wolfe := f-phi0 <= delta*a*dphi0 && d >= sigma*dphi0
			approx := (2*delta-1)*dphi0 >= d && d >= sigma*dphi0 && f <= phi0+epsK
			if wolfe || approx {
				found = p
				return p, errHZDone
			}
		}
		return p, nil
	}
	// update3 is the bisection of [a, b] when φ'(b) < 0 and φ(b) is too high (steps U3a-c).
	update3 := func(a, b pt) (pt, pt, error) {
		for {
			d, err := evalAt((1-theta)*a.a + theta*b.a)
			if err != nil {
				return a, b, err
			}
			if d.d >= 0 && finite(d.f) {
				return a, d, nil
			}
			if d.f <= phi0+epsK {
				a = d
			} else {
				b = d
			}
		}
	}
	update := func(a, b, c pt) (pt, pt, error) {
		if !(c.a > a.a && c.a < b.a) {
			return a, b, nil
		}
		if c.d >= 0 && finite(c.f) {
			return a, c, nil
		}
		if c.f <= phi0+epsK {
			return c, b, nil
		}
		return update3(a, c)
	}
	secant := func(a, b pt) float64 {
		return (a.a*b.d - b.a*a.d) / (b.d - a.d)
	}
	run := func() error {
		// Bracket (B0-B3): expand by ρ until φ' ≥ 0 or φ rises above φ(0) + ε.
		lo := pt{0, phi0, dphi0}
		var a, b pt
		for {
			p, err := evalAt(c)
			if err != nil {
				return err
			}
			if p.d >= 0 && finite(p.f) {
				a, b = lo, p
				break
			}
			if p.f > phi0+epsK || !finite(p.f) {
				if a, b, err = update3(pt{0, phi0, dphi0}, p); err != nil {
					return err
				}
				break
			}
			lo = p
			c *= rho
		}
		// Main loop (L1-L3): secant² then bisection when the interval shrinks slowly.
		for {
			width := b.a - a.a
			if s.tooSmall(width) {
				return nil
			}
			// secant²
			cs := secant(a, b)
			A, B := a, b
			if finite(cs) && cs > a.a && cs < b.a {
				p, err := evalAt(cs)
				if err != nil {
					return err
				}
				if A, B, err = update(a, b, p); err != nil {
					return err
				}
				var cbar float64
				switch cs {
				case B.a:
					cbar = secant(b, B)
				case A.a:
					cbar = secant(a, A)
				}
				if (cs == A.a || cs == B.a) && finite(cbar) && cbar > A.a && cbar < B.a {
					q, err := evalAt(cbar)
					if err != nil {
						return err
					}
					if A, B, err = update(A, B, q); err != nil {
						return err
					}
				}
			}
			if B.a-A.a > gamma*width {
				m, err := evalAt(0.5 * (A.a + B.a))
				if err != nil {
					return err
				}
				if A, B, err = update(A, B, m); err != nil {
					return err
				}
			}
			a, b = A, B
		}
	}
	err = run()
	switch {
	case errors.Is(err, errHZDone):
		return found.a, s.trials, s.accept(found.f, true)
	case err != nil && !errors.Is(err, errHZBudget):
		return 0, s.trials, err
	}
	a, err := s.fallback("Hager-Zhang")
	return a, s.trials, err
}
