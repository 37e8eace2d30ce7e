package interp

import (
	"strings"
	"testing"
)

// yaegi's assignment shortcuts (lower.Parens): assignments of several values with a
// call, a receive into an element, a composite literal into a variable of an enclosing
// function, and return of a receive (test/armimm.go, test/235.go).
func TestAssignShortcuts(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import "fmt"`)
	h.run(`type P struct{ a int }
func f(x int) int { return x + 1 }
func recv2(ch chan int) (int, int) { return <-ch, 5 }
func shortcuts() {
	a := 10
	var x, y int
	x, y = a+1, f(a)
	ch := make(chan int, 10)
	for i := 1; i < 10; i++ {
		ch <- i
	}
	xs := []int{0, 0}
	xs[1] = <-ch
	var p P
	var v int
	func() { p = P{7}; v = <-ch }()
	m, n := <-ch, 5
	r1, r2 := recv2(ch)
	var b any = false
	b = !b.(bool)
	fmt.Println(x, y, xs[1], p.a, v, m, n, r1, r2, b)
}`)
	h.run("shortcuts()")
	if got := h.out.String(); got != "11 11 1 7 2 3 5 4 5 true\n" {
		t.Fatalf("%q", got)
	}
}

// for k, v = range x assigns k and v (test/for.go, test/closure2.go), as does a select
// case with = (lower.Selects and lower.Receives); a range over a string gives byte offsets
// (lower.RangeStrings).
func TestAssignedIterationVars(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import "fmt"`)
	h.run(`func iter() {
	var i, v int
	for i, v = range []int{5, 6, 7} {
	}
	var g func() int
	var j int
	for j = range [2]int{} {
		if j == 0 {
			g = func() int { return j }
		}
	}
	var a [2]int
	q := 0
	for a[func() int {
		q++
		return 0
	}()] = range [2]int{} {
	}
	ch := make(chan int, 3)
	ch <- 8
	ch <- 9
	xs := []int{0}
	var ok bool
	select {
	case xs[0], ok = <-ch:
	}
	var w int
	func() {
		select {
		case w = <-ch:
		}
	}()
	var off []int
	for k := range "héllo" {
		off = append(off, k)
	}
	fmt.Println(i, v, g(), q, xs[0], ok, w, off)
}`)
	h.run("iter()")
	if got := h.out.String(); got != "2 7 1 2 8 true 9 [0 1 3 4 5]\n" {
		t.Fatalf("%q", got)
	}
	// At the top level of a cell, and again in a later cell.
	h.out.Reset()
	for i := 0; i < 2; i++ {
		h.run("var k int\nfor k = range []int{1, 2, 3} {\n}\nfmt.Println(k)")
	}
	if got := h.out.String(); got != "2\n2\n" {
		t.Fatalf("%q", got)
	}
	if strings.Contains(h.err.String(), "panic") {
		t.Fatal(h.err.String())
	}
}

// The variables of a select case are fresh each time the case runs (lower.AssignVars):
// test/escape.go took &req in a loop.
func TestSelectCaseVarsFresh(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import "fmt"`)
	h.run(`func selectVars() {
	var ps []*int
	var fs []func() int
	c := make(chan int, 1)
	for i := 0; i < 2; i++ {
		c <- i
		select {
		case req, ok := <-c:
			_ = ok
			ps = append(ps, &req)
			fs = append(fs, func() int { return req })
		}
	}
	fmt.Println(*ps[0], *ps[1], fs[0](), fs[1]())
}`)
	h.run("selectVars()")
	if got := h.out.String(); got != "0 1 0 1\n" {
		t.Fatalf("%q", got)
	}
}
