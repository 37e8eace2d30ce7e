package stdsrc_test

import "testing"

// userForms calls every generic function of the source packages with types a
// cell declares (F, Fs, M, K and MK below), in the explicit form.
var userForms = []form{
	{`slices.Equal[Fs, F](fa, fb)`, "", "false"},
	{`slices.EqualFunc[Fs, Fs, F, F](fa, fb, eqF)`, "", "false"},
	{`slices.Compare[Fs, F](fa, fb)`, "", "1"},
	{`slices.CompareFunc[Fs, Fs, F, F](fa, fb, cmp.Compare[F])`, "", "1"},
	{`slices.Index[Fs, F](fa, 1)`, "", "1"},
	{`slices.IndexFunc[Fs, F](fa, isOneF)`, "", "1"},
	{`slices.Contains[Fs, F](fa, 1)`, "", "true"},
	{`slices.ContainsFunc[Fs, F](fa, isOneF)`, "", "true"},
	{`slices.Insert[Fs, F](slices.Clone[Fs, F](fa), 1, 7)`, "", "[3 7 1 2 1]"},
	{`slices.Delete[Fs, F](slices.Clone[Fs, F](fa), 0, 2)`, "", "[2 1]"},
	{`slices.DeleteFunc[Fs, F](slices.Clone[Fs, F](fa), isOneF)`, "", "[3 2]"},
	{`slices.Replace[Fs, F](slices.Clone[Fs, F](fa), 0, 1, 8, 9)`, "", "[8 9 1 2 1]"},
	{`slices.Compact[Fs, F](Fs{1, 1, 2})`, "", "[1 2]"},
	{`slices.CompactFunc[Fs, F](Fs{1, 1, 2}, eqF)`, "", "[1 2]"},
	{`cap(slices.Grow[Fs, F](fa, 10)) >= 14`, "", "true"},
	{`cap(slices.Clip[Fs, F](fa[:1]))`, "", "1"},
	{`slices.Concat[Fs, F](fa, fb)`, "", "[3 1 2 1 3 1]"},
	{`slices.Repeat[Fs, F](fb, 2)`, "", "[3 1 3 1]"},
	{`fmt.Sprint(slices.BinarySearch[Fs, F](Fs{1, 3}, 3))`, "", "1 true"},
	{`fmt.Sprint(slices.BinarySearchFunc[Fs, F, F](Fs{1, 3}, 2, cmp.Compare[F]))`, "", "1 false"},
	{`slices.IsSorted[Fs, F](fa)`, "", "false"},
	{`slices.IsSortedFunc[Fs, F](fa, cmp.Compare[F])`, "", "false"},
	{`slices.Min[Fs, F](fa)`, "", "1"},
	{`slices.MinFunc[Fs, F](fa, cmp.Compare[F])`, "", "1"},
	{`slices.Max[Fs, F](fa)`, "", "3"},
	{`slices.MaxFunc[Fs, F](fa, cmp.Compare[F])`, "", "3"},
	{`sortedF(func(s Fs) { slices.Sort[Fs, F](s) })`, "", "[1 1 2 3]"},
	{`sortedF(func(s Fs) { slices.SortFunc[Fs, F](s, cmp.Compare[F]) })`, "", "[1 1 2 3]"},
	{`sortedF(func(s Fs) { slices.SortStableFunc[Fs, F](s, cmp.Compare[F]) })`, "", "[1 1 2 3]"},
	{`sortedF(func(s Fs) { slices.Reverse[Fs, F](s) })`, "", "[1 2 1 3]"},
	{`slices.Collect[F](slices.Values[Fs, F](fb))`, "", "[3 1]"},
	{`slices.AppendSeq[Fs, F](Fs{0}, slices.Values[Fs, F](fb))`, "", "[0 3 1]"},
	{`slices.Sorted[F](slices.Values[Fs, F](fa))`, "", "[1 1 2 3]"},
	{`slices.SortedFunc[F](slices.Values[Fs, F](fa), cmp.Compare[F])`, "", "[1 1 2 3]"},
	{`slices.SortedStableFunc[F](slices.Values[Fs, F](fa), cmp.Compare[F])`, "", "[1 1 2 3]"},
	{`len(slices.Collect[Fs](slices.Chunk[Fs, F](fa, 3)))`, "", "2"},
	{`maps.Equal[M, M, string, F](mf, mf)`, "", "true"},
	{`maps.EqualFunc[M, M, string, F, F](mf, mf, eqF)`, "", "true"},
	{`len(maps.Clone[M, string, F](mf))`, "", "2"},
	{`slices.Sorted[string](maps.Keys[M, string, F](mf))`, "", "[x y]"},
	{`slices.Sorted[F](maps.Values[M, string, F](mf))`, "", "[1 2]"},
	{`len(maps.Collect[string, F](maps.All[M, string, F](mf)))`, "", "2"},
	{`len(maps.Collect[K, F](maps.All[MK, K, F](MK{"x": 1})))`, "", "1"},
	{`copiedMK(func(c MK) { maps.Insert[MK, K, F](c, maps.All[MK, K, F](MK{"w": 0})) })`, "", "map[w:0 x:1]"},
	{`copiedMK(func(c MK) { maps.Copy[MK, MK, K, F](c, MK{"z": 3}) })`, "", "map[x:1 z:3]"},
	{`copiedMK(func(c MK) { maps.DeleteFunc[MK, K, F](c, func(k K, v F) bool { return v == 1 }) })`, "", "map[]"},
	{`pulledF(iter.Pull[F](slices.Values[Fs, F](fb)))`, "", "3"},
	{`pulledF2(iter.Pull2[int, F](slices.All[Fs, F](fb)))`, "", "3"},
	{`cmp.Compare[F](1, 2)`, "", "-1"},
	{`cmp.Less[F](1, 2)`, "", "true"},
	{`cmp.Or[F](0, 2)`, "", "2"},
	{`rand.N[F2](1)`, "", "0"},
}

var userFormsSetup = []string{
	`import "slices"`, `import "maps"`, `import "cmp"`, `import "iter"`, `import "math/rand/v2"`, `import "fmt"`,
	`type F float64`, `type F2 int`, `type Fs []F`, `type M map[string]F`, `type K string`, `type MK map[K]F`,
	`func copiedMK(f func(MK)) MK { c := MK{"x": 1}; f(c); return c }`,
	`func pulledF(next func() (F, bool), stop func()) F { defer stop(); v, _ := next(); return v }`,
	`func pulledF2(next func() (int, F, bool), stop func()) F { defer stop(); _, v, _ := next(); return v }`,
	`var fa = Fs{3, 1, 2, 1}`,
	`var fb = Fs{3, 1}`,
	`var mf = M{"x": 1, "y": 2}`,
	`func eqF(x, y F) bool { return x == y }`,
	`func isOneF(x F) bool { return x == 1 }`,
	`func sortedF(f func(Fs)) Fs { s := Fs{3, 1, 2, 1}; f(s); return s }`,
}

// TestUserForms runs userForms: every call with a cell's types.
func TestUserForms(t *testing.T) {
	in, _ := newInterp(t)
	for _, s := range userFormsSetup {
		if _, err := eval(in, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	for _, f := range userForms {
		if got, err := eval(in, f.explicit); err != nil || got != f.want {
			t.Errorf("%s = %s (%v), want %s", f.explicit, got, err, f.want)
		}
	}
}
