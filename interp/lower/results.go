package lower

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// Results is the pass that makes named results start at their zero value.
//
// yaegi v0.16.1 gives a called function, as the slots of its results, slots of the
// caller (run.go, call: nf.data[i] = rvalues[i](f)): the call's own slot, which keeps the
// value of the call's previous run, or, for `x = f()`, the variable x itself (cfg.go,
// assignStmt: "Call action may perform the assignment directly"). A named result then
// starts with what that slot holds instead of its zero value: `func h(n int) (ret []int)
// { ret = append(ret, n); return }` called in a loop returned [0], [0 1], [0 1 2], and
// `got = stringify(x)` appended to the old got (typeparam/stringer.go). The pass
//
//   - zeroes the named results at the start of the body:
//     `func h(n int) (ret []int) {`  ->  `func h(n int) (ret []int) { ret = *new([]int);`
//   - puts in parentheses the call of `x = f()` when f may have named results (a
//     function value, or a function or method declared with them), so that the call
//     writes a slot of its own and not x, which the zeroing would clear while the call
//     may still read it: `g = next()` where next reads g.
func Results(r *Result, src string) []Edit {
	if r == nil || r.Info == nil {
		return nil
	}
	var edits []Edit
	inCell := func(p token.Pos) bool { return r.Fset.Position(p).Filename == CellFile }
	zero := func(ft *ast.FuncType, body *ast.BlockStmt) {
		if body == nil || ft.Results == nil || !inCell(body.Lbrace) {
			return
		}
		var b strings.Builder
		for _, f := range ft.Results.List {
			t := types.ExprString(f.Type)
			for _, n := range f.Names {
				if n.Name == "_" {
					continue
				}
				b.WriteString(" " + n.Name + " = *new(" + t + ");")
			}
		}
		if b.Len() == 0 {
			return
		}
		at := r.offset(src, body.Lbrace) + 1
		if at <= 0 || at > len(src) {
			return
		}
		edits = append(edits, Edit{at, at, b.String()})
	}
	r.inspect(func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			zero(n.Type, n.Body)
		case *ast.FuncLit:
			zero(n.Type, n.Body)
		case *ast.AssignStmt:
			if n.Tok != token.ASSIGN || len(n.Lhs) != 1 || len(n.Rhs) != 1 {
				return true
			}
			c, ok := n.Rhs[0].(*ast.CallExpr)
			if !ok || !inCell(c.Pos()) || !mayNameResults(r.Info, c) {
				return true
			}
			s, e := r.offset(src, c.Pos()), r.offset(src, c.End())
			if s < 0 || e > len(src) || s >= e {
				return true
			}
			edits = append(edits, Edit{s, s, "("}, Edit{e, e, ")"})
		}
		return true
	})
	return edits
}

// mayNameResults reports whether c calls a function that may have named results: a
// function value, or a declared function or method with them (not a conversion or a
// builtin).
func mayNameResults(info *types.Info, c *ast.CallExpr) bool {
	tv, ok := info.Types[c.Fun]
	if !ok || tv.IsType() || tv.IsBuiltin() {
		return false
	}
	sig, ok := tv.Type.Underlying().(*types.Signature)
	if !ok || sig.Results().Len() == 0 {
		return false
	}
	var id *ast.Ident
	switch f := ast.Unparen(c.Fun).(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		id = f.Sel
	case *ast.IndexExpr:
		id = typeArgsOf(f)
	case *ast.IndexListExpr:
		id = typeArgsOf(f)
	}
	if id == nil {
		return true
	}
	fn, ok := info.Uses[id].(*types.Func)
	if !ok {
		return true // a function value
	}
	res := fn.Type().(*types.Signature).Results()
	for i := 0; i < res.Len(); i++ {
		if res.At(i).Name() != "" {
			return true
		}
	}
	return false
}
