package interp

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
)

// countWriter counts bytes and keeps nothing.
type countWriter struct{ n atomic.Int64 }

func (w *countWriter) Write(p []byte) (int, error) {
	w.n.Add(int64(len(p)))
	return len(p), nil
}

// benchFlood runs a cell printing lines lines with the statement stmt (which may use i)
// and reports the throughput in lines per second.
func benchFlood(b *testing.B, stmt string, lines int) {
	out, errs := &countWriter{}, &countWriter{}
	s, err := New(Options{Stdout: out, Stderr: errs})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if _, err := s.Execute(ctx, "import (\"fmt\"; \"os\")\nvar f *os.File = os.Stdout"); err != nil {
		b.Fatal(err)
	}
	cell := fmt.Sprintf("for i := 0; i < %d; i++ {\n\t%s\n}", lines, stmt)
	b.ResetTimer()
	for k := 0; k < b.N; k++ {
		if _, err := s.Execute(ctx, cell); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if out.n.Load()+errs.n.Load() == 0 {
		b.Fatal("no output")
	}
	b.ReportMetric(float64(lines)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}

// BenchmarkFloodPrintln measures a cell printing 100,000 lines with fmt.Println (the
// interpreter's own writer).
func BenchmarkFloodPrintln(b *testing.B) { benchFlood(b, `fmt.Println("line", i)`, 100000) }

// BenchmarkFloodFprintln measures a cell printing 100,000 lines to os.Stdout.
func BenchmarkFloodFprintln(b *testing.B) {
	benchFlood(b, `fmt.Fprintln(os.Stdout, "line", i)`, 100000)
}

// BenchmarkFloodMixed measures a cell alternating stdout and stderr lines.
func BenchmarkFloodMixed(b *testing.B) {
	benchFlood(b, `fmt.Println("line", i); fmt.Fprintln(os.Stderr, "err", i)`, 50000)
}

// BenchmarkFloodPipe measures a cell writing 100,000 lines through an *os.File variable
// holding os.Stdout: the pipe that compiled code writes.
func BenchmarkFloodPipe(b *testing.B) { benchFlood(b, `f.WriteString("line\n")`, 100000) }
