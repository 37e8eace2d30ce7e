// Package slices is hessnote's interpreted implementation of the standard
// library's slices package, for notebook cells run by yaegi (whose symbol tables
// omit generic functions). It compiles as an ordinary Go package too, so that it
// can be tested against the standard library.
//
// The code keeps to what yaegi v0.16.1 runs. Functions constrained by
// cmp.Ordered imported from the source package cmp failed to compile in yaegi
// (a nil dereference), hence the local ordered. A generic function instantiated
// with a cell's type fails when it calls another generic function constrained
// by an ordered union (cmp.Compare, cmp.Less) or taking an iter.Seq (Collect):
// hence comparisons written inline, and the Sorted functions collecting by
// themselves; calls of generic functions constrained by any or comparable work
// (TestUserForms runs every function with a cell's types). Every generic call
// names its type arguments, because yaegi cannot infer more than one.
package slices

import (
	"math"
	"reflect"
	"strconv"
)

// ordered is cmp.Ordered, declared here because yaegi cannot apply an imported
// constraint to a cell's types.
type ordered interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 |
		~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr |
		~float32 | ~float64 |
		~string
}

// maxInt is the largest int.
const maxInt = int(^uint(0) >> 1)

// checkRange panics the way a slice expression s[i:j] does when the range is
// not within a slice of length n.
func checkRange(i, j, n int) {
	if j < 0 || j > n {
		panic("runtime error: slice bounds out of range [:" + strconv.Itoa(j) + "] with length " + strconv.Itoa(n))
	}
	if i < 0 || i > j {
		panic("runtime error: slice bounds out of range [" + strconv.Itoa(i) + ":" + strconv.Itoa(j) + "]")
	}
}

// negZero reports whether v is a floating-point negative zero.
func negZero(v any) bool {
	r := reflect.ValueOf(v)
	switch r.Kind() {
	case reflect.Float32, reflect.Float64:
		f := r.Float()
		return f == 0 && math.Signbit(f)
	}
	return false
}

// zeroTail sets s[from:to] to the zero value (the elements a shrinking
// operation leaves behind, so that they do not keep memory alive).
func zeroTail[S ~[]E, E any](s S, from, to int) {
	var zero E
	for k := from; k < to; k++ {
		s[k] = zero
	}
}

// Equal reports whether s1 and s2 have the same length and equal elements, in
// order. NaNs are not equal to each other.
func Equal[S ~[]E, E comparable](s1, s2 S) bool {
	if len(s1) != len(s2) {
		return false
	}
	for i, v := range s1 {
		if v != s2[i] {
			return false
		}
	}
	return true
}

// EqualFunc reports whether s1 and s2 have the same length and eq holds for
// each pair of elements, compared in order until the first false.
func EqualFunc[S1 ~[]E1, S2 ~[]E2, E1, E2 any](s1 S1, s2 S2, eq func(E1, E2) bool) bool {
	if len(s1) != len(s2) {
		return false
	}
	for i, v := range s1 {
		if !eq(v, s2[i]) {
			return false
		}
	}
	return true
}

// Compare compares s1 and s2 element by element with cmp.Compare's order and
// returns the first non-zero result; if one is a prefix of the other, the
// shorter is less. It returns 0, -1 or +1.
func Compare[S ~[]E, E ordered](s1, s2 S) int {
	for i, a := range s1 {
		if i >= len(s2) {
			return +1
		}
		b := s2[i]
		anan, bnan := a != a, b != b
		switch {
		case anan && bnan:
		case anan, a < b:
			return -1
		case bnan, b < a:
			return +1
		}
	}
	if len(s1) < len(s2) {
		return -1
	}
	return 0
}

// CompareFunc is Compare with cmp as the comparison of elements.
func CompareFunc[S1 ~[]E1, S2 ~[]E2, E1, E2 any](s1 S1, s2 S2, cmp func(E1, E2) int) int {
	for i, a := range s1 {
		if i >= len(s2) {
			return +1
		}
		if c := cmp(a, s2[i]); c != 0 {
			return c
		}
	}
	if len(s1) < len(s2) {
		return -1
	}
	return 0
}

// Index returns the index of the first occurrence of v in s, or -1.
func Index[S ~[]E, E comparable](s S, v E) int {
	for i, e := range s {
		if e == v {
			return i
		}
	}
	return -1
}

// IndexFunc returns the first index i with f(s[i]), or -1.
func IndexFunc[S ~[]E, E any](s S, f func(E) bool) int {
	for i, e := range s {
		if f(e) {
			return i
		}
	}
	return -1
}

// Contains reports whether v is in s.
func Contains[S ~[]E, E comparable](s S, v E) bool {
	return Index[S, E](s, v) >= 0
}

// ContainsFunc reports whether f holds for at least one element of s.
func ContainsFunc[S ~[]E, E any](s S, f func(E) bool) bool {
	return IndexFunc[S, E](s, f) >= 0
}

// Insert inserts the values v at index i of s and returns the result, in place
// when s has the capacity. It panics if i is out of range (i > len(s)). An empty
// result has the nilness of s.
func Insert[S ~[]E, E any](s S, i int, v ...E) S {
	n, m := len(s), len(v)
	if i < 0 || i > n {
		panic("runtime error: slice bounds out of range [" + strconv.Itoa(i) + ":" + strconv.Itoa(n) + "]")
	}
	if m == 0 {
		return s
	}
	if n+m > cap(s) {
		out := make(S, n+m)
		copy(out, s[:i])
		copy(out[i:], v)
		copy(out[i+m:], s[i:])
		return out
	}
	vals := make([]E, m) // v may share memory with s
	copy(vals, v)
	r := s[:n+m]
	copy(r[i+m:], s[i:n])
	copy(r[i:], vals)
	return r
}

// Delete removes s[i:j] and returns the shortened slice, zeroing the elements
// past its new length. It panics if s[i:j] is not a valid slice of s.
func Delete[S ~[]E, E any](s S, i, j int) S {
	checkRange(i, j, len(s))
	if i == j {
		return s
	}
	n := len(s)
	r := s[:i+copy(s[i:], s[j:])]
	zeroTail[S, E](s, len(r), n)
	return r
}

// DeleteFunc removes the elements for which del returns true and returns the
// shortened slice, zeroing the elements past its new length.
func DeleteFunc[S ~[]E, E any](s S, del func(E) bool) S {
	k := 0
	for i, v := range s {
		if del(v) {
			continue
		}
		if k != i {
			s[k] = v
		}
		k++
	}
	zeroTail[S, E](s, k, len(s))
	return s[:k]
}

// Replace replaces s[i:j] by the values v and returns the result, in place when
// s has the capacity, zeroing elements past a shorter result's length. It panics
// if s[i:j] is not a valid slice of s. An empty result has the nilness of s.
func Replace[S ~[]E, E any](s S, i, j int, v ...E) S {
	checkRange(i, j, len(s))
	if i == j {
		return Insert[S, E](s, i, v...)
	}
	n := len(s)
	total := n - (j - i) + len(v)
	if total > cap(s) {
		out := make(S, total)
		copy(out, s[:i])
		copy(out[i:], v)
		copy(out[i+len(v):], s[j:])
		return out
	}
	vals := make([]E, len(v)) // v may share memory with s
	copy(vals, v)
	r := s[:total]
	copy(r[i+len(vals):], s[j:n])
	copy(r[i:], vals)
	zeroTail[S, E](s[:n], total, n)
	return r
}

// Clone returns a shallow copy of s; the copy of a nil slice is nil.
func Clone[S ~[]E, E any](s S) S {
	if s == nil {
		return nil
	}
	out := make(S, len(s))
	copy(out, s)
	return out
}

// Compact replaces each run of equal consecutive elements by its first element
// and returns the shortened slice, zeroing the elements past its new length.
func Compact[S ~[]E, E comparable](s S) S {
	if len(s) < 2 {
		return s
	}
	k := 1
	for r := 1; r < len(s); r++ {
		if s[r] != s[r-1] {
			s[k] = s[r]
			k++
		}
	}
	zeroTail[S, E](s, k, len(s))
	return s[:k]
}

// CompactFunc is Compact with eq deciding whether consecutive elements are equal;
// of each run it keeps the first.
func CompactFunc[S ~[]E, E any](s S, eq func(E, E) bool) S {
	if len(s) < 2 {
		return s
	}
	k := 1
	for r := 1; r < len(s); r++ {
		if !eq(s[r], s[r-1]) {
			s[k] = s[r]
			k++
		}
	}
	zeroTail[S, E](s, k, len(s))
	return s[:k]
}

// Grow returns s with capacity for at least n more elements. It panics if n is
// negative.
func Grow[S ~[]E, E any](s S, n int) S {
	if n < 0 {
		panic("cannot be negative")
	}
	if len(s)+n <= cap(s) {
		return s
	}
	out := make(S, len(s), len(s)+n)
	copy(out, s)
	return out
}

// Clip returns s[:len(s):len(s)], removing unused capacity.
func Clip[S ~[]E, E any](s S) S {
	return s[:len(s):len(s)]
}

// Reverse reverses the elements of s in place.
func Reverse[S ~[]E, E any](s S) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}

// Concat returns a new slice with the elements of all the slices; an empty
// result is nil.
func Concat[S ~[]E, E any](slices ...S) S {
	size := 0
	for _, s := range slices {
		if len(s) > maxInt-size {
			panic("len out of range")
		}
		size += len(s)
	}
	if size == 0 {
		return nil
	}
	out := make(S, 0, size)
	for _, s := range slices {
		out = append(out, s...)
	}
	return out
}

// Repeat returns a new, never nil, slice with count copies of x. It panics if
// count is negative or len(x)*count overflows.
func Repeat[S ~[]E, E any](x S, count int) S {
	if count < 0 {
		panic("cannot be negative")
	}
	if len(x) > 0 && count > maxInt/len(x) {
		panic("the result of (len(x) * count) overflows")
	}
	out := make(S, 0, len(x)*count)
	for c := 0; c < count; c++ {
		out = append(out, x...)
	}
	return out
}

// BinarySearch searches the sorted slice x for target and returns the position
// where target is or would be inserted, and whether it is there. x must be sorted
// in increasing order as cmp.Compare orders (NaNs first).
func BinarySearch[S ~[]E, E ordered](x S, target E) (int, bool) {
	tnan := target != target
	lo, hi := 0, len(x)
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		v := x[h]
		if (v != v && !tnan) || (!tnan && v < target) {
			lo = h + 1
		} else {
			hi = h
		}
	}
	if lo >= len(x) {
		return lo, false
	}
	v := x[lo]
	return lo, v == target || (tnan && v != v)
}

// BinarySearchFunc is BinarySearch with cmp comparing an element with the target
// (negative: the element comes before the target).
func BinarySearchFunc[S ~[]E, E, T any](x S, target T, cmp func(E, T) int) (int, bool) {
	lo, hi := 0, len(x)
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if cmp(x[h], target) < 0 {
			lo = h + 1
		} else {
			hi = h
		}
	}
	return lo, lo < len(x) && cmp(x[lo], target) == 0
}

// IsSorted reports whether x is in increasing order (NaNs first).
func IsSorted[S ~[]E, E ordered](x S) bool {
	for i := 1; i < len(x); i++ {
		a, b := x[i], x[i-1]
		if (a != a && b == b) || a < b {
			return false
		}
	}
	return true
}

// IsSortedFunc reports whether x is sorted by cmp.
func IsSortedFunc[S ~[]E, E any](x S, cmp func(a, b E) int) bool {
	for i := 1; i < len(x); i++ {
		if cmp(x[i], x[i-1]) < 0 {
			return false
		}
	}
	return true
}

// pick returns the element of x that a scan in order keeps: it starts with
// x[0] and takes each later element v for which better(v, kept) holds, and stops
// early once final(kept) holds. It panics with name if x is empty.
func pick[S ~[]E, E any](x S, name string, better func(v, kept E) bool, final func(kept E) bool) E {
	if len(x) < 1 {
		panic(name + ": empty list")
	}
	m := x[0]
	for i := 1; i < len(x) && !final(m); i++ {
		if better(x[i], m) {
			m = x[i]
		}
	}
	return m
}

// Min returns the minimal value of x, or the first NaN if x holds one; of -0.0
// and 0.0 it returns -0.0. It panics if x is empty.
func Min[S ~[]E, E ordered](x S) E {
	return pick[S, E](x, "slices.Min",
		func(v, m E) bool { return v != v || v < m || (v == m && negZero(any(v))) },
		func(m E) bool { return m != m })
}

// MinFunc returns the first minimal value of x as cmp orders. It panics if x is
// empty.
func MinFunc[S ~[]E, E any](x S, cmp func(a, b E) int) E {
	return pick[S, E](x, "slices.MinFunc",
		func(v, m E) bool { return cmp(v, m) < 0 },
		func(E) bool { return false })
}

// Max returns the maximal value of x, or the first NaN if x holds one; of -0.0
// and 0.0 it returns 0.0. It panics if x is empty.
func Max[S ~[]E, E ordered](x S) E {
	return pick[S, E](x, "slices.Max",
		func(v, m E) bool { return v != v || v > m || (v == m && !negZero(any(v))) },
		func(m E) bool { return m != m })
}

// MaxFunc returns the first maximal value of x as cmp orders. It panics if x is
// empty.
func MaxFunc[S ~[]E, E any](x S, cmp func(a, b E) int) E {
	return pick[S, E](x, "slices.MaxFunc",
		func(v, m E) bool { return cmp(v, m) > 0 },
		func(E) bool { return false })
}
