package lower

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// RangeAssign is the pass that gives a range clause with = (not :=) Go's meaning: the
// iteration values are assigned to the operands written, which keep the last values
// after the loop.
//
// yaegi v0.16.1 treats `for i, v = range xs` as `for i, v := range xs`: inside the loop
// fresh variables get the values, and after it i and v are unchanged (range.go: `for i,
// x[i] = range y` left both alone; `var j int; for j = range []int{5, 6} {}` left j 0).
// The pass ranges into variables of its own and assigns them, at the start of each
// iteration, as Go's assignment statement does ("Assignment statements": index operands
// and pointer indirections of the left are evaluated first, then the assignments are
// made left to right):
//
//	for i, x[i] = range y {   ->  for _hnRk, _hnRv := range y { _hnRp1 := &x[i]; i = _hnRk; *_hnRp1 = _hnRv;
//	for *f(), v = range y {   ->  for _hnRk, _hnRv := range y { _hnRp0 := f(); *_hnRp0 = _hnRk; v = _hnRv;
//	for k, m[k] = range y {   ->  for _hnRk, _hnRv := range y { _hnRm1, _hnRi1 := m, k; k = _hnRk; _hnRm1[_hnRi1] = _hnRv;
//
// A range over an integer is left to RangeInts, which assigns the operand in the same
// way.
func RangeAssign(r *Result, src string) []Edit {
	if r == nil || r.Info == nil {
		return nil
	}
	var edits []Edit
	r.inspect(func(n ast.Node) bool {
		rs, ok := n.(*ast.RangeStmt)
		if !ok || rs.Tok != token.ASSIGN || rs.Key == nil {
			return true
		}
		if t := r.Info.Types[rs.X].Type; t != nil {
			if b, ok := t.Underlying().(*types.Basic); ok && b.Info()&types.IsInteger != 0 {
				return true
			}
			if _, ok := t.Underlying().(*types.Signature); ok {
				return true
			}
		}
		edits = append(edits, rangeAssign(r, src, rs)...)
		return true
	})
	return edits
}

func isBlank(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return e == nil || ok && id.Name == "_"
}

func rangeAssign(r *Result, src string, rs *ast.RangeStmt) []Edit {
	off := func(p token.Pos) int { return r.offset(src, p) }
	targets := []ast.Expr{rs.Key, rs.Value}
	names := []string{"_hnRk", "_hnRv"}
	var head []string
	var prep, assign []string
	for i, e := range targets {
		if isBlank(e) {
			head = append(head, "_")
			continue
		}
		head = append(head, names[i])
		text := MovedLines(off(e.Pos()), off(e.End()))
		x := ast.Unparen(e)
		if _, ok := x.(*ast.Ident); ok {
			assign = append(assign, text+" = "+names[i])
			continue
		}
		if ix, ok := x.(*ast.IndexExpr); ok {
			if _, isMap := r.Info.Types[ix.X].Type.Underlying().(*types.Map); isMap {
				m, k := fmt.Sprintf("_hnRm%d", i), fmt.Sprintf("_hnRi%d", i)
				prep = append(prep, fmt.Sprintf("%s, %s := %s, %s", m, k, MovedLines(off(ix.X.Pos()), off(ix.X.End())), MovedLines(off(ix.Index.Pos()), off(ix.Index.End()))))
				assign = append(assign, fmt.Sprintf("%s[%s] = %s", m, k, names[i]))
				continue
			}
		}
		p := fmt.Sprintf("_hnRp%d", i)
		if st, ok := x.(*ast.StarExpr); ok {
			// The pointer itself (the interpreter cannot take &*f()).
			prep = append(prep, fmt.Sprintf("%s := %s", p, MovedLines(off(st.X.Pos()), off(st.X.End()))))
		} else {
			prep = append(prep, fmt.Sprintf("%s := &%s", p, text))
		}
		assign = append(assign, fmt.Sprintf("*%s = %s", p, names[i]))
	}
	// Trailing blanks are left out: `for _hnRk := range`, `for range`.
	for len(head) > 0 && head[len(head)-1] == "_" {
		head = head[:len(head)-1]
	}
	if len(head) == 1 {
		// A key alone over a string: yaegi gives rune counts, not byte offsets,
		// unless the value is there (RangeStrings).
		if b, ok := r.Info.TypeOf(rs.X).Underlying().(*types.Basic); ok && b.Info()&types.IsString != 0 {
			head = append(head, "_")
		}
	}
	start, end := off(rs.Key.Pos()), off(rs.TokPos)+len("=")
	h := ""
	if len(head) > 0 {
		h = strings.Join(head, ", ") + " :="
	} else {
		// `for _, _ = range x` is `for range x`; the range keyword follows.
		for end < len(src) && (src[end] == ' ' || src[end] == '\t') {
			end++
		}
	}
	// Lines are kept: the clause may span them.
	h += strings.Repeat("\n", strings.Count(src[start:end], "\n"))
	out := []Edit{{start, end, h}}
	if stmts := append(prep, assign...); len(stmts) > 0 {
		lb := off(rs.Body.Lbrace) + 1
		out = append(out, Edit{lb, lb, " " + strings.Join(stmts, "; ") + ";"})
	}
	return out
}
