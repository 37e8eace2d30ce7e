package interp

import (
	"context"
	"runtime"
	"testing"
)

// BenchmarkTrivialCell measures one trivial cell with a value (x + 1) end to end:
// split, rewrite, value probe, evaluation, rendering and the stream flush.
func BenchmarkTrivialCell(b *testing.B) { benchCell(b, "x + 1") }

// BenchmarkStatementCell measures a cell without a value (an assignment).
func BenchmarkStatementCell(b *testing.B) { benchCell(b, "x = x + 1") }

// benchCell runs code as a cell b.N times in a session where x := 1 was run.
func benchCell(b *testing.B, code string) {
	h := newHarness(b, nil)
	ctx := context.Background()
	if _, err := h.s.Execute(ctx, "x := 1"); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := h.s.Execute(ctx, code); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMemoryPer1000Cells reports the growth of the live heap over 1,000 trivial
// cells (metric "MB/1000cells").
func BenchmarkMemoryPer1000Cells(b *testing.B) {
	h := newHarness(b, nil)
	ctx := context.Background()
	if _, err := h.s.Execute(ctx, "x := 1"); err != nil {
		b.Fatal(err)
	}
	var total float64
	for i := 0; i < b.N; i++ {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		for k := 0; k < 1000; k++ {
			if _, err := h.s.Execute(ctx, "x + 1"); err != nil {
				b.Fatal(err)
			}
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		total += float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / 1e6
	}
	b.ReportMetric(total/float64(b.N), "MB/1000cells")
}

// guardBench defines fib and a loop over a small helper, once plain and once with the
// depth guard written out (names starting with _hn are never rewritten), so that the
// guard's cost can be read off as the ratio of the sub-benchmarks.
const guardBench = `func _hnfib(n int) int { if n < 2 { return n }; return _hnfib(n-1) + _hnfib(n-2) }
func _hnfibG(n int) int { _hnrt.Enter("f"); defer _hnrt.Leave(); if n < 2 { return n }; return _hnfibG(n-1) + _hnfibG(n-2) }
func _hnsq(x float64) float64 { return x * x }
func _hnsqG(x float64) float64 { _hnrt.Enter("f"); defer _hnrt.Leave(); return x * x }
func _hnloop(n int) float64 { s := 0.0; for i := 0; i < n; i++ { s += float64(i) * 0.5 }; return s }
func _hnloopG(n int) float64 { _hnrt.Enter("f"); defer _hnrt.Leave(); s := 0.0; for i := 0; i < n; i++ { s += float64(i) * 0.5 }; return s }
func _hnhelp(n int) float64 { s := 0.0; for i := 0; i < n; i++ { s += _hnsq(float64(i)) }; return s }
func _hnhelpG(n int) float64 { s := 0.0; for i := 0; i < n; i++ { s += _hnsqG(float64(i)) }; return s }`

// BenchmarkDepthGuard measures the depth guard: fib(24) (about 75,000 calls), a loop of
// 100,000 steps in one call, and a loop calling a one-line helper 100,000 times; each
// without ("plain") and with ("guarded") the guard.
func BenchmarkDepthGuard(b *testing.B) {
	h := newHarness(b, nil)
	ctx := context.Background()
	if _, err := h.s.Execute(ctx, guardBench); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct{ name, cell string }{
		{"fib24/plain", "_ = _hnfib(24)"}, {"fib24/guarded", "_ = _hnfibG(24)"},
		{"loop1e5/plain", "_ = _hnloop(100000)"}, {"loop1e5/guarded", "_ = _hnloopG(100000)"},
		{"helper1e5/plain", "_ = _hnhelp(100000)"}, {"helper1e5/guarded", "_ = _hnhelpG(100000)"},
	} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := h.s.Execute(ctx, c.cell); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
