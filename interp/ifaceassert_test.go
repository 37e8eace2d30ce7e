package interp

import (
	"strings"
	"testing"
)

// yaegi asserted only values of interpreted types to an interface type of the notebook:
// an int was "nil" in the panic's text (recover3.go), and a compiled value with the
// methods failed the assertion silently.
func TestAssertToNotebookInterface(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import ("fmt"; "runtime"; "time")`)
	h.run("type am interface{ m() }\ntype AStringer interface{ String() string }\n" +
		"func amCheck(x interface{}) (msg string) {\n\tdefer func() {\n\t\te := recover()\n\t\t_, isRT := e.(runtime.Error)\n\t\tmsg = fmt.Sprint(isRT, \" \", e)\n\t}()\n\t_ = x.(am)\n\treturn\n}")
	h.run("_, ok := interface{}(3).(am)\nfmt.Println(amCheck(1), \"|\", amCheck(nil), \"|\", ok)")
	want := "true interface conversion: int is not main.am: missing method m | true interface conversion: interface is nil, not main.am | false\n"
	if got := h.out.String(); got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	e := h.fail("var d interface{} = time.Second\n_, ok2 := d.(AStringer)")
	if !strings.Contains(e.Value, "cannot assert a value of the compiled type time.Duration to the notebook's interface type main.AStringer") {
		t.Fatalf("%s %q", e.Name, e.Value)
	}
}
