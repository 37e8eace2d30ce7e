package lower

import (
	"go/ast"
	"go/token"
	"go/types"
)

// IfaceConvs is the pass for values converted to an interface type inside a loop.
//
// yaegi v0.16.1 converts a value that is not held in a variable (a call's result, &T{…},
// an explicit conversion) to an interface by keeping a reference to the frame slot the
// value was computed in; in a loop that slot is reused, so every interface value made
// there ends up holding the last one: `for i := 0; i < 3; i++ { xs = append(xs, &T{i}) }`
// with xs a []I gave 2 2 2, and so did `xs[i] = mk(i)`, `m[i] = mk(i)`, `ch <- mk(i)`,
// `var it I = mk(i)` and a call f(mk(i)) with an interface parameter (Go's test
// chan/powser2.go failed this way). A value that comes from a variable (a parameter
// too) is copied. So the pass passes such a value through a function literal's
// parameter, converting it there:
//
//	xs = append(xs, &T{i})   ->   xs = append(xs, func(_hnV *T) I { return _hnV }(&T{i}))
//
// It rewrites the operands of assignments, variable declarations, sends, returns,
// composite literals, explicit conversions and calls of the notebook's functions (and
// of append) whose target type is an interface, in the body of a loop; identifiers,
// constants and nil are left as they are.
func IfaceConvs(r *Result, src string) []Edit {
	if r == nil || r.Info == nil {
		return nil
	}
	p := &ifaceConvPass{passState: passState{r: r, src: src}}
	for _, f := range []*ast.File{r.Decls, r.Stmts} {
		if f == nil {
			continue
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				p.function(fd.Body, r.Info.TypeOf(fd.Name))
			}
		}
	}
	return p.edits
}

type ifaceConvPass struct {
	passState
	done map[ast.Expr]bool
}

// function rewrites the conversions in the loops of one function body; sig is the
// function's type (for its results), or nil.
func (p *ifaceConvPass) function(body *ast.BlockStmt, sig types.Type) {
	var walk func(n ast.Node, inLoop bool)
	walk = func(n ast.Node, inLoop bool) {
		ast.Inspect(n, func(x ast.Node) bool {
			if x == nil || x == n {
				return true
			}
			switch x := x.(type) {
			case *ast.FuncLit:
				p.function(x.Body, p.r.Info.TypeOf(x))
				return false
			case *ast.ForStmt:
				if x.Init != nil {
					walk(x.Init, inLoop)
				}
				walk(x.Body, true)
				if x.Post != nil {
					walk(x.Post, true)
				}
				return false
			case *ast.RangeStmt:
				walk(x.Body, true)
				return false
			}
			if inLoop {
				p.node(x, sig)
			}
			return true
		})
	}
	walk(body, false)
}

// node rewrites the operands of n that are converted to an interface.
func (p *ifaceConvPass) node(n ast.Node, sig types.Type) {
	info := p.r.Info
	switch n := n.(type) {
	case *ast.AssignStmt:
		if n.Tok == token.DEFINE || len(n.Lhs) != len(n.Rhs) {
			return
		}
		for i, l := range n.Lhs {
			p.convert(n.Rhs[i], info.TypeOf(l))
		}
	case *ast.ValueSpec:
		if n.Type == nil || len(n.Names) != len(n.Values) {
			return
		}
		for _, v := range n.Values {
			p.convert(v, info.TypeOf(n.Type))
		}
	case *ast.SendStmt:
		if ch, ok := coreType(info.TypeOf(n.Chan)).(*types.Chan); ok {
			p.convert(n.Value, ch.Elem())
		}
	case *ast.ReturnStmt:
		s, ok := sig.(*types.Signature)
		if !ok || s.Results().Len() != len(n.Results) {
			return
		}
		for i, e := range n.Results {
			p.convert(e, s.Results().At(i).Type())
		}
	case *ast.CompositeLit:
		t := coreType(info.TypeOf(n))
		for i, e := range n.Elts {
			switch u := t.(type) {
			case *types.Slice:
				p.convert(valueOf(e), u.Elem())
			case *types.Array:
				p.convert(valueOf(e), u.Elem())
			case *types.Map:
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					p.convert(kv.Key, u.Key())
					p.convert(kv.Value, u.Elem())
				}
			case *types.Struct:
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					if id, ok := kv.Key.(*ast.Ident); ok {
						if o, ok := info.Uses[id].(*types.Var); ok {
							p.convert(kv.Value, o.Type())
						}
					}
				} else if i < u.NumFields() {
					p.convert(e, u.Field(i).Type())
				}
			}
		}
	case *ast.CallExpr:
		if tv, ok := info.Types[n.Fun]; ok && tv.IsType() {
			if len(n.Args) == 1 {
				p.convert(n.Args[0], tv.Type)
			}
			return
		}
		if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok {
			if b, ok := info.Uses[id].(*types.Builtin); ok {
				if b.Name() == "append" && len(n.Args) > 1 && !n.Ellipsis.IsValid() {
					if s, ok := coreType(info.TypeOf(n.Args[0])).(*types.Slice); ok {
						for _, a := range n.Args[1:] {
							p.convert(a, s.Elem())
						}
					}
				}
				return
			}
		}
		if !p.notebookCallee(n.Fun) {
			return // compiled code gets a copy of the value
		}
		s, ok := coreType(info.TypeOf(n.Fun)).(*types.Signature)
		if !ok {
			return
		}
		for i, a := range n.Args {
			var t types.Type
			switch {
			case s.Variadic() && i >= s.Params().Len()-1:
				if n.Ellipsis.IsValid() {
					continue
				}
				t = s.Params().At(s.Params().Len() - 1).Type().(*types.Slice).Elem()
			case i < s.Params().Len():
				t = s.Params().At(i).Type()
			default:
				continue
			}
			p.convert(a, t)
		}
	}
}

// notebookCallee reports whether fun is a function or method of the notebook, or a
// function value (which may be one).
func (p *ifaceConvPass) notebookCallee(fun ast.Expr) bool {
	var id *ast.Ident
	switch f := ast.Unparen(fun).(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		id = f.Sel
	case *ast.IndexExpr:
		return p.notebookCallee(f.X)
	case *ast.IndexListExpr:
		return p.notebookCallee(f.X)
	default:
		return true
	}
	o := p.r.Info.Uses[id]
	if o == nil {
		return true
	}
	if _, isFunc := o.(*types.Func); isFunc {
		return o.Pkg() != nil && o.Pkg().Path() == "main"
	}
	return true // a variable of function type
}

// convert rewrites e when it is converted to the interface type t and its value is not
// read from a variable.
func (p *ifaceConvPass) convert(e ast.Expr, t types.Type) {
	if e == nil || t == nil || !types.IsInterface(t) {
		return
	}
	if _, isParam := t.(*types.TypeParam); isParam {
		return
	}
	if p.done == nil {
		p.done = map[ast.Expr]bool{}
	}
	if p.done[e] {
		return
	}
	tv, ok := p.r.Info.Types[e]
	if !ok || tv.Type == nil || tv.Value != nil || tv.IsNil() || types.IsInterface(tv.Type) {
		return
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident, *ast.BasicLit, *ast.FuncLit:
		return
	case *ast.CompositeLit:
		return // a value of its own each time (measured)
	case *ast.SelectorExpr:
		if _, isVar := p.r.Info.Uses[x.Sel].(*types.Var); isVar {
			return // a field or a package's variable
		}
	}
	from, to := typeText(tv.Type, p.r.qual), typeText(t, p.r.qual)
	if from == "" || to == "" {
		return
	}
	p.done[e] = true
	s, end := p.off(e.Pos()), p.off(e.End())
	p.edits = append(p.edits, Edit{s, s, "func(_hnV " + from + ") " + to + " { return _hnV }("}, Edit{end, end, ")"})
}

// valueOf returns the value of a composite literal's element.
func valueOf(e ast.Expr) ast.Expr {
	if kv, ok := e.(*ast.KeyValueExpr); ok {
		return kv.Value
	}
	return e
}

// coreType returns t's underlying type, or nil.
func coreType(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	return t.Underlying()
}
