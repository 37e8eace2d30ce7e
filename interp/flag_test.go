package interp

import (
	"os"
	"testing"
)

// Go's test/chan/doubleselect.go calls flag.Parse: compiled flag parsed the process's
// arguments (the kernel's) and exited the process on one it did not know. A cell sees
// an empty command line.
func TestFlagParseSeesNoArguments(t *testing.T) {
	args := os.Args
	os.Args = []string{args[0], "kernel-argument"}
	defer func() { os.Args = args }()
	h := newHarness(t, nil)
	h.run("import \"flag\"\nvar iterations = flag.Int(\"hn-test-n\", 7, \"iterations\")\nflag.Parse()")
	if v := h.value("[]int{flag.NArg(), *iterations}"); v != "[0 7]" {
		t.Fatal(v)
	}
}
