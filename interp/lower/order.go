package lower

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
)

// Deps and Order give the order in which the top-level declarations of a cell are
// handed to yaegi, so that a cell can declare its package-level names in any order, as
// a Go file does.
//
// The session gives yaegi a cell's declarations (func, method, type, const: file mode)
// and its statements (var included: wrapped in a function) in separate calls, in the
// order of the cell. yaegi v0.16.1 resolves a name when it compiles a call, so a
// function that used a var declared further down the cell, or a function declared
// after a var in between, failed ("undefined: test"), and a var whose initializer
// called a function declared further down failed with "CFG post-order panic: runtime
// error: index out of range". A whole Go file pasted into a cell (Go's test
// ken/complit.go) is like that. Go itself orders package-level initialization by
// dependency (The Go Programming Language Specification, "Package initialization").

// Deps returns, for each span of units (the cell's top-level declarations and
// statements, by byte offsets of src), the indexes of the other units whose top-level
// names (functions, methods, types, constants, variables) it uses, from the type
// information of the checked cell r. A name is known by the position of its
// declaration, which is the same in both checking phases.
func Deps(r *Result, src string, units []Span) [][]int {
	if r == nil || r.Info == nil {
		return nil
	}
	unitOf := func(off int) int {
		for i, u := range units {
			if off >= u.Start && off < u.End {
				return i
			}
		}
		return -1
	}
	cellOff := func(p token.Pos) int {
		if !p.IsValid() || r.Fset.Position(p).Filename != CellFile {
			return -1
		}
		return r.offset(src, p)
	}
	// The offsets of the names each unit declares at the top level; vars holds the
	// unit of each of the cell's variables by name (the function bodies are checked
	// with them declared at package level, in a file of their own).
	defs := map[int]int{}
	vars := map[string]int{}
	addDef := func(id *ast.Ident) {
		if id == nil || id.Name == "_" {
			return
		}
		if off := cellOff(id.Pos()); off >= 0 {
			if u := unitOf(off); u >= 0 {
				defs[off] = u
			}
		}
	}
	if r.Decls != nil {
		for _, d := range r.Decls.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				addDef(d.Name)
			case *ast.GenDecl:
				for _, sp := range d.Specs {
					switch sp := sp.(type) {
					case *ast.TypeSpec:
						addDef(sp.Name)
					case *ast.ValueSpec:
						for _, n := range sp.Names {
							addDef(n)
						}
					}
				}
			}
		}
	}
	if r.Stmts != nil {
		for _, d := range r.Stmts.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == cellFunc && fd.Body != nil {
				for _, st := range fd.Body.List {
					for _, id := range DefinedIdents(st) {
						addDef(id)
						if off := cellOff(id.Pos()); off >= 0 && unitOf(off) >= 0 {
							vars[id.Name] = unitOf(off)
						}
					}
				}
			}
		}
	}
	deps := make([]map[int]bool, len(units))
	use := func(at token.Pos, obj types.Object) {
		if obj == nil {
			return
		}
		d, ok := defs[cellOff(obj.Pos())]
		if v, isVar := obj.(*types.Var); !ok && isVar && v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
			d, ok = vars[v.Name()]
		}
		if !ok {
			return
		}
		off := cellOff(at)
		if off < 0 {
			return
		}
		u := unitOf(off)
		if u < 0 || u == d {
			return
		}
		if deps[u] == nil {
			deps[u] = map[int]bool{}
		}
		deps[u][d] = true
	}
	for id, obj := range r.Info.Uses {
		use(id.Pos(), obj)
	}
	for sel, s := range r.Info.Selections {
		use(sel.Sel.Pos(), s.Obj())
	}
	out := make([][]int, len(units))
	for i, m := range deps {
		for d := range m {
			out[i] = append(out[i], d)
		}
		sort.Ints(out[i])
	}
	return out
}

// Order returns the units (0 to len(deps)-1) in groups, in an order where each group
// comes after the groups it uses: the units that use each other (a strongly connected
// component of deps) share a group, in file order; otherwise a unit comes as early as
// file order allows.
func Order(deps [][]int) [][]int {
	n := len(deps)
	// Tarjan's strongly connected components.
	index := make([]int, n)
	low := make([]int, n)
	onStack := make([]bool, n)
	comp := make([]int, n)
	for i := range index {
		index[i] = -1
	}
	var stack []int
	var comps [][]int
	next := 0
	var visit func(v int)
	visit = func(v int) {
		index[v], low[v] = next, next
		next++
		stack = append(stack, v)
		onStack[v] = true
		for _, w := range deps[v] {
			if index[w] < 0 {
				visit(w)
				low[v] = min(low[v], low[w])
			} else if onStack[w] {
				low[v] = min(low[v], index[w])
			}
		}
		if low[v] == index[v] {
			var c []int
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				comp[w] = len(comps)
				c = append(c, w)
				if w == v {
					break
				}
			}
			sort.Ints(c)
			comps = append(comps, c)
		}
	}
	for v := 0; v < n; v++ {
		if index[v] < 0 {
			visit(v)
		}
	}
	// Kahn's algorithm on the components, the one with the first unit first.
	waits := make([]int, len(comps))
	users := make([][]int, len(comps))
	for v, ds := range deps {
		for _, w := range ds {
			if comp[v] != comp[w] {
				waits[comp[v]]++
				users[comp[w]] = append(users[comp[w]], comp[v])
			}
		}
	}
	var ready []int
	for c := range comps {
		if waits[c] == 0 {
			ready = append(ready, c)
		}
	}
	var out [][]int
	for len(ready) > 0 {
		sort.Slice(ready, func(i, j int) bool { return comps[ready[i]][0] < comps[ready[j]][0] })
		c := ready[0]
		ready = ready[1:]
		out = append(out, comps[c])
		for _, u := range users[c] {
			if waits[u]--; waits[u] == 0 {
				ready = append(ready, u)
			}
		}
	}
	return out
}
