package curvature

import (
	"context"
	"errors"
	"math"
	"sort"
	"testing"

	"github.com/hessnote/hessnote/optim"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// relErr is |a − b| / |b|.
func relErr(a, b float64) float64 { return math.Abs(a-b) / math.Abs(b) }

// trueResidual computes ‖A·y − θ·y‖ directly.
func trueResidual(a mat.Symmetric, theta float64, y []float64) float64 {
	n := len(y)
	w := make([]float64, n)
	NewDense(a).HessVec(w, y)
	floats.AddScaled(w, -theta, y)
	return norm(w)
}

// rotated returns Q·diag(lam)·Qᵀ for a random orthogonal Q drawn from seed.
func rotated(lam []float64, seed uint64) *mat.SymDense {
	n := len(lam)
	rng := newRand(seed)
	g := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			g.Set(i, j, rng.NormFloat64())
		}
	}
	var qr mat.QR
	qr.Factorize(g)
	var q mat.Dense
	qr.QTo(&q)
	s := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			v := 0.0
			for k := 0; k < n; k++ {
				v += q.At(i, k) * lam[k] * q.At(j, k)
			}
			s.SetSym(i, j, v)
		}
	}
	return s
}

func TestLanczosTopKQuadraticDeep(t *testing.T) {
	h, lam := quadraticDeep(1)
	ref := denseEigenvalues(t, h)
	for i := range ref {
		if relErr(ref[i], lam[i]) > 1e-10 {
			t.Fatalf("construction: eigenvalue %d is %v, EigenSym says %v", i, lam[i], ref[i])
		}
	}
	c := &Counter{Op: NewDense(h)}
	e, err := Lanczos(context.Background(), c, 10, Largest, LanczosSettings{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if !e.Converged || len(e.Values) != 10 {
		t.Fatalf("converged %v with %d values", e.Converged, len(e.Values))
	}
	if c.Products != e.Products {
		t.Errorf("Counter saw %d products, result says %d", c.Products, e.Products)
	}
	for i, v := range e.Values {
		want := ref[len(ref)-1-i]
		if relErr(v, want) > 1e-6 {
			t.Errorf("λ%d = %.12g, want %.12g", i+1, v, want)
		}
		if r := trueResidual(h, v, e.Vectors[i]); r > 1e-6*ref[len(ref)-1] {
			t.Errorf("pair %d: true residual %g", i+1, r)
		}
	}
	t.Logf("top-10 in %d products", e.Products)
}

func TestLanczosBottomKQuadraticDeep(t *testing.T) {
	h, _ := quadraticDeep(1)
	ref := denseEigenvalues(t, h)
	// The bottom of this spectrum is a cluster of 90 eigenvalues in (0,1) under a gap to
	// [30,60]: its eigenvalues converge only when the Krylov space is nearly all of R^100,
	// so the basis must hold the whole space.
	e, err := Lanczos(context.Background(), NewDense(h), 5, Smallest, LanczosSettings{Basis: 100, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if !e.Converged {
		t.Fatal("not converged")
	}
	for i, v := range e.Values {
		if relErr(v, ref[i]) > 1e-6 {
			t.Errorf("λ_min,%d = %.12g, want %.12g", i+1, v, ref[i])
		}
	}
	t.Logf("bottom-5 in %d products", e.Products)
}

func TestLanczosThickRestart(t *testing.T) {
	// A spectrum without an outlier gap: 1, 2, ..., 150 (rotated). Top-4 with a basis of
	// 12 needs many restarts.
	lam := make([]float64, 150)
	for i := range lam {
		lam[i] = float64(i + 1)
	}
	h := rotated(lam, 5)
	for _, which := range []Which{Largest, Smallest} {
		e, err := Lanczos(context.Background(), NewDense(h), 4, which, LanczosSettings{Basis: 12, Tol: 1e-10, MaxProducts: 5000})
		if err != nil {
			t.Fatal(err)
		}
		if !e.Converged || e.Restarts == 0 {
			t.Fatalf("%v: converged %v after %d restarts", which, e.Converged, e.Restarts)
		}
		for i, v := range e.Values {
			want := float64(150 - i)
			if which == Smallest {
				want = float64(i + 1)
			}
			if relErr(v, want) > 1e-8 {
				t.Errorf("%v: λ%d = %.12g, want %g", which, i+1, v, want)
			}
			if r := trueResidual(h, v, e.Vectors[i]); r > 1e-7*150 {
				t.Errorf("%v: pair %d: true residual %g", which, i+1, r)
			}
		}
		t.Logf("%v-4 with basis 12: %d products, %d restarts", which, e.Products, e.Restarts)
	}
}

func TestLanczosRepeatedEigenvalues(t *testing.T) {
	// Exact invariant subspaces: a single Krylov space sees each distinct eigenvalue
	// once; the restart after breakdown must find the copies.
	lam := []float64{5, 5, 5, 1, 1, 1, 1, 2, 2, -3}
	h := rotated(lam, 9)
	e, err := Lanczos(context.Background(), NewDense(h), 4, Largest, LanczosSettings{})
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{5, 5, 5, 2}
	for i, v := range e.Values {
		if math.Abs(v-want[i]) > 1e-9 {
			t.Errorf("λ%d = %v, want %v (all %v)", i+1, v, want[i], e.Values)
		}
	}
	// The identity breaks down at every step.
	id := mat.NewSymDense(6, nil)
	for i := 0; i < 6; i++ {
		id.SetSym(i, i, 1)
	}
	e, err = Lanczos(context.Background(), NewDense(id), 3, Smallest, LanczosSettings{})
	if err != nil || !e.Converged || len(e.Values) != 3 {
		t.Fatalf("identity: %v, %+v", err, e)
	}
	for _, v := range e.Values {
		if math.Abs(v-1) > 1e-14 {
			t.Errorf("identity eigenvalue %v", v)
		}
	}
}

func TestPowerIterationAgreesWithLanczos(t *testing.T) {
	h, lam := quadraticDeep(1)
	top := lam[len(lam)-1]
	l, err := Lanczos(context.Background(), NewDense(h), 1, Largest, LanczosSettings{})
	if err != nil {
		t.Fatal(err)
	}
	// PyHessian's defaults stop on a relative change of 1e-3, not on an error of 1e-3:
	// the ratio λ₂/λ₁ ≈ 0.94 makes the error several times larger.
	p, err := PowerIteration(context.Background(), NewDense(h), 1, PowerSettings{})
	if err != nil {
		t.Fatal(err)
	}
	if relErr(p.Values[0], l.Values[0]) > 0.02 {
		t.Errorf("power %v vs Lanczos %v", p.Values[0], l.Values[0])
	}
	// Run long enough, power iteration converges to the same eigenvalue.
	p, err = PowerIteration(context.Background(), NewDense(h), 1, PowerSettings{Tol: 1e-12, MaxIter: 3000})
	if err != nil {
		t.Fatal(err)
	}
	if relErr(p.Values[0], l.Values[0]) > 1e-6 || relErr(l.Values[0], top) > 1e-10 {
		t.Errorf("tight power %v, Lanczos %v, true %v", p.Values[0], l.Values[0], top)
	}
	t.Logf("top-1: Lanczos %d products, tight power iteration %d", l.Products, p.Products)
}

// TestLanczosProductsVersusPower states the target on the known-spectrum
// quadratic: Lanczos top-5, at least as accurate as power iteration with deflation with
// PyHessian's settings, uses at most a third of its products.
func TestLanczosProductsVersusPower(t *testing.T) {
	h, lam := quadraticDeep(1)
	want := make([]float64, 5)
	for i := range want {
		want[i] = lam[len(lam)-1-i]
	}
	p, err := PowerIteration(context.Background(), NewDense(h), 5, PowerSettings{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	l, err := Lanczos(context.Background(), NewDense(h), 5, Largest, LanczosSettings{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	pv := append([]float64(nil), p.Values...)
	sort.Sort(sort.Reverse(sort.Float64Slice(pv)))
	pErr, lErr := 0.0, 0.0
	for i := range want {
		pErr = math.Max(pErr, relErr(pv[i], want[i]))
		lErr = math.Max(lErr, relErr(l.Values[i], want[i]))
	}
	t.Logf("top-5: power iteration %d products, max rel. error %.2e; Lanczos %d products, max rel. error %.2e",
		p.Products, pErr, l.Products, lErr)
	if lErr > pErr {
		t.Errorf("Lanczos less accurate: %g > %g", lErr, pErr)
	}
	if 3*l.Products > p.Products {
		t.Errorf("Lanczos used %d products, more than a third of power iteration's %d", l.Products, p.Products)
	}
}

func TestNegativeCurvature(t *testing.T) {
	h, lam := quadraticDeep(2)
	// Shift the spectrum to [-10,-9] ∪ [20,50]: an indefinite matrix.
	ind := mat.NewSymDense(100, nil)
	ind.CopySym(h)
	for i := 0; i < 100; i++ {
		ind.SetSym(i, i, ind.At(i, i)-10)
	}
	nc, err := FindNegativeCurvature(context.Background(), NewDense(ind), LanczosSettings{Basis: 100})
	if err != nil {
		t.Fatal(err)
	}
	if !nc.Negative || relErr(nc.Value, lam[0]-10) > 1e-6 {
		t.Errorf("indefinite: negative %v, λmin %v, want %v", nc.Negative, nc.Value, lam[0]-10)
	}
	if r := trueResidual(ind, nc.Value, nc.Vector); r > 1e-6 {
		t.Errorf("indefinite: true residual %g", r)
	}
	nc, err = FindNegativeCurvature(context.Background(), NewDense(h), LanczosSettings{Basis: 100})
	if err != nil {
		t.Fatal(err)
	}
	if nc.Negative || relErr(nc.Value, lam[0]) > 1e-6 {
		t.Errorf("positive definite: negative %v, λmin %v, want %v", nc.Negative, nc.Value, lam[0])
	}
	c, err := ConditionNumber(context.Background(), NewDense(h), LanczosSettings{Basis: 100})
	if err != nil {
		t.Fatal(err)
	}
	if !c.PositiveDefinite || relErr(c.Kappa, lam[99]/lam[0]) > 1e-6 {
		t.Errorf("κ = %v, want %v", c.Kappa, lam[99]/lam[0])
	}
	c, err = ConditionNumber(context.Background(), NewDense(ind), LanczosSettings{Basis: 100})
	if err != nil {
		t.Fatal(err)
	}
	if c.PositiveDefinite || !math.IsInf(c.Kappa, 1) {
		t.Errorf("indefinite: κ = %v, positive definite %v", c.Kappa, c.PositiveDefinite)
	}
}

func TestLanczosErrors(t *testing.T) {
	h, _ := quadraticDeep(1)
	op := NewDense(h)
	ctx := context.Background()
	for _, k := range []int{0, 101} {
		if _, err := Lanczos(ctx, op, k, Largest, LanczosSettings{}); !errors.Is(err, optim.ErrDimension) {
			t.Errorf("k=%d: %v", k, err)
		}
	}
	if _, err := Lanczos(ctx, op, 1, Largest, LanczosSettings{Start: make([]float64, 3)}); !errors.Is(err, optim.ErrDimension) {
		t.Errorf("short start: %v", err)
	}
	if _, err := Lanczos(ctx, op, 5, Largest, LanczosSettings{Basis: 6}); !errors.Is(err, optim.ErrDimension) {
		t.Errorf("basis < k+2: %v", err)
	}
	if _, err := PowerIteration(ctx, op, 0, PowerSettings{}); !errors.Is(err, optim.ErrDimension) {
		t.Errorf("power k=0: %v", err)
	}
	// A product that turns NaN after a few calls.
	calls := 0
	bad := Func{N: 100, Apply: func(dst, v []float64) {
		op.HessVec(dst, v)
		calls++
		if calls == 4 {
			dst[17] = math.NaN()
		}
	}}
	_, err := Lanczos(ctx, bad, 3, Largest, LanczosSettings{})
	var ne *optim.NumericError
	if !errors.As(err, &ne) || ne.Index != 17 || ne.Iter != 4 {
		t.Errorf("NaN product: %v", err)
	}
	calls = 0
	if _, err := PowerIteration(ctx, bad, 1, PowerSettings{}); !errors.As(err, &ne) {
		t.Errorf("power, NaN product: %v", err)
	}
	// An all-zero start is replaced by a random one.
	e, err := Lanczos(ctx, op, 1, Largest, LanczosSettings{Start: make([]float64, 100)})
	if err != nil || !e.Converged {
		t.Errorf("zero start: %v", err)
	}
}

func TestSameSeedSameResult(t *testing.T) {
	h, _ := quadraticDeep(1)
	run := func(seed uint64) ([]float64, []float64, []float64) {
		e, err := Lanczos(context.Background(), NewDense(h), 3, Largest, LanczosSettings{Seed: seed, Tol: 1e-4})
		if err != nil {
			t.Fatal(err)
		}
		tr, err := Hutchinson(context.Background(), NewDense(h), TraceSettings{Seed: seed, Samples: 10})
		if err != nil {
			t.Fatal(err)
		}
		return e.Vectors[0], tr.Samples, e.Values
	}
	v1, s1, e1 := run(11)
	v2, s2, e2 := run(11)
	v3, s3, _ := run(12)
	for i := range v1 {
		if v1[i] != v2[i] {
			t.Fatal("same seed, different Lanczos vector")
		}
	}
	for i := range e1 {
		if e1[i] != e2[i] {
			t.Fatal("same seed, different Lanczos values")
		}
	}
	for i := range s1 {
		if s1[i] != s2[i] {
			t.Fatal("same seed, different Hutchinson samples")
		}
	}
	if v1[0] == v3[0] && s1[0] == s3[0] {
		t.Error("different seeds gave the same result")
	}
}
