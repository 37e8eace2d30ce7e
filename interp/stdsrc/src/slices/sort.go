package slices

import "sort"

// Apart from Sort's compiled shortcut, sorting is one stable merge sort:
// insertion sort on short runs, then merges through a buffer. It makes
// O(n log n) comparisons and allocates one buffer of len(x) elements; the
// standard library sorts in place (pdqsort, and insertion sort with symmerge
// for the stable variants). Sort and SortFunc do not promise an order for equal
// elements, so a stable sort fulfils their contract too.

// insertionRun is the length of the runs that insertion sort orders before merging.
const insertionRun = 12

// stableSort sorts x by less, keeping equal elements in their order.
func stableSort[S ~[]E, E any](x S, less func(a, b E) bool) {
	n := len(x)
	for lo := 0; lo < n; lo += insertionRun {
		hi := lo + insertionRun
		if hi > n {
			hi = n
		}
		insertionSort[S, E](x[lo:hi], less)
	}
	if n <= insertionRun {
		return
	}
	src, dst := x, make(S, n)
	inBuffer := false
	for width := insertionRun; width < n; width *= 2 {
		for lo := 0; lo < n; lo += 2 * width {
			mid, hi := lo+width, lo+2*width
			if mid > n {
				mid = n
			}
			if hi > n {
				hi = n
			}
			merge[S, E](dst[lo:hi], src[lo:mid], src[mid:hi], less)
		}
		src, dst = dst, src
		inBuffer = !inBuffer
	}
	if inBuffer {
		copy(x, src)
	}
}

// insertionSort sorts a short x by less, stably.
func insertionSort[S ~[]E, E any](x S, less func(a, b E) bool) {
	for i := 1; i < len(x); i++ {
		for j := i; j > 0 && less(x[j], x[j-1]); j-- {
			x[j], x[j-1] = x[j-1], x[j]
		}
	}
}

// merge merges the sorted a and b into dst (len(a)+len(b) long), taking from a
// on ties.
func merge[S ~[]E, E any](dst, a, b S, less func(a, b E) bool) {
	i, j, k := 0, 0, 0
	for i < len(a) && j < len(b) {
		if less(b[j], a[i]) {
			dst[k] = b[j]
			j++
		} else {
			dst[k] = a[i]
			i++
		}
		k++
	}
	k += copy(dst[k:], a[i:])
	copy(dst[k:], b[j:])
}

// Sort sorts x in increasing order, NaNs first (as cmp.Less orders).
func Sort[S ~[]E, E ordered](x S) {
	if sortCompiled(any(x)) {
		return
	}
	stableSort[S, E](x, func(a, b E) bool { return (a != a && b == b) || a < b })
}

// sortCompiled sorts x with the compiled sort package if it is an []int, a
// []float64 or a []string, and reports whether it did. Interpreted, sorting
// 100,000 ints takes seconds; compiled, milliseconds. sort.Float64s orders NaNs
// first, as cmp.Less does.
func sortCompiled(x any) bool {
	switch v := x.(type) {
	case []int:
		sort.Ints(v)
	case []float64:
		sort.Float64s(v)
	case []string:
		sort.Strings(v)
	default:
		return false
	}
	return true
}

// SortFunc sorts x in increasing order as cmp defines it (negative: a before b).
// The order of equal elements is not part of its contract.
func SortFunc[S ~[]E, E any](x S, cmp func(a, b E) int) {
	stableSort[S, E](x, func(a, b E) bool { return cmp(a, b) < 0 })
}

// SortStableFunc sorts x as SortFunc does, keeping equal elements in their
// original order.
func SortStableFunc[S ~[]E, E any](x S, cmp func(a, b E) int) {
	stableSort[S, E](x, func(a, b E) bool { return cmp(a, b) < 0 })
}
