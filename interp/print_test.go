package interp

import "testing"

// print and println write as Go's runtime does, on standard error: yaegi wrote fmt's
// %v with spaces on standard output (goprint.go, print.go, printbig.go, ken/string.go).
func TestPrintBuiltins(t *testing.T) {
	h := newHarness(t, nil)
	h.run("print(`abc`, \"-\", 1, 2, \"\\n\")\n" +
		"println(42, true, 1.5, \"world\", (chan int)(nil), []int(nil), (map[string]int)(nil), (func())(nil), byte(255))\n" +
		"println((interface{})(nil), complex(9.0, 10.0), float32(0.1), int64(-(1 << 63)))\n" +
		"func printLater() {\n\tdefer println((interface {\n\t\tf()\n\t})(nil), uint(12))\n\tprint()\n}\nprintLater()")
	want := "abc-12\n" +
		"42 true 1.5 world 0x0 [0/0]0x0 0x0 0x0 255\n" +
		"(0x0,0x0) (9+10i) 0.1 -9223372036854775808\n" +
		"(0x0,0x0) 12\n"
	if got := h.err.String(); got != want {
		t.Fatalf("stderr %q, want %q", got, want)
	}
	if out := h.out.String(); out != "" {
		t.Fatalf("stdout %q", out)
	}
}
