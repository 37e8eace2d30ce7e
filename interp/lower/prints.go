package lower

import (
	"go/ast"
	"go/types"
	"strconv"
	"strings"
)

// PrintFunc is the runtime function a call of the builtin print or println becomes.
const PrintFunc = "_hnrt.Print"

// Prints is the pass that gives the builtins print and println the output of Go's
// runtime.
//
// yaegi v0.16.1 writes each operand with fmt's %v, separated by spaces, on standard
// output (run.go, _print): `print("a", "b")` wrote "a b" (ken/string.go), a nil map
// "map[]", a nil slice "[]", a nil pointer, channel or func "<nil>" (goprint.go,
// deferprint.go). Go's runtime writes on standard error, print with no separators and
// println with spaces and a newline; pointers, channels, maps and funcs as hexadecimal
// addresses (0x0 for nil), a slice as [len/cap]0xaddr, an interface as (0xtype,0xdata),
// floats with strconv's shortest 'g' form (runtime/print.go). The pass calls the
// session's runtime function instead, with what only the static types tell: which
// operands are of interface type.
//
//	println(m, x)  ->  _hnrt.Print(true, ".i", m, x)
func Prints(r *Result, src string) []Edit {
	if r == nil || r.Info == nil {
		return nil
	}
	var edits []Edit
	r.inspect(func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || call.Ellipsis.IsValid() {
			return true
		}
		id, ok := call.Fun.(*ast.Ident)
		if !ok {
			return true
		}
		b, ok := r.Info.Uses[id].(*types.Builtin)
		if !ok || b.Name() != "print" && b.Name() != "println" {
			return true
		}
		var kinds strings.Builder
		for _, a := range call.Args {
			k := byte('.')
			if t := r.Info.Types[a].Type; t != nil {
				_, isParam := t.(*types.TypeParam) // printed as its type argument
				if _, ok := t.Underlying().(*types.Interface); ok && !isParam {
					k = 'i'
				}
			}
			kinds.WriteByte(k)
		}
		head := PrintFunc + "(" + strconv.FormatBool(b.Name() == "println") + ", " + strconv.Quote(kinds.String())
		if len(call.Args) > 0 {
			head += ", "
		}
		edits = append(edits, Edit{r.offset(src, id.Pos()), r.offset(src, call.Lparen) + 1, head})
		return true
	})
	return edits
}
