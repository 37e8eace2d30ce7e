package curvature_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"testing"
	"time"

	"github.com/hessnote/hessnote/optim"
	"github.com/hessnote/hessnote/optim/curvature"
	"github.com/hessnote/hessnote/optim/data"
	"github.com/hessnote/hessnote/optim/nn"
)

// mnistHessian returns the Hessian operator of a 784-100-10 tanh MLP with softmax
// cross-entropy on the first 1000 MNIST training images, at the weights of
// Net.NewParams(1), or skips the benchmark when MNIST is not available.
func mnistHessian(b *testing.B) *curvature.ProblemOperator {
	set, err := data.MNISTTrain(1000)
	if errors.Is(err, data.ErrMNISTMissing) {
		b.Skip(err)
	}
	if err != nil {
		b.Fatal(err)
	}
	net, err := nn.MLP([]int{784, 100, 10}, nn.Tanh, nn.SoftmaxCrossEntropy)
	if err != nil {
		b.Fatal(err)
	}
	obj, err := nn.NewObjective(net, set.X, set.Y)
	if err != nil {
		b.Fatal(err)
	}
	op, err := curvature.NewProblemOperator(optim.Problem{Func: obj.Func, Grad: obj.Grad, HessVec: obj.HessVec}, net.NewParams(1))
	if err != nil {
		b.Fatal(err)
	}
	return op
}

// BenchmarkMNISTTop5 compares Lanczos with power iteration with deflation (PyHessian's
// settings) on the top-1 and top-5 Hessian eigenvalues of the MLP: products, seconds and the
// largest relative error against a tight Lanczos reference (computed first, untimed).
// Lanczos runs at the tolerance 1e-3·‖H‖ on the residual, which bounds its eigenvalue
// error by about the same relative amount as power iteration's stopping rule claims.
// It is slow (one product is several forward passes over 1000 images): run it alone,
//
//	go test ./optim/curvature -run XXX -bench MNIST -benchtime 1x
func BenchmarkMNISTTop5(b *testing.B) {
	op := mnistHessian(b)
	ctx := context.Background()
	ref, err := curvature.Lanczos(ctx, op, 5, curvature.Largest, curvature.LanczosSettings{Tol: 1e-10, Basis: 40})
	if err != nil || !ref.Converged {
		b.Fatalf("reference: converged %v, %v", ref != nil && ref.Converged, err)
	}
	b.Logf("reference top-5 %v in %d products", ref.Values, ref.Products)
	run := func(name string, solve func() (*curvature.Eigen, error)) {
		b.Run(name, func(b *testing.B) {
			var e *curvature.Eigen
			start := time.Now()
			for i := 0; i < b.N; i++ {
				if e, err = solve(); err != nil {
					b.Fatal(err)
				}
			}
			v := append([]float64(nil), e.Values...)
			sort.Sort(sort.Reverse(sort.Float64Slice(v)))
			worst := 0.0
			for j := range v {
				worst = math.Max(worst, math.Abs(v[j]-ref.Values[j])/math.Abs(ref.Values[j]))
			}
			b.ReportMetric(float64(e.Products), "products/op")
			b.ReportMetric(worst, "max-rel-err")
			b.ReportMetric(time.Since(start).Seconds()/float64(b.N), "s/op")
			b.Logf("%s: %v, %d products", e.Method, e.Values, e.Products)
		})
	}
	for _, k := range []int{1, 5} {
		run(fmt.Sprintf("top%d/lanczos", k), func() (*curvature.Eigen, error) {
			return curvature.Lanczos(ctx, op, k, curvature.Largest, curvature.LanczosSettings{Tol: 1e-3, Seed: 1})
		})
		run(fmt.Sprintf("top%d/power", k), func() (*curvature.Eigen, error) {
			return curvature.PowerIteration(ctx, op, k, curvature.PowerSettings{Seed: 1})
		})
	}
}
