package functions

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"
	gf "gonum.org/v1/gonum/optimize/functions"
)

func relErr(a, b float64) float64 {
	return math.Abs(a-b) / math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// points returns the start and two nearby points where derivatives are checked.
func points(tp TestProblem) [][]float64 {
	rng := rand.New(rand.NewPCG(1, 2))
	pts := [][]float64{tp.X0}
	for k := 0; k < 2; k++ {
		x := make([]float64, len(tp.X0))
		for i, v := range tp.X0 {
			x[i] = v + 0.1*(rng.Float64()-0.5)*math.Max(1, math.Abs(v))
		}
		if tp.Name == "Helical valley" && x[0] == 0 {
			x[0] = -0.9
		}
		pts = append(pts, x)
	}
	return pts
}

func TestDerivatives(t *testing.T) {
	for _, tp := range Set() {
		n := len(tp.X0)
		p := tp.Problem
		for _, x := range points(tp) {
			f, gad, had := sumSquares(tp.res(vars(x)), n)
			if e := relErr(p.Func(x), f); e > 1e-12 {
				t.Errorf("%s: gonum f %v, residual f %v", tp.Name, p.Func(x), f)
			}
			// gonum's gradient against the dual numbers and against central differences.
			g := make([]float64, n)
			p.Grad(g, x)
			gfd := fd.Gradient(nil, p.Func, x, &fd.Settings{Formula: fd.Central, Step: 1e-6 * math.Max(1, mat.Norm(mat.NewVecDense(n, x), math.Inf(1)))})
			scale := math.Max(1, mat.Norm(mat.NewVecDense(n, gad), math.Inf(1)))
			for i := range g {
				if math.Abs(g[i]-gad[i]) > 1e-9*scale {
					t.Errorf("%s: ∂f/∂x%d = %v, dual numbers give %v", tp.Name, i, g[i], gad[i])
				}
				if math.Abs(g[i]-gfd[i]) > 1e-5*scale {
					t.Errorf("%s: ∂f/∂x%d = %v, finite differences give %v", tp.Name, i, g[i], gfd[i])
				}
			}
			// The Hessian against the dual numbers and central differences of the gradient.
			h := mat.NewSymDense(n, nil)
			p.Hess(h, x)
			jac := mat.NewDense(n, n, nil)
			fd.Jacobian(jac, func(y, xx []float64) { p.Grad(y, xx) }, x, &fd.JacobianSettings{Formula: fd.Central, Step: 1e-6 * math.Max(1, mat.Norm(mat.NewVecDense(n, x), math.Inf(1)))})
			hs := math.Max(1, mat.Norm(h, math.Inf(1)))
			for i := 0; i < n; i++ {
				for j := 0; j < n; j++ {
					if math.Abs(h.At(i, j)-had[i*n+j]) > 1e-8*hs {
						t.Errorf("%s: H[%d,%d] = %v, dual numbers give %v", tp.Name, i, j, h.At(i, j), had[i*n+j])
					}
					if math.Abs(h.At(i, j)-jac.At(i, j)) > 1e-4*hs {
						t.Errorf("%s: H[%d,%d] = %v, finite differences give %v", tp.Name, i, j, h.At(i, j), jac.At(i, j))
					}
				}
			}
			// Least squares: ½‖r‖² = f and J against differences of r.
			ls := tp.LeastSquares
			r := make([]float64, ls.M)
			ls.Residual(r, x)
			if e := relErr(0.5*mat.Dot(mat.NewVecDense(ls.M, r), mat.NewVecDense(ls.M, r)), f); e > 1e-12 {
				t.Errorf("%s: ½‖r‖² differs from f by %v", tp.Name, e)
			}
			J := mat.NewDense(ls.M, n, nil)
			ls.Jacobian(J, x)
			Jfd := mat.NewDense(ls.M, n, nil)
			fd.Jacobian(Jfd, ls.Residual, x, &fd.JacobianSettings{Formula: fd.Central})
			js := math.Max(1, mat.Norm(J, math.Inf(1)))
			if !mat.EqualApprox(J, Jfd, 1e-5*js) {
				t.Errorf("%s: Jacobian differs from finite differences", tp.Name)
			}
		}
	}
}

func TestKnownMinima(t *testing.T) {
	for _, tp := range Set() {
		if math.IsNaN(tp.FMin) {
			t.Errorf("%s: unknown FMin", tp.Name)
		}
		if tp.XMin == nil {
			continue
		}
		f := tp.Problem.Func(tp.XMin)
		if !tp.Reached(f) && math.Abs(f-tp.FMin) > 1e-10*math.Max(1, tp.FMin) {
			t.Errorf("%s: f(XMin) = %v, FMin %v", tp.Name, f, tp.FMin)
		}
		g := make([]float64, len(tp.XMin))
		tp.Problem.Grad(g, tp.XMin)
		if gn := mat.Norm(mat.NewVecDense(len(g), g), math.Inf(1)); gn > 1e-6 {
			t.Errorf("%s: ‖∇f(XMin)‖∞ = %v", tp.Name, gn)
		}
	}
}

// TestLocalMinima: every listed local minimum is one: at LocalMinX[i] f equals
// LocalMins[i], the gradient is below 1e-8 and the Hessian (dense eigendecomposition) is
// positive definite, and f there is above FMin. Chained Rosenbrock 10-D must list its
// local minimum 3.98658.
func TestLocalMinima(t *testing.T) {
	probs := append(Set(), Rosenbrock("Rosenbrock 4-D", fill(4, 0)), Rosenbrock("Rosenbrock 6-D", fill(6, 0)),
		Rosenbrock("Rosenbrock 7-D", fill(7, 0)))
	for _, tp := range probs {
		if len(tp.LocalMinX) != len(tp.LocalMins) {
			t.Errorf("%s: %d local minima, %d minimizers", tp.Name, len(tp.LocalMins), len(tp.LocalMinX))
			continue
		}
		n := len(tp.X0)
		for i, x := range tp.LocalMinX {
			f := tp.Problem.Func(x)
			if math.Abs(f-tp.LocalMins[i]) > 1e-10*math.Abs(f) || !(f > tp.FMin) {
				t.Errorf("%s: f(LocalMinX[%d]) = %v, listed %v", tp.Name, i, f, tp.LocalMins[i])
			}
			g := make([]float64, n)
			tp.Problem.Grad(g, x)
			if gn := mat.Norm(mat.NewVecDense(n, g), math.Inf(1)); gn > 1e-8 {
				t.Errorf("%s: ‖∇f‖∞ = %v at local minimum %d", tp.Name, gn, i)
			}
			h := mat.NewSymDense(n, nil)
			tp.Problem.Hess(h, x)
			var eig mat.EigenSym
			if !eig.Factorize(h, false) {
				t.Fatalf("%s: eigendecomposition failed", tp.Name)
			}
			v := eig.Values(nil)
			if !(v[0] > 1e-6*v[n-1]) {
				t.Errorf("%s: local minimum %d has Hessian eigenvalues %v", tp.Name, i, v)
			}
		}
	}
	if r := Set()[2]; len(r.LocalMins) != 1 || math.Abs(r.LocalMins[0]-3.98658) > 1e-5 {
		t.Errorf("%s: LocalMins %v, want 3.98658", r.Name, r.LocalMins)
	}
}

// TestBiggsEXP6Saddle documents why 5.6556e-3 is not listed: at the point quoted for it
// the Hessian has a negative eigenvalue, along x₁ − x₅.
func TestBiggsEXP6Saddle(t *testing.T) {
	tp := BiggsEXP6()
	x := []float64{1.7114159947, 17.6831981849, 1.16314439795, 5.18656155171, 1.71141599478, 1.16314439806}
	if f := tp.Problem.Func(x); math.Abs(f-5.65565e-3) > 1e-8 {
		t.Fatalf("f = %v", f)
	}
	h := mat.NewSymDense(6, nil)
	tp.Problem.Hess(h, x)
	var eig mat.EigenSym
	eig.Factorize(h, true)
	v := eig.Values(nil)
	t.Logf("eigenvalues %v", v)
	if !(v[0] < 0) {
		t.Errorf("smallest eigenvalue %v, want negative", v[0])
	}
}

// TestBealeIndefinite checks the teaching case: the Hessian of Beale at (1, 1) has
// eigenvalues −9.83 and 78.3.
func TestBealeIndefinite(t *testing.T) {
	tp := Beale()
	h := mat.NewSymDense(2, nil)
	tp.Problem.Hess(h, tp.X0)
	var eig mat.EigenSym
	if !eig.Factorize(h, false) {
		t.Fatal("eigendecomposition failed")
	}
	v := eig.Values(nil)
	if math.Abs(v[0]+9.83) > 0.01 || math.Abs(v[1]-78.3) > 0.1 {
		t.Errorf("eigenvalues %v, want −9.83 and 78.3", v)
	}
}

// TestGonumBealeHessian documents why wrongHess lists Beale: gonum's Beale.Hess
// disagrees with the dual-number Hessian (and with finite differences) at (1, 4). If
// this test fails, gonum has fixed it and the entry can go.
func TestGonumBealeHessian(t *testing.T) {
	x := []float64{1, 4}
	h := mat.NewSymDense(2, nil)
	gf.Beale{}.Hess(h, x)
	_, _, had := sumSquares(BealeHard().res(vars(x)), 2)
	if math.Abs(h.At(0, 1)-had[1]) < 1e-6*math.Abs(had[1]) {
		t.Errorf("gonum's Beale Hessian now agrees (%v); remove Beale from wrongHess", h.At(0, 1))
	}
	if math.Abs(had[1]-12879) > 1e-9 || math.Abs(had[3]-7957) > 1e-9 {
		t.Errorf("dual-number Hessian %v, want ∂²f/∂x₁∂x₂ = 12879 and ∂²f/∂x₂² = 7957", had)
	}
}
