package interp

import "testing"

// yaegi left v unchanged in v, ok = m[k] for an absent key and in v, ok = x.(T) for a
// failed assertion; Go sets v to its zero value.
func TestCommaOkZeroes(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import "fmt"`)
	h.run("func coF(m map[string]int, x any) string {\n\tv, w := 3, 3\n\tvar ok bool\n\tv, ok = m[\"b\"]\n\tw, ok2 := m[\"b\"]\n\ts := fmt.Sprint(v, ok, w, ok2)\n\tv = 3\n\tif v, ok = x.(int); !ok {\n\t\ts += fmt.Sprint(\" \", v)\n\t}\n\treturn s\n}")
	h.run("cm := map[string]int{}\ncv, cok := 4, true\ncv, cok = cm[\"z\"]\nfmt.Println(coF(cm, \"s\"), cv, cok)")
	if got, want := h.out.String(), "0 false 0 false 0 0 false\n"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}
