package lower

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// applyLines applies edits to src as the session does: insertions before replacements
// that start at the same offset, Moved and MovedLines markers expanded with the unedited
// source.
func applyLines(src string, edits []Edit) string {
	sort.SliceStable(edits, func(i, j int) bool {
		if edits[i].Start != edits[j].Start {
			return edits[i].Start < edits[j].Start
		}
		return edits[i].Start == edits[i].End && edits[j].Start != edits[j].End
	})
	var b strings.Builder
	at := 0
	re := regexp.MustCompile("\x00(\\d+),(\\d+)(L?)\x00")
	for _, e := range edits {
		if e.Start < at {
			continue
		}
		b.WriteString(src[at:e.Start])
		b.WriteString(re.ReplaceAllStringFunc(e.Text, func(m string) string {
			sm := re.FindStringSubmatch(m)
			s, _ := strconv.Atoi(sm[1])
			t, _ := strconv.Atoi(sm[2])
			if sm[3] == "L" {
				return src[s:t]
			}
			return strings.ReplaceAll(src[s:t], "\n", " ")
		}))
		at = e.End
	}
	b.WriteString(src[at:])
	return b.String()
}

func TestAssignPasses(t *testing.T) {
	c := testChecker()
	env := Env{}
	cases := []struct {
		pass      func(*Result, string) []Edit
		src, want string
	}{
		// Parens: operands yaegi would write straight into the destination.
		{Parens, "func f() int { return 1 }\na, b := 1, 2\na, b = a+1, f()\n_, _ = a, b",
			"a, b = a+1, (f())"},
		{Parens, "ch := make(chan int, 1)\nxs := []int{0}\nxs[0] = <-ch\nx, y := <-ch, 5\n_, _ = x, y",
			"xs[0] = (<-ch)\nx, y := (<-ch), 5"},
		{Parens, "type P struct{ a int }\nvar p P\nfunc() { p = P{1} }()",
			"func() { p = (P{1}) }()"},
		{Parens, "func g(ch chan int) (int, int) { return <-ch, 1 }\n", "return (<-ch), 1"},
		{Parens, "ch := make(chan int, 1)\nv := 0\nselect {\ncase v = <-ch:\n}\nv = 2", "case v = <-ch:"},
		// AssignVars: select cases with = (range clauses with = are RangeAssign's).
		{AssignVars, "ch := make(chan int, 1)\nxs := []int{0}\nvar ok bool\nselect {\ncase xs[0], ok = <-ch:\n}\n_ = ok",
			"case _hnR0, _hnOk0 := <-ch: xs[0], ok = _hnR0, _hnOk0;"},
		{AssignVars, "ch := make(chan int, 1)\nselect {\ncase v, _ := <-ch:\n\t_ = v\n}",
			"case _hnR0, _ := <-ch: v := _hnR0;"},
		// RangeStrings: the key of a range over a string is a byte offset.
		{RangeStrings, "n := 0\nfor i := range \"héllo\" {\n\tn = i\n}\n_ = n", "for i, _ := range"},
	}
	for _, tc := range cases {
		r := c.Check(env, cellOf(tc.src))
		if r.Skip != "" || len(r.Errors) > 0 {
			t.Fatalf("%q: %s %v", tc.src, r.Skip, r.Errors)
		}
		got := applyLines(tc.src, tc.pass(r, tc.src))
		if !strings.Contains(got, tc.want) {
			t.Errorf("%q:\ngot  %q\nwant %q", tc.src, got, tc.want)
		}
		if strings.Count(got, "\n") != strings.Count(tc.src, "\n") {
			t.Errorf("%q: lines moved: %q", tc.src, got)
		}
	}
}

func TestMethodValuesPass(t *testing.T) {
	c := testChecker()
	src := "type V struct{ x int }\nfunc (v V) M(d int) int { return v.x + d }\np := &V{1}\nf := p.M\n_ = f\n_ = p.M(2)"
	r := c.Check(Env{}, cellOf(src))
	if r.Skip != "" || len(r.Errors) > 0 {
		t.Fatalf("%s %v", r.Skip, r.Errors)
	}
	got := applyLines(src, MethodValues(r, src))
	want := "f := func(_hnMR V) func(d int) int { return func(_hnP0 int) int { return _hnMR.M(_hnP0) } }(*(p))\n_ = f\n_ = p.M(2)"
	if !strings.HasSuffix(got, want) {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
}
