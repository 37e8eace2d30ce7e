package lower

import (
	"fmt"
	"go/ast"
	"go/types"
)

// Unsupported is the pass that refuses the uses of APIs the interpreter cannot honour,
// before anything of the cell runs:
//
//   - runtime.Breakpoint raises SIGTRAP, which kills the kernel's process (recover.go,
//     recover1.go).
//   - runtime.Caller, Callers, CallersFrames and FuncForPC see the interpreter's frames:
//     a cell's code is not in them, so a line or function name read from them is
//     yaegi's (devirtualization_nil_panics.go read line -1 for its panic).
//   - runtime.SetFinalizer and runtime.AddCleanup with a function literal: yaegi v0.16.1
//     makes a closure that holds the frame it was made in, which holds the object (or
//     the object's owner), so the object stays reachable and the finalizer never runs
//     (measured: 0 of 10 run, where Go runs 10; a declared function ran for 6 of 10), and
//     code that waits for one waits forever or fails its check (tinyfin.go, stackobj.go,
//     stackobj3.go). A literal that only panics, a check that the object is not freed
//     too early (gcstring.go), is let through: never running is then what a correct
//     program sees.
//   - the method sets of reflect (Type.Method, MethodByName, NumMethod, Implements,
//     Value.Method, MethodByName, NumMethod) of the reflect.Type or reflect.Value of a
//     type of the notebook with methods (made in the expression, or in a variable of the
//     cell assigned from it): reflect sees the interpreter's representation of such a
//     type, which has none of its methods (reflectmethod7.go: MethodByName("M") was not
//     found).
func Unsupported(r *Result, src string) []Refusal {
	if r == nil || r.Info == nil {
		return nil
	}
	var out []Refusal
	refuse := func(n ast.Node, msg string) {
		p := r.Fset.Position(n.Pos())
		out = append(out, Refusal{Line: p.Line, Col: p.Column, Msg: msg})
	}
	var methodCalls, finalizers []*ast.SelectorExpr
	literal := map[ast.Expr]*ast.FuncLit{} // the function of a call whose second argument is a literal
	var assigns [][2][]ast.Expr            // left and right sides of assignments and declarations
	r.inspect(func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			assigns = append(assigns, [2][]ast.Expr{n.Lhs, n.Rhs})
		case *ast.ValueSpec:
			var l []ast.Expr
			for _, id := range n.Names {
				l = append(l, id)
			}
			assigns = append(assigns, [2][]ast.Expr{l, n.Values})
		case *ast.CallExpr:
			if len(n.Args) >= 2 {
				if lit, ok := ast.Unparen(n.Args[1]).(*ast.FuncLit); ok {
					literal[n.Fun] = lit
				}
			}
		case *ast.SelectorExpr:
			if fn, ok := r.Info.Uses[n.Sel].(*types.Func); ok && fn.Pkg() != nil {
				switch fn.Pkg().Path() + "." + fn.Name() {
				case "runtime.Breakpoint":
					refuse(n, "runtime.Breakpoint stops the process with SIGTRAP, which would kill the notebook's kernel; remove the call (use panic to stop with a message)")
				case "runtime.SetFinalizer", "runtime.AddCleanup":
					finalizers = append(finalizers, n)
				case "runtime.Caller", "runtime.Callers", "runtime.CallersFrames", "runtime.FuncForPC":
					refuse(n, fn.Pkg().Path()+"."+fn.Name()+" reports the interpreter's own frames (its Go source files and lines), not the cell's; a panic's message and traceback in the notebook name the cell's lines")
				}
				if sel := r.Info.Selections[n]; sel != nil && fn.Pkg().Path() == "reflect" {
					switch recvName(sel.Recv()) + "." + fn.Name() {
					case "Type.Method", "Type.MethodByName", "Type.NumMethod", "Type.Implements",
						"Value.Method", "Value.MethodByName", "Value.NumMethod":
						methodCalls = append(methodCalls, n)
					}
				}
			}
		}
		return true
	})
	for _, f := range finalizers {
		if lit := literal[f]; lit != nil && !onlyPanics(r.Info, lit.Body) {
			refuse(f, fmt.Sprintf("runtime.%s with a function literal is not supported: the interpreter's closure keeps the frame it was made in, and with it the object, reachable, so it never runs; pass a function declared at the top level (which may run, later than in Go: the interpreter keeps some objects reachable longer)", f.Sel.Name))
		}
	}
	if len(methodCalls) == 0 {
		return out
	}
	// The reflect values of the notebook's types with methods: the expressions that
	// contain reflect.TypeOf or ValueOf of one, and the variables assigned from them.
	tainted := map[types.Object]*types.Named{}
	from := func(e ast.Expr) *types.Named {
		var found *types.Named
		ast.Inspect(e, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.Ident:
				if t := tainted[r.Info.Uses[n]]; t != nil {
					found = t
				}
			case *ast.CallExpr:
				sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr)
				if !ok || len(n.Args) != 1 {
					break
				}
				fn, ok := r.Info.Uses[sel.Sel].(*types.Func)
				if ok && fn.Pkg() != nil && fn.Pkg().Path() == "reflect" && (fn.Name() == "TypeOf" || fn.Name() == "ValueOf") {
					if t := notebookWithMethods(r.Info.Types[n.Args[0]].Type); t != nil {
						found = t
					}
				}
			}
			return found == nil
		})
		return found
	}
	for changed := true; changed; {
		changed = false
		for _, a := range assigns {
			for i, l := range a[0] {
				id, ok := l.(*ast.Ident)
				if !ok || i >= len(a[1]) && len(a[1]) != 1 {
					continue
				}
				o := r.Info.Defs[id]
				if o == nil {
					o = r.Info.Uses[id]
				}
				if o == nil || tainted[o] != nil {
					continue
				}
				rhs := a[1][0]
				if len(a[1]) == len(a[0]) {
					rhs = a[1][i]
				}
				if t := from(rhs); t != nil {
					tainted[o], changed = t, true
				}
			}
		}
	}
	for _, m := range methodCalls {
		if t := from(m.X); t != nil {
			refuse(m, fmt.Sprintf("reflect cannot see the methods of the notebook's type %s (the interpreter builds it without them), so %s would find none; call the methods directly or through an interface", t.Obj().Name(), m.Sel.Name))
		}
	}
	return out
}

// onlyPanics reports whether body consists of calls of panic: a finalizer that checks an
// object is not freed too early (gcstring.go), which Go does not run either while the
// object is reachable.
func onlyPanics(info *types.Info, body *ast.BlockStmt) bool {
	if body == nil || len(body.List) == 0 {
		return false
	}
	for _, st := range body.List {
		es, ok := st.(*ast.ExprStmt)
		if !ok {
			return false
		}
		call, ok := es.X.(*ast.CallExpr)
		if !ok {
			return false
		}
		id, ok := ast.Unparen(call.Fun).(*ast.Ident)
		if !ok {
			return false
		}
		if b, ok := info.Uses[id].(*types.Builtin); !ok || b.Name() != "panic" {
			return false
		}
	}
	return true
}

// recvName returns the name of a named receiver type (Type for reflect.Type).
func recvName(t types.Type) string {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := t.(*types.Named); ok {
		return n.Obj().Name()
	}
	return ""
}

// notebookWithMethods returns t (or what t points to) when it is a type declared in the
// notebook with methods.
func notebookWithMethods(t types.Type) *types.Named {
	if t == nil {
		return nil
	}
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "main" {
		return nil
	}
	if types.NewMethodSet(types.NewPointer(n)).Len() == 0 {
		return nil
	}
	return n
}
