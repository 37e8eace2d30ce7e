package interp

import (
	"go/ast"
	"go/token"
	"sort"

	"github.com/hessnote/hessnote/interp/lower"
)

// orderChunks returns the chunks of a cell made only of imports, declarations and var
// statements, regrouped so that each name is declared before a chunk that uses it (see
// lower.Deps: yaegi resolves names chunk by chunk, while Go lets package-level
// declarations come in any order). It returns nil when the chunks in cell order work
// already, when the cell has other statements (their order is the cell's), or when a
// var statement and a declaration use each other (nothing to reorder: yaegi reports).
//
// A regrouped chunk may hold units that are apart in the cell: its text is theirs,
// rewritten, with what lies between them blanked, so that lines keep their numbers.
func (s *Session) orderChunks(code string, units []unit, pr *parsed, edits []edit, chunks []chunk) []chunk {
	r := s.cellRes
	if r == nil || r.Skip != "" || len(chunks) < 2 {
		return nil
	}
	var idx []int // the units other than imports
	var spans []lower.Span
	for i, u := range units {
		switch u.kind {
		case kindImport, kindPackage:
			continue
		case kindDecl:
		case kindStmt:
			n, _ := pr.nodes[i].(*shifted)
			if n == nil {
				return nil
			}
			ds, ok := n.Node.(*ast.DeclStmt)
			if !ok {
				return nil
			}
			if gd, ok := ds.Decl.(*ast.GenDecl); !ok || gd.Tok != token.VAR {
				return nil
			}
		default:
			return nil
		}
		if pr.nodes[i] == nil {
			return nil
		}
		idx = append(idx, i)
		spans = append(spans, lower.Span{Start: u.start, End: u.end})
	}
	deps := lower.Deps(r, code, spans)
	// The chunk of each unit in cell order: does a unit use one of a later chunk?
	chunkOf := map[int]int{}
	for ci, c := range chunks {
		for _, u := range units {
			if u.start >= c.start && u.end <= c.end && c.kind != kindImport {
				for k, i := range idx {
					if units[i] == u {
						chunkOf[k] = ci
					}
				}
			}
		}
	}
	forward := false
	for k, ds := range deps {
		for _, d := range ds {
			if d > k && chunkOf[d] != chunkOf[k] {
				forward = true
			}
		}
	}
	if !forward {
		return nil
	}
	groups := lower.Order(deps)
	for _, g := range groups {
		for _, k := range g[1:] {
			if units[idx[k]].kind != units[idx[g[0]]].kind {
				return nil
			}
		}
	}
	var out []chunk
	for _, c := range chunks {
		if c.kind == kindImport {
			out = append(out, c)
		}
	}
	// Consecutive groups of one kind share a chunk.
	var runs [][]int
	for _, g := range groups {
		if n := len(runs); n > 0 && units[idx[runs[n-1][0]]].kind == units[idx[g[0]]].kind {
			runs[n-1] = append(runs[n-1], g...)
			continue
		}
		runs = append(runs, append([]int(nil), g...))
	}
	for _, run := range runs {
		sort.Ints(run)
		first, last := units[idx[run[0]]], units[idx[run[len(run)-1]]]
		c := chunk{kind: first.kind, start: first.start, end: last.end}
		text := ""
		at := first.start
		for _, k := range run {
			u := units[idx[k]]
			text += blank(code[at:u.start]) + applyEdits(code, u.start, u.end, edits)
			at = u.end
			c.units = append(c.units, u)
			if u.kind == kindDecl {
				for _, d := range declsOf(code, pr.nodes[idx[k]].(*shifted), s.constDecl) {
					d.text = rewrittenDecl(code, d.text, edits)
					c.decls = append(c.decls, d)
				}
			}
		}
		c.text = text
		if c.kind == kindStmt && len(c.units) > 1 {
			for _, u := range c.units {
				c.unitTexts = append(c.unitTexts, applyEdits(code, u.start, u.end, edits))
			}
		}
		out = append(out, c)
	}
	return out
}
