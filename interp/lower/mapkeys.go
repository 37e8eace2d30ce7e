package lower

import (
	"fmt"
	"go/ast"
	"go/types"
	"strconv"
	"strings"
)

// MapKeys refuses a map literal with keys of an interface type when two of its keys have
// distinct types that yaegi v0.16.1 builds as one type.
//
// yaegi builds a type the notebook declares from its structure (reflect, without a name),
// and an instance of a generic type from its fields alone: T[struct{ int }] and
// T[struct{ int "x" }] of `type T[_ any] struct{}` are both struct{}, and so are Dog and
// Cat of `type Dog struct{}; type Cat struct{}` (without methods). As keys of a map[any]int such values
// are one key (typeparam/issue46591.go: a literal with two keys had len 1, where Go
// counts 2).
func MapKeys(r *Result) []Refusal {
	if r == nil || r.Info == nil {
		return nil
	}
	var out []Refusal
	r.inspect(func(n ast.Node) bool {
		lit, ok := n.(*ast.CompositeLit)
		if !ok || len(out) > 0 {
			return len(out) == 0
		}
		tv, ok := r.Info.Types[lit]
		if !ok {
			return true
		}
		m, ok := tv.Type.Underlying().(*types.Map)
		if !ok || !types.IsInterface(m.Key()) {
			return true
		}
		shapes := map[string]types.Type{}
		for _, el := range lit.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			kt := r.Info.Types[kv.Key].Type
			if kt == nil || types.IsInterface(kt) {
				continue
			}
			sh := shape(kt)
			if prev, ok := shapes[sh]; ok && !types.Identical(prev, kt) {
				pos := r.Fset.Position(kv.Key.Pos())
				if pos.Filename != CellFile {
					continue
				}
				a, b := types.TypeString(prev, r.qual), types.TypeString(kt, r.qual)
				out = append(out, Refusal{Line: pos.Line, Col: pos.Column, Msg: fmt.Sprintf("the interpreter cannot tell keys of the types %s and %s apart in a map with keys of type %s (it builds both as %s, so they are one key); use keys of one type, or give the types fields that differ", a, b, types.TypeString(m.Key(), r.qual), sh)})
				return false
			}
			shapes[sh] = kt
		}
		return true
	})
	return out
}

// shape returns the type yaegi builds for t, as text: the types the notebook declares
// are replaced by their structure, but for a non-generic type with methods, which yaegi
// tells apart (measured: keys Dog{} and Cat{} stay two when Dog has a method).
func shape(t types.Type) string {
	var b strings.Builder
	var walk func(t types.Type, depth int)
	walk = func(t types.Type, depth int) {
		if depth > 8 {
			b.WriteString("…")
			return
		}
		switch u := t.(type) {
		case *types.Named:
			if notebook(u.Origin()) && (u.TypeArgs() != nil || u.NumMethods() == 0) {
				walk(u.Underlying(), depth+1)
				return
			}
			b.WriteString(types.TypeString(u, nil))
		case *types.Alias:
			walk(types.Unalias(u), depth)
		case *types.Pointer:
			b.WriteString("*")
			walk(u.Elem(), depth+1)
		case *types.Slice:
			b.WriteString("[]")
			walk(u.Elem(), depth+1)
		case *types.Array:
			b.WriteString("[" + strconv.FormatInt(u.Len(), 10) + "]")
			walk(u.Elem(), depth+1)
		case *types.Map:
			b.WriteString("map[")
			walk(u.Key(), depth+1)
			b.WriteString("]")
			walk(u.Elem(), depth+1)
		case *types.Chan:
			b.WriteString("chan ")
			walk(u.Elem(), depth+1)
		case *types.Struct:
			b.WriteString("struct{")
			for i := 0; i < u.NumFields(); i++ {
				if i > 0 {
					b.WriteString("; ")
				}
				f := u.Field(i)
				b.WriteString(f.Name() + " ")
				walk(f.Type(), depth+1)
				if tag := u.Tag(i); tag != "" {
					b.WriteString(" " + strconv.Quote(tag))
				}
			}
			b.WriteString("}")
		default:
			b.WriteString(types.TypeString(t, nil))
		}
	}
	walk(t, 0)
	return b.String()
}
