package nn

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// SGD is minibatch stochastic gradient descent with optional heavy-ball momentum
// (Polyak 1964): v ← μ·v − η·g, θ ← θ + v, g the gradient on a fresh minibatch.
// History.Damping holds η.
type SGD struct {
	// LR is the step size η. Default 0.1.
	LR float64
	// Momentum is μ in [0, 1). Default 0.
	Momentum float64
}

// Name describes the method.
func (m SGD) Name() string {
	if m.Momentum > 0 {
		return fmt.Sprintf("SGD(η=%g, μ=%g)", m.lr(), m.Momentum)
	}
	return fmt.Sprintf("SGD(η=%g)", m.lr())
}

func (m SGD) lr() float64 { return orDefault(m.LR, 0.1) }

func orDefault(v, d float64) float64 {
	if v <= 0 {
		return d
	}
	return v
}

// Train runs SGD on minibatches of Settings.BatchSize.
func (m SGD) Train(ctx context.Context, train *Objective, theta []float64, s Settings) (*Result, error) {
	r, err := newRun(ctx, m.Name(), train, theta, s)
	if err != nil {
		return nil, err
	}
	lr, mu := m.lr(), min(max(m.Momentum, 0), 0.999)
	mb := train.Minibatches(s.batch(train.Len()), s.Seed)
	x := slices.Clone(theta)
	g := make([]float64, len(x))
	v := make([]float64, len(x))
	step := 0.0
	for {
		o := mb.Next()
		f := o.FuncGrad(g, x)
		r.grad(o)
		if r.record(x, f, g, step, lr, 0) {
			break
		}
		for i := range v {
			v[i] = mu*v[i] - lr*g[i]
			x[i] += v[i]
		}
		step = norm(v)
	}
	return r.finish(x)
}

// Adam is the adaptive-moment method of D. P. Kingma and J. Ba ("Adam: a method for
// stochastic optimization", ICLR 2015, Alg. 1) on minibatches. History.Damping holds η.
type Adam struct {
	// LR is the step size η. Default 1e-3.
	LR float64
	// Beta1 and Beta2 are the moment decay rates. Defaults 0.9 and 0.999.
	Beta1, Beta2 float64
	// Eps is added to √v̂. Default 1e-8.
	Eps float64
}

// Name describes the method.
func (m Adam) Name() string { return fmt.Sprintf("Adam(η=%g)", orDefault(m.LR, 1e-3)) }

// Train runs Adam on minibatches of Settings.BatchSize.
func (m Adam) Train(ctx context.Context, train *Objective, theta []float64, s Settings) (*Result, error) {
	r, err := newRun(ctx, m.Name(), train, theta, s)
	if err != nil {
		return nil, err
	}
	lr, b1, b2, eps := orDefault(m.LR, 1e-3), orDefault(m.Beta1, 0.9), orDefault(m.Beta2, 0.999), orDefault(m.Eps, 1e-8)
	mb := train.Minibatches(s.batch(train.Len()), s.Seed)
	x := slices.Clone(theta)
	n := len(x)
	g, mom, vel := make([]float64, n), make([]float64, n), make([]float64, n)
	step := 0.0
	for t := 1; ; t++ {
		o := mb.Next()
		f := o.FuncGrad(g, x)
		r.grad(o)
		if r.record(x, f, g, step, lr, 0) {
			break
		}
		c1, c2 := 1-math.Pow(b1, float64(t)), 1-math.Pow(b2, float64(t))
		ss := 0.0
		for i, gi := range g {
			mom[i] = b1*mom[i] + (1-b1)*gi
			vel[i] = b2*vel[i] + (1-b2)*gi*gi
			d := lr * (mom[i] / c1) / (math.Sqrt(vel[i]/c2) + eps)
			x[i] -= d
			ss += d * d
		}
		step = math.Sqrt(ss)
	}
	return r.finish(x)
}

// SVRG is stochastic variance-reduced gradient (R. Johnson and T. Zhang, "Accelerating
// stochastic gradient descent using predictive variance reduction", NeurIPS 2013,
// Fig. 1, option I with the snapshot taken at the last iterate): every InnerIters steps
// it stores a snapshot θ̃ and the full gradient μ = ∇f(θ̃), and each step moves along
// the variance-reduced gradient ∇f_B(θ) − ∇f_B(θ̃) + μ of a fresh minibatch B. Each step
// costs two minibatch gradients; each snapshot one full gradient. History.GradNorm is
// the norm of the variance-reduced gradient, Damping η.
type SVRG struct {
	// LR is the step size η. Default 0.05.
	LR float64
	// InnerIters is the number of steps between snapshots. Default two passes over the
	// data: 2·N/BatchSize.
	InnerIters int
}

// Name describes the method.
func (m SVRG) Name() string { return fmt.Sprintf("SVRG(η=%g)", orDefault(m.LR, 0.05)) }

// Train runs SVRG on minibatches of Settings.BatchSize.
func (m SVRG) Train(ctx context.Context, train *Objective, theta []float64, s Settings) (*Result, error) {
	r, err := newRun(ctx, m.Name(), train, theta, s)
	if err != nil {
		return nil, err
	}
	lr := orDefault(m.LR, 0.05)
	bs := s.batch(train.Len())
	inner := m.InnerIters
	if inner <= 0 {
		inner = max(1, 2*train.Len()/bs)
	}
	mb := train.Minibatches(bs, s.Seed)
	x := slices.Clone(theta)
	n := len(x)
	snap, mu, g1, g2, v := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	step := 0.0
	for k := 0; ; k++ {
		if k%inner == 0 {
			copy(snap, x)
			train.FuncGrad(mu, snap)
			r.grad(train)
		}
		o := mb.Next()
		f := o.FuncGrad(g1, x)
		o.Grad(g2, snap)
		r.grad(o)
		r.grad(o)
		for i := range v {
			v[i] = g1[i] - g2[i] + mu[i]
		}
		if r.record(x, f, v, step, lr, 0) {
			break
		}
		axpy(x, -lr, v)
		step = lr * norm(v)
	}
	return r.finish(x)
}

// AdaHessian (Z. Yao, A. Gholami, S. Shen, M. Mustafa, K. Keutzer, M. W. Mahoney,
// "ADAHESSIAN: an adaptive second order optimizer for machine learning", AAAI 2021,
// Alg. 1) is Adam with the squared gradient replaced by the squared Hutchinson estimate
// D = z ⊙ (H·z) of the Hessian diagonal, z a Rademacher vector, one exact
// Hessian-vector product per step on the same minibatch. The paper's spatial averaging
// over convolution kernels is skipped: these are dense layers. History.Damping holds η.
type AdaHessian struct {
	// LR is the step size η. Default 0.15 (the paper's default).
	LR float64
	// Beta1 and Beta2 are the moment decay rates. Defaults 0.9 and 0.999.
	Beta1, Beta2 float64
	// Eps is added to the denominator. Default 1e-4.
	Eps float64
	// HessPower is the exponent k of the denominator (√v̂)^k, in (0, 1]. Default 1.
	HessPower float64
}

// Name describes the method.
func (m AdaHessian) Name() string { return fmt.Sprintf("AdaHessian(η=%g)", orDefault(m.LR, 0.15)) }

// Train runs AdaHessian on minibatches of Settings.BatchSize.
func (m AdaHessian) Train(ctx context.Context, train *Objective, theta []float64, s Settings) (*Result, error) {
	r, err := newRun(ctx, m.Name(), train, theta, s)
	if err != nil {
		return nil, err
	}
	lr, b1, b2, eps := orDefault(m.LR, 0.15), orDefault(m.Beta1, 0.9), orDefault(m.Beta2, 0.999), orDefault(m.Eps, 1e-4)
	k := min(orDefault(m.HessPower, 1), 1)
	mb := train.Minibatches(s.batch(train.Len()), s.Seed)
	rng := rand.New(rand.NewPCG(s.Seed, 0xada))
	x := slices.Clone(theta)
	n := len(x)
	g, z, hz, mom, vel := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	step := 0.0
	for t := 1; ; t++ {
		o := mb.Next()
		f := o.FuncGrad(g, x)
		r.grad(o)
		if r.record(x, f, g, step, lr, 0) {
			break
		}
		for i := range z {
			z[i] = float64(2*int(rng.Uint64()&1) - 1)
		}
		o.HessVec(hz, x, z)
		r.hessVec(o)
		c1, c2 := 1-math.Pow(b1, float64(t)), 1-math.Pow(b2, float64(t))
		ss := 0.0
		for i, gi := range g {
			d := z[i] * hz[i]
			mom[i] = b1*mom[i] + (1-b1)*gi
			vel[i] = b2*vel[i] + (1-b2)*d*d
			den := math.Sqrt(vel[i] / c2)
			if k != 1 {
				den = math.Pow(den, k)
			}
			u := lr * (mom[i] / c1) / (den + eps)
			x[i] -= u
			ss += u * u
		}
		step = math.Sqrt(ss)
	}
	return r.finish(x)
}
