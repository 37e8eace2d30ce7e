package lower

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// Parallel is the pass that gives an assignment of several values, one of them a call
// or a receive, Go's order: every value on the right is computed before any variable on
// the left is set ("Assignment statements").
//
// yaegi v0.16.1 lets a call store its result straight into the variable it is assigned
// to, before the other values are computed: `a, b = b, id(a)` set b first and then a to
// the new b (1 1 instead of 2 1), and reorder.go's `x[1], y[0] = f(0), f(1)`, where f
// reads the slice, saw its own first store. The pass computes the values into variables
// of their own first:
//
//	a, b = id(b), id(a)   ->  { var _hnA0_0 = id(b); var _hnA0_1 = id(a); a, b = _hnA0_0, _hnA0_1 }
//	a, c := id(b), 1      ->  var _hnA0_0 = id(b); var _hnA0_1 = (int)(1); a, c := _hnA0_0, _hnA0_1
//
// (One declaration a value: yaegi also zeroes y in `var x, y = <-c, a`.)
//
// A constant, nil or a value of another type than its variable's is converted to the
// variable's type, which assigning it would do. Only statements of a block are rewritten (not the init or post statement of if,
// for, switch); a left side with a call of its own (x[h()], y = f(), g()), whose call
// must come first, is left as written, and so is a := at the top of the cell.
func Parallel(r *Result, src string) []Edit {
	if r == nil || r.Info == nil {
		return nil
	}
	p := &parallelPass{r: r, src: src}
	var top map[ast.Stmt]bool
	if r.Stmts != nil {
		top = map[ast.Stmt]bool{}
		for _, st := range r.CellBody() {
			top[st] = true
		}
	}
	r.inspect(func(n ast.Node) bool {
		var list []ast.Stmt
		switch n := n.(type) {
		case *ast.BlockStmt:
			list = n.List
		case *ast.CaseClause:
			list = n.Body
		case *ast.CommClause:
			list = n.Body
		}
		for _, st := range list {
			if as, ok := st.(*ast.AssignStmt); ok && !(as.Tok == token.DEFINE && top[st]) {
				p.assign(as)
			}
		}
		return true
	})
	return p.edits
}

type parallelPass struct {
	r     *Result
	src   string
	n     int
	edits []Edit
}

// hasCall reports whether e contains a call, a receive or a comparison (which another
// pass may turn into a call), outside function literals.
func hasCall(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr, *ast.TypeAssertExpr:
			found = true
		case *ast.UnaryExpr:
			found = found || n.Op == token.ARROW
		case *ast.BinaryExpr:
			found = found || n.Op == token.EQL || n.Op == token.NEQ
		}
		return !found
	})
	return found
}

// sequential reports whether the assignments of as may be made one after another with
// the same result: no operand on the left reads a variable that a plain identifier
// before it on the left assigns (Go evaluates those operands before any assignment:
// `i, x[i] = 1, 2` sets x at the old i).
func (p *parallelPass) sequential(as *ast.AssignStmt) bool {
	assigned := map[types.Object]bool{}
	for _, l := range as.Lhs {
		if id, ok := ast.Unparen(l).(*ast.Ident); ok {
			if o := p.r.Info.Uses[id]; o != nil {
				assigned[o] = true
			}
			continue
		}
		reads := false
		ast.Inspect(l, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && assigned[p.r.Info.Uses[id]] {
				reads = true
			}
			return !reads
		})
		if reads {
			return false
		}
	}
	return true
}

func (p *parallelPass) assign(as *ast.AssignStmt) {
	if as.Tok != token.ASSIGN && as.Tok != token.DEFINE || len(as.Lhs) < 2 || len(as.Lhs) != len(as.Rhs) {
		return
	}
	calls := false
	for _, e := range as.Rhs {
		calls = calls || hasCall(e)
	}
	ifaces := false
	if as.Tok == token.ASSIGN {
		for _, l := range as.Lhs {
			if t := p.r.Info.TypeOf(l); t != nil && types.IsInterface(t) {
				ifaces = true
			}
		}
	}
	if !calls && !ifaces {
		return
	}
	for _, l := range as.Lhs {
		if hasCall(l) {
			return
		}
	}
	info := p.r.Info
	off := func(pos token.Pos) int { return p.r.offset(p.src, pos) }
	var names []string
	var conv []Edit
	for i, e := range as.Rhs {
		names = append(names, fmt.Sprintf("_hnA%d_%d", p.n, i))
		tv := info.Types[e]
		b, untyped := tv.Type.(*types.Basic)
		untyped = untyped && b.Info()&types.IsUntyped != 0
		// The type the value takes: its variable's.
		var t types.Type
		if id, ok := ast.Unparen(as.Lhs[i]).(*ast.Ident); ok {
			if id.Name == "_" {
				continue
			}
			if o := info.Defs[id]; o != nil {
				t = o.Type()
			} else if o := info.Uses[id]; o != nil {
				t = o.Type()
			}
		} else {
			t = info.Types[as.Lhs[i]].Type
		}
		if t == nil {
			return
		}
		if tv.Value == nil && !tv.IsNil() && !untyped && types.Identical(t, tv.Type) {
			continue
		}
		text := typeText(t, p.r.qual)
		if text == "" {
			return
		}
		conv = append(conv, Edit{off(e.Pos()), off(e.Pos()), "(" + text + ")("}, Edit{off(e.End()), off(e.End()), ")"})
	}
	p.n++
	ls, le := off(as.Lhs[0].Pos()), off(as.Lhs[len(as.Lhs)-1].End())
	tokEnd := off(as.TokPos) + len(as.Tok.String())
	open, close := "{ ", " }"
	if as.Tok == token.DEFINE {
		open, close = "", ""
	}
	head := open + "var " + names[0] + " =" + strings.Repeat("\n", strings.Count(p.src[ls:tokEnd], "\n"))
	end := off(as.End())
	tail := "; " + Moved(ls, le) + " " + as.Tok.String() + " " + strings.Join(names, ", ") + close
	if ifaces && p.sequential(as) {
		// One assignment a value: yaegi's assignment of several values panicked
		// ("reflect.Set: value of type interface {} is not assignable to type
		// interp.valueInterface") when one of them is of an interface type and holds a
		// notebook value (chan/sieve2.go's `*h, v = (*h)[:n-1], (*h)[n-1]`).
		var parts []string
		for i, l := range as.Lhs {
			if id, ok := ast.Unparen(l).(*ast.Ident); ok && id.Name == "_" {
				continue
			}
			parts = append(parts, Moved(off(l.Pos()), off(l.End()))+" = "+names[i])
		}
		tail = "; " + strings.Join(parts, "; ") + close
	}
	p.edits = append(p.edits, Edit{ls, tokEnd, head})
	p.edits = append(p.edits, conv...) // before the edits that start where they end
	for i := 1; i < len(as.Rhs); i++ {
		// One declaration a value: yaegi zeroes the values after a receive in
		// `var x, y = <-c, a`.
		ce, cs := off(as.Rhs[i-1].End()), off(as.Rhs[i].Pos())
		p.edits = append(p.edits, Edit{ce, cs, "; var " + names[i] + " = " + strings.Repeat("\n", strings.Count(p.src[ce:cs], "\n"))})
	}
	p.edits = append(p.edits, Edit{end, end, tail})
}
