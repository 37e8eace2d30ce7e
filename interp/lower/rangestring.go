package lower

import (
	"go/ast"
	"go/token"
	"go/types"
)

// RangeStrings is the pass for ranges over a string with a key only.
//
// yaegi v0.16.1 counts runes for the key of `for i := range s` over a string: over
// "héllo" it gave 0 1 2 3 4, where Go gives the byte offsets 0 1 3 4 5 (The Go
// Programming Language Specification, "For statements with range clause"); with a
// value variable too (`for i, c := range s`) the key is right. The pass adds a blank
// value variable: `for i := range s` -> `for i, _ := range s`.
func RangeStrings(r *Result, src string) []Edit {
	if r == nil || r.Info == nil {
		return nil
	}
	var edits []Edit
	r.inspect(func(n ast.Node) bool {
		rs, ok := n.(*ast.RangeStmt)
		if !ok || rs.Key == nil || rs.Value != nil || rs.Tok == token.ASSIGN || r.Fset.Position(rs.Pos()).Filename != CellFile {
			return true
		}
		if id, ok := rs.Key.(*ast.Ident); ok && id.Name == "_" {
			return true
		}
		t := r.Info.TypeOf(rs.X)
		if t == nil {
			return true
		}
		if b, ok := t.Underlying().(*types.Basic); !ok || b.Info()&types.IsString == 0 {
			return true
		}
		end := r.offset(src, rs.Key.End())
		edits = append(edits, Edit{end, end, ", _"})
		return true
	})
	return edits
}
