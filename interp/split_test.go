package interp

import (
	"strings"
	"testing"
)

func TestSplitCell(t *testing.T) {
	code := `import "fmt"
// double doubles.
func double(x int) int {
	return 2 * x // "}" in a comment
}
s := "a; b { c"
func (p pair) sum() int { return p.a + p.b }
func() { fmt.Println("literal") }()
type pair struct{ a, b int }
const k = 1; var v = k
for i := 0; i < 3; i++ {
	v += i
}
x := []int{
	1,
	2,
}
fmt.Println(s,
	x)
double(v)`
	want := []struct {
		kind  kind
		start string
	}{
		{kindImport, `import "fmt"`},
		{kindDecl, "// double doubles.\nfunc double"},
		{kindStmt, `s := "a; b { c"`},
		{kindDecl, "func (p pair) sum()"},
		{kindStmt, "func() {"},
		{kindDecl, "type pair"},
		{kindDecl, "const k = 1"},
		{kindStmt, "var v = k"},
		{kindStmt, "for i := 0;"},
		{kindStmt, "x := []int{"},
		{kindStmt, "fmt.Println(s,\n\tx)"},
		{kindStmt, "double(v)"},
	}
	units := splitCell(code)
	if len(units) != len(want) {
		for _, u := range units {
			t.Logf("%d %q", u.kind, code[u.start:u.end])
		}
		t.Fatalf("%d units, want %d", len(units), len(want))
	}
	for i, u := range units {
		text := code[u.start:u.end]
		if u.kind != want[i].kind || !strings.HasPrefix(text, want[i].start) {
			t.Errorf("unit %d: kind %d %q, want kind %d %q...", i, u.kind, text, want[i].kind, want[i].start)
		}
	}
	// The last unit ends at the end of the code and the multi-line units are whole.
	if units[len(units)-1].end != len(code) {
		t.Error("last unit cut")
	}
	if got := code[units[9].start:units[9].end]; got != "x := []int{\n\t1,\n\t2,\n}" {
		t.Errorf("multi-line unit %q", got)
	}
}

func TestSplitCellBroken(t *testing.T) {
	// Unbalanced brackets: one unit, so that yaegi reports the error on the whole cell.
	units := splitCell("x := 1\nfunc f() {\n\treturn")
	if len(units) != 1 {
		t.Fatalf("%d units", len(units))
	}
	if len(splitCell("  // only a comment\n")) != 0 {
		t.Error("comment-only cell has units")
	}
}

func TestMapPos(t *testing.T) {
	cases := map[string]string{
		"_.go:3:5: undefined: x":                     "2:5: undefined: x",
		"4:1: cannot use x (previous at 2:3)":        "3:1: cannot use x (previous at 1:3)",
		"_.go:1:14: expected declaration, found foo": "1:14: expected declaration, found foo",
	}
	for in, want := range cases {
		if got := mapPos(in, 0); got != want {
			t.Errorf("mapPos(%q) = %q, want %q", in, got, want)
		}
	}
	if got := mapPos("12:3: x", 10); got != "1:3: x" {
		t.Errorf("shifted: %q", got)
	}
}
