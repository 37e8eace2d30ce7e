package nn

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/hessnote/hessnote/optim"
)

// KFAC is Kronecker-factored approximate curvature (J. Martens and R. Grosse,
// "Optimizing neural networks with Kronecker-factored approximate curvature", ICML 2015)
// for these Dense networks. The Fisher block of layer l is approximated by Ā_l ⊗ G_l,
// where Ā_l = E[ā āᵀ] over the layer's inputs in homogeneous coordinates ā = (a, 1) (so
// the bias rides along as the last row of [W; bᵀ], the flat layout), and G_l = E[g gᵀ] over
// the back-propagated gradients g = ∂ℓ/∂z_l of targets sampled from the model's predictive
// distribution (Sec. 5). Both factors are exponential moving averages with decay
// min(1 − 1/k, Decay).
//
// Each step solves with the damped factors (factored Tikhonov damping with the π
// correction, Sec. 6.3): Δ_l = −(Ā_l + π_l γ I)⁻¹ ∇_l (G_l + γ/π_l I)⁻¹ with
// π_l = √((tr Ā_l/dim Ā_l)/(tr G_l/dim G_l)) and γ = √(λ + L2); the inverses are
// recomputed every InvEvery steps (and at the first three). The step δ = αΔ + μδ₀ (δ₀
// the previous step) takes α and μ that minimize the quadratic model with the exact
// Gauss–Newton (= Fisher for these losses) products on the minibatch, plus λ (Sec. 7);
// λ follows the Levenberg–Marquardt rule every AdaptEvery steps, multiplied or divided by
// ω = (19/20)^AdaptEvery when ρ > 3/4 or ρ < 1/4, ρ measured with the undamped model
// (Sec. 6.5). Each step costs a minibatch gradient, one backward pass with sampled
// targets, two Gauss–Newton products, and (every AdaptEvery steps) one extra forward
// pass. History.Damping holds λ.
type KFAC struct {
	// Damping is the initial λ. Default 0.01 (for mean losses; λ adapts).
	Damping float64
	// Decay is the largest moving-average decay of the factors. Default 0.95.
	Decay float64
	// InvEvery is the interval of factor inversions (T3). Default 20.
	InvEvery int
	// AdaptEvery is the interval of λ adjustments (T1). Default 5.
	AdaptEvery int
	// StatsEvery is the interval of factor updates. Default 1 (every step).
	StatsEvery int
	// MinDamping is the floor of λ. Default 1e-4: below it the steps of a minibatch
	// overfit that batch and training becomes unstable.
	MinDamping float64
	// NoMomentum drops the μδ₀ term: δ = αΔ.
	NoMomentum bool
}

// Name describes the method.
func (m KFAC) Name() string {
	if m.NoMomentum {
		return "K-FAC(no momentum)"
	}
	return "K-FAC"
}

type kfacLayer struct {
	l          Layer
	a, g       []float64 // factors, upper triangles valid, (In+1)² and Out²
	ainv, ginv []float64 // full inverses of the damped factors
	tmp        []float64 // (In+1)×Out
}

// Train runs K-FAC on minibatches of Settings.BatchSize.
func (m KFAC) Train(ctx context.Context, train *Objective, theta []float64, s Settings) (*Result, error) {
	r, err := newRun(ctx, m.Name(), train, theta, s)
	if err != nil {
		return nil, err
	}
	lambda := orDefault(m.Damping, 0.01)
	decay := min(orDefault(m.Decay, 0.95), 0.9999)
	invEvery, adaptEvery, statsEvery := max(m.InvEvery, 0), max(m.AdaptEvery, 0), max(m.StatsEvery, 1)
	if invEvery == 0 {
		invEvery = 20
	}
	if adaptEvery == 0 {
		adaptEvery = 5
	}
	omega := math.Pow(19.0/20, float64(adaptEvery))
	minDamping := orDefault(m.MinDamping, 1e-4)
	mb := train.Minibatches(s.batch(train.Len()), s.Seed)
	rng := rand.New(rand.NewPCG(s.Seed, 0xfac))
	layers := make([]*kfacLayer, train.net.NumLayers())
	for i, l := range train.net.layers {
		layers[i] = &kfacLayer{l: l, a: make([]float64, (l.In+1)*(l.In+1)), g: make([]float64, l.Out*l.Out),
			ainv: make([]float64, (l.In+1)*(l.In+1)), ginv: make([]float64, l.Out*l.Out), tmp: make([]float64, (l.In+1)*l.Out)}
	}
	x := slices.Clone(theta)
	n := len(x)
	g, delta, prev, fd, fp, trial := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	havePrev := false
	step := 0.0
	nstats := 0
	for k := 1; ; k++ {
		o := mb.Next()
		f := o.FuncGrad(g, x)
		r.grad(o)
		if r.record(x, f, g, step, lambda, 0) {
			break
		}
		if k == 1 || k%statsEvery == 0 {
			nstats++
			eps := min(1-1/float64(nstats), decay)
			kfacStats(o, x, layers, eps, rng)
			r.stats.GradEvals++ // the backward pass with sampled targets
		}
		if k <= 3 || k%invEvery == 0 {
			gamma := math.Sqrt(lambda + train.L2)
			for _, kl := range layers {
				if err := kl.invert(gamma); err != nil {
					r.fail(err)
					return r.finish(x)
				}
			}
		}
		for _, kl := range layers {
			kl.solve(delta, g)
		}
		// Rescaling and momentum from the exact quadratic model (Sec. 7).
		o.GGNVec(fd, x, delta)
		r.stats.HessVecEvals++
		dFd := dot(delta, fd)
		m11 := dFd + lambda*dot(delta, delta)
		gd := dot(g, delta)
		alpha, mu := -gd/m11, 0.0
		var pFp, dFp float64
		if havePrev && !m.NoMomentum {
			o.GGNVec(fp, x, prev)
			r.stats.HessVecEvals++
			pFp, dFp = dot(prev, fp), dot(delta, fp)
			m12 := dFp + lambda*dot(delta, prev)
			m22 := pFp + lambda*dot(prev, prev)
			gp := dot(g, prev)
			det := m11*m22 - m12*m12
			if det > 1e-12*m11*m22 {
				alpha = (-gd*m22 + gp*m12) / det
				mu = (-gp*m11 + gd*m12) / det
			}
		}
		if !(m11 > 0) || math.IsNaN(alpha) || math.IsNaN(mu) {
			r.fail(fmt.Errorf("%w: K-FAC quadratic model has curvature %g", optim.ErrBreakdown, m11))
			break
		}
		// δ = αΔ + μδ₀, written into prev.
		for i := range prev {
			prev[i] = alpha*delta[i] + mu*prev[i]
		}
		if k%adaptEvery == 0 {
			// Undamped model M(δ) = ½δᵀFδ + gᵀδ.
			dfd := alpha*alpha*dFd + 2*alpha*mu*dFp + mu*mu*pFp
			model := 0.5*dfd + dot(g, prev)
			copy(trial, x)
			axpy(trial, 1, prev)
			fNew := o.Func(trial)
			r.stats.FuncEvals++
			rho := (fNew - f) / model
			switch {
			case !(model < 0) || rho < 0.25:
				lambda /= omega
			case rho > 0.75:
				lambda = max(lambda*omega, minDamping)
			}
		}
		axpy(x, 1, prev)
		step = norm(prev)
		havePrev = true
	}
	return r.finish(x)
}

// kfacStats folds the minibatch's factors into the moving averages: Ā ← εĀ + (1−ε)ĀᵀĀ/B,
// G ← εG + (1−ε)DᵀD/B with D the sampled-target deltas.
func kfacStats(o *Objective, theta []float64, layers []*kfacLayer, eps float64, rng *rand.Rand) {
	d := o.sampledDeltas(theta, rng)
	w := (1 - eps) / float64(o.b)
	for i, kl := range layers {
		l := kl.l
		in := o.input(i)
		na := l.In + 1
		blas64.Syrk(blas.Trans, w, general(o.b, l.In, in), eps, blas64.Symmetric{N: l.In, Stride: na, Data: kl.a, Uplo: blas.Upper})
		// Last column: the input means (homogeneous coordinate); corner: 1.
		for j := 0; j < l.In; j++ {
			kl.a[j*na+l.In] *= eps
		}
		for r := 0; r < o.b; r++ {
			row := in[r*l.In : (r+1)*l.In]
			for j, v := range row {
				kl.a[j*na+l.In] += w * v
			}
		}
		kl.a[l.In*na+l.In] = eps*kl.a[l.In*na+l.In] + (1 - eps)
		blas64.Syrk(blas.Trans, w, general(o.b, l.Out, d[i]), eps, blas64.Symmetric{N: l.Out, Stride: l.Out, Data: kl.g, Uplo: blas.Upper})
	}
}

// invert recomputes the inverses of the π-corrected damped factors.
func (kl *kfacLayer) invert(gamma float64) error {
	na, ng := kl.l.In+1, kl.l.Out
	trA, trG := 0.0, 0.0
	for i := 0; i < na; i++ {
		trA += kl.a[i*na+i]
	}
	for i := 0; i < ng; i++ {
		trG += kl.g[i*ng+i]
	}
	pi := 1.0
	if trA > 0 && trG > 0 {
		pi = math.Sqrt((trA / float64(na)) / (trG / float64(ng)))
	}
	if err := invertDamped(kl.ainv, kl.a, na, pi*gamma); err != nil {
		return err
	}
	return invertDamped(kl.ginv, kl.g, ng, gamma/pi)
}

// invertDamped stores the full inverse of (S + damp·I) in dst, S given by the upper
// triangle of src (n×n), by Cholesky.
func invertDamped(dst, src []float64, n int, damp float64) error {
	sym := mat.NewSymDense(n, slices.Clone(src))
	for i := 0; i < n; i++ {
		sym.SetSym(i, i, sym.At(i, i)+damp)
	}
	var ch mat.Cholesky
	if !ch.Factorize(sym) {
		return fmt.Errorf("%w: K-FAC factor not positive definite (damping %g)", optim.ErrBreakdown, damp)
	}
	var inv mat.SymDense
	if err := ch.InverseTo(&inv); err != nil {
		return fmt.Errorf("%w: K-FAC factor inverse: %v", optim.ErrBreakdown, err)
	}
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			v := inv.At(i, j)
			dst[i*n+j], dst[j*n+i] = v, v
		}
	}
	return nil
}

// solve stores the layer's block of −(Ā⁻¹ ∇ G⁻¹) in delta, ∇ read from g.
func (kl *kfacLayer) solve(delta, g []float64) {
	l := kl.l
	na := l.In + 1
	grad := general(na, l.Out, g[l.Start():l.End()])
	blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, general(na, na, kl.ainv), grad, 0, general(na, l.Out, kl.tmp))
	blas64.Gemm(blas.NoTrans, blas.NoTrans, -1, general(na, l.Out, kl.tmp), general(l.Out, l.Out, kl.ginv), 0, general(na, l.Out, delta[l.Start():l.End()]))
}
