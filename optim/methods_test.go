package optim_test

import (
	"context"
	"math"
	"testing"

	"github.com/hessnote/hessnote/optim"
	"github.com/hessnote/hessnote/optim/functions"
)

// family groups methods for the "every problem reached by some method of each family"
// property.
type family string

const (
	famNewton family = "Newton"
	famTR     family = "trust region"
	famQN     family = "quasi-Newton"
	famCG     family = "CG"
	famLS     family = "least squares"
	famFirst  family = "first order"
)

type methodCase struct {
	m   optim.Method
	fam family
	// robust methods must reach f* on every problem of easyProblems.
	robust bool
	// leastSquares methods run on TestProblem.LeastSquares.Problem().
	leastSquares bool
	// approxWolfe line searches may raise f by up to 1e-6·|f| (Hager-Zhang's ε).
	approxWolfe bool
}

// methodCases lists every method of the package. Not robust (and why):
//   - gradient descent, Cauchy-point trust region and DFP converge linearly or worse; within
//     the iteration limit they stall on the curved valleys (Rosenbrock, Wood);
//   - SGD, momentum and Adam use fixed step sizes and are tested on a quadratic instead
//     (TestFirstOrderBaselines): on the MGH set no single rate suits every problem.
func methodCases() []methodCase {
	return []methodCase{
		{m: &optim.GradientDescent{}, fam: famFirst},
		{m: &optim.Newton{}, fam: famNewton, robust: true},
		{m: &optim.Newton{Modification: optim.ClipEigen}, fam: famNewton, robust: true},
		{m: &optim.Newton{Modification: optim.SaddleFree}, fam: famNewton, robust: true},
		{m: &optim.NewtonCG{}, fam: famNewton, robust: true},
		{m: &optim.TrustRegion{}, fam: famTR, robust: true},
		{m: &optim.TrustRegion{Subproblem: optim.Dogleg}, fam: famTR, robust: true},
		{m: &optim.TrustRegion{Subproblem: optim.Steihaug}, fam: famTR, robust: true},
		{m: &optim.TrustRegion{Subproblem: optim.Cauchy}, fam: famTR},
		{m: &optim.SR1{}, fam: famTR, robust: true},
		{m: &optim.SR1{Subproblem: optim.Steihaug}, fam: famTR, robust: true},
		{m: &optim.BFGS{}, fam: famQN, robust: true},
		{m: &optim.BFGS{LineSearch: optim.MoreThuente{}}, fam: famQN, robust: true},
		{m: &optim.DFP{}, fam: famQN},
		{m: &optim.LBFGS{}, fam: famQN, robust: true},
		{m: &optim.LBFGS{LineSearch: optim.HagerZhang{}}, fam: famQN, robust: true, approxWolfe: true},
		{m: &optim.LBFGS{Store: 3, LineSearch: optim.MoreThuente{}}, fam: famQN, robust: true},
		{m: &optim.CG{}, fam: famCG, robust: true},
		{m: &optim.CG{Variant: optim.FletcherReeves}, fam: famCG, robust: true},
		{m: &optim.CG{Variant: optim.HestenesStiefel}, fam: famCG, robust: true},
		{m: &optim.CG{Variant: optim.DaiYuan}, fam: famCG, robust: true},
		{m: &optim.CG{Variant: optim.HagerZhangCG}, fam: famCG, robust: true},
		{m: &optim.GaussNewton{}, fam: famLS, robust: true, leastSquares: true},
		{m: &optim.LevenbergMarquardt{}, fam: famLS, robust: true, leastSquares: true},
		{m: &optim.LevenbergMarquardt{Martens: true}, fam: famLS, leastSquares: true},
	}
}

// easyProblems are those every robust method must solve from the standard start.
var easyProblems = map[string]bool{
	"Rosenbrock 2-D": true, "Beale (1,1)": true, "Helical valley": true, "Wood": true,
	"Variably dimensioned n=10": true, "Brown and Dennis": true, "Rosenbrock 5-D": true,
}

// mustReachByFamily lists, per problem, the families of which at least one method must
// reach f* at gradient tolerance 1e-5. Problems left out are not reached by any method
// at that tolerance (see the benchmark): the 1e-6 relative test on f* is tighter than
// ‖∇f‖∞ ≤ 1e-5 allows on the flat Penalty, Powell and Watson valleys, and Beale from
// (1, 4) runs off along a valley where f → 0.452.
var mustReachByFamily = map[string][]family{
	"Rosenbrock 2-D":            {famNewton, famTR, famQN, famCG, famLS},
	"Rosenbrock 5-D":            {famNewton, famTR, famQN, famCG, famLS},
	"Chained Rosenbrock 10-D":   {famNewton, famTR, famQN, famCG, famLS},
	"Beale (1,1)":               {famNewton, famTR, famQN, famCG, famLS},
	"Box 3D":                    {famNewton, famTR, famQN, famCG, famLS},
	"Brown badly scaled":        {famNewton, famTR, famQN, famCG, famLS},
	"Brown and Dennis":          {famNewton, famTR, famQN, famCG, famLS},
	"Extended Powell singular":  {famNewton, famTR, famQN, famCG, famLS},
	"Gaussian":                  {famNewton, famTR, famCG, famLS},
	"Gulf R&D":                  {famNewton, famTR, famQN, famLS},
	"Helical valley":            {famNewton, famTR, famQN, famCG, famLS},
	"Variably dimensioned n=10": {famNewton, famTR, famQN, famCG, famLS},
	"Watson n=6":                {famNewton, famTR, famQN, famCG, famLS},
	"Wood":                      {famNewton, famTR, famQN, famCG, famLS},
	"Powell badly scaled":       {famTR, famQN},
	"Trigonometric n=10":        {famLS},
}

// TestMethodsOnMGH runs every method on every MGH problem and checks what must hold for
// any run (bounded work, honest status, monotone history for descent methods, the best
// point returned) and what must hold for each method and problem (known minima).
func TestMethodsOnMGH(t *testing.T) {
	const gradTol = 1e-5
	reached := map[string]map[family]bool{}
	for _, tp := range functions.Set() {
		reached[tp.Name] = map[family]bool{}
		for _, mc := range methodCases() {
			p := tp.Problem
			if mc.leastSquares {
				p = tp.LeastSquares.Problem()
			}
			s := optim.Settings{GradTol: gradTol, MaxIter: 3000, MaxEvals: 30000}
			res, err := optim.Minimize(context.Background(), p, tp.X0, mc.m, s)
			name := tp.Name + " / " + mc.m.Name()
			if res == nil {
				t.Fatalf("%s: nil result (%v)", name, err)
			}
			if err != nil && res.Status != optim.Failure {
				t.Errorf("%s: error %v with status %v", name, err, res.Status)
			}
			st := res.Stats
			total := st.FuncEvals + st.GradEvals + st.HessEvals + st.HessVecEvals + st.FDFuncEvals + st.FDGradEvals
			if st.Iterations > s.MaxIter || total > s.MaxEvals+1 {
				t.Errorf("%s: %d iterations and %d evaluations exceed the limits", name, st.Iterations, total)
			}
			if len(res.History) != st.Iterations+1 {
				t.Errorf("%s: %d history rows for %d iterations", name, len(res.History), st.Iterations)
			}
			// Descent methods never increase f; the result is the best point seen.
			rise := 1e-12
			if mc.approxWolfe {
				rise = 1e-6
			}
			for k := 1; k < len(res.History); k++ {
				if res.History[k].F > res.History[k-1].F+rise*math.Abs(res.History[k-1].F) {
					t.Errorf("%s: f rose at iteration %d: %g -> %g", name, k, res.History[k-1].F, res.History[k].F)
					break
				}
			}
			if res.F > res.History[0].F {
				t.Errorf("%s: result f %g above the start %g", name, res.F, res.History[0].F)
			}
			// A reported gradient threshold really holds at the returned point.
			if res.Status == optim.GradientThreshold {
				g := make([]float64, len(res.X))
				tp.Problem.Grad(g, res.X)
				if gn := infNorm(g); gn > gradTol*(1+1e-6) {
					t.Errorf("%s: status %v but ‖∇f‖∞ = %g", name, res.Status, gn)
				}
				if f := tp.Problem.Func(res.X); math.Abs(f-res.F) > 1e-12*math.Max(1, math.Abs(f)) {
					t.Errorf("%s: Result.F %g but f(Result.X) = %g", name, res.F, f)
				}
			}
			ok := tp.Reached(res.F)
			if ok {
				reached[tp.Name][mc.fam] = true
			}
			if mc.robust && easyProblems[tp.Name] && !ok {
				t.Errorf("%s: f = %g, want %g (status %v, err %v)", name, res.F, tp.FMin, res.Status, err)
			}
		}
	}
	for prob, fams := range mustReachByFamily {
		for _, fam := range fams {
			if !reached[prob][fam] {
				t.Errorf("%s: no %s method reached f*", prob, fam)
			}
		}
	}
}

func infNorm(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		m = math.Max(m, math.Abs(x))
	}
	return m
}

// TestBealeIndefiniteStart: the Hessian at (1, 1) has eigenvalues −9.83 and 78.3.
// Trust-region Newton must solve it in at most 10 iterations; every Newton modification
// must still produce descent steps and reach the minimum.
func TestBealeIndefiniteStart(t *testing.T) {
	tp := functions.Beale()
	for _, m := range []optim.Method{&optim.TrustRegion{}, &optim.TrustRegion{Subproblem: optim.Dogleg}} {
		res, err := optim.Minimize(context.Background(), tp.Problem, tp.X0, m, optim.Settings{GradTol: 1e-5})
		if err != nil {
			t.Fatal(err)
		}
		if res.Stats.Iterations > 10 || !tp.Reached(res.F) {
			t.Errorf("%s: %d iterations, f = %g", m.Name(), res.Stats.Iterations, res.F)
		}
		if math.Abs(res.X[0]-3) > 1e-4 || math.Abs(res.X[1]-0.5) > 1e-4 {
			t.Errorf("%s: x = %v, want (3, 0.5)", m.Name(), res.X)
		}
	}
	for _, mod := range []optim.Modification{optim.AddIdentity, optim.ClipEigen, optim.SaddleFree} {
		m := &optim.Newton{Modification: mod}
		res, err := optim.Minimize(context.Background(), tp.Problem, tp.X0, m, optim.Settings{GradTol: 1e-5, MaxIter: 1})
		if err != nil {
			t.Fatal(err)
		}
		if res.History[1].F >= res.History[0].F {
			t.Errorf("%s: first step did not descend: %g -> %g", m.Name(), res.History[0].F, res.History[1].F)
		}
		if res.History[1].Damping <= 0 {
			t.Errorf("%s: indefinite Hessian not modified (damping %g)", m.Name(), res.History[1].Damping)
		}
	}
}

// TestSingularHessian: the extended Powell function has a singular Hessian at x* = 0,
// so convergence is only linear; Newton-type methods must still get there.
func TestSingularHessian(t *testing.T) {
	tp := functions.ExtendedPowellSingular(4)
	for _, m := range []optim.Method{&optim.Newton{}, &optim.Newton{Modification: optim.ClipEigen}, &optim.TrustRegion{}, &optim.NewtonCG{}, &optim.GaussNewton{}} {
		p := tp.Problem
		if _, ok := m.(*optim.GaussNewton); ok {
			p = tp.LeastSquares.Problem()
		}
		res, err := optim.Minimize(context.Background(), p, tp.X0, m, optim.Settings{GradTol: 1e-9})
		if err != nil {
			t.Fatalf("%s: %v", m.Name(), err)
		}
		if res.F > 1e-12 || infNorm(res.X) > 1e-2 {
			t.Errorf("%s: f = %g at %v", m.Name(), res.F, res.X)
		}
	}
}
