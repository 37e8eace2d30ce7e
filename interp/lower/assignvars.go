package lower

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"
)

// AssignVars is the pass for the select cases that assign existing variables with `=`
// (not `:=`); range clauses with `=` are RangeAssign's.
//
// In a select, yaegi v0.16.1 does not assign at all for `case xs[i] = <-ch:` and
// `case s.f = <-ch:`, and `case v = <-ch:` for a variable of an enclosing function
// panicked ("reflect.Select: invalid Dir"). Go assigns the received value as an
// assignment statement does (The Go Programming Language Specification, "Select
// statements").
//
// The pass declares fresh variables in the case and assigns the user's operands first
// thing in its body, where operands such as a[f()] are evaluated in Go's order:
//
//	case xs[i], ok = <-ch:      ->  case _hnR0, _hnOk0 := <-ch: xs[i], ok = _hnR0, _hnOk0;
//
// The variables a select case declares (case v := <-ch) had one slot for every time the
// case ran: in a loop, &v and closures of v all saw the last value received (test/
// escape.go). Variables declared in a case body are fresh each time, so the pass moves
// the declaration there:
//
//	case v, ok := <-ch:         ->  case _hnR0, _hnOk0 := <-ch: v, ok := _hnR0, _hnOk0;
//
// An operand written on several lines moves into the body with its line breaks, so that
// the body keeps its lines.
func AssignVars(r *Result, src string) []Edit {
	if r == nil || r.Info == nil {
		return nil
	}
	a := &assignVarsPass{r: r, src: src}
	for _, f := range []*ast.File{r.Decls, r.Stmts} {
		if f == nil {
			continue
		}
		ast.Inspect(f, a.node)
	}
	return a.edits
}

type assignVarsPass struct {
	r     *Result
	src   string
	edits []Edit
	n     int // variables made so far
}

func (a *assignVarsPass) off(p token.Pos) int { return a.r.offset(a.src, p) }

func (a *assignVarsPass) node(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.CommClause:
		as, ok := n.Comm.(*ast.AssignStmt)
		if !ok || a.r.Fset.Position(n.Pos()).Filename != CellFile {
			return true
		}
		r, okName := fmt.Sprintf("_hnR%d", a.n), fmt.Sprintf("_hnOk%d", a.n)
		switch as.Tok {
		case token.ASSIGN:
			if a.rebind(as.Lhs, []string{r, okName}, as.TokPos, n.Colon+1) {
				a.n++
			}
		case token.DEFINE:
			if a.redeclare(as.Lhs, []string{r, okName}, n.Colon+1) {
				a.n++
			}
		}
	}
	return true
}

// redeclare replaces each variable of lhs that is not blank with the variable of names
// at its index and declares the variables of lhs from them at at.
func (a *assignVarsPass) redeclare(lhs []ast.Expr, names []string, at token.Pos) bool {
	var ops, vars []string
	var edits []Edit
	for i, e := range lhs {
		id, ok := e.(*ast.Ident)
		if !ok {
			return false
		}
		if id.Name == "_" {
			continue
		}
		s, t := a.off(id.Pos()), a.off(id.End())
		ops, vars = append(ops, id.Name), append(vars, names[i])
		edits = append(edits, Edit{s, t, names[i]})
	}
	if len(edits) == 0 {
		return false
	}
	p := a.off(at)
	edits = append(edits, Edit{p, p, " " + strings.Join(ops, ", ") + " := " + strings.Join(vars, ", ") + ";"})
	a.edits = append(a.edits, edits...)
	return true
}

// rebind replaces each operand of lhs that is not blank with the variable of names at
// its index, the `=` at tok with `:=`, and inserts the assignment of the operands from
// the variables at at. It reports whether it did (not when every operand is blank).
func (a *assignVarsPass) rebind(lhs []ast.Expr, names []string, tok, at token.Pos) bool {
	var ops, vars []string
	var edits []Edit
	for i, e := range lhs {
		if e == nil {
			continue
		}
		if id, ok := e.(*ast.Ident); ok && id.Name == "_" {
			continue
		}
		s, t := a.off(e.Pos()), a.off(e.End())
		ops = append(ops, MovedLines(s, t))
		vars = append(vars, names[i])
		edits = append(edits, Edit{s, t, names[i]})
	}
	if len(ops) == 0 {
		return false
	}
	t := a.off(tok)
	edits = append(edits, Edit{t, t + 1, ":="})
	p := a.off(at)
	edits = append(edits, Edit{p, p, " " + strings.Join(ops, ", ") + " = " + strings.Join(vars, ", ") + ";"})
	a.edits = append(a.edits, edits...)
	return true
}

// MovedLines is Moved keeping the line breaks of the source (for code that moves from a
// clause into the body that follows it: the clause loses the lines the body gains).
func MovedLines(start, end int) string {
	return fmt.Sprintf("\x00%d,%dL\x00", start, end)
}
