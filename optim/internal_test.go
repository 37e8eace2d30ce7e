package optim

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func lineSearchers() []LineSearcher {
	return []LineSearcher{Backtracking{}, StrongWolfe{}, MoreThuente{}, HagerZhang{}, StrongWolfe{C2: 0.1}, MoreThuente{C2: 0.1}}
}

// TestLineSearchConditions: from the Rosenbrock start along −∇f and along the Newton
// direction, each line search returns a step meeting its own acceptance conditions.
func TestLineSearchConditions(t *testing.T) {
	p := rosenbrock(2)
	for _, step := range []float64{1e-3, 1, 100} {
		for _, ls := range lineSearchers() {
			ev := NewEvaluator(p, 2, 0)
			loc := &Location{X: []float64{-1.2, 1}, Grad: make([]float64, 2)}
			loc.F, _ = ev.FuncGrad(loc.Grad, loc.X)
			dir := []float64{-loc.Grad[0], -loc.Grad[1]}
			f0, d0 := loc.F, dot(loc.Grad, dir)
			alpha, trials, err := ls.Search(context.Background(), ev, loc, dir, step)
			if err != nil {
				t.Fatalf("%T step %g: %v", ls, step, err)
			}
			if trials < 1 || ev.Stats().FuncEvals < trials {
				t.Errorf("%T: %d trials, %d evaluations", ls, trials, ev.Stats().FuncEvals)
			}
			// loc is consistent with α.
			want := []float64{-1.2 + alpha*dir[0], 1 + alpha*dir[1]}
			if dist(want, loc.X) > 1e-12 || math.Abs(p.Func(loc.X)-loc.F) > 1e-12 {
				t.Errorf("%T: loc not at x + α d", ls)
			}
			g := make([]float64, 2)
			p.Grad(g, loc.X)
			if dist(g, loc.Grad) > 1e-9 {
				t.Errorf("%T: gradient not updated", ls)
			}
			d1 := dot(loc.Grad, dir)
			switch l := ls.(type) {
			case Backtracking:
				if loc.F > f0+1e-4*alpha*d0 {
					t.Errorf("Armijo fails: f %g, bound %g", loc.F, f0+1e-4*alpha*d0)
				}
			case StrongWolfe:
				c2 := orDefault(l.C2, 0.9)
				if loc.F > f0+1e-4*alpha*d0 || math.Abs(d1) > c2*math.Abs(d0) {
					t.Errorf("strong Wolfe (c2 %g) fails at α %g", c2, alpha)
				}
			case MoreThuente:
				c2 := orDefault(l.C2, 0.9)
				if loc.F > f0+1e-4*alpha*d0 || math.Abs(d1) > c2*math.Abs(d0) {
					t.Errorf("Moré-Thuente (c2 %g) fails at α %g", c2, alpha)
				}
			case HagerZhang:
				wolfe := loc.F-f0 <= 0.1*alpha*d0 && d1 >= 0.9*d0
				approx := -0.8*d0 >= d1 && d1 >= 0.9*d0 && loc.F <= f0+1e-6*math.Abs(f0)
				if !wolfe && !approx {
					t.Errorf("Hager-Zhang conditions fail at α %g", alpha)
				}
			}
		}
	}
}

// TestLineSearchBounded: with two trials allowed, a search that starts far too long
// stops after two trials; it keeps the best point if that lowered f and otherwise
// fails with ErrLineSearch, leaving loc alone. A non-descent direction is refused.
func TestLineSearchBounded(t *testing.T) {
	p := rosenbrock(2)
	for _, ls := range []LineSearcher{Backtracking{MaxEvals: 2}, StrongWolfe{MaxEvals: 2}, MoreThuente{MaxEvals: 2}, HagerZhang{MaxEvals: 2}} {
		ev := NewEvaluator(p, 2, 0)
		loc := &Location{X: []float64{-1.2, 1}, Grad: make([]float64, 2)}
		loc.F, _ = ev.FuncGrad(loc.Grad, loc.X)
		f0 := loc.F
		dir := []float64{-loc.Grad[0], -loc.Grad[1]}
		_, trials, err := ls.Search(context.Background(), ev, loc, dir, 1e3)
		if trials > 2 {
			t.Errorf("%T: %d trials", ls, trials)
		}
		switch {
		case err == nil && !(loc.F < f0):
			t.Errorf("%T: accepted a point without decrease", ls)
		case err != nil && (!errors.Is(err, ErrLineSearch) || loc.F != f0 || loc.X[0] != -1.2):
			t.Errorf("%T: error %v, loc %v", ls, err, loc.X)
		}
		up := []float64{loc.Grad[0], loc.Grad[1]}
		if _, _, err := ls.Search(context.Background(), ev, loc, up, 1); !errors.Is(err, ErrLineSearch) {
			t.Errorf("%T: ascent direction gave %v", ls, err)
		}
	}
}

type denseModel struct{ b *mat.SymDense }

func (d denseModel) at(*Location) error            { return nil }
func (d denseModel) dense() *mat.SymDense          { return d.b }
func (d denseModel) mulVec(dst, v []float64) error { symMulVec(dst, d.b, v); return nil }
func (d denseModel) trialGrad() bool               { return false }
func (d denseModel) observe(s, y []float64)        {}

func model(b *mat.SymDense, g, p []float64) float64 {
	bp := make([]float64, len(p))
	symMulVec(bp, b, p)
	return dot(g, p) + 0.5*dot(p, bp)
}

// bruteMin minimizes the 2-D model over the disc by dense sampling of the boundary and
// the interior stationary point.
func bruteMin(b *mat.SymDense, g []float64, delta float64) float64 {
	best := 0.0
	for k := 0; k < 200000; k++ {
		th := 2 * math.Pi * float64(k) / 200000
		best = math.Min(best, model(b, g, []float64{delta * math.Cos(th), delta * math.Sin(th)}))
	}
	var chol mat.Cholesky
	if chol.Factorize(b) {
		var p mat.VecDense
		_ = chol.SolveVecTo(&p, mat.NewVecDense(2, []float64{-g[0], -g[1]}))
		if mat.Norm(&p, 2) <= delta {
			best = math.Min(best, model(b, g, p.RawVector().Data))
		}
	}
	return best
}

// TestSubproblems: Moré-Sorensen finds the global model minimum in the ball (checked by
// brute force in 2-D, including the hard case); dogleg, Steihaug and Cauchy stay in the
// ball and do at least as well as the Cauchy point.
func TestSubproblems(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	type tc struct {
		b     *mat.SymDense
		g     []float64
		delta float64
	}
	cases := []tc{
		{mat.NewSymDense(2, []float64{-1, 0, 0, 2}), []float64{0, 1}, 2},       // hard case
		{mat.NewSymDense(2, []float64{-1, 0, 0, 2}), []float64{1e-3, 1}, 2},    // near hard case
		{mat.NewSymDense(2, []float64{4, 1, 1, 3}), []float64{1, 1}, 10},       // interior
		{mat.NewSymDense(2, []float64{-9.83, 0, 0, 78.3}), []float64{3, 1}, 1}, // indefinite
	}
	for k := 0; k < 20; k++ {
		a, b, c := rng.NormFloat64()*5, rng.NormFloat64()*5, rng.NormFloat64()*5
		cases = append(cases, tc{mat.NewSymDense(2, []float64{a, b, b, c}), []float64{rng.NormFloat64(), rng.NormFloat64()}, 0.1 + 2*rng.Float64()})
	}
	var s trSolver
	for i, c := range cases {
		md := denseModel{c.b}
		p := make([]float64, 2)
		pc := make([]float64, 2)
		if _, _, err := s.solve(Cauchy, md, c.g, c.delta, pc); err != nil {
			t.Fatal(err)
		}
		mc := model(c.b, c.g, pc)
		for _, sub := range []Subproblem{MoreSorensen, Dogleg, Steihaug, Cauchy} {
			if _, _, err := s.solve(sub, md, c.g, c.delta, p); err != nil {
				t.Fatalf("case %d %v: %v", i, sub, err)
			}
			if norm2(p) > c.delta*(1+1e-9) {
				t.Errorf("case %d %v: ‖p‖ = %g > Δ = %g", i, sub, norm2(p), c.delta)
			}
			m := model(c.b, c.g, p)
			if m > mc+1e-12*math.Max(1, math.Abs(mc)) && sub != Dogleg {
				t.Errorf("case %d %v: model %g above the Cauchy point's %g", i, sub, m, mc)
			}
			if sub == Dogleg && m >= 0 {
				t.Errorf("case %d dogleg: no model decrease (%g)", i, m)
			}
			if sub == MoreSorensen {
				if best := bruteMin(c.b, c.g, c.delta); m > best+1e-6*math.Max(1, math.Abs(best)) {
					t.Errorf("case %d Moré-Sorensen: model %g, brute force %g", i, m, best)
				}
			}
		}
	}
}
