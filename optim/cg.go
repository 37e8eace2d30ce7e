package optim

import (
	"context"
	"fmt"
	"math"
)

// CGVariant selects the β formula of nonlinear conjugate gradients. With y = ∇f₊ − ∇f
// and d the previous direction:
type CGVariant int

const (
	// PolakRibierePlus: β = max(0, ∇f₊ᵀy / ‖∇f‖²) (N&W eq. 5.45).
	PolakRibierePlus CGVariant = iota
	// FletcherReeves: β = ‖∇f₊‖² / ‖∇f‖² (N&W eq. 5.41a).
	FletcherReeves
	// HestenesStiefel: β = ∇f₊ᵀy / dᵀy (N&W eq. 5.46).
	HestenesStiefel
	// DaiYuan: β = ‖∇f₊‖² / dᵀy (Dai and Yuan, SIAM J. Optim. 10, 1999; N&W eq. 5.49).
	DaiYuan
	// HagerZhangCG: β = (y − 2d‖y‖²/dᵀy)ᵀ∇f₊ / dᵀy bounded below by
	// −1/(‖d‖·min(0.01, ‖∇f‖)) (Hager and Zhang, SIAM J. Optim. 16(1), 2005, eq. 1.4 and
	// CG_DESCENT's η = 0.01).
	HagerZhangCG
)

// String names the variant.
func (v CGVariant) String() string {
	switch v {
	case PolakRibierePlus:
		return "PR+"
	case FletcherReeves:
		return "FR"
	case HestenesStiefel:
		return "HS"
	case DaiYuan:
		return "DY"
	case HagerZhangCG:
		return "HZ"
	}
	return fmt.Sprintf("CGVariant(%d)", int(v))
}

// CG is nonlinear conjugate gradients (N&W §5.2, Alg. 5.4): d₊ = −∇f₊ + β d with β by
// Variant. The direction restarts as −∇f₊ every Restart iterations, when consecutive
// gradients are far from orthogonal (Powell's test, N&W eq. 5.52), and whenever
// d₊ is not a descent direction. The first trial step is α_{k−1}·∇f_{k−1}ᵀd_{k−1} /
// ∇f_kᵀd_k (N&W eq. 3.60). Cost O(n) memory.
type CG struct {
	// Variant selects β; default PolakRibierePlus.
	Variant CGVariant
	// Restart is the restart period; default n (the dimension), negative disables.
	Restart int
	// Orthogonality is ν of Powell's restart test |∇f₊ᵀ∇f| ≥ ν‖∇f₊‖² (N&W eq. 5.52);
	// default 0.2, except for HagerZhangCG, whose β needs no such restart (default off);
	// negative disables.
	Orthogonality float64
	// LineSearch defaults to StrongWolfe{C2: 0.1} for every variant: an accurate line
	// search keeps the directions conjugate. (HagerZhang{} with its loose σ = 0.9 suits
	// L-BFGS better; CG_DESCENT pairs it with its own initial-step rules, not used here.)
	LineSearch LineSearcher
}

var _ Method = (*CG)(nil)

// Name implements Method.
func (m *CG) Name() string { return "CG (" + m.Variant.String() + ")" + lineSearchName(m.LineSearch) }

// Start implements Method.
func (m *CG) Start(ctx context.Context, ev *Evaluator, loc *Location) (Stepper, error) {
	ls := m.LineSearch
	if ls == nil {
		ls = StrongWolfe{C2: 0.1}
	}
	restart := m.Restart
	if restart == 0 {
		restart = ev.Dim()
	}
	nu := m.Orthogonality
	if nu == 0 {
		nu = 0.2
		if m.Variant == HagerZhangCG {
			nu = -1
		}
	}
	n := ev.Dim()
	return newLineRun(ev, ls, &cgDir{variant: m.Variant, restart: restart, nu: nu, fresh: true,
		prevDir: make([]float64, n), prevGrad: make([]float64, n)}), nil
}

type cgDir struct {
	variant   CGVariant
	restart   int
	nu        float64
	fresh     bool
	since     int
	prevDir   []float64
	prevGrad  []float64
	prevGD    float64
	prevAlpha float64
	y         []float64
}

func (d *cgDir) reset() { d.fresh = true }

func (d *cgDir) direction(ctx context.Context, loc *Location, dir []float64) (float64, StepInfo, error) {
	g := loc.Grad
	if d.fresh || (d.restart > 0 && d.since >= d.restart) || (d.nu > 0 && math.Abs(dot(g, d.prevGrad)) >= d.nu*dot(g, g)) {
		d.fresh = false
		d.since = 0
		scale(dir, -1, g)
		step := 1.0
		if d.prevAlpha > 0 {
			step = d.prevAlpha * d.prevGD / dot(g, dir)
		} else if gn := norm2(g); gn > 1 {
			step = 1 / gn
		}
		return step, StepInfo{}, nil
	}
	y := d.y
	if y == nil {
		y = make([]float64, len(g))
		d.y = y
	}
	for i := range y {
		y[i] = g[i] - d.prevGrad[i]
	}
	gg0 := dot(d.prevGrad, d.prevGrad)
	dy := dot(d.prevDir, y)
	var beta float64
	switch d.variant {
	case FletcherReeves:
		beta = dot(g, g) / gg0
	case PolakRibierePlus:
		beta = math.Max(0, dot(g, y)/gg0)
	case HestenesStiefel:
		beta = dot(g, y) / dy
	case DaiYuan:
		beta = dot(g, g) / dy
	case HagerZhangCG:
		yy := dot(y, y)
		beta = (dot(y, g) - 2*yy/dy*dot(d.prevDir, g)) / dy
		eta := -1 / (norm2(d.prevDir) * math.Min(0.01, norm2(d.prevGrad)))
		beta = math.Max(beta, eta)
	}
	if !finite(beta) {
		beta = 0
	}
	for i := range dir {
		dir[i] = -g[i] + beta*d.prevDir[i]
	}
	d.since++
	step := 1.0
	if gd := dot(g, dir); gd < 0 && d.prevAlpha > 0 {
		step = d.prevAlpha * d.prevGD / gd
	}
	return step, StepInfo{}, nil
}

func (d *cgDir) remember(g, dir []float64) {
	copy(d.prevGrad, g)
	copy(d.prevDir, dir)
	d.prevGD = dot(g, dir)
}

func (d *cgDir) update(loc *Location, s, y, dir, gPrev []float64, alpha float64) {
	d.remember(gPrev, dir)
	d.prevAlpha = alpha
}
