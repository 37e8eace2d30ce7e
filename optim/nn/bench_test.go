package nn

import (
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// benchObjective is the 784-100-10 tanh network of the product-cost targets on 1,000
// random inputs (the same shapes as 1,000 MNIST images).
func benchObjective(b *testing.B) (*Objective, []float64, []float64) {
	net, _ := MLP([]int{784, 100, 10}, Tanh, SoftmaxCrossEntropy)
	rng := rand.New(rand.NewPCG(1, 2))
	x := mat.NewDense(1000, 784, nil)
	y := mat.NewDense(1000, 10, nil)
	for r := 0; r < 1000; r++ {
		for j := 0; j < 784; j++ {
			x.Set(r, j, rng.Float64())
		}
		y.Set(r, rng.IntN(10), 1)
	}
	obj, _ := NewObjective(net, x, y)
	theta := net.NewParams(3)
	v := net.NewParams(4)
	return obj, theta, v
}

func BenchmarkForward(b *testing.B) {
	obj, theta, _ := benchObjective(b)
	for b.Loop() {
		obj.ClearCache()
		obj.Func(theta)
	}
}

func BenchmarkGradient(b *testing.B) {
	obj, theta, _ := benchObjective(b)
	g := make([]float64, len(theta))
	for b.Loop() {
		obj.ClearCache()
		obj.FuncGrad(g, theta)
	}
}

// BenchmarkHessVec includes its own forward and backward pass (target ≤ 2.5 gradients).
func BenchmarkHessVec(b *testing.B) {
	obj, theta, v := benchObjective(b)
	hv := make([]float64, len(theta))
	for b.Loop() {
		obj.ClearCache()
		obj.HessVec(hv, theta, v)
	}
}

// BenchmarkHessVecCached reuses the passes at θ, as inside CG.
func BenchmarkHessVecCached(b *testing.B) {
	obj, theta, v := benchObjective(b)
	hv := make([]float64, len(theta))
	for b.Loop() {
		obj.HessVec(hv, theta, v)
	}
}

// BenchmarkGGNVec includes its own forward pass (target ≤ 2 gradients).
func BenchmarkGGNVec(b *testing.B) {
	obj, theta, v := benchObjective(b)
	gv := make([]float64, len(theta))
	for b.Loop() {
		obj.ClearCache()
		obj.GGNVec(gv, theta, v)
	}
}

// BenchmarkGGNVecCached reuses the forward pass at θ, as inside CG.
func BenchmarkGGNVecCached(b *testing.B) {
	obj, theta, v := benchObjective(b)
	gv := make([]float64, len(theta))
	for b.Loop() {
		obj.GGNVec(gv, theta, v)
	}
}
