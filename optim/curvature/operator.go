package curvature

import (
	"context"
	"fmt"
	"math"

	"github.com/hessnote/hessnote/optim"
	"gonum.org/v1/gonum/mat"
)

// Operator is a symmetric linear map of dimension Dim, usually the Hessian of an
// objective at a fixed point. HessVec stores H·v in dst; dst and v have length Dim and
// do not overlap, and v is not changed.
type Operator interface {
	Dim() int
	HessVec(dst, v []float64)
}

var (
	_ Operator = (*Dense)(nil)
	_ Operator = (*ProblemOperator)(nil)
	_ Operator = (*Restriction)(nil)
	_ Operator = Func{}
	_ Operator = (*Counter)(nil)
)

// Dense is the Operator of an explicit symmetric matrix. Each product costs O(n²).
type Dense struct {
	a      mat.Symmetric
	dv, vv *mat.VecDense
}

// NewDense returns the Operator of a, which is referenced, not copied.
func NewDense(a mat.Symmetric) *Dense { return &Dense{a: a} }

// Dim returns the order of the matrix.
func (d *Dense) Dim() int { return d.a.SymmetricDim() }

// HessVec stores A·v in dst.
func (d *Dense) HessVec(dst, v []float64) {
	n := d.Dim()
	mat.NewVecDense(n, dst).MulVec(d.a, mat.NewVecDense(n, v))
}

// Func adapts a function to an Operator, for products computed elsewhere, such as the
// Gauss-Newton or Hessian-vector product of a network in optim/nn at fixed weights:
//
//	op := curvature.Func{N: net.NumParams(), Apply: func(dst, v []float64) { ... }}
type Func struct {
	// N is the dimension.
	N int
	// Apply stores H·v in dst.
	Apply func(dst, v []float64)
}

// Dim returns f.N.
func (f Func) Dim() int { return f.N }

// HessVec calls f.Apply.
func (f Func) HessVec(dst, v []float64) { f.Apply(dst, v) }

// Counter counts the products of the Operator it wraps. It is not safe for concurrent
// use.
type Counter struct {
	// Op is the counted operator.
	Op Operator
	// Products is the number of calls of HessVec so far.
	Products int
}

// Dim returns c.Op.Dim().
func (c *Counter) Dim() int { return c.Op.Dim() }

// HessVec counts the call and forwards it to c.Op.
func (c *Counter) HessVec(dst, v []float64) {
	c.Products++
	c.Op.HessVec(dst, v)
}

// Restriction is the diagonal block H[lo:hi, lo:hi] of an Operator: the curvature of the
// objective in the parameters lo..hi-1 alone, the others held fixed. With the index
// range of one layer of a network it gives that layer's spectrum (the per-layer spectra
// PyHessian lacks, its issue #10). Each product costs one product of the full operator.
type Restriction struct {
	op      Operator
	lo, hi  int
	vf, hvf []float64
}

// Restrict returns the restriction of op to the index range [lo, hi). It wraps
// optim.ErrDimension unless 0 ≤ lo < hi ≤ op.Dim().
func Restrict(op Operator, lo, hi int) (*Restriction, error) {
	n := op.Dim()
	if lo < 0 || hi > n || lo >= hi {
		return nil, fmt.Errorf("curvature: range [%d,%d) not inside [0,%d): %w", lo, hi, n, optim.ErrDimension)
	}
	return &Restriction{op: op, lo: lo, hi: hi, vf: make([]float64, n), hvf: make([]float64, n)}, nil
}

// Dim returns hi − lo.
func (r *Restriction) Dim() int { return r.hi - r.lo }

// HessVec embeds v in a full vector that is zero outside [lo, hi), applies the full
// operator and keeps the block's entries.
func (r *Restriction) HessVec(dst, v []float64) {
	copy(r.vf[r.lo:r.hi], v)
	r.op.HessVec(r.hvf, r.vf)
	copy(dst, r.hvf[r.lo:r.hi])
}

// ProblemOperator is the Hessian ∇²f(x) of an optim.Problem at a fixed point x. It uses
// Problem.HessVec when it is set; otherwise central differences of the gradient
//
//	H·v ≈ (∇f(x + h·v) − ∇f(x − h·v)) / (2h)
//
// (N&W §8.1, eq. 8.10 with a central difference), two gradients per product, with
// h = Step·max(1, ‖x‖)/‖v‖. The truncation error is O(h²) and the rounding error
// O(ε/h), so the default Step = ε^(1/3) balances them. It is not safe for concurrent use.
type ProblemOperator struct {
	// Step is the relative finite-difference step; zero means ε^(1/3) ≈ 6.1e-6.
	Step float64

	p          optim.Problem
	x          []float64
	xs, gp, gm []float64
	products   int
	gradEvals  int
}

// NewProblemOperator returns the Hessian operator of p at x (x is copied). It wraps
// optim.ErrDimension when len(x) differs from a nonzero p.Dim, and optim.ErrNoFunc when
// p has neither HessVec nor a gradient (Grad or FuncGrad).
func NewProblemOperator(p optim.Problem, x []float64) (*ProblemOperator, error) {
	if len(x) == 0 || (p.Dim != 0 && p.Dim != len(x)) {
		return nil, fmt.Errorf("curvature: len(x)=%d, problem dimension %d: %w", len(x), p.Dim, optim.ErrDimension)
	}
	if p.HessVec == nil && p.Grad == nil && p.FuncGrad == nil {
		return nil, fmt.Errorf("curvature: problem has neither HessVec nor a gradient: %w", optim.ErrNoFunc)
	}
	n := len(x)
	o := &ProblemOperator{p: p, x: append([]float64(nil), x...)}
	if p.HessVec == nil {
		o.xs, o.gp, o.gm = make([]float64, n), make([]float64, n), make([]float64, n)
	}
	return o, nil
}

// Dim returns len(x).
func (o *ProblemOperator) Dim() int { return len(o.x) }

// Exact reports whether products come from Problem.HessVec rather than differences.
func (o *ProblemOperator) Exact() bool { return o.p.HessVec != nil }

// Products returns the number of products computed so far.
func (o *ProblemOperator) Products() int { return o.products }

// GradEvals returns the number of gradient evaluations spent on finite differences.
func (o *ProblemOperator) GradEvals() int { return o.gradEvals }

// HessVec stores ∇²f(x)·v in dst.
func (o *ProblemOperator) HessVec(dst, v []float64) {
	o.products++
	if o.p.HessVec != nil {
		o.p.HessVec(dst, o.x, v)
		return
	}
	vn := norm(v)
	if vn == 0 {
		for i := range dst {
			dst[i] = 0
		}
		return
	}
	step := o.Step
	if step <= 0 {
		step = math.Cbrt(2.220446049250313e-16)
	}
	h := step * math.Max(1, norm(o.x)) / vn
	for i, xi := range o.x {
		o.xs[i] = xi + h*v[i]
	}
	o.grad(o.gp, o.xs)
	for i, xi := range o.x {
		o.xs[i] = xi - h*v[i]
	}
	o.grad(o.gm, o.xs)
	for i := range dst {
		dst[i] = (o.gp[i] - o.gm[i]) / (2 * h)
	}
}

func (o *ProblemOperator) grad(g, x []float64) {
	o.gradEvals++
	if o.p.Grad != nil {
		o.p.Grad(g, x)
		return
	}
	o.p.FuncGrad(g, x)
}

// Matrix forms the dense matrix of op column by column (Dim products) and symmetrizes
// it as (M + Mᵀ)/2. It is meant for small operators: checks against a dense
// eigendecomposition, or a look at a finite-difference Hessian.
func Matrix(ctx context.Context, op Operator) (*mat.SymDense, error) {
	n := op.Dim()
	if n < 1 {
		return nil, fmt.Errorf("curvature: operator dimension %d: %w", n, optim.ErrDimension)
	}
	m := mat.NewDense(n, n, nil)
	e := make([]float64, n)
	col := make([]float64, n)
	for j := 0; j < n; j++ {
		if err := optim.Done(ctx); err != nil {
			return nil, fmt.Errorf("curvature: matrix: %w", err)
		}
		e[j] = 1
		op.HessVec(col, e)
		e[j] = 0
		if i := firstNonFinite(col); i >= 0 {
			return nil, &optim.NumericError{What: "Hessian-vector product", Value: col[i], Index: i, Iter: j}
		}
		m.SetCol(j, col)
	}
	s := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			s.SetSym(i, j, (m.At(i, j)+m.At(j, i))/2)
		}
	}
	return s, nil
}
