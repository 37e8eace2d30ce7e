package lower

import (
	"go/ast"
	"go/token"
	"go/types"
)

// FuncValues is the pass that gives a function of the notebook, used as a value, a
// function type yaegi can return.
//
// yaegi v0.16.1 holds a function declared in interpreted code as its syntax node. When
// the bare name is returned (`return f`) or stored in a variable declared without a type
// (`g := f`, `var G = f`) and that variable is later returned, the node itself is the
// result (run.go, _return: genValue of a funcT child): into an interface{} result it
// arrives as a value of type *interp.node (a type switch then takes no case of
// typeswitch.go, whose f returns itself), and into a func result the call panics with
// "reflect.Set: value of type *interp.node is not assignable to type func(int) int".
// `return (f)` gives a *interface{}. A conversion to the function's own type makes yaegi
// build a real function value, so the pass writes one:
//
//	return f      ->  return (func(i int) interface{})(f)
//	g := f        ->  g := (func(i int) interface{})(f)
//
// It rewrites the results of return statements and the values of variables declared
// without a type (:=, var x = f), inside functions and at the top of the cell. A
// function whose type cannot be written in the cell (an unexported type of another
// package) is left as written.
func FuncValues(r *Result, src string) []Edit {
	if r == nil || r.Info == nil {
		return nil
	}
	var edits []Edit
	conv := func(e ast.Expr) {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return
		}
		fn, ok := r.Info.Uses[id].(*types.Func)
		if !ok || !isPackageLevel(fn) || fn.Pkg() == nil || fn.Pkg().Path() != "main" || fn.Name() == "main" {
			return
		}
		sig, ok := fn.Type().(*types.Signature)
		if !ok || sig.TypeParams() != nil {
			return
		}
		t := typeText(sig, r.qual)
		if t == "" {
			return
		}
		edits = append(edits, Edit{r.offset(src, e.Pos()), r.offset(src, e.End()), "(" + t + ")(" + id.Name + ")"})
	}
	r.inspect(func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ReturnStmt:
			for _, e := range n.Results {
				conv(e)
			}
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE && len(n.Lhs) == len(n.Rhs) {
				for _, e := range n.Rhs {
					conv(e)
				}
			}
		case *ast.ValueSpec:
			if n.Type == nil && len(n.Names) == len(n.Values) {
				for _, e := range n.Values {
					conv(e)
				}
			}
		}
		return true
	})
	return edits
}
