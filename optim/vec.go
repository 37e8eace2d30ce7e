package optim

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

func dot(a, b []float64) float64 {
	s := 0.0
	for i, v := range a {
		s += v * b[i]
	}
	return s
}

func norm2(a []float64) float64 { return math.Sqrt(dot(a, a)) }

func infNorm(a []float64) float64 {
	m := 0.0
	for _, v := range a {
		if av := math.Abs(v); av > m || math.IsNaN(v) {
			m = av
		}
	}
	return m
}

func dist(a, b []float64) float64 {
	s := 0.0
	for i, v := range a {
		d := v - b[i]
		s += d * d
	}
	return math.Sqrt(s)
}

// axpy sets dst = y + a·x.
func axpy(dst []float64, a float64, x, y []float64) {
	for i := range dst {
		dst[i] = y[i] + a*x[i]
	}
}

func scale(dst []float64, a float64, x []float64) {
	for i := range dst {
		dst[i] = a * x[i]
	}
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// symMulVec sets dst = a·v; dst and v must not overlap.
func symMulVec(dst []float64, a mat.Symmetric, v []float64) {
	mat.NewVecDense(len(dst), dst).MulVec(a, mat.NewVecDense(len(v), v))
}
