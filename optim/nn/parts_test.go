package nn

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestSampler(t *testing.T) {
	a, b := NewSampler(10, 3, 5), NewSampler(10, 3, 5)
	seen := map[int]int{}
	for k := 0; k < 3; k++ { // one epoch: 3 batches of 3, remainder dropped
		x, y := slices.Clone(a.Next()), b.Next()
		if !slices.Equal(x, y) {
			t.Fatalf("same seed, different batches %v %v", x, y)
		}
		for _, i := range x {
			seen[i]++
		}
	}
	if len(seen) != 9 {
		t.Errorf("epoch repeated an index: %v", seen)
	}
	a.Next()
	if a.Epoch() != 1 {
		t.Errorf("epoch %d after 4 batches of 3 from 10", a.Epoch())
	}
}

// TestLBFGSTwoLoop: with one pair the two-loop recursion applies the BFGS update of
// H₀ = γI, H = (I − ρsyᵀ)H₀(I − ρysᵀ) + ρssᵀ (N&W eq. 6.17), built densely here.
func TestLBFGSTwoLoop(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	n := 5
	s, y, q := make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range s {
		s[i], y[i], q[i] = rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()
	}
	y[0] += 10 * s[0] // make sᵀy > 0
	for i := range y {
		y[i] += 2 * s[i]
	}
	l := newLBFGS(n, 3)
	if !l.push(s, y) {
		t.Fatal("pair with positive curvature rejected")
	}
	got := slices.Clone(q)
	l.apply(got)
	rho := 1 / dot(s, y)
	gamma := dot(s, y) / dot(y, y)
	sv, yv := mat.NewVecDense(n, s), mat.NewVecDense(n, y)
	var v, h, tmp, ss mat.Dense
	v.Outer(-rho, yv, sv) // −ρysᵀ
	for i := 0; i < n; i++ {
		v.Set(i, i, v.At(i, i)+1)
	}
	tmp.Mul(v.T(), &v)
	tmp.Scale(gamma, &tmp)
	ss.Outer(rho, sv, sv)
	h.Add(&tmp, &ss)
	var want mat.VecDense
	want.MulVec(&h, mat.NewVecDense(n, q))
	if e := relErr(got, want.RawVector().Data); e > 1e-12 {
		t.Errorf("two-loop vs dense BFGS: relative error %g", e)
	}
	neg := slices.Clone(s)
	for i := range neg {
		neg[i] = -neg[i]
	}
	if l.push(s, neg) {
		t.Error("pair with negative curvature kept")
	}
}

// TestKFACSolveKronecker: the layer solve is (Ā ⊗ G)⁻¹ applied to the layer's gradient
// block read row-major as an (In+1)×Out matrix (the flat layout), damping aside.
func TestKFACSolveKronecker(t *testing.T) {
	l := Layer{In: 3, Out: 2}
	na, ng := l.In+1, l.Out
	rng := rand.New(rand.NewPCG(2, 2))
	spd := func(k int) *mat.SymDense {
		m := mat.NewDense(k, k, nil)
		for i := 0; i < k; i++ {
			for j := 0; j < k; j++ {
				m.Set(i, j, rng.NormFloat64())
			}
		}
		var s mat.SymDense
		s.SymOuterK(1, m)
		for i := 0; i < k; i++ {
			s.SetSym(i, i, s.At(i, i)+0.5)
		}
		return &s
	}
	a, g := spd(na), spd(ng)
	kl := &kfacLayer{l: l, a: make([]float64, na*na), g: make([]float64, ng*ng),
		ainv: make([]float64, na*na), ginv: make([]float64, ng*ng), tmp: make([]float64, na*ng)}
	for i := 0; i < na; i++ {
		for j := 0; j < na; j++ {
			kl.a[i*na+j] = a.At(i, j)
		}
	}
	for i := 0; i < ng; i++ {
		for j := 0; j < ng; j++ {
			kl.g[i*ng+j] = g.At(i, j)
		}
	}
	if err := invertDamped(kl.ainv, kl.a, na, 0); err != nil {
		t.Fatal(err)
	}
	if err := invertDamped(kl.ginv, kl.g, ng, 0); err != nil {
		t.Fatal(err)
	}
	grad := make([]float64, na*ng)
	for i := range grad {
		grad[i] = rng.NormFloat64()
	}
	delta := make([]float64, na*ng)
	kl.solve(delta, grad)
	var kron mat.Dense
	kron.Kronecker(a, g)
	var want mat.VecDense
	if err := want.SolveVec(&kron, mat.NewVecDense(na*ng, grad)); err != nil {
		t.Fatal(err)
	}
	for i := range delta {
		delta[i] = -delta[i]
	}
	if e := relErr(delta, want.RawVector().Data); e > 1e-10 {
		t.Errorf("K-FAC solve vs (A⊗G)⁻¹g: relative error %g", e)
	}
}

// TestHFPreconditionerUsed: the preconditioned and plain runs differ in their CG steps.
func TestHFPreconditionerUsed(t *testing.T) {
	obj, theta := blobTask(t)
	s := Settings{MaxIter: 3}
	a, _ := Train(context.Background(), HF{}, obj, theta, s)
	b, _ := Train(context.Background(), HF{Precondition: true}, obj, theta, s)
	same := true
	for i := range a.History {
		if a.History[i].Inner != b.History[i].Inner || a.History[i].F != b.History[i].F {
			same = false
		}
	}
	if same {
		t.Error("preconditioner changed nothing")
	}
	for _, h := range a.History[1:] {
		if h.Inner < 1 || h.Inner > 250 {
			t.Errorf("CG steps %d", h.Inner)
		}
	}
}

// TestHFConjugateGradient: run to convergence, the CG of HF (with and without the
// preconditioner, from a warm start) solves (G + λI)d = −g, checked against a dense
// solve, and the model value it reports is q(d) = ½dᵀ(G+λI)d + gᵀd.
func TestHFConjugateGradient(t *testing.T) {
	obj, theta := tinyProblem(t, Tanh, SoftmaxCrossEntropy, []int{3, 4, 3}, 6, 8)
	n := obj.Dim()
	g := make([]float64, n)
	obj.Grad(g, theta)
	const lambda = 0.3
	gm, _ := obj.GGN(theta)
	a := mat.NewSymDense(n, nil)
	a.AddSym(gm, a)
	for i := 0; i < n; i++ {
		a.SetSym(i, i, a.At(i, i)+lambda)
	}
	var ch mat.Cholesky
	if !ch.Factorize(a) {
		t.Fatal("not SPD")
	}
	negg := mat.NewVecDense(n, nil)
	negg.ScaleVec(-1, mat.NewVecDense(n, g))
	var want mat.VecDense
	if err := ch.SolveVecTo(&want, negg); err != nil {
		t.Fatal(err)
	}
	x0 := make([]float64, n)
	x0[0] = 0.1
	diag := make([]float64, n)
	obj.FisherDiag(diag, theta)
	for i := range diag {
		diag[i] += lambda
	}
	for _, pre := range [][]float64{nil, diag} {
		r, _ := newRun(context.Background(), "t", obj, theta, Settings{})
		c := newCG(n)
		steps := c.solve(r, obj, theta, g, lambda, x0, pre, 500, 1e-14)
		d := c.saved[len(c.saved)-1]
		if e := relErr(d, want.RawVector().Data); e > 1e-6 {
			t.Errorf("precond %v: CG solution relative error %g after %d steps", pre != nil, e, steps)
		}
		var ad mat.VecDense
		ad.MulVec(a, mat.NewVecDense(n, d))
		q := 0.5*dot(d, ad.RawVector().Data) + dot(g, d)
		if got := c.phi[len(c.phi)-1]; relErr([]float64{got}, []float64{q}) > 1e-8 {
			t.Errorf("model value %g, want %g", got, q)
		}
	}
}
