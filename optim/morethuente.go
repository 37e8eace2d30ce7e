package optim

import (
	"context"
	"math"
)

// MoreThuente is the line search of J. J. Moré and D. J. Thuente, "Line search
// algorithms with guaranteed sufficient decrease", ACM TOMS 20(3), 1994: it keeps an
// interval of uncertainty that, once bracketed, contains a point satisfying the strong
// Wolfe conditions, chooses trials by safeguarded cubic and quadratic interpolation
// (the four cases of §4), and works on the auxiliary function ψ(α) = φ(α) − φ(0) −
// C1·α·φ'(0) until a point with ψ ≤ 0 and φ' ≥ 0 is found (stage 1 of §3).
type MoreThuente struct {
	// C1 is the sufficient-decrease constant (ftol); default 1e-4.
	C1 float64
	// C2 is the curvature constant (gtol); default 0.9.
	C2 float64
	// MaxEvals bounds the trials; default 30.
	MaxEvals int
}

var _ LineSearcher = MoreThuente{}

// Search implements LineSearcher.
func (mt MoreThuente) Search(ctx context.Context, ev *Evaluator, loc *Location, dir []float64, step float64) (float64, int, error) {
	ftol := orDefault(mt.C1, 1e-4)
	gtol := orDefault(mt.C2, 0.9)
	maxEvals := mt.MaxEvals
	if maxEvals <= 0 {
		maxEvals = 30
	}
	const (
		xtol   = 1e-12
		xtrapl = 1.1
		xtrapu = 4.0
		stpmin = 0.0
	)
	stpmax := math.Inf(1)
	s, err := newLineState(ev, loc, dir)
	if err != nil {
		return 0, 0, err
	}
	stp := step
	if !(stp > 0) || !finite(stp) {
		stp = 1
	}
	finit, ginit := s.f0, s.d0
	gtest := ftol * ginit
	width := math.Inf(1)
	width1 := width
	var (
		brackt   bool
		stage1   = true
		stx, sty float64
		fx, fy   = finit, finit
		gx, gy   = ginit, ginit
		stmin    = 0.0
		stmax    = stp + xtrapu*stp
	)
	for s.trials < maxEvals {
		f, g, err := s.eval(stp, true)
		if err != nil {
			return 0, s.trials, err
		}
		if !finite(f) || !finite(g) {
			// Overflow at this trial: treat it as the upper end and bisect toward stx.
			stpmax = stp
			stmax = math.Min(stmax, stp)
			stp = stx + 0.5*(stp-stx)
			if s.tooSmall(math.Abs(stp - stx)) {
				break
			}
			continue
		}
		ftest := finit + stp*gtest
		if stage1 && f <= ftest && g >= 0 {
			stage1 = false
		}
		if f <= ftest && math.Abs(g) <= gtol*(-ginit) {
			return stp, s.trials, s.accept(f, true)
		}
		if brackt && (stp <= stmin || stp >= stmax || stmax-stmin <= xtol*stmax) {
			break // rounding errors prevent progress
		}
		if stage1 && f <= fx && f > ftest {
			fm, fxm, fym := f-stp*gtest, fx-stx*gtest, fy-sty*gtest
			gm, gxm, gym := g-gtest, gx-gtest, gy-gtest
			stx, fxm, gxm, sty, fym, gym, stp, brackt = dcstep(stx, fxm, gxm, sty, fym, gym, stp, fm, gm, brackt, stmin, stmax)
			fx, fy = fxm+stx*gtest, fym+sty*gtest
			gx, gy = gxm+gtest, gym+gtest
		} else {
			stx, fx, gx, sty, fy, gy, stp, brackt = dcstep(stx, fx, gx, sty, fy, gy, stp, f, g, brackt, stmin, stmax)
		}
		if brackt {
			if math.Abs(sty-stx) >= 0.66*width1 {
				stp = stx + 0.5*(sty-stx)
			}
			width1 = width
			width = math.Abs(sty - stx)
			stmin, stmax = math.Min(stx, sty), math.Max(stx, sty)
		} else {
			stmin = stp + xtrapl*(stp-stx)
			stmax = stp + xtrapu*(stp-stx)
		}
		stp = math.Max(stpmin, math.Min(stp, stpmax))
		if brackt && (stp <= stmin || stp >= stmax || stmax-stmin <= xtol*stmax) {
			stp = stx
		}
		if !(stp > 0) || s.tooSmall(stp) {
			break
		}
	}
	a, err := s.fallback("Moré-Thuente")
	return a, s.trials, err
}

// dcstep computes a safeguarded step for the interval [stx, sty] and the trial stp with
// the four cases of Moré and Thuente (1994, §4), and updates the interval.
func dcstep(stx, fx, dx, sty, fy, dy, stp, fp, dp float64, brackt bool, stpmin, stpmax float64) (float64, float64, float64, float64, float64, float64, float64, bool) {
	sgnd := dp * math.Copysign(1, dx)
	var stpf float64
	switch {
	case fp > fx:
		// Case 1: higher function value; the minimum is bracketed.
		theta := 3*(fx-fp)/(stp-stx) + dx + dp
		s := math.Max(math.Abs(theta), math.Max(math.Abs(dx), math.Abs(dp)))
		gamma := s * math.Sqrt(math.Max(0, (theta/s)*(theta/s)-(dx/s)*(dp/s)))
		if stp < stx {
			gamma = -gamma
		}
		p := (gamma - dx) + theta
		q := ((gamma - dx) + gamma) + dp
		stpc := stx + p/q*(stp-stx)
		stpq := stx + ((dx/((fx-fp)/(stp-stx)+dx))/2)*(stp-stx)
		if math.Abs(stpc-stx) < math.Abs(stpq-stx) {
			stpf = stpc
		} else {
			stpf = stpc + (stpq-stpc)/2
		}
		brackt = true
	case sgnd < 0:
		// Case 2: lower value and derivatives of opposite sign; bracketed.
		theta := 3*(fx-fp)/(stp-stx) + dx + dp
		s := math.Max(math.Abs(theta), math.Max(math.Abs(dx), math.Abs(dp)))
		gamma := s * math.Sqrt(math.Max(0, (theta/s)*(theta/s)-(dx/s)*(dp/s)))
		if stp > stx {
			gamma = -gamma
		}
		p := (gamma - dp) + theta
		q := ((gamma - dp) + gamma) + dx
		stpc := stp + p/q*(stx-stp)
		stpq := stp + (dp/(dp-dx))*(stx-stp)
		if math.Abs(stpc-stp) > math.Abs(stpq-stp) {
			stpf = stpc
		} else {
			stpf = stpq
		}
		brackt = true
	case math.Abs(dp) < math.Abs(dx):
		// Case 3: lower value, same sign, derivative decreasing in magnitude.
		theta := 3*(fx-fp)/(stp-stx) + dx + dp
		s := math.Max(math.Abs(theta), math.Max(math.Abs(dx), math.Abs(dp)))
		gamma := s * math.Sqrt(math.Max(0, (theta/s)*(theta/s)-(dx/s)*(dp/s)))
		if stp > stx {
			gamma = -gamma
		}
		p := (gamma - dp) + theta
		q := (gamma + (dx - dp)) + gamma
		r := p / q
		var stpc float64
		switch {
		case r < 0 && gamma != 0:
			stpc = stp + r*(stx-stp)
		case stp > stx:
			stpc = stpmax
		default:
			stpc = stpmin
		}
		stpq := stp + (dp/(dp-dx))*(stx-stp)
		if brackt {
			if math.Abs(stpc-stp) < math.Abs(stpq-stp) {
				stpf = stpc
			} else {
				stpf = stpq
			}
			if stp > stx {
				stpf = math.Min(stp+0.66*(sty-stp), stpf)
			} else {
				stpf = math.Max(stp+0.66*(sty-stp), stpf)
			}
		} else {
			if math.Abs(stpc-stp) > math.Abs(stpq-stp) {
				stpf = stpc
			} else {
				stpf = stpq
			}
			stpf = math.Max(stpmin, math.Min(stpmax, stpf))
		}
	default:
		// Case 4: lower value, same sign, derivative not decreasing.
		switch {
		case brackt:
			theta := 3*(fp-fy)/(sty-stp) + dy + dp
			s := math.Max(math.Abs(theta), math.Max(math.Abs(dy), math.Abs(dp)))
			gamma := s * math.Sqrt(math.Max(0, (theta/s)*(theta/s)-(dy/s)*(dp/s)))
			if stp > sty {
				gamma = -gamma
			}
			p := (gamma - dp) + theta
			q := ((gamma - dp) + gamma) + dy
			stpf = stp + p/q*(sty-stp)
		case stp > stx:
			stpf = stpmax
		default:
			stpf = stpmin
		}
	}
	if fp > fx {
		sty, fy, dy = stp, fp, dp
	} else {
		if sgnd < 0 {
			sty, fy, dy = stx, fx, dx
		}
		stx, fx, dx = stp, fp, dp
	}
	if !finite(stpf) {
		stpf = 0.5 * (stx + sty)
	}
	return stx, fx, dx, sty, fy, dy, stpf, brackt
}
