package optim

import (
	"context"
	"math"
)

// NewtonCG is the line-search Newton-CG (truncated Newton) method of N&W Alg. 7.1: the
// Newton equations ∇²f p = −∇f are solved approximately by CG, stopped when the residual
// falls below η‖∇f‖ with the forcing term η = min(0.5, √‖∇f‖) (superlinear convergence,
// N&W Thm. 7.2), or when CG meets a direction of non-positive curvature, in which case
// the iterate so far is used, or −∇f if that happens at the first CG step (so the method
// never heads toward a maximum or saddle, unlike scipy issue #20213). It needs only
// Hessian-vector products: Problem.HessVec, or products with Problem.Hess, or finite
// differences of the gradient (two gradients per product).
type NewtonCG struct {
	// MaxCG bounds the CG steps per iteration; default min(2n, 500).
	MaxCG int
	// LineSearch defaults to Backtracking{}.
	LineSearch LineSearcher
}

var _ Method = (*NewtonCG)(nil)

// Name implements Method.
func (m *NewtonCG) Name() string { return "Newton-CG" + lineSearchName(m.LineSearch) }

// Start implements Method.
func (m *NewtonCG) Start(ctx context.Context, ev *Evaluator, loc *Location) (Stepper, error) {
	ls := m.LineSearch
	if ls == nil {
		ls = Backtracking{}
	}
	n := ev.Dim()
	maxCG := m.MaxCG
	if maxCG <= 0 {
		maxCG = min(2*n, 500)
	}
	d := &newtonCGDir{ev: ev, maxCG: maxCG, r: make([]float64, n), d: make([]float64, n), hd: make([]float64, n)}
	return newLineRun(ev, ls, d), nil
}

type newtonCGDir struct {
	ev       *Evaluator
	maxCG    int
	r, d, hd []float64
}

func (c *newtonCGDir) direction(ctx context.Context, loc *Location, z []float64) (float64, StepInfo, error) {
	g := loc.Grad
	gn := norm2(g)
	eps := math.Min(0.5, math.Sqrt(gn)) * gn
	for i := range z {
		z[i] = 0
		c.r[i] = g[i]
		c.d[i] = -g[i]
	}
	rr := dot(c.r, c.r)
	j := 0
	for ; j < c.maxCG; j++ {
		if err := Done(ctx); err != nil {
			return 1, StepInfo{Inner: j}, err
		}
		if err := c.ev.HessVec(c.hd, loc.X, c.d); err != nil {
			return 1, StepInfo{Inner: j}, err
		}
		dhd := dot(c.d, c.hd)
		if dhd <= 0 {
			if j == 0 {
				scale(z, -1, g)
			}
			return 1, StepInfo{Inner: j + 1}, nil
		}
		alpha := rr / dhd
		axpy(z, alpha, c.d, z)
		axpy(c.r, alpha, c.hd, c.r)
		rr1 := dot(c.r, c.r)
		if math.Sqrt(rr1) <= eps {
			return 1, StepInfo{Inner: j + 1}, nil
		}
		beta := rr1 / rr
		rr = rr1
		for i := range c.d {
			c.d[i] = -c.r[i] + beta*c.d[i]
		}
	}
	return 1, StepInfo{Inner: j}, nil
}

func (c *newtonCGDir) update(*Location, []float64, []float64, []float64, []float64, float64) {}
func (c *newtonCGDir) reset()                                                                {}
