package lower

import (
	"go/ast"
	"go/types"
	"strconv"
	"strings"
)

// AssertFunc is the runtime function the operand of an assertion to an interface type
// of the notebook goes through (see IfaceAsserts).
const AssertFunc = "_hnrt.AssertTo"

// IfaceAsserts is the pass for x.(I), I an interface type the notebook declares, that no
// type of the notebook implements: only a value of a compiled type can be asserted.
//
// yaegi v0.16.1 asserts to an interface type of interpreted code only values of
// interpreted types (run.go, typeAssert: any other value is "nil"): x.(I) of an int panics
// with "interface conversion: nil is not main.I", where Go says "interface conversion:
// int is not main.I: missing method m" (recover3.go checks the text), and of a
// time.Duration that has I's methods it fails (v, ok = nil, false) where Go succeeds.
// The pass passes the operand through the session's runtime, which reads the value's
// methods with reflect:
//
//	x.(I)  ->  _hnrt.AssertTo(x, "main.I", false, "M", "m").(I)
//
// it panics with Go's runtime error when the value is nil or lacks a method, and with an
// error saying the interpreter cannot make the assertion when the value has all of I's
// methods; otherwise (v, ok := x.(I)) it returns x, which yaegi then rightly rejects.
// An assertion to an interface that a type of the notebook implements is left to
// yaegi, which asserts those values (see Values).
func IfaceAsserts(r *Result, src string) []Edit {
	if r == nil || r.Info == nil {
		return nil
	}
	commaOk := map[*ast.TypeAssertExpr]bool{}
	var asserts []*ast.TypeAssertExpr
	var named []*types.TypeName // the notebook's types
	for _, p := range r.pkgs {
		for _, n := range p.Scope().Names() {
			if tn, ok := p.Scope().Lookup(n).(*types.TypeName); ok {
				named = append(named, tn)
			}
		}
	}
	for _, o := range r.Info.Defs {
		if tn, ok := o.(*types.TypeName); ok && tn.Pkg() != nil && tn.Pkg().Path() == "main" {
			named = append(named, tn)
		}
	}
	r.inspect(func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == 2 && len(n.Rhs) == 1 {
				if ta, ok := ast.Unparen(n.Rhs[0]).(*ast.TypeAssertExpr); ok {
					commaOk[ta] = true
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == 2 && len(n.Values) == 1 {
				if ta, ok := ast.Unparen(n.Values[0]).(*ast.TypeAssertExpr); ok {
					commaOk[ta] = true
				}
			}
		case *ast.TypeAssertExpr:
			if n.Type != nil {
				asserts = append(asserts, n)
			}
		}
		return true
	})
	var edits []Edit
	for _, a := range asserts {
		t, ok := r.Info.Types[a.Type].Type.(*types.Named)
		if !ok || t.Obj().Pkg() == nil || t.Obj().Pkg().Path() != "main" || t.TypeArgs() != nil {
			continue
		}
		it, ok := t.Underlying().(*types.Interface)
		if !ok || it.NumMethods() == 0 || !types.IsInterface(r.Info.Types[a.X].Type) {
			continue
		}
		if xi, ok := r.Info.Types[a.X].Type.Underlying().(*types.Interface); ok && xi.Empty() && !commaOk[a] {
			continue // Values lowers it, and fails with Go's message (assertText)
		}
		implemented := false
		for _, tn := range named {
			o := tn.Type()
			if types.IsInterface(o) || tn.IsAlias() {
				continue
			}
			if types.Implements(o, it) || types.Implements(types.NewPointer(o), it) {
				implemented = true
				break
			}
		}
		if implemented {
			continue
		}
		args := []string{strconv.Quote("main." + t.Obj().Name()), strconv.FormatBool(commaOk[a])}
		for i := 0; i < it.NumMethods(); i++ {
			args = append(args, strconv.Quote(it.Method(i).Name()))
		}
		xs, xe := r.offset(src, a.X.Pos()), r.offset(src, a.X.End())
		edits = append(edits, Edit{xs, xs, AssertFunc + "("}, Edit{xe, xe, ", " + strings.Join(args, ", ") + ")"})
	}
	return edits
}
