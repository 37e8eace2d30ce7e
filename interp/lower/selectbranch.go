package lower

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// Selects is the pass for select statements. A select becomes a switch on the case
// that a compiled helper chose, when the types of its channels can be written in the
// cell (see selectrt.go: yaegi shares one slice of cases among the goroutines that run
// the statement). Otherwise (a labeled select, or a channel of a type local to a
// function) it gives break and continue inside the select Go's targets, as follows.
//
// yaegi v0.16.1 gives a select no break target of its own (cfg.go: a select does not
// set the scope's loop), and it makes the last statement of each case jump to the end
// of the select (commClause: lastChild().tnext = the select), whatever that statement
// is. So, inside a case of a select in a loop:
//
//   - a break nested in an if (or any block) broke the enclosing loop instead of the
//     select;
//   - a continue, continue L or break L that ends the case only left the select: Go's
//     test chan/select.go (break LOOP in a default case) looped forever;
//   - a case made of a block { continue } sent yaegi's compiler into an endless
//     recursion that killed the process (fatal stack overflow in setExec).
//
// A labeled break of the select itself is right everywhere, and a branch statement
// after the select (in a switch) is right, so the pass labels the select and moves
// every other jump out of it:
//
//	for {                               for {
//	    select {                            { var _hnJ0 int; _hnSel0: select {
//	    case v := <-c:                      case v := <-c:
//	        if v == 0 { break }                 if v == 0 { break _hnSel0 }
//	        if v == 1 { continue }     ->       if v == 1 { { _hnJ0 = 1; break _hnSel0 } }
//	    default:                            default:
//	        break LOOP                          { _hnJ0 = 2; break _hnSel0 }
//	    }                                   }; switch _hnJ0 { case 1: continue; case 2: break LOOP } }
//	}                                   }
//
// A jump out of a select nested in the case of another select is refused. A constant
// sent by a case is converted to the channel's element type (see sends).
func Selects(r *Result, src string) ([]Edit, []Refusal) {
	if r == nil || r.Info == nil {
		return nil, nil
	}
	p := &selectPass{passState: passState{r: r, src: src}, labeled: map[ast.Stmt]*ast.LabeledStmt{}}
	r.inspect(func(n ast.Node) bool {
		if l, ok := n.(*ast.LabeledStmt); ok {
			p.labeled[l.Stmt] = l
		}
		return true
	})
	r.inspect(func(n ast.Node) bool {
		if s, ok := n.(*ast.SelectStmt); ok {
			if _, labeled := p.labeled[s]; selectConverts(r, s, labeled) {
				p.convert(s) // selectrt.go
				return true
			}
			p.lower(s)
			p.sends(s)
		}
		return true
	})
	return p.edits, p.refusals
}

type selectPass struct {
	passState
	labeled map[ast.Stmt]*ast.LabeledStmt
	n       int
}

// jump is a branch statement of a case that leaves the select.
type jump struct {
	b     *ast.BranchStmt
	outer bool // to a statement around the select (else: a plain break of the select)
}

// lower rewrites the jumps of the cases of s (see Selects).
func (p *selectPass) lower(s *ast.SelectStmt) {
	var jumps []jump
	nested := false
	own := token.NoPos // the select's own label: a break of it is right
	if l, ok := p.labeled[s]; ok {
		own = l.Label.Pos()
	}
	inside := func(pos token.Pos) bool { return pos == own || pos >= s.Pos() && pos < s.End() }
	var walk func(n ast.Node, loop, breakable, inSelect bool)
	walk = func(n ast.Node, loop, breakable, inSelect bool) {
		ast.Inspect(n, func(x ast.Node) bool {
			if x == n {
				return true
			}
			switch x := x.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ForStmt, *ast.RangeStmt:
				walk(x, true, true, inSelect)
				return false
			case *ast.SwitchStmt, *ast.TypeSwitchStmt:
				walk(x, loop, true, inSelect)
				return false
			case *ast.SelectStmt:
				_, labeled := p.labeled[x]
				walk(x, loop, true, !selectConverts(p.r, x, labeled)) // a converted select is a switch
				return false
			case *ast.BranchStmt:
				target := token.NoPos
				if x.Label != nil {
					if l, ok := p.r.Info.Uses[x.Label].(*types.Label); ok {
						target = l.Pos()
					}
				}
				out := false
				switch x.Tok {
				case token.CONTINUE:
					out = x.Label == nil && !loop || x.Label != nil && !inside(target)
				case token.BREAK:
					if x.Label == nil {
						if !breakable {
							jumps = append(jumps, jump{b: x})
						}
						return false
					}
					out = !inside(target)
				case token.GOTO:
					out = !inside(target)
				}
				if out {
					if inSelect {
						nested = true
					}
					jumps = append(jumps, jump{b: x, outer: true})
				}
			}
			return true
		})
	}
	for _, c := range s.Body.List {
		cc := c.(*ast.CommClause)
		for _, st := range cc.Body {
			walk(&ast.BlockStmt{List: []ast.Stmt{st}}, false, false, false)
		}
	}
	if len(jumps) == 0 {
		return
	}
	if nested {
		p.refuse(s.Pos(), "the interpreter gets a break, continue or goto wrong when it leaves a select nested in the case of another select; set a variable in the inner select and make the jump after it")
		return
	}
	// The label of the select and its statement's start.
	start := s.Pos()
	label := ""
	if l, ok := p.labeled[s]; ok {
		start, label = l.Pos(), l.Label.Name
	}
	n := p.n
	p.n++
	prefix := ""
	if label == "" {
		label = fmt.Sprintf("_hnSel%d", n)
		prefix = label + ": "
	}
	flag := fmt.Sprintf("_hnJ%d", n)
	var after []string
	for _, j := range jumps {
		text := "break " + label
		if j.outer {
			jt := p.text(j.b)
			k := -1
			for i, a := range after {
				if a == jt {
					k = i
				}
			}
			if k < 0 {
				after = append(after, jt)
				k = len(after) - 1
			}
			text = fmt.Sprintf("{ %s = %d; break %s }", flag, k+1, label)
		}
		p.edits = append(p.edits, Edit{p.off(j.b.Pos()), p.off(j.b.End()), text})
	}
	if len(after) == 0 {
		p.edits = append(p.edits, Edit{p.off(start), p.off(start), prefix})
		return
	}
	var sw strings.Builder
	sw.WriteString("; switch " + flag + " {")
	for i, a := range after {
		fmt.Fprintf(&sw, " case %d: %s;", i+1, a)
	}
	sw.WriteString(" } }")
	p.edits = append(p.edits,
		Edit{p.off(start), p.off(start), "{ var " + flag + " int; " + prefix},
		Edit{p.off(s.End()), p.off(s.End()), sw.String()})
}

func (p *selectPass) text(n ast.Node) string { return p.src[p.off(n.Pos()):p.off(n.End())] }

// sends converts the constant sent by a case of s to the channel's element type:
// yaegi hands the constant's default type to reflect.Select (case c <- 1 with c a
// chan uint panicked: "reflect.Select: value of type int is not assignable to type
// uint").
func (p *selectPass) sends(s *ast.SelectStmt) {
	for _, c := range s.Body.List {
		send, ok := c.(*ast.CommClause).Comm.(*ast.SendStmt)
		if !ok {
			continue
		}
		tv, ok := p.r.Info.Types[send.Value]
		if !ok || tv.Value == nil || tv.Type == nil || types.IsInterface(tv.Type) {
			continue
		}
		t := typeText(tv.Type, p.r.qual)
		if t == "" {
			continue
		}
		p.edits = append(p.edits,
			Edit{p.off(send.Value.Pos()), p.off(send.Value.Pos()), t + "("},
			Edit{p.off(send.Value.End()), p.off(send.Value.End()), ")"})
	}
}
