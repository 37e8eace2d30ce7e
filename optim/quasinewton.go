package optim

import (
	"context"

	"gonum.org/v1/gonum/mat"
)

// BFGS is the BFGS quasi-Newton method (N&W Alg. 6.1): it keeps a dense approximation
// H_k of the inverse Hessian, searches along −H_k∇f_k, and updates H_k with the BFGS
// formula (N&W eq. 6.17) after each step. Before the first update H_0 is scaled by
// sᵀy/yᵀy (N&W eq. 6.20); an update with sᵀy ≤ 1e-10·‖s‖‖y‖ is skipped, so H_k stays
// positive definite. Cost O(n²) memory and time per iteration.
type BFGS struct {
	// LineSearch defaults to StrongWolfe{} (C1 1e-4, C2 0.9).
	LineSearch LineSearcher
}

// DFP is the Davidon-Fletcher-Powell quasi-Newton method (N&W eq. 6.15 for the inverse):
// like BFGS, with the dual update, which corrects bad curvature estimates more slowly.
type DFP struct {
	// LineSearch defaults to StrongWolfe{}.
	LineSearch LineSearcher
}

var (
	_ Method = (*BFGS)(nil)
	_ Method = (*DFP)(nil)
)

// Name implements Method.
func (m *BFGS) Name() string { return "BFGS" + lineSearchName(m.LineSearch) }

// Name implements Method.
func (m *DFP) Name() string { return "DFP" + lineSearchName(m.LineSearch) }

// Start implements Method.
func (m *BFGS) Start(ctx context.Context, ev *Evaluator, loc *Location) (Stepper, error) {
	return newLineRun(ev, lineOrWolfe(m.LineSearch), newInverseQN(ev.Dim(), false)), nil
}

// Start implements Method.
func (m *DFP) Start(ctx context.Context, ev *Evaluator, loc *Location) (Stepper, error) {
	return newLineRun(ev, lineOrWolfe(m.LineSearch), newInverseQN(ev.Dim(), true)), nil
}

func lineOrWolfe(ls LineSearcher) LineSearcher {
	if ls == nil {
		return StrongWolfe{}
	}
	return ls
}

// inverseQN keeps a dense inverse-Hessian approximation updated by BFGS or DFP.
type inverseQN struct {
	dfp   bool
	h     *mat.SymDense
	fresh bool
	hy    []float64
}

func newInverseQN(n int, dfp bool) *inverseQN {
	q := &inverseQN{dfp: dfp, h: mat.NewSymDense(n, nil), hy: make([]float64, n)}
	q.reset()
	return q
}

func (q *inverseQN) reset() {
	n := q.h.SymmetricDim()
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			v := 0.0
			if i == j {
				v = 1
			}
			q.h.SetSym(i, j, v)
		}
	}
	q.fresh = true
}

func (q *inverseQN) direction(ctx context.Context, loc *Location, dir []float64) (float64, StepInfo, error) {
	if q.fresh {
		scale(dir, -1, loc.Grad)
		gn := norm2(loc.Grad)
		if gn > 1 {
			return 1 / gn, StepInfo{}, nil
		}
		return 1, StepInfo{}, nil
	}
	symMulVec(dir, q.h, loc.Grad)
	scale(dir, -1, dir)
	return 1, StepInfo{}, nil
}

func (q *inverseQN) update(loc *Location, s, y, _, _ []float64, _ float64) {
	sy := dot(s, y)
	if !(sy > 1e-10*norm2(s)*norm2(y)) {
		return
	}
	n := len(s)
	if q.fresh {
		gamma := sy / dot(y, y)
		for i := 0; i < n; i++ {
			q.h.SetSym(i, i, gamma)
		}
		q.fresh = false
	}
	symMulVec(q.hy, q.h, y)
	yhy := dot(y, q.hy)
	rho := 1 / sy
	hy := q.hy
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			var d float64
			if q.dfp {
				// H₊ = H − Hy yᵀH / yᵀHy + s sᵀ / sᵀy
				d = -hy[i]*hy[j]/yhy + rho*s[i]*s[j]
			} else {
				// H₊ = H − ρ(Hy sᵀ + s yᵀH) + (ρ² yᵀHy + ρ) s sᵀ
				d = -rho*(hy[i]*s[j]+s[i]*hy[j]) + (rho*rho*yhy+rho)*s[i]*s[j]
			}
			q.h.SetSym(i, j, q.h.At(i, j)+d)
		}
	}
}
