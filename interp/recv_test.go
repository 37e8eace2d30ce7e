package interp

import "testing"

// Go's test chan/sieve2.go (minchan.head = <-minchan.ch) never ended: a value received
// into a field, an element or *p was lost (the old value stayed), return <-ch panicked,
// and a select case receiving into a field panicked ("reflect.Select: invalid Dir").
func TestReceiveIntoFieldsAndReturn(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`type P struct{ head int }
func recvAll() []int {
	c := make(chan int, 10)
	for i := 1; i <= 6; i++ {
		c <- i
	}
	p := &P{}
	p.head = <-c
	a := []int{0, 0}
	a[1] = <-c
	x := 0
	px := &x
	*px = <-c
	q := &P{}
	select {
	case q.head = <-c:
	}
	return []int{p.head, a[1], x, q.head, ret(c)}
}
func ret(c chan int) int { return <-c }`)
	if v := h.value("recvAll()"); v != "[1 2 3 4 5]" {
		t.Fatal(v)
	}
}
