package lower

import (
	"go/ast"
	"go/types"
)

// NewExprs is the pass for new with a value (Go 1.26: new(123), new(x), new(f())).
//
// yaegi v0.16.1 takes the operand of new for a type: `p := new(x)` for an int x gave a
// pointer to 0, and `new(123)` a pointer to 0, silently. Go allocates a variable of the
// operand's type (the default type of an untyped constant) initialised to its value
// (The Go Programming Language Specification, "Allocation"). The pass calls a function
// literal whose parameter is that variable:
//
//	new(x)  ->  func(_hnNV int) *int { return &_hnNV }(x)
//
// When the type cannot be written in the cell (a type declared inside a function, or
// unexported in another package) the cell is refused.
func NewExprs(r *Result, src string) ([]Edit, []Refusal) {
	if r == nil || r.Info == nil {
		return nil, nil
	}
	var edits []Edit
	var refused []Refusal
	r.inspect(func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) != 1 || r.Fset.Position(call.Pos()).Filename != CellFile {
			return true
		}
		id, ok := ast.Unparen(call.Fun).(*ast.Ident)
		if !ok {
			return true
		}
		if b, ok := r.Info.Uses[id].(*types.Builtin); !ok || b.Name() != "new" {
			return true
		}
		if tv, ok := r.Info.Types[call.Args[0]]; !ok || tv.IsType() {
			return true
		}
		ptr, ok := r.Info.TypeOf(call).(*types.Pointer)
		if !ok {
			return true
		}
		t := typeText(ptr.Elem(), r.qual)
		if t == "" {
			pos := r.Fset.Position(call.Pos())
			refused = append(refused, Refusal{Line: pos.Line, Col: pos.Column,
				Msg: "the interpreter cannot run new(value) for a value of type " + types.TypeString(ptr.Elem(), r.qual) +
					"; declare a variable and take its address: v := value; p := &v"})
			return true
		}
		as, ae := r.offset(src, call.Args[0].Pos()), r.offset(src, call.Args[0].End())
		start, end := r.offset(src, call.Pos()), r.offset(src, call.End())
		edits = append(edits, Edit{start, end, "func(_hnNV " + t + ") *" + t + " { return &_hnNV }(" + MovedLines(as, ae) + ")"})
		return true
	})
	return edits, refused
}
