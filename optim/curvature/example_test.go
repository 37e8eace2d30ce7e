package curvature_test

import (
	"context"
	"fmt"

	"github.com/hessnote/hessnote/optim"
	"github.com/hessnote/hessnote/optim/curvature"
	"gonum.org/v1/gonum/mat"
)

// The two largest eigenvalues of a symmetric matrix, against its dense
// eigendecomposition.
func ExampleLanczos() {
	a := mat.NewSymDense(4, []float64{
		4, 1, 0, 0,
		1, 3, 1, 0,
		0, 1, 2, 1,
		0, 0, 1, 1,
	})
	e, err := curvature.Lanczos(context.Background(), curvature.NewDense(a), 2, curvature.Largest, curvature.LanczosSettings{})
	if err != nil {
		fmt.Println(err)
		return
	}
	var es mat.EigenSym
	es.Factorize(a, false)
	v := es.Values(nil)
	fmt.Printf("Lanczos: %.6f %.6f (converged %v, %d products)\n", e.Values[0], e.Values[1], e.Converged, e.Products)
	fmt.Printf("dense:   %.6f %.6f\n", v[3], v[2])
	// Output:
	// Lanczos: 4.745281 3.177283 (converged true, 4 products)
	// dense:   4.745281 3.177283
}

// The Beale function has a saddle-like region: at (1,1) its Hessian, here from finite
// differences of the gradient, has a negative eigenvalue.
func ExampleFindNegativeCurvature() {
	beale := func(g, x []float64) {
		t1 := 1.5 - x[0] + x[0]*x[1]
		t2 := 2.25 - x[0] + x[0]*x[1]*x[1]
		t3 := 2.625 - x[0] + x[0]*x[1]*x[1]*x[1]
		g[0] = 2*t1*(x[1]-1) + 2*t2*(x[1]*x[1]-1) + 2*t3*(x[1]*x[1]*x[1]-1)
		g[1] = 2*t1*x[0] + 4*t2*x[0]*x[1] + 6*t3*x[0]*x[1]*x[1]
	}
	op, err := curvature.NewProblemOperator(optim.Problem{Grad: beale}, []float64{1, 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	nc, err := curvature.FindNegativeCurvature(context.Background(), op, curvature.LanczosSettings{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("λmin = %.2f, negative: %v\n", nc.Value, nc.Negative)
	// Output:
	// λmin = -9.83, negative: true
}

// Hutchinson's estimator is exact for a diagonal matrix; Hutch++ for a matrix of rank
// below a third of the products.
func ExampleHutchinson() {
	d := mat.NewSymDense(3, []float64{1, 0, 0, 0, 2, 0, 0, 0, 3})
	t, err := curvature.Hutchinson(context.Background(), curvature.NewDense(d), curvature.TraceSettings{Samples: 10})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("trace %.1f ± %.1f after %d products\n", t.Mean, t.StdErr, t.Products)
	// Output:
	// trace 6.0 ± 0.0 after 10 products
}

// The spectral density of a matrix with eigenvalues 1 (twice) and 5 puts mass 2/3 near
// 1 and 1/3 near 5.
func ExampleDensity() {
	a := mat.NewSymDense(3, []float64{1, 0, 0, 0, 1, 0, 0, 0, 5})
	d, err := curvature.Density(context.Background(), curvature.NewDense(a), curvature.DensitySettings{Sigma: 0.1})
	if err != nil {
		fmt.Println(err)
		return
	}
	below3 := 0.0
	for i := 1; i < len(d.Grid); i++ {
		if d.Grid[i] <= 3 {
			below3 += (d.Grid[i] - d.Grid[i-1]) * (d.Density[i] + d.Density[i-1]) / 2
		}
	}
	fmt.Printf("mass below 3: %.3f\n", below3)
	// Output:
	// mass below 3: 0.667
}

// A 1-D slice of f(x) = x₀² + 10x₁² along the second coordinate.
func ExampleSlice1D() {
	p := optim.Problem{Func: func(x []float64) float64 { return x[0]*x[0] + 10*x[1]*x[1] }}
	l, err := curvature.Slice1D(context.Background(), p, []float64{1, 0}, []float64{0, 1}, curvature.Linspace(-1, 1, 5), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(l.Alpha)
	fmt.Println(l.F)
	// Output:
	// [-1 -0.5 0 0.5 1]
	// [11 3.5 1 3.5 11]
}

// Per-layer curvature: the largest eigenvalue of each diagonal block of a Hessian whose
// parameters 0-1 and 2-3 belong to two layers. The coupling between layers (the 0.5
// entries) does not enter the blocks.
func ExampleRangeSpectra() {
	h := mat.NewSymDense(4, []float64{
		2, 1, 0.5, 0.5,
		1, 2, 0.5, 0.5,
		0.5, 0.5, 5, 0,
		0.5, 0.5, 0, 4,
	})
	layers := []curvature.Range{{Lo: 0, Hi: 2}, {Lo: 2, Hi: 4}}
	spectra, err := curvature.RangeSpectra(context.Background(), curvature.NewDense(h), layers, 1, curvature.Largest, curvature.LanczosSettings{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, e := range spectra {
		fmt.Printf("layer %d: λmax %.4f\n", i, e.Values[0])
	}
	// Output:
	// layer 0: λmax 3.0000
	// layer 1: λmax 5.0000
}
