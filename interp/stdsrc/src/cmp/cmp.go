// Package cmp is hessnote's interpreted implementation of the standard library's
// cmp package, for notebook cells run by yaegi (whose symbol tables omit generic
// functions). It compiles as an ordinary Go package too, so that it can be tested
// against the standard library.
package cmp

// Ordered is a constraint that permits any ordered type: any type that supports
// the operators < <= >= >. Floating-point NaN values are ordered by Less and
// Compare as less than every other value.
type Ordered interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 |
		~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr |
		~float32 | ~float64 |
		~string
}

// Less reports whether x is less than y. A NaN is less than any non-NaN, and
// -0.0 is not less than 0.0 (they are equal).
func Less[T Ordered](x, y T) bool {
	if x != x {
		return y == y
	}
	return x < y
}

// Compare returns -1 if x is less than y, 0 if x equals y and +1 if x is greater
// than y. A NaN is less than any non-NaN and equal to another NaN; -0.0 equals 0.0.
func Compare[T Ordered](x, y T) int {
	xnan, ynan := x != x, y != y
	switch {
	case xnan && ynan:
		return 0
	case xnan:
		return -1
	case ynan:
		return +1
	case x < y:
		return -1
	case y < x:
		return +1
	}
	return 0
}

// Or returns the first of its arguments that is not the zero value, or the zero
// value if every argument is zero.
func Or[T comparable](vals ...T) T {
	var zero T
	for _, v := range vals {
		if v != zero {
			return v
		}
	}
	return zero
}
