package nn

import (
	"context"
	"slices"
	"time"

	"github.com/hessnote/hessnote/optim"
)

// FullBatch runs a classical method of package optim (L-BFGS, BFGS, Newton-CG, trust
// regions, …) through optim.Minimize on the full training objective, with the exact
// Hessian-vector product (or, with GaussNewton, the Gauss–Newton product) as its
// HessVec. Held-out evaluations are taken at the last point where the objective was
// evaluated when an iteration ends, which for line-search methods is the new iterate;
// their time is excluded from the recorded Elapsed. Settings.Budget is checked after
// every iteration; Result.Work counts every evaluation and product optim makes.
type FullBatch struct {
	// Method is the optim method; required.
	Method optim.Method
	// GaussNewton supplies Gauss–Newton products as HessVec.
	GaussNewton bool
	// GradTol is optim.Settings.GradTol. Default 1e-6.
	GradTol float64
}

// Name describes the method.
func (m FullBatch) Name() string {
	if m.Method == nil {
		return "FullBatch(nil)"
	}
	return m.Method.Name()
}

// Train runs optim.Minimize with Settings.MaxIter, MaxTime, Budget and Callback; BatchSize and
// Seed are not used.
func (m FullBatch) Train(ctx context.Context, train *Objective, theta []float64, s Settings) (*Result, error) {
	r, err := newRun(ctx, m.Name(), train, theta, s)
	if err != nil {
		return nil, err
	}
	if m.Method == nil {
		return nil, optim.ErrNoFunc
	}
	p := train.Problem()
	if m.GaussNewton {
		p = train.GGNProblem()
	}
	last := slices.Clone(theta)
	nb := float64(train.b)
	fg := p.FuncGrad
	p.FuncGrad = func(grad, x []float64) float64 {
		copy(last, x)
		r.work.Grad += nb
		return fg(grad, x)
	}
	f := p.Func
	p.Func = func(x []float64) float64 {
		copy(last, x)
		r.work.Func += nb
		return f(x)
	}
	if gr := p.Grad; gr != nil {
		p.Grad = func(grad, x []float64) {
			r.work.Grad += nb
			gr(grad, x)
		}
	}
	if hv := p.HessVec; hv != nil {
		p.HessVec = func(dst, x, v []float64) {
			if m.GaussNewton {
				r.work.GGNVec += nb
			} else {
				r.work.HessVec += nb
			}
			hv(dst, x, v)
		}
	}
	every := s.EvalEvery
	if every <= 0 {
		every = 10
	}
	var pausedAt []time.Duration // evaluation time spent before iteration i's record
	// The time limit is applied here, on training time without the evaluations.
	timedOut, overBudget := false, false
	opt := optim.Settings{GradTol: m.GradTol, MaxIter: s.maxIter(), PathDim: -1, DivergeFactor: s.divergeFactor()}
	opt.Callback = func(it optim.Iteration) bool {
		pausedAt = append(pausedAt, r.paused)
		if s.MaxTime > 0 && it.Stats.Elapsed-r.paused >= s.MaxTime {
			timedOut = true
		}
		if r.budgetUp() {
			overBudget = true
		}
		if s.Test != nil && it.Iter%every == 0 {
			r.iter = it.Iter
			r.examples = float64(it.Stats.GradEvals) * float64(train.b)
			r.evaluate(last) // adds its duration to r.paused
			ev := &r.res.Evals[len(r.res.Evals)-1]
			ev.Elapsed = it.Stats.Elapsed - pausedAt[len(pausedAt)-1]
		}
		if s.Callback != nil && !s.Callback(it) {
			return false
		}
		return !timedOut && !overBudget
	}
	res, err := optim.Minimize(ctx, p, theta, m.Method, opt)
	if res == nil {
		return nil, err
	}
	switch {
	case timedOut && res.Status == optim.CallbackStop:
		res.Status = optim.TimeLimit
	case overBudget && res.Status == optim.CallbackStop:
		res.Status = optim.EvaluationLimit
	}
	for i := range res.History {
		if i < len(pausedAt) {
			res.History[i].Stats.Elapsed -= pausedAt[i]
		}
	}
	res.Stats.Elapsed -= r.paused
	out := &Result{Result: res, Work: r.work, Passes: r.passes(), Evals: r.res.Evals}
	if s.Test != nil && len(res.History) > 0 {
		lastIt := res.History[len(res.History)-1]
		if len(out.Evals) == 0 || out.Evals[len(out.Evals)-1].Iter != lastIt.Iter {
			r.iter = lastIt.Iter
			r.evaluate(res.X)
			ev := &r.res.Evals[len(r.res.Evals)-1]
			ev.Elapsed = res.Stats.Elapsed
			out.Evals = r.res.Evals
		}
	}
	return out, err
}
