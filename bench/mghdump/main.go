// Command mghdump prints, as JSON, f, ∇f and ∇²f of every problem of
// optim/functions.Set() at its standard start X0 and at a second point
// 1.05·X0 + 0.05, so that bench/scipy_bench.py can prove that its numpy
// definitions of the Moré-Garbow-Hillstrom problems are the ones optimbench runs.
//
// Usage: go run ./bench/mghdump > points.json
package main

import (
	"encoding/json"
	"log"
	"os"

	"gonum.org/v1/gonum/mat"

	"github.com/hessnote/hessnote/optim/functions"
)

// Point is one evaluation of a problem.
type Point struct {
	X    []float64   `json:"x"`
	F    float64     `json:"f"`
	Grad []float64   `json:"grad"`
	Hess [][]float64 `json:"hess"`
}

// Problem is one problem of the set with its points.
type Problem struct {
	Name   string    `json:"name"`
	X0     []float64 `json:"x0"`
	FMin   *float64  `json:"f_min"`
	Points []Point   `json:"points"`
}

func eval(tp functions.TestProblem, x []float64) Point {
	n := len(x)
	g := make([]float64, n)
	tp.Problem.Grad(g, x)
	h := mat.NewSymDense(n, nil)
	tp.Problem.Hess(h, x)
	hh := make([][]float64, n)
	for i := range hh {
		hh[i] = make([]float64, n)
		for j := range hh[i] {
			hh[i][j] = h.At(i, j)
		}
	}
	return Point{X: append([]float64(nil), x...), F: tp.Problem.Func(x), Grad: g, Hess: hh}
}

func main() {
	var out []Problem
	for _, tp := range functions.Set() {
		x1 := make([]float64, len(tp.X0))
		for i, v := range tp.X0 {
			x1[i] = 1.05*v + 0.05
		}
		p := Problem{Name: tp.Name, X0: tp.X0, Points: []Point{eval(tp, tp.X0), eval(tp, x1)}}
		if tp.FMin == tp.FMin { // NaN (unknown) is left out
			fm := tp.FMin
			p.FMin = &fm
		}
		out = append(out, p)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	if err := enc.Encode(out); err != nil {
		log.Fatal(err)
	}
}
