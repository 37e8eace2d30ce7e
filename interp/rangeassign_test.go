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

// A range over an integer with = left the operand at n, not n-1 (the session's rewrite
// of the range was `for i = 0; i < n; i++`).
func TestRangeAssignInt(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import "fmt"`)
	h.run("var rai int\nfor rai = range 3 {}\nfunc raJ() int { var j int; for j = range 3 { }; return j }\nrx := []int{0, 0, 0}\nrk := 0\nfor rx[rk] = range 3 { rk = 1 }")
	h.run("fmt.Println(rai, raJ(), rx)")
	if got, want := h.out.String(), "2 2 [0 2 0]\n"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}
