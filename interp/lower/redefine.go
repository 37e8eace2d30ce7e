package lower

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// Redefine is the pass for a cell that reads a variable of an earlier cell and then
// declares it again: `s := append(s, 2)`, or `y := x + 1` before `x := 5`.
//
// yaegi v0.16.1 declares the globals of an Eval before it runs its statements, so every
// read of the old variable in the cell, before or in the new declaration, reads the new,
// zero, one: after `s := []int{1}`, a cell `s := append(s, 2)` gave [2], `var y int =
// y + 1` gave 1, and `fmt.Println(q); q := 7` printed 0. A variable of the session is one
// variable of the notebook, so when the new declaration keeps its type the pass makes it
// an assignment (the cell's other new variables declared first):
//
//	s := append(s, 2)    ->  s = append(s, 2)
//	var y int = y + 1    ->  y = y + 1
//	s, n := f(s), 1      ->  var n int; var _hnV0_0 []int = f(s); var _hnV0_1 int = 1; s, n = _hnV0_0, _hnV0_1
//
//	fmt.Println(err)
//	n, err := f()        ->  var n int; n, err = f()
//
// (values with a call are computed first, as Parallel does; the session leaves a
// statement made an assignment to this pass: the head edit starts where it does). A declaration that gives such a variable
// a new type is refused, with the advice to use a new name. Only statements at the top
// of the cell are rewritten.
func Redefine(r *Result, src string) ([]Edit, []Refusal) {
	if r == nil || r.Info == nil {
		return nil, nil
	}
	var edits []Edit
	var refusals []Refusal
	// The uses of the session's variables in the cell.
	uses := map[types.Object][]token.Pos{}
	if r.Stmts != nil {
		ast.Inspect(r.Stmts, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if o, ok := r.Info.Uses[id].(*types.Var); ok && isPackageLevel(o) {
					uses[o] = append(uses[o], id.Pos())
				}
			}
			return true
		})
	}
	readBefore := func(o types.Object, end token.Pos) bool {
		for _, p := range uses[o] {
			if p < end {
				return true
			}
		}
		return false
	}
	for k, st := range r.CellBody() {
		var lhs []*ast.Ident
		var rhs []ast.Expr
		switch st := st.(type) {
		case *ast.AssignStmt:
			if st.Tok != token.DEFINE || len(st.Lhs) != len(st.Rhs) && len(st.Rhs) != 1 {
				continue
			}
			for _, l := range st.Lhs {
				id, _ := l.(*ast.Ident)
				if id == nil {
					continue
				}
				lhs = append(lhs, id)
			}
			rhs = st.Rhs
		case *ast.DeclStmt:
			g, ok := st.Decl.(*ast.GenDecl)
			if !ok || g.Tok != token.VAR || g.Lparen.IsValid() || len(g.Specs) != 1 {
				continue
			}
			vs := g.Specs[0].(*ast.ValueSpec)
			if len(vs.Names) != len(vs.Values) && len(vs.Values) != 1 {
				continue
			}
			lhs, rhs = vs.Names, vs.Values
		default:
			continue
		}
		tuple := len(lhs) > 1 && len(rhs) == 1 // v, err := f()
		if len(lhs) != len(rhs) && !tuple {
			continue
		}
		if tuple && commaOkExpr(r.Info, rhs[0]) {
			continue // as an assignment, yaegi would not zero v when !ok (see CommaOk)
		}
		// Does the cell read, before this statement ends, a variable of the session
		// that the statement declares again?
		stale := false
		types_ := make([]string, len(lhs))
		var newVars []int // the names declared here that are no variable of the session
		for i, id := range lhs {
			o := r.Info.Defs[id]
			if o == nil || id.Name == "_" {
				continue
			}
			if t := typeText(o.Type(), r.qual); t != "" {
				types_[i] = t
			}
			old := sessionVar(r, id.Name)
			if old == nil {
				newVars = append(newVars, i)
				continue
			}
			if !readBefore(old, st.End()) {
				continue
			}
			if !types.Identical(old.Type(), o.Type()) {
				p := r.Fset.Position(id.Pos())
				refusals = append(refusals, Refusal{Line: p.Line, Col: p.Column, Msg: fmt.Sprintf(
					"%s is declared again with a new type (%s, was %s) after the cell reads its earlier value, which the interpreter would read as the new, zero, variable; give the new variable another name",
					id.Name, types.TypeString(o.Type(), r.qual), types.TypeString(old.Type(), r.qual))})
				stale = false
				break
			}
			stale = true
		}
		if !stale {
			continue
		}
		var head strings.Builder
		var names []string
		ok := true
		for _, i := range newVars {
			if types_[i] == "" {
				ok = false
			}
			head.WriteString("var " + lhs[i].Name + " " + types_[i] + "; ")
		}
		for _, id := range lhs {
			names = append(names, id.Name)
		}
		calls := false
		for _, e := range rhs {
			calls = calls || hasCall(e)
		}
		multi := len(rhs) > 1 && calls && !tuple
		for i := range lhs {
			if multi && lhs[i].Name != "_" && types_[i] == "" {
				ok = false
			}
		}
		if !ok {
			continue
		}
		start, first := r.offset(src, st.Pos()), r.offset(src, rhs[0].Pos())
		lines := strings.Repeat("\n", strings.Count(src[start:first], "\n"))
		if !multi {
			edits = append(edits, Edit{start, first, head.String() + strings.Join(names, ", ") + " = " + lines})
			continue
		}
		// One temporary a value, computed before any variable is set.
		var temps []string
		for i := range rhs {
			temps = append(temps, fmt.Sprintf("_hnV%d_%d", k, i))
		}
		decl := func(i int) string {
			if lhs[i].Name == "_" {
				return "var " + temps[i] + " = "
			}
			return "var " + temps[i] + " " + types_[i] + " = "
		}
		edits = append(edits, Edit{start, first, head.String() + decl(0) + lines})
		for i := 1; i < len(rhs); i++ {
			ce, cs := r.offset(src, rhs[i-1].End()), r.offset(src, rhs[i].Pos())
			edits = append(edits, Edit{ce, cs, "; " + decl(i) + strings.Repeat("\n", strings.Count(src[ce:cs], "\n"))})
		}
		end := r.offset(src, st.End())
		edits = append(edits, Edit{end, end, "; " + strings.Join(names, ", ") + " = " + strings.Join(temps, ", ")})
	}
	return edits, refusals
}

// sessionVar returns the variable name of the session, or nil. It is looked up in the
// package of the first checking phase, where the cell's own variables are not
// package-level.
func sessionVar(r *Result, name string) types.Object {
	if len(r.pkgs) == 0 {
		return nil
	}
	if v, ok := r.pkgs[0].Scope().Lookup(name).(*types.Var); ok {
		return v
	}
	return nil
}
