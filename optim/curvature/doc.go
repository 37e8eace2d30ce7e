// Package curvature measures the curvature of an objective at a point through
// Hessian-vector products only: extreme eigenpairs by Lanczos (with full
// reorthogonalization and thick restarts) or by power iteration with deflation, the
// trace by Hutchinson's estimator (and Hutch++), the spectral density by stochastic
// Lanczos quadrature, the condition number, negative curvature, and loss-landscape
// slices along chosen or random filter-normalized directions.
//
// Everything consumes an Operator: the product v ↦ H·v of a fixed symmetric matrix H of
// dimension Dim. Implementations wrap a dense matrix (Dense), any optim.Problem at a
// point (ProblemOperator: exact HessVec, or central differences of the gradient), a
// function such as a network's Gauss-Newton product (Func), one block of parameters of
// another operator (Restriction: per-layer spectra) and a product counter (Counter).
//
// Long computations take a context and stop when it, or the context installed with
// optim.SetInterrupt, is done; they report progress through an optional callback and
// return the products they used. On cancellation or a numeric error they return what
// they have so far together with the error. Randomness comes from a Seed field: the same seed gives
// the same result. Results hold plain slices of float64 so that display can plot them.
//
// Errors wrap optim.ErrDimension for sizes that do not fit and are *optim.NumericError
// for NaN or Inf products. An exact invariant subspace in Lanczos (breakdown) is not an
// error: the iteration continues from a fresh random vector orthogonal to the basis.
package curvature
