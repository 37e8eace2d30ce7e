package curvature

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/floats"
)

// norm is the Euclidean norm (floats.Norm with L = 2, without its scaling for speed).
func norm(a []float64) float64 { return math.Sqrt(floats.Dot(a, a)) }

// firstNonFinite returns the index of the first NaN or Inf entry of x, or -1.
func firstNonFinite(x []float64) int {
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return i
		}
	}
	return -1
}

// newRand returns the generator every algorithm of the package draws from.
func newRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
}

func gaussian(rng *rand.Rand, x []float64) {
	for i := range x {
		x[i] = rng.NormFloat64()
	}
}

func rademacher(rng *rand.Rand, x []float64) {
	for i := range x {
		if rng.Uint64()&1 == 0 {
			x[i] = 1
		} else {
			x[i] = -1
		}
	}
}

// orthogonalize removes from w its components along the orthonormal vectors basis by
// classical Gram-Schmidt applied twice ("twice is enough": Giraud, Langou & Rozložník
// 2005), accumulating the coefficients into h when h is not nil.
func orthogonalize(w []float64, basis [][]float64, h []float64) {
	for pass := 0; pass < 2; pass++ {
		for i, b := range basis {
			c := floats.Dot(b, w)
			floats.AddScaled(w, -c, b)
			if h != nil {
				h[i] += c
			}
		}
	}
}

// randomOrthogonal fills v with a unit vector orthogonal to the orthonormal basis, drawn
// from rng. It reports false when none can be found (the basis spans the space).
func randomOrthogonal(rng *rand.Rand, v []float64, basis [][]float64) bool {
	if len(basis) >= len(v) {
		return false
	}
	for try := 0; try < 5; try++ {
		gaussian(rng, v)
		before := norm(v)
		orthogonalize(v, basis, nil)
		after := norm(v)
		if after > 1e-8*before && after > 0 {
			floats.Scale(1/after, v)
			return true
		}
	}
	return false
}
