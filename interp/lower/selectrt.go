package lower

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// A select statement becomes a switch on the case that a compiled helper chose:
//
//	select {                 ->  { _hnR0, _hnR2, _hnK2 := new(T), new(U), new(bool); switch _hnrt.Select(
//	                                 _hnrt.Recv(a, _hnR0), _hnrt.Send(b, func() *V { var _hnv V = x; return &_hnv }()),
//	                                 _hnrt.Recv2(c, _hnR2, _hnK2), _hnrt.Default()) {
//	case v = <-a:            ->  case 0: v = *_hnR0;
//	case b <- x:             ->  case 1:
//	case y, ok := <-c:       ->  case 2: y, ok := *_hnR2, *_hnK2; _, _ = y, ok;
//	default:                 ->  default:
//	}                            } }
//
// yaegi v0.16.1 keeps one []reflect.SelectCase per select statement (run.go, _select)
// and fills it in place each time the statement runs: goroutines that run the same
// select at once (a function started by several go statements) overwrote each other's
// channels, and a case received from another goroutine's channel (Go's tests
// ken/chan.go and chan/powser2.go failed with values of the wrong channel). The helper
// (interp's selectCases) builds the cases on each run. In a switch, break and continue
// have Go's targets, so the jumps of Selects need no lowering either.
//
// A select is left to yaegi when the type of a channel's elements cannot be written in
// the cell, or when it is labeled.

// selectConverts reports whether s becomes a switch (see above).
func selectConverts(r *Result, s *ast.SelectStmt, labeled bool) bool {
	if labeled || len(s.Body.List) == 0 {
		return false // select {} blocks as it should
	}
	for _, c := range s.Body.List {
		cc := c.(*ast.CommClause)
		if cc.Comm == nil {
			continue
		}
		ch, _, _ := commParts(cc.Comm)
		if ch == nil {
			return false
		}
		if elemText(r, ch) == "" {
			return false
		}
	}
	return true
}

// commParts returns the channel of a case, the receive's assignment (nil for a send or
// a receive without one) and the send statement (nil for a receive).
func commParts(st ast.Stmt) (ch ast.Expr, as *ast.AssignStmt, send *ast.SendStmt) {
	switch st := st.(type) {
	case *ast.SendStmt:
		return st.Chan, nil, st
	case *ast.ExprStmt:
		if u, ok := ast.Unparen(st.X).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
			return u.X, nil, nil
		}
	case *ast.AssignStmt:
		if len(st.Rhs) == 1 {
			if u, ok := ast.Unparen(st.Rhs[0]).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
				return u.X, st, nil
			}
		}
	}
	return nil, nil, nil
}

// elemText returns the element type of channel ch as source, or "".
func elemText(r *Result, ch ast.Expr) string {
	tv, ok := r.Info.Types[ch]
	if !ok || tv.Type == nil {
		return ""
	}
	c, ok := tv.Type.Underlying().(*types.Chan)
	if !ok {
		return ""
	}
	return typeText(c.Elem(), r.qual)
}

// convert rewrites s into a switch on _hnrt.Select (see above).
func (p *selectPass) convert(s *ast.SelectStmt) {
	n := p.n
	p.n++
	var news, vars, args []string
	moved := func(e ast.Node) string { return Moved(p.off(e.Pos()), p.off(e.End())) }
	for i, c := range s.Body.List {
		cc := c.(*ast.CommClause)
		head := fmt.Sprintf("case %d:", i)
		if cc.Comm == nil {
			head = "default:"
			args = append(args, "_hnrt.Default()")
			p.edits = append(p.edits, Edit{p.off(cc.Case), p.off(cc.Colon) + 1, head})
			continue
		}
		ch, as, send := commParts(cc.Comm)
		t := elemText(p.r, ch)
		switch {
		case send != nil:
			args = append(args, fmt.Sprintf("_hnrt.Send(%s, func() *%s { var _hnv %s = %s; return &_hnv }())", moved(ch), t, t, moved(send.Value)))
		case as == nil:
			args = append(args, "_hnrt.Recv("+moved(ch)+", nil)")
		default:
			rv := fmt.Sprintf("_hn%dR%d", n, i)
			vars, news = append(vars, rv), append(news, "new("+t+")")
			lhs := p.src[p.off(as.Lhs[0].Pos()):p.off(as.Lhs[len(as.Lhs)-1].End())]
			val := "*" + rv
			if len(as.Lhs) == 2 {
				ok := fmt.Sprintf("_hn%dK%d", n, i)
				vars, news = append(vars, ok), append(news, "new(bool)")
				val += ", *" + ok
				args = append(args, fmt.Sprintf("_hnrt.Recv2(%s, %s, %s)", moved(ch), rv, ok))
			} else {
				args = append(args, fmt.Sprintf("_hnrt.Recv(%s, %s)", moved(ch), rv))
			}
			head += " " + lhs + " " + as.Tok.String() + " " + val + ";"
			if as.Tok == token.DEFINE {
				blanks := strings.TrimSuffix(strings.Repeat("_, ", len(as.Lhs)), ", ")
				head += " " + blanks + " = " + lhs + ";"
			}
		}
		p.edits = append(p.edits, Edit{p.off(cc.Case), p.off(cc.Colon) + 1, head})
	}
	// A block, not the switch's init statement: yaegi never called the tag of a switch
	// with an init statement (switch p := new(int); f() { case 0: } ran case 0).
	sw := "{ "
	if len(vars) > 0 {
		sw += strings.Join(vars, ", ") + " := " + strings.Join(news, ", ") + "; "
	}
	sw += "switch _hnrt.Select(" + strings.Join(args, ", ") + ") {"
	// The block closes by replacing the select's closing brace, not after it: a
	// statement of the cell is wrapped at its end too (split.go, wrapBlock).
	p.edits = append(p.edits, Edit{p.off(s.Pos()), p.off(s.Body.Lbrace) + 1, sw},
		Edit{p.off(s.Body.Rbrace), p.off(s.Body.Rbrace) + 1, "} }"})
}
