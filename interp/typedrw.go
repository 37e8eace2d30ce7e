package interp

import (
	"go/ast"
	"go/types"
	"sync/atomic"

	"github.com/hessnote/hessnote/interp/lower"
)

// This file holds what the session's rewriter (split.go) decides from go/types in a cell
// that type-checked (rewriter.typed): there no guess from the syntax (typeOf, valueOf,
// maybeInt, rw.types, inferTypeArgs, collectTypeTexts) decides anything.

// typedGuesses counts the calls of the guessing functions in typed cells: none should
// happen (TestTypedCellsDoNotGuess).
var typedGuesses atomic.Int64

// guess is called by each function that guesses from the syntax.
func (rw *rewriter) guess() {
	if rw.typed {
		typedGuesses.Add(1)
	}
}

// typedCell is what go/types found in the running cell.
type typedCell struct {
	res   *lower.Result
	exprs map[[2]int]ast.Expr // lower.Result.Exprs
}

// setTyped gives rw the check of a cell that type-checked.
func (rw *rewriter) setTyped(res *lower.Result) {
	rw.typed = true
	rw.checked = &typedCell{res: res, exprs: res.Exprs(rw.code)}
}

// typeAndValue returns what go/types found for e, an expression of n.
func (rw *rewriter) typeAndValue(n *shifted, e ast.Expr) (types.TypeAndValue, bool) {
	if rw.checked == nil {
		return types.TypeAndValue{}, false
	}
	ce, ok := rw.checked.exprs[[2]int{n.off(e.Pos()), n.off(e.End())}]
	if !ok {
		return types.TypeAndValue{}, false
	}
	tv, ok := rw.checked.res.Info.Types[ce]
	return tv, ok && tv.Type != nil
}

// objectOf returns the object go/types found for id, an identifier of n, or nil.
func (rw *rewriter) objectOf(n *shifted, id *ast.Ident) types.Object {
	if rw.checked == nil {
		return nil
	}
	ce, ok := rw.checked.exprs[[2]int{n.off(id.Pos()), n.off(id.End())}].(*ast.Ident)
	if !ok {
		return nil
	}
	if o := rw.checked.res.Info.Uses[ce]; o != nil {
		return o
	}
	return rw.checked.res.Info.Defs[ce]
}

// isPackage reports whether id of n names an imported package (with path, that one).
func (rw *rewriter) isPackage(n *shifted, id *ast.Ident, path string) bool {
	if !rw.typed {
		return !rw.defined[id.Name] && rw.isPkg != nil && rw.isPkg(id.Name) && (path == "" || id.Name == path)
	}
	pn, ok := rw.objectOf(n, id).(*types.PkgName)
	return ok && (path == "" || pn.Imported().Path() == path)
}

// isConstant reports whether e of n is a constant or nil (a go statement keeps those
// in its call: := would give a constant its default type, and nil none).
func (rw *rewriter) isConstant(n *shifted, e ast.Expr) bool {
	if !rw.typed {
		return rw.constLike(e)
	}
	tv, ok := rw.typeAndValue(n, e)
	return ok && (tv.Value != nil || tv.IsNil())
}

// typedBuiltin rewrites a call of the builtin min, max or clear in a typed cell. min
// and max of constants become the constant; of a basic type they call the helper of
// that type (yaegi cannot assign the result
// of a generic call at top level); of another type (named, a type parameter) the
// generic helper, with a constant argument moved after a typed one (an untyped constant
// first makes yaegi's inference fail; min and max are symmetric).
func (rw *rewriter) typedBuiltin(n *shifted, x *ast.CallExpr, id *ast.Ident) {
	switch id.Name {
	case "clear":
		rw.edits = append(rw.edits, edit{n.off(id.Pos()), n.off(id.End()), "_hnrt.Clear"})
		return
	case "min", "max":
	default:
		return
	}
	name := "_hnMin"
	if id.Name == "max" {
		name = "_hnMax"
	}
	if tv, ok := rw.typeAndValue(n, x); ok {
		if c := rw.checked.res.ConstText(tv); c != "" {
			// Constant arguments make a constant (Go's specification, "Min and max"),
			// which a const declaration may take: yaegi took the call there and gave
			// `const c = min(1, 2.5)` an integer value (c / 2 was 0).
			rw.edits = append(rw.edits, edit{n.off(x.Pos()), n.off(x.End()), c})
			return
		}
		if b, ok := types.Default(tv.Type).(*types.Basic); ok {
			if t := types.Typ[b.Kind()].Name(); basicTypes[t] {
				rw.edits = append(rw.edits, edit{n.off(id.Pos()), n.off(id.End()), name + "_" + t})
				return
			}
		}
	}
	rw.edits = append(rw.edits, edit{n.off(id.Pos()), n.off(id.End()), name})
	if len(x.Args) > 1 && rw.isConstant(n, x.Args[0]) {
		for j := 1; j < len(x.Args); j++ {
			if !rw.isConstant(n, x.Args[j]) {
				a0 := rw.code[n.off(x.Args[0].Pos()):n.off(x.Args[0].End())]
				aj := rw.code[n.off(x.Args[j].Pos()):n.off(x.Args[j].End())]
				rw.edits = append(rw.edits,
					edit{n.off(x.Args[0].Pos()), n.off(x.Args[0].End()), aj},
					edit{n.off(x.Args[j].Pos()), n.off(x.Args[j].End()), a0})
				break
			}
		}
	}
}

// goSimple reports whether `go f(...)` of a typed cell calls f in the goroutine (see
// rewriteGo): f is a builtin, a generic function or a method value rather than a
// function or a package's function.
func (rw *rewriter) goSimple(n *shifted, fun ast.Expr) bool {
	switch f := fun.(type) {
	case *ast.Ident:
		if hidden(f.Name) {
			return true
		}
		switch o := rw.objectOf(n, f).(type) {
		case *types.Builtin:
			return true
		case *types.Func:
			sig, _ := o.Type().(*types.Signature)
			return sig != nil && sig.TypeParams().Len() > 0
		}
		return false
	case *ast.SelectorExpr:
		id, ok := f.X.(*ast.Ident)
		return !ok || !rw.isPackage(n, id, "")
	case *ast.IndexExpr, *ast.IndexListExpr, *ast.ParenExpr:
		return true
	}
	return false
}

// commaOkType returns the type, as source, of v in a top-level `v, ok := m[k]` or
// `v, ok := <-ch` of a typed cell: the element type of the map or channel, or "".
func (rw *rewriter) commaOkType(n *shifted, x ast.Expr) string {
	tv, ok := rw.typeAndValue(n, x)
	if !ok {
		return ""
	}
	switch t := tv.Type.Underlying().(type) {
	case *types.Map:
		return rw.checked.res.TypeString(t.Elem())
	case *types.Chan:
		return rw.checked.res.TypeString(t.Elem())
	}
	return ""
}

// typedVarTypes records, for %who and inspection, the types go/types gave the variables
// the cell declares ("" when they cannot be written: the value's type is shown then).
func (rw *rewriter) typedVarTypes() {
	for _, v := range rw.checked.res.Defined {
		rw.typeTexts[v.Name] = v.Type
	}
}

// callsValue reports whether body, of n, calls a function value (see callsValue in
// split.go), from go/types in a typed cell: the function called is a variable, a field
// (s.f()), an element or a call result, rather than a declared function, a method, a
// conversion or a builtin. A callee go/types does not know counts as a value.
func (rw *rewriter) callsValue(n *shifted, body ast.Node) bool {
	if !rw.typed {
		return callsValue(body, rw.known)
	}
	isFunc := func(id *ast.Ident) bool {
		_, ok := rw.objectOf(n, id).(*types.Func)
		return ok
	}
	found := false
	ast.Inspect(body, func(x ast.Node) bool {
		c, ok := x.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		if tv, ok := rw.typeAndValue(n, c.Fun); ok && (tv.IsType() || tv.IsBuiltin()) {
			return true
		}
		switch f := ast.Unparen(c.Fun).(type) {
		case *ast.Ident:
			found = !isFunc(f)
		case *ast.IndexExpr:
			id, ok := f.X.(*ast.Ident)
			found = !ok || !isFunc(id) // an element, or an instance of a generic function
		case *ast.IndexListExpr:
			id, ok := f.X.(*ast.Ident)
			found = !ok || !isFunc(id)
		case *ast.SelectorExpr:
			found = !isFunc(f.Sel) // a method or a package's function, else a field or variable
		case *ast.FuncLit:
			// Called where it is written.
		default:
			found = true
		}
		return !found
	})
	return found
}
