//go:build openblas && cgo

package openblas

/*
#cgo LDFLAGS: -lopenblas
// Declared here rather than through cblas.h, whose Debian copy is an alternative that
// may point at another CBLAS; the symbols come from libopenblas (32-bit integers).
void cblas_dgemm(int order, int transA, int transB, int m, int n, int k, double alpha,
	const double *a, int lda, const double *b, int ldb, double beta, double *c, int ldc);
void openblas_set_num_threads(int n);
int openblas_get_num_threads(void);
char *openblas_get_config(void);
char *openblas_get_corename(void);
*/
import "C"

import (
	"math"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/blas"
)

const available = true

// CBLAS enumerations.
const (
	cblasRowMajor = 101
	cblasNoTrans  = 111
	cblasTrans    = 112
)

// cgoCalls counts calls of cblas_dgemm, for the routing test.
var cgoCalls atomic.Int64

var (
	threadsMu  sync.Mutex
	threadsSet int // the count last given to openblas_set_num_threads; 0 before the first call
)

// capThreads makes OpenBLAS use GOMAXPROCS threads: never more, so that a kernel limited
// to fewer cores (or a test at GOMAXPROCS 1) is not oversubscribed.
func capThreads() {
	p := runtime.GOMAXPROCS(0)
	threadsMu.Lock()
	if threadsSet != p {
		C.openblas_set_num_threads(C.int(p))
		threadsSet = p
	}
	threadsMu.Unlock()
}

// Threads returns the number of threads OpenBLAS uses now (0 in a build without it).
func Threads() int { return int(C.openblas_get_num_threads()) }

// Version returns OpenBLAS's configuration string and the name of the kernels chosen for
// this CPU, for example "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64 (zen)".
func Version() string {
	return strings.TrimSpace(C.GoString(C.openblas_get_config())) + " (" + C.GoString(C.openblas_get_corename()) + ")"
}

// Dgemm computes C = alpha·op(A)·op(B) + beta·C like gonum's, with the same argument
// checks and panics. Products of at least Threshold multiply-adds run in OpenBLAS, in
// blocks of at most BlockMulAdds multiply-adds with an interrupt check between them;
// smaller ones run in gonum.
func (impl Implementation) Dgemm(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	if m <= 0 || n <= 0 || k <= 0 || alpha == 0 || m*n*k < Threshold {
		impl.Implementation.Dgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	// gonum's checks (blas/gonum/dgemm.go), for m, n, k > 0.
	switch tA {
	default:
		panic(badTranspose)
	case blas.NoTrans, blas.Trans, blas.ConjTrans:
	}
	switch tB {
	default:
		panic(badTranspose)
	case blas.NoTrans, blas.Trans, blas.ConjTrans:
	}
	aTrans := tA != blas.NoTrans
	bTrans := tB != blas.NoTrans
	if aTrans && lda < m || !aTrans && lda < k {
		panic(badLdA)
	}
	if bTrans && ldb < k || !bTrans && ldb < n {
		panic(badLdB)
	}
	if ldc < n {
		panic(badLdC)
	}
	if aTrans && len(a) < (k-1)*lda+m || !aTrans && len(a) < (m-1)*lda+k {
		panic(shortA)
	}
	if bTrans && len(b) < (n-1)*ldb+k || !bTrans && len(b) < (k-1)*ldb+n {
		panic(shortB)
	}
	if len(c) < (m-1)*ldc+n {
		panic(shortC)
	}
	capThreads()

	ta, tb := C.int(cblasNoTrans), C.int(cblasNoTrans)
	if aTrans {
		ta = cblasTrans
	}
	if bTrans {
		tb = cblasTrans
	}
	call := func(m, n int, aOff, bOff, cOff int) {
		cgoCalls.Add(1)
		C.cblas_dgemm(cblasRowMajor, ta, tb, C.int(m), C.int(n), C.int(k), C.double(alpha),
			(*C.double)(&a[aOff]), C.int(lda), (*C.double)(&b[bOff]), C.int(ldb),
			C.double(beta), (*C.double)(&c[cOff]), C.int(ldc))
	}
	blocks := (m*n*k + BlockMulAdds - 1) / BlockMulAdds
	if m >= n {
		// Blocks of rows of C: rows i0… of op(A) start at a[i0·lda] (or at column i0 of A).
		step := (m + blocks - 1) / blocks
		for i0 := 0; i0 < m; i0 += step {
			if interrupted() {
				fillNaN(c[i0*ldc:], m-i0, n, ldc)
				return
			}
			aOff := i0 * lda
			if aTrans {
				aOff = i0
			}
			call(min(step, m-i0), n, aOff, 0, i0*ldc)
		}
		return
	}
	// Blocks of columns of C: columns j0… of op(B) start at b[j0] (or at row j0 of B).
	step := (n + blocks - 1) / blocks
	for j0 := 0; j0 < n; j0 += step {
		if interrupted() {
			fillNaN(c[j0:], m, n-j0, ldc)
			return
		}
		bOff := j0
		if bTrans {
			bOff = j0 * ldb
		}
		call(m, min(step, n-j0), 0, bOff, j0)
	}
}

// fillNaN sets the r×w matrix at c (row stride ldc) to NaN.
func fillNaN(c []float64, r, w, ldc int) {
	nan := math.NaN()
	for i := 0; i < r; i++ {
		row := c[i*ldc : i*ldc+w]
		for j := range row {
			row[j] = nan
		}
	}
}
