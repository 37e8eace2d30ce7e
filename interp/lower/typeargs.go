package lower

import (
	"fmt"
	"go/ast"
	"go/types"
)

// Type arguments that are instances of the notebook's generic types.
//
// yaegi v0.16.1 fails on a generic function instantiated with such a type argument
// written out: `Id[key1[int]](k)` is "type not found: key1[int]", `Id[key2[int,
// string]](k)` panics with a nil pointer dereference when it runs, and `_Keys[key2[T1,
// T2], int](m.m)` inside a generic method panicked while compiling
// (typeparam/metrics.go: "CFG post-order panic"). It infers the same argument right
// when the function has one type parameter (`Id(k)`), and takes `Keys[key1[T], int]`,
// an instance of one type parameter, inside a generic function. So the Instantiate pass
// leaves such an inferred argument to yaegi (see yaegiInfers), and RefuseTypeArgs
// refuses the rest.

// troubleTypeArg returns the first type argument of inst that yaegi cannot take (an
// instance of a notebook generic type, but one of a single type argument that is a type
// parameter), as text, or "".
func troubleTypeArg(inst types.Instance, q types.Qualifier) string {
	if inst.TypeArgs == nil {
		return ""
	}
	for i := 0; i < inst.TypeArgs.Len(); i++ {
		if s := troubleIn(inst.TypeArgs.At(i), q); s != "" {
			return s
		}
	}
	return ""
}

// troubleIn returns, as text, an instance of a notebook generic type found in t through
// pointers, slices, arrays, channels and maps (one whose single type argument is a type
// parameter excepted), or "".
func troubleIn(t types.Type, q types.Qualifier) string {
	return findType(t, func(t types.Type) (string, bool) {
		switch u := t.(type) {
		case *types.Named:
			if ta := u.TypeArgs(); ta != nil && notebook(u.Origin()) {
				if ta.Len() == 1 {
					if _, ok := ta.At(0).(*types.TypeParam); ok {
						return "", false
					}
				}
				return types.TypeString(u, q), false
			}
			return "", false
		case *types.Pointer, *types.Slice, *types.Array, *types.Chan, *types.Map:
			return "", true
		}
		return "", false
	})
}

// yaegiInfers reports whether yaegi infers the type argument of a call of a generic
// function of one type parameter whose arguments are given.
func yaegiInfers(inst types.Instance, call *ast.CallExpr) bool {
	return inst.TypeArgs != nil && inst.TypeArgs.Len() == 1 && len(call.Args) > 0
}

// RefuseTypeArgs refuses the calls of generic functions whose type arguments yaegi
// cannot take (see troubleTypeArg), written in the cell or inferred by go/types for more
// than one type parameter.
func RefuseTypeArgs(r *Result) []Refusal {
	if r == nil || r.Info == nil {
		return nil
	}
	var out []Refusal
	r.inspect(func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(out) > 0 {
			return len(out) == 0
		}
		var id *ast.Ident
		explicit := false
		switch fun := ast.Unparen(call.Fun).(type) {
		case *ast.Ident:
			id = fun
		case *ast.SelectorExpr:
			id = fun.Sel
		case *ast.IndexExpr, *ast.IndexListExpr:
			id, explicit = typeArgsOf(fun), true
		}
		if id == nil {
			return true
		}
		inst, ok := r.Info.Instances[id]
		if !ok {
			return true
		}
		if _, isSig := inst.Type.(*types.Signature); !isSig {
			return true
		}
		if !explicit && yaegiInfers(inst, call) {
			return true
		}
		bad := troubleTypeArg(inst, r.qual)
		if bad == "" {
			return true
		}
		pos := r.Fset.Position(id.Pos())
		if pos.Filename != CellFile {
			return true
		}
		msg := fmt.Sprintf("the interpreter cannot instantiate %s with the type argument %s, an instance of a generic type of the notebook (it fails with \"type not found\" or a nil pointer dereference); ", id.Name, bad)
		if explicit && inst.TypeArgs.Len() == 1 && len(call.Args) > 0 {
			msg += fmt.Sprintf("leave the type argument out (%s(...)), which the interpreter infers, or declare the type without type parameters", id.Name)
		} else {
			msg += fmt.Sprintf("write the code of %s for this type in a function without type parameters, or declare the type without type parameters", id.Name)
		}
		out = append(out, Refusal{Line: pos.Line, Col: pos.Column, Msg: msg})
		return false
	})
	return out
}
