package interp

import (
	"go/token"
	"go/types"
	"reflect"
	"strings"
	"testing"

	"github.com/hessnote/hessnote/interp/lower"
)

// FuzzLowering checks the property the lowering passes promise: a cell that
// type-checks against the session still type-checks after lowerCell rewrote it (with
// the compiled helpers of package _hnrt known to the checker as the session knows
// them, from their reflect types). A pass that breaks a cell would make the
// interpreter fail on text the user never wrote, or worse, run something else. The
// seeds exercise every pass; the seed corpus is in testdata/fuzz/FuzzLowering.
func FuzzLowering(f *testing.F) {
	for _, seed := range lowerSeeds {
		f.Add(seed)
	}
	lc := newLoweringCheck(f)
	f.Fuzz(func(t *testing.T, code string) { lc.check(t, code) })
}

// TestLoweringSeeds runs the property on every seed and makes sure each one is
// checked and lowered, not skipped (a seed that stopped type-checking would make the
// property hold for nothing).
func TestLoweringSeeds(t *testing.T) {
	lc := newLoweringCheck(t)
	edited := 0
	for _, seed := range lowerSeeds {
		n, ok := lc.check(t, seed)
		if !ok {
			t.Errorf("seed not checked or refused:\n%s", seed)
		}
		if n > 0 {
			edited++
		}
	}
	if edited < len(lowerSeeds)/2 {
		t.Errorf("only %d of %d seeds were changed by lowering", edited, len(lowerSeeds))
	}
}

// loweringCheck holds a session (for the environment of a cell) and a checker that
// knows the helpers of package _hnrt.
type loweringCheck struct {
	s     *Session
	after *lower.Checker
}

func newLoweringCheck(tb testing.TB) *loweringCheck {
	s := newHarness(tb, nil).s
	fset := token.NewFileSet()
	rt := rtPackage(tb, s.rt.exports()[rtPath+"/"+rtPath], newImporter(fset))
	return &loweringCheck{s: s, after: lower.NewChecker(fset, rtImporter{newImporter(fset), rt})}
}

// check lowers code and fails t when the lowered cell does not type-check; it returns
// the number of edits and whether the cell type-checked and was lowered.
func (lc *loweringCheck) check(t *testing.T, code string) (int, bool) {
	s := lc.s
	units := splitCell(code)
	if len(units) == 0 || strings.Contains(code, "\x00") {
		return 0, false
	}
	env, cell := s.checkInput(code, units)
	r := s.cellChecker().Check(env, cell)
	if r.Skip != "" || len(r.Errors) > 0 || r.Info == nil {
		return 0, false
	}
	edits, _, err := lowerCell(r, code, 1)
	if err != nil {
		return 0, false // refused: nothing runs
	}
	out := applyEdits(code, 0, len(code), edits)
	units2 := splitCell(out)
	if len(units2) == 0 {
		t.Fatalf("lowering emptied the cell\n%s", code)
	}
	env2, cell2 := s.checkInput(out, units2)
	env2.Imports = append(env2.Imports, lower.Import{Path: rtPath})
	env2.Decls = append(env2.Decls, lower.Decl{Key: "func _hnRecovered", Name: "_hnRecovered", Src: "func _hnRecovered(r any) any { return r }"})
	r2 := lc.after.Check(env2, cell2)
	if r2.Skip != "" {
		t.Fatalf("the lowered cell cannot be checked (%s)\ncell:\n%s\nlowered:\n%s", r2.Skip, code, out)
	}
	if len(r2.Errors) > 0 {
		t.Fatalf("the lowered cell does not type-check: %v\ncell:\n%s\nlowered:\n%s", r2.Errors, code, out)
	}
	return len(edits), true
}

// lowerSeeds are cells that exercise each lowering pass.
var lowerSeeds = []string{
	"type N uint8\nvar n N = 3\nvar k N\nfor i := range n {\n\t_ = i\n}\nfor k = range 2 {\n}\nfunc f() int { for range len(\"ab\") {}; for i := range 3 { i++; _ = i }; return 0 }",
	"x := 1\nx",
	"import \"fmt\"\nfunc o() {\n\tfor i := 0; i < 3; i++ {\n\t\tdefer fmt.Print(i)\n\t}\n}\no()",
	"import \"fmt\"\nx := 1\ndefer fmt.Println(x)\nx = 2",
	"import \"fmt\"\ntype T struct{ n int }\nfunc (t *T) Show(s string) { fmt.Println(t.n, s) }\nfunc f() {\n\tt := &T{1}\n\tdefer t.Show(fmt.Sprint(t.n))\n\tt.n = 2\n}\nf()",
	"import \"fmt\"\nfunc f() (r int) {\n\tdefer func() {\n\t\tif e := recover(); e != nil {\n\t\t\tr = 7\n\t\t}\n\t}()\n\tpanic(fmt.Sprint(1))\n}\nf()",
	"import (\"errors\"; \"fmt\")\ntype QE struct{ Q string }\nfunc (e *QE) Error() string { return e.Q }\nw := fmt.Errorf(\"wrap: %w\", &QE{\"x\"})\nvar q *QE\nok := errors.As(w, &q)\nok",
	"import \"errors\"\ne := errors.New(\"e\")\nw := errors.Unwrap(e)\nw == e",
	"import \"fmt\"\ntype Pt struct{ X, Y int }\nfmt.Sprintf(\"%T %v\", Pt{1, 2}, Pt{})",
	"import \"fmt\"\ntype Color int\nfunc (c Color) String() string { return \"red\" }\nvar x any = Color(1)\n_, ok := x.(fmt.Stringer)\nok",
	"type Shape interface{ Area() float64 }\ntype Circle struct{ R float64 }\nfunc (c Circle) Area() float64 { return c.R }\nfunc kind(s any) string {\n\tswitch v := s.(type) {\n\tcase Shape:\n\t\treturn \"shape\"\n\tcase error:\n\t\treturn v.Error()\n\t}\n\treturn \"\"\n}\nkind(Circle{1})",
	"func First[T any](xs ...T) T { return xs[0] }\nFirst(1, 2)",
	"func Map[T, U any](xs []T, f func(T) U) []U {\n\tvar out []U\n\tfor _, x := range xs {\n\t\tout = append(out, f(x))\n\t}\n\treturn out\n}\nys := Map([]int{1, 2}, func(i int) string { return \"a\" })\nys",
	"import \"fmt\"\nfunc init() { fmt.Println(\"init\") }\nfunc main() { fmt.Println(\"main\") }",
	"var a, b error\nx := a == b\ny := a != nil\nx && y",
	"import \"sync\"\nfunc sum() int {\n\tvar mu sync.Mutex\n\tvar wg sync.WaitGroup\n\tn := 0\n\tfor i := 0; i < 10; i++ {\n\t\twg.Add(1)\n\t\tgo func() {\n\t\t\tdefer wg.Done()\n\t\t\tmu.Lock()\n\t\t\tn += i\n\t\t\tmu.Unlock()\n\t\t}()\n\t}\n\twg.Wait()\n\treturn n\n}\nsum()",
	"for i := 0; i < 3; i++ {\n\tv := i\n\t_ = v\n}",
	"const (\n\tRed = iota\n\tGreen\n)\nGreen",
	"divmod := func(a, b int) (int, int) { return a / b, a % b }\ndivmod(7, 2)",
	"func gen(yield func(int) bool) {}\nfor x := range gen {\n\tif x == 1 {\n\t\tcontinue\n\t}\n\tswitch x {\n\tcase 2:\n\t\tbreak\n\t}\n}",
	"func pairs(yield func(string, int) bool) {}\nfunc sum() (s int) {\nL:\n\tfor _, v := range pairs {\n\t\tfor j := range 3 {\n\t\t\tif j == 1 {\n\t\t\t\tbreak L\n\t\t\t}\n\t\t\ts += v\n\t\t}\n\t}\n\treturn\n}",
	"func id(x int) int { return x }\nfunc sw() (int, int) {\n\ta, b := 1, 2\n\ta, b = id(b), id(a)\n\tch := make(chan int, 1)\n\tch <- 3\n\tx, y := <-ch, 5\n\treturn a + x, b + y\n}\nsw()",
	"import \"slices\"\nvar k int\nfor _, k = range slices.All([]int{3}) {\n}\nk",
}

// rtImporter is an importer that knows the compiled helpers' package.
type rtImporter struct {
	types.Importer
	rt *types.Package
}

func (im rtImporter) Import(path string) (*types.Package, error) {
	if path == rtPath {
		return im.rt, nil
	}
	return im.Importer.Import(path)
}

// rtPackage builds the go/types package of the compiled helpers from the reflect
// values the session gives the interpreter.
func rtPackage(tb testing.TB, syms map[string]reflect.Value, imp types.Importer) *types.Package {
	pkg := types.NewPackage(rtPath, rtPath)
	for name, v := range syms {
		t := goType(v.Type(), imp)
		if t == nil {
			// A helper of the session's own types (Stdout): lowered cells never name
			// it; if one did, the check below would fail with "undefined".
			tb.Logf("_hnrt.%s left out: its type %s is not a type of Go's packages", name, v.Type())
			continue
		}
		if sig, ok := t.(*types.Signature); ok && v.Kind() == reflect.Func {
			pkg.Scope().Insert(types.NewFunc(token.NoPos, pkg, name, sig))
			continue
		}
		pkg.Scope().Insert(types.NewVar(token.NoPos, pkg, name, t))
	}
	pkg.MarkComplete()
	return pkg
}

// goType returns the go/types type of a reflect type, or nil.
func goType(t reflect.Type, imp types.Importer) types.Type {
	if t.Name() != "" {
		if t.PkgPath() == "" {
			if o := types.Universe.Lookup(t.Name()); o != nil {
				return o.Type()
			}
			return nil
		}
		p, err := imp.Import(t.PkgPath())
		if err != nil {
			return nil
		}
		if o := p.Scope().Lookup(t.Name()); o != nil {
			return o.Type()
		}
		return nil
	}
	switch t.Kind() {
	case reflect.Interface:
		if t.NumMethod() == 0 {
			return types.NewInterfaceType(nil, nil)
		}
	case reflect.Pointer:
		if e := goType(t.Elem(), imp); e != nil {
			return types.NewPointer(e)
		}
	case reflect.Slice:
		if e := goType(t.Elem(), imp); e != nil {
			return types.NewSlice(e)
		}
	case reflect.Map:
		k, e := goType(t.Key(), imp), goType(t.Elem(), imp)
		if k != nil && e != nil {
			return types.NewMap(k, e)
		}
	case reflect.Func:
		vars := func(n int, at func(int) reflect.Type) (*types.Tuple, bool) {
			var vs []*types.Var
			for i := 0; i < n; i++ {
				x := goType(at(i), imp)
				if x == nil {
					return nil, false
				}
				vs = append(vs, types.NewParam(token.NoPos, nil, "", x))
			}
			return types.NewTuple(vs...), true
		}
		in, okIn := vars(t.NumIn(), t.In)
		out, okOut := vars(t.NumOut(), t.Out)
		if !okIn || !okOut {
			return nil
		}
		return types.NewSignatureType(nil, nil, nil, in, out, t.IsVariadic())
	}
	return nil
}
