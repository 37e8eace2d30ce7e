package lower

import (
	"fmt"
	"go/ast"
	"go/token"
)

// Receives is the pass that keeps the value of a receive operation assigned to a field,
// an element or a pointed-to variable, or returned.
//
// yaegi v0.16.1 compiles x = <-ch by having the receive write its value straight into
// the frame slot of x (cfg.go, assignment: "Set recv address to LHS"). For a field,
// a slice or array element or *p that slot only holds the location, which the receive
// replaces instead of writing through: p.head = <-ch and a[i] = <-ch left the old value
// (Go's test chan/sieve2.go then never ended), and return <-ch panicked with "reflect:
// reflect.Value.Set using unaddressable value". A parenthesized receive is an ordinary
// operand and is assigned as Go does:
//
//	p.head = <-ch   ->  p.head = (<-ch)
//	return <-ch     ->  return (<-ch)
//
// (The comma-ok form v, ok = <-ch is left as it is.) In a case of a select, an
// assignment to anything but variables panicked ("reflect.Select: invalid Dir"): the
// case declares variables and its body assigns them, as Go assigns after the case is
// chosen:
//
//	case p.head = <-ch:  ->  case _hnV0 := <-ch: p.head = _hnV0;
func Receives(r *Result, src string) []Edit {
	if r == nil || r.Info == nil {
		return nil
	}
	var edits []Edit
	paren := func(e ast.Expr) {
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.ARROW {
			edits = append(edits, Edit{r.offset(src, u.Pos()), r.offset(src, u.Pos()), "("}, Edit{r.offset(src, u.End()), r.offset(src, u.End()), ")"})
		}
	}
	comm := map[ast.Stmt]bool{}
	labeled := map[ast.Stmt]bool{}
	for _, f := range []*ast.File{r.Decls, r.Stmts} {
		if f != nil {
			ast.Inspect(f, func(n ast.Node) bool {
				if l, ok := n.(*ast.LabeledStmt); ok {
					labeled[l.Stmt] = true
				}
				return true
			})
		}
	}
	r.inspect(func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectStmt:
			for _, c := range n.Body.List {
				comm[c.(*ast.CommClause).Comm] = true
			}
			if selectConverts(r, n, labeled[n]) {
				return true // a switch on _hnrt.Select (selectrt.go)
			}
			for _, c := range n.Body.List {
				cc := c.(*ast.CommClause)
				if a, ok := cc.Comm.(*ast.AssignStmt); ok && a.Tok == token.ASSIGN && len(a.Rhs) == 1 {
					edits = append(edits, commAssign(r, src, cc, a, len(edits))...)
				}
			}
		case *ast.AssignStmt:
			if n.Tok != token.ASSIGN || len(n.Lhs) != len(n.Rhs) || comm[n] {
				return true
			}
			for i, l := range n.Lhs {
				if _, ok := ast.Unparen(l).(*ast.Ident); !ok {
					paren(n.Rhs[i])
				}
			}
		case *ast.ReturnStmt:
			for _, e := range n.Results {
				paren(e)
			}
		}
		return true
	})
	return edits
}

// commAssign rewrites the case of a select that assigns a received value to something
// other than variables (see Receives); n numbers the temporaries.
func commAssign(r *Result, src string, c *ast.CommClause, a *ast.AssignStmt, n int) []Edit {
	plain := true
	for _, l := range a.Lhs {
		if _, ok := ast.Unparen(l).(*ast.Ident); !ok {
			plain = false
		}
	}
	if plain {
		return nil
	}
	off := func(p token.Pos) int { return r.offset(src, p) }
	tmps := fmt.Sprintf("_hnV%d", n)
	if len(a.Lhs) == 2 {
		tmps += fmt.Sprintf(", _hnK%d", n)
	}
	lhs := src[off(a.Lhs[0].Pos()):off(a.Lhs[len(a.Lhs)-1].End())]
	return []Edit{
		{off(a.Pos()), off(a.Rhs[0].Pos()), tmps + " := "},
		{off(c.Colon) + 1, off(c.Colon) + 1, " " + lhs + " = " + tmps + ";"},
	}
}
