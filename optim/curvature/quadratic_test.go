package curvature

import (
	"math/rand/v2"
	"sort"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// quadraticDeep builds the Hessian of DeepOBS's quadratic_deep problem (Schneider,
// Balles & Hennig, ICLR 2019): 100-D, 90 eigenvalues from U(0,1) and 10 from U(30,60),
// rotated by the orthogonal factor of the QR decomposition of a Gaussian matrix. It
// returns the matrix and its eigenvalues in ascending order.
func quadraticDeep(seed uint64) (*mat.SymDense, []float64) {
	const n = 100
	rng := rand.New(rand.NewPCG(seed, 42))
	lam := make([]float64, n)
	for i := 0; i < 90; i++ {
		lam[i] = rng.Float64()
	}
	for i := 90; i < n; i++ {
		lam[i] = 30 + 30*rng.Float64()
	}
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
	var ql mat.Dense
	ql.Apply(func(_, j int, v float64) float64 { return v * lam[j] }, &q)
	var h mat.Dense
	h.Mul(&ql, q.T())
	s := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			s.SetSym(i, j, (h.At(i, j)+h.At(j, i))/2)
		}
	}
	sort.Float64s(lam)
	return s, lam
}

// denseEigenvalues returns the eigenvalues of a, ascending, by mat.EigenSym.
func denseEigenvalues(t *testing.T, a mat.Symmetric) []float64 {
	t.Helper()
	var es mat.EigenSym
	if !es.Factorize(a, false) {
		t.Fatal("EigenSym failed")
	}
	return es.Values(nil)
}
