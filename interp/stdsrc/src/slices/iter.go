package slices

import "iter"

// The functions that take a sequence call it with a yield function rather than
// ranging over it: yaegi v0.16.1 cannot run range over a function.

// All returns an iterator over the index-value pairs of s, in order.
func All[Slice ~[]E, E any](s Slice) iter.Seq2[int, E] {
	return func(yield func(int, E) bool) {
		for i, v := range s {
			if !yield(i, v) {
				return
			}
		}
	}
}

// Backward returns an iterator over the index-value pairs of s, from the last
// to the first.
func Backward[Slice ~[]E, E any](s Slice) iter.Seq2[int, E] {
	return func(yield func(int, E) bool) {
		for i := len(s) - 1; i >= 0; i-- {
			if !yield(i, s[i]) {
				return
			}
		}
	}
}

// Values returns an iterator over the elements of s, in order.
func Values[Slice ~[]E, E any](s Slice) iter.Seq[E] {
	return func(yield func(E) bool) {
		for _, v := range s {
			if !yield(v) {
				return
			}
		}
	}
}

// AppendSeq appends the values of seq to s and returns the result.
func AppendSeq[Slice ~[]E, E any](s Slice, seq iter.Seq[E]) Slice {
	seq(func(v E) bool {
		s = append(s, v)
		return true
	})
	return s
}

// Collect returns a new slice of the values of seq (nil if there are none).
func Collect[E any](seq iter.Seq[E]) []E {
	return AppendSeq[[]E, E](nil, seq)
}

// The Sorted functions collect the values themselves: yaegi v0.16.1 fails (a
// nil dereference) when, instantiated with a cell's type, they call a generic
// function that takes an iter.Seq (Collect, or any helper).

// Sorted collects the values of seq into a new slice and sorts it (as Sort).
func Sorted[E ordered](seq iter.Seq[E]) []E {
	var s []E
	seq(func(v E) bool { s = append(s, v); return true })
	if !sortCompiled(any(s)) {
		stableSort[[]E, E](s, func(a, b E) bool { return (a != a && b == b) || a < b })
	}
	return s
}

// SortedFunc collects the values of seq into a new slice and sorts it by cmp.
func SortedFunc[E any](seq iter.Seq[E], cmp func(E, E) int) []E {
	var s []E
	seq(func(v E) bool { s = append(s, v); return true })
	SortFunc[[]E, E](s, cmp)
	return s
}

// SortedStableFunc collects the values of seq into a new slice and sorts it by
// cmp, keeping equal values in the order seq gave them.
func SortedStableFunc[E any](seq iter.Seq[E], cmp func(E, E) int) []E {
	var s []E
	seq(func(v E) bool { s = append(s, v); return true })
	SortStableFunc[[]E, E](s, cmp)
	return s
}

// Chunk returns an iterator over consecutive sub-slices of s of n elements (the
// last may be shorter). Each chunk's capacity is its length, so that appending
// to it does not write into s. Chunk panics if n is less than 1.
func Chunk[Slice ~[]E, E any](s Slice, n int) iter.Seq[Slice] {
	if n < 1 {
		panic("cannot be less than 1")
	}
	return func(yield func(Slice) bool) {
		for lo := 0; lo < len(s); lo += n {
			hi := lo + n
			if hi > len(s) {
				hi = len(s)
			}
			if !yield(s[lo:hi:hi]) {
				return
			}
		}
	}
}
