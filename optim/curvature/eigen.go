package curvature

import (
	"context"
	"fmt"
	"math"

	"github.com/hessnote/hessnote/optim"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// Progress is what the long computations report after each step through an optional
// callback. The fields that do not apply to a computation are zero.
type Progress struct {
	// Task names the computation: "lanczos", "power", "hutchinson", "hutch++",
	// "density", "landscape".
	Task string
	// Step counts the steps done and Total bounds them (0 when unknown).
	Step, Total int
	// Products is the number of operator products so far.
	Products int
	// Value is the current estimate: the leading wanted Ritz value, the current
	// eigenvalue of power iteration, the running trace, or the last loss evaluated.
	Value float64
	// Residual is the largest residual norm of the wanted Ritz pairs (Lanczos).
	Residual float64
}

// Which selects the end of the spectrum an eigensolver looks for.
type Which int

const (
	// Largest selects the algebraically largest eigenvalues.
	Largest Which = iota
	// Smallest selects the algebraically smallest eigenvalues (the most negative
	// curvature).
	Smallest
)

// String returns "largest" or "smallest".
func (w Which) String() string {
	switch w {
	case Largest:
		return "largest"
	case Smallest:
		return "smallest"
	}
	return fmt.Sprintf("Which(%d)", int(w))
}

// Eigen holds approximate eigenpairs of an Operator.
type Eigen struct {
	// Method names the solver and its settings, for legends and tables.
	Method string
	// Values are the eigenvalues, the wanted end first: descending for Largest,
	// ascending for Smallest.
	Values []float64
	// Vectors[i] is the unit eigenvector of Values[i].
	Vectors [][]float64
	// Residuals[i] is ‖H·y − θ·y‖ for the pair (θ, y) = (Values[i], Vectors[i]): the
	// Ritz estimate |β·s_m| for Lanczos, the last iterate's residual for power
	// iteration. Some eigenvalue of H lies within Residuals[i] of Values[i].
	Residuals []float64
	// Converged reports whether every pair met the tolerance.
	Converged bool
	// Norm is the largest ‖H·v‖ over the unit vectors multiplied, a lower bound of ‖H‖₂
	// (Lanczos; the largest |λ| found for power iteration).
	Norm float64
	// Products counts operator products; Restarts counts thick restarts (Lanczos).
	Products int
	Restarts int
}

// LanczosSettings control Lanczos. The zero value of every field selects its default.
type LanczosSettings struct {
	// Tol: a Ritz pair is converged when its residual ‖H·y − θ·y‖ ≤ Tol·‖H‖, with ‖H‖
	// estimated by the largest ‖H·v‖ seen. Default 1e-8. The eigenvalue error is at most
	// the residual, and at most residual²/gap once the gap to the rest of the spectrum
	// exceeds the residual (Parlett, The Symmetric Eigenvalue Problem, Thm. 11.7.1).
	Tol float64
	// Basis is the largest Krylov basis kept before a thick restart. Default
	// min(Dim, max(20, 3k)); at least k+2 unless it is Dim.
	Basis int
	// MaxProducts bounds the operator products. Default max(300, 100k).
	MaxProducts int
	// Start is the starting vector (not changed); default a Gaussian vector from Seed.
	// An all-zero Start is replaced by a random vector.
	Start []float64
	// Seed seeds the random starting vector and any restart after breakdown.
	Seed uint64
	// Progress, when set, is called after each product.
	Progress func(Progress)
}

// Lanczos computes k eigenpairs at the Which end of the spectrum of op by the Lanczos
// process with full reorthogonalization (Golub & Van Loan, Matrix Computations, 4th ed.,
// §10.1 and §10.3.1; Saad, Numerical Methods for Large Eigenvalue Problems, 2nd ed.,
// §6.6) and thick restarts (Wu & Simon, SIAM J. Matrix Anal. Appl. 22, 2000; in the
// Krylov-Schur form of Stewart, SIAM J. Matrix Anal. Appl. 23, 2001).
//
// Each step costs one product and O(n·m) for the reorthogonalization against the m basis
// vectors; the Ritz pairs of the projected m×m matrix are recomputed after every product,
// so the run stops as soon as the k wanted pairs have converged. When the basis is full
// it is shrunk to the k wanted Ritz vectors and (Basis−k)/2 more next to them, the
// projected matrix becoming diagonal plus one coupling row (an arrowhead), and the
// process continues from the residual. A breakdown (an exact invariant subspace) draws a
// fresh random vector orthogonal to the basis, which also finds repeated eigenvalues.
//
// It returns the Ritz pairs, converged or not once MaxProducts are spent (Converged
// false, nil error). On cancellation it returns the current Ritz pairs with the context
// error; a NaN or Inf product gives a *optim.NumericError.
func Lanczos(ctx context.Context, op Operator, k int, which Which, s LanczosSettings) (*Eigen, error) {
	n := op.Dim()
	if n < 1 {
		return nil, fmt.Errorf("curvature: operator dimension %d: %w", n, optim.ErrDimension)
	}
	if k < 1 || k > n {
		return nil, fmt.Errorf("curvature: lanczos: k=%d outside [1,%d]: %w", k, n, optim.ErrDimension)
	}
	if which != Largest && which != Smallest {
		return nil, fmt.Errorf("curvature: lanczos: unknown %v", which)
	}
	tol := s.Tol
	if tol <= 0 {
		tol = 1e-8
	}
	m := s.Basis
	if m <= 0 {
		m = max(20, 3*k)
	}
	m = min(m, n)
	if m < n && m < k+2 {
		return nil, fmt.Errorf("curvature: lanczos: basis %d < k+2 = %d: %w", m, k+2, optim.ErrDimension)
	}
	maxProducts := s.MaxProducts
	if maxProducts <= 0 {
		maxProducts = max(300, 100*k)
	}
	rng := newRand(s.Seed)

	l := &lanczos{op: op, n: n, m: m, k: k, which: which}
	l.h = mat.NewSymDense(m, nil)
	l.w = make([]float64, n)
	v0 := make([]float64, n)
	if s.Start != nil {
		if len(s.Start) != n {
			return nil, fmt.Errorf("curvature: lanczos: len(Start)=%d, dimension %d: %w", len(s.Start), n, optim.ErrDimension)
		}
		if i := firstNonFinite(s.Start); i >= 0 {
			return nil, &optim.NumericError{What: "start vector", Value: s.Start[i], Index: i}
		}
		copy(v0, s.Start)
	} else {
		gaussian(rng, v0)
	}
	if nv := norm(v0); nv > 0 && !math.IsInf(nv, 0) && !math.IsNaN(nv) {
		floats.Scale(1/nv, v0)
	} else if !randomOrthogonal(rng, v0, nil) {
		return nil, fmt.Errorf("curvature: lanczos: no starting vector: %w", optim.ErrBreakdown)
	}
	l.basis = [][]float64{v0}

	method := fmt.Sprintf("Lanczos %s-%d (basis %d, tol %g)", which, k, m, tol)
	for {
		if err := optim.Done(ctx); err != nil {
			return l.result(method, false), fmt.Errorf("curvature: lanczos: %w", err)
		}
		if l.products >= maxProducts {
			return l.result(method, false), nil
		}
		beta, err := l.step()
		if err != nil {
			return l.result(method, false), err
		}
		nv := len(l.basis)
		complete := nv == n
		if complete {
			beta = 0
		}
		breakdown := beta == 0 && !complete
		if err := l.ritz(beta); err != nil {
			return l.result(method, false), err
		}
		conv := !breakdown && nv >= k && l.maxResidual() <= tol*math.Max(l.anorm, math.SmallestNonzeroFloat64)
		if s.Progress != nil {
			s.Progress(Progress{Task: "lanczos", Step: l.products, Total: maxProducts, Products: l.products,
				Value: l.theta[l.wanted[0]], Residual: l.maxResidual()})
		}
		if conv || complete {
			return l.result(method, true), nil
		}
		next := make([]float64, n)
		if breakdown {
			if !randomOrthogonal(rng, next, l.basis) {
				return l.result(method, true), nil
			}
		} else {
			copy(next, l.w)
			floats.Scale(1/beta, next)
		}
		if nv == m {
			l.restart()
		}
		l.basis = append(l.basis, next)
	}
}

// lanczos is the state of one run: the orthonormal basis V, the projected matrix
// H = VᵀAV (only its leading len(basis) block is in use), and the Ritz pairs of H.
type lanczos struct {
	op       Operator
	n, m, k  int
	which    Which
	basis    [][]float64
	h        *mat.SymDense
	w        []float64
	anorm    float64
	products int
	restarts int

	theta  []float64  // Ritz values of the current block, ascending
	s      *mat.Dense // their eigenvectors in H's coordinates
	res    []float64  // Ritz residual estimates
	wanted []int      // indices into theta of the wanted pairs, wanted end first
}

// step multiplies the last basis vector, orthogonalizes the product against the basis,
// records the coefficients in H and returns the norm β of what is left (in l.w).
func (l *lanczos) step() (float64, error) {
	j := len(l.basis) - 1
	l.op.HessVec(l.w, l.basis[j])
	l.products++
	if i := firstNonFinite(l.w); i >= 0 {
		return 0, &optim.NumericError{What: "Hessian-vector product", Value: l.w[i], Index: i, Iter: l.products}
	}
	l.anorm = math.Max(l.anorm, norm(l.w))
	c := make([]float64, j+1)
	orthogonalize(l.w, l.basis, c)
	for i, ci := range c {
		l.h.SetSym(i, j, ci)
	}
	beta := norm(l.w)
	// An exact invariant subspace leaves only rounding errors in w.
	if beta <= 1e-12*l.anorm || beta == 0 {
		beta = 0
	}
	return beta, nil
}

// ritz computes the Ritz pairs of the leading block of H, their residual estimates
// |β·s_{last,i}| and the wanted indices.
func (l *lanczos) ritz(beta float64) error {
	nv := len(l.basis)
	blk := l.h.SliceSym(0, nv)
	var es mat.EigenSym
	if !es.Factorize(blk, true) {
		return fmt.Errorf("curvature: lanczos: eigendecomposition of the %d×%d projection failed: %w", nv, nv, optim.ErrBreakdown)
	}
	l.theta = es.Values(nil)
	l.s = new(mat.Dense)
	es.VectorsTo(l.s)
	l.res = make([]float64, nv)
	for i := range l.res {
		l.res[i] = math.Abs(beta * l.s.At(nv-1, i))
	}
	l.wanted = l.wanted[:0]
	cnt := min(l.k, nv)
	for i := 0; i < cnt; i++ {
		if l.which == Largest {
			l.wanted = append(l.wanted, nv-1-i)
		} else {
			l.wanted = append(l.wanted, i)
		}
	}
	return nil
}

func (l *lanczos) maxResidual() float64 {
	r := 0.0
	for _, i := range l.wanted {
		r = math.Max(r, l.res[i])
	}
	return r
}

// ritzVector returns V·s_i, normalized.
func (l *lanczos) ritzVector(i int) []float64 {
	y := make([]float64, l.n)
	// The basis may hold one vector more than the last Ritz analysis saw.
	rows, _ := l.s.Dims()
	for j, b := range l.basis[:rows] {
		floats.AddScaled(y, l.s.At(j, i), b)
	}
	if yn := norm(y); yn > 0 {
		floats.Scale(1/yn, y)
	}
	return y
}

// restart shrinks the full basis to p = k + (m−k)/2 Ritz vectors at the wanted end
// (Wu & Simon 2000, §3). H becomes diag(θ); the couplings to the next vector are filled
// in by the next step's orthogonalization.
func (l *lanczos) restart() {
	nv := len(l.basis)
	p := l.k + (l.m-l.k)/2
	p = min(p, nv-1)
	keep := make([]int, p)
	for i := range keep {
		if l.which == Largest {
			keep[i] = nv - 1 - i
		} else {
			keep[i] = i
		}
	}
	nb := make([][]float64, p)
	for i, idx := range keep {
		nb[i] = l.ritzVector(idx)
	}
	// Re-orthonormalize the kept vectors against rounding drift.
	for i := range nb {
		orthogonalize(nb[i], nb[:i], nil)
		floats.Scale(1/norm(nb[i]), nb[i])
	}
	l.h.Zero()
	for i, idx := range keep {
		l.h.SetSym(i, i, l.theta[idx])
	}
	l.basis = nb
	l.restarts++
}

// result collects the wanted Ritz pairs.
func (l *lanczos) result(method string, done bool) *Eigen {
	e := &Eigen{Method: method, Products: l.products, Restarts: l.restarts, Norm: l.anorm}
	if l.theta == nil {
		return e
	}
	for _, i := range l.wanted {
		e.Values = append(e.Values, l.theta[i])
		e.Vectors = append(e.Vectors, l.ritzVector(i))
		e.Residuals = append(e.Residuals, l.res[i])
	}
	e.Converged = done && len(l.wanted) == l.k
	return e
}
