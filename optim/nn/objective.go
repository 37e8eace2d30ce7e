package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/hessnote/hessnote/optim"
)

// Objective is a network's training loss on a fixed batch of examples, as a function of
// the flat parameter vector θ:
//
//	f(θ) = (1/B) Σ_i ℓ(net(θ, x_i), y_i) + ½·L2·‖θ‖².
//
// It evaluates f, ∇f, the Hessian-vector product ∇²f·v and the Gauss–Newton-vector
// product G·v exactly. The forward pass (and the backward pass of the gradient) at the
// last θ are kept, so a run of products at one point (as in conjugate gradients) costs
// only the extra passes each product needs. An Objective is not safe for concurrent use.
type Objective struct {
	// L2 is the weight-decay coefficient of the ½·L2·‖θ‖² term (default 0).
	L2 float64

	net  *Net
	x, y []float64 // B×In and B×Out, row-major
	b    int

	// Work buffers, one per layer (B×Out of that layer).
	z, a, dphi, d2phi, d, e []([]float64)
	rz, ra, rd, re          []([]float64)
	p                       []float64 // softmax / sigmoid of the output
	g                       []float64 // gradient of the data term at cache
	f                       float64   // data term at cache

	cache                   []float64
	fwdOK, dOK, bwdOK, d2OK bool
	rAlloc                  bool
	hvBuf, colBuf           []float64
}

// NewObjective returns the objective of net on the examples in the rows of x (B×In) with
// targets y (B×Out). The data are not copied when the matrices are contiguous; they must
// not change while the Objective is in use.
func NewObjective(net *Net, x, y *mat.Dense) (*Objective, error) {
	if net == nil || x == nil || y == nil {
		return nil, fmt.Errorf("%w: nil net or data", optim.ErrDimension)
	}
	rx, cx := x.Dims()
	ry, cy := y.Dims()
	if rx != ry || cx != net.In() || cy != net.Out() || rx == 0 {
		return nil, fmt.Errorf("%w: x is %d×%d and y %d×%d, net wants B×%d and B×%d", optim.ErrDimension, rx, cx, ry, cy, net.In(), net.Out())
	}
	return newObjective(net, rawRows(x), rawRows(y), rx), nil
}

func rawRows(m *mat.Dense) []float64 {
	raw := m.RawMatrix()
	if raw.Stride == raw.Cols {
		return raw.Data[:raw.Rows*raw.Cols]
	}
	out := make([]float64, 0, raw.Rows*raw.Cols)
	for i := 0; i < raw.Rows; i++ {
		out = append(out, raw.Data[i*raw.Stride:i*raw.Stride+raw.Cols]...)
	}
	return out
}

func newObjective(net *Net, x, y []float64, b int) *Objective {
	o := &Objective{net: net, x: x, y: y, b: b}
	L := len(net.layers)
	o.z = make([][]float64, L)
	o.a = make([][]float64, L)
	o.dphi = make([][]float64, L)
	o.d2phi = make([][]float64, L)
	o.d = make([][]float64, L)
	o.e = make([][]float64, L)
	for i, l := range net.layers {
		o.z[i] = make([]float64, b*l.Out)
		if l.Act == Identity {
			o.a[i] = o.z[i]
		} else {
			o.a[i] = make([]float64, b*l.Out)
			o.dphi[i] = make([]float64, b*l.Out)
		}
		o.d[i] = make([]float64, b*l.Out)
		o.e[i] = make([]float64, b*l.Out)
	}
	o.p = make([]float64, b*net.Out())
	o.g = make([]float64, net.n)
	o.cache = make([]float64, net.n)
	return o
}

func (o *Objective) allocR() {
	if o.rAlloc {
		return
	}
	L := len(o.net.layers)
	o.rz = make([][]float64, L)
	o.ra = make([][]float64, L)
	o.rd = make([][]float64, L)
	o.re = make([][]float64, L)
	for i, l := range o.net.layers {
		o.rz[i] = make([]float64, o.b*l.Out)
		if l.Act == Identity {
			o.ra[i] = o.rz[i]
		} else {
			o.ra[i] = make([]float64, o.b*l.Out)
			o.d2phi[i] = make([]float64, o.b*l.Out)
		}
		o.rd[i] = make([]float64, o.b*l.Out)
		o.re[i] = make([]float64, o.b*l.Out)
	}
	o.rAlloc = true
}

// Net returns the network.
func (o *Objective) Net() *Net { return o.net }

// Len is the number of examples B.
func (o *Objective) Len() int { return o.b }

// Dim is the number of parameters.
func (o *Objective) Dim() int { return o.net.n }

// invalidate forgets the cached passes (after the data changed).
func (o *Objective) invalidate() { o.fwdOK, o.dOK, o.bwdOK, o.d2OK = false, false, false, false }

// ClearCache forgets the forward and backward passes kept for the last θ, so the next
// call recomputes them; for timing the passes.
func (o *Objective) ClearCache() { o.invalidate() }

func general(r, c int, data []float64) blas64.General {
	return blas64.General{Rows: r, Cols: c, Stride: c, Data: data}
}

// weights returns the In×Out view of layer l's weights in theta.
func weights(l Layer, theta []float64) blas64.General {
	return general(l.In, l.Out, theta[l.Offset:l.BiasStart()])
}

// input returns the input rows of layer i (the data for i = 0).
func (o *Objective) input(i int) []float64 {
	if i == 0 {
		return o.x
	}
	return o.a[i-1]
}

// forward runs the network at theta unless the cache holds theta already.
func (o *Objective) forward(theta []float64) {
	if o.fwdOK && slices.Equal(o.cache, theta) {
		return
	}
	copy(o.cache, theta)
	o.fwdOK, o.dOK, o.bwdOK, o.d2OK = true, false, false, false
	for i, l := range o.net.layers {
		z := o.z[i]
		bias := theta[l.BiasStart():l.End()]
		for r := 0; r < o.b; r++ {
			copy(z[r*l.Out:(r+1)*l.Out], bias)
		}
		blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, general(o.b, l.In, o.input(i)), weights(l, theta), 1, general(o.b, l.Out, z))
		if l.Act != Identity {
			activate(l.Act, o.a[i], z)
			deriv1(l.Act, o.dphi[i], z, o.a[i])
		}
	}
	o.f = o.lossValue()
}

// lossValue returns the mean loss of the output rows and fills o.p.
func (o *Objective) lossValue() float64 {
	k := o.net.Out()
	out := o.a[len(o.a)-1]
	sum := 0.0
	for r := 0; r < o.b; r++ {
		a, y, p := out[r*k:(r+1)*k], o.y[r*k:(r+1)*k], o.p[r*k:(r+1)*k]
		switch o.net.loss {
		case SoftmaxCrossEntropy:
			m := math.Inf(-1)
			for _, v := range a {
				m = max(m, v)
			}
			s := 0.0
			for j, v := range a {
				p[j] = math.Exp(v - m)
				s += p[j]
			}
			lse := m + math.Log(s)
			for j := range p {
				p[j] /= s
				if y[j] != 0 {
					sum += y[j] * (lse - a[j])
				}
			}
		case MeanSquaredError:
			for j, v := range a {
				d := v - y[j]
				sum += 0.5 * d * d
			}
		case Logistic:
			for j, v := range a {
				p[j] = sigmoid(v)
				sum += softplus(v) - y[j]*v
			}
		}
	}
	return sum / float64(o.b)
}

// topGrad stores ∂f/∂output (the mean over rows, so scaled by 1/B) in dst.
func (o *Objective) topGrad(dst []float64) {
	k := o.net.Out()
	out := o.a[len(o.a)-1]
	inv := 1 / float64(o.b)
	for r := 0; r < o.b; r++ {
		y, p, d := o.y[r*k:(r+1)*k], o.p[r*k:(r+1)*k], dst[r*k:(r+1)*k]
		switch o.net.loss {
		case SoftmaxCrossEntropy:
			s := 0.0
			for _, v := range y {
				s += v
			}
			for j := range d {
				d[j] = (s*p[j] - y[j]) * inv
			}
		case MeanSquaredError:
			a := out[r*k : (r+1)*k]
			for j := range d {
				d[j] = (a[j] - y[j]) * inv
			}
		case Logistic:
			for j := range d {
				d[j] = (p[j] - y[j]) * inv
			}
		}
	}
}

// lossHessVec stores (1/B)·∇²_a ℓ · u, row by row, in dst.
func (o *Objective) lossHessVec(dst, u []float64) {
	k := o.net.Out()
	inv := 1 / float64(o.b)
	for r := 0; r < o.b; r++ {
		uu, p, d := u[r*k:(r+1)*k], o.p[r*k:(r+1)*k], dst[r*k:(r+1)*k]
		switch o.net.loss {
		case SoftmaxCrossEntropy:
			s := 0.0
			for _, v := range o.y[r*k : (r+1)*k] {
				s += v
			}
			pu := 0.0
			for j := range p {
				pu += p[j] * uu[j]
			}
			for j := range d {
				d[j] = s * p[j] * (uu[j] - pu) * inv
			}
		case MeanSquaredError:
			for j := range d {
				d[j] = uu[j] * inv
			}
		case Logistic:
			for j := range d {
				d[j] = p[j] * (1 - p[j]) * uu[j] * inv
			}
		}
	}
}

// deltas backpropagates e[L−1] (∂/∂ output) through the layers: d[i] = e[i] ⊙ φ'(z_i),
// e[i−1] = d[i]·W_iᵀ.
func (o *Objective) deltas(theta []float64, e, d [][]float64) {
	for i := len(o.net.layers) - 1; i >= 0; i-- {
		l := o.net.layers[i]
		if l.Act == Identity {
			copy(d[i], e[i])
		} else {
			for j, v := range e[i] {
				d[i][j] = v * o.dphi[i][j]
			}
		}
		if i > 0 {
			blas64.Gemm(blas.NoTrans, blas.Trans, 1, general(o.b, l.Out, d[i]), weights(l, theta), 0, general(o.b, l.In, e[i-1]))
		}
	}
}

// paramGrad stores in g the parameter gradient given the deltas d: ∂/∂W_i = inputᵀ·d_i,
// ∂/∂b_i = column sums of d_i.
func (o *Objective) paramGrad(g []float64, d [][]float64) {
	for i, l := range o.net.layers {
		blas64.Gemm(blas.Trans, blas.NoTrans, 1, general(o.b, l.In, o.input(i)), general(o.b, l.Out, d[i]), 0, weights(l, g))
		colSum(g[l.BiasStart():l.End()], d[i], o.b, l.Out)
	}
}

func colSum(dst, m []float64, rows, cols int) {
	clear(dst)
	for r := 0; r < rows; r++ {
		row := m[r*cols : (r+1)*cols]
		for j, v := range row {
			dst[j] += v
		}
	}
}

// backDeltas runs the backward pass at theta up to the deltas o.d and o.e (cached); the
// R-operator needs these but not the parameter gradient.
func (o *Objective) backDeltas(theta []float64) {
	o.forward(theta)
	if o.dOK {
		return
	}
	L := len(o.net.layers)
	o.topGrad(o.e[L-1])
	o.deltas(theta, o.e, o.d)
	o.dOK = true
}

// backward computes the gradient of the data term at theta into o.g (cached).
func (o *Objective) backward(theta []float64) {
	o.backDeltas(theta)
	if o.bwdOK {
		return
	}
	o.paramGrad(o.g, o.d)
	o.bwdOK = true
}

// rForward runs the R-operator forward pass for direction v: rz_i = R{z_i}, ra_i = R{a_i}
// (Pearlmutter 1994, eq. for R{x_j}); ra of the last layer is the Jacobian-vector product
// J·v of the network output.
func (o *Objective) rForward(theta, v []float64) {
	o.allocR()
	for i, l := range o.net.layers {
		rz := o.rz[i]
		vb := v[l.BiasStart():l.End()]
		for r := 0; r < o.b; r++ {
			copy(rz[r*l.Out:(r+1)*l.Out], vb)
		}
		blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, general(o.b, l.In, o.input(i)), weights(l, v), 1, general(o.b, l.Out, rz))
		if i > 0 {
			blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, general(o.b, l.In, o.ra[i-1]), weights(l, theta), 1, general(o.b, l.Out, rz))
		}
		if l.Act != Identity {
			for j, x := range rz {
				o.ra[i][j] = o.dphi[i][j] * x
			}
		}
	}
}

func (o *Objective) checkLen(n int, vs ...[]float64) bool {
	for _, v := range vs {
		if len(v) != n {
			return false
		}
	}
	return true
}

func fillNaN(v []float64) {
	for i := range v {
		v[i] = math.NaN()
	}
}

// Func returns f(θ). A θ of the wrong length gives NaN.
func (o *Objective) Func(theta []float64) float64 {
	if len(theta) != o.net.n {
		return math.NaN()
	}
	o.forward(theta)
	return o.f + o.l2Term(theta)
}

func (o *Objective) l2Term(theta []float64) float64 {
	if o.L2 == 0 {
		return 0
	}
	s := 0.0
	for _, v := range theta {
		s += v * v
	}
	return 0.5 * o.L2 * s
}

// Grad stores ∇f(θ) in grad, by backpropagation. Wrong lengths give NaN.
func (o *Objective) Grad(grad, theta []float64) {
	o.FuncGrad(grad, theta)
}

// FuncGrad returns f(θ) and stores ∇f(θ) in grad (one forward and one backward pass).
// Wrong lengths give NaN.
func (o *Objective) FuncGrad(grad, theta []float64) float64 {
	if !o.checkLen(o.net.n, grad, theta) {
		fillNaN(grad)
		return math.NaN()
	}
	o.backward(theta)
	copy(grad, o.g)
	o.addL2(grad, theta)
	return o.f + o.l2Term(theta)
}

func (o *Objective) addL2(dst, v []float64) {
	if o.L2 != 0 {
		for i, x := range v {
			dst[i] += o.L2 * x
		}
	}
}

// HessVec stores ∇²f(θ)·v in hv, exactly, by the R-operator: a forward pass of R{·}
// followed by a backward pass of R{·} through backpropagation (B. A. Pearlmutter, "Fast
// exact multiplication by the Hessian", Neural Computation 6, 1994). Its cost is about
// one gradient when the forward and backward passes at θ are cached, and 1.5 gradients
// otherwise. Wrong lengths give NaN.
func (o *Objective) HessVec(hv, theta, v []float64) {
	if !o.checkLen(o.net.n, hv, theta, v) {
		fillNaN(hv)
		return
	}
	o.backDeltas(theta)
	o.rForward(theta, v)
	if !o.d2OK {
		for i, l := range o.net.layers {
			if l.Act != Identity {
				deriv2(l.Act, o.d2phi[i], o.z[i], o.a[i])
			}
		}
		o.d2OK = true
	}
	L := len(o.net.layers)
	o.lossHessVec(o.re[L-1], o.ra[L-1])
	for i := L - 1; i >= 0; i-- {
		l := o.net.layers[i]
		rd, re, e := o.rd[i], o.re[i], o.e[i]
		if l.Act == Identity {
			copy(rd, re)
		} else {
			dp, d2, rz := o.dphi[i], o.d2phi[i], o.rz[i]
			for j := range rd {
				rd[j] = re[j]*dp[j] + e[j]*d2[j]*rz[j]
			}
		}
		// R{∂/∂W} = R{input}ᵀ·d + inputᵀ·R{d}; R{∂/∂b} = column sums of R{d}.
		hw := weights(l, hv)
		blas64.Gemm(blas.Trans, blas.NoTrans, 1, general(o.b, l.In, o.input(i)), general(o.b, l.Out, rd), 0, hw)
		if i > 0 {
			blas64.Gemm(blas.Trans, blas.NoTrans, 1, general(o.b, l.In, o.ra[i-1]), general(o.b, l.Out, o.d[i]), 1, hw)
		}
		colSum(hv[l.BiasStart():l.End()], rd, o.b, l.Out)
		if i > 0 {
			// R{e_{i−1}} = R{d}·Wᵀ + d·Vᵀ.
			blas64.Gemm(blas.NoTrans, blas.Trans, 1, general(o.b, l.Out, rd), weights(l, theta), 0, general(o.b, l.In, o.re[i-1]))
			blas64.Gemm(blas.NoTrans, blas.Trans, 1, general(o.b, l.Out, o.d[i]), weights(l, v), 1, general(o.b, l.In, o.re[i-1]))
		}
	}
	o.addL2(hv, v)
}

// GGNVec stores G(θ)·v in gv, where G = (1/B) Σ_i J_iᵀ H_i J_i (+ L2·I) is the
// generalized Gauss–Newton matrix: J_i the Jacobian of the network output for example i,
// H_i the Hessian of the loss with respect to that output. It is computed exactly as an
// R-forward pass (J·v), a multiplication by H, and an ordinary backward pass (Jᵀ·u)
// (N. N. Schraudolph, "Fast curvature matrix-vector products for second-order gradient
// descent", Neural Computation 14, 2002). G is positive semidefinite for the convex
// losses of this package. Wrong lengths give NaN.
func (o *Objective) GGNVec(gv, theta, v []float64) {
	if !o.checkLen(o.net.n, gv, theta, v) {
		fillNaN(gv)
		return
	}
	o.forward(theta)
	o.rForward(theta, v)
	L := len(o.net.layers)
	o.lossHessVec(o.re[L-1], o.ra[L-1])
	o.deltas(theta, o.re, o.rd)
	o.paramGrad(gv, o.rd)
	o.addL2(gv, v)
}

// maxDense bounds the dimension of dense matrices built column by column.
const maxDense = 5000

// Hessian returns the dense Hessian ∇²f(θ), built column by column from HessVec and
// symmetrized; for tiny nets (at most 5000 parameters, else ErrTooLarge).
func (o *Objective) Hessian(theta []float64) (*mat.SymDense, error) {
	return o.dense(theta, o.HessVec)
}

// GGN returns the dense Gauss–Newton matrix G(θ), built column by column from GGNVec;
// for tiny nets (at most 5000 parameters, else ErrTooLarge).
func (o *Objective) GGN(theta []float64) (*mat.SymDense, error) {
	return o.dense(theta, o.GGNVec)
}

func (o *Objective) dense(theta []float64, prod func(out, x, v []float64)) (*mat.SymDense, error) {
	n := o.net.n
	if len(theta) != n {
		return nil, fmt.Errorf("%w: theta has %d entries, net has %d parameters", optim.ErrDimension, len(theta), n)
	}
	if n > maxDense {
		return nil, fmt.Errorf("%w: %d > %d", ErrTooLarge, n, maxDense)
	}
	cols := mat.NewDense(n, n, nil)
	e := make([]float64, n)
	col := make([]float64, n)
	for j := 0; j < n; j++ {
		e[j] = 1
		prod(col, theta, e)
		e[j] = 0
		cols.SetCol(j, col)
	}
	h := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			h.SetSym(i, j, 0.5*(cols.At(i, j)+cols.At(j, i)))
		}
	}
	return h, nil
}

// Problem returns the objective as an optim.Problem with Func, Grad, FuncGrad and
// HessVec (the exact Hessian). The Problem shares the Objective's buffers.
func (o *Objective) Problem() optim.Problem {
	return optim.Problem{Dim: o.net.n, Func: o.Func, Grad: o.Grad, FuncGrad: o.FuncGrad, HessVec: o.HessVec}
}

// GGNProblem is like Problem but its HessVec is the Gauss–Newton product GGNVec, for
// methods that need positive semidefinite curvature.
func (o *Objective) GGNProblem() optim.Problem {
	p := o.Problem()
	p.HessVec = o.GGNVec
	return p
}

// Outputs returns the network outputs at θ (B×Out, after the last activation; logits
// for SoftmaxCrossEntropy and Logistic), or nil for a θ of the wrong length.
func (o *Objective) Outputs(theta []float64) *mat.Dense {
	if len(theta) != o.net.n {
		return nil
	}
	o.forward(theta)
	return mat.NewDense(o.b, o.net.Out(), slices.Clone(o.a[len(o.a)-1]))
}

// Accuracy returns the fraction of examples classified right at θ: the arg-max of the
// output against the arg-max of the target for SoftmaxCrossEntropy, each output against
// the threshold ½ for Logistic (averaged over outputs). It is NaN for MeanSquaredError
// or a θ of the wrong length.
func (o *Objective) Accuracy(theta []float64) float64 {
	if len(theta) != o.net.n || o.net.loss == MeanSquaredError {
		return math.NaN()
	}
	o.forward(theta)
	k := o.net.Out()
	out := o.a[len(o.a)-1]
	right := 0.0
	for r := 0; r < o.b; r++ {
		a, y := out[r*k:(r+1)*k], o.y[r*k:(r+1)*k]
		if o.net.loss == SoftmaxCrossEntropy {
			if argmax(a) == argmax(y) {
				right++
			}
			continue
		}
		for j := range a {
			if (a[j] > 0) == (y[j] > 0.5) {
				right += 1 / float64(k)
			}
		}
	}
	return right / float64(o.b)
}

func argmax(v []float64) int {
	best := 0
	for i, x := range v {
		if x > v[best] {
			best = i
		}
	}
	return best
}

// FisherDiag stores in diag the diagonal of the empirical Fisher matrix at θ,
// (1/B) Σ_i g_i ⊙ g_i with g_i the gradient of example i's loss (the L2 term excluded),
// as used by Martens (2010, Sec. 4.7) to precondition CG. Wrong lengths give NaN.
func (o *Objective) FisherDiag(diag, theta []float64) {
	if !o.checkLen(o.net.n, diag, theta) {
		fillNaN(diag)
		return
	}
	o.backDeltas(theta)
	B := float64(o.b)
	for i, l := range o.net.layers {
		in := o.input(i)
		sqIn := make([]float64, len(in))
		for j, v := range in {
			sqIn[j] = v * v
		}
		sqD := make([]float64, len(o.d[i]))
		for j, v := range o.d[i] {
			sqD[j] = v * v
		}
		// Per-example gradients are B·input_r ⊗ d_r (d carries the 1/B of the mean).
		blas64.Gemm(blas.Trans, blas.NoTrans, B, general(o.b, l.In, sqIn), general(o.b, l.Out, sqD), 0, weights(l, diag))
		colSum(diag[l.BiasStart():l.End()], sqD, o.b, l.Out)
		for j := l.BiasStart(); j < l.End(); j++ {
			diag[j] *= B
		}
	}
}

// sampledDeltas backpropagates, per example and without the 1/B of the mean, the output
// gradient of a target drawn from the model's predictive distribution (categorical for
// SoftmaxCrossEntropy, Gaussian N(a, I) for MeanSquaredError, Bernoulli for Logistic).
// The deltas land in o.rd; their outer products average to the Fisher (Martens & Grosse
// 2015, Sec. 5). The forward pass at theta must be current.
func (o *Objective) sampledDeltas(theta []float64, rng *rand.Rand) [][]float64 {
	o.allocR()
	o.forward(theta)
	L := len(o.net.layers)
	k := o.net.Out()
	top := o.re[L-1]
	for r := 0; r < o.b; r++ {
		p, d := o.p[r*k:(r+1)*k], top[r*k:(r+1)*k]
		switch o.net.loss {
		case SoftmaxCrossEntropy:
			u := rng.Float64()
			c := k - 1
			acc := 0.0
			for j, v := range p {
				acc += v
				if u < acc {
					c = j
					break
				}
			}
			copy(d, p)
			d[c]--
		case MeanSquaredError:
			for j := range d {
				d[j] = -rng.NormFloat64()
			}
		case Logistic:
			for j, v := range p {
				y := 0.0
				if rng.Float64() < v {
					y = 1
				}
				d[j] = v - y
			}
		}
	}
	o.deltas(theta, o.re, o.rd)
	return o.rd
}
