package lower

import (
	"go/ast"
	"go/types"
	"strings"
)

// Exprs indexes the cell's checked expressions by their span in src ([start, end) as
// cell byte offsets), the outermost expression of each span. Code that holds a syntax
// tree of its own of the cell (the session's rewriter) finds there what go/types knows
// of an expression: Info.Types of it, Info.Uses of an identifier.
func (r *Result) Exprs(src string) map[[2]int]ast.Expr {
	out := map[[2]int]ast.Expr{}
	if r == nil || r.Info == nil {
		return out
	}
	starts := []int{0}
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	for _, f := range []*ast.File{r.Decls, r.Stmts} {
		if f == nil {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			e, ok := n.(ast.Expr)
			if !ok {
				return true
			}
			p, q := r.Fset.Position(e.Pos()), r.Fset.Position(e.End())
			if p.Filename != CellFile || p.Line < 1 || p.Line > len(starts) || q.Line < 1 || q.Line > len(starts) {
				return true
			}
			span := [2]int{starts[p.Line-1] + p.Column - 1, starts[q.Line-1] + q.Column - 1}
			if _, seen := out[span]; !seen {
				out[span] = e
			}
			return true
		})
	}
	return out
}

// TypeString writes t as source in the cell's package, or returns "" when it cannot be
// written there (an unexported type of another package, a type local to a function).
func (r *Result) TypeString(t types.Type) string {
	if r == nil || t == nil {
		return ""
	}
	s := typeText(t, r.qual)
	if strings.Contains(s, "\x00") {
		return ""
	}
	return s
}
