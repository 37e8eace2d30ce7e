package lower

import (
	"go/ast"
	"go/types"
)

// DeclsFirst decides which declaration chunks of a cell run before its other code.
//
// The session evaluates a cell in chunks, in the order of the cell: a run of
// declarations (one yaegi Eval as a file), a run of statements, and so on. Go lets the
// statements and the package-level declarations of a program use a declaration written
// further down (`var types = []modifier{{t: func() { s = str(1) }}}` before `func str`,
// test/gcgort.go; func main calling a function declared after a var, test/append.go),
// and so does the cell's type check, but yaegi v0.16.1 compiles each chunk when it is
// evaluated: "undefined: str".
//
// spans are the cell's chunks, decl says which are declaration chunks, fwd the
// variables ForwardVars declares with them. A declaration chunk can move to the front
// when it uses no variable of the cell (other than those forwarded into it) and no
// declaration of a chunk that cannot move. DeclsFirst returns, for each chunk, whether
// it moves; nil when no chunk uses a declaration of a later chunk (nothing needs to
// move, so the cell runs as it always did).
func DeclsFirst(r *Result, src string, spans []Span, decl []bool, fwd []Forward) []bool {
	if r == nil || r.Info == nil || r.Decls == nil || len(spans) < 2 {
		return nil
	}
	chunkAt := func(off int) int {
		for i, s := range spans {
			if off >= s.Start && off < s.End {
				return i
			}
		}
		return -1
	}
	cellVars := map[string]bool{}
	for _, v := range r.Defined {
		cellVars[v.Name] = true
	}
	forwarded := make([]map[string]bool, len(spans))
	for _, f := range fwd {
		if i := chunkAt(f.At); i >= 0 {
			if forwarded[i] == nil {
				forwarded[i] = map[string]bool{}
			}
			for _, n := range f.Names {
				forwarded[i][n] = true
			}
		}
	}
	deps := make([]map[int]bool, len(spans))
	usesVar := make([]bool, len(spans))
	r.inspect(func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		o := r.Info.Uses[id]
		if o == nil || r.Fset.Position(id.Pos()).Filename != CellFile {
			return true
		}
		i := chunkAt(r.offset(src, id.Pos()))
		if i < 0 {
			return true
		}
		if v, ok := o.(*types.Var); ok && !v.IsField() && isPackageLevel(v) && cellVars[v.Name()] && !forwarded[i][v.Name()] {
			usesVar[i] = true
		}
		if !o.Pos().IsValid() || r.Fset.Position(o.Pos()).Filename != CellFile {
			return true
		}
		if j := chunkAt(r.offset(src, o.Pos())); j >= 0 && j != i && decl[j] {
			if deps[i] == nil {
				deps[i] = map[int]bool{}
			}
			deps[i][j] = true
		}
		return true
	})
	needed := false
	for i := range spans {
		for j := range deps[i] {
			needed = needed || j > i
		}
	}
	if !needed {
		return nil
	}
	move := make([]bool, len(spans))
	for i := range spans {
		move[i] = decl[i] && !usesVar[i]
	}
	for changed := true; changed; {
		changed = false
		for i := range spans {
			if !move[i] {
				continue
			}
			for j := range deps[i] {
				if !move[j] {
					move[i], changed = false, true
					break
				}
			}
		}
	}
	return move
}
