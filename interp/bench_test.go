package interp

import (
	"context"
	"runtime"
	"testing"
)

// BenchmarkTrivialCell measures one trivial cell with a value (x + 1) end to end:
// split, rewrite, value probe, evaluation, rendering and the stream flush.
func BenchmarkTrivialCell(b *testing.B) {
	h := newHarness(b, nil)
	ctx := context.Background()
	if _, err := h.s.Execute(ctx, "x := 1"); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := h.s.Execute(ctx, "x + 1"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStatementCell measures a cell without a value (an assignment).
func BenchmarkStatementCell(b *testing.B) {
	h := newHarness(b, nil)
	ctx := context.Background()
	if _, err := h.s.Execute(ctx, "x := 1"); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := h.s.Execute(ctx, "x = x + 1"); err != nil {
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
