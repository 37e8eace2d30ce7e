package lower

import (
	"go/ast"
	"go/types"
)

// SwitchConsts is the pass that gives the constant cases of an expression switch the
// type Go compares them in.
//
// yaegi v0.16.1 compares the switch's value with an untyped constant case in the
// constant's default type: `a := 2.8; switch a { case 2: ... }` took case 2 (the
// float64 was converted to int), a float32 1.5 matched `case 1`, and an interface
// value panicked in reflect.Value.Convert. Go converts each constant to the type of
// the switch expression, or, when that is an interface, to the constant's default
// type (The Go Programming Language Specification, "Expression switches"). The pass
// writes that conversion; it refuses the constant cases of a switch on an interface
// value, where converting the case does not keep yaegi from converting the value:
//
//	switch a { case 2: }   ->  switch a { case float64(2): }
func SwitchConsts(r *Result, src string) ([]Edit, []Refusal) {
	if r == nil || r.Info == nil {
		return nil, nil
	}
	var edits []Edit
	var refusals []Refusal
	r.inspect(func(n ast.Node) bool {
		s, ok := n.(*ast.SwitchStmt)
		if !ok || s.Tag == nil {
			return true
		}
		tag := r.Info.Types[s.Tag].Type
		if tag == nil {
			return true
		}
		for _, c := range s.Body.List {
			for _, e := range c.(*ast.CaseClause).List {
				tv := r.Info.Types[e]
				if tv.Value == nil || tv.Type == nil {
					continue
				}
				if _, conv := e.(*ast.CallExpr); conv {
					continue // already converted
				}
				t := tag
				if types.IsInterface(tag) {
					p := r.Fset.Position(e.Pos())
					refusals = append(refusals, Refusal{Line: p.Line, Col: p.Column, Msg: "the interpreter converts a switch's interface value to the type of a constant case (it panics, or matches a value of another type); write the switch without a value and compare in each case: switch { case x == 2: }"})
					return false
				}
				text := typeText(t, r.qual)
				if text == "" {
					continue
				}
				s, e2 := r.offset(src, e.Pos()), r.offset(src, e.End())
				edits = append(edits, Edit{s, s, text + "("}, Edit{e2, e2, ")"})
			}
		}
		return true
	})
	return edits, refusals
}
