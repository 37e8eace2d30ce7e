//go:build race

package interp

// raceEnabled is true in -race builds: yaegi's EvalWithContext returns on cancel without
// waiting for the goroutine that ran the cell, so the race detector reports the next
// cell's reads of interpreter state as unsynchronized with that goroutine's earlier writes.
const raceEnabled = true
