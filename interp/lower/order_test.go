package lower

import (
	"fmt"
	"testing"
)

func TestOrder(t *testing.T) {
	cases := []struct {
		deps [][]int
		want string
	}{
		{[][]int{nil, nil, nil}, "[[0] [1] [2]]"},
		{[][]int{{2}, nil, nil}, "[[1] [2] [0]]"},
		{[][]int{{1}, {0}, nil}, "[[0 1] [2]]"},
		{[][]int{{3}, nil, {1}, {2}}, "[[1] [2] [3] [0]]"},
	}
	for _, c := range cases {
		if got := fmt.Sprint(Order(c.deps)); got != c.want {
			t.Errorf("%v: got %s, want %s", c.deps, got, c.want)
		}
	}
}

func TestDeps(t *testing.T) {
	c := testChecker()
	src := "func g() int { return f() + x }\nvar x = 1\nfunc f() int { return 1 }"
	r := c.Check(Env{}, Cell{Src: src, Decls: []Span{{0, 31}, {42, len(src)}}})
	if r.Skip != "" || len(r.Errors) > 0 {
		t.Fatal(r.Skip, r.Errors)
	}
	got := fmt.Sprint(Deps(r, src, []Span{{0, 31}, {32, 41}, {42, len(src)}}))
	if got != "[[1 2] [] []]" {
		t.Fatal(got)
	}
}
