package interp

import "testing"

// A method value saves its receiver when it is evaluated (lower.MethodValues):
// test/method5.go, and the loop that collected v.M for three v's.
func TestMethodValueBindsReceiver(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import (
	"fmt"
	"time"
)`)
	h.run(`type V struct{ x int }
func (v V) M() int { return v.x }
func (v *V) P(d int, more ...int) int { return v.x + d + len(more) }
type W struct{ *V }
func methodValues() {
	v := V{1}
	f := v.M
	v.x = 2
	p := &V{3}
	g := p.P
	p = &V{9}
	var fs []func() int
	for i := 0; i < 3; i++ {
		w := V{i}
		fs = append(fs, w.M)
	}
	d := time.Duration(1)
	s := d.String
	d = 2
	panicked := func(f func()) (r bool) {
		defer func() { r = recover() != nil }()
		f()
		return
	}
	var np *V
	var nw W
	fmt.Println(f(), g(10, 1, 2), fs[0](), fs[1](), fs[2](), s(),
		panicked(func() { _ = np.M }), panicked(func() { _ = nw.M }), panicked(func() { _ = np.P }))
}`)
	h.run("methodValues()")
	if got := h.out.String(); got != "1 15 0 1 2 1ns true true false\n" {
		t.Fatalf("%q", got)
	}
}
