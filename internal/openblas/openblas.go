// Package openblas chooses the BLAS implementation behind gonum's blas64 for the whole
// process: gonum's pure-Go one (Deterministic: one order of operations, the same bits on
// every amd64 machine) or one that keeps gonum's for every routine but hands large matrix
// products (Dgemm) to OpenBLAS through cgo (Fast: the library torch uses, several times
// faster, but its last bits depend on the CPU and the thread count).
//
// Fast exists only in builds with the build tag openblas and cgo enabled (the Makefile
// sets the tag when libopenblas-dev is installed); elsewhere Use(Fast) falls back to
// Deterministic and says so. Nothing here changes unless a program calls Use: library
// users and tests get gonum's implementation, as before.
//
// Products handed to OpenBLAS run in blocks of rows (or columns) of C of at most
// BlockMulAdds multiply-adds; between blocks the interrupt installed with
// optim.SetInterrupt is checked, so a notebook cell blocked in a long product stops
// within a block's time. An interrupted product fills the rows it did not compute with
// NaN, so that no caller mistakes them for numbers; optim's solvers then report
// Canceled. OpenBLAS never runs more threads than GOMAXPROCS.
package openblas

import (
	"errors"
	"fmt"
	"sync"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/hessnote/hessnote/optim"
)

// Mode is the BLAS implementation in use.
type Mode int

const (
	// Deterministic is gonum's pure-Go BLAS: results are bit-identical on every amd64
	// machine and at every GOMAXPROCS. Notebooks run with `hessnote run` and
	// `hessnote run --check` use it.
	Deterministic Mode = iota
	// Fast is gonum's BLAS with OpenBLAS for matrix products of at least Threshold
	// multiply-adds. The interactive kernel uses it when the build has OpenBLAS.
	Fast
)

// String returns "deterministic" or "fast".
func (m Mode) String() string {
	switch m {
	case Deterministic:
		return "deterministic"
	case Fast:
		return "fast"
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// ParseMode reads "deterministic" (or "pure", "gonum") and "fast" (or "openblas").
func ParseMode(s string) (Mode, error) {
	switch s {
	case "deterministic", "pure", "gonum":
		return Deterministic, nil
	case "fast", "openblas":
		return Fast, nil
	}
	return Deterministic, fmt.Errorf("openblas: unknown BLAS mode %q (want deterministic or fast)", s)
}

// ErrUnavailable is returned by Use(Fast) in a build without OpenBLAS (no openblas build
// tag, or CGO_ENABLED=0).
var ErrUnavailable = errors.New("openblas: this build has no OpenBLAS (built without -tags openblas or without cgo); using gonum's pure-Go BLAS")

// Threshold is the smallest product, in multiply-adds m·n·k, that Fast hands to
// OpenBLAS; smaller ones stay in gonum. Measured on a 2-core AMD EPYC (BenchmarkCrossover,
// machine loaded): OpenBLAS is faster from 8³ on (0.7 against 1.1 µs), 4-5× faster from 16³
// (1.7 against 7 µs). Below 16³ the saving is under a microsecond per product, so those
// stay in gonum, which keeps the small linear algebra of low-dimensional examples
// bit-identical to Deterministic.
var Threshold = 16 * 16 * 16

// BlockMulAdds bounds the multiply-adds of one OpenBLAS call: larger products are split
// into blocks of rows (or columns) of C, and the interrupt is checked between blocks.
// 2²⁶ multiply-adds take about 6 ms on one idle core of the machine above; at blocks of
// 2²⁸ an interrupt took 770 ms to land with the machine at load 16 on 2 cores.
var BlockMulAdds = 1 << 26

var (
	mu     sync.Mutex
	active = Deterministic
)

// Available reports whether this build can use OpenBLAS.
func Available() bool { return available }

// Use installs the implementation of mode m with blas64.Use for the whole process. Use(Fast)
// in a build without OpenBLAS installs Deterministic and returns ErrUnavailable.
func Use(m Mode) error {
	mu.Lock()
	defer mu.Unlock()
	switch m {
	case Deterministic:
		blas64.Use(gonum.Implementation{})
		active = Deterministic
		return nil
	case Fast:
		if !available {
			blas64.Use(gonum.Implementation{})
			active = Deterministic
			return ErrUnavailable
		}
		blas64.Use(Implementation{})
		active = Fast
		return nil
	}
	return fmt.Errorf("openblas: unknown mode %d", int(m))
}

// Active returns the mode installed by the last Use (Deterministic before any).
func Active() Mode {
	mu.Lock()
	defer mu.Unlock()
	return active
}

// Describe says in one line which BLAS is active, for the kernel banner and `%blas`.
func Describe() string {
	if Active() == Fast {
		return fmt.Sprintf("fast: OpenBLAS %s for matrix products of ≥ %d multiply-adds (at most GOMAXPROCS threads), gonum's pure Go for the rest; last bits depend on CPU and threads", Version(), Threshold)
	}
	if available {
		return "deterministic: gonum's pure-Go BLAS, the same bits on every amd64 machine (OpenBLAS available: %blas fast)"
	}
	return "deterministic: gonum's pure-Go BLAS, the same bits on every amd64 machine (this build has no OpenBLAS)"
}

// Implementation is gonum's BLAS with Dgemm handed to OpenBLAS for products of at least
// Threshold multiply-adds. It satisfies blas.Float64. In a build without OpenBLAS it is
// gonum's implementation.
type Implementation struct {
	gonum.Implementation
}

// interrupted reports whether the running computation should stop; tests replace it.
var interrupted = func() bool { return optim.Done(nil) != nil }

// Argument checks of gonum's Dgemm, with its messages.
const (
	badTranspose = "blas: illegal transpose"
	mLT0         = "blas: m < 0"
	nLT0         = "blas: n < 0"
	kLT0         = "blas: k < 0"
	badLdA       = "blas: bad leading dimension of A"
	badLdB       = "blas: bad leading dimension of B"
	badLdC       = "blas: bad leading dimension of C"
	shortA       = "blas: insufficient length of a"
	shortB       = "blas: insufficient length of b"
	shortC       = "blas: insufficient length of c"
)
