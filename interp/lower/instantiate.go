package lower

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// Instantiate is the pass that writes the type arguments of every generic function call
// whose type arguments Go infers: `slices.Sort(xs)` becomes `slices.Sort[[]int, int](xs)`.
// yaegi v0.16.1 infers type arguments only in simple cases: with two or more type
// parameters, an untyped constant argument, or a core-type constraint it fails with
// "undefined type for T" (see ../shared/yaegi.md, "Generics and newer Go"). go/types
// infers them as the language specifies ("Type inference"), and the pass copies its
// answer (types.Info.Instances). A call whose type arguments cannot be written in the
// cell (an unexported type of another package) is left as it is.
//
// yaegi also fails on a cell-level `y := g[int](x)` ("not a generic type", "constant
// definition loop"); such a statement with one variable becomes
// `var y T; y = g[int](x)`, which it runs.
func Instantiate(r *Result, src string) []Edit {
	if r == nil || r.Info == nil {
		return nil
	}
	var edits []Edit
	generic := map[ast.Node]bool{} // calls given type arguments, explicit or by the pass
	r.inspect(func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		var id *ast.Ident
		switch fun := ast.Unparen(call.Fun).(type) {
		case *ast.Ident:
			id = fun
		case *ast.SelectorExpr:
			id = fun.Sel
		case *ast.IndexExpr, *ast.IndexListExpr:
			if x := typeArgsOf(fun); x != nil {
				if _, ok := r.Info.Instances[x]; ok {
					generic[call] = true
				}
			}
			return true
		}
		if id == nil {
			return true
		}
		inst, ok := r.Info.Instances[id]
		if !ok || inst.TypeArgs == nil {
			return true
		}
		if _, isSig := inst.Type.(*types.Signature); !isSig {
			return true
		}
		if yaegiInfers(inst, call) && troubleTypeArg(inst, r.qual) != "" {
			return true // see typeargs.go
		}
		var args []string
		for i := 0; i < inst.TypeArgs.Len(); i++ {
			t := typeText(inst.TypeArgs.At(i), r.qual)
			if t == "" {
				return true
			}
			args = append(args, t)
		}
		end := r.offset(src, id.End())
		edits = append(edits, Edit{end, end, "[" + strings.Join(args, ", ") + "]"})
		generic[call] = true
		return true
	})
	// Cell-level := of a generic call's value.
	for _, st := range r.CellBody() {
		as, ok := st.(*ast.AssignStmt)
		if !ok || as.Tok != token.DEFINE || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
			continue
		}
		has := false
		ast.Inspect(as.Rhs[0], func(n ast.Node) bool {
			if _, ok := n.(*ast.FuncLit); ok {
				return false
			}
			has = has || generic[n]
			return !has
		})
		id, ok := as.Lhs[0].(*ast.Ident)
		if !has || !ok || id.Name == "_" {
			continue
		}
		o := r.Info.Defs[id]
		if o == nil {
			continue // an assignment to a variable of the cell (x, y := ...)
		}
		t := typeText(o.Type(), r.qual)
		if t == "" {
			continue
		}
		start, tok := r.offset(src, id.Pos()), r.offset(src, as.TokPos)
		edits = append(edits,
			Edit{start, start, "var " + id.Name + " " + t + "; "},
			Edit{tok, tok + 2, "="})
	}
	return edits
}

// typeArgsOf returns the identifier of an explicitly instantiated function g[T] or
// pkg.g[T, U].
func typeArgsOf(e ast.Expr) *ast.Ident {
	var x ast.Expr
	switch e := e.(type) {
	case *ast.IndexExpr:
		x = e.X
	case *ast.IndexListExpr:
		x = e.X
	}
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		return x
	case *ast.SelectorExpr:
		return x.Sel
	}
	return nil
}
