package curvature

import (
	"context"
	"fmt"
	"math"
)

// NegativeCurvature is the smallest eigenpair of an Operator.
type NegativeCurvature struct {
	// Value is the smallest eigenvalue found, Vector its unit eigenvector and Residual
	// ‖H·y − Value·y‖.
	Value    float64
	Vector   []float64
	Residual float64
	// Negative reports that H certainly has a negative eigenvalue: some eigenvalue lies
	// within Residual of Value, so Value + Residual < −1e-10·‖H‖ proves it (the last term
	// keeps rounding errors of a zero eigenvalue from counting). Along Vector the objective
	// decreases to second order, in both directions: the escape direction from a saddle.
	Negative bool
	// Converged reports that Lanczos met its tolerance; Products counts products.
	Converged bool
	Products  int
}

// FindNegativeCurvature computes the smallest eigenpair of op by Lanczos (Which
// Smallest, k = 1) and says whether it is certainly negative. A Hessian with a negative
// eigenvalue means the point is not a local minimum (N&W Thm. 2.3); Newton's method
// there needs a modification (N&W §3.4) or a trust region. When the smallest
// eigenvalue sits in a dense cluster (as it does for network Hessians) convergence is
// slow: give Basis = Dim for small problems, or check Converged and Residual.
func FindNegativeCurvature(ctx context.Context, op Operator, s LanczosSettings) (*NegativeCurvature, error) {
	e, err := Lanczos(ctx, op, 1, Smallest, s)
	if e == nil || len(e.Values) == 0 {
		return nil, err
	}
	nc := &NegativeCurvature{Value: e.Values[0], Vector: e.Vectors[0], Residual: e.Residuals[0],
		Converged: e.Converged, Products: e.Products}
	nc.Negative = nc.Value+nc.Residual < -1e-10*e.Norm
	return nc, err
}

// Condition is an estimate of the spectral condition number of an Operator.
type Condition struct {
	// Max and Min are the largest and smallest eigenvalues.
	Max, Min float64
	// Kappa is Max/Min when Min > 0 (positive definite), +Inf otherwise.
	Kappa float64
	// PositiveDefinite reports Min > 0.
	PositiveDefinite bool
	// Converged reports that both Lanczos runs converged; Products counts products.
	Converged bool
	Products  int
}

// ConditionNumber estimates κ(H) = λmax/λmin by two Lanczos runs, one for each end of
// the spectrum (Golub & Van Loan §10.1.5: the extreme Ritz values converge first). The
// smallest eigenvalue is the slow one when it sits in a dense bulk; give a larger
// Basis then.
func ConditionNumber(ctx context.Context, op Operator, s LanczosSettings) (*Condition, error) {
	hi, err := Lanczos(ctx, op, 1, Largest, s)
	if err != nil {
		return nil, fmt.Errorf("curvature: condition number: %w", err)
	}
	lo, err := Lanczos(ctx, op, 1, Smallest, s)
	if err != nil {
		return nil, fmt.Errorf("curvature: condition number: %w", err)
	}
	c := &Condition{Max: hi.Values[0], Min: lo.Values[0], Converged: hi.Converged && lo.Converged,
		Products: hi.Products + lo.Products}
	c.PositiveDefinite = c.Min > 0
	c.Kappa = math.Inf(1)
	if c.PositiveDefinite {
		c.Kappa = c.Max / c.Min
	}
	return c, nil
}

// RangeSpectra computes, for each index range (one per layer of a network whose
// parameters sit in one flat vector), k eigenpairs at the Which end of the spectrum of
// the diagonal block of op on that range, by Lanczos on the Restriction: per-layer
// curvature, which PyHessian lacks (its issue #10). Eigenvectors have the length of
// their range. Products are counted per range in each Eigen; a k larger than a range is
// reduced to its size. On an error the spectra computed so far are returned with it.
func RangeSpectra(ctx context.Context, op Operator, ranges []Range, k int, which Which, s LanczosSettings) ([]*Eigen, error) {
	var out []*Eigen
	for i, r := range ranges {
		sub, err := Restrict(op, r.Lo, r.Hi)
		if err != nil {
			return out, fmt.Errorf("curvature: range %d: %w", i, err)
		}
		e, err := Lanczos(ctx, sub, min(k, r.Hi-r.Lo), which, s)
		if err != nil {
			return out, fmt.Errorf("curvature: range %d: %w", i, err)
		}
		e.Method = fmt.Sprintf("%s on [%d,%d)", e.Method, r.Lo, r.Hi)
		out = append(out, e)
	}
	return out, nil
}
