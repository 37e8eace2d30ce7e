package optim

import (
	"context"
	"strconv"
)

// LBFGS is limited-memory BFGS (N&W §7.2): the inverse-Hessian approximation is kept
// implicitly as the last Store pairs (s, y) and applied to ∇f by the two-loop recursion
// (N&W Alg. 7.4) with the initial scaling H⁰ = γI, γ = sᵀy/yᵀy of the newest pair (N&W
// eq. 7.20). A pair is stored only when sᵀy > 1e-10·‖s‖‖y‖ (the curvature condition
// the Wolfe search guarantees, guarded against rounding), so H stays positive definite.
// Cost O(Store·n) memory and time per iteration.
type LBFGS struct {
	// Store is the number of pairs kept; default 15 (as gonum's LBFGS).
	Store int
	// LineSearch defaults to StrongWolfe{}.
	LineSearch LineSearcher
}

var _ Method = (*LBFGS)(nil)

// Name implements Method.
func (m *LBFGS) Name() string {
	if m.Store > 0 && m.Store != 15 {
		return "L-BFGS (m=" + strconv.Itoa(m.Store) + ")" + lineSearchName(m.LineSearch)
	}
	return "L-BFGS" + lineSearchName(m.LineSearch)
}

// Start implements Method.
func (m *LBFGS) Start(ctx context.Context, ev *Evaluator, loc *Location) (Stepper, error) {
	store := m.Store
	if store <= 0 {
		store = 15
	}
	return newLineRun(ev, lineOrWolfe(m.LineSearch), &lbfgsDir{store: store, alpha: make([]float64, store)}), nil
}

type lbfgsDir struct {
	store int
	s, y  [][]float64 // oldest first
	rho   []float64
	alpha []float64
}

func (d *lbfgsDir) reset() { d.s, d.y, d.rho = d.s[:0], d.y[:0], d.rho[:0] }

func (d *lbfgsDir) direction(ctx context.Context, loc *Location, dir []float64) (float64, StepInfo, error) {
	copy(dir, loc.Grad)
	k := len(d.s)
	if k == 0 {
		scale(dir, -1, dir)
		gn := norm2(loc.Grad)
		if gn > 1 {
			return 1 / gn, StepInfo{}, nil
		}
		return 1, StepInfo{}, nil
	}
	// N&W Alg. 7.4, first loop: newest to oldest.
	for i := k - 1; i >= 0; i-- {
		d.alpha[i] = d.rho[i] * dot(d.s[i], dir)
		axpy(dir, -d.alpha[i], d.y[i], dir)
	}
	gamma := dot(d.s[k-1], d.y[k-1]) / dot(d.y[k-1], d.y[k-1])
	scale(dir, gamma, dir)
	// Second loop: oldest to newest.
	for i := 0; i < k; i++ {
		beta := d.rho[i] * dot(d.y[i], dir)
		axpy(dir, d.alpha[i]-beta, d.s[i], dir)
	}
	scale(dir, -1, dir)
	return 1, StepInfo{}, nil
}

func (d *lbfgsDir) update(loc *Location, s, y, _, _ []float64, _ float64) {
	sy := dot(s, y)
	if !(sy > 1e-10*norm2(s)*norm2(y)) {
		return
	}
	var sn, yn []float64
	if len(d.s) == d.store {
		sn, yn = d.s[0], d.y[0]
		copy(d.s, d.s[1:])
		copy(d.y, d.y[1:])
		copy(d.rho, d.rho[1:])
		d.s, d.y, d.rho = d.s[:d.store-1], d.y[:d.store-1], d.rho[:d.store-1]
	} else {
		sn, yn = make([]float64, len(s)), make([]float64, len(y))
	}
	copy(sn, s)
	copy(yn, y)
	d.s = append(d.s, sn)
	d.y = append(d.y, yn)
	d.rho = append(d.rho, 1/sy)
}
