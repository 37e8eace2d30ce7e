package lower

import (
	"go/ast"
	"go/constant"
	"go/types"
	"strconv"
	"strings"
	"unicode"
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

// ConstText writes the constant value of tv as source that keeps its type: a literal of
// its kind when it is untyped (1.0 for an untyped float, not 1), else a conversion,
// T(v). It returns "" when tv is not a constant or its type cannot be written.
func (r *Result) ConstText(tv types.TypeAndValue) string {
	if tv.Value == nil || tv.Type == nil {
		return ""
	}
	v := tv.Value.ExactString()
	if tv.Value.Kind() == constant.Float && strings.Contains(v, "/") {
		v = strings.Replace(v, "/", ".0/", 1) // 1/10 would be an integer division
	}
	b, ok := tv.Type.(*types.Basic)
	if !ok || b.Info()&types.IsUntyped == 0 {
		t := r.TypeString(tv.Type)
		if t == "" {
			return ""
		}
		return t + "(" + v + ")"
	}
	switch b.Kind() {
	case types.UntypedFloat:
		if !strings.ContainsAny(v, ".eE/") {
			v += ".0"
		}
	case types.UntypedRune:
		if c, ok := constant.Int64Val(tv.Value); ok && c >= 0 && c <= unicode.MaxRune && (c < 0xD800 || c > 0xDFFF) {
			v = strconv.QuoteRune(rune(c))
		}
	}
	return "(" + v + ")"
}
