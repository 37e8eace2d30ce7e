package display

import (
	"math"
	"time"

	"github.com/hessnote/hessnote/optim"
)

// fakeRun builds a Result by hand: n iterations of a linearly (rate < 1) converging
// method on a 2-D problem, with a path spiralling into (1, 1).
func fakeRun(name string, n int, rate float64) *optim.Result {
	r := &optim.Result{Method: name, Status: optim.GradientThreshold}
	f, g := 10.0, 50.0
	for k := 0; k <= n; k++ {
		a := float64(k) * 0.7
		rad := 1.2 * math.Pow(rate, float64(k))
		x := []float64{1 + rad*math.Cos(a) - 0.2*rad, 1 + rad*math.Sin(a)}
		r.History = append(r.History, optim.Iteration{
			Iter: k, F: f, GradNorm: g, Step: rad,
			Stats: optim.Stats{Iterations: k, FuncEvals: 2*k + 1, GradEvals: k + 1, HessEvals: k,
				Elapsed: time.Duration(k) * time.Millisecond},
			X: x,
		})
		f *= rate * rate
		g *= rate
	}
	last := r.History[n]
	r.X, r.F, r.Grad, r.Stats = last.X, last.F, []float64{last.GradNorm, -last.GradNorm / 2}, last.Stats
	return r
}

// divergeAt replaces the history of r from iteration k on with NaN and Inf values.
func divergeAt(r *optim.Result, k int) *optim.Result {
	for i := k; i < len(r.History); i++ {
		r.History[i].F = math.NaN()
		r.History[i].GradNorm = math.Inf(1)
		r.History[i].X = []float64{math.NaN(), math.Inf(1)}
	}
	r.Status = optim.Failure
	return r
}
