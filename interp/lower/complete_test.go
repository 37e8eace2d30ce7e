package lower

import (
	"reflect"
	"strings"
	"testing"
)

func TestFixes(t *testing.T) {
	cases := map[string][]string{
		"fmt.Println(p.X":        {"fmt.Println(p.X)", "fmt.Println(p.X {})", "fmt.Println(p.X:)", "fmt.Println(p.X; {})"},
		"func f() {\n\tif m[a.X": {"func f() {\n\tif m[a.X]}", "func f() {\n\tif m[a.X {}]}", "func f() {\n\tif m[a.X:]}", "func f() {\n\tif m[a.X; {}]}"},
		"x := `raw {":            nil,
		"s := \"a(\" + b.X":      {"s := \"a(\" + b.X", "s := \"a(\" + b.X {}", "s := \"a(\" + b.X:", "s := \"a(\" + b.X; {}"},
		"x := 1 // a comment (X": nil,
		"x := \"unterminated (X": nil,
	}
	for head, want := range cases {
		if got := Fixes(head); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: %q, want %q", head, got, want)
		}
	}
}

func TestCompleteMembers(t *testing.T) {
	c := testChecker()
	env := Env{Imports: []Import{{Path: "strings"}}, Vars: []Var{{Name: "sb", Type: "*strings.Builder"}, {Name: "u", Type: ""}}}
	src := "type in struct{ hidden int }\ntype out struct {\n\tin\n\t*strings.Builder\n\tLen int // shadows the promoted Len\n}\no := out{}\no." + Placeholder
	cell := cellOf(src)
	r := c.Probe(env, cell)
	cands, ok := c.Complete(r, nil)
	var names []string
	for _, x := range cands {
		names = append(names, x.Name+":"+x.Kind)
	}
	want := "Builder:field Cap:method Grow:method Len:field Reset:method String:method Write:method WriteByte:method WriteRune:method WriteString:method hidden:field in:field"
	if !ok || strings.Join(names, " ") != want {
		t.Errorf("members %v %q\nwant %q", ok, strings.Join(names, " "), want)
	}
}
