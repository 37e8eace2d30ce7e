package lower

import (
	"strings"
	"testing"
)

func TestRedefinePass(t *testing.T) {
	c := testChecker()
	env := Env{Imports: []Import{{Path: "fmt"}}, Vars: []Var{{Name: "s", Type: "[]int"}, {Name: "y", Type: "int"}, {Name: "x", Type: "int"}}}
	cases := []struct{ src, want, refused string }{
		{"s := append(s, 2)", "s = append(s, 2)", ""},
		{"n := 1\nvar y int = y + n", "n := 1\ny = y + n", ""},
		{"fmt.Println(x)\nx := 5", "fmt.Println(x)\nx = 5", ""},
		{"s, n := append(s, 1), len(s)", "var n int; var _hnV0_0 []int = append(s, 1); var _hnV0_1 int = len(s); s, n = _hnV0_0, _hnV0_1", ""},
		// Not read before: a declaration, as written.
		{"s := []int{1}", "s := []int{1}", ""},
		{"x := \"a\"", "x := \"a\"", ""},
		{"fmt.Println(x)\nx := \"a\"", "", "1:1: x is declared again with a new type (string, was int)"},
	}
	for _, tc := range cases {
		r := c.Check(env, cellOf(tc.src))
		if r.Skip != "" || len(r.Errors) > 0 {
			t.Fatalf("%q: %s %v", tc.src, r.Skip, r.Errors)
		}
		edits, refused := Redefine(r, tc.src)
		if tc.refused != "" {
			if len(refused) == 0 || !strings.Contains(refused[0].Error(), tc.refused[4:]) {
				t.Errorf("%q: refusals %v, want %q", tc.src, refused, tc.refused)
			}
			continue
		}
		if got := applyTest(tc.src, edits); got != tc.want {
			t.Errorf("%q:\ngot  %q\nwant %q", tc.src, got, tc.want)
		}
	}
}
