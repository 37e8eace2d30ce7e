package optim

import (
	"context"
	"errors"
)

// director is the part of a line-search method that chooses directions; the shared
// driver lineRun does the line search and hands the step back for curvature updates.
type director interface {
	// direction writes the search direction at loc into dir and returns the first trial
	// step length.
	direction(ctx context.Context, loc *Location, dir []float64) (step float64, info StepInfo, err error)
	// update learns from the accepted step s = x₊ − x = α·dir and y = ∇f₊ − ∇f, where
	// dir is the direction actually searched and gPrev = ∇f; loc is x₊.
	update(loc *Location, s, y, dir, gPrev []float64, alpha float64)
	// reset forgets accumulated curvature (after a failed or non-descent direction).
	reset()
}

// lineRun is the Stepper of every line-search method: direction, line search, update.
// When the direction is not a descent direction, or the line search fails along it,
// the run falls back once to steepest descent and resets the director.
type lineRun struct {
	ev                  *Evaluator
	ls                  LineSearcher
	d                   director
	dir, xPrev, s, gPrv []float64
	y                   []float64
}

func newLineRun(ev *Evaluator, ls LineSearcher, d director) *lineRun {
	n := ev.Dim()
	return &lineRun{ev: ev, ls: ls, d: d, dir: make([]float64, n), xPrev: make([]float64, n),
		s: make([]float64, n), gPrv: make([]float64, n), y: make([]float64, n)}
}

func (r *lineRun) steepest(loc *Location) float64 {
	scale(r.dir, -1, loc.Grad)
	gn := norm2(loc.Grad)
	if gn > 1 {
		return 1 / gn
	}
	return 1
}

// Step implements Stepper.
func (r *lineRun) Step(ctx context.Context, loc *Location) (StepInfo, error) {
	step, info, err := r.d.direction(ctx, loc, r.dir)
	if err != nil {
		return info, err
	}
	sd := false
	if gd := dot(r.dir, loc.Grad); !(gd < 0) || !finite(gd) {
		r.d.reset()
		step, sd = r.steepest(loc), true
	}
	copy(r.xPrev, loc.X)
	copy(r.gPrv, loc.Grad)
	alpha, trials, err := r.ls.Search(ctx, r.ev, loc, r.dir, step)
	info.Inner += trials
	if err != nil && errors.Is(err, ErrLineSearch) && !sd {
		r.d.reset()
		step = r.steepest(loc)
		var t int
		alpha, t, err = r.ls.Search(ctx, r.ev, loc, r.dir, step)
		info.Inner += t
	}
	info.Alpha = alpha
	if err != nil {
		return info, err
	}
	for i := range r.s {
		r.s[i] = loc.X[i] - r.xPrev[i]
		r.y[i] = loc.Grad[i] - r.gPrv[i]
	}
	r.d.update(loc, r.s, r.y, r.dir, r.gPrv, alpha)
	return info, nil
}
