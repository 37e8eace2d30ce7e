package curvature

import (
	"context"
	"math"
	"sort"
	"testing"
)

// benchTop5 runs solve on the quadratic_deep Hessian and reports the products per run and
// the largest relative error of the top five eigenvalues.
func benchTop5(b *testing.B, solve func(op Operator) (*Eigen, error)) {
	h, lam := quadraticDeep(1)
	op := NewDense(h)
	var products int
	worst := 0.0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e, err := solve(op)
		if err != nil {
			b.Fatal(err)
		}
		products = e.Products
		v := append([]float64(nil), e.Values...)
		sort.Sort(sort.Reverse(sort.Float64Slice(v)))
		worst = 0
		for j := 0; j < 5; j++ {
			worst = math.Max(worst, relErr(v[j], lam[99-j]))
		}
	}
	b.ReportMetric(float64(products), "products/op")
	b.ReportMetric(worst, "max-rel-err")
}

// BenchmarkLanczosTop5: top-5 of the 100-D quadratic_deep Hessian by Lanczos with the
// default tolerance (residual ≤ 1e-8·‖H‖).
func BenchmarkLanczosTop5(b *testing.B) {
	benchTop5(b, func(op Operator) (*Eigen, error) {
		return Lanczos(context.Background(), op, 5, Largest, LanczosSettings{Seed: 1})
	})
}

// BenchmarkPowerTop5: the same by power iteration with deflation, PyHessian's settings.
func BenchmarkPowerTop5(b *testing.B) {
	benchTop5(b, func(op Operator) (*Eigen, error) {
		return PowerIteration(context.Background(), op, 5, PowerSettings{Seed: 1})
	})
}

// BenchmarkPowerTop5Tight: power iteration run until it is as accurate as Lanczos
// (relative change 1e-12, up to 5000 iterations per pair).
func BenchmarkPowerTop5Tight(b *testing.B) {
	benchTop5(b, func(op Operator) (*Eigen, error) {
		return PowerIteration(context.Background(), op, 5, PowerSettings{Seed: 1, Tol: 1e-12, MaxIter: 5000})
	})
}
