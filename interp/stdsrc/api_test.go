package stdsrc_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestAPIMatchesStd type-checks the standard packages (from GOROOT's source) and
// ours, and checks that ours declare every exported name of Go's API with the
// same kind, and every function with the same signature and the same type
// parameters in the same order (the session writes explicit instantiations
// from Go's signatures) and constraints with the same type sets.
func TestAPIMatchesStd(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks GOROOT sources")
	}
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "source", nil)
	for _, path := range []string{"cmp", "iter", "maps", "slices", "math/rand/v2"} {
		std, err := imp.Import(path)
		if err != nil {
			t.Fatal(err)
		}
		ours := checkOurs(t, fset, imp, path)
		for _, name := range std.Scope().Names() {
			want := std.Scope().Lookup(name)
			if !want.Exported() {
				continue
			}
			got := ours.Scope().Lookup(name)
			if got == nil {
				t.Errorf("%s.%s is missing", path, name)
				continue
			}
			if g, w := objKind(got), objKind(want); g != w {
				t.Errorf("%s.%s is a %s, Go's is a %s", path, name, g, w)
				continue
			}
			if f, ok := want.(*types.Func); ok {
				if g, w := signature(got.(*types.Func)), signature(f); g != w {
					t.Errorf("%s.%s:\n have %s\n want %s", path, name, g, w)
				}
			}
		}
	}
}

// checkOurs type-checks the source package of hessnote for import path path.
func checkOurs(t *testing.T, fset *token.FileSet, imp types.Importer, path string) *types.Package {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("src", filepath.FromSlash(path), "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var parsed []*ast.File
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		parsed = append(parsed, f)
	}
	pkg, err := (&types.Config{Importer: imp}).Check(path, fset, parsed, nil)
	if err != nil {
		t.Fatal(err)
	}
	return pkg
}

// objKind names the kind of a package-level object (an alias counts as the
// type it names).
func objKind(o types.Object) string {
	switch o := o.(type) {
	case *types.Func:
		return "func"
	case *types.TypeName:
		if _, ok := types.Unalias(o.Type()).Underlying().(*types.Interface); ok {
			return "interface type"
		}
		return "type"
	case *types.Var:
		return "var"
	case *types.Const:
		return "const"
	}
	return "?"
}

// signature renders a function's signature with its type parameters named by
// position (P0, P1, ...), preceded by the type sets of their constraints.
func signature(f *types.Func) string {
	sig := f.Type().(*types.Signature)
	qual := func(p *types.Package) string { return p.Name() }
	tps := sig.TypeParams()
	// The parameters and results alone: the type parameter list would name
	// the constraints, and ours have other names (see slices.ordered).
	s := types.TypeString(types.NewSignatureType(nil, nil, nil, sig.Params(), sig.Results(), sig.Variadic()), qual)
	var params []string
	for i := 0; i < tps.Len(); i++ {
		tp := tps.At(i)
		params = append(params, types.TypeString(tp.Constraint().Underlying(), qual))
	}
	for i := 0; i < tps.Len(); i++ {
		name := regexp.MustCompile(`\b` + regexp.QuoteMeta(tps.At(i).Obj().Name()) + `\b`)
		s = name.ReplaceAllString(s, "P"+string(rune('0'+i)))
		for j := range params {
			params[j] = name.ReplaceAllString(params[j], "P"+string(rune('0'+i)))
		}
	}
	return "[" + strings.Join(params, "; ") + "]" + s
}
