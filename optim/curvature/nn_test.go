package curvature_test

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/hessnote/hessnote/optim"
	"github.com/hessnote/hessnote/optim/curvature"
	"github.com/hessnote/hessnote/optim/nn"
	"gonum.org/v1/gonum/mat"
)

func eigenvalues(t *testing.T, a mat.Symmetric) []float64 {
	t.Helper()
	var es mat.EigenSym
	if !es.Factorize(a, false) {
		t.Fatal("EigenSym failed")
	}
	return es.Values(nil)
}

// TestTinyNetwork checks the operators against the dense Hessian and Gauss-Newton
// matrix of a 4-6-3 tanh network with softmax cross-entropy (45 parameters, 30 examples),
// which is indefinite away from a minimum.
func TestTinyNetwork(t *testing.T) {
	net, err := nn.MLP([]int{4, 6, 3}, nn.Tanh, nn.SoftmaxCrossEntropy)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	const b = 30
	x, y := mat.NewDense(b, 4, nil), mat.NewDense(b, 3, nil)
	for i := 0; i < b; i++ {
		for j := 0; j < 4; j++ {
			x.Set(i, j, rng.NormFloat64())
		}
		y.Set(i, rng.IntN(3), 1)
	}
	obj, err := nn.NewObjective(net, x, y)
	if err != nil {
		t.Fatal(err)
	}
	theta := net.NewParams(3)
	h, err := obj.Hessian(theta)
	if err != nil {
		t.Fatal(err)
	}
	ref := eigenvalues(t, h)
	n := len(ref)
	scale := math.Max(math.Abs(ref[0]), math.Abs(ref[n-1]))
	ctx := context.Background()

	op, err := curvature.NewProblemOperator(optim.Problem{Func: obj.Func, Grad: obj.Grad, HessVec: obj.HessVec}, theta)
	if err != nil {
		t.Fatal(err)
	}
	for _, which := range []curvature.Which{curvature.Largest, curvature.Smallest} {
		e, err := curvature.Lanczos(ctx, op, 3, which, curvature.LanczosSettings{})
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range e.Values {
			want := ref[n-1-i]
			if which == curvature.Smallest {
				want = ref[i]
			}
			if math.Abs(v-want) > 1e-8*scale {
				t.Errorf("Hessian %v %d: %v, dense %v", which, i+1, v, want)
			}
		}
	}
	t.Logf("Hessian eigenvalues from %.4g to %.4g", ref[0], ref[n-1])

	// Finite differences of the gradient agree with the R-operator.
	fd, err := curvature.NewProblemOperator(optim.Problem{Grad: obj.Grad}, theta)
	if err != nil {
		t.Fatal(err)
	}
	e, err := curvature.Lanczos(ctx, fd, 1, curvature.Largest, curvature.LanczosSettings{})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(e.Values[0]-ref[n-1]) > 1e-5*scale {
		t.Errorf("finite differences: λmax %v, dense %v", e.Values[0], ref[n-1])
	}

	// Per-layer spectra: each layer's diagonal block.
	var ranges []curvature.Range
	for _, l := range net.Layers() {
		ranges = append(ranges, curvature.Range{Lo: l.Start(), Hi: l.End()})
	}
	spectra, err := curvature.RangeSpectra(ctx, op, ranges, 2, curvature.Largest, curvature.LanczosSettings{})
	if err != nil || len(spectra) != len(ranges) {
		t.Fatalf("%d spectra, %v", len(spectra), err)
	}
	for li, r := range ranges {
		blk := mat.NewSymDense(r.Hi-r.Lo, nil)
		for i := r.Lo; i < r.Hi; i++ {
			for j := i; j < r.Hi; j++ {
				blk.SetSym(i-r.Lo, j-r.Lo, h.At(i, j))
			}
		}
		bref := eigenvalues(t, blk)
		for i, v := range spectra[li].Values {
			if want := bref[len(bref)-1-i]; math.Abs(v-want) > 1e-8*scale {
				t.Errorf("layer %d, λ%d: %v, dense block %v", li, i+1, v, want)
			}
		}
		t.Logf("layer %d %v: top-2 %.4g in %d products", li, r, spectra[li].Values, spectra[li].Products)
	}

	// The Gauss-Newton matrix through the Func adapter: positive semidefinite.
	g, err := obj.GGN(theta)
	if err != nil {
		t.Fatal(err)
	}
	gref := eigenvalues(t, g)
	ggn := curvature.Func{N: net.NumParams(), Apply: func(dst, v []float64) { obj.GGNVec(dst, theta, v) }}
	// The bottom of this spectrum is a 7-fold zero eigenvalue 4.7e-6 below the next one:
	// a basis of the whole space converges within Dim products.
	nc, err := curvature.FindNegativeCurvature(ctx, ggn, curvature.LanczosSettings{Basis: n})
	if err != nil {
		t.Fatal(err)
	}
	if !nc.Converged || nc.Products > n || nc.Negative || math.Abs(nc.Value-gref[0]) > 1e-8*gref[n-1] {
		t.Errorf("GGN λmin %v (negative %v, residual %v, %d products), dense %v .. %v", nc.Value, nc.Negative, nc.Residual, nc.Products, gref[0], gref[n-1])
	}
	tr, err := curvature.HutchPP(ctx, ggn, curvature.TraceSettings{Samples: 3*n + 6})
	if err != nil {
		t.Fatal(err)
	}
	if want := mat.Trace(g); math.Abs(tr.Mean-want) > 1e-8*want {
		t.Errorf("GGN trace by Hutch++ with a full sketch: %v, dense %v", tr.Mean, want)
	}
}
