package optim

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// trSolver holds the scratch of the trust-region subproblem solvers.
type trSolver struct {
	chol                mat.Cholesky
	eig                 mat.EigenSym
	a                   *mat.SymDense
	r, d, bd, z, pb, pu []float64
}

func (s *trSolver) vecs(n int) {
	if len(s.r) != n {
		s.r, s.d, s.bd, s.z = make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
		s.pb, s.pu = make([]float64, n), make([]float64, n)
		s.a = mat.NewSymDense(n, nil)
	}
}

// solve writes an approximate minimizer of gᵀp + ½pᵀBp over ‖p‖ ≤ Δ into p and reports
// the inner iterations and whether p lies on the boundary.
func (s *trSolver) solve(sub Subproblem, md trModel, g []float64, delta float64, p []float64) (int, bool, error) {
	n := len(g)
	s.vecs(n)
	b := md.dense()
	if b == nil && sub != Steihaug {
		return 0, false, fmt.Errorf("optim: %v needs a dense model", sub)
	}
	switch sub {
	case Cauchy:
		return 0, true, s.cauchy(md, g, delta, p)
	case Dogleg:
		return s.dogleg(b, g, delta, p)
	case Steihaug:
		return s.steihaug(md, g, delta, p)
	case MoreSorensen:
		return s.moreSorensen(b, g, delta, p)
	}
	return 0, false, fmt.Errorf("optim: unknown subproblem solver %d", int(sub))
}

// cauchy is N&W Alg. 4.2.
func (s *trSolver) cauchy(md trModel, g []float64, delta float64, p []float64) error {
	if err := md.mulVec(s.bd, g); err != nil {
		return err
	}
	gbg := dot(g, s.bd)
	gn := norm2(g)
	tau := 1.0
	if gbg > 0 {
		tau = math.Min(gn*gn*gn/(delta*gbg), 1)
	}
	scale(p, -tau*delta/gn, g)
	return nil
}

// boundaryTau returns τ ≥ 0 with ‖z + τd‖ = Δ.
func boundaryTau(z, d []float64, delta float64) float64 {
	a := dot(d, d)
	b := 2 * dot(z, d)
	c := dot(z, z) - delta*delta
	disc := math.Max(0, b*b-4*a*c)
	// Numerically stable larger root.
	if b >= 0 {
		return 2 * c / (-b - math.Sqrt(disc))
	}
	return (-b + math.Sqrt(disc)) / (2 * a)
}

// dogleg is N&W §4.1 (eq. 4.16), on B + τI (N&W Alg. 3.3) when B is not positive definite.
func (s *trSolver) dogleg(b *mat.SymDense, g []float64, delta float64, p []float64) (int, bool, error) {
	tau, err := modifiedSolve(b, s.a, &s.chol, &s.eig, AddIdentity, 0, 0, g, s.pb)
	if err != nil {
		return 0, false, err
	}
	if norm2(s.pb) <= delta {
		copy(p, s.pb)
		return 0, false, nil
	}
	symMulVec(s.bd, b, g)
	gbg := dot(g, s.bd) + tau*dot(g, g)
	gg := dot(g, g)
	if gbg <= 0 {
		scale(p, -delta/math.Sqrt(gg), g)
		return 0, true, nil
	}
	scale(s.pu, -gg/gbg, g)
	if norm2(s.pu) >= delta {
		scale(p, -delta/math.Sqrt(gg), g)
		return 0, true, nil
	}
	for i := range s.d {
		s.d[i] = s.pb[i] - s.pu[i]
	}
	t := boundaryTau(s.pu, s.d, delta)
	axpy(p, t, s.d, s.pu)
	return 0, true, nil
}

// steihaug is N&W Alg. 7.2 with the forcing term ε = min(0.5, √‖g‖)·‖g‖.
func (s *trSolver) steihaug(md trModel, g []float64, delta float64, p []float64) (int, bool, error) {
	n := len(g)
	gn := norm2(g)
	eps := math.Min(0.5, math.Sqrt(gn)) * gn
	for i := range s.z {
		s.z[i] = 0
		s.r[i] = g[i]
		s.d[i] = -g[i]
	}
	rr := dot(s.r, s.r)
	maxIter := 2 * n
	for j := 0; j < maxIter; j++ {
		if err := md.mulVec(s.bd, s.d); err != nil {
			return j, false, err
		}
		dbd := dot(s.d, s.bd)
		if dbd <= 0 {
			t := boundaryTau(s.z, s.d, delta)
			axpy(p, t, s.d, s.z)
			return j + 1, true, nil
		}
		alpha := rr / dbd
		axpy(s.pb, alpha, s.d, s.z)
		if norm2(s.pb) >= delta {
			t := boundaryTau(s.z, s.d, delta)
			axpy(p, t, s.d, s.z)
			return j + 1, true, nil
		}
		copy(s.z, s.pb)
		axpy(s.r, alpha, s.bd, s.r)
		rr1 := dot(s.r, s.r)
		if math.Sqrt(rr1) < eps {
			copy(p, s.z)
			return j + 1, false, nil
		}
		beta := rr1 / rr
		rr = rr1
		for i := range s.d {
			s.d[i] = -s.r[i] + beta*s.d[i]
		}
	}
	copy(p, s.z)
	return maxIter, false, nil
}

// moreSorensen is N&W Alg. 4.3: Newton's method on the secular equation
// 1/Δ − 1/‖p(λ)‖ = 0, p(λ) = −(B + λI)⁻¹g, with the update
// λ ← λ + (‖p‖/‖q‖)²(‖p‖ − Δ)/Δ, ‖q‖² = pᵀ(B + λI)⁻¹p, safeguarded by a bracket and
// bisection. The quantities are evaluated in the eigenbasis of B (one symmetric
// eigendecomposition per solve instead of a Cholesky factorization per iteration), which
// also gives λ₁ for the start λ > −λ₁ and the hard case of N&W §4.3: when g has no
// component along the eigenvectors of λ₁ and ‖p(−λ₁)‖ < Δ, the step is p(−λ₁) + τq₁.
func (s *trSolver) moreSorensen(b *mat.SymDense, g []float64, delta float64, p []float64) (int, bool, error) {
	n := len(g)
	if !s.eig.Factorize(b, true) {
		return 0, false, fmt.Errorf("%w: eigendecomposition of the model Hessian failed", ErrBreakdown)
	}
	vals := s.eig.Values(nil)
	var q mat.Dense
	s.eig.VectorsTo(&q)
	l1 := vals[0]
	scaleB := math.Max(math.Abs(vals[0]), math.Abs(vals[n-1]))
	c := make([]float64, n) // g in the eigenbasis
	for i := 0; i < n; i++ {
		for k := 0; k < n; k++ {
			c[i] += q.At(k, i) * g[k]
		}
	}
	gn := norm2(g)
	// Components belonging to the smallest eigenvalue (within rounding).
	tolEig := 1e-12 * math.Max(scaleB, 1e-300)
	hard := func(i int) bool { return vals[i] <= l1+tolEig }
	// norms returns ‖p(λ)‖ and ‖q‖² = Σ c_i²/(λ_i+λ)³, skipping the hard components
	// when skip is set.
	norms := func(lambda float64, skip bool) (float64, float64) {
		p2, q2 := 0.0, 0.0
		for i, l := range vals {
			if skip && hard(i) {
				continue
			}
			d := l + lambda
			p2 += c[i] * c[i] / (d * d)
			q2 += c[i] * c[i] / (d * d * d)
		}
		return math.Sqrt(p2), q2
	}
	stepAt := func(lambda float64, skip bool) {
		coef := mat.NewVecDense(n, nil)
		for i, l := range vals {
			if skip && hard(i) {
				continue
			}
			coef.SetVec(i, -c[i]/(l+lambda))
		}
		mat.NewVecDense(n, p).MulVec(&q, coef)
	}
	if l1 > 0 {
		if pn, _ := norms(0, false); pn <= delta {
			stepAt(0, false) // interior Newton step
			return 1, false, nil
		}
	}
	lo := math.Max(0, -l1)
	if l1 <= 0 {
		ch := 0.0
		for i := range vals {
			if hard(i) {
				ch += c[i] * c[i]
			}
		}
		if pn, _ := norms(lo, true); math.Sqrt(ch) <= 1e-10*gn && pn < delta {
			// Hard case.
			stepAt(lo, true)
			q1 := make([]float64, n)
			for i := range q1 {
				q1[i] = q.At(i, 0)
			}
			z := append([]float64(nil), p...)
			axpy(p, boundaryTau(z, q1, delta), q1, z)
			return 1, true, nil
		}
	}
	// Bracket: ‖p(λ)‖ > Δ near lo, and ‖p(λ)‖ ≤ ‖g‖/(λ + λ₁) ≤ Δ at hi.
	hi := lo + gn/delta + scaleB + 1
	lambda := lo + 1e-10*math.Max(1, scaleB)
	if pn, _ := norms(lambda, false); pn < delta {
		// The root lies in (lo, lambda): start at its midpoint.
		hi, lambda = lambda, 0.5*(lo+lambda)
	}
	it := 0
	for ; it < 100; it++ {
		pn, q2 := norms(lambda, false)
		if math.Abs(pn-delta) <= 1e-10*delta {
			break
		}
		if pn > delta {
			lo = lambda
		} else {
			hi = lambda
		}
		next := lambda + (pn*pn/q2)*(pn-delta)/delta
		if !(next > lo && next < hi) {
			next = 0.5 * (lo + hi)
		}
		if next == lambda {
			break
		}
		lambda = next
	}
	stepAt(lambda, false)
	if pn := norm2(p); pn > delta {
		scale(p, delta/pn, p)
	}
	return it + 1, true, nil
}
