// Package randsource adapts a function to math/rand/v2's Source. The interpreted
// math/rand/v2 of package stdsrc uses it to hand a cell's own Source to the
// compiled rand.New: yaegi v0.16.1 passes a cell's value held in an interpreted
// interface to a compiled function unwrapped, and reflect rejects it.
package randsource

import "math/rand/v2"

// Func is a rand.Source whose Uint64 calls the function.
type Func func() uint64

// Uint64 returns f().
func (f Func) Uint64() uint64 { return f() }

// FromFunc returns f as a rand.Source.
func FromFunc(f func() uint64) rand.Source { return Func(f) }
