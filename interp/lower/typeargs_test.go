package lower

import (
	"strings"
	"testing"
)

func TestTypeArgsOfNotebookGenerics(t *testing.T) {
	c := testChecker()
	decls := "func Id[K any](k K) K { return k }\nfunc Keys[K comparable, V any](m map[K]V) []K { return nil }\ntype key1[T any] struct{ f T }\ntype key2[A, B comparable] struct{ a A; b B }\n"
	for _, tc := range []struct {
		src, edited, refused string
	}{
		// yaegi infers a single type argument: the pass leaves it out.
		{"k := Id(key2[int, string]{1, \"a\"})", "k := Id(key2[int, string]{1, \"a\"})", ""},
		{"k := Id(3)", "var k int; k = Id[int](3)", ""},
		{"func g[T comparable](m map[key1[T]]int) []key1[T] { return Keys(m) }", "func g[T comparable](m map[key1[T]]int) []key1[T] { return Keys[key1[T], int](m) }", ""},
		{"func g[A, B comparable](m map[key2[A, B]]int) []key2[A, B] { return Keys(m) }", "", "1:69: the interpreter cannot instantiate Keys with the type argument key2[A, B]"},
		{"k := Id[key1[int]](key1[int]{})", "", "1:6: the interpreter cannot instantiate Id with the type argument key1[int], an instance of a generic type of the notebook (it fails with \"type not found\" or a nil pointer dereference); leave the type argument out (Id(...))"},
	} {
		src := decls + tc.src
		r := c.Check(Env{}, cellOf(src))
		if r.Skip != "" || len(r.Errors) > 0 {
			t.Fatalf("%q: %s %v", tc.src, r.Skip, r.Errors)
		}
		refused := RefuseTypeArgs(r)
		if tc.refused != "" {
			if len(refused) == 0 || !strings.HasPrefix(refused[0].Error(), strings.Replace(tc.refused, "1:", "5:", 1)) {
				t.Errorf("%q: refusals %v, want %q", tc.src, refused, tc.refused)
			}
			continue
		}
		if len(refused) > 0 {
			t.Errorf("%q: refused: %v", tc.src, refused)
		}
		got := applyTest(src, Instantiate(r, src))
		if got := strings.TrimPrefix(got, decls); got != tc.edited {
			t.Errorf("%q: got %q, want %q", tc.src, got, tc.edited)
		}
	}
}
