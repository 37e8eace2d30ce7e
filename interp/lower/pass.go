package lower

import "go/token"

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
