//go:build openblas && cgo

package openblas

import (
	"context"
	"math"
	"math/rand/v2"
	"runtime"
	"strconv"
	"testing"
	"time"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/hessnote/hessnote/optim"
)

func randSlice(rng *rand.Rand, n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = rng.NormFloat64()
	}
	return s
}

// dgemmCase draws a product with its operands stored with strides larger than needed.
type dgemmCase struct {
	tA, tB        blas.Transpose
	m, n, k       int
	alpha, beta   float64
	a, b, c       []float64
	lda, ldb, ldc int
}

func drawCase(rng *rand.Rand, maxDim int) dgemmCase {
	ts := []blas.Transpose{blas.NoTrans, blas.Trans}
	d := dgemmCase{tA: ts[rng.IntN(2)], tB: ts[rng.IntN(2)],
		m: 1 + rng.IntN(maxDim), n: 1 + rng.IntN(maxDim), k: 1 + rng.IntN(maxDim),
		alpha: rng.NormFloat64(), beta: []float64{0, 1, rng.NormFloat64()}[rng.IntN(3)]}
	ar, ac := d.m, d.k
	if d.tA == blas.Trans {
		ar, ac = d.k, d.m
	}
	br, bc := d.k, d.n
	if d.tB == blas.Trans {
		br, bc = d.n, d.k
	}
	d.lda, d.ldb, d.ldc = ac+rng.IntN(3), bc+rng.IntN(3), d.n+rng.IntN(3)
	d.a = randSlice(rng, (ar-1)*d.lda+ac)
	d.b = randSlice(rng, (br-1)*d.ldb+bc)
	d.c = randSlice(rng, (d.m-1)*d.ldc+d.n)
	return d
}

// TestDgemmMatchesGonum compares OpenBLAS's products with gonum's on random shapes,
// transposes, strides, alphas and betas, every product sent to OpenBLAS and split into
// blocks of rows or columns: relative difference at most 1e-12 (entries scaled by the
// sum of absolute products), and the padding between rows of C untouched.
func TestDgemmMatchesGonum(t *testing.T) {
	defer func(th, bl int) { Threshold, BlockMulAdds = th, bl }(Threshold, BlockMulAdds)
	rng := rand.New(rand.NewPCG(1, 2))
	for it := 0; it < 300; it++ {
		Threshold = 1
		BlockMulAdds = []int{1 << 28, 1000, 1 + rng.IntN(5000)}[it%3]
		d := drawCase(rng, 90)
		want := append([]float64(nil), d.c...)
		got := append([]float64(nil), d.c...)
		gonum.Implementation{}.Dgemm(d.tA, d.tB, d.m, d.n, d.k, d.alpha, d.a, d.lda, d.b, d.ldb, d.beta, want, d.ldc)
		before := cgoCalls.Load()
		Implementation{}.Dgemm(d.tA, d.tB, d.m, d.n, d.k, d.alpha, d.a, d.lda, d.b, d.ldb, d.beta, got, d.ldc)
		if cgoCalls.Load() == before {
			t.Fatalf("case %d: not sent to OpenBLAS", it)
		}
		// Scale: |alpha|·|op(A)|·|op(B)| + |beta·C|, bounded by the largest entries.
		scale := (math.Abs(d.alpha)*maxAbs(d.a)*maxAbs(d.b)*float64(d.k) + math.Abs(d.beta)*maxAbs(d.c))
		for i := 0; i < d.m; i++ {
			for j := 0; j < d.ldc && i*d.ldc+j < len(got); j++ {
				x, y := got[i*d.ldc+j], want[i*d.ldc+j]
				if j >= d.n {
					if x != d.c[i*d.ldc+j] {
						t.Fatalf("case %d: padding C[%d,%d] changed", it, i, j)
					}
					continue
				}
				if math.Abs(x-y) > 1e-12*scale {
					t.Fatalf("case %d (%v %v %dx%dx%d ld %d %d %d, blocks of %d): C[%d,%d] = %v, gonum %v",
						it, d.tA, d.tB, d.m, d.n, d.k, d.lda, d.ldb, d.ldc, BlockMulAdds, i, j, x, y)
				}
			}
		}
	}
}

func maxAbs(s []float64) float64 {
	m := 0.0
	for _, x := range s {
		m = math.Max(m, math.Abs(x))
	}
	return m
}

// TestRouting checks that products below Threshold stay in gonum, with gonum's bits,
// and that those at or above it go to OpenBLAS.
func TestRouting(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, s := range []struct {
		m, n, k int
		cgo     bool
	}{{8, 8, 8, false}, {15, 16, 16, false}, {16, 16, 16, true}, {1000, 100, 784, true}, {1, 4000, 1, false}} {
		a, b := randSlice(rng, s.m*s.k), randSlice(rng, s.k*s.n)
		got, want := make([]float64, s.m*s.n), make([]float64, s.m*s.n)
		before := cgoCalls.Load()
		Implementation{}.Dgemm(blas.NoTrans, blas.NoTrans, s.m, s.n, s.k, 1, a, s.k, b, s.n, 0, got, s.n)
		if sent := cgoCalls.Load() != before; sent != s.cgo {
			t.Errorf("%dx%dx%d (threshold %d): sent to OpenBLAS %v, want %v", s.m, s.n, s.k, Threshold, sent, s.cgo)
		}
		if !s.cgo {
			gonum.Implementation{}.Dgemm(blas.NoTrans, blas.NoTrans, s.m, s.n, s.k, 1, a, s.k, b, s.n, 0, want, s.n)
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("%dx%dx%d kept in gonum differs from gonum at %d", s.m, s.n, s.k, i)
				}
			}
		}
	}
}

// TestPanics checks gonum's argument checks on products large enough for OpenBLAS.
func TestPanics(t *testing.T) {
	a, b, c := make([]float64, 64*64), make([]float64, 64*64), make([]float64, 64*64)
	for _, s := range []struct {
		name string
		f    func()
		want string
	}{
		{"transpose", func() { Implementation{}.Dgemm('x', blas.NoTrans, 64, 64, 64, 1, a, 64, b, 64, 0, c, 64) }, badTranspose},
		{"lda", func() { Implementation{}.Dgemm(blas.NoTrans, blas.NoTrans, 64, 64, 64, 1, a, 63, b, 64, 0, c, 64) }, badLdA},
		{"ldb", func() { Implementation{}.Dgemm(blas.NoTrans, blas.Trans, 64, 64, 64, 1, a, 64, b, 63, 0, c, 64) }, badLdB},
		{"ldc", func() { Implementation{}.Dgemm(blas.NoTrans, blas.NoTrans, 64, 64, 64, 1, a, 64, b, 64, 0, c, 63) }, badLdC},
		{"short a", func() { Implementation{}.Dgemm(blas.NoTrans, blas.NoTrans, 64, 64, 64, 1, a[1:], 64, b, 64, 0, c, 64) }, shortA},
		{"short b", func() { Implementation{}.Dgemm(blas.NoTrans, blas.NoTrans, 64, 64, 64, 1, a, 64, b[1:], 64, 0, c, 64) }, shortB},
		{"short c", func() { Implementation{}.Dgemm(blas.NoTrans, blas.NoTrans, 64, 64, 64, 1, a, 64, b, 64, 0, c[1:], 64) }, shortC},
		{"m < 0", func() { Implementation{}.Dgemm(blas.NoTrans, blas.NoTrans, -64, 64, 64, 1, a, 64, b, 64, 0, c, 64) }, mLT0},
	} {
		func() {
			defer func() {
				if r := recover(); r != s.want {
					t.Errorf("%s: panic %v, want %q", s.name, r, s.want)
				}
			}()
			s.f()
		}()
	}
}

// TestThreadCap checks that OpenBLAS runs at most GOMAXPROCS threads.
func TestThreadCap(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	rng := rand.New(rand.NewPCG(5, 6))
	a, b, c := randSlice(rng, 200*200), randSlice(rng, 200*200), make([]float64, 200*200)
	for _, p := range []int{1, 2, 1} {
		runtime.GOMAXPROCS(p)
		Implementation{}.Dgemm(blas.NoTrans, blas.NoTrans, 200, 200, 200, 1, a, 200, b, 200, 0, c, 200)
		if th := Threads(); th > p || th < 1 {
			t.Errorf("GOMAXPROCS %d: OpenBLAS runs %d threads", p, th)
		}
	}
}

// TestInterrupt starts a product of about 8·10⁹ multiply-adds (several seconds), cancels
// the interrupt context installed with optim.SetInterrupt after 100 ms, and checks that
// the product returns soon after (the target is 500 ms; the bound here is generous for a
// loaded machine, BenchmarkInterrupt measures it) with its uncomputed rows set to NaN.
func TestInterrupt(t *testing.T) {
	if testing.Short() {
		t.Skip("large product")
	}
	const m, n, k = 2000, 2000, 2000
	rng := rand.New(rand.NewPCG(7, 8))
	a, b, c := randSlice(rng, m*k), randSlice(rng, k*n), make([]float64, m*n)
	latency, _ := interruptLatency(a, b, c, m, n, k, 100*time.Millisecond)
	t.Logf("returned %v after the interrupt", latency)
	if latency > 2*time.Second {
		t.Errorf("product returned %v after the interrupt", latency)
	}
	if !math.IsNaN(c[len(c)-1]) {
		t.Error("the product was not cut short (last entry is a number)")
	}
}

// interruptLatency runs the product C = A·B (m×k times k×n), cancels the installed
// interrupt after wait, and returns the time from the cancel to the product's return.
func interruptLatency(a, b, c []float64, m, n, k int, wait time.Duration) (time.Duration, bool) {
	ctx, cancel := context.WithCancel(context.Background())
	optim.SetInterrupt(ctx)
	defer optim.SetInterrupt(nil)
	done := make(chan time.Time)
	go func() {
		Implementation{}.Dgemm(blas.NoTrans, blas.NoTrans, m, n, k, 1, a, k, b, n, 0, c, n)
		done <- time.Now()
	}()
	select {
	case <-done:
		cancel()
		return 0, false // finished before the interrupt
	case <-time.After(wait):
	}
	t0 := time.Now()
	cancel()
	return (<-done).Sub(t0), true
}

// BenchmarkInterrupt reports the time from an interrupt to the return of a long product
// (the target: 500 ms) as ms/interrupt.
func BenchmarkInterrupt(b *testing.B) {
	const m, n, k = 2000, 2000, 2000
	rng := rand.New(rand.NewPCG(7, 8))
	x, y, c := randSlice(rng, m*k), randSlice(rng, k*n), make([]float64, m*n)
	var worst, total time.Duration
	for i := 0; i < b.N; i++ {
		d, _ := interruptLatency(x, y, c, m, n, k, 200*time.Millisecond)
		total += d
		worst = max(worst, d)
	}
	b.ReportMetric(float64(total.Microseconds())/1e3/float64(b.N), "ms/interrupt")
	b.ReportMetric(float64(worst.Microseconds())/1e3, "worst-ms")
}

// BenchmarkCrossover times square products in gonum and in OpenBLAS at the sizes around
// Threshold (run with -cpu 1,2).
func BenchmarkCrossover(b *testing.B) {
	for _, s := range []int{8, 16, 24, 32, 48, 64, 128} {
		rng := rand.New(rand.NewPCG(9, 10))
		x, y, c := randSlice(rng, s*s), randSlice(rng, s*s), make([]float64, s*s)
		b.Run("gonum/"+strconv.Itoa(s), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				gonum.Implementation{}.Dgemm(blas.NoTrans, blas.NoTrans, s, s, s, 1, x, s, y, s, 0, c, s)
			}
		})
		b.Run("openblas/"+strconv.Itoa(s), func(b *testing.B) {
			defer func(th int) { Threshold = th }(Threshold)
			Threshold = 1
			for i := 0; i < b.N; i++ {
				Implementation{}.Dgemm(blas.NoTrans, blas.NoTrans, s, s, s, 1, x, s, y, s, 0, c, s)
			}
		})
	}
}
