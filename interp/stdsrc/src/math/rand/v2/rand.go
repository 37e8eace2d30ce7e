// Package rand is hessnote's math/rand/v2 for notebook cells run by yaegi: the
// compiled standard package (registered in the interpreter under a hidden import
// path, see stdsrc.HiddenRandPath) re-exported with type aliases and wrapper
// functions, plus the generic N that yaegi's symbol tables cannot hold.
//
// The import below names the real math/rand/v2, so that this package also
// compiles as ordinary Go; stdsrc.FS serves this file with the hidden path in
// its place.
package rand

import (
	"reflect"

	bin "math/rand/v2"

	"github.com/hessnote/hessnote/interp/stdsrc/randsource"
)

// ChaCha8 is math/rand/v2's ChaCha8-based cryptographically strong generator.
type ChaCha8 = bin.ChaCha8

// PCG is math/rand/v2's permuted congruential generator.
type PCG = bin.PCG

// Rand is math/rand/v2's source of random numbers with its methods.
type Rand = bin.Rand

// Source is a source of uniformly distributed random uint64 values in
// [0, 1<<64), as math/rand/v2.Source. It is declared here, not aliased: yaegi
// v0.16.1 cannot assign a cell's type to an alias of a compiled interface.
type Source interface {
	Uint64() uint64
}

// Zipf is math/rand/v2's generator of Zipf-distributed variates.
type Zipf = bin.Zipf

// NewChaCha8 returns a ChaCha8 seeded with seed.
func NewChaCha8(seed [32]byte) *ChaCha8 { return bin.NewChaCha8(seed) }

// NewPCG returns a PCG seeded with seed1 and seed2.
func NewPCG(seed1, seed2 uint64) *PCG { return bin.NewPCG(seed1, seed2) }

// New returns a Rand that takes its random values from src. It hands
// math/rand/v2's New a compiled adapter that calls src.Uint64: yaegi v0.16.1
// passes a cell's value held in an interface of interpreted code to a compiled
// function without the wrapper a compiled interface needs ("reflect: Call using
// *struct {...} as type rand.Source"), and a type switch on PCG or ChaCha8 to
// pass those directly panics.
func New(src Source) *Rand {
	return bin.New(randsource.FromFunc(src.Uint64))
}

// NewZipf returns a Zipf variate generator (see math/rand/v2.NewZipf).
func NewZipf(r *Rand, s float64, v float64, imax uint64) *Zipf { return bin.NewZipf(r, s, v, imax) }

// ExpFloat64 returns an exponentially distributed float64 with rate 1.
func ExpFloat64() float64 { return bin.ExpFloat64() }

// Float32 returns a uniform float32 in [0, 1).
func Float32() float32 { return bin.Float32() }

// Float64 returns a uniform float64 in [0, 1).
func Float64() float64 { return bin.Float64() }

// Int returns a non-negative random int.
func Int() int { return bin.Int() }

// Int32 returns a non-negative random int32.
func Int32() int32 { return bin.Int32() }

// Int32N returns a random int32 in [0, n); it panics if n <= 0.
func Int32N(n int32) int32 { return bin.Int32N(n) }

// Int64 returns a non-negative random int64.
func Int64() int64 { return bin.Int64() }

// Int64N returns a random int64 in [0, n); it panics if n <= 0.
func Int64N(n int64) int64 { return bin.Int64N(n) }

// IntN returns a random int in [0, n); it panics if n <= 0.
func IntN(n int) int { return bin.IntN(n) }

// NormFloat64 returns a standard normally distributed float64.
func NormFloat64() float64 { return bin.NormFloat64() }

// Perm returns a random permutation of the ints [0, n).
func Perm(n int) []int { return bin.Perm(n) }

// Shuffle shuffles n elements by calling swap; it panics if n < 0.
func Shuffle(n int, swap func(i, j int)) { bin.Shuffle(n, swap) }

// Uint returns a random uint.
func Uint() uint { return bin.Uint() }

// Uint32 returns a random uint32.
func Uint32() uint32 { return bin.Uint32() }

// Uint32N returns a random uint32 in [0, n); it panics if n == 0.
func Uint32N(n uint32) uint32 { return bin.Uint32N(n) }

// Uint64 returns a random uint64.
func Uint64() uint64 { return bin.Uint64() }

// Uint64N returns a random uint64 in [0, n); it panics if n == 0.
func Uint64N(n uint64) uint64 { return bin.Uint64N(n) }

// UintN returns a random uint in [0, n); it panics if n == 0.
func UintN(n uint) uint { return bin.UintN(n) }

// intType is the constraint of N: every integer type.
type intType interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 |
		~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr
}

// N returns a random integer in [0, n) of n's type (time.Duration works too); it
// panics if n <= 0.
func N[Int intType](n Int) Int {
	if n <= 0 {
		panic("invalid argument to N")
	}
	u := bin.Uint64N(uint64(n))
	// Set through reflect, not converted with Int(u): yaegi v0.16.1 takes a
	// conversion to a type parameter bound to a compiled named type (such as
	// time.Duration) for a call, and panics.
	var r Int
	v := reflect.ValueOf(&r).Elem()
	if v.CanInt() {
		v.SetInt(int64(u))
	} else {
		v.SetUint(u)
	}
	return r
}
