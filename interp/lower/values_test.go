package lower

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// applyTest applies edits to src, expanding Moved markers with the unedited source.
func applyTest(src string, edits []Edit) string {
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].Start < edits[j].Start })
	var b strings.Builder
	at := 0
	re := regexp.MustCompile("\x00(\\d+),(\\d+)\x00")
	for _, e := range edits {
		b.WriteString(src[at:e.Start])
		b.WriteString(re.ReplaceAllStringFunc(e.Text, func(m string) string {
			sm := re.FindStringSubmatch(m)
			s, _ := strconv.Atoi(sm[1])
			t, _ := strconv.Atoi(sm[2])
			return src[s:t]
		}))
		at = e.End
	}
	b.WriteString(src[at:])
	return b.String()
}

func TestValuesPass(t *testing.T) {
	checkPass(t, Env{Imports: []Import{{Path: "fmt"}, {Path: "errors"}, {Path: "encoding/json"}}}, Values, []passCase{
		{"var a, b error\nx := a == b\ny := a != nil", "x := _hnrt.Equal(a , b)\ny := a != nil", ""},
		{"type Pt struct{ X int }\np := Pt{}\ns := fmt.Sprintf(\"%T|%-6T\", p, []*Pt{})",
			"s := fmt.Sprintf(\"%s|%-6s\", _hnrt.TypeName(\"main.Pt\", p), _hnrt.TypeName(\"[]*main.Pt\", []*Pt{}))", ""},
		{"var x any\nswitch v := x.(type) {\ncase error:\n\t_ = v\n}",
			"var _hnTS0 any = x; switch func(_hnTS0 any) int { if _, ok := _hnTS0.(error); ok { return 1 }; return 0 }(_hnTS0) {\ncase 1: v := _hnTS0.(error); _ = v;", ""},
		{"type T struct{}\nfunc (T) String() string { return \"\" }\nvar x any\n_, ok := x.(fmt.Stringer)",
			"_, ok := func(_hnA any) (fmt.Stringer, bool) { if _hnC, ok := _hnA.(T); ok { return _hnC, true }; _hnC, ok := _hnA.(fmt.Stringer); return _hnC, ok }(x)", ""},
		{"type Pt struct{ X int }\nfmt.Printf(\"%#v\", Pt{})", "", "2:19: %#v of a value of the notebook's type Pt"},
		{"type P struct{ a int }\nb, _ := json.Marshal([]P{})", "", "encoding/json would write the unexported field a of P"},
		{"type P struct{ a int }\nfmt.Printf(\"%+v %v\", P{}, P{})", "", "%+v would print the unexported field a of P as Xa"},
		{"type A struct{}\ntype B struct{}\nvar x any\n_, ok := x.(A)", "", "cannot tell values of the notebook's types A and B apart"},
		{"type W struct{ e error }\nfunc (w W) Error() string { return \"\" }\nfunc (w W) Unwrap() error { return w.e }\nok := errors.Is(W{}, nil)", "", "errors.Is cannot call the Unwrap method of the notebook's type W"},
		{"type P struct{ a int }\nvar p *P\nok := errors.As(nil, &p)", "", "must be a non-nil pointer to either a type that implements error"},
	})
}

func TestParseVerbs(t *testing.T) {
	vs := parseVerbs("%d %% %*.*f %[1]T %+v %#v")
	var got []string
	for _, v := range vs {
		got = append(got, v.flags+string(v.verb)+strconv.Itoa(v.arg))
	}
	if s := strings.Join(got, " "); s != "d0 f3 T0 +v1 #v2" {
		t.Fatal(s)
	}
}

// TestValuesPassPhases checks that a notebook type is never refused as a look-alike of
// itself: a cell with function bodies is checked twice, each time in its own package,
// and the pass once took the notebook's types from whichever package a map iteration
// met first (CI refused "types E and E" in about one run of three).
func TestValuesPassPhases(t *testing.T) {
	c := testChecker()
	env := Env{Imports: []Import{{Path: "fmt"}}}
	src := "type E struct{ Code int }\ntype Shape interface{ Area() float64 }\n" +
		"type Circle struct{ R float64 }\nfunc (c Circle) Area() float64 { return c.R }\n" +
		"func try3() (r any) {\n\tdefer func() { r = recover() }()\n\tpanic(E{7})\n}\n" +
		"func kind(s any) string {\n\tswitch s.(type) {\n\tcase Circle:\n\t\treturn \"c\"\n\tcase Shape:\n\t\treturn \"s\"\n\t}\n\treturn \"\"\n}\n" +
		"e, ok := try3().(E)\n_, _ = e, ok\nvar x any = Circle{}\n_, isShape := x.(Shape)\n_ = isShape"
	for i := 0; i < 50; i++ {
		r := c.Check(env, cellOf(src))
		if r.Skip != "" || len(r.Errors) > 0 {
			t.Fatalf("%s %v", r.Skip, r.Errors)
		}
		if _, refused := Values(r, src); len(refused) > 0 {
			t.Fatalf("run %d: refused %v", i, refused)
		}
	}
}
