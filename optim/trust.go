package optim

import (
	"context"
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Subproblem selects how a trust-region method minimizes its model
// m(p) = f + gᵀp + ½pᵀBp over ‖p‖ ≤ Δ.
type Subproblem int

const (
	// MoreSorensen solves the subproblem nearly exactly: safeguarded Newton's method on
	// the secular equation 1/Δ − 1/‖p(λ)‖ = 0 (N&W Alg. 4.3; Moré and Sorensen, SIAM J.
	// Sci. Stat. Comput. 4(3), 1983), evaluated in the eigenbasis of B, including the hard
	// case (N&W §4.3) through the eigenvector of the smallest eigenvalue. O(n³) per solve.
	MoreSorensen Subproblem = iota
	// Dogleg follows the path from the Cauchy point to the Newton point (N&W §4.1). Where B
	// is not positive definite the path is built on B + τI from N&W Alg. 3.3 (scipy's
	// dogleg fails there instead).
	Dogleg
	// Steihaug runs CG on Bp = −g until negative curvature, the boundary, or the residual
	// falls below min(0.5, √‖g‖)·‖g‖ (Steihaug-Toint, N&W Alg. 7.2). It needs only
	// products Bv, so trust-region Newton with Steihaug uses Hessian-vector products.
	Steihaug
	// Cauchy takes the Cauchy point, the model minimizer along −g inside the region
	// (N&W Alg. 4.2): the steepest-descent member of the family, globally convergent and
	// slow.
	Cauchy
)

// String names the subproblem solver.
func (s Subproblem) String() string {
	switch s {
	case MoreSorensen:
		return "Moré-Sorensen"
	case Dogleg:
		return "dogleg"
	case Steihaug:
		return "Steihaug-CG"
	case Cauchy:
		return "Cauchy point"
	}
	return fmt.Sprintf("Subproblem(%d)", int(s))
}

// TrustRegion is trust-region Newton (N&W Alg. 4.1): the model uses the exact Hessian
// (or, with Steihaug and no Problem.Hess, Hessian-vector products), the step solves the
// model within radius Δ, and Δ shrinks to ¼‖p‖ when the ratio ρ of actual to predicted
// reduction is below ¼ and doubles when ρ > ¾ and the step reached the boundary. A step
// is accepted when ρ > Eta. Each Step loops until a step is accepted (rejected trials
// count as Inner), so every major iteration moves. Indefinite Hessians need no
// modification: the subproblem handles negative curvature.
type TrustRegion struct {
	// Subproblem selects the solver; default MoreSorensen.
	Subproblem Subproblem
	// Radius is the initial Δ; default 1.
	Radius float64
	// MaxRadius bounds Δ; default 1e10.
	MaxRadius float64
	// Eta is the acceptance threshold η ∈ [0, ¼); default 1e-4.
	Eta float64
}

// SR1 is the symmetric-rank-one quasi-Newton method in a trust region (N&W Alg. 6.2):
// B₊ = B + (y − Bs)(y − Bs)ᵀ/(y − Bs)ᵀs, skipped when |sᵀ(y − Bs)| < 1e-8‖s‖‖y − Bs‖
// (N&W eq. 6.26). B is updated after every trial, accepted or not, and may be indefinite,
// which the trust region tolerates; B₀ = I scaled by yᵀy/sᵀy after the first step
// when that is positive.
type SR1 struct {
	// Subproblem selects the solver; default MoreSorensen.
	Subproblem Subproblem
	// Radius is the initial Δ; default 1.
	Radius float64
}

var (
	_ Method = (*TrustRegion)(nil)
	_ Method = (*SR1)(nil)
)

// Name implements Method.
func (m *TrustRegion) Name() string { return "trust-region Newton (" + m.Subproblem.String() + ")" }

// Name implements Method.
func (m *SR1) Name() string { return "SR1 trust region (" + m.Subproblem.String() + ")" }

// Start implements Method.
func (m *TrustRegion) Start(ctx context.Context, ev *Evaluator, loc *Location) (Stepper, error) {
	n := ev.Dim()
	md := &hessModel{ev: ev}
	if m.Subproblem != Steihaug || ev.p.Hess != nil {
		md.b = mat.NewSymDense(n, nil)
	}
	return newTRRun(ev, md, m.Subproblem, m.Radius, m.MaxRadius, m.Eta), nil
}

// Start implements Method.
func (m *SR1) Start(ctx context.Context, ev *Evaluator, loc *Location) (Stepper, error) {
	n := ev.Dim()
	b := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		b.SetSym(i, i, 1)
	}
	return newTRRun(ev, &sr1Model{b: b, fresh: true, bs: make([]float64, n)}, m.Subproblem, m.Radius, 0, 0), nil
}

// trModel is what a trust-region run knows about the curvature.
type trModel interface {
	// at prepares the model at a new iterate.
	at(loc *Location) error
	// dense returns B when the model has it as a matrix, else nil.
	dense() *mat.SymDense
	// mulVec sets dst = B·v.
	mulVec(dst, v []float64) error
	// trialGrad reports whether observe needs ∇f at every trial point.
	trialGrad() bool
	// observe learns from a trial step s with y = ∇f(x+s) − ∇f(x).
	observe(s, y []float64)
}

// hessModel is the exact Hessian, dense, or through Hessian-vector products when b is nil.
type hessModel struct {
	ev *Evaluator
	b  *mat.SymDense
	x  []float64
}

func (h *hessModel) at(loc *Location) error {
	h.x = append(h.x[:0], loc.X...)
	if h.b != nil {
		return h.ev.Hess(h.b, loc.X)
	}
	return nil
}
func (h *hessModel) dense() *mat.SymDense { return h.b }
func (h *hessModel) mulVec(dst, v []float64) error {
	if h.b != nil {
		symMulVec(dst, h.b, v)
		return nil
	}
	return h.ev.HessVec(dst, h.x, v)
}
func (h *hessModel) trialGrad() bool        { return false }
func (h *hessModel) observe(s, y []float64) {}

type sr1Model struct {
	b     *mat.SymDense
	fresh bool
	bs    []float64
}

func (m *sr1Model) at(*Location) error   { return nil }
func (m *sr1Model) dense() *mat.SymDense { return m.b }
func (m *sr1Model) mulVec(dst, v []float64) error {
	symMulVec(dst, m.b, v)
	return nil
}
func (m *sr1Model) trialGrad() bool { return true }
func (m *sr1Model) observe(s, y []float64) {
	n := len(s)
	if m.fresh {
		if sy := dot(s, y); sy > 0 {
			g := dot(y, y) / sy
			for i := 0; i < n; i++ {
				m.b.SetSym(i, i, g)
			}
		}
		m.fresh = false
	}
	symMulVec(m.bs, m.b, s)
	for i := range m.bs {
		m.bs[i] = y[i] - m.bs[i]
	}
	den := dot(m.bs, s)
	if math.Abs(den) < 1e-8*norm2(s)*norm2(m.bs) || den == 0 {
		return
	}
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			m.b.SetSym(i, j, m.b.At(i, j)+m.bs[i]*m.bs[j]/den)
		}
	}
}

type trRun struct {
	ev              *Evaluator
	model           trModel
	sub             Subproblem
	delta, maxDelta float64
	eta             float64
	fresh           bool
	p, xt, gt, bp   []float64
	y               []float64
	solver          trSolver
}

func newTRRun(ev *Evaluator, md trModel, sub Subproblem, radius, maxRadius, eta float64) *trRun {
	n := ev.Dim()
	return &trRun{ev: ev, model: md, sub: sub, delta: orDefault(radius, 1), maxDelta: orDefault(maxRadius, 1e10),
		eta: orDefault(eta, 1e-4), fresh: true, p: make([]float64, n), xt: make([]float64, n),
		gt: make([]float64, n), bp: make([]float64, n), y: make([]float64, n)}
}

const maxTRTrials = 60

// Step implements Stepper.
func (r *trRun) Step(ctx context.Context, loc *Location) (StepInfo, error) {
	if r.fresh {
		if err := r.model.at(loc); err != nil {
			return StepInfo{Radius: r.delta}, err
		}
		r.fresh = false
	}
	info := StepInfo{}
	var numErr error
	for trial := 0; trial < maxTRTrials; trial++ {
		if err := Done(ctx); err != nil {
			return info, err
		}
		inner, boundary, err := r.solver.solve(r.sub, r.model, loc.Grad, r.delta, r.p)
		info.Inner += inner
		if err != nil {
			return info, err
		}
		if err := r.model.mulVec(r.bp, r.p); err != nil {
			return info, err
		}
		pred := -(dot(loc.Grad, r.p) + 0.5*dot(r.p, r.bp))
		axpy(r.xt, 1, r.p, loc.X)
		var ft float64
		if r.model.trialGrad() {
			ft, err = r.ev.FuncGrad(r.gt, r.xt)
		} else {
			ft, err = r.ev.Func(r.xt)
		}
		var ne *NumericError
		if errors.As(err, &ne) {
			ft, err, numErr = math.Inf(1), nil, err
		}
		if err != nil {
			return info, err
		}
		ared := loc.F - ft
		rho := ared / pred
		if !(pred > 0) || !finite(rho) {
			rho = -1
		}
		// Near a minimum both reductions drown in rounding; accept any non-increase.
		if pred > 0 && pred <= 1e-15*math.Max(1, math.Abs(loc.F)) && ared >= 0 {
			rho = 1
		}
		pn := norm2(r.p)
		if r.model.trialGrad() && finite(ft) {
			for i := range r.y {
				r.y[i] = r.gt[i] - loc.Grad[i]
			}
			r.model.observe(r.p, r.y)
		}
		switch {
		case rho < 0.25:
			r.delta = 0.25 * math.Min(pn, r.delta)
		case rho > 0.75 && (boundary || pn >= 0.99*r.delta):
			r.delta = math.Min(2*r.delta, r.maxDelta)
		}
		info.Radius = r.delta
		if rho > r.eta {
			if !r.model.trialGrad() {
				if err := r.ev.Grad(r.gt, r.xt); err != nil {
					return info, err
				}
			}
			copy(loc.X, r.xt)
			copy(loc.Grad, r.gt)
			loc.F = ft
			r.fresh = true
			return info, nil
		}
		info.Inner++
		if r.delta <= 1e-15*math.Max(1, norm2(loc.X)) {
			break
		}
	}
	if numErr != nil {
		return info, fmt.Errorf("%w: trust region collapsed (Δ = %g) after non-finite trial values: %w", ErrBreakdown, r.delta, numErr)
	}
	return info, fmt.Errorf("%w: trust region collapsed (Δ = %g) without an acceptable step", ErrBreakdown, r.delta)
}
