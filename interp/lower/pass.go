package lower

import (
	"go/token"
	"go/types"
)

// passState is what a pass keeps while it walks a cell: the checked cell, its source
// and what it found.
type passState struct {
	r        *Result
	src      string
	edits    []Edit
	refusals []Refusal
}

// off returns the offset in the cell of a position of the checked files.
func (p *passState) off(pos token.Pos) int { return p.r.offset(p.src, pos) }

// refuse records a refusal at a position of the cell (a position of the session's
// declarations, which are not the cell's to fix, is left out).
func (p *passState) refuse(pos token.Pos, msg string) {
	q := p.r.Fset.Position(pos)
	if q.Filename != CellFile {
		return
	}
	p.refusals = append(p.refusals, Refusal{Line: q.Line, Col: q.Column, Msg: msg})
}

// findType walks t and the types it is made of depth-first (type arguments, elements,
// keys, fields, parameters and results, methods) and returns the first answer of at
// that is not "". at also says whether to walk into the type it was given.
func findType(t types.Type, at func(types.Type) (answer string, descend bool)) string {
	seen := map[types.Type]bool{}
	var walk func(t types.Type) string
	walk = func(t types.Type) string {
		if t == nil || seen[t] {
			return ""
		}
		seen[t] = true
		s, descend := at(t)
		if s != "" || !descend {
			return s
		}
		var parts []types.Type
		switch u := t.(type) {
		case *types.Named:
			if ta := u.TypeArgs(); ta != nil {
				for i := 0; i < ta.Len(); i++ {
					parts = append(parts, ta.At(i))
				}
			}
		case *types.Pointer:
			parts = append(parts, u.Elem())
		case *types.Slice:
			parts = append(parts, u.Elem())
		case *types.Array:
			parts = append(parts, u.Elem())
		case *types.Chan:
			parts = append(parts, u.Elem())
		case *types.Map:
			parts = append(parts, u.Key(), u.Elem())
		case *types.Struct:
			for i := 0; i < u.NumFields(); i++ {
				parts = append(parts, u.Field(i).Type())
			}
		case *types.Signature:
			for _, tu := range []*types.Tuple{u.Params(), u.Results()} {
				for i := 0; i < tu.Len(); i++ {
					parts = append(parts, tu.At(i).Type())
				}
			}
		case *types.Interface:
			for i := 0; i < u.NumMethods(); i++ {
				parts = append(parts, u.Method(i).Type())
			}
		}
		for _, p := range parts {
			if s := walk(p); s != "" {
				return s
			}
		}
		return ""
	}
	return walk(t)
}
