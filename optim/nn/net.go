// Package nn holds small fully connected networks whose parameters live in one flat
// []float64, with the exact derivatives that second-order methods need: the gradient by
// backpropagation, the Hessian-vector product by Pearlmutter's R-operator, and the
// generalized Gauss–Newton-vector product of Schraudolph; and the methods that use them
// to train: Hessian-free, K-FAC, SVRG, a stochastic L-BFGS, AdaHessian, SGD and Adam.
//
// # Parameter layout
//
// A Net with layer sizes n_0, n_1, …, n_L has L Dense layers. Layer l (0-based index
// l−1 in Layers) maps a row a ∈ R^{n_{l−1}} to φ_l(a·W_l + b_l). Its block of the flat
// parameter vector starts at Layer.Offset and holds W_l, an n_{l−1}×n_l matrix stored
// row-major (entry (i, j) at Offset + i·n_l + j), followed by b_l (n_l entries). The block
// therefore reads as one (n_{l−1}+1)×n_l row-major matrix [W_l; b_lᵀ], the layout K-FAC's
// homogeneous coordinates use. Layers follow each other without gaps; Net.NumParams is
// the total. Layer.Start and Layer.End give each layer's index range, so curvature tools
// can restrict a Hessian to one layer.
//
// # Batches
//
// Inputs are a B×n_0 matrix whose rows are examples; targets a B×n_L matrix. The
// objective is the mean over the rows of the per-example loss, plus an optional
// ½·L2·‖θ‖² term. Products run as BLAS matrix products (gonum's blas64) over views of
// the flat vector, on work buffers kept by the Objective, so repeated calls do not
// allocate.
package nn

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

// Activation is an elementwise nonlinearity φ with known φ' and φ”.
type Activation int

// The activations. GELU is the exact z·Φ(z) form (Hendrycks & Gimpel 2016).
const (
	Identity Activation = iota
	Tanh
	ReLU
	Sigmoid
	Softplus
	GELU
)

var activationNames = [...]string{"identity", "tanh", "relu", "sigmoid", "softplus", "gelu"}

// String returns the activation's name.
func (a Activation) String() string {
	if a >= 0 && int(a) < len(activationNames) {
		return activationNames[a]
	}
	return fmt.Sprintf("Activation(%d)", int(a))
}

func (a Activation) valid() bool { return a >= Identity && a <= GELU }

// Loss is the per-example loss ℓ(a, y) applied to the network output a (after the last
// layer's activation).
type Loss int

// The losses. Each is convex in the network output, so the Gauss–Newton matrix is
// positive semidefinite.
const (
	// SoftmaxCrossEntropy: ℓ = −Σ_k y_k log softmax(a)_k, for one-hot (or probability)
	// targets. Use an Identity output layer.
	SoftmaxCrossEntropy Loss = iota
	// MeanSquaredError: ℓ = ½‖a − y‖².
	MeanSquaredError
	// Logistic: ℓ = Σ_k [log(1+e^{a_k}) − y_k a_k], independent sigmoid outputs with
	// targets in [0, 1] (binary cross-entropy on logits). Use an Identity output layer.
	Logistic
)

var lossNames = [...]string{"softmax cross-entropy", "mean squared error", "logistic"}

// String returns the loss's name.
func (l Loss) String() string {
	if l >= 0 && int(l) < len(lossNames) {
		return lossNames[l]
	}
	return fmt.Sprintf("Loss(%d)", int(l))
}

func (l Loss) valid() bool { return l >= SoftmaxCrossEntropy && l <= Logistic }

// Layer describes one Dense layer and where its parameters sit in the flat vector.
type Layer struct {
	// In and Out are the input and output widths.
	In, Out int
	// Act is the activation applied to the layer's output.
	Act Activation
	// Offset is the index of W[0,0]; the weights occupy [Offset, Offset+In·Out) row-major,
	// the biases [Offset+In·Out, Offset+(In+1)·Out).
	Offset int
}

// Start is the first index of the layer's parameters.
func (l Layer) Start() int { return l.Offset }

// End is one past the last index of the layer's parameters (weights then biases).
func (l Layer) End() int { return l.Offset + (l.In+1)*l.Out }

// BiasStart is the index of the first bias.
func (l Layer) BiasStart() int { return l.Offset + l.In*l.Out }

// Net is an immutable multilayer perceptron architecture: layer sizes, activations and
// loss. Parameters are not part of it; they are a []float64 of length NumParams.
type Net struct {
	layers []Layer
	loss   Loss
	n      int
}

// Errors of this package.
var (
	// ErrArch: the layer sizes, activations or loss do not describe a valid network.
	ErrArch = errors.New("nn: invalid architecture")
	// ErrTooLarge: a dense matrix of the requested size would be too large.
	ErrTooLarge = errors.New("nn: too many parameters for a dense matrix")
)

// New returns a network with the given layer sizes (input first, output last), one
// activation per layer (len(acts) == len(sizes)−1), and loss.
func New(sizes []int, acts []Activation, loss Loss) (*Net, error) {
	if len(sizes) < 2 {
		return nil, fmt.Errorf("%w: need at least input and output sizes, got %v", ErrArch, sizes)
	}
	if len(acts) != len(sizes)-1 {
		return nil, fmt.Errorf("%w: %d layers need %d activations, got %d", ErrArch, len(sizes)-1, len(sizes)-1, len(acts))
	}
	if !loss.valid() {
		return nil, fmt.Errorf("%w: unknown loss %v", ErrArch, loss)
	}
	net := &Net{loss: loss}
	off := 0
	for i := 1; i < len(sizes); i++ {
		if sizes[i-1] <= 0 || sizes[i] <= 0 {
			return nil, fmt.Errorf("%w: layer sizes must be positive, got %v", ErrArch, sizes)
		}
		if !acts[i-1].valid() {
			return nil, fmt.Errorf("%w: unknown activation %v", ErrArch, acts[i-1])
		}
		l := Layer{In: sizes[i-1], Out: sizes[i], Act: acts[i-1], Offset: off}
		net.layers = append(net.layers, l)
		off = l.End()
	}
	net.n = off
	return net, nil
}

// MLP returns a network with the given sizes, the hidden activation on every hidden
// layer and an Identity output layer: the usual classifier or regressor.
func MLP(sizes []int, hidden Activation, loss Loss) (*Net, error) {
	if len(sizes) < 2 {
		return nil, fmt.Errorf("%w: need at least input and output sizes, got %v", ErrArch, sizes)
	}
	acts := make([]Activation, len(sizes)-1)
	for i := range acts {
		acts[i] = hidden
	}
	acts[len(acts)-1] = Identity
	return New(sizes, acts, loss)
}

// NumParams is the length of the flat parameter vector.
func (n *Net) NumParams() int { return n.n }

// NumLayers is the number of Dense layers.
func (n *Net) NumLayers() int { return len(n.layers) }

// Layer returns the description of layer i (0-based).
func (n *Net) Layer(i int) Layer { return n.layers[i] }

// Layers returns a copy of all layer descriptions.
func (n *Net) Layers() []Layer { return append([]Layer(nil), n.layers...) }

// Loss returns the network's loss.
func (n *Net) Loss() Loss { return n.loss }

// In is the input width, Out the output width.
func (n *Net) In() int { return n.layers[0].In }

// Out is the output width.
func (n *Net) Out() int { return n.layers[len(n.layers)-1].Out }

// String describes the architecture, for example "784-100(tanh)-10(identity), softmax
// cross-entropy, 79510 parameters".
func (n *Net) String() string {
	s := fmt.Sprint(n.layers[0].In)
	for _, l := range n.layers {
		s += fmt.Sprintf("-%d(%v)", l.Out, l.Act)
	}
	return fmt.Sprintf("%s, %v, %d parameters", s, n.loss, n.n)
}

// Init fills theta with random weights and zero biases, reproducibly from seed: He
// initialisation (normal, variance 2/In) for ReLU and GELU layers, Glorot uniform
// (±√(6/(In+Out))) for the others (Glorot & Bengio 2010; He et al. 2015). It returns
// ErrArch wrapped if len(theta) != NumParams.
func (n *Net) Init(theta []float64, seed uint64) error {
	if len(theta) != n.n {
		return fmt.Errorf("%w: theta has %d entries, net has %d parameters", ErrArch, len(theta), n.n)
	}
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	for _, l := range n.layers {
		w := theta[l.Offset:l.BiasStart()]
		switch l.Act {
		case ReLU, GELU:
			sd := math.Sqrt(2 / float64(l.In))
			for i := range w {
				w[i] = sd * rng.NormFloat64()
			}
		default:
			r := math.Sqrt(6 / float64(l.In+l.Out))
			for i := range w {
				w[i] = r * (2*rng.Float64() - 1)
			}
		}
		clear(theta[l.BiasStart():l.End()])
	}
	return nil
}

// NewParams returns a fresh parameter vector initialised by Init with seed.
func (n *Net) NewParams(seed uint64) []float64 {
	theta := make([]float64, n.n)
	_ = n.Init(theta, seed) // length is right by construction
	return theta
}

// activation applies φ to z, writing a (a may alias z).
func activate(act Activation, a, z []float64) {
	switch act {
	case Identity:
		if &a[0] != &z[0] {
			copy(a, z)
		}
	case Tanh:
		for i, v := range z {
			a[i] = math.Tanh(v)
		}
	case ReLU:
		for i, v := range z {
			a[i] = max(v, 0)
		}
	case Sigmoid:
		for i, v := range z {
			a[i] = sigmoid(v)
		}
	case Softplus:
		for i, v := range z {
			a[i] = softplus(v)
		}
	case GELU:
		for i, v := range z {
			a[i] = v * normCDF(v)
		}
	}
}

// deriv1 stores φ'(z) in d, given z and a = φ(z).
func deriv1(act Activation, d, z, a []float64) {
	switch act {
	case Identity:
		for i := range d {
			d[i] = 1
		}
	case Tanh:
		for i, v := range a {
			d[i] = 1 - v*v
		}
	case ReLU:
		for i, v := range z {
			if v > 0 {
				d[i] = 1
			} else {
				d[i] = 0
			}
		}
	case Sigmoid:
		for i, v := range a {
			d[i] = v * (1 - v)
		}
	case Softplus:
		for i, v := range z {
			d[i] = sigmoid(v)
		}
	case GELU:
		for i, v := range z {
			d[i] = normCDF(v) + v*normPDF(v)
		}
	}
}

// deriv2 stores φ”(z) in d, given z and a = φ(z).
func deriv2(act Activation, d, z, a []float64) {
	switch act {
	case Identity, ReLU:
		clear(d)
	case Tanh:
		for i, v := range a {
			d[i] = -2 * v * (1 - v*v)
		}
	case Sigmoid:
		for i, v := range a {
			d[i] = v * (1 - v) * (1 - 2*v)
		}
	case Softplus:
		for i, v := range z {
			s := sigmoid(v)
			d[i] = s * (1 - s)
		}
	case GELU:
		for i, v := range z {
			d[i] = normPDF(v) * (2 - v*v)
		}
	}
}

func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// softplus is log(1+e^x) without overflow.
func softplus(x float64) float64 {
	if x > 0 {
		return x + math.Log1p(math.Exp(-x))
	}
	return math.Log1p(math.Exp(x))
}

func normCDF(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }

func normPDF(x float64) float64 { return math.Exp(-0.5*x*x) / math.Sqrt(2*math.Pi) }
