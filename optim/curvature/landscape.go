package curvature

import (
	"context"
	"fmt"
	"math"

	"github.com/hessnote/hessnote/optim"
	"gonum.org/v1/gonum/floats"
)

// Range is the index range [Lo, Hi) of one block of parameters, such as one layer of a
// network whose parameters sit in one flat vector.
type Range struct {
	Lo, Hi int
}

// Line is a 1-D slice of an objective: F[i] = f(x + Alpha[i]·d).
type Line struct {
	Alpha, F []float64
	// NonFinite counts NaN or Inf values of F (kept as they are; filter before plotting).
	NonFinite int
}

// Plane is a 2-D slice of an objective: F[i][j] = f(x + Alpha[i]·d1 + Beta[j]·d2).
type Plane struct {
	Alpha, Beta []float64
	F           [][]float64
	// NonFinite counts NaN or Inf values of F (kept as they are; filter before plotting).
	NonFinite int
}

// Linspace returns n equispaced values from lo to hi inclusive (n ≥ 2), or [lo] for n = 1.
func Linspace(lo, hi float64, n int) []float64 {
	if n <= 0 {
		return nil
	}
	if n == 1 {
		return []float64{lo}
	}
	v := make([]float64, n)
	for i := range v {
		v[i] = lo + (hi-lo)*float64(i)/float64(n-1)
	}
	v[n-1] = hi
	return v
}

// Slice1D evaluates f along the line x + α·d for each α of alphas (Goodfellow, Vinyals &
// Saxe, ICLR 2015; Li et al., NeurIPS 2018, §3). With d the top Hessian eigenvector the
// curve bends like λmax·α²/2 near α = 0. progress may be nil. x and d are not changed.
func Slice1D(ctx context.Context, p optim.Problem, x, d, alphas []float64, progress func(Progress)) (*Line, error) {
	f, err := objective(p, x, d)
	if err != nil {
		return nil, err
	}
	l := &Line{Alpha: append([]float64(nil), alphas...), F: make([]float64, len(alphas))}
	y := make([]float64, len(x))
	for i, a := range alphas {
		if err := optim.Done(ctx); err != nil {
			return l, fmt.Errorf("curvature: landscape: %w", err)
		}
		for j := range y {
			y[j] = x[j] + a*d[j]
		}
		l.F[i] = f(y)
		if math.IsNaN(l.F[i]) || math.IsInf(l.F[i], 0) {
			l.NonFinite++
		}
		if progress != nil {
			progress(Progress{Task: "landscape", Step: i + 1, Total: len(alphas), Value: l.F[i]})
		}
	}
	return l, nil
}

// Slice2D evaluates f on the plane x + α·d1 + β·d2 for α in alphas and β in betas (Li,
// Xu, Taylor, Studer & Goldstein, "Visualizing the Loss Landscape of Neural Nets",
// NeurIPS 2018): len(alphas)·len(betas) evaluations, for contour plots. Directions are
// the top two Hessian eigenvectors or FilterNormalized random directions. progress may
// be nil. x, d1 and d2 are not changed.
func Slice2D(ctx context.Context, p optim.Problem, x, d1, d2, alphas, betas []float64, progress func(Progress)) (*Plane, error) {
	f, err := objective(p, x, d1)
	if err != nil {
		return nil, err
	}
	if len(d2) != len(x) {
		return nil, fmt.Errorf("curvature: landscape: len(d2)=%d, len(x)=%d: %w", len(d2), len(x), optim.ErrDimension)
	}
	pl := &Plane{Alpha: append([]float64(nil), alphas...), Beta: append([]float64(nil), betas...),
		F: make([][]float64, len(alphas))}
	y := make([]float64, len(x))
	total := len(alphas) * len(betas)
	for i, a := range alphas {
		pl.F[i] = make([]float64, len(betas))
		for j, b := range betas {
			if err := optim.Done(ctx); err != nil {
				return pl, fmt.Errorf("curvature: landscape: %w", err)
			}
			for k := range y {
				y[k] = x[k] + a*d1[k] + b*d2[k]
			}
			v := f(y)
			pl.F[i][j] = v
			if math.IsNaN(v) || math.IsInf(v, 0) {
				pl.NonFinite++
			}
			if progress != nil {
				progress(Progress{Task: "landscape", Step: i*len(betas) + j + 1, Total: total, Value: v})
			}
		}
	}
	return pl, nil
}

// objective checks the arguments and returns f from Func or FuncGrad.
func objective(p optim.Problem, x, d []float64) (func([]float64) float64, error) {
	if len(x) == 0 || len(d) != len(x) || (p.Dim != 0 && p.Dim != len(x)) {
		return nil, fmt.Errorf("curvature: landscape: len(x)=%d, len(d)=%d, problem dimension %d: %w",
			len(x), len(d), p.Dim, optim.ErrDimension)
	}
	if p.Func != nil {
		return p.Func, nil
	}
	if p.FuncGrad != nil {
		g := make([]float64, len(x))
		return func(y []float64) float64 { return p.FuncGrad(g, y) }, nil
	}
	return nil, fmt.Errorf("curvature: landscape: %w", optim.ErrNoFunc)
}

// FilterNormalized returns a random Gaussian direction scaled block by block to the
// norm of x on that block: d_r ← d_r·‖x_r‖/‖d_r‖ for each range r (Li et al., NeurIPS
// 2018, §4, with one "filter" per range). One range per layer gives per-layer
// normalisation. The paper's per-filter version needs one block per unit's incoming
// weights, which ranges can express only where those weights are contiguous: in
// optim/nn's layers (In×Out, row-major) a unit's weights are a strided column, so
// scale such a direction column by column yourself. Entries outside every range are zero, as
// the paper does for biases; with no ranges the whole vector is one block. Ranges must
// lie in [0, len(x)) and not overlap. The same seed gives the same direction.
func FilterNormalized(x []float64, ranges []Range, seed uint64) ([]float64, error) {
	n := len(x)
	if n == 0 {
		return nil, fmt.Errorf("curvature: filter-normalized direction: empty x: %w", optim.ErrDimension)
	}
	if len(ranges) == 0 {
		ranges = []Range{{0, n}}
	}
	covered := make([]bool, n)
	for _, r := range ranges {
		if r.Lo < 0 || r.Hi > n || r.Lo >= r.Hi {
			return nil, fmt.Errorf("curvature: filter-normalized direction: range [%d,%d) not inside [0,%d): %w", r.Lo, r.Hi, n, optim.ErrDimension)
		}
		for i := r.Lo; i < r.Hi; i++ {
			if covered[i] {
				return nil, fmt.Errorf("curvature: filter-normalized direction: ranges overlap at %d: %w", i, optim.ErrDimension)
			}
			covered[i] = true
		}
	}
	rng := newRand(seed)
	d := make([]float64, n)
	for _, r := range ranges {
		blk := d[r.Lo:r.Hi]
		gaussian(rng, blk)
		dn, xn := norm(blk), norm(x[r.Lo:r.Hi])
		if dn > 0 {
			floats.Scale(xn/dn, blk)
		}
	}
	return d, nil
}
