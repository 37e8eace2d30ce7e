package interp

import (
	"strings"

	"github.com/hessnote/hessnote/interp/lower"
)

// declsFirst adds the forward variable declarations (lower.ForwardVars) to the texts of
// their declaration chunks and, when a chunk uses a declaration of a later chunk, moves
// the declaration chunks that can move (lower.DeclsFirst) to the front, after the
// imports, as one chunk: yaegi evaluates them together, as Go declares a package's
// names together. Each moved chunk keeps its lines and columns, and the forward
// declarations go last, so that positions in messages stay those of the cell.
func (s *Session) declsFirst(code string, chunks []chunk, forward []lower.Forward) []chunk {
	addForward := func(c *chunk) {
		for _, f := range forward {
			if f.At >= c.start && f.At < c.end {
				c.text += "\n" + f.Text // not part of c.decls: a replay must not declare it again
			}
		}
	}
	r := s.cellRes
	var move []bool
	if r != nil && r.Skip == "" {
		spans := make([]lower.Span, len(chunks))
		decl := make([]bool, len(chunks))
		for i, c := range chunks {
			spans[i] = lower.Span{Start: c.start, End: c.end}
			decl[i] = c.kind == kindDecl
		}
		move = lower.DeclsFirst(r, code, spans, decl, forward)
	}
	first := -1 // the first chunk that is not an import
	for i, c := range chunks {
		if c.kind != kindImport {
			if first < 0 {
				first = i
			}
		} else if first >= 0 {
			move = nil // an import after other code: keep the order
		}
	}
	if move == nil || first < 0 {
		for i := range chunks {
			if chunks[i].kind == kindDecl {
				addForward(&chunks[i])
			}
		}
		return chunks
	}
	p := newPosition(code)
	var merged *chunk
	var fwd strings.Builder
	var rest []chunk
	for i, c := range chunks {
		if !move[i] {
			if c.kind == kindDecl {
				addForward(&c)
			}
			rest = append(rest, c)
			continue
		}
		text := c.text
		c.text = ""
		addForward(&c)
		fwd.WriteString(c.text)
		if merged == nil {
			merged = &chunk{kind: kindDecl, start: c.start, end: c.end, text: text, decls: c.decls}
			continue
		}
		// Lay the chunk out at its own line and column after the text so far.
		l0, _ := p.lineCol(merged.start)
		l, col := p.lineCol(c.start)
		have := l0 + strings.Count(merged.text, "\n")
		if have >= l {
			merged.text += "\n"
		} else {
			merged.text += strings.Repeat("\n", l-have)
		}
		merged.text += strings.Repeat(" ", col-1) + text
		merged.end = c.end
		merged.decls = append(merged.decls, c.decls...)
	}
	if merged == nil {
		return rest // nothing can move: the cell fails as it always did
	}
	merged.text += fwd.String()
	out := append([]chunk(nil), rest[:first]...)
	out = append(out, *merged)
	return append(out, rest[first:]...)
}
