package curvature

import (
	"context"
	"fmt"
	"math"

	"github.com/hessnote/hessnote/optim"
	"gonum.org/v1/gonum/floats"
)

// PowerSettings control PowerIteration. The zero value of every field selects its
// default, which is PyHessian's.
type PowerSettings struct {
	// MaxIter bounds the iterations (products) per eigenpair. Default 100.
	MaxIter int
	// Tol stops an eigenpair when the eigenvalue estimate changes by less than
	// Tol·(|λ| + 1e-6) between iterations. Default 1e-3.
	Tol float64
	// Seed seeds the random starting vectors.
	Seed uint64
	// Progress, when set, is called after each product.
	Progress func(Progress)
}

// PowerIteration computes k eigenpairs of op one after another by power iteration with
// deflation, exactly as PyHessian does it (Yao, Gholami, Keutzer & Mahoney, "PyHessian:
// Neural Networks Through the Lens of the Hessian", IEEE BigData 2020, hessian.eigenvalues):
// for each pair, from a Gaussian vector, repeat at most MaxIter times: orthogonalize v
// against the eigenvectors already found and normalize, w = H·v, λ = vᵀw, v = w/‖w‖, and
// stop when λ changed by less than Tol relative, keeping the previous λ. The pair is
// (λ, v).
//
// Power iteration converges to the eigenvalue of largest magnitude, at the rate
// |λ₂/λ₁| per product, so it needs many products when eigenvalues are close (PyHessian
// issue #6); it is kept here for comparison with Lanczos and for teaching. The relative-
// change test stops early on slow convergence: the error can be far above Tol.
// Residuals[i] is ‖H·v − λ·v‖ for the last iterate v before the final normalization.
func PowerIteration(ctx context.Context, op Operator, k int, s PowerSettings) (*Eigen, error) {
	n := op.Dim()
	if n < 1 {
		return nil, fmt.Errorf("curvature: operator dimension %d: %w", n, optim.ErrDimension)
	}
	if k < 1 || k > n {
		return nil, fmt.Errorf("curvature: power iteration: k=%d outside [1,%d]: %w", k, n, optim.ErrDimension)
	}
	maxIter := s.MaxIter
	if maxIter <= 0 {
		maxIter = 100
	}
	tol := s.Tol
	if tol <= 0 {
		tol = 1e-3
	}
	rng := newRand(s.Seed)
	e := &Eigen{Method: fmt.Sprintf("power iteration top-%d (max %d, tol %g)", k, maxIter, tol), Converged: true}
	w := make([]float64, n)
	for len(e.Values) < k {
		v := make([]float64, n)
		gaussian(rng, v)
		lambda, res := math.NaN(), math.NaN()
		conv := false
		for it := 0; it < maxIter; it++ {
			if err := optim.Done(ctx); err != nil {
				return e, fmt.Errorf("curvature: power iteration: %w", err)
			}
			orthogonalize(v, e.Vectors, nil)
			vn := norm(v)
			if vn == 0 {
				// v lies in the span of the eigenvectors found: start afresh.
				if !randomOrthogonal(rng, v, e.Vectors) {
					return e, fmt.Errorf("curvature: power iteration: no vector orthogonal to %d eigenvectors: %w", len(e.Vectors), optim.ErrBreakdown)
				}
			} else {
				floats.Scale(1/vn, v)
			}
			op.HessVec(w, v)
			e.Products++
			if i := firstNonFinite(w); i >= 0 {
				return e, &optim.NumericError{What: "Hessian-vector product", Value: w[i], Index: i, Iter: e.Products}
			}
			tmp := floats.Dot(w, v)
			r := 0.0
			for i, wi := range w {
				d := wi - tmp*v[i]
				r += d * d
			}
			res = math.Sqrt(r)
			copy(v, w)
			if wn := norm(v); wn > 0 {
				floats.Scale(1/wn, v)
			}
			if s.Progress != nil {
				s.Progress(Progress{Task: "power", Step: len(e.Values)*maxIter + it + 1, Total: k * maxIter, Products: e.Products, Value: tmp})
			}
			if it > 0 && math.Abs(lambda-tmp)/(math.Abs(lambda)+1e-6) < tol {
				conv = true // PyHessian keeps the previous estimate here
				break
			}
			lambda = tmp
		}
		if !conv {
			e.Converged = false
		}
		e.Norm = math.Max(e.Norm, math.Abs(lambda))
		e.Values = append(e.Values, lambda)
		e.Vectors = append(e.Vectors, v)
		e.Residuals = append(e.Residuals, res)
	}
	return e, nil
}
