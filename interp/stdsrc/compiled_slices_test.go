package stdsrc_test

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	ours "github.com/hessnote/hessnote/interp/stdsrc/src/slices"
)

// The compiled tests run hessnote's sources as ordinary Go and compare every
// result with the standard library's on the same input.

// panics reports whether f panics.
func panics(f func()) (p bool) {
	defer func() { p = recover() != nil }()
	f()
	return false
}

// specials are the float64 values whose order cmp.Compare defines specially.
var specials = []float64{math.NaN(), math.Copysign(0, -1), 0, math.Inf(1), math.Inf(-1), 1, -1, 0.5}

// randInts returns a slice of random length (0..max) with values in [0, spread).
func randInts(r *rand.Rand, max, spread int) []int {
	s := make([]int, r.IntN(max+1))
	for i := range s {
		s[i] = r.IntN(spread)
	}
	return s
}

// randFloats returns a slice of random length with many special values.
func randFloats(r *rand.Rand, max int) []float64 {
	s := make([]float64, r.IntN(max+1))
	for i := range s {
		if r.IntN(3) == 0 {
			s[i] = specials[r.IntN(len(specials))]
		} else {
			s[i] = float64(r.IntN(7)) - 3
		}
	}
	return s
}

// sameFloats reports whether a and b hold the same bits in the same order.
func sameFloats(a, b []float64) bool {
	if len(a) != len(b) || (a == nil) != (b == nil) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}

// sameInts reports whether a and b are equal and have the same nilness.
func sameInts(a, b []int) bool { return (a == nil) == (b == nil) && slices.Equal(a, b) }

// bitsSorted returns the float64 bits of s in increasing order (a multiset key).
func bitsSorted(s []float64) []uint64 {
	b := make([]uint64, len(s))
	for i, v := range s {
		b[i] = math.Float64bits(v)
	}
	slices.Sort(b)
	return b
}

func newRand(t *testing.T) *rand.Rand {
	seed := uint64(1)
	t.Logf("seed %d", seed)
	return rand.New(rand.NewPCG(seed, 2))
}

func TestSortMatchesStd(t *testing.T) {
	r := newRand(t)
	for n := 0; n < 3000; n++ {
		x := randInts(r, 100, 1+r.IntN(50))
		a, b := slices.Clone(x), slices.Clone(x)
		slices.Sort(a)
		ours.Sort(b)
		if !slices.Equal(a, b) {
			t.Fatalf("Sort(%v) = %v, std %v", x, b, a)
		}
		// int32 and a named float type take the interpreted merge sort (Sort
		// hands []int, []float64 and []string to the compiled sort package).
		x32 := make([]int32, len(x))
		for i, v := range x {
			x32[i] = int32(v)
		}
		a32, b32 := slices.Clone(x32), slices.Clone(x32)
		slices.Sort(a32)
		ours.Sort(b32)
		if !slices.Equal(a32, b32) {
			t.Fatalf("Sort(%v) = %v, std %v", x32, b32, a32)
		}
		f := randFloats(r, 60)
		nf := make([]namedFloat, len(f))
		for i, v := range f {
			nf[i] = namedFloat(v)
		}
		ours.Sort(nf)
		if !slices.IsSorted(nf) {
			t.Fatalf("Sort(%v) = %v", f, nf)
		}
		fa, fb := slices.Clone(f), slices.Clone(f)
		slices.Sort(fa)
		ours.Sort(fb)
		// Equal elements (-0 and 0, NaNs) may come in another order: compare by
		// cmp.Compare position by position, and as multisets of bits.
		for i := range fa {
			if cmp.Compare(fa[i], fb[i]) != 0 {
				t.Fatalf("Sort(%v) = %v, std %v", f, fb, fa)
			}
		}
		if !slices.Equal(bitsSorted(fa), bitsSorted(fb)) || !ours.IsSorted(fb) || !slices.IsSorted(fb) {
			t.Fatalf("Sort(%v) = %v", f, fb)
		}
		if ours.IsSorted(f) != slices.IsSorted(f) {
			t.Fatalf("IsSorted(%v)", f)
		}
		fs := ours.Sorted(slices.Values(f))
		for i := range fa {
			if cmp.Compare(fa[i], fs[i]) != 0 {
				t.Fatalf("Sorted(%v) = %v", f, fs)
			}
		}
	}
	if ours.Sorted(slices.Values([]int(nil))) != nil {
		t.Error("Sorted(empty) is not nil")
	}
}

// namedFloat is a float type that Sort's compiled shortcut does not take.
type namedFloat float64

// pair is an element whose order (by key) leaves ties, to see stability.
type pair struct{ key, idx int }

func byKey(a, b pair) int { return cmp.Compare(a.key, b.key) }

func TestSortFuncAndStable(t *testing.T) {
	r := newRand(t)
	for n := 0; n < 2000; n++ {
		x := make([]pair, r.IntN(200))
		for i := range x {
			x[i] = pair{r.IntN(1 + r.IntN(20)), i}
		}
		want := slices.Clone(x)
		slices.SortStableFunc(want, byKey)
		got := slices.Clone(x)
		ours.SortStableFunc(got, byKey)
		if !slices.Equal(got, want) {
			t.Fatalf("SortStableFunc(%v) = %v, std %v", x, got, want)
		}
		got = slices.Clone(x)
		ours.SortFunc(got, byKey)
		if !slices.EqualFunc(got, want, func(a, b pair) bool { return a.key == b.key }) || !slices.IsSortedFunc(got, byKey) {
			t.Fatalf("SortFunc(%v) = %v", x, got)
		}
		if ours.IsSortedFunc(x, byKey) != slices.IsSortedFunc(x, byKey) {
			t.Fatalf("IsSortedFunc(%v)", x)
		}
		if g, w := ours.SortedStableFunc(slices.Values(x), byKey), slices.SortedStableFunc(slices.Values(x), byKey); !slices.Equal(g, w) {
			t.Fatalf("SortedStableFunc = %v, std %v", g, w)
		}
		if g := ours.SortedFunc(slices.Values(x), byKey); !slices.IsSortedFunc(g, byKey) || len(g) != len(x) {
			t.Fatalf("SortedFunc = %v", g)
		}
		// MinFunc and MaxFunc return the first of equal elements.
		if len(x) > 0 {
			if g, w := ours.MinFunc(x, byKey), slices.MinFunc(x, byKey); g != w {
				t.Fatalf("MinFunc(%v) = %v, std %v", x, g, w)
			}
			if g, w := ours.MaxFunc(x, byKey), slices.MaxFunc(x, byKey); g != w {
				t.Fatalf("MaxFunc(%v) = %v, std %v", x, g, w)
			}
		}
	}
}

func TestBinarySearchMatchesStd(t *testing.T) {
	r := newRand(t)
	for n := 0; n < 2000; n++ {
		x := randInts(r, 40, 20)
		slices.Sort(x)
		for target := -1; target <= 21; target++ {
			gi, gf := ours.BinarySearch(x, target)
			wi, wf := slices.BinarySearch(x, target)
			if gi != wi || gf != wf {
				t.Fatalf("BinarySearch(%v, %d) = %d %v, std %d %v", x, target, gi, gf, wi, wf)
			}
			gi, gf = ours.BinarySearchFunc(x, target, cmp.Compare[int])
			wi, wf = slices.BinarySearchFunc(x, target, cmp.Compare[int])
			if gi != wi || gf != wf {
				t.Fatalf("BinarySearchFunc(%v, %d) = %d %v, std %d %v", x, target, gi, gf, wi, wf)
			}
		}
		f := randFloats(r, 30)
		slices.Sort(f)
		for _, target := range specials {
			gi, gf := ours.BinarySearch(f, target)
			wi, wf := slices.BinarySearch(f, target)
			if gi != wi || gf != wf {
				t.Fatalf("BinarySearch(%v, %v) = %d %v, std %d %v", f, target, gi, gf, wi, wf)
			}
		}
	}
}

func TestMinMaxMatchesStd(t *testing.T) {
	r := newRand(t)
	for n := 0; n < 3000; n++ {
		f := randFloats(r, 8)
		if len(f) == 0 {
			if !panics(func() { ours.Min(f) }) || !panics(func() { ours.Max(f) }) ||
				!panics(func() { ours.MinFunc(f, cmp.Compare[float64]) }) || !panics(func() { ours.MaxFunc(f, cmp.Compare[float64]) }) {
				t.Fatal("Min/Max of an empty slice did not panic")
			}
			continue
		}
		// The bits, for the sign of zero; any NaN for NaN (the builtin min and
		// max of the standard library may return another NaN payload).
		same := func(g, w float64) bool {
			return math.Float64bits(g) == math.Float64bits(w) || (g != g && w != w)
		}
		if g, w := ours.Min(f), slices.Min(f); !same(g, w) {
			t.Fatalf("Min(%v) = %v, std %v", f, g, w)
		}
		if g, w := ours.Max(f), slices.Max(f); !same(g, w) {
			t.Fatalf("Max(%v) = %v, std %v", f, g, w)
		}
		s := []string{"b", "a", "c"}[:1+r.IntN(3)]
		if ours.Min(s) != slices.Min(s) || ours.Max(s) != slices.Max(s) {
			t.Fatalf("Min/Max(%q)", s)
		}
	}
}

func TestCompareEqualIndex(t *testing.T) {
	r := newRand(t)
	for n := 0; n < 3000; n++ {
		a, b := randFloats(r, 4), randFloats(r, 4)
		if g, w := ours.Compare(a, b), slices.Compare(a, b); g != w {
			t.Fatalf("Compare(%v, %v) = %d, std %d", a, b, g, w)
		}
		if g, w := ours.CompareFunc(a, b, cmp.Compare[float64]), slices.CompareFunc(a, b, cmp.Compare[float64]); g != w {
			t.Fatalf("CompareFunc(%v, %v) = %d, std %d", a, b, g, w)
		}
		if ours.Equal(a, b) != slices.Equal(a, b) || ours.Equal(a, a) != slices.Equal(a, a) {
			t.Fatalf("Equal(%v, %v)", a, b)
		}
		eq := func(x, y float64) bool { return x == y || (x != x && y != y) }
		if ours.EqualFunc(a, b, eq) != slices.EqualFunc(a, b, eq) {
			t.Fatalf("EqualFunc(%v, %v)", a, b)
		}
		for _, v := range specials {
			if ours.Index(a, v) != slices.Index(a, v) || ours.Contains(a, v) != slices.Contains(a, v) {
				t.Fatalf("Index/Contains(%v, %v)", a, v)
			}
			pos := func(x float64) bool { return x > v }
			if ours.IndexFunc(a, pos) != slices.IndexFunc(a, pos) || ours.ContainsFunc(a, pos) != slices.ContainsFunc(a, pos) {
				t.Fatalf("IndexFunc/ContainsFunc(%v, > %v)", a, v)
			}
		}
	}
}

// withCap returns a copy of s with extra spare capacity (0..3), its spare
// elements set to -1, so that in-place edits and zeroing show.
func withCap(r *rand.Rand, s []int) []int {
	if s == nil && r.IntN(2) == 0 {
		return nil
	}
	spare := r.IntN(4)
	out := make([]int, len(s), len(s)+spare)
	copy(out, s)
	for i := len(s); i < cap(out); i++ {
		out[:cap(out)][i] = -1
	}
	return out
}

// editCase runs edit on two copies of x (std and ours) and compares the
// panics, the results (with their nilness) and the whole backing arrays.
func editCase(t *testing.T, name string, x []int, std, our func([]int) []int) {
	t.Helper()
	a, b := slices.Clone(x), slices.Clone(x)
	if x != nil {
		a = append(make([]int, 0, cap(x)), x...)
		b = append(make([]int, 0, cap(x)), x...)
		for i := len(x); i < cap(x); i++ {
			a[:cap(a)][i], b[:cap(b)][i] = x[:cap(x)][i], x[:cap(x)][i]
		}
	}
	var ra, rb []int
	pa := panics(func() { ra = std(a) })
	pb := panics(func() { rb = our(b) })
	if pa != pb {
		t.Fatalf("%s(%v): panics %v, std %v", name, x, pb, pa)
	}
	if pa {
		return
	}
	if !sameInts(ra, rb) {
		t.Fatalf("%s(%v) = %v (nil %v), std %v (nil %v)", name, x, rb, rb == nil, ra, ra == nil)
	}
	if a != nil && !slices.Equal(a[:cap(a)], b[:cap(b)]) {
		t.Fatalf("%s(%v): backing array %v, std %v", name, x, b[:cap(b)], a[:cap(a)])
	}
}

func TestEditsMatchStd(t *testing.T) {
	r := newRand(t)
	for n := 0; n < 4000; n++ {
		x := withCap(r, randInts(r, 6, 4))
		i, j := r.IntN(len(x)+3)-1, r.IntN(len(x)+3)-1
		v := randInts(r, 3, 9)
		editCase(t, fmt.Sprintf("Insert(_, %d, %v...)", i, v), x,
			func(s []int) []int { return slices.Insert(s, i, v...) },
			func(s []int) []int { return ours.Insert(s, i, v...) })
		editCase(t, fmt.Sprintf("Delete(_, %d, %d)", i, j), x,
			func(s []int) []int { return slices.Delete(s, i, j) },
			func(s []int) []int { return ours.Delete(s, i, j) })
		editCase(t, fmt.Sprintf("Replace(_, %d, %d, %v...)", i, j, v), x,
			func(s []int) []int { return slices.Replace(s, i, j, v...) },
			func(s []int) []int { return ours.Replace(s, i, j, v...) })
		// v taken from s itself: the values must be read before s is moved.
		if len(x) > 0 {
			lo := r.IntN(len(x))
			hi := lo + r.IntN(len(x)-lo+1)
			editCase(t, fmt.Sprintf("Insert(s, %d, s[%d:%d]...)", i, lo, hi), x,
				func(s []int) []int { return slices.Insert(s, i, s[lo:hi]...) },
				func(s []int) []int { return ours.Insert(s, i, s[lo:hi]...) })
			editCase(t, fmt.Sprintf("Replace(s, %d, %d, s[%d:%d]...)", i, j, lo, hi), x,
				func(s []int) []int { return slices.Replace(s, i, j, s[lo:hi]...) },
				func(s []int) []int { return ours.Replace(s, i, j, s[lo:hi]...) })
		}
		editCase(t, "Compact", x, slices.Compact[[]int], ours.Compact[[]int])
		eq := func(a, b int) bool { return a/2 == b/2 }
		editCase(t, "CompactFunc", x,
			func(s []int) []int { return slices.CompactFunc(s, eq) },
			func(s []int) []int { return ours.CompactFunc(s, eq) })
		odd := func(a int) bool { return a%2 == 1 }
		editCase(t, "DeleteFunc", x,
			func(s []int) []int { return slices.DeleteFunc(s, odd) },
			func(s []int) []int { return ours.DeleteFunc(s, odd) })
		editCase(t, "Reverse", x,
			func(s []int) []int { slices.Reverse(s); return s },
			func(s []int) []int { ours.Reverse(s); return s })
		editCase(t, "Clone", x, slices.Clone[[]int], ours.Clone[[]int])
		editCase(t, "Clip", x, slices.Clip[[]int], ours.Clip[[]int])
		editCase(t, fmt.Sprintf("Repeat(_, %d)", i), x,
			func(s []int) []int { return slices.Repeat(s, i) },
			func(s []int) []int { return ours.Repeat(s, i) })
		editCase(t, fmt.Sprintf("Concat(_, %v, _)", v), x,
			func(s []int) []int { return slices.Concat(s, v, s) },
			func(s []int) []int { return ours.Concat(s, v, s) })
		grow := func(s []int) []int {
			if cap(s) < len(s)+j {
				t.Fatalf("Grow(%v, %d): cap %d", x, j, cap(s))
			}
			return s
		}
		editCase(t, fmt.Sprintf("Grow(_, %d)", j), x,
			func(s []int) []int { return grow(slices.Grow(s, j)) },
			func(s []int) []int { return grow(ours.Grow(s, j)) })
	}
	if !panics(func() { ours.Repeat([]int{1, 2}, math.MaxInt/2+1) }) {
		t.Error("Repeat did not panic on overflow")
	}
	if ours.Concat[[]int]() != nil || ours.Concat([]int{}, nil) != nil {
		t.Error("empty Concat is not nil")
	}
}

func TestSliceIteratorsMatchStd(t *testing.T) {
	r := newRand(t)
	for n := 0; n < 500; n++ {
		x := randInts(r, 10, 5)
		// Stop after k values, to see that the iterators honour a false yield.
		k := r.IntN(len(x) + 2)
		take := func(seq func(func(int, int) bool)) (out []int) {
			for i, v := range seq {
				if len(out) >= 2*k {
					break
				}
				out = append(out, i, v)
			}
			return out
		}
		if g, w := take(ours.All(x)), take(slices.All(x)); !slices.Equal(g, w) {
			t.Fatalf("All(%v) = %v, std %v", x, g, w)
		}
		if g, w := take(ours.Backward(x)), take(slices.Backward(x)); !slices.Equal(g, w) {
			t.Fatalf("Backward(%v) = %v, std %v", x, g, w)
		}
		if g, w := ours.Collect(ours.Values(x)), slices.Collect(slices.Values(x)); !sameInts(g, w) {
			t.Fatalf("Collect(Values(%v)) = %v, std %v", x, g, w)
		}
		if g, w := ours.AppendSeq([]int{7}, slices.Values(x)), slices.AppendSeq([]int{7}, slices.Values(x)); !slices.Equal(g, w) {
			t.Fatalf("AppendSeq = %v, std %v", g, w)
		}
		c := 1 + r.IntN(4)
		var g, w [][]int
		for ch := range ours.Chunk(x, c) {
			g = append(g, ch)
			if cap(ch) != len(ch) {
				t.Fatalf("Chunk(%v, %d): chunk %v has capacity %d", x, c, ch, cap(ch))
			}
		}
		for ch := range slices.Chunk(x, c) {
			w = append(w, ch)
		}
		if !slices.EqualFunc(g, w, slices.Equal[[]int]) {
			t.Fatalf("Chunk(%v, %d) = %v, std %v", x, c, g, w)
		}
	}
	if !panics(func() { ours.Chunk([]int{1}, 0) }) {
		t.Error("Chunk(_, 0) did not panic")
	}
	if !panics(func() { ours.Grow([]int{1}, -1) }) {
		t.Error("Grow(_, -1) did not panic")
	}
}
