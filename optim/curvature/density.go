package curvature

import (
	"context"
	"fmt"
	"math"

	"github.com/hessnote/hessnote/optim"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// DensitySettings control Density. The zero value of every field selects its default.
type DensitySettings struct {
	// Starts is the number of random starting vectors. Default 10.
	Starts int
	// Steps is the number of Lanczos steps per start. Default min(90, Dim).
	Steps int
	// Sigma is the standard deviation of the Gaussian kernel. Default 1% of the span
	// of the nodes (or 1e-3 when they coincide).
	Sigma float64
	// Lo and Hi bound the grid; when both are zero the grid spans the nodes plus 5·Sigma
	// on each side, so that the density integrates to 1 within 1e-6. When they are set,
	// the density on the grid integrates to SpectralDensity.Mass, the part of the smoothed
	// density inside [Lo, Hi], which is below 1 when nodes lie within a few Sigma of the
	// bounds or outside them.
	Lo, Hi float64
	// Points is the number of grid points. Default 1000, raised (up to 100000) so that
	// the spacing is at most Sigma/4.
	Points int
	// Seed seeds the Rademacher starting vectors.
	Seed uint64
	// Progress, when set, is called after each product.
	Progress func(Progress)
}

// SpectralDensity is a smoothed estimate of the eigenvalue density of an Operator of
// dimension n, φ(t) = (1/n) Σᵢ δ(t − λᵢ) convolved with a Gaussian.
type SpectralDensity struct {
	// Grid and Density are the estimate on an equispaced grid. Density integrates to
	// Mass; the trapezoid rule on the grid recovers it within 1e-6 on the default grid,
	// and up to its end error h²/12·|φ′| where DensitySettings.Lo or Hi cut through the
	// density (3e-4 at the default spacing Sigma/4 with Lo at the edge of a dense bulk,
	// TestDensityQuadraticDeep).
	Grid, Density []float64
	// Mass is the exact integral of the smoothed density over [Grid[0], Grid[last]],
	// (1/Starts) Σ_s Σᵢ τᵢ (Φ((Hi − θᵢ)/σ) − Φ((Lo − θᵢ)/σ)) with Φ the normal
	// distribution function: 1 within 1e-6 on the default grid, less when
	// DensitySettings.Lo and Hi cut off part of the spectrum.
	Mass float64
	// Nodes[s] and Weights[s] are the Gauss quadrature nodes (Ritz values) and weights
	// of start s; each start's weights sum to 1.
	Nodes, Weights [][]float64
	// Sigma is the kernel width used.
	Sigma float64
	// Products counts operator products.
	Products int
}

// Density estimates the spectral density of op by stochastic Lanczos quadrature (Lin,
// Saad & Yang, SIAM Review 58, 2016, §3.2; Ghorbani, Krishnan & Xiao, "An Investigation
// into Neural Net Optimization via Hessian Eigenvalue Density", ICML 2019, §2.2): for
// each of Starts random unit vectors v, Steps Lanczos steps with full
// reorthogonalization give a tridiagonal T = SΘSᵀ whose eigenvalues θᵢ are the nodes and
// the squared first components τᵢ = S₁ᵢ² the weights of the Gauss quadrature of
// vᵀ g(H) v = ∫ g dμ_v; averaging over starts and smoothing with a Gaussian of width
// Sigma gives φ(t) ≈ (1/Starts) Σ_s Σᵢ τᵢ N(t; θᵢ, Sigma²). A breakdown ends a start
// early: the quadrature is then exact for its vector.
//
// Products: Starts·Steps. Ghorbani et al. use about 90 steps; the extreme nodes converge
// first, so outliers are located well while the bulk is resolved to about Sigma.
func Density(ctx context.Context, op Operator, s DensitySettings) (*SpectralDensity, error) {
	n := op.Dim()
	if n < 1 {
		return nil, fmt.Errorf("curvature: operator dimension %d: %w", n, optim.ErrDimension)
	}
	starts := s.Starts
	if starts <= 0 {
		starts = 10
	}
	steps := s.Steps
	if steps <= 0 {
		steps = min(90, n)
	}
	steps = min(steps, n)
	if s.Sigma < 0 || s.Points < 0 || ((s.Lo != 0 || s.Hi != 0) && s.Hi <= s.Lo) {
		return nil, fmt.Errorf("curvature: density: need Sigma ≥ 0, Points ≥ 0, Lo < Hi (got %g, %g, %g, %d)", s.Sigma, s.Lo, s.Hi, s.Points)
	}
	rng := newRand(s.Seed)
	d := &SpectralDensity{}
	w := make([]float64, n)
	total := starts * steps
	for st := 0; st < starts; st++ {
		v := make([]float64, n)
		rademacher(rng, v)
		floats.Scale(1/math.Sqrt(float64(n)), v)
		basis := [][]float64{v}
		alpha, beta := []float64{}, []float64{}
		for j := 0; j < steps; j++ {
			if err := optim.Done(ctx); err != nil {
				d.smooth(s)
				return d, fmt.Errorf("curvature: density: %w", err)
			}
			op.HessVec(w, basis[j])
			d.Products++
			if i := firstNonFinite(w); i >= 0 {
				d.smooth(s)
				return d, &optim.NumericError{What: "Hessian-vector product", Value: w[i], Index: i, Iter: d.Products}
			}
			an := norm(w)
			c := make([]float64, j+1)
			orthogonalize(w, basis, c)
			alpha = append(alpha, c[j])
			if s.Progress != nil {
				s.Progress(Progress{Task: "density", Step: st*steps + j + 1, Total: total, Products: d.Products, Value: c[j]})
			}
			if j == steps-1 {
				break
			}
			b := norm(w)
			if b <= 1e-12*an || b == 0 {
				break // invariant subspace: the quadrature is exact
			}
			beta = append(beta, b)
			nv := make([]float64, n)
			copy(nv, w)
			floats.Scale(1/b, nv)
			basis = append(basis, nv)
		}
		nodes, weights, err := gaussQuadrature(alpha, beta)
		if err != nil {
			return d, err
		}
		d.Nodes = append(d.Nodes, nodes)
		d.Weights = append(d.Weights, weights)
	}
	d.smooth(s)
	return d, nil
}

// gaussQuadrature returns the eigenvalues of the symmetric tridiagonal matrix with
// diagonal alpha and off-diagonal beta and the squared first components of its unit
// eigenvectors (Golub & Welsch, Math. Comp. 23, 1969).
func gaussQuadrature(alpha, beta []float64) (nodes, weights []float64, err error) {
	m := len(alpha)
	t := mat.NewSymDense(m, nil)
	for i, a := range alpha {
		t.SetSym(i, i, a)
		if i+1 < m {
			t.SetSym(i, i+1, beta[i])
		}
	}
	var es mat.EigenSym
	if !es.Factorize(t, true) {
		return nil, nil, fmt.Errorf("curvature: density: eigendecomposition of the %d×%d Lanczos matrix failed: %w", m, m, optim.ErrBreakdown)
	}
	nodes = es.Values(nil)
	var vecs mat.Dense
	es.VectorsTo(&vecs)
	weights = make([]float64, m)
	for i := range weights {
		weights[i] = vecs.At(0, i) * vecs.At(0, i)
	}
	return nodes, weights, nil
}

// smooth evaluates the Gaussian-smoothed density on the grid.
func (d *SpectralDensity) smooth(s DensitySettings) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, nodes := range d.Nodes {
		for _, x := range nodes {
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
	}
	if len(d.Nodes) == 0 {
		return
	}
	sigma := s.Sigma
	if sigma == 0 {
		sigma = 0.01 * (hi - lo)
		if sigma == 0 {
			sigma = 1e-3 * math.Max(1, math.Abs(hi))
		}
	}
	d.Sigma = sigma
	if s.Lo != 0 || s.Hi != 0 {
		lo, hi = s.Lo, s.Hi
	} else {
		lo, hi = lo-5*sigma, hi+5*sigma
	}
	points := s.Points
	if points == 0 {
		points = 1000
	}
	if need := int(math.Ceil((hi-lo)/(sigma/4))) + 1; need > points {
		points = min(need, 100000)
	}
	points = max(points, 2)
	d.Grid = make([]float64, points)
	d.Density = make([]float64, points)
	h := (hi - lo) / float64(points-1)
	for i := range d.Grid {
		d.Grid[i] = lo + float64(i)*h
	}
	c := 1 / (float64(len(d.Nodes)) * sigma * math.Sqrt(2*math.Pi))
	d.Mass = 0
	for st, nodes := range d.Nodes {
		for i, x := range nodes {
			wt := d.Weights[st][i] * c
			d.Mass += d.Weights[st][i] / float64(len(d.Nodes)) *
				0.5 * (math.Erf((hi-x)/(sigma*math.Sqrt2)) - math.Erf((lo-x)/(sigma*math.Sqrt2)))
			// Only grid points within 8σ contribute more than e^-32.
			a := int(math.Max(0, math.Floor((x-8*sigma-lo)/h)))
			b := int(math.Min(float64(points-1), math.Ceil((x+8*sigma-lo)/h)))
			for g := a; g <= b; g++ {
				u := (d.Grid[g] - x) / sigma
				d.Density[g] += wt * math.Exp(-u*u/2)
			}
		}
	}
}
