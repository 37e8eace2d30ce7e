package optim_test

import (
	"context"
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/hessnote/hessnote/optim"
	"github.com/hessnote/hessnote/optim/functions"
)

// rosen2 is the 2-D Rosenbrock function with its gradient and Hessian.
func rosen2() optim.Problem {
	return optim.Problem{
		Func: func(x []float64) float64 {
			a, b := x[1]-x[0]*x[0], 1-x[0]
			return 100*a*a + b*b
		},
		Grad: func(g, x []float64) {
			a := x[1] - x[0]*x[0]
			g[0] = -400*a*x[0] - 2*(1-x[0])
			g[1] = 200 * a
		},
	}
}

func ExampleMinimize_newton() {
	p := rosen2()
	// No Hess: Newton takes the Hessian from finite differences of the gradient.
	res, err := optim.Minimize(context.Background(), p, []float64{-1.2, 1}, &optim.Newton{}, optim.Settings{GradTol: 1e-8})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: %v at x = (%.6f, %.6f), f < 1e-20: %v\n", res.Method, res.Status, res.X[0], res.X[1], res.F < 1e-20)
	fmt.Println("Hessians by finite differences:", res.Stats.FDGradEvals > 0, "exact:", res.Stats.HessEvals)
	// Output:
	// Newton (Cholesky+τI): gradient threshold at x = (1.000000, 1.000000), f < 1e-20: true
	// Hessians by finite differences: true exact: 0
}

func ExampleMinimize_bFGS() {
	p := rosen2()
	res, err := optim.Minimize(context.Background(), p, []float64{-1.2, 1}, &optim.BFGS{}, optim.Settings{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: %v at x = (%.4f, %.4f)\n", res.Method, res.Status, res.X[0], res.X[1])
	fmt.Println("iterations recorded:", len(res.History) == res.Stats.Iterations+1)
	// Output:
	// BFGS: gradient threshold at x = (1.0000, 1.0000)
	// iterations recorded: true
}

// Trust-region Newton needs no Hessian modification: from (1, 1), where the Hessian of
// Beale's function is indefinite, the exact subproblem solver reaches (3, 0.5) in a few
// iterations.
func ExampleTrustRegion() {
	tp := functions.Beale()
	res, err := optim.Minimize(context.Background(), tp.Problem, tp.X0, &optim.TrustRegion{}, optim.Settings{GradTol: 1e-8})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: x = (%.4f, %.4f) after %d iterations, %v\n", res.Method, res.X[0], res.X[1], res.Stats.Iterations, res.Status)
	fmt.Printf("first radius %.2f, first step %.3f\n", res.History[1].Radius, res.History[1].Step)
	// Output:
	// trust-region Newton (Moré-Sorensen): x = (3.0000, 0.5000) after 7 iterations, gradient threshold
	// first radius 1.00, first step 1.000
}

// Levenberg-Marquardt fits residuals: here Rosenbrock's r = (10(x₂ − x₁²), 1 − x₁).
func ExampleLevenbergMarquardt() {
	ls := &optim.LeastSquares{
		M: 2, Dim: 2,
		Residual: func(r, x []float64) {
			r[0] = 10 * (x[1] - x[0]*x[0])
			r[1] = 1 - x[0]
		},
		Jacobian: func(j *mat.Dense, x []float64) {
			j.Set(0, 0, -20*x[0])
			j.Set(0, 1, 10)
			j.Set(1, 0, -1)
			j.Set(1, 1, 0)
		},
	}
	res, err := optim.Minimize(context.Background(), ls.Problem(), []float64{-1.2, 1}, &optim.LevenbergMarquardt{}, optim.Settings{GradTol: 1e-10})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: x = (%.6f, %.6f), %v\n", res.Method, res.X[0], res.X[1], res.Status)
	// Output:
	// Levenberg-Marquardt: x = (1.000000, 1.000000), gradient threshold
}
