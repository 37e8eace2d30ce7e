package lower

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// RangeFunc is the pass that runs range-over-function loops (Go 1.23; The Go
// Programming Language Specification, "For statements with range clause": a function
// of type func(yield func(K, V) bool) as the range expression).
//
// yaegi v0.16.1 does not know them: its compiler fails with "nil type" (#1701) when it
// reaches the loop, after the statements of the cell before it have run. The pass
// writes the loop as the call Go defines it to be, its body a function literal that
// is the yield function:
//
//	for k, v := range seq { body }   ->  seq(func(k K, v V) bool { body; return true })
//
// continue in the body becomes return true, break return false (both when they end
// this loop: not inside a nested for, switch or select that they belong to, and a
// labelled one only with the label of this loop). The loop variables are the literal's
// parameters, one pair per iteration as in Go. A body that Go would run differently as
// a literal is refused: return (it would only end the iteration), defer (it would run
// at the end of the iteration), goto, and break or continue of an outer statement.
func RangeFunc(r *Result, src string) ([]Edit, []Refusal) {
	if r == nil || r.Info == nil {
		return nil, nil
	}
	p := &rangeFuncPass{passState{r: r, src: src}}
	for _, f := range []*ast.File{r.Decls, r.Stmts} {
		if f == nil {
			continue
		}
		labels := map[*ast.RangeStmt]*ast.LabeledStmt{}
		ast.Inspect(f, func(n ast.Node) bool {
			if l, ok := n.(*ast.LabeledStmt); ok {
				if rs, ok := l.Stmt.(*ast.RangeStmt); ok {
					labels[rs] = l
				}
			}
			if rs, ok := n.(*ast.RangeStmt); ok {
				p.loop(rs, labels[rs])
			}
			return true
		})
	}
	return p.edits, p.refusals
}

// RangeFuncLoops returns the offsets in src of the range statements over a function
// (those RangeFunc rewrites as calls, or refuses).
func RangeFuncLoops(r *Result, src string) []int {
	if r == nil || r.Info == nil {
		return nil
	}
	var out []int
	r.inspect(func(n ast.Node) bool {
		if rs, ok := n.(*ast.RangeStmt); ok {
			if tv, ok := r.Info.Types[rs.X]; ok && tv.Type != nil {
				if _, ok := yieldParams(tv.Type); ok {
					out = append(out, r.offset(src, rs.Pos()))
				}
			}
		}
		return true
	})
	return out
}

type rangeFuncPass struct{ passState }

// yieldParams returns the parameter types of the yield function when t is a function
// type a range clause accepts, and ok.
func yieldParams(t types.Type) ([]types.Type, bool) {
	sig, ok := t.Underlying().(*types.Signature)
	if !ok || sig.Params().Len() != 1 || sig.Results().Len() != 0 {
		return nil, false
	}
	y, ok := sig.Params().At(0).Type().Underlying().(*types.Signature)
	if !ok || y.Results().Len() != 1 {
		return nil, false
	}
	var out []types.Type
	for i := 0; i < y.Params().Len(); i++ {
		out = append(out, y.Params().At(i).Type())
	}
	return out, true
}

// loop lowers one range statement when it ranges over a function.
func (p *rangeFuncPass) loop(rs *ast.RangeStmt, label *ast.LabeledStmt) {
	tv, ok := p.r.Info.Types[rs.X]
	if !ok || tv.Type == nil {
		return
	}
	params, ok := yieldParams(tv.Type)
	if !ok {
		return
	}
	const what = "a range-over-function loop (which the interpreter runs as a call of the function with the loop's body as the yield callback)"
	var texts []string
	for _, t := range params {
		s := typeText(t, p.r.qual)
		if s == "" {
			p.refuse(rs.Pos(), fmt.Sprintf("%s: the type %s of its values cannot be written in the cell; call the function with a callback instead", what, types.TypeString(t, p.r.qual)))
			return
		}
		texts = append(texts, s)
	}
	labelName := ""
	if label != nil {
		labelName = label.Label.Name
	}
	var edits []Edit
	if !p.body(rs.Body, labelName, &edits, what) {
		return
	}

	// The literal's parameters: the loop's variables when it declares them, else
	// fresh names assigned to the loop's operands at the start of the body.
	vars := []ast.Expr{rs.Key, rs.Value}
	var decl []string
	var assignL, assignR []string
	for i, t := range texts {
		var v ast.Expr
		if i < len(vars) {
			v = vars[i]
		}
		name := fmt.Sprintf("_hnY%d", i)
		switch {
		case v == nil:
		case rs.Tok == token.DEFINE:
			if id, ok := v.(*ast.Ident); ok {
				name = id.Name
			}
		default:
			if id, ok := v.(*ast.Ident); !ok || id.Name != "_" {
				assignL = append(assignL, Moved(p.off(v.Pos()), p.off(v.End())))
				assignR = append(assignR, name)
			}
		}
		decl = append(decl, name+" "+t)
	}
	head := Moved(p.off(rs.X.Pos()), p.off(rs.X.End())) + "(func(" + strings.Join(decl, ", ") + ") bool {"
	if len(assignL) > 0 {
		head += " " + strings.Join(assignL, ", ") + " = " + strings.Join(assignR, ", ") + ";"
	}
	start := p.off(rs.Pos())
	if label != nil {
		start = p.off(label.Pos())
	}
	p.edits = append(p.edits, Edit{start, p.off(rs.Body.Lbrace) + 1, head})
	rb := p.off(rs.Body.Rbrace)
	p.edits = append(p.edits, Edit{rb, rb + 1, "; return true })"})
	p.edits = append(p.edits, edits...)
}

// body collects the edits of the break and continue statements of a loop body that end
// the loop or its iteration, and refuses what a function literal would change; it
// reports whether the loop can be lowered.
func (p *rangeFuncPass) body(b *ast.BlockStmt, label string, edits *[]Edit, what string) bool {
	ok := true
	// depth counts the statements between the body and a node that an unlabelled
	// break (breakDepth) or continue (contDepth) would belong to.
	var walk func(n ast.Node, breakDepth, contDepth int)
	walk = func(n ast.Node, breakDepth, contDepth int) {
		ast.Inspect(n, func(x ast.Node) bool {
			if !ok || x == nil || x == n {
				return ok
			}
			switch x := x.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ForStmt, *ast.RangeStmt:
				walk(x, breakDepth+1, contDepth+1)
				return false
			case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				walk(x, breakDepth+1, contDepth)
				return false
			case *ast.ReturnStmt:
				p.refuse(x.Pos(), what+" cannot return from the function around it; set a variable and break, then return after the loop")
				ok = false
			case *ast.DeferStmt:
				p.refuse(x.Pos(), what+" would run this defer at the end of the iteration, not of the function; move the defer out of the loop")
				ok = false
			case *ast.BranchStmt:
				switch x.Tok {
				case token.GOTO:
					p.refuse(x.Pos(), what+" cannot goto out of its body; restructure the loop with break")
					ok = false
				case token.BREAK, token.CONTINUE:
					mine := x.Label == nil && (x.Tok == token.BREAK && breakDepth == 0 || x.Tok == token.CONTINUE && contDepth == 0)
					if x.Label != nil {
						if x.Label.Name == label {
							mine = true
						} else if !p.inside(b, x.Label.Name) {
							p.refuse(x.Pos(), what+" cannot "+x.Tok.String()+" a statement outside it; set a variable and break, then act on it after the loop")
							ok = false
							return false
						}
					}
					if mine {
						text := "return true"
						if x.Tok == token.BREAK {
							text = "return false"
						}
						*edits = append(*edits, Edit{p.off(x.Pos()), p.off(x.End()), text})
					}
				}
			}
			return ok
		})
	}
	walk(b, 0, 0)
	return ok
}

// inside reports whether a statement labelled name is inside b.
func (p *rangeFuncPass) inside(b *ast.BlockStmt, name string) bool {
	found := false
	ast.Inspect(b, func(n ast.Node) bool {
		if l, ok := n.(*ast.LabeledStmt); ok && l.Label.Name == name {
			found = true
		}
		return !found
	})
	return found
}
