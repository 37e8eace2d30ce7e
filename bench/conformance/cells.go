package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
	"strings"

	"github.com/hessnote/hessnote/interp/lower"
)

// mainName is what func main is renamed to in cells; the last cell calls it.
const mainName = "main_"

// callCell is the last cell of every hessnote way: the call of the renamed main.
const callCell = mainName + "()"

// source is a parsed program with the edits every cell way shares: the package clause
// blanked out (so that lines keep their numbers) and func main renamed.
type source struct {
	text  string // the edited file text
	fset  *token.FileSet
	file  *ast.File
	decls []declaration // non-import top-level declarations in file order
	imps  []string      // the text of every import declaration, in file order
}

// declaration is one top-level declaration: its text and the top-level names it
// declares and uses.
type declaration struct {
	text  string
	index int             // position in file order
	names []string        // what it declares ("T.M" for a method M of T)
	uses  map[string]bool // top-level names it refers to (other than its own)
	recv  string          // for a method, the name of its receiver's base type
}

// parseSource parses a test program and applies the shared edits.
func parseSource(name, src string) (*source, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	// Rename func main and every reference to it; edits go from the end so offsets hold.
	var renames []int
	var mainObj *ast.Object
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "main" {
			mainObj = fd.Name.Obj
		}
	}
	if mainObj != nil {
		ast.Inspect(f, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && id.Name == "main" && id.Obj == mainObj {
				renames = append(renames, fset.Position(id.End()).Offset)
			}
			return true
		})
	}
	sort.Sort(sort.Reverse(sort.IntSlice(renames)))
	for _, at := range renames {
		src = src[:at] + strings.TrimPrefix(mainName, "main") + src[at:]
	}
	// Parse the renamed text again so that positions match it.
	fset = token.NewFileSet()
	if f, err = parser.ParseFile(fset, name, src, parser.ParseComments); err != nil {
		return nil, err
	}
	// The one-cell text: the package clause blanked, keeping line numbers.
	b := []byte(src)
	for i := fset.Position(f.Package).Offset; i < fset.Position(f.Name.End()).Offset; i++ {
		if b[i] != '\n' {
			b[i] = ' '
		}
	}
	s := &source{text: string(b), fset: fset, file: f}
	s.collect()
	return s, nil
}

// collect fills s.decls and s.imps.
func (s *source) collect() {
	top := s.file.Scope
	for i, d := range s.file.Decls {
		text := s.slice(d)
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
			s.imps = append(s.imps, text)
			continue
		}
		dc := declaration{text: text, index: i, uses: map[string]bool{}}
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv != nil && len(d.Recv.List) > 0 {
				dc.recv = lower.RecvName(d.Recv.List[0].Type)
				dc.names = []string{dc.recv + "." + d.Name.Name}
			} else {
				dc.names = []string{d.Name.Name}
			}
		case *ast.GenDecl:
			for _, sp := range d.Specs {
				switch sp := sp.(type) {
				case *ast.TypeSpec:
					dc.names = append(dc.names, sp.Name.Name)
				case *ast.ValueSpec:
					for _, n := range sp.Names {
						dc.names = append(dc.names, n.Name)
					}
				}
			}
		}
		own := map[string]bool{}
		for _, n := range dc.names {
			own[n] = true
		}
		ast.Inspect(d, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && id.Obj != nil && id.Obj == top.Lookup(id.Name) && !own[id.Name] && id.Name != "_" {
				dc.uses[id.Name] = true
			}
			return true
		})
		s.decls = append(s.decls, dc)
	}
}

// slice returns the text of a declaration with its doc comment.
func (s *source) slice(d ast.Decl) string {
	start := d.Pos()
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Doc != nil {
			start = d.Doc.Pos()
		}
	case *ast.GenDecl:
		if d.Doc != nil {
			start = d.Doc.Pos()
		}
	}
	return s.text[s.fset.Position(start).Offset:s.fset.Position(d.End()).Offset]
}

// Way names: how a program is run.
const (
	wayGo    = "go"    // go run: the oracle
	wayYaegi = "yaegi" // plain yaegi, whole program
	wayCell  = "cell"  // hessnote: the whole file as one cell, then main_()
	wayDecls = "decls" // hessnote: one cell per declaration in file order, then main_()
	wayDeps  = "deps"  // hessnote: one cell per declaration in dependency order, then main_()
)

// cellWays are the ways that run a program through hessnote, in report order.
var cellWays = []string{wayCell, wayDecls, wayDeps}

// allWays are every way except the oracle, in report order.
var allWays = append([]string{wayYaegi}, cellWays...)

// cellsFor returns the cells a notebook user would run for a program in the given way.
func cellsFor(name, src, way string) ([]string, error) {
	s, err := parseSource(name, src)
	if err != nil {
		return nil, err
	}
	switch way {
	case wayCell:
		return []string{s.text, callCell}, nil
	case wayDecls:
		cells := s.importCell()
		for _, d := range s.decls {
			cells = append(cells, d.text)
		}
		return append(cells, callCell), nil
	case wayDeps:
		cells := s.importCell()
		for _, group := range s.depOrder() {
			var parts []string
			for _, i := range group {
				parts = append(parts, s.decls[i].text)
			}
			cells = append(cells, strings.Join(parts, "\n\n"))
		}
		return append(cells, callCell), nil
	}
	return nil, fmt.Errorf("conformance: no cells for way %q", way)
}

// importCell returns the one cell of every import declaration, or nothing.
func (s *source) importCell() []string {
	if len(s.imps) == 0 {
		return nil
	}
	return []string{strings.Join(s.imps, "\n")}
}

// depOrder returns the declarations (indexes into s.decls) grouped and ordered so that
// each group comes after the groups it refers to: the strongly connected components of
// the reference graph (declarations that refer to each other stay together in one
// cell), in topological order, earlier in the file first where the order is free.
// A use of a type T also depends on the methods of T, so that the type is complete
// (it satisfies its interfaces) where it is used; a method depends on its receiver.
func (s *source) depOrder() [][]int {
	n := len(s.decls)
	byName := map[string]int{}
	methods := map[string][]int{}
	for i, d := range s.decls {
		for _, nm := range d.names {
			byName[nm] = i
		}
		if d.recv != "" {
			methods[d.recv] = append(methods[d.recv], i)
		}
	}
	edges := make([][]int, n) // i -> declarations i needs before it
	for i, d := range s.decls {
		add := func(j int) {
			if j != i {
				edges[i] = append(edges[i], j)
			}
		}
		uses := make([]string, 0, len(d.uses))
		for u := range d.uses {
			uses = append(uses, u)
		}
		sort.Strings(uses)
		for _, u := range uses {
			if j, ok := byName[u]; ok {
				add(j)
			}
			if d.recv != u { // a method of T need not wait for T's other methods
				for _, m := range methods[u] {
					add(m)
				}
			}
		}
		if d.recv != "" {
			if j, ok := byName[d.recv]; ok {
				add(j)
			}
		}
	}
	return topoSCC(n, edges)
}

// topoSCC returns the strongly connected components of the graph with nodes 0..n-1 and
// edges[i] (i depends on each j in edges[i]), each component sorted, components ordered
// so that a component follows every component it depends on; among the components
// whose dependencies are met, the one with the smallest node comes first.
func topoSCC(n int, edges [][]int) [][]int {
	// Tarjan's algorithm gives the components.
	index := make([]int, n)
	low := make([]int, n)
	onStack := make([]bool, n)
	for i := range index {
		index[i] = -1
	}
	comp := make([]int, n)
	var comps [][]int
	var stack []int
	next := 0
	var visit func(v int)
	visit = func(v int) {
		index[v], low[v] = next, next
		next++
		stack = append(stack, v)
		onStack[v] = true
		for _, w := range edges[v] {
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
	// Kahn's algorithm on the component graph, smallest first member first.
	nc := len(comps)
	need := make([]int, nc)           // unmet dependencies per component
	users := make([]map[int]bool, nc) // components that depend on c
	for c := range users {
		users[c] = map[int]bool{}
	}
	for v := 0; v < n; v++ {
		for _, w := range edges[v] {
			cv, cw := comp[v], comp[w]
			if cv != cw && !users[cw][cv] {
				users[cw][cv] = true
				need[cv]++
			}
		}
	}
	done := make([]bool, nc)
	var order [][]int
	for len(order) < nc {
		best := -1
		for c := 0; c < nc; c++ {
			if !done[c] && need[c] == 0 && (best < 0 || comps[c][0] < comps[best][0]) {
				best = c
			}
		}
		done[best] = true
		order = append(order, comps[best])
		for u := range users[best] {
			need[u]--
		}
	}
	return order
}
