package lower

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// Forward is a variable declaration to evaluate with the cell's declarations: Text
// ("var sink float64") goes with the declaration chunk that holds offset At; Names are
// the variables it declares.
type Forward struct {
	At    int
	Text  string
	Names []string
}

// ForwardVars is the pass for a var statement of a cell that comes after a function (or
// other declaration) of the same cell that uses the variable, as a Go program may
// declare its package variables after func main:
//
//	func main() { sink = f() }
//	var sink float64
//
// The session evaluates the cell's declarations before its statements, and yaegi
// v0.16.1 compiles a function's body when the function is declared: "undefined: sink".
// The pass declares such variables, with their zero values, together with the
// declaration that uses them (Forward), and turns the var statement into an assignment
// of its values (or removes it when it has none), so that the statement runs where it
// is and sets the variable the functions use:
//
//	var sink float64      ->  (removed)
//	var a, b int = 1, f() ->  a, b = 1, f()
//
// A var statement whose types cannot be written in the cell is left alone.
func ForwardVars(r *Result, src string) ([]Edit, []Forward) {
	if r == nil || r.Info == nil || r.Decls == nil || r.Stmts == nil {
		return nil, nil
	}
	body := cellBody(r.Stmts)
	if body == nil {
		return nil, nil
	}
	var edits []Edit
	var fwd []Forward
	for _, st := range body.List {
		ds, ok := st.(*ast.DeclStmt)
		if !ok {
			continue
		}
		gd, ok := ds.Decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR || r.Fset.Position(gd.Pos()).Filename != CellFile {
			continue
		}
		names := map[string]bool{}
		for _, sp := range gd.Specs {
			for _, id := range sp.(*ast.ValueSpec).Names {
				if id.Name != "_" {
					names[id.Name] = true
				}
			}
		}
		user := usedBefore(r, names, gd.Pos())
		if user == nil {
			continue
		}
		var decls, declared []string
		ok = true
		for _, sp := range gd.Specs {
			for _, id := range sp.(*ast.ValueSpec).Names {
				if id.Name == "_" {
					continue
				}
				o := r.Info.Defs[id]
				t := ""
				if o != nil {
					t = typeText(o.Type(), r.qual)
				}
				if t == "" {
					ok = false
				}
				decls = append(decls, "var "+id.Name+" "+t)
				declared = append(declared, id.Name)
			}
		}
		if !ok {
			continue
		}
		fwd = append(fwd, Forward{At: r.offset(src, user.Pos()), Text: strings.Join(decls, "; "), Names: declared})
		edits = append(edits, varToAssign(r, src, gd)...)
	}
	return edits, fwd
}

// usedBefore returns the first declaration of the cell, before pos, that uses a
// package-level variable of one of names, or nil.
func usedBefore(r *Result, names map[string]bool, pos token.Pos) ast.Decl {
	for _, d := range r.Decls.Decls {
		if r.Fset.Position(d.Pos()).Filename != CellFile || !r.offsetLess(d.Pos(), pos) {
			continue
		}
		found := false
		ast.Inspect(d, func(n ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok || found || !names[id.Name] {
				return !found
			}
			if v, ok := r.Info.Uses[id].(*types.Var); ok && !v.IsField() && isPackageLevel(v) {
				found = true
			}
			return !found
		})
		if found {
			return d
		}
	}
	return nil
}

// offsetLess reports whether position a of one checked file comes before position b of
// another in the cell.
func (r *Result) offsetLess(a, b token.Pos) bool {
	pa, pb := r.Fset.Position(a), r.Fset.Position(b)
	return pa.Line < pb.Line || pa.Line == pb.Line && pa.Column < pb.Column
}

// varToAssign returns the edits that turn the var statement gd into assignments of its
// values: the keyword and the types go, a spec without values becomes blank, a group's
// parentheses become a block.
func varToAssign(r *Result, src string, gd *ast.GenDecl) []Edit {
	off := func(p token.Pos) int { return r.offset(src, p) }
	blankRange := func(s, e int) Edit { return Edit{s, e, blankText(src[s:e])} }
	var edits []Edit
	edits = append(edits, blankRange(off(gd.TokPos), off(gd.TokPos)+len("var")))
	if gd.Lparen.IsValid() {
		edits = append(edits, Edit{off(gd.Lparen), off(gd.Lparen) + 1, "{"}, Edit{off(gd.Rparen), off(gd.Rparen) + 1, "}"})
	}
	for _, sp := range gd.Specs {
		vs := sp.(*ast.ValueSpec)
		if len(vs.Values) == 0 {
			edits = append(edits, blankRange(off(vs.Pos()), off(vs.End())))
			continue
		}
		if vs.Type != nil {
			edits = append(edits, blankRange(off(vs.Type.Pos()), off(vs.Type.End())))
		}
	}
	return edits
}

// blankText replaces every character of s but newlines with spaces.
func blankText(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c != '\n' {
			b[i] = ' '
		}
	}
	return string(b)
}
