package nn

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/hessnote/hessnote/optim"
)

// Method is a training algorithm, configured by the fields of its struct (HF, KFAC, SVRG,
// SQN, AdaHessian, SGD, Adam, FullBatch). A Method holds options only; one value can
// serve many runs.
type Method interface {
	// Name names the method and the options that matter, for legends.
	Name() string
	// Train minimizes the objective train from theta (which it does not change).
	Train(ctx context.Context, train *Objective, theta []float64, s Settings) (*Result, error)
}

var (
	_ Method = HF{}
	_ Method = KFAC{}
	_ Method = SVRG{}
	_ Method = SQN{}
	_ Method = AdaHessian{}
	_ Method = SGD{}
	_ Method = Adam{}
	_ Method = FullBatch{}
)

// Settings control a training run. The zero value of every field selects its default.
type Settings struct {
	// MaxIter bounds iterations (parameter updates). Default 100, or none when Budget
	// is set.
	MaxIter int
	// Budget, when positive, bounds the work of the run in gradient-equivalent passes
	// over the training data (Work.Passes at Costs): the run stops with Status
	// optim.EvaluationLimit at the end of the first iteration that reaches it, so it may
	// overshoot by part of one iteration; the expensive parts of an iteration check it
	// too (HF ends its CG run, backtracking and line search there; K-FAC stops before
	// factor inversions the budget cannot pay for).
	Budget float64
	// Costs price the work for Budget and for Eval.Passes (zero fields take the defaults
	// of Costs); measure them with MeasureCosts.
	Costs Costs
	// MaxTime bounds the wall time spent training (held-out evaluations excluded).
	// Default none.
	MaxTime time.Duration
	// BatchSize is the minibatch size of stochastic methods. Default 100 (at most the
	// number of examples).
	BatchSize int
	// Seed makes minibatch sampling and random probes reproducible. Default 0 (itself a
	// valid seed).
	Seed uint64
	// Test, when set, is evaluated (loss, accuracy) every EvalEvery iterations; pass the
	// training objective itself to trace the full training loss of a stochastic method.
	Test *Objective
	// EvalEvery is the interval of held-out evaluations. Default 10.
	EvalEvery int
	// Callback, when set, sees every Iteration as it is recorded; returning false stops
	// the run with Status CallbackStop.
	Callback func(it optim.Iteration) bool
	// DivergeFactor: the run stops with Status optim.Diverged and a
	// *optim.DivergenceError when the loss of an iteration (the minibatch loss for
	// stochastic methods, checked every iteration) or of a held-out evaluation exceeds
	// f₀ + DivergeFactor·max(1, |f₀|), f₀ the first recorded loss, or is not finite.
	// The Result then holds the best checkpoint (lowest held-out loss, or lowest mean
	// training loss over EvalEvery iterations). Default 10 (losses here are ≥ 0 and start
	// near their chance level); negative disables the threshold, not the finiteness check.
	DivergeFactor float64
}

func (s Settings) divergeFactor() float64 {
	if s.DivergeFactor == 0 {
		return 10
	}
	return s.DivergeFactor
}

func (s Settings) maxIter() int {
	if s.MaxIter <= 0 {
		if s.Budget > 0 {
			return math.MaxInt32
		}
		return 100
	}
	return s.MaxIter
}

func (s Settings) batch(n int) int {
	b := s.BatchSize
	if b <= 0 {
		b = 100
	}
	return min(b, n)
}

// Eval is one held-out evaluation.
type Eval struct {
	// Iter is the iteration after which it was taken, Epoch the passes of gradients over
	// the training data so far (examples used by gradients / training set size; function
	// evaluations and curvature products are not counted: Passes counts them).
	Iter  int
	Epoch float64
	// Elapsed is the training wall time so far (evaluations excluded).
	Elapsed time.Duration
	// Work is the computation so far, Passes its price in gradient-equivalent passes
	// over the training data at Settings.Costs.
	Work   Work
	Passes float64
	// Loss is the objective on the held-out set (without the L2 term), Accuracy its
	// classification accuracy (NaN for regression).
	Loss, Accuracy float64
}

// Result is a training run: the optim.Result (final parameters X, the full training
// objective F and gradient Grad at X, Status, Stats and per-iteration History) and the
// held-out evaluations. In the History of stochastic methods F is the minibatch loss of
// that iteration and GradNorm the infinity norm of the minibatch gradient. Stats count
// evaluations on minibatches like those on the full set; Gauss–Newton products count as
// HessVecEvals.
type Result struct {
	*optim.Result
	// Work is the computation of the training run, by kind (the final evaluation of F
	// and Grad at X, which every method makes for the Result, is not included), and
	// Passes its price at Settings.Costs.
	Work   Work
	Passes float64
	// Evals are the held-out evaluations, every Settings.EvalEvery iterations and at the
	// end.
	Evals []Eval
}

// Train runs method m on train from theta: m.Train(ctx, train, theta, s).
func Train(ctx context.Context, m Method, train *Objective, theta []float64, s Settings) (*Result, error) {
	if m == nil {
		return nil, fmt.Errorf("nn: nil method")
	}
	return m.Train(ctx, train, theta, s)
}

// run is the bookkeeping every method shares: History, Stats, limits, evaluations,
// cancellation.
type run struct {
	ctx      context.Context
	s        Settings
	train    *Objective
	res      *Result
	stats    optim.Stats
	start    time.Time
	paused   time.Duration
	examples float64 // examples seen by gradient evaluations
	work     Work
	status   optim.Status
	err      error
	iter     int

	// Divergence watch and the best checkpoint.
	f0, limit   float64
	sumF        float64 // training losses since the last checkpoint
	nF          int
	best        []float64
	bestLoss    float64
	hasBestLoss bool
}

func newRun(ctx context.Context, name string, train *Objective, theta []float64, s Settings) (*run, error) {
	if train == nil {
		return nil, fmt.Errorf("%w: nil objective", optim.ErrDimension)
	}
	if len(theta) != train.Dim() {
		return nil, fmt.Errorf("%w: theta has %d entries, net has %d parameters", optim.ErrDimension, len(theta), train.Dim())
	}
	if s.Test != nil && s.Test.net.n != train.net.n {
		return nil, fmt.Errorf("%w: test objective has %d parameters, train %d", optim.ErrDimension, s.Test.net.n, train.net.n)
	}
	r := &run{ctx: ctx, s: s, train: train, start: time.Now(),
		res: &Result{Result: &optim.Result{Method: name}}}
	return r, nil
}

func (r *run) elapsed() time.Duration { return time.Since(r.start) - r.paused }

// grad counts one gradient (with its function value) on an objective.
func (r *run) grad(o *Objective) {
	r.stats.FuncEvals++
	r.stats.GradEvals++
	r.examples += float64(o.b)
	r.work.Grad += float64(o.b)
}

// fn counts one evaluation of f alone on o.
func (r *run) fn(o *Objective) {
	r.stats.FuncEvals++
	r.work.Func += float64(o.b)
}

// ggn counts one Gauss–Newton product on o (as a HessVecEval).
func (r *run) ggn(o *Objective) {
	r.stats.HessVecEvals++
	r.work.GGNVec += float64(o.b)
}

// hessVec counts one exact Hessian-vector product on o.
func (r *run) hessVec(o *Objective) {
	r.stats.HessVecEvals++
	r.work.HessVec += float64(o.b)
}

// passes prices the work so far.
func (r *run) passes() float64 { return r.work.Passes(r.s.Costs, r.train.b) }

// budgetUp reports whether Settings.Budget is spent (for long inner loops, which then end
// early; the iteration's record sets the status).
func (r *run) budgetUp() bool { return r.s.Budget > 0 && r.passes() >= r.s.Budget }

// wouldExceed reports whether doing w more work would overrun Settings.Budget: methods
// with an expensive part of an iteration (K-FAC's inversions) stop before it instead.
func (r *run) wouldExceed(w Work) bool {
	return r.s.Budget > 0 && r.work.Add(w).Passes(r.s.Costs, r.train.b) > r.s.Budget
}

func infNorm(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		m = max(m, math.Abs(x))
	}
	return m
}

// record appends the state after an iteration and reports whether to stop.
func (r *run) record(theta []float64, f float64, g []float64, step, damping float64, inner int) bool {
	it := optim.Iteration{Iter: r.iter, F: f, Step: step, Damping: damping, Inner: inner}
	it.GradNorm = math.NaN()
	if g != nil {
		it.GradNorm = infNorm(g)
	}
	r.stats.Iterations = r.iter
	r.stats.Elapsed = r.elapsed()
	it.Stats = r.stats
	r.res.History = append(r.res.History, it)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		r.diverge(f, &optim.NumericError{What: "f", Value: f, Index: -1, Iter: r.iter})
		return true
	}
	for i, v := range theta {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			r.diverge(f, &optim.NumericError{What: "parameters", Value: v, Index: i, Iter: r.iter})
			return true
		}
	}
	if r.iter == 0 {
		r.f0, r.limit = f, math.Inf(1)
		if k := r.s.divergeFactor(); k > 0 {
			r.limit = f + k*math.Max(1, math.Abs(f))
		}
		r.best = slices.Clone(theta)
	}
	if f > r.limit {
		r.diverge(f, nil)
		return true
	}
	r.sumF += f
	r.nF++
	every := r.s.EvalEvery
	if every <= 0 {
		every = 10
	}
	if r.iter%every == 0 {
		loss := r.sumF / float64(r.nF)
		if r.s.Test != nil {
			loss = r.evaluate(theta)
			if !(loss <= r.limit) {
				r.diverge(loss, nil)
				return true
			}
		}
		if !r.hasBestLoss || loss < r.bestLoss {
			r.bestLoss, r.hasBestLoss = loss, true
			copy(r.best, theta)
		}
		r.sumF, r.nF = 0, 0
	}
	r.iter++
	switch {
	case r.s.Callback != nil && !r.s.Callback(it):
		r.status = optim.CallbackStop
	case optim.Done(r.ctx) != nil:
		r.status = optim.Canceled
	case it.Iter >= r.s.maxIter():
		r.status = optim.IterationLimit
	case r.s.MaxTime > 0 && r.elapsed() >= r.s.MaxTime:
		r.status = optim.TimeLimit
	case r.budgetUp():
		r.status = optim.EvaluationLimit
	}
	return r.status != optim.NotTerminated
}

// diverge stops the run with Status Diverged; the Result will be the best checkpoint.
func (r *run) diverge(f float64, cause error) {
	r.status = optim.Diverged
	r.err = &optim.DivergenceError{F: f, F0: r.f0, Factor: r.s.divergeFactor(), Iter: r.iter, Err: cause}
}

func (r *run) fail(err error) {
	r.status = optim.Failure
	r.err = err
}

// canceled reports whether the run must stop now (for checks inside long iterations).
func (r *run) canceled() bool {
	if optim.Done(r.ctx) != nil {
		r.status = optim.Canceled
		return true
	}
	return false
}

// timeUp reports whether Settings.MaxTime has passed (for long inner loops, which then
// end early; the iteration's record sets the status).
func (r *run) timeUp() bool { return r.s.MaxTime > 0 && r.elapsed() >= r.s.MaxTime }

// evaluate records a held-out evaluation at theta and returns its loss.
func (r *run) evaluate(theta []float64) float64 {
	t0 := time.Now()
	el := r.elapsed()
	t := r.s.Test
	l2 := t.L2
	t.L2 = 0
	loss := t.Func(theta)
	t.L2 = l2
	acc := t.Accuracy(theta)
	ev := Eval{Iter: r.iter, Epoch: r.examples / float64(r.train.b), Elapsed: el, Work: r.work, Passes: r.passes(),
		Loss: loss, Accuracy: acc}
	r.res.Evals = append(r.res.Evals, ev)
	r.paused += time.Since(t0)
	return loss
}

// finish evaluates the full training objective at theta (at the best checkpoint after a
// divergence) and returns the Result.
func (r *run) finish(theta []float64) (*Result, error) {
	res := r.res
	if r.status == optim.NotTerminated {
		r.status = optim.IterationLimit
	}
	if r.status == optim.Diverged && r.best != nil {
		theta = r.best
	}
	res.Status = r.status
	res.Work, res.Passes = r.work, r.passes()
	res.X = slices.Clone(theta)
	res.Grad = make([]float64, len(theta))
	res.F = r.train.FuncGrad(res.Grad, theta)
	r.grad(r.train)
	if r.s.Test != nil && (len(res.Evals) == 0 || res.Evals[len(res.Evals)-1].Iter != r.iter-1) {
		r.iter-- // the evaluation belongs to the last recorded iteration
		r.evaluate(theta)
		r.iter++
	}
	r.stats.Iterations = max(r.iter-1, 0)
	r.stats.Elapsed = r.elapsed()
	res.Stats = r.stats
	return res, r.err
}

// axpy computes y += a·x.
func axpy(y []float64, a float64, x []float64) {
	for i, v := range x {
		y[i] += a * v
	}
}

func dot(x, y []float64) float64 {
	s := 0.0
	for i, v := range x {
		s += v * y[i]
	}
	return s
}

func norm(x []float64) float64 { return math.Sqrt(dot(x, x)) }
