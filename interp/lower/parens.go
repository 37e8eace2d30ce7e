package lower

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Parens is the pass that keeps yaegi's assignment shortcuts away from the operands they
// get wrong, by putting those operands in parentheses (a parenthesised operand is a node
// of its own, which yaegi copies with an ordinary assignment).
//
// yaegi v0.16.1 compiles `dest = src` without an assignment when src is a call, a
// receive or a composite literal: it makes src write its result straight into dest's
// frame slot and turns the whole assignment statement into a no-op (cfg.go, assignStmt:
// "Call action may perform the assignment directly", "Assign by reading from a
// receiving channel", aCompositeLit). That goes wrong in three ways, all silent:
//
//   - in an assignment of several values the statement is a no-op as soon as one pair
//     takes a shortcut, so the other variables keep their old values:
//     `want, got = a+c, f(a)` left want unchanged, `x, y := <-ch, 5` left y 0;
//   - the receive shortcut writes to the slot dest's value was read into, not to dest,
//     when dest is an element, a field or *p (`xs[i] = <-ch` left xs[i] unchanged), and
//     to the current frame when dest is a variable of an enclosing function
//     (`func() { v = <-ch }()` left v unchanged); the composite literal shortcut also
//     misses a variable of an enclosing function (`func() { v = P{1} }()`);
//   - `return <-ch` (alone or among several results) panicked with "reflect.Value.Set
//     using unaddressable value";
//   - a unary operation assigned to a variable of interface type (`a = !a.(bool)`,
//     test/gcgort.go) panicked: "reflect: call of reflect.Value.SetBool on interface
//     Value" (cfg.go, unaryExpr, writes the result into the destination with its type).
//
// So the pass writes, in assignments and var declarations of several values, each call,
// receive and composite literal operand in parentheses; in an assignment of one value a
// receive, a composite literal, or a unary operation to an interface; and in a return
// statement each receive. A receive of a select case keeps its form (see Selects and
// Receives).
func Parens(r *Result, src string) []Edit {
	if r == nil || r.Info == nil {
		return nil
	}
	p := &parensPass{r: r, src: src, comm: map[ast.Stmt]bool{}}
	r.inspect(p.node)
	return p.edits
}

type parensPass struct {
	r     *Result
	src   string
	edits []Edit
	// comm holds the statements of select cases (not rewritten here).
	comm map[ast.Stmt]bool
}

// shortcut reports whether yaegi may compile e, as the value of an assignment, by
// writing its result straight into the destination.
func shortcut(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.CallExpr, *ast.CompositeLit:
		return true
	case *ast.UnaryExpr:
		return e.Op == token.ARROW
	}
	return false
}

func isRecv(e ast.Expr) bool {
	u, ok := e.(*ast.UnaryExpr)
	return ok && u.Op == token.ARROW
}

func (p *parensPass) wrap(e ast.Expr) {
	if p.r.Fset.Position(e.Pos()).Filename != CellFile {
		return
	}
	start, end := p.r.offset(p.src, e.Pos()), p.r.offset(p.src, e.End())
	p.edits = append(p.edits, Edit{start, start, "("}, Edit{end, end, ")"})
}

func (p *parensPass) node(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.CommClause:
		if n.Comm != nil {
			p.comm[n.Comm] = true
		}
	case *ast.AssignStmt:
		if p.comm[n] || (n.Tok != token.ASSIGN && n.Tok != token.DEFINE) {
			return true
		}
		switch {
		case len(n.Lhs) > 1 && len(n.Lhs) == len(n.Rhs):
			for _, e := range n.Rhs {
				if shortcut(e) {
					p.wrap(e)
				}
			}
		case len(n.Lhs) == 1 && len(n.Rhs) == 1 && n.Tok == token.ASSIGN:
			switch e := n.Rhs[0].(type) {
			case *ast.CompositeLit:
				p.wrap(e)
			case *ast.UnaryExpr:
				if e.Op == token.ARROW || e.Op != token.AND && types.IsInterface(p.r.Info.TypeOf(n.Lhs[0])) {
					p.wrap(e)
				}
			}
		}
	case *ast.ValueSpec:
		if len(n.Names) > 1 && len(n.Names) == len(n.Values) {
			for _, e := range n.Values {
				if shortcut(e) {
					p.wrap(e)
				}
			}
		}
	case *ast.ReturnStmt:
		for _, e := range n.Results {
			if isRecv(e) {
				p.wrap(e)
			}
		}
	}
	return true
}
