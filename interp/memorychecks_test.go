package interp

import (
	"strings"
	"testing"
)

// Allocation counters measure the interpreter (lower.MemoryChecks): test/closure.go
// checked that a call did not allocate. Memory sizes stay available.
func TestAllocCountsRefused(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import "runtime"`)
	e := h.fail("var ms runtime.MemStats\nruntime.ReadMemStats(&ms)\nn0 := ms.Mallocs\n_ = n0")
	if e.Name != "UnsupportedError" || !strings.HasPrefix(e.Value, "3:7: runtime.MemStats.Mallocs counts the interpreter's own allocations") {
		t.Fatalf("%s %q", e.Name, e.Value)
	}
	h.run("var ms runtime.MemStats\nruntime.ReadMemStats(&ms)\n_ = ms.HeapAlloc + ms.Sys")
}
