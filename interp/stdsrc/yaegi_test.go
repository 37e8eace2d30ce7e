package stdsrc_test

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/hessnote/hessnote/interp/stdsrc"
	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// newInterp returns a raw yaegi interpreter set up as the session must: yaegi's
// own generic sources disabled, the source packages removed from the binary
// table, and FS as the GOPATH.
func newInterp(t testing.TB) (*interp.Interpreter, *bytes.Buffer) {
	t.Helper()
	stdsrc.DisableYaegiGenerics()
	var out bytes.Buffer
	in := interp.New(interp.Options{GoPath: stdsrc.GoPath, SourcecodeFilesystem: stdsrc.FS(), Stdout: &out, Stderr: &out})
	if err := in.Use(stdsrc.Symbols(stdlib.Symbols)); err != nil {
		t.Fatal(err)
	}
	return in, &out
}

// eval evaluates src, turning a panic that escapes yaegi into an error.
func eval(in *interp.Interpreter, src string) (res string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic escaped Eval: %v", r)
		}
	}()
	v, err := in.Eval(src)
	if err != nil {
		return "", err
	}
	if !v.IsValid() {
		return "<invalid>", nil
	}
	return fmt.Sprint(v.Interface()), nil
}

// cell is one Eval and the fmt.Sprint of its value ("" to ignore the value).
type cell struct{ src, want string }

// runCells evaluates cells in order in one interpreter and checks each result.
func runCells(t *testing.T, in *interp.Interpreter, cells []cell) {
	t.Helper()
	for _, c := range cells {
		got, err := eval(in, c.src)
		if err != nil {
			t.Errorf("%s: %v", c.src, err)
			continue
		}
		if c.want != "" && got != c.want {
			t.Errorf("%s = %s, want %s", c.src, got, c.want)
		}
	}
}

func TestCellsExplicit(t *testing.T) {
	in, out := newInterp(t)
	runCells(t, in, []cell{
		{`import "slices"`, ""},
		{`import "maps"`, ""},
		{`import "cmp"`, ""},
		{`import "iter"`, ""},
		{`import "math"`, ""},
		{`import "fmt"`, ""},
		{`x := []int{3, 1, 2, 3}`, ""},
		{`slices.Contains[[]int, int](x, 2)`, "true"},
		{`slices.Index[[]int, int](x, 3)`, "0"},
		{`slices.IndexFunc[[]int, int](x, func(v int) bool { return v < 2 })`, "1"},
		{`slices.Max[[]int, int](x)`, "3"},
		{`slices.Min[[]int, int](x)`, "1"},
		{`var y []int`, ""},
		{`y = slices.Clone[[]int, int](x)`, ""},
		{`slices.Sort[[]int, int](y)`, ""},
		{`y`, "[1 2 3 3]"},
		{`slices.Compact[[]int, int](y)`, "[1 2 3]"},
		{`slices.BinarySearch[[]int, int]([]int{1, 3, 5}, 4)`, "2"},
		{`slices.Insert[[]int, int]([]int{1, 2}, 1, 7, 8)`, "[1 7 8 2]"},
		{`slices.Delete[[]int, int]([]int{1, 2, 3, 4}, 1, 3)`, "[1 4]"},
		{`slices.Replace[[]int, int]([]int{1, 2, 3}, 0, 2, 9)`, "[9 3]"},
		{`slices.Equal[[]int, int]([]int{1}, []int{1})`, "true"},
		{`slices.Compare[[]string, string]([]string{"a"}, []string{"a", "b"})`, "-1"},
		{`slices.Reverse[[]int, int](x)`, ""},
		{`x`, "[3 2 1 3]"},
		{`slices.Concat[[]int, int]([]int{1}, []int{2, 3})`, "[1 2 3]"},
		{`slices.Repeat[[]int, int]([]int{1, 2}, 2)`, "[1 2 1 2]"},
		{`fs := []float64{2, math.NaN(), -1}`, ""},
		{`slices.Sort[[]float64, float64](fs)`, ""},
		{`fmt.Sprint(fs)`, "[NaN -1 2]"},
		{`slices.IsSorted[[]float64, float64](fs)`, "true"},
		{`type pt struct{ X, Y int }`, ""},
		{`ps := []pt{{2, 1}, {1, 2}, {2, 0}, {1, 1}}`, ""},
		{`slices.SortStableFunc[[]pt, pt](ps, func(a, b pt) int { return cmp.Compare[int](a.X, b.X) })`, ""},
		{`fmt.Sprint(ps)`, "[{1 2} {1 1} {2 1} {2 0}]"},
		{`slices.MaxFunc[[]pt, pt](ps, func(a, b pt) int { return a.Y - b.Y })`, "{1 2}"},
		{`slices.Collect[int](slices.Values[[]int, int]([]int{4, 5}))`, "[4 5]"},
		{`slices.Sorted[string](maps.Keys[map[string]int, string, int](map[string]int{"b": 1, "a": 2}))`, "[a b]"},
		{`slices.Sorted[int](maps.Values[map[string]int, string, int](map[string]int{"b": 1, "a": 2}))`, "[1 2]"},
		{`len(maps.Collect[string, int](maps.All[map[string]int, string, int](map[string]int{"b": 1, "a": 2})))`, "2"},
		{`slices.Collect[[]int](slices.Chunk[[]int, int]([]int{1, 2, 3}, 2))`, "[[1 2] [3]]"},
		{`slices.Backward[[]string, string]([]string{"a", "b"})(func(i int, s string) bool { fmt.Print(i, s, " "); return true })`, ""},
		{`cmp.Compare[float64](math.NaN(), 1)`, "-1"},
		{`cmp.Less[string]("a", "b")`, "true"},
		{`cmp.Or[string]("", "x", "y")`, "x"},
		{`m := map[string]int{"a": 1}`, ""},
		{`maps.Equal[map[string]int, map[string]int, string, int](m, maps.Clone[map[string]int, string, int](m))`, "true"},
		{`maps.Copy[map[string]int, map[string]int, string, int](m, map[string]int{"b": 2})`, ""},
		{`len(m)`, "2"},
		{`maps.DeleteFunc[map[string]int, string, int](m, func(k string, v int) bool { return v > 1 })`, ""},
		{`fmt.Sprint(m)`, "map[a:1]"},
	})
	if got := out.String(); got != "1b 0a " {
		t.Errorf("printed %q", got)
	}
}

// TestCellsUserTypes instantiates with types a cell declares.
func TestCellsUserTypes(t *testing.T) {
	in, _ := newInterp(t)
	runCells(t, in, []cell{
		{`import "slices"`, ""},
		{`import "maps"`, ""},
		{`import "fmt"`, ""},
		{`type F float64`, ""},
		{`type Ints []int`, ""},
		{`type M map[string]F`, ""},
		{`f := []F{3, 1, 2}`, ""},
		{`slices.Sort[[]F, F](f)`, ""},
		{`fmt.Sprint(f)`, "[1 2 3]"},
		{`slices.Compare[[]F, F](f, f)`, "0"},
		{`slices.BinarySearch[[]F, F](f, 2)`, "1"},
		{`slices.Max[[]F, F](f)`, "3"},
		{`is := Ints{2, 1}`, ""},
		{`slices.Sort[Ints, int](is)`, ""},
		{`fmt.Sprint(is)`, "[1 2]"},
		{`fmt.Sprint(slices.Sorted[F](maps.Values[M, string, F](M{"a": 2, "b": 1})))`, "[1 2]"},
		// The interpreted merge sort (int32 is not one of the compiled shortcut's
		// types), on more than one run.
		{`import "sort"`, ""},
		{`func sorted32() bool {
	s := make([]int32, 500)
	for i := range s {
		s[i] = int32((i * 7919) % 501)
	}
	slices.Sort[[]int32, int32](s)
	return sort.SliceIsSorted(s, func(i, j int) bool { return s[i] < s[j] }) && s[0] == 0 && s[499] == 500
}`, ""},
		{`sorted32()`, "true"},
	})
}

// TestCellsIter runs iter.Pull and Pull2 inside functions (a cell-level
// multi-value := of functions is a separate yaegi fault).
func TestCellsIter(t *testing.T) {
	in, _ := newInterp(t)
	runCells(t, in, []cell{
		{`import "slices"`, ""},
		{`import "iter"`, ""},
		{`func pull() []int {
	next, stop := iter.Pull[int](slices.Values[[]int, int]([]int{1, 2, 3}))
	defer stop()
	var out []int
	for {
		v, ok := next()
		if !ok {
			break
		}
		out = append(out, v)
	}
	_, ok := next()
	if ok {
		out = append(out, -1)
	}
	return out
}`, ""},
		{`pull()`, "[1 2 3]"},
		{`func pullStop() int {
	next, stop := iter.Pull2[int, string](slices.All[[]string, string]([]string{"a", "b", "c"}))
	i, _, _ := next()
	stop()
	stop()
	_, _, ok := next()
	if ok {
		return -1
	}
	return i
}`, ""},
		{`pullStop()`, "0"},
		{`func pullPanic() (r any) {
	defer func() { r = recover() }()
	next, stop := iter.Pull[int](func(yield func(int) bool) { yield(1); panic("boom") })
	defer stop()
	next()
	next()
	return nil
}`, ""},
		{`pullPanic()`, "boom"},
		{`var s iter.Seq[int] = slices.Values[[]int, int]([]int{7})`, ""},
		{`slices.Collect[int](s)`, "[7]"},
	})
}

func TestCellsRand(t *testing.T) {
	in, _ := newInterp(t)
	runCells(t, in, []cell{
		{`import "math/rand/v2"`, ""},
		{`import "time"`, ""},
		{`var n int`, ""},
		{`n = rand.N[int](10)`, ""},
		{`n >= 0 && n < 10`, "true"},
		{`var d time.Duration`, ""},
		{`d = rand.N[time.Duration](time.Second)`, ""},
		{`d >= 0 && d < time.Second`, "true"},
		{`var u uint8`, ""},
		{`u = rand.N[uint8](3)`, ""},
		{`u < 3`, "true"},
		{`r := rand.New(rand.NewPCG(1, 2))`, ""},
		{`r.IntN(1000)`, fmt.Sprint(newPCG().IntN(1000))},
		{`rand.IntN(5) < 5`, "true"},
		{`type counter struct{ n uint64 }`, ""},
		{`func (c *counter) Uint64() uint64 { c.n++; return c.n << 40 }`, ""},
		{`var own rand.Source = &counter{}`, ""},
		{`rand.New(own).Uint64()`, "1099511627776"},
		{`rand.New(&counter{}).Uint64()`, "1099511627776"},
		{`rand.New(rand.NewChaCha8([32]byte{})).IntN(1000)`, fmt.Sprint(newChaCha().IntN(1000))},
		{`rand.NewZipf(rand.New(rand.NewPCG(1, 2)), 2, 1, 10).Uint64() <= 10`, "true"},
		{`rand.UintN(5) < 5`, "true"},
		{`len(rand.Perm(4))`, "4"},
		{`func bad() (r any) { defer func() { r = recover() }(); rand.N[int](0); return nil }`, ""},
		{`bad()`, "invalid argument to N"},
	})
}

// BenchmarkFirstImport measures the first import of each package in a fresh
// interpreter: parse, type analysis and compilation of its source, once per
// session. Run: go test -run '^$' -bench FirstImport -benchtime 20x ./interp/stdsrc
func BenchmarkFirstImport(b *testing.B) {
	for _, p := range []string{"cmp", "iter", "maps", "slices", "math/rand/v2"} {
		b.Run(strings.ReplaceAll(p, "/", "_"), func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				in, _ := newInterp(b)
				b.StartTimer()
				if _, err := eval(in, `import "`+p+`"`); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestCellsLoweredRange runs the form a range over a function must be lowered
// to for yaegi (which fails on the range itself with "nil type"): a call of the
// sequence with a yield function, continue as return true, break as return
// false.
func TestCellsLoweredRange(t *testing.T) {
	in, _ := newInterp(t)
	runCells(t, in, []cell{
		{`import "slices"`, ""},
		{`import "maps"`, ""},
		{`func sumUntil(limit int) int {
	n := 0
	slices.Values[[]int, int]([]int{1, 2, 3, 4, 5})(func(v int) bool {
		if v == 2 {
			return true
		}
		if v > limit {
			return false
		}
		n += v
		return true
	})
	return n
}`, ""},
		{`sumUntil(4)`, "8"},
		{`func keySum(m map[string]int) (ks string, vs int) {
	maps.All[map[string]int, string, int](m)(func(k string, v int) bool {
		ks += k
		vs += v
		return true
	})
	return ks, vs
}`, ""},
		{`len(slices.Sorted[string](maps.Keys[map[string]int, string, int](map[string]int{"a": 1, "b": 2})))`, "2"},
		{`func keyTotal() int { _, v := keySum(map[string]int{"a": 1, "b": 2}); return v }`, ""},
		{`keyTotal()`, "3"},
	})
}

// TestNoImplicitPackages checks that yaegi's own generic sources are gone: with
// them, slices was a package without an import.
func TestNoImplicitPackages(t *testing.T) {
	in, _ := newInterp(t)
	if _, err := eval(in, `slices.Index[[]int, int]([]int{2, 1}, 1)`); err == nil || !strings.Contains(err.Error(), "undefined: slices") {
		t.Errorf("slices without import: %v", err)
	}
}

// TestCellsPanics checks that the panics the standard library documents come
// back from Eval as errors with the message, and leave the interpreter usable.
func TestCellsPanics(t *testing.T) {
	in, _ := newInterp(t)
	for _, s := range []string{`import "slices"`, `import "math/rand/v2"`} {
		if _, err := eval(in, s); err != nil {
			t.Fatal(err)
		}
	}
	for src, want := range map[string]string{
		`slices.Delete[[]int, int]([]int{1, 2}, 1, 3)`:                         "slice bounds out of range [:3] with length 2",
		`slices.Delete[[]int, int]([]int{1, 2}, 2, 1)`:                         "slice bounds out of range [2:1]",
		`slices.Insert[[]int, int]([]int{1, 2}, 3, 0)`:                         "slice bounds out of range [3:2]",
		`slices.Replace[[]int, int]([]int{1, 2}, -1, 1)`:                       "slice bounds out of range [-1:1]",
		`slices.Max[[]float64, float64](nil)`:                                  "slices.Max: empty list",
		`slices.Grow[[]int, int](nil, -1)`:                                     "cannot be negative",
		`slices.Repeat[[]int, int]([]int{1}, -1)`:                              "cannot be negative",
		`slices.Chunk[[]int, int]([]int{1}, 0)`:                                "cannot be less than 1",
		`rand.N[int64](-5)`:                                                    "invalid argument to N",
		`slices.MinFunc[[]int, int](nil, func(a, b int) int { return a - b })`: "slices.MinFunc: empty list",
	} {
		_, err := eval(in, src)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want %q", src, err, want)
		}
	}
	if got, err := eval(in, `slices.Index[[]int, int]([]int{4, 5}, 5)`); err != nil || got != "1" {
		t.Errorf("after the panics: %s %v", got, err)
	}
}

// TestSymbolsRandOverride gives the interpreter a second table that replaces
// math/rand/v2's Uint64N (as the session does for its seedable global source):
// through Symbols it lands behind the source package, where rand.N uses it.
func TestSymbolsRandOverride(t *testing.T) {
	in, _ := newInterp(t)
	override := interp.Exports{"math/rand/v2/rand": {
		"Uint64N": reflect.ValueOf(func(n uint64) uint64 { return n - 1 }),
	}}
	if err := in.Use(stdsrc.Symbols(override)); err != nil {
		t.Fatal(err)
	}
	runCells(t, in, []cell{
		{`import "math/rand/v2"`, ""},
		{`rand.N[int](10)`, "9"},
		{`rand.Uint64N(5)`, "4"},
		{`rand.UintN(1)`, "0"},
	})
}
