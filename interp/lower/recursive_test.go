package lower

import (
	"strings"
	"testing"
)

func TestRecursiveGenerics(t *testing.T) {
	c := testChecker()
	for _, tc := range []struct {
		src, want string // want: "" when the cell is not refused
	}{
		{"type L[T any] struct{ next *L[T]; v T }", ""},
		{"type A[T any] struct{ b []A[T] }", ""},
		{"type A[T any] struct{ b *B }\ntype B struct{ a *A[int] }", ""},
		{"type A[T any] struct{ b *B[T] }\ntype B[T any] struct{ x T }", ""},
		{"type node[K, V any] struct{ left *node[K, V] }", ""},
		{"type node[K, V any] struct{ left *node[K, V] }\nvar n node[int, string]", "2:7: the interpreter cannot build node[int, string]: the generic type node has 2 type parameters and refers to itself"},
		{"type A[T any] struct{ b *B[T] }\ntype B[T any] struct{ a A[T] }\nfunc f(a *A[int]) {}", "3:11: the interpreter cannot build A[int]: the generic types A and B refer to each other"},
		{"type F[a, b any] interface{ Apply(a) b }\ntype List[a any] interface{ Match(F[Cons[a], any]) any }\ntype Cons[a any] struct{ Head a; Tail List[a] }\nfunc g[T any]() { var l List[T]; _ = l }", "4:25: the interpreter cannot build List[T]: the generic types Cons and List"},
	} {
		r := c.Check(Env{}, cellOf(tc.src))
		if r.Skip != "" || len(r.Errors) > 0 {
			t.Fatalf("%q: %s %v", tc.src, r.Skip, r.Errors)
		}
		got := RecursiveGenerics(r)
		if tc.want == "" {
			if len(got) != 0 {
				t.Errorf("%q: refused: %v", tc.src, got)
			}
			continue
		}
		if len(got) == 0 || !strings.HasPrefix(got[0].Error(), tc.want) {
			t.Errorf("%q: got %v, want %q", tc.src, got, tc.want)
		}
	}
}
