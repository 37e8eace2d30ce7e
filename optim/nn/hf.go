package nn

import (
	"context"
	"math"
	"slices"

	"github.com/hessnote/hessnote/optim"
)

// HF is Hessian-free optimization (J. Martens, "Deep learning via Hessian-free
// optimization", ICML 2010). Each iteration computes the gradient on the full training
// objective and approximately minimizes the damped quadratic model
//
//	q(d) = ½ dᵀ(G + λI)d + ∇fᵀd
//
// by conjugate gradients with Gauss–Newton products G·v (Schraudolph 2002) on a
// curvature minibatch, then:
//   - CG starts from 0.95 times the previous CG solution (Sec. 4.5);
//   - CG stops on relative progress: at iteration i with k = max(10, ⌈0.1·i⌉), when
//     q(d_i) < 0 and (q(d_i) − q(d_{i−k})) / q(d_i) < k·ε (Sec. 4.4);
//   - CG iterates are saved at i = ⌈1.3^j⌉ and the last; walking back from the last, the
//     saved iterate with the lowest f is taken (CG-iterate backtracking, Sec. 4.6);
//   - λ follows Levenberg–Marquardt: with ρ = (f(θ+d) − f(θ)) / (M(d) − M(0)), λ ← 3/2·λ
//     if ρ < 1/4 and λ ← 2/3·λ if ρ > 3/4 (Sec. 4.1), and nothing else changes λ;
//   - the step is shortened by an Armijo backtracking line search (α ← 0.8·α, constant
//     10⁻²) before it is taken; when no step passes, none is taken, and the next CG run
//     still starts from 0.95 times this one's solution (the ρ rule has already raised λ);
//   - optionally CG is preconditioned by M = (diag(F) + η + λ)^0.75 with F the empirical
//     Fisher of the curvature batch and η the L2 coefficient, so the preconditioner
//     approximates the same matrix G + λI (G includes η) that CG solves with (Sec. 4.7).
//
// The reduction ratio ρ uses the undamped model M(d) = ½dᵀGd + ∇fᵀd, that is q(d)
// less ½λ‖d‖²: λ is a trust-region device, not part of the model of f, so ρ measures how
// well the curvature predicts f. Martens (2010, Sec. 4.1) writes q_θ without saying
// which; K-FAC (Martens and Grosse 2015, Sec. 6.5) says undamped, and both methods here
// use that. When the model predicts no decrease (M(d) ≥ 0, at a stationary point) ρ is
// undefined and λ is left alone, so λ does not grow without bound after convergence.
//
// Each CG step costs one Gauss–Newton product on the curvature batch; each backtracking
// or line-search trial one forward pass on the training set. History.Inner holds the CG
// steps and Damping λ.
type HF struct {
	// Damping is the initial λ. Default 1.
	Damping float64
	// MaxCG bounds CG steps per iteration. Default 250.
	MaxCG int
	// CGTol is ε of the relative-progress test. Default 5e-4.
	CGTol float64
	// CurvBatch is the size of the Gauss–Newton minibatch (drawn anew each iteration);
	// 0 or at least the training set size uses the whole training set.
	CurvBatch int
	// Precondition turns on the diagonal preconditioner.
	Precondition bool
}

// Name describes the method.
func (m HF) Name() string {
	s := "HF"
	if m.Precondition {
		s += "+precond"
	}
	return s
}

func (m HF) params() (lambda float64, maxCG int, eps float64) {
	lambda, maxCG, eps = m.Damping, m.MaxCG, m.CGTol
	if lambda <= 0 {
		lambda = 1
	}
	if maxCG <= 0 {
		maxCG = 250
	}
	if eps <= 0 {
		eps = 5e-4
	}
	return
}

// Train runs Hessian-free optimization; Settings.BatchSize is not used (see CurvBatch).
func (m HF) Train(ctx context.Context, train *Objective, theta []float64, s Settings) (*Result, error) {
	r, err := newRun(ctx, m.Name(), train, theta, s)
	if err != nil {
		return nil, err
	}
	lambda, maxCG, eps := m.params()
	n := train.Dim()
	x := slices.Clone(theta)
	g := make([]float64, n)
	f := train.FuncGrad(g, x)
	r.grad(train)
	var curv *Minibatches
	if m.CurvBatch > 0 && m.CurvBatch < train.Len() {
		curv = train.Minibatches(m.CurvBatch, s.Seed)
	}
	cg := newCG(n)
	prev := make([]float64, n)
	trial := make([]float64, n)
	var diag []float64
	if m.Precondition {
		diag = make([]float64, n)
	}
	if r.record(x, f, g, 0, lambda, 0) {
		return r.finish(x)
	}
	for {
		cobj := train
		if curv != nil {
			cobj = curv.Next()
			r.work.Func += float64(cobj.b) // the forward pass of the products on this batch
		}
		var precond []float64
		if m.Precondition {
			cobj.FisherDiag(diag, x)
			r.grad(cobj)
			for i, v := range diag {
				diag[i] = math.Pow(v+train.L2+lambda, 0.75)
			}
			precond = diag
		}
		for i := range prev {
			prev[i] *= 0.95
		}
		steps := cg.solve(r, cobj, x, g, lambda, prev, precond, maxCG, eps)
		if r.status != optim.NotTerminated {
			break
		}
		copy(prev, cg.x)
		// CG-iterate backtracking: walk back while an earlier saved iterate is better.
		j := len(cg.saved) - 1
		fj := evalAt(r, train, trial, x, 1, cg.saved[j])
		for j > 0 && !r.budgetUp() {
			fp := evalAt(r, train, trial, x, 1, cg.saved[j-1])
			if !(fp < fj) {
				break
			}
			j, fj = j-1, fp
		}
		d := cg.saved[j]
		model := cg.phi[j] - 0.5*lambda*dot(d, d) // undamped M(d) − M(0)
		if model < 0 {
			switch rho := (fj - f) / model; {
			case !(rho >= 0.25): // also a NaN or infinite f(θ+d)
				lambda *= 1.5
			case rho > 0.75:
				lambda *= 2.0 / 3
			}
		}
		// Armijo backtracking on the chosen step.
		gd := dot(g, d)
		alpha, fa := 1.0, fj
		for k := 0; k < 60 && !(fa <= f+1e-2*alpha*gd) && !r.budgetUp(); k++ {
			alpha *= 0.8
			fa = evalAt(r, train, trial, x, alpha, d)
		}
		step := 0.0
		if fa <= f+1e-2*alpha*gd && gd < 0 {
			axpy(x, alpha, d)
			step = alpha * norm(d)
			f = train.FuncGrad(g, x)
			r.grad(train)
		}
		if r.record(x, f, g, step, lambda, steps) {
			break
		}
	}
	return r.finish(x)
}

// evalAt returns f(x + alpha·d) on o, using buf.
func evalAt(r *run, o *Objective, buf, x []float64, alpha float64, d []float64) float64 {
	copy(buf, x)
	axpy(buf, alpha, d)
	r.fn(o)
	return o.Func(buf)
}

// cgState holds the buffers of the preconditioned CG of HF.
type cgState struct {
	x, res, y, p, ap []float64
	saved            [][]float64
	phi              []float64 // q at the saved iterates
	hist             []float64 // q at every iterate
}

func newCG(n int) *cgState {
	return &cgState{x: make([]float64, n), res: make([]float64, n), y: make([]float64, n),
		p: make([]float64, n), ap: make([]float64, n)}
}

// solve runs preconditioned CG on (G + λI)d = −g from x0 (Martens 2010, Alg. 1 and
// Sec. 4.4–4.6) and returns the number of CG steps. Saved iterates and their model
// values are left in c.saved and c.phi; the last CG iterate in c.x.
func (c *cgState) solve(r *run, o *Objective, theta, g []float64, lambda float64, x0, precond []float64, maxCG int, eps float64) int {
	c.saved = c.saved[:0]
	c.phi = c.phi[:0]
	c.hist = c.hist[:0]
	copy(c.x, x0)
	mul := func(dst, v []float64) {
		o.GGNVec(dst, theta, v)
		r.ggn(o)
		axpy(dst, lambda, v)
	}
	// res = −g − A·x0.
	if norm(x0) > 0 {
		mul(c.ap, c.x)
	} else {
		clear(c.ap)
	}
	for i := range c.res {
		c.res[i] = -g[i] - c.ap[i]
	}
	c.applyPrecond(precond)
	copy(c.p, c.y)
	ry := dot(c.res, c.y)
	q := func() float64 { // q(x) = ½xᵀ(g − res)
		s := 0.0
		for i, v := range c.x {
			s += v * (g[i] - c.res[i])
		}
		return 0.5 * s
	}
	c.hist = append(c.hist, q())
	nextSave := 1
	saveExp := 0
	steps, savedAt := 0, -1
	gnorm := norm(g)
	for i := 1; i <= maxCG; i++ {
		if r.canceled() || r.timeUp() || r.budgetUp() {
			break
		}
		mul(c.ap, c.p)
		pap := dot(c.p, c.ap)
		if pap <= 0 || ry <= 0 {
			break
		}
		alpha := ry / pap
		axpy(c.x, alpha, c.p)
		axpy(c.res, -alpha, c.ap)
		c.applyPrecond(precond)
		ryNew := dot(c.res, c.y)
		beta := ryNew / ry
		ry = ryNew
		for j := range c.p {
			c.p[j] = c.y[j] + beta*c.p[j]
		}
		steps = i
		qi := q()
		c.hist = append(c.hist, qi)
		if i == nextSave {
			c.save(qi)
			savedAt = i
			for nextSave <= i {
				saveExp++
				nextSave = int(math.Ceil(math.Pow(1.3, float64(saveExp))))
			}
		}
		k := max(10, int(math.Ceil(0.1*float64(i))))
		if i > k && qi < 0 && (qi-c.hist[i-k])/qi < float64(k)*eps {
			break
		}
		if norm(c.res) <= 1e-12*gnorm {
			break
		}
	}
	if savedAt != steps {
		c.save(c.hist[len(c.hist)-1])
	}
	return steps
}

func (c *cgState) save(q float64) {
	c.saved = append(c.saved, slices.Clone(c.x))
	c.phi = append(c.phi, q)
}

func (c *cgState) applyPrecond(m []float64) {
	if m == nil {
		copy(c.y, c.res)
		return
	}
	for i, v := range c.res {
		c.y[i] = v / m[i]
	}
}
