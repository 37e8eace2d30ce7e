package lower

import (
	"go/ast"
	"go/token"
)

// Parallel is the pass that keeps every value of a parallel assignment.
//
// yaegi v0.16.1 compiles `a, b := f(), []int{1}` (and `=`, and `var a, b = ...`) so that
// the composite literal is built straight into b's slot, and marks the whole assignment
// as done (cfg.go, assignStmt: n.gen = nop for a source of action aCompositeLit or aRecv):
// the other pairs are then never assigned. Measured: `g, h := 3, []int{1}` left g at 0,
// `vals, want := s.Values(), []int{1}` left vals empty (typeparam/sets.go), and
// `e, f := F(), <-ch` lost F's result. A parenthesized operand is not a composite
// literal or a receive to yaegi, so the pass writes each such right-hand side of an
// assignment of two or more values in parentheses:
//
//	a, b := f(), []int{1}   ->  a, b := f(), ([]int{1})
//	x, v = 3, <-ch          ->  x, v = 3, (<-ch)
func Parallel(r *Result, src string) []Edit {
	if r == nil || r.Info == nil {
		return nil
	}
	var edits []Edit
	wrap := func(rhs []ast.Expr) {
		if len(rhs) < 2 {
			return
		}
		for _, e := range rhs {
			switch x := e.(type) {
			case *ast.CompositeLit, *ast.CallExpr:
			case *ast.UnaryExpr:
				if x.Op != token.ARROW {
					continue
				}
			default:
				continue
			}
			if r.Fset.Position(e.Pos()).Filename != CellFile {
				continue
			}
			s, t := r.offset(src, e.Pos()), r.offset(src, e.End())
			if s < 0 || t > len(src) || s >= t {
				continue
			}
			edits = append(edits, Edit{s, s, "("}, Edit{t, t, ")"})
		}
	}
	for _, f := range []*ast.File{r.Decls, r.Stmts} {
		if f == nil {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if len(n.Lhs) == len(n.Rhs) {
					wrap(n.Rhs)
				}
			case *ast.ValueSpec:
				if len(n.Names) == len(n.Values) {
					wrap(n.Values)
				}
			}
			return true
		})
	}
	return edits
}
