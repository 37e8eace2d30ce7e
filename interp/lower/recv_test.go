package lower

import (
	"strings"
	"testing"
)

func TestReceivesPass(t *testing.T) {
	c := testChecker()
	cases := []struct{ src, want string }{
		{"type P struct{ head int }\nfunc f(c chan int, p *P, a []int) int {\n\tp.head = <-c\n\ta[0], p.head = <-c, 1\n\tv := <-c\n\tv = <-c\n\tv, ok := <-c\n\t_ = ok\n\treturn <-c + v\n}",
			"\tp.head = (<-c)\n\ta[0], p.head = (<-c), 1\n\tv := <-c\n\tv = <-c\n\tv, ok := <-c\n\t_ = ok\n\treturn <-c + v\n}"},
		{"func g(c chan int) int {\n\treturn <-c\n}", "return (<-c)"},
		{"type P struct{ head int }\nfunc f(c chan int, p *P) {\n\tvar ok bool\nS:\n\tselect {\n\tcase p.head, ok = <-c:\n\t}\n\t_ = ok\n\tgoto S\n}",
			"case _hnV0, _hnK0 := <-c: p.head, ok = _hnV0, _hnK0;"},
	}
	for _, tc := range cases {
		r := c.Check(Env{}, cellOf(tc.src))
		if r.Skip != "" || len(r.Errors) > 0 {
			t.Fatalf("%q: %s %v", tc.src, r.Skip, r.Errors)
		}
		if got := applyTest(tc.src, Receives(r, tc.src)); !strings.Contains(got, tc.want) {
			t.Errorf("%q:\ngot  %q\nwant %q", tc.src, got, tc.want)
		}
	}
}
