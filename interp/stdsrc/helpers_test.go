package stdsrc_test

import "math/rand/v2"

// newPCG is the compiled twin of the cells' rand.New(rand.NewPCG(1, 2)).
func newPCG() *rand.Rand { return rand.New(rand.NewPCG(1, 2)) }

// newChaCha is the compiled twin of the cells' rand.New(rand.NewChaCha8([32]byte{})).
func newChaCha() *rand.Rand { return rand.New(rand.NewChaCha8([32]byte{})) }
