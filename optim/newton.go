package optim

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Modification says how Newton makes an indefinite Hessian positive definite.
type Modification int

const (
	// AddIdentity factors ∇²f + τI by Cholesky with τ raised from 0 (or from
	// β − min diag) by doubling until the factorization succeeds (N&W Alg. 3.3).
	AddIdentity Modification = iota
	// ClipEigen replaces eigenvalues below δ by δ (N&W §3.4, eq. 3.41).
	ClipEigen
	// SaddleFree replaces each eigenvalue λ by max(|λ|, δ), so negative curvature
	// repels the iterate from saddle points (Dauphin et al., "Identifying and attacking
	// the saddle point problem in high-dimensional non-convex optimization", NeurIPS 2014).
	SaddleFree
)

// String names the modification.
func (m Modification) String() string {
	switch m {
	case AddIdentity:
		return "Cholesky+τI"
	case ClipEigen:
		return "eigenvalue clip"
	case SaddleFree:
		return "saddle-free |H|"
	}
	return fmt.Sprintf("Modification(%d)", int(m))
}

// Newton is Newton's method with Hessian modification and a line search (N&W §3.4): it
// solves B_k p = −∇f_k where B_k is ∇²f_k made positive definite by Modification, so
// the step is a descent direction even where the Hessian is indefinite, then searches
// along p from α = 1. Each iteration costs one Hessian and an O(n³) factorization.
// Without Problem.Hess the Hessian comes from Hessian-vector products or finite
// differences.
type Newton struct {
	// Modification selects the Hessian modification; default AddIdentity.
	Modification Modification
	// Beta is β of N&W Alg. 3.3, the first shift tried; default 1e-3.
	Beta float64
	// Delta is the eigenvalue floor δ of ClipEigen and SaddleFree; default
	// 100·ε·max(1, max|λ|) with ε the machine epsilon (a relative floor: a larger one
	// would flatten the small but genuine eigenvalues of badly scaled problems).
	Delta float64
	// LineSearch defaults to Backtracking{}.
	LineSearch LineSearcher
}

var _ Method = (*Newton)(nil)

// Name implements Method.
func (m *Newton) Name() string {
	return "Newton (" + m.Modification.String() + ")" + lineSearchName(m.LineSearch)
}

// Start implements Method.
func (m *Newton) Start(ctx context.Context, ev *Evaluator, loc *Location) (Stepper, error) {
	ls := m.LineSearch
	if ls == nil {
		ls = Backtracking{}
	}
	n := ev.Dim()
	d := &newtonDir{m: *m, ev: ev, h: mat.NewSymDense(n, nil), a: mat.NewSymDense(n, nil)}
	return newLineRun(ev, ls, d), nil
}

type newtonDir struct {
	m    Newton
	ev   *Evaluator
	h, a *mat.SymDense
	chol mat.Cholesky
	eig  mat.EigenSym
}

func (d *newtonDir) direction(ctx context.Context, loc *Location, dir []float64) (float64, StepInfo, error) {
	if err := d.ev.Hess(d.h, loc.X); err != nil {
		return 0, StepInfo{}, err
	}
	tau, err := modifiedSolve(d.h, d.a, &d.chol, &d.eig, d.m.Modification, d.m.Beta, d.m.Delta, loc.Grad, dir)
	return 1, StepInfo{Damping: tau}, err
}

func (d *newtonDir) update(*Location, []float64, []float64, []float64, []float64, float64) {}
func (d *newtonDir) reset()                                                                {}

// modifiedSolve solves (H modified) p = −g into p and returns the size of the
// modification (τ, or the largest eigenvalue change). a is scratch of H's size.
func modifiedSolve(h, a *mat.SymDense, chol *mat.Cholesky, eig *mat.EigenSym, mod Modification, beta, delta float64, g, p []float64) (float64, error) {
	n := h.SymmetricDim()
	rhs := mat.NewVecDense(n, nil)
	for i := range g {
		rhs.SetVec(i, -g[i])
	}
	pv := mat.NewVecDense(n, p)
	switch mod {
	case AddIdentity:
		beta = orDefault(beta, 1e-3)
		minDiag := math.Inf(1)
		for i := 0; i < n; i++ {
			minDiag = math.Min(minDiag, h.At(i, i))
		}
		tau := 0.0
		if !(minDiag > 0) {
			tau = -minDiag + beta
		}
		for try := 0; try < 200; try++ {
			a.CopySym(h)
			for i := 0; i < n; i++ {
				a.SetSym(i, i, a.At(i, i)+tau)
			}
			if chol.Factorize(a) {
				if err := chol.SolveVecTo(pv, rhs); err == nil {
					return tau, nil
				}
			}
			tau = math.Max(2*tau, beta)
		}
		return tau, fmt.Errorf("%w: no shift τ made the Hessian positive definite", ErrBreakdown)
	case ClipEigen, SaddleFree:
		if !eig.Factorize(h, true) {
			return 0, fmt.Errorf("%w: eigendecomposition failed", ErrBreakdown)
		}
		vals := eig.Values(nil)
		var q mat.Dense
		eig.VectorsTo(&q)
		maxAbs := 0.0
		for _, v := range vals {
			maxAbs = math.Max(maxAbs, math.Abs(v))
		}
		if delta == 0 {
			delta = 100 * 2.220446049250313e-16 * math.Max(1, maxAbs)
		}
		var qtg mat.VecDense
		qtg.MulVec(q.T(), rhs)
		change := 0.0
		for i, l := range vals {
			m := math.Max(l, delta)
			if mod == SaddleFree {
				m = math.Max(math.Abs(l), delta)
			}
			change = math.Max(change, m-l)
			qtg.SetVec(i, qtg.AtVec(i)/m)
		}
		pv.MulVec(&q, &qtg)
		return change, nil
	}
	return 0, fmt.Errorf("optim: unknown Hessian modification %d", int(mod))
}
