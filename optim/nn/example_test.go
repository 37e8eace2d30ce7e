package nn_test

import (
	"context"
	"fmt"

	"github.com/hessnote/hessnote/optim/data"
	"github.com/hessnote/hessnote/optim/nn"
)

// A network on a synthetic task, trained by Hessian-free optimization.
func ExampleTrain() {
	set := data.Blobs(300, 3, 5, 1.5, 3)
	net, _ := nn.MLP([]int{5, 16, 3}, nn.Tanh, nn.SoftmaxCrossEntropy)
	obj, _ := nn.NewObjective(net, set.X, set.Y)
	theta := net.NewParams(1)
	res, err := nn.Train(context.Background(), nn.HF{}, obj, theta, nn.Settings{MaxIter: 20})
	if err != nil {
		panic(err)
	}
	fmt.Println(net)
	fmt.Println(res.Method, res.Status, len(res.History)-1, "iterations")
	fmt.Printf("loss %.2f → below 0.01: %v, accuracy %.2f\n", res.History[0].F, res.F < 0.01, obj.Accuracy(res.X))
	// Output:
	// 5-16(tanh)-3(identity), softmax cross-entropy, 147 parameters
	// HF iteration limit 20 iterations
	// loss 1.97 → below 0.01: true, accuracy 1.00
}

// The flat parameter vector and each layer's index range, for per-layer curvature.
func ExampleNet_Layer() {
	net, _ := nn.MLP([]int{784, 100, 10}, nn.Tanh, nn.SoftmaxCrossEntropy)
	for i := 0; i < net.NumLayers(); i++ {
		l := net.Layer(i)
		fmt.Printf("layer %d: %d→%d %v, weights [%d,%d) biases [%d,%d)\n", i, l.In, l.Out, l.Act, l.Start(), l.BiasStart(), l.BiasStart(), l.End())
	}
	fmt.Println(net.NumParams(), "parameters")
	// Output:
	// layer 0: 784→100 tanh, weights [0,78400) biases [78400,78500)
	// layer 1: 100→10 identity, weights [78500,79500) biases [79500,79510)
	// 79510 parameters
}
