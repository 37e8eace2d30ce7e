package functions

import "math"

// num is a second-order forward-mode dual number: a value with its gradient and its
// Hessian (row-major n×n) with respect to the n variables. Residuals written with num
// give exact first and second derivatives (up to rounding), which is how this package
// supplies the Hessians that gonum's test functions lack.
type num struct {
	v float64
	g []float64
	h []float64
}

func konst(n int, v float64) num { return num{v: v, g: make([]float64, n), h: make([]float64, n*n)} }

func variable(n, i int, v float64) num {
	a := konst(n, v)
	a.g[i] = 1
	return a
}

func vars(x []float64) []num {
	out := make([]num, len(x))
	for i, v := range x {
		out[i] = variable(len(x), i, v)
	}
	return out
}

func (a num) n() int { return len(a.g) }

func add(a, b num) num {
	c := konst(a.n(), a.v+b.v)
	for i := range c.g {
		c.g[i] = a.g[i] + b.g[i]
	}
	for i := range c.h {
		c.h[i] = a.h[i] + b.h[i]
	}
	return c
}

// lin returns α·a + β·b + γ.
func lin(alpha float64, a num, beta float64, b num, gamma float64) num {
	c := konst(a.n(), alpha*a.v+beta*b.v+gamma)
	for i := range c.g {
		c.g[i] = alpha*a.g[i] + beta*b.g[i]
	}
	for i := range c.h {
		c.h[i] = alpha*a.h[i] + beta*b.h[i]
	}
	return c
}

func sub(a, b num) num { return lin(1, a, -1, b, 0) }

// affine returns α·a + γ.
func affine(alpha float64, a num, gamma float64) num {
	c := konst(a.n(), alpha*a.v+gamma)
	for i := range c.g {
		c.g[i] = alpha * a.g[i]
	}
	for i := range c.h {
		c.h[i] = alpha * a.h[i]
	}
	return c
}

func mul(a, b num) num {
	n := a.n()
	c := konst(n, a.v*b.v)
	for i := range c.g {
		c.g[i] = a.g[i]*b.v + a.v*b.g[i]
	}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			k := i*n + j
			c.h[k] = a.h[k]*b.v + a.v*b.h[k] + a.g[i]*b.g[j] + b.g[i]*a.g[j]
		}
	}
	return c
}

// chain applies a scalar function with value f, first derivative d1 and second d2 at a.v.
func chain(a num, f, d1, d2 float64) num {
	n := a.n()
	c := konst(n, f)
	for i := range c.g {
		c.g[i] = d1 * a.g[i]
	}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			k := i*n + j
			c.h[k] = d1*a.h[k] + d2*a.g[i]*a.g[j]
		}
	}
	return c
}

func sq(a num) num { return chain(a, a.v*a.v, 2*a.v, 2) }

func exp(a num) num {
	e := math.Exp(a.v)
	return chain(a, e, e, e)
}

func sin(a num) num { return chain(a, math.Sin(a.v), math.Cos(a.v), -math.Sin(a.v)) }

func cos(a num) num { return chain(a, math.Cos(a.v), -math.Sin(a.v), -math.Cos(a.v)) }

func sqrt(a num) num {
	s := math.Sqrt(a.v)
	return chain(a, s, 0.5/s, -0.25/(s*a.v))
}

func atan(a num) num {
	d := 1 / (1 + a.v*a.v)
	return chain(a, math.Atan(a.v), d, -2*a.v*d*d)
}

func recip(a num) num { return chain(a, 1/a.v, -1/(a.v*a.v), 2/(a.v*a.v*a.v)) }

// logAbs is ln|a|, whose derivatives are those of ln a on either side of 0.
func logAbs(a num) num { return chain(a, math.Log(math.Abs(a.v)), 1/a.v, -1/(a.v*a.v)) }

func div(a, b num) num { return mul(a, recip(b)) }

// sumSquares returns f = Σ r_i², ∇f = 2 Σ r_i ∇r_i and ∇²f = 2 Σ (∇r_i ∇r_iᵀ + r_i ∇²r_i).
func sumSquares(r []num, n int) (f float64, g, h []float64) {
	g = make([]float64, n)
	h = make([]float64, n*n)
	for _, ri := range r {
		f += ri.v * ri.v
		for i := 0; i < n; i++ {
			g[i] += 2 * ri.v * ri.g[i]
			for j := 0; j < n; j++ {
				h[i*n+j] += 2 * (ri.g[i]*ri.g[j] + ri.v*ri.h[i*n+j])
			}
		}
	}
	return f, g, h
}
