package lower

import (
	"go/ast"
	"go/token"
	"go/types"
)

// CommaOk is the pass that gives `v, ok = m[k]` and `v, ok = x.(T)` Go's meaning when
// the key is absent or the assertion fails: v is set to its zero value.
//
// yaegi v0.16.1 leaves v as it was in an assignment (and in a := that reuses v): after
// `v := 3`, `v, ok = m["absent"]` gave 3 false and `v, ok = x.(int)` of a string 3
// false, where Go gives 0 false. A := of new variables is right (they start at zero), so
// the pass makes the values in new variables of a function literal and returns them:
//
//	v, ok = m[k]   ->  v, ok = func() (int, bool) { _hnC0, _hnC1 := m[k]; return _hnC0, _hnC1 }()
//
// which works where a statement cannot go (if v, ok = m[k]; !ok {). A v written _ is
// left as written.
func CommaOk(r *Result, src string) []Edit {
	if r == nil || r.Info == nil {
		return nil
	}
	var edits []Edit
	r.inspect(func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != 2 || len(as.Rhs) != 1 || !commaOkExpr(r.Info, as.Rhs[0]) {
			return true
		}
		v, isID := ast.Unparen(as.Lhs[0]).(*ast.Ident)
		if isID && v.Name == "_" {
			return true
		}
		if as.Tok == token.DEFINE && (!isID || r.Info.Defs[v] != nil) {
			return true // a new v starts at zero
		}
		var ts [2]string
		for i, l := range as.Lhs {
			var t types.Type
			if id, ok := ast.Unparen(l).(*ast.Ident); ok && id.Name == "_" {
				t = types.Typ[types.Bool]
			} else if id, ok := ast.Unparen(l).(*ast.Ident); ok && r.Info.Defs[id] != nil {
				t = r.Info.Defs[id].Type()
			} else if ok && r.Info.Uses[id] != nil {
				t = r.Info.Uses[id].Type()
			} else {
				t = r.Info.Types[l].Type
			}
			if t == nil {
				return true
			}
			if ts[i] = typeText(t, r.qual); ts[i] == "" {
				return true
			}
		}
		tok := r.offset(src, as.TokPos)
		end := r.offset(src, as.End())
		edits = append(edits,
			Edit{tok, tok + len(as.Tok.String()), as.Tok.String() + " func() (" + ts[0] + ", " + ts[1] + ") { _hnC0, _hnC1 :="},
			Edit{end, end, "; return _hnC0, _hnC1 }()"})
		return true
	})
	return edits
}

// commaOkExpr reports whether e, as the one value of a two-variable assignment, is a
// map index or a type assertion.
func commaOkExpr(info *types.Info, e ast.Expr) bool {
	switch x := ast.Unparen(e).(type) {
	case *ast.TypeAssertExpr:
		return x.Type != nil
	case *ast.IndexExpr:
		if t := info.Types[x.X].Type; t != nil {
			_, isMap := t.Underlying().(*types.Map)
			return isMap
		}
	}
	return false
}
