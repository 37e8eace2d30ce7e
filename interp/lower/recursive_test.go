package lower

import "testing"

func TestRecursiveGenerics(t *testing.T) {
	checkRefusals(t, RecursiveGenerics, []refusalCase{
		{"type L[T any] struct{ next *L[T]; v T }", ""},
		{"type A[T any] struct{ b []A[T] }", ""},
		{"type A[T any] struct{ b *B }\ntype B struct{ a *A[int] }", ""},
		{"type A[T any] struct{ b *B[T] }\ntype B[T any] struct{ x T }", ""},
		{"type node[K, V any] struct{ left *node[K, V] }", ""},
		{"type node[K, V any] struct{ left *node[K, V] }\nvar n node[int, string]", "2:7: the interpreter cannot build node[int, string]: the generic type node has 2 type parameters and refers to itself"},
		{"type A[T any] struct{ b *B[T] }\ntype B[T any] struct{ a A[T] }\nfunc f(a *A[int]) {}", "3:11: the interpreter cannot build A[int]: the generic types A and B refer to each other"},
		{"type F[a, b any] interface{ Apply(a) b }\ntype List[a any] interface{ Match(F[Cons[a], any]) any }\ntype Cons[a any] struct{ Head a; Tail List[a] }\nfunc g[T any]() { var l List[T]; _ = l }", "4:25: the interpreter cannot build List[T]: the generic types Cons and List"},
	})
}
