package nn

import (
	"context"
	"math"
	"math/rand/v2"
	"time"
)

// Work is the computation a training run has spent, by kind. Evaluations and products
// are counted in examples processed (one on a minibatch of B examples adds B), so that
// work on minibatches and on the full set add up; K-FAC's linear algebra, whose cost does
// not depend on the batch, is counted in operations. Every call is counted at its full
// price even when it reuses a pass cached by the call before it (a Gauss–Newton product
// after a gradient at the same point skips the forward pass), so Work is an upper bound
// within a few percent. Priced by Costs, Work gives gradient-equivalent passes over the
// data (Passes): the cost unit of notebook 6.
type Work struct {
	// Grad: examples through gradient evaluations (a forward and a backward pass, with the
	// value of f).
	Grad float64
	// Func: examples through evaluations of f alone (a forward pass): line searches,
	// backtracking, reduction ratios.
	Func float64
	// GGNVec: examples through Gauss–Newton-vector products G·v.
	GGNVec float64
	// HessVec: examples through exact Hessian-vector products ∇²f·v.
	HessVec float64
	// Factors: examples through K-FAC's factor statistics (a backward pass of sampled
	// targets and the outer products Ā, G of each layer).
	Factors float64
	// Precond: K-FAC's applications of the inverse factors to a gradient (every layer's
	// Ā⁻¹∇G⁻¹), one per step and one per damping candidate.
	Precond int
	// Invert: K-FAC's inversions of all factors (every layer's two damped factors).
	Invert int
}

// Add returns w + v.
func (w Work) Add(v Work) Work {
	return Work{Grad: w.Grad + v.Grad, Func: w.Func + v.Func, GGNVec: w.GGNVec + v.GGNVec, HessVec: w.HessVec + v.HessVec,
		Factors: w.Factors + v.Factors, Precond: w.Precond + v.Precond, Invert: w.Invert + v.Invert}
}

// Passes prices w in gradient-equivalent passes over a training set of n examples: one
// pass is the cost of one gradient on all n examples, so
//
//	passes = (Grad + c.Func·Func + c.GGNVec·GGNVec + c.HessVec·HessVec + c.Factors·Factors)/n
//	       + c.Precond·Precond + c.Invert·Invert.
//
// Precond and Invert are priced in full gradients of the objective the Costs were
// measured on, which should be the same training set. Zero fields of c take their
// defaults (see Costs).
func (w Work) Passes(c Costs, n int) float64 {
	c = c.withDefaults()
	per := w.Grad + c.Func*w.Func + c.GGNVec*w.GGNVec + c.HessVec*w.HessVec + c.Factors*w.Factors
	return per/float64(max(n, 1)) + c.Precond*float64(w.Precond) + c.Invert*float64(w.Invert)
}

// Costs price each kind of Work relative to a gradient. Func, GGNVec, HessVec and Factors
// are per example, relative to a gradient per example (a gradient is 1 by definition);
// Precond and Invert are per operation, in gradients on the whole objective they were
// measured on. MeasureCosts measures them. A zero field takes its default: 1 for the
// per-example kinds (the price of a gradient, an upper bound for Func) and 0 for Precond
// and Invert (not counted).
type Costs struct {
	Func, GGNVec, HessVec, Factors float64
	Precond, Invert                float64
}

func (c Costs) withDefaults() Costs {
	for _, p := range []*float64{&c.Func, &c.GGNVec, &c.HessVec, &c.Factors} {
		if *p <= 0 {
			*p = 1
		}
	}
	c.Precond, c.Invert = max(c.Precond, 0), max(c.Invert, 0)
	return c
}

// MeasureCosts times each kind of Work on o at theta and returns its cost relative to one
// gradient of o (f and ∇f on all o.Len() examples): the operations take turns for reps
// rounds (at least 3), and the fastest time of each is divided by the fastest time of a
// gradient. Each operation is
// timed as the training methods use it: a gradient and f alone from scratch (the cache
// cleared), Gauss–Newton and Hessian-vector products and K-FAC's factor statistics after a
// gradient at the same point (reusing its forward pass, as in CG and in a K-FAC step),
// and K-FAC's preconditioning and inversion (default damping) on the factors of o. The
// per-example costs assume the time of a pass grows linearly with the batch, which
// overstates the speed of small minibatches a little; wall time is the check on that.
// The result depends on the machine and on its load.
func MeasureCosts(ctx context.Context, o *Objective, theta []float64, reps int) Costs {
	reps = max(reps, 3)
	n := o.Dim()
	g, v, out := make([]float64, n), make([]float64, n), make([]float64, n)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range v {
		v[i] = rng.NormFloat64()
	}
	layers := make([]*kfacLayer, o.net.NumLayers())
	for i, l := range o.net.layers {
		layers[i] = &kfacLayer{l: l, a: make([]float64, (l.In+1)*(l.In+1)), g: make([]float64, l.Out*l.Out),
			ainv: make([]float64, (l.In+1)*(l.In+1)), ginv: make([]float64, l.Out*l.Out), tmp: make([]float64, (l.In+1)*l.Out)}
	}
	gamma := 0.1 // √(default λ = 0.01)
	none := func() {}
	warm := func() { o.ClearCache(); o.FuncGrad(g, theta) }
	ops := []struct {
		setup, op func()
	}{
		{o.ClearCache, func() { o.FuncGrad(g, theta) }},
		{o.ClearCache, func() { o.Func(theta) }},
		{warm, func() { o.GGNVec(out, theta, v) }},
		{warm, func() { o.HessVec(out, theta, v) }},
		{warm, func() { kfacStats(o, theta, layers, 0.5, rng) }},
		{none, func() {
			for _, kl := range layers {
				kl.solve(out, g)
			}
		}},
		{none, func() {
			for _, kl := range layers {
				_ = kl.invert(gamma)
			}
		}},
	}
	// The operations take turns, reps rounds, and each keeps its fastest time: on a
	// shared machine the fastest run is the one least disturbed, and taking turns spreads
	// any change of load over all of them.
	best := make([]float64, len(ops))
	for i := range best {
		best[i] = math.Inf(1)
	}
	o.FuncGrad(g, theta)
	warm()
	kfacStats(o, theta, layers, 0, rng) // factors to invert and apply
	for _, kl := range layers {
		if err := kl.invert(gamma); err != nil {
			return Costs{}
		}
	}
	for k := 0; k < reps && ctx.Err() == nil; k++ {
		for i, op := range ops {
			op.setup()
			t0 := time.Now()
			op.op()
			best[i] = min(best[i], time.Since(t0).Seconds())
		}
	}
	grad := best[0]
	if !(grad > 0) || math.IsInf(grad, 0) {
		return Costs{}
	}
	c := Costs{Func: best[1] / grad, GGNVec: best[2] / grad, HessVec: best[3] / grad, Factors: best[4] / grad,
		Precond: best[5] / grad, Invert: best[6] / grad}
	return c
}
