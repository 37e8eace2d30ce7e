package stdsrc_test

import (
	"cmp"
	"iter"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	ourcmp "github.com/hessnote/hessnote/interp/stdsrc/src/cmp"
	ouriter "github.com/hessnote/hessnote/interp/stdsrc/src/iter"
	ourmaps "github.com/hessnote/hessnote/interp/stdsrc/src/maps"
	ourrand "github.com/hessnote/hessnote/interp/stdsrc/src/math/rand/v2"
)

func TestCmpMatchesStd(t *testing.T) {
	vals := append(slices.Clone(specials), math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64)
	for _, x := range vals {
		for _, y := range vals {
			if g, w := ourcmp.Compare(x, y), cmp.Compare(x, y); g != w {
				t.Errorf("Compare(%v, %v) = %d, std %d", x, y, g, w)
			}
			if g, w := ourcmp.Less(x, y), cmp.Less(x, y); g != w {
				t.Errorf("Less(%v, %v) = %v, std %v", x, y, g, w)
			}
			x32, y32 := float32(x), float32(y)
			if ourcmp.Compare(x32, y32) != cmp.Compare(x32, y32) || ourcmp.Less(x32, y32) != cmp.Less(x32, y32) {
				t.Errorf("Compare/Less(float32(%v), float32(%v))", x, y)
			}
		}
	}
	for _, p := range [][2]string{{"a", "b"}, {"b", "a"}, {"", ""}, {"ab", "a"}} {
		if ourcmp.Compare(p[0], p[1]) != cmp.Compare(p[0], p[1]) || ourcmp.Less(p[0], p[1]) != cmp.Less(p[0], p[1]) {
			t.Errorf("Compare/Less(%q, %q)", p[0], p[1])
		}
	}
	for _, p := range [][2]int{{math.MinInt, math.MaxInt}, {3, 3}, {-1, 0}} {
		if ourcmp.Compare(p[0], p[1]) != cmp.Compare(p[0], p[1]) || ourcmp.Compare(uint(p[0]), uint(p[1])) != cmp.Compare(uint(p[0]), uint(p[1])) {
			t.Errorf("Compare(%d, %d)", p[0], p[1])
		}
	}
	for _, args := range [][]string{nil, {""}, {"", "a", "b"}, {"c", ""}} {
		if g, w := ourcmp.Or(args...), cmp.Or(args...); g != w {
			t.Errorf("Or(%q) = %q, std %q", args, g, w)
		}
	}
}

// randMap returns a map of random size with keys and values in small ranges.
func randMap(r *rand.Rand) map[int]int {
	if r.IntN(8) == 0 {
		return nil
	}
	m := map[int]int{}
	for n := r.IntN(8); n > 0; n-- {
		m[r.IntN(10)] = r.IntN(3)
	}
	return m
}

func TestMapsMatchStd(t *testing.T) {
	r := newRand(t)
	for n := 0; n < 2000; n++ {
		a, b := randMap(r), randMap(r)
		if ourmaps.Equal(a, b) != maps.Equal(a, b) || !ourmaps.Equal(a, maps.Clone(a)) {
			t.Fatalf("Equal(%v, %v)", a, b)
		}
		near := func(x, y int) bool { return x/2 == y/2 }
		if ourmaps.EqualFunc(a, b, near) != maps.EqualFunc(a, b, near) {
			t.Fatalf("EqualFunc(%v, %v)", a, b)
		}
		if c := ourmaps.Clone(a); (c == nil) != (a == nil) || !maps.Equal(c, a) {
			t.Fatalf("Clone(%v) = %v", a, c)
		}
		if g, w := slices.Sorted(ourmaps.Keys(a)), slices.Sorted(maps.Keys(a)); !slices.Equal(g, w) {
			t.Fatalf("Keys(%v) = %v, std %v", a, g, w)
		}
		if g, w := slices.Sorted(ourmaps.Values(a)), slices.Sorted(maps.Values(a)); !slices.Equal(g, w) {
			t.Fatalf("Values(%v) = %v, std %v", a, g, w)
		}
		if g, w := ourmaps.Collect(ourmaps.All(a)), maps.Collect(maps.All(a)); g == nil || !maps.Equal(g, w) {
			t.Fatalf("Collect(All(%v)) = %v, std %v", a, g, w)
		}
		if b != nil {
			g, w := maps.Clone(b), maps.Clone(b)
			ourmaps.Copy(g, a)
			maps.Copy(w, a)
			if !maps.Equal(g, w) {
				t.Fatalf("Copy(%v, %v) = %v, std %v", b, a, g, w)
			}
			g, w = maps.Clone(b), maps.Clone(b)
			ourmaps.Insert(g, maps.All(a))
			maps.Insert(w, maps.All(a))
			if !maps.Equal(g, w) {
				t.Fatalf("Insert(%v, %v) = %v, std %v", b, a, g, w)
			}
			del := func(k, v int) bool { return k%2 == v%2 }
			g, w = maps.Clone(b), maps.Clone(b)
			ourmaps.DeleteFunc(g, del)
			maps.DeleteFunc(w, del)
			if !maps.Equal(g, w) {
				t.Fatalf("DeleteFunc(%v) = %v, std %v", b, g, w)
			}
		}
		// Stopping early: as many pairs as asked for.
		k := r.IntN(len(a) + 1)
		got := 0
		for range ourmaps.All(a) {
			if got == k {
				break
			}
			got++
		}
		if got != k {
			t.Fatalf("All(%v) stopped after %d, want %d", a, got, k)
		}
	}
}

// pullAll pulls up to limit values with next and stop, recovering a panic.
func pullAll(next func() (int, bool), stop func(), limit int) (out []int, panicked any) {
	defer func() { panicked = recover() }()
	defer stop()
	for len(out) < limit {
		v, ok := next()
		if !ok {
			out = append(out, -1)
			break
		}
		out = append(out, v)
	}
	return out, nil
}

// seqCase is an iterator for the Pull tests: n values, then maybe a panic.
func seqCase(n int, panicAt int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 0; i < n; i++ {
			if i == panicAt {
				panic("boom")
			}
			if !yield(i) {
				return
			}
		}
	}
}

func TestPullMatchesStd(t *testing.T) {
	for n := 0; n < 5; n++ {
		for panicAt := -1; panicAt < n; panicAt++ {
			for limit := 0; limit < n+2; limit++ {
				seq := seqCase(n, panicAt)
				wNext, wStop := iter.Pull(seq)
				want, wantPanic := pullAll(wNext, wStop, limit)
				gNext, gStop := ouriter.Pull(ouriter.Seq[int](seq))
				got, gotPanic := pullAll(gNext, gStop, limit)
				if !slices.Equal(got, want) || (gotPanic == nil) != (wantPanic == nil) {
					t.Errorf("Pull(n=%d, panic at %d) limit %d = %v %v, std %v %v", n, panicAt, limit, got, gotPanic, want, wantPanic)
				}
				// next after stop: the zero value and false.
				if v, ok := gNext(); ok || v != 0 {
					t.Errorf("next after stop = %d %v", v, ok)
				}
			}
		}
	}
	next2, stop2 := ouriter.Pull2(ouriter.Seq2[int, string](slices.All([]string{"a", "b"})))
	k, v, ok := next2()
	if k != 0 || v != "a" || !ok {
		t.Errorf("Pull2 next = %d %q %v", k, v, ok)
	}
	stop2()
	stop2()
	if _, _, ok := next2(); ok {
		t.Error("Pull2 next after stop: ok")
	}
	// A sequence that ignores a false from yield makes stop panic.
	ignoring := func(yield func(int) bool) {
		yield(1)
		yield(2)
	}
	next, stop := ouriter.Pull(ignoring)
	next()
	if !panics(stop) {
		t.Error("stop of a sequence that yields after false did not panic")
	}
}

func TestRandN(t *testing.T) {
	seen := map[int]bool{}
	for i := 0; i < 1000; i++ {
		v := ourrand.N(5)
		if v < 0 || v >= 5 {
			t.Fatalf("N(5) = %d", v)
		}
		seen[v] = true
		if d := ourrand.N(3 * time.Millisecond); d < 0 || d >= 3*time.Millisecond {
			t.Fatalf("N(3ms) = %v", d)
		}
		if u := ourrand.N(uint8(200)); u >= 200 {
			t.Fatalf("N(uint8(200)) = %d", u)
		}
		if b := ourrand.N(int64(math.MaxInt64)); b < 0 {
			t.Fatalf("N(MaxInt64) = %d", b)
		}
	}
	if len(seen) != 5 {
		t.Errorf("N(5) gave only %v", seen)
	}
	for _, bad := range []int{0, -1} {
		if !panics(func() { ourrand.N(bad) }) || !panics(func() { rand.N(bad) }) {
			t.Errorf("N(%d) did not panic", bad)
		}
	}
	if ourrand.New(ourrand.NewPCG(1, 2)).IntN(1000) != newPCG().IntN(1000) {
		t.Error("New(NewPCG(1, 2)) differs from math/rand/v2's")
	}
}
