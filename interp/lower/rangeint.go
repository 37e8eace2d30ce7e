package lower

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// RangeInts is the pass for ranges over an integer (Go 1.22): `for i := range n`,
// `for i = range n`, `for range n`, where go/types says n is an integer: of a basic or
// named integer type, an untyped integer or rune constant, or a type parameter whose
// types are all integers.
//
// yaegi v0.16.1 does not know the form: it fails with "nil type" (#1701), and at the top
// level of a cell the panic escaped Eval and killed the process. The pass writes the
// three-clause loop Go's specification describes ("For statements with range clause":
// the iteration values 0 through n-1, of n's type, or for an untyped constant of the
// iteration variable's type, else the constant's default type; n evaluated once), with a
// counter of its own so that an assignment to the iteration variable in the body does not
// change the iterations, and the variable declared in the body, one per iteration:
//
//	for i := range n {   ->  for _hnI, _hnN := T(0), n; _hnI < _hnN; _hnI++ { i := _hnI; _ = i;
//	for k = range n {    ->  for _hnI, _hnN := T(0), n; _hnI < _hnN; _hnI++ { k = _hnI;
//	for range n {        ->  for _hnI, _hnN := T(0), n; _hnI < _hnN; _hnI++ {
//
// T is the type of the iteration values (a constant n is converted, T(n): go/types
// gives it the type of the iteration variable, := would give it its default type). The assigned operand keeps the last iteration's value (n-1) after the loop,
// as in Go. The line breaks of the clause go after := (a line break before the brace
// would end the post statement). A range whose type cannot be written in the cell
// (an unexported type of another package) is refused.
func RangeInts(r *Result, src string) ([]Edit, []Refusal) {
	var edits []Edit
	var refused []Refusal
	for _, rs := range rangeIntLoops(r) {
		e, ok := rangeInt(r, src, rs)
		if !ok {
			p := r.Fset.Position(rs.Pos())
			refused = append(refused, Refusal{Line: p.Line, Col: p.Column, Msg: "range over " + types.ExprString(rs.X) +
				", whose integer type cannot be written in the cell: the interpreter cannot run it; convert it, as in for i := range int(n)"})
			continue
		}
		edits = append(edits, e...)
	}
	return edits, refused
}

// RangeIntLoops returns the offsets in src of the range statements over an integer that
// RangeInts rewrites (or refuses).
func RangeIntLoops(r *Result, src string) []int {
	var out []int
	for _, rs := range rangeIntLoops(r) {
		out = append(out, r.offset(src, rs.Pos()))
	}
	return out
}

// rangeIntLoops returns the cell's range statements over an integer.
func rangeIntLoops(r *Result) []*ast.RangeStmt {
	if r == nil || r.Info == nil {
		return nil
	}
	var out []*ast.RangeStmt
	for _, f := range []*ast.File{r.Decls, r.Stmts} {
		if f == nil {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			rs, ok := n.(*ast.RangeStmt)
			if !ok || rs.Value != nil || r.Fset.Position(rs.Pos()).Filename != CellFile {
				return true
			}
			if tv, ok := r.Info.Types[rs.X]; ok && isIntegerType(tv.Type, 0) {
				out = append(out, rs)
			}
			return true
		})
	}
	return out
}

// isIntegerType reports whether t is an integer type, or a type parameter whose type set
// holds integer types only.
func isIntegerType(t types.Type, depth int) bool {
	if t == nil || depth > 8 {
		return false
	}
	if tp, ok := t.(*types.TypeParam); ok {
		iface, ok := tp.Constraint().Underlying().(*types.Interface)
		return ok && ifaceIntegers(iface, depth+1)
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}

// ifaceIntegers reports whether the type set of a constraint holds integer types only
// (and is restricted at all: an interface without terms holds every type).
func ifaceIntegers(iface *types.Interface, depth int) bool {
	restricted := false
	for i := 0; i < iface.NumEmbeddeds(); i++ {
		switch e := iface.EmbeddedType(i).(type) {
		case *types.Union:
			for j := 0; j < e.Len(); j++ {
				if !isIntegerType(e.Term(j).Type(), depth+1) {
					return false
				}
			}
			restricted = true
		case *types.Interface:
			if ifaceIntegers(e, depth+1) {
				restricted = true
			}
		default:
			if in, ok := e.Underlying().(*types.Interface); ok {
				if ifaceIntegers(in, depth+1) {
					restricted = true
				}
			} else if !isIntegerType(e, depth+1) {
				return false
			} else {
				restricted = true
			}
		}
	}
	return restricted
}

// rangeInt returns the edits of one range over an integer; false when the type of its
// iteration values cannot be written.
func rangeInt(r *Result, src string, rs *ast.RangeStmt) ([]Edit, bool) {
	off := func(p token.Pos) int { return r.offset(src, p) }
	tv := r.Info.Types[rs.X]
	t := tv.Type
	untyped := false
	if b, ok := t.(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
		untyped = true
		t = types.Default(t)
		if rs.Key != nil && !isBlank(rs.Key) {
			if kt := r.Info.TypeOf(rs.Key); kt != nil {
				t = kt
			}
		}
	}
	tt := types.TypeString(t, r.qual)
	if strings.Contains(tt, "\x00") {
		return nil, false
	}
	start, lb := off(rs.For), off(rs.Body.Lbrace)
	xs, xe := off(rs.X.Pos()), off(rs.X.End())
	n := Moved(xs, xe)
	if untyped || tv.Value != nil {
		n = tt + "(" + n + ")" // a constant: := would give it its default type
	}
	// The clause's line breaks, kept after := (see the doc comment).
	breaks := strings.Repeat("\n", strings.Count(src[start:lb], "\n"))
	var b strings.Builder
	b.WriteString("for _hnI, _hnN :=" + breaks + " " + tt + "(0), " + n + "; _hnI < _hnN; _hnI++ {")
	if rs.Key != nil && !isBlank(rs.Key) {
		if rs.Tok == token.DEFINE {
			k := rs.Key.(*ast.Ident).Name
			b.WriteString(" " + k + " := _hnI; _ = " + k + ";")
		} else {
			b.WriteString(" " + Moved(off(rs.Key.Pos()), off(rs.Key.End())) + " = _hnI;")
		}
	}
	return []Edit{{start, lb + 1, b.String()}}, true
}
