package stdsrc_test

import (
	"strings"
	"testing"
)

// form is one API call written twice: with explicit type arguments (the form
// the session's type checker produces, which must work) and as a user writes it
// (inferred, which yaegi manages for some calls only).
type form struct{ explicit, inferred, want string }

// forms covers every exported function of the source packages.
var forms = []form{
	{`slices.Equal[[]int, int](a, b)`, `slices.Equal(a, b)`, "false"},
	{`slices.EqualFunc[[]int, []int, int, int](a, b, eqInt)`, `slices.EqualFunc(a, b, eqInt)`, "false"},
	{`slices.Compare[[]int, int](a, b)`, `slices.Compare(a, b)`, "1"},
	{`slices.CompareFunc[[]int, []int, int, int](a, b, cmp.Compare[int])`, `slices.CompareFunc(a, b, cmp.Compare[int])`, "1"},
	{`slices.Index[[]int, int](a, 1)`, `slices.Index(a, 1)`, "1"},
	{`slices.IndexFunc[[]int, int](a, isOne)`, `slices.IndexFunc(a, isOne)`, "1"},
	{`slices.Contains[[]int, int](a, 1)`, `slices.Contains(a, 1)`, "true"},
	{`slices.ContainsFunc[[]int, int](a, isOne)`, `slices.ContainsFunc(a, isOne)`, "true"},
	{`slices.Insert[[]int, int](slices.Clone[[]int, int](a), 1, 7)`, `slices.Insert(slices.Clone(a), 1, 7)`, "[3 7 1 2 1]"},
	{`slices.Delete[[]int, int](slices.Clone[[]int, int](a), 0, 2)`, `slices.Delete(slices.Clone(a), 0, 2)`, "[2 1]"},
	{`slices.DeleteFunc[[]int, int](slices.Clone[[]int, int](a), isOne)`, `slices.DeleteFunc(slices.Clone(a), isOne)`, "[3 2]"},
	{`slices.Replace[[]int, int](slices.Clone[[]int, int](a), 0, 1, 8, 9)`, `slices.Replace(slices.Clone(a), 0, 1, 8, 9)`, "[8 9 1 2 1]"},
	{`slices.Clone[[]int, int](a)`, `slices.Clone(a)`, "[3 1 2 1]"},
	{`slices.Compact[[]int, int]([]int{1, 1, 2})`, `slices.Compact([]int{1, 1, 2})`, "[1 2]"},
	{`slices.CompactFunc[[]int, int]([]int{1, 1, 2}, eqInt)`, `slices.CompactFunc([]int{1, 1, 2}, eqInt)`, "[1 2]"},
	{`cap(slices.Grow[[]int, int](a, 10)) >= 14`, `cap(slices.Grow(a, 10)) >= 14`, "true"},
	{`cap(slices.Clip[[]int, int](a[:1]))`, `cap(slices.Clip(a[:1]))`, "1"},
	{`slices.Concat[[]int, int](a, b)`, `slices.Concat(a, b)`, "[3 1 2 1 3 1]"},
	{`slices.Repeat[[]int, int](b, 2)`, `slices.Repeat(b, 2)`, "[3 1 3 1]"},
	{`fmt.Sprint(slices.BinarySearch[[]int, int]([]int{1, 3}, 3))`, `fmt.Sprint(slices.BinarySearch([]int{1, 3}, 3))`, "1 true"},
	{`fmt.Sprint(slices.BinarySearchFunc[[]int, int, int]([]int{1, 3}, 2, cmp.Compare[int]))`, `fmt.Sprint(slices.BinarySearchFunc([]int{1, 3}, 2, cmp.Compare[int]))`, "1 false"},
	{`slices.IsSorted[[]int, int](a)`, `slices.IsSorted(a)`, "false"},
	{`slices.IsSortedFunc[[]int, int](a, cmp.Compare[int])`, `slices.IsSortedFunc(a, cmp.Compare[int])`, "false"},
	{`slices.Min[[]int, int](a)`, `slices.Min(a)`, "1"},
	{`slices.MinFunc[[]int, int](a, cmp.Compare[int])`, `slices.MinFunc(a, cmp.Compare[int])`, "1"},
	{`slices.Max[[]int, int](a)`, `slices.Max(a)`, "3"},
	{`slices.MaxFunc[[]int, int](a, cmp.Compare[int])`, `slices.MaxFunc(a, cmp.Compare[int])`, "3"},
	{`sorted(func(s []int) { slices.Sort[[]int, int](s) })`, `sorted(func(s []int) { slices.Sort(s) })`, "[1 1 2 3]"},
	{`sorted(func(s []int) { slices.SortFunc[[]int, int](s, cmp.Compare[int]) })`, `sorted(func(s []int) { slices.SortFunc(s, cmp.Compare[int]) })`, "[1 1 2 3]"},
	{`sorted(func(s []int) { slices.SortStableFunc[[]int, int](s, cmp.Compare[int]) })`, `sorted(func(s []int) { slices.SortStableFunc(s, cmp.Compare[int]) })`, "[1 1 2 3]"},
	{`sorted(func(s []int) { slices.Reverse[[]int, int](s) })`, `sorted(func(s []int) { slices.Reverse(s) })`, "[1 2 1 3]"},
	{`pairs(slices.All[[]int, int](b))`, `pairs(slices.All(b))`, "[0 3 1 1]"},
	{`pairs(slices.Backward[[]int, int](b))`, `pairs(slices.Backward(b))`, "[1 1 0 3]"},
	{`slices.Collect[int](slices.Values[[]int, int](b))`, `slices.Collect(slices.Values(b))`, "[3 1]"},
	{`slices.AppendSeq[[]int, int]([]int{0}, slices.Values[[]int, int](b))`, `slices.AppendSeq([]int{0}, slices.Values(b))`, "[0 3 1]"},
	{`slices.Sorted[int](slices.Values[[]int, int](a))`, `slices.Sorted(slices.Values(a))`, "[1 1 2 3]"},
	{`slices.SortedFunc[int](slices.Values[[]int, int](a), cmp.Compare[int])`, `slices.SortedFunc(slices.Values(a), cmp.Compare[int])`, "[1 1 2 3]"},
	{`slices.SortedStableFunc[int](slices.Values[[]int, int](a), cmp.Compare[int])`, `slices.SortedStableFunc(slices.Values(a), cmp.Compare[int])`, "[1 1 2 3]"},
	{`slices.Collect[[]int](slices.Chunk[[]int, int](a, 3))`, `slices.Collect(slices.Chunk(a, 3))`, "[[3 1 2] [1]]"},
	{`maps.Equal[map[string]int, map[string]int, string, int](m, m)`, `maps.Equal(m, m)`, "true"},
	{`maps.EqualFunc[map[string]int, map[string]int, string, int, int](m, m, eqInt)`, `maps.EqualFunc(m, m, eqInt)`, "true"},
	{`maps.Clone[map[string]int, string, int](m)`, `maps.Clone(m)`, "map[x:1 y:2]"},
	{`copied(func(c map[string]int) { maps.Copy[map[string]int, map[string]int, string, int](c, map[string]int{"z": 3}) })`, `copied(func(c map[string]int) { maps.Copy(c, map[string]int{"z": 3}) })`, "map[x:1 y:2 z:3]"},
	{`copied(func(c map[string]int) { maps.DeleteFunc[map[string]int, string, int](c, func(k string, v int) bool { return v == 1 }) })`, `copied(func(c map[string]int) { maps.DeleteFunc(c, func(k string, v int) bool { return v == 1 }) })`, "map[y:2]"},
	{`slices.Sorted[string](maps.Keys[map[string]int, string, int](m))`, `slices.Sorted(maps.Keys(m))`, "[x y]"},
	{`slices.Sorted[int](maps.Values[map[string]int, string, int](m))`, `slices.Sorted(maps.Values(m))`, "[1 2]"},
	{`maps.Collect[string, int](maps.All[map[string]int, string, int](m))`, `maps.Collect(maps.All(m))`, "map[x:1 y:2]"},
	{`copied(func(c map[string]int) { maps.Insert[map[string]int, string, int](c, maps.All[map[string]int, string, int](map[string]int{"w": 0})) })`, `copied(func(c map[string]int) { maps.Insert(c, maps.All(map[string]int{"w": 0})) })`, "map[w:0 x:1 y:2]"},
	{`cmp.Compare[float64](math.NaN(), 0)`, `cmp.Compare(math.NaN(), 0.0)`, "-1"},
	{`cmp.Less[string]("a", "b")`, `cmp.Less("a", "b")`, "true"},
	{`cmp.Or[string]("", "x")`, `cmp.Or("", "x")`, "x"},
	{`pulled(iter.Pull[int](slices.Values[[]int, int](b)))`, `pulled(iter.Pull(slices.Values(b)))`, "3"},
	{`rand.N[int](1)`, `rand.N(1)`, "0"},
	{`rand.N[time.Duration](1)`, `rand.N(time.Duration(1))`, "0s"},
}

// formsSetup declares what the forms use.
var formsSetup = []string{
	`import "slices"`, `import "maps"`, `import "cmp"`, `import "iter"`, `import "math/rand/v2"`,
	`import "fmt"`, `import "math"`, `import "time"`,
	`var a = []int{3, 1, 2, 1}`,
	`var b = []int{3, 1}`,
	`var m = map[string]int{"x": 1, "y": 2}`,
	`func eqInt(x, y int) bool { return x == y }`,
	`func isOne(x int) bool { return x == 1 }`,
	`func sorted(f func([]int)) []int { s := []int{3, 1, 2, 1}; f(s); return s }`,
	`func copied(f func(map[string]int)) map[string]int { c := map[string]int{"x": 1, "y": 2}; f(c); return c }`,
	`func pairs(seq func(func(int, int) bool)) (out []int) { seq(func(i, v int) bool { out = append(out, i, v); return true }); return out }`,
	`func pulled(next func() (int, bool), stop func()) int { defer stop(); v, _ := next(); return v }`,
}

// TestForms checks every explicit form, and that an inferred form yaegi accepts
// gives the right result (never a silently wrong one). It logs which inferred
// forms yaegi rejects, and how.
func TestForms(t *testing.T) {
	in, _ := newInterp(t)
	for _, s := range formsSetup {
		if _, err := eval(in, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	inferred := 0
	for _, f := range forms {
		got, err := eval(in, f.explicit)
		if err != nil || got != f.want {
			t.Errorf("%s = %s (%v), want %s", f.explicit, got, err, f.want)
		}
		got, err = eval(in, f.inferred)
		switch {
		case err != nil:
			t.Logf("inferred: %s: %v", f.inferred, strings.ReplaceAll(err.Error(), "\n", " "))
		case got != f.want:
			t.Errorf("inferred: %s = %s, want %s: silently wrong", f.inferred, got, f.want)
		default:
			inferred++
			t.Logf("inferred works: %s", f.inferred)
		}
	}
	t.Logf("inferred forms that work: %d of %d", inferred, len(forms))
}
