package nn

import (
	"context"
	"fmt"
	"slices"
)

// SQN is the stochastic quasi-Newton method of R. H. Byrd, S. L. Hansen, J. Nocedal and
// Y. Singer ("A stochastic quasi-Newton method for large-scale optimization", SIAM J.
// Optim. 26(2), 2016, Alg. 1): steps θ ← θ − η·H·g with g a minibatch gradient and H the
// L-BFGS inverse-Hessian approximation (two-loop recursion, N&W Alg. 7.4, with
// γ = sᵀy/yᵀy). The curvature pairs are decoupled from the noisy gradients: every
// UpdateEvery steps, s is the difference of the averages of the iterates over the last
// two windows and y = ∇²f_S(θ̄)·s a product on a separate, larger curvature minibatch S
// (here the Gauss–Newton product, positive semidefinite on a nonconvex network, or the
// exact Hessian with UseHessian), plus δ·s. Pairs with sᵀy ≤ 10⁻¹⁰·sᵀs are skipped. Until the
// first pair exists the steps are plain SGD. Unlike the paper (η_k = β/k) the step size
// is constant. History.Damping holds η.
type SQN struct {
	// LR is the step size η. Default 0.05.
	LR float64
	// Memory is the number of stored pairs. Default 10.
	Memory int
	// UpdateEvery is the window L between curvature pairs. Default 10.
	UpdateEvery int
	// HessBatch is the size of the curvature minibatch. Default 5·BatchSize.
	HessBatch int
	// Damping δ is added to the curvature: y = (∇²f_S + δI)s, which bounds the
	// eigenvalues of H by 1/δ. Default 0.01; negative means none.
	Damping float64
	// UseHessian uses exact Hessian-vector products for y instead of Gauss–Newton ones.
	UseHessian bool
}

// Name describes the method.
func (m SQN) Name() string { return fmt.Sprintf("SQN(η=%g)", orDefault(m.LR, 0.05)) }

// Train runs SQN on minibatches of Settings.BatchSize.
func (m SQN) Train(ctx context.Context, train *Objective, theta []float64, s Settings) (*Result, error) {
	r, err := newRun(ctx, m.Name(), train, theta, s)
	if err != nil {
		return nil, err
	}
	lr := orDefault(m.LR, 0.05)
	mem := m.Memory
	if mem <= 0 {
		mem = 10
	}
	L := m.UpdateEvery
	if L <= 0 {
		L = 10
	}
	damp := m.Damping
	if damp == 0 {
		damp = 0.01
	}
	bs := s.batch(train.Len())
	hb := m.HessBatch
	if hb <= 0 {
		hb = 5 * bs
	}
	mb := train.Minibatches(bs, s.Seed)
	hmb := train.Minibatches(hb, s.Seed+1)
	x := slices.Clone(theta)
	n := len(x)
	g, d, avg, prevAvg, sv, yv := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	lb := newLBFGS(n, mem)
	havePrev := false
	step := 0.0
	for k := 1; ; k++ {
		o := mb.Next()
		f := o.FuncGrad(g, x)
		r.grad(o)
		if r.record(x, f, g, step, lr, 0) {
			break
		}
		copy(d, g)
		lb.apply(d)
		axpy(x, -lr, d)
		step = lr * norm(d)
		axpy(avg, 1, x)
		if k%L == 0 {
			for i := range avg {
				avg[i] /= float64(L)
			}
			if havePrev {
				for i := range sv {
					sv[i] = avg[i] - prevAvg[i]
				}
				ho := hmb.Next()
				// At a new point the product makes its own forward pass (and, for ∇²f·v,
				// backward pass): counted as f (or f and ∇f) on the batch.
				if m.UseHessian {
					ho.HessVec(yv, avg, sv)
					r.hessVec(ho)
					r.work.Grad += float64(ho.b)
				} else {
					ho.GGNVec(yv, avg, sv)
					r.ggn(ho)
					r.work.Func += float64(ho.b)
				}
				if damp > 0 {
					axpy(yv, damp, sv)
				}
				lb.push(sv, yv)
			}
			copy(prevAvg, avg)
			clear(avg)
			havePrev = true
		}
	}
	return r.finish(x)
}

// lbfgs stores curvature pairs and applies the two-loop recursion.
type lbfgs struct {
	s, y  [][]float64
	rho   []float64
	alpha []float64
	mem   int
}

func newLBFGS(n, mem int) *lbfgs {
	return &lbfgs{mem: mem, alpha: make([]float64, mem)}
}

// push adds the pair (s, y) unless sᵀy ≤ 10⁻¹⁰·sᵀs; it reports whether it was kept.
func (l *lbfgs) push(s, y []float64) bool {
	sy := dot(s, y)
	if !(sy > 1e-10*dot(s, s)) {
		return false
	}
	if len(l.s) == l.mem {
		s0, y0 := l.s[0], l.y[0]
		l.s, l.y, l.rho = l.s[1:], l.y[1:], l.rho[1:]
		copy(s0, s)
		copy(y0, y)
		l.s, l.y = append(l.s, s0), append(l.y, y0)
	} else {
		l.s, l.y = append(l.s, slices.Clone(s)), append(l.y, slices.Clone(y))
	}
	l.rho = append(l.rho, 1/sy)
	return true
}

// apply replaces q by H·q (two-loop recursion, N&W Alg. 7.4); with no pairs H = I.
func (l *lbfgs) apply(q []float64) {
	k := len(l.s)
	if k == 0 {
		return
	}
	for i := k - 1; i >= 0; i-- {
		l.alpha[i] = l.rho[i] * dot(l.s[i], q)
		axpy(q, -l.alpha[i], l.y[i])
	}
	gamma := dot(l.s[k-1], l.y[k-1]) / dot(l.y[k-1], l.y[k-1])
	for i := range q {
		q[i] *= gamma
	}
	for i := 0; i < k; i++ {
		beta := l.rho[i] * dot(l.y[i], q)
		axpy(q, l.alpha[i]-beta, l.s[i])
	}
}
