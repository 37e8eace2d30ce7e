package optim

import (
	"context"
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// rosenbrock is the chained Rosenbrock function Σ 100(x_{i+1} − x_i²)² + (1 − x_i)²
// with exact derivatives; its minimum is 0 at ones.
func rosenbrock(n int) Problem {
	return Problem{
		Dim: n,
		Func: func(x []float64) float64 {
			s := 0.0
			for i := 0; i < n-1; i++ {
				a, b := x[i+1]-x[i]*x[i], 1-x[i]
				s += 100*a*a + b*b
			}
			return s
		},
		Grad: func(g, x []float64) {
			for i := range g {
				g[i] = 0
			}
			for i := 0; i < n-1; i++ {
				a := x[i+1] - x[i]*x[i]
				g[i] += -400*a*x[i] - 2*(1-x[i])
				g[i+1] += 200 * a
			}
		},
		Hess: func(h *mat.SymDense, x []float64) {
			for i := 0; i < n; i++ {
				for j := i; j < n; j++ {
					h.SetSym(i, j, 0)
				}
			}
			for i := 0; i < n-1; i++ {
				h.SetSym(i, i, h.At(i, i)+1200*x[i]*x[i]-400*x[i+1]+2)
				h.SetSym(i, i+1, -400*x[i])
				h.SetSym(i+1, i+1, h.At(i+1, i+1)+200)
			}
		},
	}
}

func TestRosenbrockSlice(t *testing.T) {
	starts := map[string][]float64{
		"2-D": {-1.2, 1},
		"5-D": {1.3, 0.7, 0.8, 1.9, 1.2},
	}
	methods := []Method{&Newton{}, &Newton{Modification: ClipEigen}, &Newton{Modification: SaddleFree}, &BFGS{}}
	for name, x0 := range starts {
		for _, m := range methods {
			p := rosenbrock(len(x0))
			res, err := Minimize(context.Background(), p, x0, m, Settings{GradTol: 1e-8})
			if err != nil {
				t.Fatalf("%s %s: %v", name, m.Name(), err)
			}
			if res.Status != GradientThreshold {
				t.Errorf("%s %s: status %v", name, m.Name(), res.Status)
			}
			for i, v := range res.X {
				if math.Abs(v-1) > 1e-6 {
					t.Errorf("%s %s: x[%d] = %v, want 1", name, m.Name(), i, v)
				}
			}
			if res.F > 1e-12 {
				t.Errorf("%s %s: f = %v", name, m.Name(), res.F)
			}
			if len(res.History) != res.Stats.Iterations+1 || res.History[0].Iter != 0 {
				t.Errorf("%s %s: history has %d rows for %d iterations", name, m.Name(), len(res.History), res.Stats.Iterations)
			}
			t.Logf("%s %-28s iters %3d  f %4d  g %4d  h %3d", name, m.Name(), res.Stats.Iterations, res.Stats.FuncEvals, res.Stats.GradEvals, res.Stats.HessEvals)
		}
	}
}

func TestDimensionAndNoFunc(t *testing.T) {
	p := rosenbrock(2)
	if _, err := Minimize(context.Background(), p, []float64{1, 2, 3}, &BFGS{}, Settings{}); !errors.Is(err, ErrDimension) {
		t.Errorf("got %v, want ErrDimension", err)
	}
	if _, err := Minimize(context.Background(), Problem{}, []float64{1}, &BFGS{}, Settings{}); !errors.Is(err, ErrNoFunc) {
		t.Errorf("got %v, want ErrNoFunc", err)
	}
}
