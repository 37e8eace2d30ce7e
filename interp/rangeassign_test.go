package interp

import "testing"

// yaegi ran `for k, v = range x` as `for k, v := range x`: the operands were never
// assigned (range.go).
func TestRangeAssign(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import "fmt"`)
	h.run("var ri, rv int\nfor ri, rv = range []int{5, 6} {}\nrx := []int{10, 20}\nrj := 1\nfor rj, rx[rj] = range []int{99} { break }")
	h.run(`fmt.Println(ri, rv, rj, rx)`)
	h.run("func rangeIn() (string, map[string]int) {\n\tm := map[string]int{}\n\tvar k string\n\tfor k, m[k] = range map[string]int{\"a\": 1} {\n\t}\n\tp := new(int)\n\tfor *p = range \"xy\" {\n\t}\n\tfor _, _ = range m {\n\t}\n\treturn k + fmt.Sprint(*p), m\n}")
	h.run(`fmt.Println(rangeIn())`)
	if got, want := h.out.String(), "1 6 0 [10 99]\na1 map[:1]\n"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}
