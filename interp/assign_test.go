package interp

import "testing"

// yaegi v0.16.1 dropped the other values of a parallel assignment when one right-hand
// side was a call, a composite literal or a receive (typeparam/sets.go: `vals, want :=
// s1.Values(), []int{1}` left vals empty).
func TestParallelAssignmentKeepsEveryValue(t *testing.T) {
	h := newHarness(t, nil)
	h.run("import \"fmt\"")
	h.run(`func seven() []int { return []int{7} }
func num() int { return 7 }
type pair struct{ x, y int }
func parallel() {
	a, b := seven(), []int{1}
	fmt.Println(a, b)
	g, k := 3, []int{1}
	fmt.Println(g, k)
	var x []int
	var y int
	x, y = seven(), 5
	fmt.Println(x, y)
	var p pair
	p.x, p.y = num(), num()+2
	fmt.Println(p)
	ch := make(chan int, 1)
	ch <- 4
	e, f := seven(), <-ch
	fmt.Println(e, f)
	var i, j = 2, pair{1, 2}
	fmt.Println(i, j)
}`)
	h.run("parallel()\nc, d := num(), []int{2}\nfmt.Println(c, d)")
	want := "[7] [1]\n3 [1]\n[7] 5\n{7 9}\n[7] 4\n2 {1 2}\n7 [2]\n"
	if got := h.out.String(); got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

// yaegi v0.16.1 let a named result start with what the caller's slot held: the previous
// run of the same call, or the variable of `x = f()` (typeparam/stringer.go: `got =
// stringify2(x)` appended to the old got).
func TestNamedResultsStartAtZero(t *testing.T) {
	h := newHarness(t, nil)
	h.run("import \"fmt\"")
	h.run(`func collect[T any](s []T) (ret []T) {
	for _, v := range s {
		ret = append(ret, v)
	}
	return ret
}
func count() (c int) {
	c++
	return
}
var g int
func next() (n int) {
	n = g + 1
	return
}
func loop() {
	for i := 0; i < 3; i++ {
		fmt.Print(count(), " ")
	}
	got := collect([]int{1, 2})
	got = collect([]int{1, 2})
	fmt.Println(got)
	f := func() (r []int) { r = append(r, 5); return }
	var x []int
	x = f()
	x = f()
	fmt.Println(x)
}`)
	h.run("loop()\ng = 4\ng = next()\nfmt.Println(g)")
	want := "1 1 1 [1 2]\n[5]\n5\n"
	if got := h.out.String(); got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}
