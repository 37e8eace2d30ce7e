package nn

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// tinyProblem returns a small net with random data for the given activation and loss.
func tinyProblem(t *testing.T, act Activation, loss Loss, sizes []int, b int, seed uint64) (*Objective, []float64) {
	t.Helper()
	acts := make([]Activation, len(sizes)-1)
	for i := range acts {
		acts[i] = act
	}
	acts[len(acts)-1] = Identity
	if loss == MeanSquaredError {
		acts[len(acts)-1] = act // exercise a nonlinear output layer too
	}
	net, err := New(sizes, acts, loss)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(seed, 1))
	in, out := sizes[0], sizes[len(sizes)-1]
	x := mat.NewDense(b, in, nil)
	y := mat.NewDense(b, out, nil)
	for r := 0; r < b; r++ {
		for j := 0; j < in; j++ {
			x.Set(r, j, rng.NormFloat64())
		}
		switch loss {
		case SoftmaxCrossEntropy:
			y.Set(r, rng.IntN(out), 1)
		case Logistic:
			for j := 0; j < out; j++ {
				y.Set(r, j, float64(rng.IntN(2)))
			}
		default:
			for j := 0; j < out; j++ {
				y.Set(r, j, rng.NormFloat64())
			}
		}
	}
	obj, err := NewObjective(net, x, y)
	if err != nil {
		t.Fatal(err)
	}
	obj.L2 = 1e-3
	theta := net.NewParams(seed)
	for i := range theta { // nonzero biases too
		theta[i] += 0.1 * rng.NormFloat64()
	}
	return obj, theta
}

func relErr(a, b []float64) float64 {
	d := make([]float64, len(a))
	floats.SubTo(d, a, b)
	return floats.Norm(d, 2) / math.Max(floats.Norm(b, 2), 1e-300)
}

var allActs = []Activation{Identity, Tanh, ReLU, Sigmoid, Softplus, GELU}
var allLosses = []Loss{SoftmaxCrossEntropy, MeanSquaredError, Logistic}

func TestGradientFiniteDifferences(t *testing.T) {
	for _, act := range allActs {
		for _, loss := range allLosses {
			obj, theta := tinyProblem(t, act, loss, []int{4, 5, 3, 3}, 7, 11)
			n := obj.Dim()
			g := make([]float64, n)
			f := obj.FuncGrad(g, theta)
			if math.Abs(f-obj.Func(theta)) > 1e-14*math.Abs(f) {
				t.Errorf("%v/%v: FuncGrad f=%v, Func %v", act, loss, f, obj.Func(theta))
			}
			fd := make([]float64, n)
			x := append([]float64(nil), theta...)
			const h = 1e-5
			for i := range x {
				x[i] = theta[i] + h
				fp := obj.Func(x)
				x[i] = theta[i] - h
				fm := obj.Func(x)
				x[i] = theta[i]
				fd[i] = (fp - fm) / (2 * h)
			}
			if e := relErr(g, fd); e > 1e-6 {
				t.Errorf("%v/%v: gradient relative error %.3g", act, loss, e)
			}
		}
	}
}

func TestHessVecFiniteDifferences(t *testing.T) {
	for _, act := range allActs {
		for _, loss := range allLosses {
			obj, theta := tinyProblem(t, act, loss, []int{3, 4, 4, 2}, 6, 5)
			n := obj.Dim()
			rng := rand.New(rand.NewPCG(3, 3))
			v := make([]float64, n)
			for i := range v {
				v[i] = rng.NormFloat64()
			}
			hv := make([]float64, n)
			obj.HessVec(hv, theta, v)
			// Central difference of the gradient along v.
			const h = 1e-5
			xp, xm := make([]float64, n), make([]float64, n)
			floats.AddScaledTo(xp, theta, h, v)
			floats.AddScaledTo(xm, theta, -h, v)
			gp, gm := make([]float64, n), make([]float64, n)
			obj.Grad(gp, xp)
			obj.Grad(gm, xm)
			fd := make([]float64, n)
			floats.SubTo(fd, gp, gm)
			floats.Scale(1/(2*h), fd)
			if e := relErr(hv, fd); e > 1e-6 {
				t.Errorf("%v/%v: Hv relative error vs FD %.3g", act, loss, e)
			}
		}
	}
}

// TestHessianDense checks the R-operator Hessian against a Hessian built independently
// from central differences of the gradient, column by column, and checks that the raw
// R-operator columns are symmetric.
func TestHessianDense(t *testing.T) {
	for _, act := range []Activation{Tanh, GELU, Softplus} {
		obj, theta := tinyProblem(t, act, SoftmaxCrossEntropy, []int{3, 4, 3}, 5, 9)
		n := obj.Dim()
		hfd := mat.NewDense(n, n, nil)
		x := append([]float64(nil), theta...)
		gp, gm := make([]float64, n), make([]float64, n)
		const h = 1e-5
		for j := 0; j < n; j++ {
			x[j] = theta[j] + h
			obj.Grad(gp, x)
			x[j] = theta[j] - h
			obj.Grad(gm, x)
			x[j] = theta[j]
			for i := 0; i < n; i++ {
				hfd.Set(i, j, (gp[i]-gm[i])/(2*h))
			}
		}
		hs, err := obj.Hessian(theta)
		if err != nil {
			t.Fatal(err)
		}
		var diff mat.Dense
		diff.Sub(hs, hfd)
		if e := mat.Norm(&diff, 2) / mat.Norm(hfd, 2); e > 1e-6 {
			t.Errorf("%v: dense Hessian relative error %.3g", act, e)
		}
		// Symmetry of the unsymmetrized columns H e_j.
		e := make([]float64, n)
		col := make([]float64, n)
		raw := mat.NewDense(n, n, nil)
		for j := 0; j < n; j++ {
			e[j] = 1
			obj.HessVec(col, theta, e)
			e[j] = 0
			raw.SetCol(j, col)
		}
		var tr mat.Dense
		tr.Sub(raw, raw.T())
		if a := mat.Norm(&tr, 2) / mat.Norm(raw, 2); a > 1e-12 {
			t.Errorf("%v: R-operator Hessian asymmetry %.3g", act, a)
		}
	}
}

// TestGGNDense builds G = (1/B) Σ J_iᵀ H_i J_i from a finite-difference Jacobian of the
// outputs and closed-form loss Hessians, and compares it with GGNVec; it also checks that
// G is positive semidefinite.
func TestGGNDense(t *testing.T) {
	for _, loss := range allLosses {
		obj, theta := tinyProblem(t, Tanh, loss, []int{3, 4, 3}, 5, 21)
		n, b, k := obj.Dim(), obj.Len(), obj.Net().Out()
		// Jacobian of all outputs (b·k) by central differences.
		jac := mat.NewDense(b*k, n, nil)
		x := append([]float64(nil), theta...)
		const h = 1e-6
		for j := 0; j < n; j++ {
			x[j] = theta[j] + h
			op := obj.Outputs(x)
			x[j] = theta[j] - h
			om := obj.Outputs(x)
			x[j] = theta[j]
			for r := 0; r < b; r++ {
				for c := 0; c < k; c++ {
					jac.Set(r*k+c, j, (op.At(r, c)-om.At(r, c))/(2*h))
				}
			}
		}
		out := obj.Outputs(theta)
		hl := mat.NewDense(b*k, b*k, nil)
		for r := 0; r < b; r++ {
			a := out.RawRowView(r)
			switch loss {
			case SoftmaxCrossEntropy:
				p := make([]float64, k)
				s := 0.0
				for c := range p {
					p[c] = math.Exp(a[c])
					s += p[c]
				}
				for c := range p {
					p[c] /= s
				}
				for c := 0; c < k; c++ {
					for d := 0; d < k; d++ {
						v := -p[c] * p[d]
						if c == d {
							v += p[c]
						}
						hl.Set(r*k+c, r*k+d, v)
					}
				}
			case MeanSquaredError:
				for c := 0; c < k; c++ {
					hl.Set(r*k+c, r*k+c, 1)
				}
			case Logistic:
				for c := 0; c < k; c++ {
					s := 1 / (1 + math.Exp(-a[c]))
					hl.Set(r*k+c, r*k+c, s*(1-s))
				}
			}
		}
		var jh, g mat.Dense
		jh.Mul(jac.T(), hl)
		g.Mul(&jh, jac)
		g.Scale(1/float64(b), &g)
		for i := 0; i < n; i++ {
			g.Set(i, i, g.At(i, i)+obj.L2)
		}
		gs, err := obj.GGN(theta)
		if err != nil {
			t.Fatal(err)
		}
		var diff mat.Dense
		diff.Sub(gs, &g)
		if e := mat.Norm(&diff, 2) / mat.Norm(&g, 2); e > 1e-7 {
			t.Errorf("%v: GGN relative error vs JᵀHJ %.3g", loss, e)
		}
		// Positive semidefinite: smallest eigenvalue of G − L2·I is ≥ 0 up to rounding.
		var eig mat.EigenSym
		if !eig.Factorize(gs, false) {
			t.Fatal("eigen failed")
		}
		ev := eig.Values(nil)
		if ev[0]-obj.L2 < -1e-12*ev[len(ev)-1] {
			t.Errorf("%v: GGN not PSD, smallest eigenvalue %g", loss, ev[0]-obj.L2)
		}
	}
}

// TestGGNEqualsHessianLinearLeastSquares: a one-layer linear net with squared error has
// zero residual curvature, so the Hessian and the Gauss–Newton matrix coincide; with a
// tanh hidden layer they must differ.
func TestGGNEqualsHessianLinearLeastSquares(t *testing.T) {
	obj, theta := tinyProblem(t, Identity, MeanSquaredError, []int{3, 2}, 6, 2)
	h, _ := obj.Hessian(theta)
	g, _ := obj.GGN(theta)
	var d mat.Dense
	d.Sub(h, g)
	if e := mat.Norm(&d, 2); e > 1e-13 {
		t.Errorf("linear least squares: ‖H−G‖ = %g", e)
	}
	obj, theta = tinyProblem(t, Tanh, MeanSquaredError, []int{3, 3, 2}, 6, 2)
	h, _ = obj.Hessian(theta)
	g, _ = obj.GGN(theta)
	d.Reset()
	d.Sub(h, g)
	if e := mat.Norm(&d, 2); e < 1e-6 {
		t.Errorf("tanh net: H and G agree (‖H−G‖ = %g), residual term missing", e)
	}
}

func TestFisherDiag(t *testing.T) {
	obj, theta := tinyProblem(t, Tanh, SoftmaxCrossEntropy, []int{3, 4, 3}, 5, 4)
	n := obj.Dim()
	diag := make([]float64, n)
	obj.FisherDiag(diag, theta)
	// Per-example gradients from one-example objectives.
	want := make([]float64, n)
	g := make([]float64, n)
	for r := 0; r < obj.Len(); r++ {
		xr := mat.NewDense(1, 3, append([]float64(nil), obj.x[r*3:(r+1)*3]...))
		yr := mat.NewDense(1, 3, append([]float64(nil), obj.y[r*3:(r+1)*3]...))
		o1, _ := NewObjective(obj.Net(), xr, yr)
		o1.Grad(g, theta)
		for i, v := range g {
			want[i] += v * v / float64(obj.Len())
		}
	}
	if e := relErr(diag, want); e > 1e-12 {
		t.Errorf("Fisher diagonal relative error %.3g", e)
	}
}

func TestErrors(t *testing.T) {
	if _, err := New([]int{3}, nil, MeanSquaredError); err == nil {
		t.Error("one size accepted")
	}
	if _, err := New([]int{3, 2}, []Activation{Tanh, Tanh}, MeanSquaredError); err == nil {
		t.Error("wrong activation count accepted")
	}
	if _, err := New([]int{3, 0}, []Activation{Tanh}, MeanSquaredError); err == nil {
		t.Error("zero size accepted")
	}
	net, _ := MLP([]int{3, 2}, Tanh, MeanSquaredError)
	if _, err := NewObjective(net, mat.NewDense(2, 4, nil), mat.NewDense(2, 2, nil)); err == nil {
		t.Error("wrong input width accepted")
	}
	obj, _ := NewObjective(net, mat.NewDense(2, 3, nil), mat.NewDense(2, 2, nil))
	if f := obj.Func(make([]float64, 3)); !math.IsNaN(f) {
		t.Errorf("short theta gave f=%v, want NaN", f)
	}
	if err := net.Init(make([]float64, 2), 1); err == nil {
		t.Error("Init accepted a short vector")
	}
}
