package interp

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/hessnote/hessnote/interp/lower"
)

// kind classifies a piece of a cell by how yaegi must evaluate it.
type kind int

const (
	kindImport  kind = iota // import declarations: evaluated in file mode, repeats skipped
	kindDecl                // func, method, type and const declarations: file mode
	kindStmt                // statements (including var): wrapped in main by yaegi
	kindExpr                // the cell's last statement when it is an expression
	kindPackage             // a package clause: ignored (cells are all in package main)
)

// unit is one top-level statement or declaration of a cell, as byte offsets.
type unit struct {
	kind       kind
	start, end int
}

// chunk is a run of consecutive units of one kind, evaluated by one call into yaegi.
type chunk struct {
	kind       kind
	start, end int // byte offsets in the cell
	text       string
	// decls are the top-level declarations of a declaration chunk.
	decls []declInfo
	// imports are the import specs of an import chunk (name and path).
	imports []importSpec
	// units are the offsets of the top-level statements of a statement chunk, and
	// unitTexts their rewritten texts (see runStmtUnits).
	units     []unit
	unitTexts []string
}

type importSpec struct {
	name, path string
	start, end int // offsets of the spec in the cell
}

func (s importSpec) key() string { return s.name + " " + strconv.Quote(s.path) }

// declInfo is one top-level declaration: its key ("func f", "type T", "method T.M",
// "const c"), the name a user sees, and its text.
type declInfo struct {
	key, name string
	text      string // as evaluated (rewritten)
	src       string // as the user wrote it (for the type checker)
}

// splitCell cuts code into units at top-level semicolons (explicit or inserted at line
// ends), using go/scanner so that strings, comments and brackets are respected.
func splitCell(code string) []unit {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(code))
	var s scanner.Scanner
	bad := false
	s.Init(file, []byte(code), func(token.Position, string) { bad = true }, 0)
	var units []unit
	depth := 0
	inHeader := false
	start, end := -1, -1
	var first, second token.Token
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		off := file.Offset(pos)
		if depth == 0 {
			// Semicolons in the header of for, if and switch do not end the statement.
			switch tok {
			case token.FOR, token.IF, token.SWITCH:
				inHeader = true
			case token.LBRACE:
				inHeader = false
			}
		}
		if tok == token.SEMICOLON && depth <= 0 && !(inHeader && lit == ";") {
			if start >= 0 {
				units = append(units, unit{kind: classify(code, start, end, first, second), start: start, end: end})
			}
			start, first, second = -1, token.ILLEGAL, token.ILLEGAL
			continue
		}
		switch tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
		}
		if start < 0 {
			start, first = off, tok
		} else if second == token.ILLEGAL {
			second = tok
		}
		n := len(lit)
		if n == 0 || tok == token.SEMICOLON {
			n = len(tok.String())
		}
		end = min(off+n, len(code)) // the semicolon inserted at EOF lies past the end
	}
	if start >= 0 {
		units = append(units, unit{kind: classify(code, start, end, first, second), start: start, end: end})
	}
	// A declaration keeps the comment lines right above it (its doc comment).
	for k := range units {
		u := &units[k]
		if u.kind != kindDecl {
			continue
		}
		limit := 0
		if k > 0 {
			limit = units[k-1].end
		}
		for {
			ls := strings.LastIndex(code[:u.start], "\n")
			if ls < 0 {
				break
			}
			prev := strings.LastIndex(code[:ls], "\n") + 1
			if prev < limit || !strings.HasPrefix(strings.TrimSpace(code[prev:ls]), "//") || strings.TrimSpace(code[ls:u.start]) != "" {
				break
			}
			u.start = prev + (len(code[prev:ls]) - len(strings.TrimLeft(code[prev:ls], " \t")))
		}
	}
	if bad || depth != 0 {
		// Let yaegi report the syntax error on the whole cell.
		if len(units) == 0 {
			return nil
		}
		k := units[0].kind
		if k == kindExpr || k == kindPackage {
			k = kindStmt
		}
		return []unit{{kind: k, start: units[0].start, end: len(strings.TrimRight(code, " \t\r\n"))}}
	}
	return units
}

func classify(code string, start, end int, first, second token.Token) kind {
	switch first {
	case token.PACKAGE:
		return kindPackage
	case token.IMPORT:
		return kindImport
	case token.TYPE, token.CONST:
		return kindDecl
	case token.FUNC:
		if second == token.IDENT {
			return kindDecl
		}
		if second == token.LPAREN {
			// A method declaration or a function literal called as a statement.
			f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+code[start:end], 0)
			if err == nil && len(f.Decls) == 1 {
				return kindDecl
			}
		}
	}
	return kindStmt
}

// position maps byte offsets of a cell to line and column (1-based).
type position struct {
	lineStarts []int
}

func newPosition(code string) position {
	p := position{lineStarts: []int{0}}
	for i := 0; i < len(code); i++ {
		if code[i] == '\n' {
			p.lineStarts = append(p.lineStarts, i+1)
		}
	}
	return p
}

func (p position) lineCol(off int) (line, col int) {
	i := sort.Search(len(p.lineStarts), func(i int) bool { return p.lineStarts[i] > off }) - 1
	return i + 1, off - p.lineStarts[i] + 1
}

// offset returns the byte offset of a 1-based line and column (-1 when out of range).
func (p position) offset(line, col int) int {
	if line < 1 || line > len(p.lineStarts) {
		return -1
	}
	return p.lineStarts[line-1] + col - 1
}

// pad returns text preceded by newlines and spaces so that, once yaegi has put its own
// wrapper on line 1, text starts at line (cell line + 1) and at its cell column.
func pad(p position, start int, text string) string {
	line, col := p.lineCol(start)
	return strings.Repeat("\n", line) + strings.Repeat(" ", col-1) + text
}

// edit replaces code[start:end] with text.
type edit struct {
	start, end int
	text       string
}

// applyEdits applies non-overlapping edits that fall inside [start, end) of code and
// returns the edited code[start:end]. Overlapping edits after the first are dropped.
// An insertion (an empty range) goes before a replacement that starts where it is, so
// that both are kept ("(" before a rewritten call).
func applyEdits(code string, start, end int, edits []edit) string {
	var in []edit
	for _, e := range edits {
		if e.start >= start && e.end <= end {
			in = append(in, e)
		}
	}
	sort.SliceStable(in, func(i, j int) bool {
		if in[i].start != in[j].start {
			return in[i].start < in[j].start
		}
		return in[i].start == in[i].end && in[j].start != in[j].end
	})
	var b strings.Builder
	at := start
	for _, e := range in {
		if e.start < at {
			continue
		}
		b.WriteString(code[at:e.start])
		b.WriteString(expandMoved(code, e.text, edits))
		at = e.end
	}
	b.WriteString(code[at:end])
	return b.String()
}

// movedRE matches lower.Moved and lower.MovedLines markers in the text of an edit.
var movedRE = regexp.MustCompile("\x00(\\d+),(\\d+)(L?)\x00")

// expandMoved replaces each lower.Moved marker of text with the cell's source of that
// range, edited, on one line (lower.MovedLines: with its line breaks).
func expandMoved(code, text string, edits []edit) string {
	if !strings.Contains(text, "\x00") {
		return text
	}
	return movedRE.ReplaceAllStringFunc(text, func(m string) string {
		sm := movedRE.FindStringSubmatch(m)
		from, _ := strconv.Atoi(sm[1])
		to, _ := strconv.Atoi(sm[2])
		if from < 0 || to > len(code) || from > to {
			return m
		}
		// The edit that puts a variable in place of the range is not part of it.
		var inner []edit
		for _, e := range edits {
			// Nor are insertions right after it.
			if !(e.start == from && e.end == to) && !(e.start == to && e.end == to) {
				inner = append(inner, e)
			}
		}
		if sm[3] == "L" {
			return applyEdits(code, from, to, inner)
		}
		return strings.ReplaceAll(applyEdits(code, from, to, inner), "\n", " ")
	})
}

// blank replaces every character of s but newlines with spaces.
func blank(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c != '\n' {
			b[i] = ' '
		}
	}
	return string(b)
}

// parsed is a cell parsed piecewise for analysis: declarations as a file, statements as
// the body of a function, all with positions of the cell.
type parsed struct {
	fset  *token.FileSet
	base  int // file base: cell offset = Pos - base
	nodes []ast.Node
	units []unit
}

// parseUnits parses each unit with positions relative to the cell. Units that do not
// parse get a nil node.
func parseUnits(code string, units []unit) *parsed {
	fset := token.NewFileSet()
	pr := &parsed{fset: fset, units: units}
	for _, u := range units {
		var src, prefix string
		if u.kind == kindStmt || u.kind == kindExpr {
			prefix = "package p;func _(){"
		} else {
			prefix = "package p;"
		}
		// Keep the offsets of the cell: prefix, then the cell before the unit blanked.
		src = prefix + blank(code[:u.start]) + code[u.start:u.end]
		if u.kind == kindStmt || u.kind == kindExpr {
			src += "\n}"
		}
		f, err := parser.ParseFile(fset, "", src, parser.ParseComments)
		if err != nil || f == nil {
			pr.nodes = append(pr.nodes, nil)
			continue
		}
		tf := fset.File(f.Package)
		off := tf.Base() + len(prefix) // Pos of cell offset 0
		if u.kind == kindStmt || u.kind == kindExpr {
			fd, ok := f.Decls[len(f.Decls)-1].(*ast.FuncDecl)
			if !ok || fd.Body == nil || len(fd.Body.List) == 0 {
				pr.nodes = append(pr.nodes, nil)
				continue
			}
			pr.nodes = append(pr.nodes, &shifted{Node: fd.Body.List[0], base: off})
			continue
		}
		if u.kind == kindImport {
			pr.nodes = append(pr.nodes, &shifted{Node: f, base: off})
			continue
		}
		if len(f.Decls) == 0 {
			pr.nodes = append(pr.nodes, nil)
			continue
		}
		pr.nodes = append(pr.nodes, &shifted{Node: f.Decls[0], base: off})
	}
	return pr
}

// shifted is a parsed node with the Pos that corresponds to cell offset 0.
type shifted struct {
	ast.Node
	base int
}

func (s *shifted) off(p token.Pos) int { return int(p) - s.base }

// declsOf lists the top-level declarations of a declaration node.
//
// consts gives the standalone declaration of a constant of a group (`const Green Color
// = 1`), from the type check; without it (or when it returns ""), such a constant
// is recorded without text and the cell's chunk declares it.
func declsOf(code string, n *shifted, consts func(name string) string) []declInfo {
	var out []declInfo
	switch d := n.Node.(type) {
	case *ast.FuncDecl:
		text := code[n.off(d.Pos()):n.off(d.End())]
		if d.Doc != nil {
			text = code[n.off(d.Doc.Pos()):n.off(d.End())]
		}
		if d.Recv != nil && len(d.Recv.List) == 1 {
			out = append(out, declInfo{key: "method " + recvName(d.Recv.List[0].Type) + "." + d.Name.Name, name: recvName(d.Recv.List[0].Type) + "." + d.Name.Name, text: text, src: text})
		} else {
			out = append(out, declInfo{key: "func " + d.Name.Name, name: d.Name.Name, text: text, src: text})
		}
	case *ast.GenDecl:
		text := code[n.off(d.Pos()):n.off(d.End())]
		if d.Doc != nil {
			text = code[n.off(d.Doc.Pos()):n.off(d.End())]
		}
		// A declaration of several names is kept as one text per name, so that
		// replaying the session declares each name once (a grouped const block kept
		// whole for each of its names was replayed once per name: "Red redeclared").
		several := len(d.Specs) > 1
		for _, s := range d.Specs {
			switch s := s.(type) {
			case *ast.TypeSpec:
				t := text
				if several {
					t = "type " + code[n.off(s.Pos()):n.off(s.End())]
				}
				out = append(out, declInfo{key: "type " + s.Name.Name, name: s.Name.Name, text: t, src: t})
			case *ast.ValueSpec:
				for _, nm := range s.Names {
					t := text
					if several || len(s.Names) > 1 {
						t = ""
						if consts != nil {
							t = consts(nm.Name)
						}
					}
					out = append(out, declInfo{key: d.Tok.String() + " " + nm.Name, name: nm.Name, text: t, src: t})
				}
			}
		}
	}
	return out
}

func recvName(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.StarExpr:
		return recvName(t.X)
	case *ast.Ident:
		return t.Name
	case *ast.IndexExpr:
		return recvName(t.X)
	case *ast.IndexListExpr:
		return recvName(t.X)
	}
	return "?"
}

// guardFor returns the depth guard put at the start of the body of the function name
// when it may recurse: it counts the depth of interpreted calls and panics
// (recoverably) long before the Go stack overflows. A function may recurse when it
// lies on a cycle of the session's call graph (all declarations of all cells), calls
// a function value, or is a method that fmt calls.
func guardFor(name string) string {
	return "_hnrt.Enter(" + strconv.Quote(name) + "); defer _hnrt.Leave(); "
}

// fmtMethod reports whether fd is a method that fmt calls (String, Error, ...), which
// recurses when it formats its own receiver.
func fmtMethod(fd *ast.FuncDecl) bool {
	if fd.Recv == nil {
		return false
	}
	switch fd.Name.Name {
	case "String", "Error", "GoString", "Format":
		return true
	}
	return false
}

// funcNode is the call-graph node of a declared function: its name, or "." and the
// name for a method (the methods of every type with one name share a node, since a
// call x.M() does not show the type of x).
func funcNode(fd *ast.FuncDecl) string {
	if fd.Recv != nil {
		return "." + fd.Name.Name
	}
	return fd.Name.Name
}

// refsOf returns the possible call-graph nodes that n refers to: every identifier,
// and "." with the name of every selector. A function referred to without a call
// (a value handed to compiled code, as in optim.Problem{Func: f}) may be called too.
func refsOf(n ast.Node) map[string]bool {
	refs := map[string]bool{}
	ast.Inspect(n, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.Ident:
			refs[x.Name] = true
		case *ast.SelectorExpr:
			refs["."+x.Sel.Name] = true
		}
		return true
	})
	return refs
}

// callsValue reports whether n calls a function value: a variable, parameter, element
// or call result of function type, rather than a declared function, method, type or
// builtin (known holds the declared functions and types). A cycle of calls that goes
// through function values has a function (or literal) that calls one.
func callsValue(n ast.Node, known map[string]bool) bool {
	found := false
	ast.Inspect(n, func(x ast.Node) bool {
		c, ok := x.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		f := c.Fun
		for {
			if p, ok := f.(*ast.ParenExpr); ok {
				f = p.X
				continue
			}
			break
		}
		switch t := f.(type) {
		case *ast.IndexExpr:
			if id, ok := t.X.(*ast.Ident); ok && known[id.Name] {
				return true
			}
			found = true
		case *ast.IndexListExpr:
			if id, ok := t.X.(*ast.Ident); ok && known[id.Name] {
				return true
			}
			found = true
		case *ast.Ident:
			found = !known[t.Name] && types.Universe.Lookup(t.Name) == nil
		case *ast.SelectorExpr, *ast.FuncLit, *ast.ArrayType, *ast.MapType, *ast.ChanType,
			*ast.FuncType, *ast.InterfaceType, *ast.StructType, *ast.StarExpr:
			// Methods are call-graph nodes; package functions are compiled.
		default:
			found = true
		}
		return !found
	})
	return found
}

// recursive returns the nodes of starts that lie on a cycle of graph, which maps each
// node to the nodes it refers to (references to non-nodes are ignored).
func recursive(graph map[string]map[string]bool, starts map[string]bool) map[string]bool {
	out := map[string]bool{}
	for start := range starts {
		seen := map[string]bool{}
		stack := []string{start}
		for len(stack) > 0 && !out[start] {
			n := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for m := range graph[n] {
				if _, ok := graph[m]; !ok {
					continue
				}
				if m == start {
					out[start] = true
					break
				}
				if !seen[m] {
					seen[m] = true
					stack = append(stack, m)
				}
			}
		}
	}
	return out
}

// rewriter collects the source edits that make a cell run on yaegi.
type rewriter struct {
	// typed is set when the cell type-checked: the lower passes then write the type
	// arguments of generic calls, and the rewriter's decisions come from checked
	// (typedrw.go), never from guesses from the syntax.
	typed   bool
	checked *typedCell
	// namesOnly is set when only the names the cell defines are wanted (defined):
	// collectNames guesses no types then.
	namesOnly bool
	// rangeFunc holds the cell offsets of the range statements over a function, which
	// lower.RangeFunc turns into calls (their bodies become function literals), and over
	// an integer, which lower.RangeInts turns into loops that declare the iteration
	// variable in the body: their variables are not copied (loopVars).
	rangeFunc map[int]bool
	// recursive holds the call-graph nodes (see funcNode) on a cycle of the session's
	// call graph; known the names of declared functions and types.
	recursive, known map[string]bool
	code             string
	// defined holds names the user defines anywhere (cell or session), which must not
	// be taken for builtins.
	defined map[string]bool
	// types holds the basic type ("int", "float64", "string", ...) of names whose type
	// is known and the same in every declaration; "" marks a name of unknown type.
	types map[string]string
	edits []edit
	// generics holds generic functions with two or more type parameters (which yaegi
	// cannot infer), by name.
	generics map[string]*ast.FuncDecl
	// hint is added to a compile error of the cell.
	hint string
	// forceRange takes ranges over expressions of unknown type as ranges over integers.
	forceRange bool
	// assigned holds the offsets of the top-level declarations lower.Redefine makes
	// assignments (splitDefineX leaves them alone).
	assigned map[int]bool
	// globals are the session's variables (for the types of fields and elements).
	globals map[string]reflect.Value
	// results holds the basic result type of functions with one result.
	results map[string]string
	// isPkg reports whether a name refers to a package.
	isPkg func(name string) bool
	// consts holds the names of constants the notebook declares, and "func F" for each
	// generic function F.
	consts map[string]bool
	// typeNames holds the type names the notebook defines.
	typeNames map[string]bool
	// typeTexts holds the type, as written, of top-level variables the cell declares
	// where the syntax shows it (var x T, x := T{...}, x := &T{...}, x := T(v)).
	typeTexts map[string]string
	// cellVars holds the names the cell's top-level statements so far declare.
	cellVars map[string]bool
	// commaOkHint is the text of a top-level v, ok := ... that yaegi cannot compile and
	// the rewriter could not type, and commaOkOff its offset.
	commaOkHint string
	commaOkOff  int
	// unsupported is the first construct that cannot be rewritten, with its offset.
	unsupported string
	unsupOff    int
}

func newRewriter(code string) *rewriter {
	return &rewriter{code: code, defined: map[string]bool{}, types: map[string]string{}, generics: map[string]*ast.FuncDecl{},
		globals: map[string]reflect.Value{}, results: map[string]string{}, typeTexts: map[string]string{}, typeNames: map[string]bool{},
		consts: map[string]bool{}, assigned: map[int]bool{}}
}

// addGeneric records fd when it is a generic function with two or more type parameters.
func (rw *rewriter) addGeneric(fd *ast.FuncDecl) {
	rw.guess()
	if fd.Recv == nil && fd.Type.TypeParams == nil && fd.Type.Results != nil && len(fd.Type.Results.List) == 1 && len(fd.Type.Results.List[0].Names) <= 1 {
		if id, ok := fd.Type.Results.List[0].Type.(*ast.Ident); ok && basicTypes[id.Name] {
			rw.results[fd.Name.Name] = id.Name
		}
	}
	if fd.Recv == nil && fd.Type.TypeParams != nil {
		rw.consts["func "+fd.Name.Name] = true // generic: see rewriteGo
	}
	if fd.Recv != nil || fd.Type.TypeParams == nil || fd.Type.TypeParams.NumFields() < 2 {
		return
	}
	rw.generics[fd.Name.Name] = fd
}

// addGenericText parses a recorded declaration and records it if generic.
func (rw *rewriter) addGenericText(text string) {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+text, 0)
	if err != nil {
		return
	}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok {
			rw.addGeneric(fd)
		}
	}
}

// inferTypeArgs returns "[T1, T2]" for a call of a generic function whose type
// arguments follow from the syntax of its arguments, or "".
func (rw *rewriter) inferTypeArgs(n *shifted, fd *ast.FuncDecl, call *ast.CallExpr) string {
	rw.guess()
	var tparams []string
	for _, f := range fd.Type.TypeParams.List {
		for _, nm := range f.Names {
			tparams = append(tparams, nm.Name)
		}
	}
	isTP := map[string]bool{}
	for _, t := range tparams {
		isTP[t] = true
	}
	var params []ast.Expr
	for _, f := range fd.Type.Params.List {
		k := len(f.Names)
		if k == 0 {
			k = 1
		}
		for i := 0; i < k; i++ {
			params = append(params, f.Type)
		}
	}
	if len(params) == 0 {
		return ""
	}
	bind := map[string]string{}
	text := func(e ast.Node) string { return rw.code[n.off(e.Pos()):n.off(e.End())] }
	var unify func(p, a ast.Expr)
	unify = func(p, a ast.Expr) {
		if a == nil {
			return
		}
		switch p := p.(type) {
		case *ast.Ident:
			if isTP[p.Name] {
				if _, ok := bind[p.Name]; !ok {
					if id, ok := a.(*ast.Ident); ok && !id.Pos().IsValid() {
						bind[p.Name] = id.Name
					} else {
						bind[p.Name] = text(a)
					}
				}
			}
		case *ast.Ellipsis:
			unify(p.Elt, a)
		case *ast.ArrayType:
			if at, ok := a.(*ast.ArrayType); ok && (p.Len == nil) == (at.Len == nil) {
				unify(p.Elt, at.Elt)
			}
		case *ast.StarExpr:
			if at, ok := a.(*ast.StarExpr); ok {
				unify(p.X, at.X)
			}
		case *ast.MapType:
			if at, ok := a.(*ast.MapType); ok {
				unify(p.Key, at.Key)
				unify(p.Value, at.Value)
			}
		case *ast.ChanType:
			if at, ok := a.(*ast.ChanType); ok {
				unify(p.Value, at.Value)
			}
		case *ast.FuncType:
			at, ok := a.(*ast.FuncType)
			if !ok {
				return
			}
			flat := func(fl *ast.FieldList) []ast.Expr {
				var out []ast.Expr
				if fl == nil {
					return out
				}
				for _, f := range fl.List {
					k := len(f.Names)
					if k == 0 {
						k = 1
					}
					for i := 0; i < k; i++ {
						out = append(out, f.Type)
					}
				}
				return out
			}
			pp, ap := flat(p.Params), flat(at.Params)
			pr, ar := flat(p.Results), flat(at.Results)
			for i := 0; i < len(pp) && i < len(ap); i++ {
				unify(pp[i], ap[i])
			}
			for i := 0; i < len(pr) && i < len(ar); i++ {
				unify(pr[i], ar[i])
			}
		}
	}
	argType := func(a ast.Expr, def bool) ast.Expr {
		switch a := a.(type) {
		case *ast.CompositeLit:
			return a.Type
		case *ast.FuncLit:
			return a.Type
		case *ast.UnaryExpr:
			if c, ok := a.X.(*ast.CompositeLit); ok && a.Op == token.AND {
				return &ast.StarExpr{X: c.Type}
			}
		}
		if t := rw.typeOf(a, def); t != "" {
			return &ast.Ident{Name: t}
		}
		return nil
	}
	for pass := 0; pass < 2; pass++ {
		for i, a := range call.Args {
			p := params[len(params)-1]
			if i < len(params) {
				p = params[i]
			}
			unify(p, argType(a, pass == 1))
		}
	}
	var args []string
	for _, t := range tparams {
		b, ok := bind[t]
		if !ok {
			return ""
		}
		args = append(args, b)
	}
	return "[" + strings.Join(args, ", ") + "]"
}

var basicTypes = map[string]bool{
	"int": true, "int8": true, "int16": true, "int32": true, "int64": true,
	"uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true,
	"uintptr": true, "byte": true, "rune": true, "float32": true, "float64": true, "string": true,
}

func isIntType(t string) bool {
	return basicTypes[t] && t != "float32" && t != "float64" && t != "string"
}

// collectNames records what the cell defines and the basic types of names.
func (rw *rewriter) collectNames(n *shifted) {
	ast.Inspect(n.Node, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.GenDecl:
			if x.Tok == token.CONST {
				for _, sp := range x.Specs {
					for _, nm := range sp.(*ast.ValueSpec).Names {
						rw.consts[nm.Name] = true
					}
				}
			}
		case *ast.FuncDecl:
			rw.defined[x.Name.Name] = true
			if !rw.typed && !rw.namesOnly {
				rw.addGeneric(x)
			}
		case *ast.Field:
			t := ""
			if id, ok := x.Type.(*ast.Ident); ok && basicTypes[id.Name] {
				t = id.Name
			}
			for _, nm := range x.Names {
				rw.defined[nm.Name] = true
				if !rw.typed && !rw.namesOnly {
					rw.setType(nm.Name, t)
				}
			}
		case *ast.ValueSpec:
			for i, nm := range x.Names {
				rw.defined[nm.Name] = true
				if rw.typed || rw.namesOnly {
					continue
				}
				t := ""
				if id, ok := x.Type.(*ast.Ident); ok && basicTypes[id.Name] {
					t = id.Name
				} else if x.Type == nil && i < len(x.Values) && len(x.Values) == len(x.Names) {
					t = rw.typeOf(x.Values[i], true)
				}
				rw.setType(nm.Name, t)
			}
		case *ast.TypeSpec:
			rw.defined[x.Name.Name] = true
			rw.typeNames[x.Name.Name] = true
		case *ast.AssignStmt:
			if x.Tok == token.DEFINE {
				for i, l := range x.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						rw.defined[id.Name] = true
						if rw.typed || rw.namesOnly {
							continue
						}
						t := ""
						if len(x.Lhs) == len(x.Rhs) {
							t = rw.typeOf(x.Rhs[i], true)
						}
						rw.setType(id.Name, t)
					}
				}
			}
		}
		return true
	})
}

func (rw *rewriter) setType(name, t string) {
	rw.guess()
	if old, seen := rw.types[name]; seen && old != t {
		rw.types[name] = ""
		return
	}
	rw.types[name] = t
}

// typeOf returns the basic type of e when it is certain, or "". With def, untyped
// constants get their default type (as in x := 1).
func (rw *rewriter) typeOf(e ast.Expr, def bool) string {
	rw.guess()
	switch e := e.(type) {
	case *ast.BasicLit:
		if !def {
			return ""
		}
		switch e.Kind {
		case token.INT:
			return "int"
		case token.FLOAT:
			return "float64"
		case token.STRING:
			return "string"
		case token.CHAR:
			return "rune"
		}
	case *ast.ParenExpr:
		return rw.typeOf(e.X, def)
	case *ast.UnaryExpr:
		if e.Op == token.SUB || e.Op == token.ADD || e.Op == token.XOR {
			return rw.typeOf(e.X, def)
		}
	case *ast.BinaryExpr:
		switch e.Op {
		case token.ADD, token.SUB, token.MUL, token.QUO, token.REM, token.AND, token.OR, token.XOR, token.AND_NOT:
			if t := rw.typeOf(e.X, false); t != "" {
				return t
			}
			if t := rw.typeOf(e.Y, false); t != "" {
				return t
			}
			if def && isConst(e) {
				return defaultConstType(e)
			}
		case token.SHL, token.SHR:
			return rw.typeOf(e.X, def)
		}
	case *ast.CallExpr:
		if id, ok := e.Fun.(*ast.Ident); ok {
			if t, ok := rw.results[id.Name]; ok {
				return t
			}
			if !rw.defined[id.Name] {
				if id.Name == "len" || id.Name == "cap" {
					return "int"
				}
				if basicTypes[id.Name] {
					return id.Name
				}
			}
		}
	case *ast.Ident:
		return rw.types[e.Name]
	case *ast.SelectorExpr, *ast.IndexExpr:
		// Fields and elements of the session's variables.
		if v, ok := rw.valueOf(e); ok {
			if k := v.Kind().String(); basicTypes[k] {
				return k
			}
		}
	}
	return ""
}

// valueOf finds the value of x, x.F, x[i] (constant i) for a session variable x.
func (rw *rewriter) valueOf(e ast.Expr) (v reflect.Value, ok bool) {
	rw.guess()
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	switch e := e.(type) {
	case *ast.Ident:
		v, ok = rw.globals[e.Name]
		return v, ok && v.IsValid()
	case *ast.SelectorExpr:
		v, ok = rw.valueOf(e.X)
		if !ok {
			return v, false
		}
		for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
			if v.IsNil() {
				return v, false
			}
			v = v.Elem()
		}
		if v.Kind() != reflect.Struct {
			return v, false
		}
		v = v.FieldByName(e.Sel.Name)
		return v, v.IsValid()
	case *ast.IndexExpr:
		v, ok = rw.valueOf(e.X)
		if !ok {
			return v, false
		}
		switch v.Kind() {
		case reflect.Slice, reflect.Array:
			return reflect.Zero(v.Type().Elem()), true
		case reflect.Map:
			return reflect.Zero(v.Type().Elem()), true
		}
	}
	return v, false
}

func defaultConstType(e ast.Expr) string {
	switch constKind(e) {
	case token.FLOAT:
		return "float64"
	case token.STRING:
		return "string"
	case token.INT:
		return "int"
	}
	return ""
}

// maybeInt reports whether e may be an integer: its type is unknown and it is not
// obviously a slice, map, string or channel.
func (rw *rewriter) maybeInt(e ast.Expr) bool {
	rw.guess()
	switch e := e.(type) {
	case *ast.CompositeLit, *ast.SliceExpr, *ast.FuncLit:
		return false
	case *ast.BasicLit:
		return e.Kind == token.INT
	case *ast.CallExpr:
		if id, ok := e.Fun.(*ast.Ident); ok && (id.Name == "make" || id.Name == "append") {
			return false
		}
	}
	return rw.typeOf(e, true) == ""
}

// isInt reports whether e is certainly an integer expression.
func (rw *rewriter) isInt(e ast.Expr) bool { return isIntType(rw.typeOf(e, true)) }

// wrapBlock wraps a top-level compound statement (for, if, switch, select, a block)
// in `func() { ... }()`, where scoping is Go's. yaegi evaluates a cell's statements as
// global code: variables of nested blocks assign the outer ones they shadow, several
// variables from one value (n, err := f(); v, ok := m[k]; var a, b = f()) are never
// declared ("undefined: n"), and loop bodies share one slot for closures. Variables of
// the cell stay visible to the closure. A defer in the statement is refused (it would
// run at the end of the statement); a goto keeps the statement as it is.
func (rw *rewriter) wrapBlock(n *shifted) {
	if d, ok := n.Node.(*ast.DeferStmt); ok && !rw.typed {
		rw.unsupport(n.off(d.Pos()), "defer outside a function is not supported in a cell (the interpreter would run it again after later cells); put the code in a function, or make the call at the end of the cell")
		return
	}
	switch n.Node.(type) {
	case *ast.ForStmt, *ast.RangeStmt, *ast.IfStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt,
		*ast.SelectStmt, *ast.BlockStmt, *ast.LabeledStmt:
	default:
		return
	}
	// Always: at the top level of a cell yaegi runs statements as global code, where
	// the variables of for, if and switch headers and of inner blocks assign the outer
	// variables they shadow (i := 100, then for i := 0; i < 3; i++ {} left i == 3).
	found, jumps := true, false
	ast.Inspect(n.Node, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.FuncLit:
			return false
		case *ast.TypeSwitchStmt:
			// switch v := x.(type) at top level fails with an index out of range.
			found = true
		case *ast.ForStmt:
			// Variables of a block at top level are globals with one slot: a loop
			// whose closures need a variable per iteration must run in a function.
			found = found || makesClosure(x.Body)
		case *ast.RangeStmt:
			found = found || makesClosure(x.Body)
		case *ast.DeferStmt:
			if rw.typed {
				return true // lower.Defers makes it a defer of the cell
			}
			rw.unsupport(n.off(x.Pos()), "defer outside a function is not supported in a cell (the interpreter would run it again after later cells); put the code in a function, or make the call at the end of the cell")
		case *ast.BranchStmt:
			if x.Tok == token.GOTO {
				jumps = true
			}
		case *ast.AssignStmt:
			if x.Tok == token.DEFINE && len(x.Lhs) > 1 && len(x.Rhs) == 1 {
				found = true
			}
		case *ast.ValueSpec:
			if len(x.Names) > 1 && len(x.Values) == 1 {
				found = true
			}
		}
		return true
	})
	if !found || jumps {
		return
	}
	rw.edits = append(rw.edits,
		edit{n.off(n.Pos()), n.off(n.Pos()), "func() { "},
		edit{n.off(n.End()), n.off(n.End()), " }()"})
}

// splitDefineX rewrites a top-level declaration of several variables from one value
//
//	u, err := url.Parse(s)   ->   _hnX3_0, _hnX3_1 := url.Parse(s); u := _hnX3_0; err := _hnX3_1
//
// (also for v, ok := m[k], x.(T), <-ch and var a, b = f()). yaegi gives such globals a
// frame level relative to the caller: a function that uses them works when the cell
// calls it, but called from another function it reads the wrong frame ("reflect: call
// of reflect.Value.Method on zero Value", "Method index out of range"). Globals
// declared one at a time are correct. A name declared earlier in the cell is assigned
// (as := would); k numbers the unit, so that the temporaries of a cell differ. Every
// top-level statement must come through here in order (it records the cell's names).
func (rw *rewriter) splitDefineX(n *shifted, k int) {
	if rw.cellVars == nil {
		rw.cellVars = map[string]bool{}
	}
	if rw.assigned[n.off(n.Node.Pos())] {
		// lower.Redefine makes it an assignment.
		ast.Inspect(n.Node, func(x ast.Node) bool {
			switch x := x.(type) {
			case *ast.AssignStmt:
				for _, l := range x.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						rw.cellVars[id.Name] = true
					}
				}
			case *ast.ValueSpec:
				for _, id := range x.Names {
					rw.cellVars[id.Name] = true
				}
			}
			return false
		})
		return
	}
	text := func(e ast.Node) string { return rw.code[n.off(e.Pos()):n.off(e.End())] }
	var names []string
	var types []string // the declared type of var a, b T = f(), or ""
	var lhsStart, lhsEnd int
	isVar := false
	switch x := n.Node.(type) {
	case *ast.AssignStmt:
		if x.Tok != token.DEFINE {
			return
		}
		if len(x.Lhs) < 2 || len(x.Rhs) != 1 {
			for _, l := range x.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					rw.cellVars[id.Name] = true
				}
			}
			return
		}
		for _, l := range x.Lhs {
			id, ok := l.(*ast.Ident)
			if !ok {
				return
			}
			names = append(names, id.Name)
			types = append(types, "")
		}
		lhsStart, lhsEnd = n.off(x.Lhs[0].Pos()), n.off(x.Lhs[len(x.Lhs)-1].End())
		if len(x.Lhs) == 2 {
			if rw.commaOk(n, x, names) {
				return
			}
		}
	case *ast.DeclStmt:
		g, ok := x.Decl.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR || g.Lparen.IsValid() || len(g.Specs) != 1 {
			return
		}
		vs := g.Specs[0].(*ast.ValueSpec)
		if len(vs.Names) < 2 || len(vs.Values) != 1 {
			for _, nm := range vs.Names {
				rw.cellVars[nm.Name] = true
			}
			return
		}
		isVar = true
		for _, nm := range vs.Names {
			names = append(names, nm.Name)
			t := ""
			if vs.Type != nil {
				t = text(vs.Type)
			}
			types = append(types, t)
		}
		lhsStart = n.off(vs.Names[0].Pos())
		lhsEnd = n.off(vs.Names[len(vs.Names)-1].End())
		if vs.Type != nil {
			lhsEnd = n.off(vs.Type.End())
		}
	default:
		return
	}
	var tmps []string
	var tail strings.Builder
	for i, name := range names {
		if name == "_" {
			tmps = append(tmps, "_")
			continue
		}
		tmp := fmt.Sprintf("_hnX%d_%d", k, i)
		tmps = append(tmps, tmp)
		switch {
		case isVar && types[i] != "":
			fmt.Fprintf(&tail, "; var %s %s = %s", name, types[i], tmp)
		case isVar:
			fmt.Fprintf(&tail, "; var %s = %s", name, tmp)
		case rw.cellVars[name]:
			fmt.Fprintf(&tail, "; %s = %s", name, tmp)
		default:
			fmt.Fprintf(&tail, "; %s := %s", name, tmp)
		}
		rw.cellVars[name] = true
	}
	end := n.off(n.Node.End())
	rw.edits = append(rw.edits,
		edit{lhsStart, lhsEnd, strings.Join(tmps, ", ") + strings.Repeat("\n", strings.Count(rw.code[lhsStart:lhsEnd], "\n"))},
		edit{end, end, tail.String()})
}

// loopVars gives each iteration of a loop its own copy of the loop variables (Go 1.22
// semantics; yaegi shares one variable, so closures made in the loop all saw its last
// value) by putting a copy (i := i) at the start of the body, when the body makes a
// closure or starts a goroutine; such a loop at top level runs in a function (wrapBlock). For a three-clause loop (assignable true), a variable the body
// assigns is left alone, since the copy would hide the assignment from the loop.
func (rw *rewriter) loopVars(n *shifted, lhs []ast.Expr, body *ast.BlockStmt, assignable bool) {
	if !makesClosure(body) {
		return
	}
	assigned := map[string]bool{}
	ast.Inspect(body, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.AssignStmt:
			if x.Tok != token.DEFINE {
				for _, l := range x.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						assigned[id.Name] = true
					}
				}
			}
		case *ast.IncDecStmt:
			if id, ok := x.X.(*ast.Ident); ok {
				assigned[id.Name] = true
			}
		case *ast.UnaryExpr:
			if id, ok := x.X.(*ast.Ident); ok && x.Op == token.AND {
				assigned[id.Name] = true // &i: the body may change it
			}
		}
		return true
	})
	var b strings.Builder
	for _, l := range lhs {
		id, ok := l.(*ast.Ident)
		if !ok || id.Name == "_" || assignable && assigned[id.Name] {
			continue
		}
		// Through a temporary: yaegi may take the i of i := i for the new one.
		fmt.Fprintf(&b, "_hnL%s := %s; %s := _hnL%s; _ = %s; ", id.Name, id.Name, id.Name, id.Name, id.Name)
	}
	if b.Len() > 0 {
		at := n.off(body.Lbrace) + 1
		rw.edits = append(rw.edits, edit{at, at, b.String()})
	}
}

// makesClosure reports whether body contains a function literal or a go statement.
func makesClosure(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(x ast.Node) bool {
		switch x.(type) {
		case *ast.FuncLit, *ast.GoStmt:
			found = true
		}
		return !found
	})
	return found
}

// commaOk rewrites a top-level `v, ok := m[k]` or `v, ok := x.(T)`, which makes yaegi
// fail with "nil type" at the top level of a cell, as
//
//	var v T; var ok bool; v, ok = m[k]
//
// when T is known: written in the type assertion, or the element type of a map held by
// the session. Otherwise it records a hint for the error (see Session.runGo). It
// reports whether it rewrote the statement.
func (rw *rewriter) commaOk(n *shifted, x *ast.AssignStmt, names []string) bool {
	typ := ""
	switch r := x.Rhs[0].(type) {
	case *ast.TypeAssertExpr:
		if r.Type == nil {
			return false
		}
		typ = rw.code[n.off(r.Type.Pos()):n.off(r.Type.End())]
	case *ast.IndexExpr:
		if rw.typed {
			typ = rw.commaOkType(n, r.X)
		} else if v, ok := rw.valueOf(r.X); ok && v.Kind() == reflect.Map {
			t := v.Type().Elem()
			if carryable(t, 0) && !strings.Contains(t.String(), "struct {") && !strings.Contains(t.String(), "main.") {
				typ = t.String()
			}
		}
	case *ast.UnaryExpr:
		if r.Op != token.ARROW {
			return false
		}
		if rw.typed {
			typ = rw.commaOkType(n, r.X)
		}
	default:
		return false
	}
	if typ == "" {
		if rw.commaOkHint == "" {
			rw.commaOkHint = rw.code[n.off(x.Pos()):n.off(x.End())]
			rw.commaOkOff = n.off(x.Pos())
		}
		return false
	}
	var b strings.Builder
	for i, name := range names {
		if name == "_" || rw.cellVars[name] {
			continue
		}
		t := typ
		if i == 1 {
			t = "bool"
		}
		fmt.Fprintf(&b, "var %s %s; ", name, t)
		rw.cellVars[name] = true
	}
	lhs := n.off(x.Lhs[0].Pos())
	tok := n.off(x.TokPos) + len(":=")
	b.WriteString(rw.code[lhs:n.off(x.TokPos)])
	b.WriteString("=")
	rw.edits = append(rw.edits, edit{lhs, tok, b.String() + strings.Repeat("\n", strings.Count(rw.code[lhs:tok], "\n"))})
	return true
}

// rewrite walks n and records edits.
func (rw *rewriter) rewrite(n *shifted) {
	code := rw.code
	inLoop := loopLits(n.Node)
	ast.Inspect(n.Node, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.FuncDecl:
			if x.Recv == nil && x.Name.Name == "main" && !rw.typed {
				rw.unsupport(n.off(x.Pos()), "func main is not allowed in a cell: the interpreter would run it again after every cell; give it another name and call it")
			}
			if x.Recv == nil && x.Name.Name == "init" && !rw.typed {
				rw.unsupport(n.off(x.Pos()), "func init is not allowed in a cell: put its statements in the cell itself")
			}
			if x.Body != nil && !hidden(x.Name.Name) && (fmtMethod(x) || rw.recursive[funcNode(x)] || rw.callsValue(n, x.Body)) {
				// Guard against runaway recursion, which would kill the process with
				// a fatal stack overflow.
				rw.edits = append(rw.edits, edit{n.off(x.Body.Lbrace) + 1, n.off(x.Body.Lbrace) + 1, guardFor(x.Name.Name)})
			}
		case *ast.FuncLit:
			if rw.callsValue(n, x.Body) {
				rw.edits = append(rw.edits, edit{n.off(x.Body.Lbrace) + 1, n.off(x.Body.Lbrace) + 1, guardFor("a function literal")})
			}
			if inLoop[x] {
				rw.litFrame(n, x)
			}
		case *ast.GoStmt:
			rw.rewriteGo(n, x)
		case *ast.ForStmt:
			if as, ok := x.Init.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
				rw.loopVars(n, as.Lhs, x.Body, true)
			}

		case *ast.RangeStmt:
			if rw.rangeFunc[n.off(x.Pos())] {
				return true // lowered: its variables are parameters, or the body's own
			}
			if _, ok := x.X.(*ast.FuncLit); ok {
				rw.unsupport(n.off(x.Pos()), "range over a function (iterator) is not supported by the interpreter; call the function with a callback instead")
				return true
			}
			// In a cell that type-checked, lower.RangeInts rewrites the ranges over an
			// integer from the types; the guess from the syntax is for the others.
			if rw.typed || x.Value != nil || !(rw.isInt(x.X) || rw.forceRange && rw.maybeInt(x.X)) {
				if x.Tok == token.DEFINE {
					rw.loopVars(n, []ast.Expr{x.Key, x.Value}, x.Body, false)
				}
				return true
			}
			// As lower.RangeInts, with the type of the operand unknown (int): a counter
			// of its own, the variable declared in the body (one per iteration: no
			// loopVars), an assigned operand keeping n-1 after the loop, the clause's
			// line breaks after := (one before the brace would end the post statement).
			lb := n.off(x.Body.Lbrace)
			head := "for _hnI, _hnN :=" + strings.Repeat("\n", strings.Count(code[n.off(x.For):lb], "\n")) +
				" 0, " + lower.Moved(n.off(x.X.Pos()), n.off(x.X.End())) + "; _hnI < _hnN; _hnI++ {"
			key, _ := x.Key.(*ast.Ident)
			switch {
			case key != nil && key.Name != "_" && x.Tok == token.DEFINE:
				head += " " + key.Name + " := _hnI; _ = " + key.Name + ";"
			case x.Key != nil && x.Tok == token.ASSIGN && (key == nil || key.Name != "_"):
				head += " " + lower.Moved(n.off(x.Key.Pos()), n.off(x.Key.End())) + " = _hnI;"
			}
			rw.edits = append(rw.edits, edit{n.off(x.For), lb + 1, head})
		case *ast.CallExpr:
			id, ok := x.Fun.(*ast.Ident)
			if !ok {
				return true
			}
			if rw.typed {
				if _, ok := rw.objectOf(n, id).(*types.Builtin); ok {
					rw.typedBuiltin(n, x, id)
				}
				return true
			}
			if fd, ok := rw.generics[id.Name]; ok {
				if targs := rw.inferTypeArgs(n, fd, x); targs != "" {
					rw.edits = append(rw.edits, edit{n.off(id.End()), n.off(id.End()), targs})
				} else if rw.hint == "" {
					rw.hint = "the interpreter cannot infer the type arguments of " + id.Name + " here: write them, as in " + id.Name + "[int, string](...)"
				}
				return true
			}
			if rw.defined[id.Name] {
				return true
			}
			switch id.Name {
			case "min", "max":
				name := "_hnMin"
				if id.Name == "max" {
					name = "_hnMax"
				}
				// Of literals, the call is a constant, which go/types computes (a const
				// declaration took the call: const c = min(1, 2.5) made c an integer).
				if allConst(x.Args) && len(x.Args) > 0 {
					if tv, err := types.Eval(token.NewFileSet(), nil, token.NoPos, code[n.off(x.Pos()):n.off(x.End())]); err == nil {
						if c := (*lower.Result)(nil).ConstText(tv); c != "" {
							rw.edits = append(rw.edits, edit{n.off(x.Pos()), n.off(x.End()), c})
							return true
						}
					}
				}
				// yaegi cannot assign the result of a generic call at top level: use
				// the typed variant when the type is known.
				t := ""
				for _, a := range x.Args {
					if t = rw.typeOf(a, false); t != "" {
						break
					}
				}
				if t == "" && allConst(x.Args) && len(x.Args) > 0 {
					t = defaultConstType(x.Args[0])
					for _, a := range x.Args {
						if defaultConstType(a) == "float64" {
							t = "float64"
						}
					}
				}
				if t == "byte" {
					t = "uint8"
				} else if t == "rune" {
					t = "int32"
				}
				if t != "" {
					rw.edits = append(rw.edits, edit{n.off(id.Pos()), n.off(id.End()), name + "_" + t})
					return true
				}
				rw.edits = append(rw.edits, edit{n.off(id.Pos()), n.off(id.End()), name})
				// An untyped constant first makes yaegi's inference fail: put a typed
				// argument first (min and max are symmetric).
				if len(x.Args) > 1 && isConst(x.Args[0]) {
					for j := 1; j < len(x.Args); j++ {
						if !isConst(x.Args[j]) {
							a0 := code[n.off(x.Args[0].Pos()):n.off(x.Args[0].End())]
							aj := code[n.off(x.Args[j].Pos()):n.off(x.Args[j].End())]
							rw.edits = append(rw.edits,
								edit{n.off(x.Args[0].Pos()), n.off(x.Args[0].End()), aj},
								edit{n.off(x.Args[j].Pos()), n.off(x.Args[j].End()), a0})
							break
						}
					}
				}
			case "clear":
				rw.edits = append(rw.edits, edit{n.off(id.Pos()), n.off(id.End()), "_hnrt.Clear"})
			}
		case *ast.AssignStmt:
			for _, l := range x.Lhs {
				sel, ok := l.(*ast.SelectorExpr)
				if !ok {
					continue
				}
				if id, ok := sel.X.(*ast.Ident); ok && (rw.typed || !rw.defined[id.Name]) {
					if rw.isPackage(n, id, "") {
						rw.unsupport(n.off(l.Pos()), fmt.Sprintf("assigning to the package variable %s.%s is not supported by the interpreter (the value would be lost); use a setter function of the package", id.Name, sel.Sel.Name))
					}
				}
			}
		case *ast.SelectorExpr:
			if id, ok := x.X.(*ast.Ident); ok && x.Sel.Name == "Stdin" && (rw.typed && rw.isPackage(n, id, "os") || !rw.typed && id.Name == "os" && !rw.defined["os"]) {
				rw.edits = append(rw.edits, edit{n.off(x.Pos()), n.off(x.End()), "_hnrt.Stdin"})
			}
			// os.Stdout.Write(...) and os.Stderr.WriteString(...) are delivered in
			// process, in order with fmt's writes (see output.go).
			if in, ok := x.X.(*ast.SelectorExpr); ok && (x.Sel.Name == "Write" || x.Sel.Name == "WriteString") {
				if id, ok := in.X.(*ast.Ident); ok && (in.Sel.Name == "Stdout" || in.Sel.Name == "Stderr") && (rw.typed && rw.isPackage(n, id, "os") || !rw.typed && id.Name == "os" && !rw.defined["os"]) {
					rw.edits = append(rw.edits, edit{n.off(in.Pos()), n.off(in.End()), "_hnrt." + in.Sel.Name})
				}
			}
		}
		return true
	})
}

// goCallBuiltins are the builtins a go statement may call.
var goCallBuiltins = map[string]bool{"append": true, "cap": true, "clear": true, "close": true, "complex": true, "copy": true,
	"delete": true, "imag": true, "len": true, "make": true, "max": true, "min": true, "new": true, "panic": true,
	"print": true, "println": true, "real": true, "recover": true}

// goFrame starts the function literal, called on the spot, that a go statement runs in.
//
// It gives every execution of the go statement a frame of its own, against two yaegi
// behaviours (see litFrame):
//   - the literal handed to _hnrt.Go is compiled code's function, which yaegi makes on
//     the live frame that evaluated it: in the loop's frame, the goroutine would read
//     _hnGf and _hnG0 of a later iteration;
//   - a call of a closure writes back into the frame that evaluated the literal when it
//     returns (getFunc's closure ends with `getFrame(f, l).data[i] = o`, the slot's value
//     before the evaluation), from whichever goroutine made the call. Goroutines started
//     in a loop made the go statement start the closure of an earlier iteration (sums came
//     out wrong; the race detector reports run.go:1922 against run.go:1890) or, after the
//     first iteration, the zero function: "call of nil function" in a goroutine yaegi
//     starts without a recover, which killed the process.
//
// In a frame of its own, what the goroutine reads does not change and the writes land
// where nothing reads them again.
const goFrame = "func() { "

// litFrame rewrites a function literal in a loop (see loopLits), func(k int) {...}, as
// one that a function literal called on the spot returns:
//
//	func() func(k int) { return func(k int) {...} }()
//
// which gives every evaluation of the literal a frame of its own. Two yaegi behaviours make
// a closure made in a loop see a later iteration's variables when it runs concurrently
// with the loop or after it (a silently wrong result; Go 1.22 gives each iteration its
// own variables, and so does loopVars):
//   - the write-back to the evaluating frame when a call of the closure returns (see
//     goFrame): `f := func() {...}; go f()` in a loop can take an earlier closure;
//   - a literal passed straight to a compiled function (time.AfterFunc(d, func() {...}))
//     is wrapped on the live frame of its caller instead of a copy taken when the literal
//     is evaluated, so it reads the loop's variables when it is called.
//
// The returned closure comes from a copy of the frame, and the write-back lands in the
// frame of the call on the spot, which nothing reads again. Columns after the literal's
// start shift on its line (compile errors there give a column too far right); the type is
// written on that line, without comments, by types.ExprString.
func (rw *rewriter) litFrame(n *shifted, x *ast.FuncLit) {
	// Replace the keyword and the closing brace rather than insert next to them: edits
	// that start at the same offset as an earlier one are dropped (see applyEdits), and
	// the rewrite of a go statement ends one at the end of its last argument.
	start, rbrace := n.off(x.Type.Func), n.off(x.Body.Rbrace)
	rw.edits = append(rw.edits,
		edit{start, start + len("func"), "func() " + types.ExprString(x.Type) + " { return func"},
		edit{rbrace, rbrace + 1, "} }()"})
}

// loopLits returns the function literals under root that litFrame rewrites: those in a
// loop of their own function (or of the cell's top level), which evaluates them again and
// again in one frame, and that are not called where they are written (func() {...}(),
// defer func() {...}(): yaegi evaluates and calls those in one step, a deferred one must
// stay the function that calls recover, and go statements get goFrame). A literal
// elsewhere is evaluated once per frame, and reading the live frame gives what Go gives;
// leaving it alone keeps the columns of errors on its line.
func loopLits(root ast.Node) map[*ast.FuncLit]bool {
	called := map[*ast.FuncLit]bool{}
	out := map[*ast.FuncLit]bool{}
	var stack []ast.Node // the nodes from root to the one visited
	ast.Inspect(root, func(x ast.Node) bool {
		if x == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		switch x := x.(type) {
		case *ast.CallExpr:
			f := x.Fun
			for p, ok := f.(*ast.ParenExpr); ok; p, ok = f.(*ast.ParenExpr) {
				f = p.X
			}
			if fl, ok := f.(*ast.FuncLit); ok {
				called[fl] = true
			}
		case *ast.FuncLit:
			if !called[x] {
			up:
				for i := len(stack) - 1; i >= 0; i-- {
					switch stack[i].(type) {
					case *ast.ForStmt, *ast.RangeStmt:
						out[x] = true
						break up
					case *ast.FuncDecl, *ast.FuncLit:
						break up
					}
				}
			}
		}
		stack = append(stack, x)
		return true
	})
	return out
}

// goCall is the start of the call that starts the goroutine of a go statement (see
// cellRuntime.goStmt).
const goCall = "_hnrt.Go(func() { "

// rewriteGo rewrites `go f(a, b)` so that a panic at the top of the goroutine, which
// would kill the process, is recovered by compiled code (cellRuntime.goStmt) and reported
// (cellRuntime.goPanic), while f and
// its arguments are still evaluated by the go statement itself, as Go specifies (so that
// `go worker(i)` in a loop gets each i):
//
//	func() { _hnGf, _hnG0, _hnG1 := f, a, b; _hnrt.Go(func() { _hnGf(_hnG0, _hnG1) }) }()
//
// The text of f and the arguments stays in place, so that other edits inside them apply.
// A constant argument stays in the call (a := would give it its default type) and gets a
// `_` in the assignment. Methods, builtins, generic functions and a single argument that
// is a call of several results (in a cell that is not checked: any call) keep the simple
// form, which evaluates them in the goroutine:
//
//	func() { _hnrt.Go(func() { x.m(a) }) }()
//
// Both forms run in a function literal called on the spot (goFrame), which gives every
// execution of the go statement a frame of its own: see goFrame for the yaegi behaviour
// that makes this necessary.
func (rw *rewriter) rewriteGo(n *shifted, x *ast.GoStmt) {
	call := x.Call
	simple := func() {
		rw.edits = append(rw.edits,
			edit{n.off(x.Go), n.off(call.Pos()), goFrame + goCall + strings.Repeat("\n", strings.Count(rw.code[n.off(x.Go):n.off(call.Pos())], "\n"))},
			edit{n.off(call.End()), n.off(call.End()), " }) }()"})
	}
	if rw.typed {
		if rw.goSimple(n, call.Fun) {
			simple()
			return
		}
	} else {
		switch f := call.Fun.(type) {
		case *ast.Ident:
			if goCallBuiltins[f.Name] && !rw.defined[f.Name] || rw.consts["func "+f.Name] || hidden(f.Name) {
				simple()
				return
			}
		case *ast.SelectorExpr:
			// A method: yaegi's method values do not keep their receiver, and copying the
			// receiver would lose the pointer of a pointer method. A package's function
			// is fine.
			if id, ok := f.X.(*ast.Ident); !ok || rw.defined[id.Name] || rw.isPkg == nil || !rw.isPkg(id.Name) {
				simple()
				return
			}
		case *ast.IndexExpr, *ast.IndexListExpr, *ast.ParenExpr:
			simple()
			return
		}
	}
	if len(call.Args) == 1 {
		if _, ok := call.Args[0].(*ast.CallExpr); ok {
			// It may return several values; go/types says whether it does.
			several := true
			if tv, ok := rw.typeAndValue(n, call.Args[0]); ok && rw.typed {
				_, several = tv.Type.(*types.Tuple)
			}
			if several {
				simple()
				return
			}
		}
	}
	code := rw.code
	lines := func(from, to int) string { return strings.Repeat("\n", strings.Count(code[from:to], "\n")) }
	lhs := []string{"_hnGf"}
	var args []string
	for i, a := range call.Args {
		start, end := n.off(a.Pos()), n.off(a.End())
		if rw.isConstant(n, a) {
			lhs = append(lhs, "_")
			args = append(args, strings.ReplaceAll(code[start:end], "\n", " "))
			rw.edits = append(rw.edits, edit{start, end, "0" + lines(start, end)})
			continue
		}
		name := fmt.Sprintf("_hnG%d", i)
		lhs = append(lhs, name)
		args = append(args, name)
	}
	if call.Ellipsis.IsValid() && len(args) > 0 {
		args[len(args)-1] += "..."
	}
	goStart, funStart := n.off(x.Go), n.off(call.Fun.Pos())
	lparen, end := n.off(call.Lparen), n.off(call.Rparen)+1
	tail := "; " + goCall + "_hnGf(" + strings.Join(args, ", ") + ") }) }()"
	rw.edits = append(rw.edits, edit{goStart, funStart, goFrame + strings.Join(lhs, ", ") + " := " + lines(goStart, funStart)})
	if len(call.Args) == 0 {
		rw.edits = append(rw.edits, edit{lparen, end, tail + lines(lparen, end)})
		return
	}
	last := n.off(call.Args[len(call.Args)-1].End())
	rw.edits = append(rw.edits, edit{lparen, lparen + 1, ", "}, edit{last, end, tail + lines(last, end)})
}

// constLike reports whether e looks like a constant expression: literals, true, false,
// nil, constants of the notebook, and names of imported packages (math.Pi).
func (rw *rewriter) constLike(e ast.Expr) bool {
	rw.guess()
	switch e := e.(type) {
	case *ast.BasicLit:
		return true
	case *ast.Ident:
		switch e.Name {
		case "true", "false", "nil", "iota":
			return !rw.defined[e.Name]
		}
		return rw.consts[e.Name]
	case *ast.ParenExpr:
		return rw.constLike(e.X)
	case *ast.UnaryExpr:
		return e.Op != token.AND && e.Op != token.ARROW && rw.constLike(e.X)
	case *ast.BinaryExpr:
		return rw.constLike(e.X) && rw.constLike(e.Y)
	case *ast.SelectorExpr:
		id, ok := e.X.(*ast.Ident)
		return ok && !rw.defined[id.Name] && rw.isPkg != nil && rw.isPkg(id.Name)
	}
	return false
}

func (rw *rewriter) unsupport(off int, msg string) {
	if rw.unsupported == "" {
		rw.unsupported, rw.unsupOff = msg, off
	}
}

func isConst(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.BasicLit:
		return true
	case *ast.ParenExpr:
		return isConst(e.X)
	case *ast.UnaryExpr:
		return isConst(e.X)
	case *ast.BinaryExpr:
		return isConst(e.X) && isConst(e.Y)
	}
	return false
}

func allConst(es []ast.Expr) bool {
	for _, e := range es {
		if !isConst(e) {
			return false
		}
	}
	return true
}

// constKind returns the kind of the literal that decides the type of a constant
// expression: FLOAT if any operand is a float literal, else the first literal's kind.
func constKind(e ast.Expr) token.Token {
	k := token.ILLEGAL
	ast.Inspect(e, func(n ast.Node) bool {
		if b, ok := n.(*ast.BasicLit); ok {
			if b.Kind == token.FLOAT || k == token.ILLEGAL {
				k = b.Kind
			}
		}
		return true
	})
	return k
}

// collectTypeTexts records the written types of the variables a top-level statement
// declares.
func (rw *rewriter) collectTypeTexts(n *shifted) {
	rw.guess()
	text := func(e ast.Node) string { return rw.code[n.off(e.Pos()):n.off(e.End())] }
	typeText := func(e ast.Expr) string {
		switch e := e.(type) {
		case *ast.CompositeLit:
			if e.Type != nil {
				return text(e.Type)
			}
		case *ast.UnaryExpr:
			if c, ok := e.X.(*ast.CompositeLit); ok && e.Op == token.AND && c.Type != nil {
				return "*" + text(c.Type)
			}
		case *ast.CallExpr:
			if id, ok := e.Fun.(*ast.Ident); ok && rw.typeNames[id.Name] && len(e.Args) == 1 {
				return id.Name
			}
		}
		if t := rw.typeOf(e, true); t != "" {
			return t
		}
		return ""
	}
	switch x := n.Node.(type) {
	case *ast.AssignStmt:
		if x.Tok == token.DEFINE && len(x.Lhs) == len(x.Rhs) {
			for i, l := range x.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					rw.typeTexts[id.Name] = typeText(x.Rhs[i])
				}
			}
		} else if x.Tok == token.DEFINE {
			// v, err := f(): the types are not in the syntax; forget older ones.
			for _, l := range x.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
					rw.typeTexts[id.Name] = ""
				}
			}
		}
	case *ast.DeclStmt:
		if g, ok := x.Decl.(*ast.GenDecl); ok && g.Tok == token.VAR {
			for _, sp := range g.Specs {
				vs := sp.(*ast.ValueSpec)
				for i, nm := range vs.Names {
					switch {
					case vs.Type != nil:
						rw.typeTexts[nm.Name] = text(vs.Type)
					case len(vs.Values) == len(vs.Names):
						rw.typeTexts[nm.Name] = typeText(vs.Values[i])
					}
				}
			}
		}
	}
}
