package display_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/hessnote/hessnote/display"
	"github.com/hessnote/hessnote/optim"
)

// Render of a matrix gives a LaTeX bmatrix and an HTML table besides the text.
func ExampleRender_matrix() {
	b := display.Render(mat.NewDense(2, 2, []float64{1, 2, 3, 4.5}))
	fmt.Println(b.Text())
	fmt.Println(b.Data["text/latex"])
	// Output:
	// ⎡1    2⎤
	// ⎣3  4.5⎦
	// $$\begin{bmatrix}1 & 2 \\ 3 & 4.5 \\ \end{bmatrix}$$
}

// Render of a plain value gives text/plain only.
func ExampleRender() {
	b := display.Render([]float64{1, 2.5})
	fmt.Println(len(b.Data), b.Text())
	// Output:
	// 1 [1 2.5]
}

// Table compares runs; as a cell's last value it shows as an HTML table.
func ExampleTable() {
	r := &optim.Result{Method: "Newton", F: 1e-20, Grad: []float64{1e-11, 0}, Status: optim.GradientThreshold,
		Stats: optim.Stats{Iterations: 21, FuncEvals: 30, GradEvals: 22, HessEvals: 21}}
	fmt.Println(display.Table(r).Text())
	// Output:
	// method  status              iter  f evals  ∇f evals  ∇²f evals  ∇²f·v evals  FD f  FD ∇f  time  final f  ‖∇f‖∞
	// Newton  gradient threshold  21    30       22        21         0            0     0      0     1e-20    1e-11
}

// Without a host, Show prints the text form to standard output.
func ExampleShow() {
	display.Show(display.Render(mat.NewVecDense(2, []float64{1, -1})))
	// Output:
	// ⎡ 1⎤
	// ⎣-1⎦
}
