package lower

import (
	"fmt"
	"go/ast"
	"go/types"
	"sort"
	"strings"
)

// RecursiveGenerics refuses the uses of generic types that yaegi v0.16.1 cannot build:
// it expands a generic type's instance again each time the instance appears in its own
// definition (type.go: nodeType2 -> genType -> nodeType2, without a cache for instances
// under construction) and recurses until the goroutine's stack exceeds its limit, which
// kills the process (Eval's recover cannot catch a stack overflow). Measured:
//
//   - two or more generic types that refer to each other: `type A[T any] struct{ b
//     *B[T] }; type B[T any] struct{ a *A[T] }` (typeparam/list2.go, cons.go, through
//     interface methods);
//   - a generic type with two or more type parameters that refers to itself:
//     `type node[K, V any] struct{ left *node[K, V] }` (typeparam/orderedmap.go).
//
// The declarations alone are built (typeparam/issue47708.go declares such a pair and
// never uses it); the process dies when an instance is used, even in a signature
// (`func f(a *A[int])`). So the refusal is at the cell's first instance of such a type
// outside the declarations of generic types. A generic type with one type parameter
// that refers to itself (`type L[T any] struct{ next *L[T] }`) and a cycle through a
// non-generic type are built right and are left.
func RecursiveGenerics(r *Result) []Refusal {
	if r == nil || r.Info == nil {
		return nil
	}
	cycles := map[*types.Named][]string{} // origin -> its bad cycle, or nil
	var out []Refusal
	for _, f := range []*ast.File{r.Decls, r.Stmts} {
		if f == nil || len(out) > 0 {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if len(out) > 0 {
				return false
			}
			switch n := n.(type) {
			case *ast.TypeSpec:
				return n.TypeParams == nil
			case *ast.Ident:
				in, ok := r.Info.Instances[n]
				if !ok {
					return true
				}
				named, ok := in.Type.(*types.Named)
				if !ok || !notebook(named.Origin()) {
					return true
				}
				pos := r.Fset.Position(n.Pos())
				if pos.Filename != CellFile {
					return true
				}
				o := named.Origin()
				cycle, done := cycles[o]
				if !done {
					cycle = genericCycle(o)
					cycles[o] = cycle
				}
				if cycle == nil {
					return true
				}
				name := types.TypeString(named, r.qual)
				var msg string
				if len(cycle) == 1 {
					msg = fmt.Sprintf("the interpreter cannot build %s: the generic type %s has %d type parameters and refers to itself (it recurses until the process dies); declare %s without type parameters (with the types written out, or any), so that a generic type refers to it and it does not refer to a generic type", name, o.Obj().Name(), o.TypeParams().Len(), o.Obj().Name())
				} else {
					msg = fmt.Sprintf("the interpreter cannot build %s: the generic types %s refer to each other (it recurses until the process dies); declare one of them without type parameters (with the element type written out, or any), so that the cycle goes through a non-generic type", name, strings.Join(cycle, " and "))
				}
				out = append(out, Refusal{Line: pos.Line, Col: pos.Column, Msg: msg})
				return false
			}
			return true
		})
	}
	return out
}

// genericCycle returns the names of the generic types on a cycle through n of generic
// types that yaegi cannot build (see RecursiveGenerics), sorted, or nil.
func genericCycle(n *types.Named) []string {
	start := n.Origin()
	// Depth-first search of the generic types that start's definition leads to.
	var path []*types.Named
	onPath := map[*types.Named]bool{}
	done := map[*types.Named]bool{}
	var found []*types.Named
	var visit func(g *types.Named) bool
	visit = func(g *types.Named) bool {
		path = append(path, g)
		onPath[g] = true
		defer func() {
			path = path[:len(path)-1]
			delete(onPath, g)
		}()
		for _, h := range genericRefs(g.Underlying()) {
			if h == start {
				if len(path) > 1 || start.TypeParams().Len() > 1 {
					found = append([]*types.Named(nil), path...)
					return true
				}
				continue
			}
			if onPath[h] || done[h] {
				continue
			}
			if visit(h) {
				return true
			}
			done[h] = true
		}
		return false
	}
	if !visit(start) {
		return nil
	}
	var names []string
	for _, g := range found {
		names = append(names, g.Obj().Name())
	}
	sort.Strings(names)
	return names
}

// genericRefs returns the notebook's generic types (their origins) whose instances
// appear in t, not looking inside named types.
func genericRefs(t types.Type) []*types.Named {
	var out []*types.Named
	seen := map[types.Type]bool{}
	var walk func(t types.Type)
	walk = func(t types.Type) {
		if t == nil || seen[t] {
			return
		}
		seen[t] = true
		switch u := t.(type) {
		case *types.Named:
			if o := u.Origin(); o.TypeParams() != nil && notebook(o) {
				out = append(out, o)
			}
			if ta := u.TypeArgs(); ta != nil {
				for i := 0; i < ta.Len(); i++ {
					walk(ta.At(i))
				}
			}
		case *types.Pointer:
			walk(u.Elem())
		case *types.Slice:
			walk(u.Elem())
		case *types.Array:
			walk(u.Elem())
		case *types.Map:
			walk(u.Key())
			walk(u.Elem())
		case *types.Chan:
			walk(u.Elem())
		case *types.Struct:
			for i := 0; i < u.NumFields(); i++ {
				walk(u.Field(i).Type())
			}
		case *types.Signature:
			for i := 0; i < u.Params().Len(); i++ {
				walk(u.Params().At(i).Type())
			}
			for i := 0; i < u.Results().Len(); i++ {
				walk(u.Results().At(i).Type())
			}
		case *types.Interface:
			for i := 0; i < u.NumMethods(); i++ {
				walk(u.Method(i).Type())
			}
			for i := 0; i < u.NumEmbeddeds(); i++ {
				walk(u.EmbeddedType(i))
			}
		case *types.Union:
			for i := 0; i < u.Len(); i++ {
				walk(u.Term(i).Type())
			}
		}
	}
	walk(t)
	return out
}
