package lower

import (
	"go/ast"
	"go/scanner"
	"go/token"
	"go/types"
	"sort"
	"strings"
)

// Placeholder is the identifier that stands in a cell cut for completion where the name
// being typed was (see Fixes): the check then types what stands before it and knows the
// scope it is in.
const Placeholder = "_hnDot"

// Fixes returns versions of head, the start of a cell up to the cursor, each ending in a
// way the parser may accept: head followed by its open brackets closed, with an empty
// block for an if/for/switch header, a colon for a case, or an empty post statement for a
// for clause. The caller checks them in order and keeps the first that parses. It
// returns nil when head ends inside a comment or a string.
func Fixes(head string) []string {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(head))
	var sc scanner.Scanner
	broken := false
	sc.Init(file, []byte(head), func(token.Position, string) { broken = true }, scanner.ScanComments)
	var stack []token.Token
	last := token.ILLEGAL
	lastEnd := 0
	for {
		pos, tok, lit := sc.Scan()
		if tok == token.EOF {
			break
		}
		if tok == token.SEMICOLON && lit == "\n" {
			continue
		}
		switch tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			stack = append(stack, tok)
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
		last = tok
		lastEnd = file.Offset(pos) + len(lit)
		if lit == "" {
			lastEnd = file.Offset(pos) + len(tok.String())
		}
	}
	if broken || last == token.COMMENT && lastEnd >= len(head) {
		return nil
	}
	var closers strings.Builder
	for i := len(stack) - 1; i >= 0; i-- {
		switch stack[i] {
		case token.LPAREN:
			closers.WriteString(")")
		case token.LBRACK:
			closers.WriteString("]")
		default:
			closers.WriteString("}")
		}
	}
	cl := closers.String()
	return []string{head + cl, head + " {}" + cl, head + ":" + cl, head + "; {}" + cl}
}

// Probe type-checks a cell for completion or inspection: like Check, but variables of
// the session whose type is not known are left out instead of refusing the check. The
// result's Stmts is nil when the cell does not parse; its errors say nothing useful.
func (c *Checker) Probe(env Env, cell Cell) *Result {
	var vars []Var
	for _, v := range env.Vars {
		if v.Type != "" {
			vars = append(vars, v)
		}
	}
	env.Vars = vars
	return c.Check(env, cell)
}

// Import returns the package at path from the checker's importer.
func (c *Checker) Import(path string) (*types.Package, error) { return c.imp.Import(path) }

// Candidate is a name that completion offers, with its kind (function, method, field,
// variable, constant, type, package or keyword) and its signature or type as Go writes
// it ("(r, c int, data []float64) *mat.Dense" for a function, "int" for a field).
type Candidate struct {
	Name, Kind, Signature string
}

// IdentAt returns the identifier of a checked cell at a cell position (1-based line and
// byte column, the column anywhere from the identifier's start to its end), and the
// chain of nodes that encloses it, outermost first.
func (r *Result) IdentAt(line, col int) (*ast.Ident, []ast.Node) {
	return r.find(func(id *ast.Ident) bool {
		p := r.Fset.Position(id.Pos())
		return p.Filename == CellFile && p.Line == line && col >= p.Column && col <= p.Column+len(id.Name)
	})
}

// find returns the first identifier of the cell's files that match accepts, and the
// chain of nodes that encloses it, outermost first.
func (r *Result) find(match func(*ast.Ident) bool) (*ast.Ident, []ast.Node) {
	var found *ast.Ident
	var path []ast.Node
	for _, f := range []*ast.File{r.Stmts, r.Decls} {
		if f == nil || found != nil {
			continue
		}
		var stack []ast.Node
		ast.Inspect(f, func(n ast.Node) bool {
			if found != nil {
				return false
			}
			if n == nil {
				stack = stack[:len(stack)-1]
				return false
			}
			if id, ok := n.(*ast.Ident); ok && match(id) {
				found, path = id, append([]ast.Node(nil), stack...)
				return false
			}
			stack = append(stack, n)
			return true
		})
	}
	return found, path
}

// ObjectOf returns the object id denotes in a checked cell, or nil.
func (r *Result) ObjectOf(id *ast.Ident) types.Object {
	if r.Info == nil {
		return nil
	}
	if o := r.Info.Uses[id]; o != nil {
		return o
	}
	return r.Info.Defs[id]
}

// Complete returns what may stand at the placeholder of a cell checked by Probe: with a
// selector x.P, the members of x (the exported names of a package, the fields and methods
// of a value's type, promoted ones included, the methods of a type); otherwise the names
// in scope there, innermost first, each once. Unexported members are offered only for
// the notebook's own types. ok is false when the cell has no placeholder or the type of
// x is not known. pkgOf resolves a name that is not declared to a package (the packages
// a cell may use without importing them), or returns "".
func (c *Checker) Complete(r *Result, pkgOf func(name string) string) (cands []Candidate, ok bool) {
	if r.Info == nil {
		return nil, false
	}
	id, path := r.find(func(id *ast.Ident) bool { return id.Name == Placeholder })
	if id == nil {
		return nil, false
	}
	q := Qualifier
	if len(path) > 0 {
		if sel, is := path[len(path)-1].(*ast.SelectorExpr); is && sel.Sel == id {
			return c.members(r, sel.X, q, pkgOf)
		}
	}
	names := scopeNames(r, id.Pos(), path, q)
	return append(literalKeys(r, id, path, q), names...), true
}

// literalKeys returns the fields of a struct literal when id stands where a key may:
// an element of the literal, or the key of a key: value element.
func literalKeys(r *Result, id *ast.Ident, path []ast.Node, q types.Qualifier) []Candidate {
	n := len(path)
	if n >= 2 {
		if kv, is := path[n-1].(*ast.KeyValueExpr); is && kv.Key == id {
			n--
		}
	}
	if n == 0 {
		return nil
	}
	lit, is := path[n-1].(*ast.CompositeLit)
	if !is {
		return nil
	}
	tv := r.Info.Types[lit]
	if tv.Type == nil {
		return nil
	}
	t := tv.Type
	if p, is := t.Underlying().(*types.Pointer); is {
		t = p.Elem() // an element &T{...} written {...}
	}
	st, is := t.Underlying().(*types.Struct)
	if !is {
		return nil
	}
	var out []Candidate
	for i := 0; i < st.NumFields(); i++ {
		if f := st.Field(i); f.Exported() || f.Pkg() != nil && f.Pkg().Path() == "main" {
			out = append(out, candidate(f, q))
		}
	}
	return out
}

// Qualifier names packages by their names; the notebook's package is unnamed.
func Qualifier(p *types.Package) string {
	if p.Path() == "main" {
		return ""
	}
	return p.Name()
}

// members returns the members of the expression x of a checked cell.
func (c *Checker) members(r *Result, x ast.Expr, q types.Qualifier, pkgOf func(string) string) ([]Candidate, bool) {
	if xid, is := x.(*ast.Ident); is {
		o := r.Info.Uses[xid]
		if pn, is := o.(*types.PkgName); is {
			return packageMembers(pn.Imported(), q), true
		}
		if o == nil && pkgOf != nil {
			if p := pkgOf(xid.Name); p != "" {
				if pkg, err := c.Import(p); err == nil {
					return packageMembers(pkg, q), true
				}
			}
		}
	}
	tv, has := r.Info.Types[x]
	if !has || tv.Type == nil || tv.Type == types.Typ[types.Invalid] {
		return nil, false
	}
	var out []Candidate
	for _, o := range memberObjects(tv.Type, !tv.IsType()) {
		out = append(out, candidate(o, q))
	}
	return out, true
}

// packageMembers returns the exported names of pkg.
func packageMembers(pkg *types.Package, q types.Qualifier) []Candidate {
	var out []Candidate
	for _, n := range pkg.Scope().Names() {
		if o := pkg.Scope().Lookup(n); o.Exported() {
			out = append(out, candidate(o, q))
		}
	}
	return out
}

// memberObjects returns the fields and methods that a selector on a value of type t
// reaches, as LookupFieldOrMethod finds them for an addressable operand: promoted fields
// and methods, and the methods of *t; when t is not a value but the type of a method
// expression, the method set of t. Names that are ambiguous
// or shadowed are left out, and so are unexported names of other packages than the
// notebook's.
func memberObjects(t types.Type, value bool) []types.Object {
	var cands []types.Object
	addSet := func(t types.Type) {
		ms := types.NewMethodSet(t)
		for i := 0; i < ms.Len(); i++ {
			cands = append(cands, ms.At(i).Obj())
		}
	}
	addSet(t)
	if _, isPtr := t.Underlying().(*types.Pointer); value && !isPtr && !types.IsInterface(t) {
		addSet(types.NewPointer(t))
	}
	if value {
		seen := map[types.Type]bool{}
		var walk func(t types.Type, depth int)
		walk = func(t types.Type, depth int) {
			if p, is := t.Underlying().(*types.Pointer); is {
				t = p.Elem()
			}
			st, is := t.Underlying().(*types.Struct)
			if !is || depth > 8 || seen[t] {
				return
			}
			seen[t] = true
			for i := 0; i < st.NumFields(); i++ {
				f := st.Field(i)
				cands = append(cands, f)
				if f.Embedded() {
					walk(f.Type(), depth+1)
				}
			}
		}
		walk(t, 0)
	}
	var out []types.Object
	done := map[string]bool{}
	for _, o := range cands {
		if done[o.Name()] || !o.Exported() && (o.Pkg() == nil || o.Pkg().Path() != "main") {
			continue
		}
		got, _, _ := types.LookupFieldOrMethod(t, true, o.Pkg(), o.Name())
		if got == nil {
			continue
		}
		done[o.Name()] = true
		out = append(out, got)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out
}

// scopeNames returns the names in scope at pos, innermost first: locals declared before
// pos, the package's (the session's and the cell's declarations and variables), the
// imports and the universe.
func scopeNames(r *Result, pos token.Pos, path []ast.Node, q types.Qualifier) []Candidate {
	var inner *types.Scope
	for i := len(path) - 1; i >= 0 && inner == nil; i-- {
		if s := r.Info.Scopes[path[i]]; s != nil {
			inner = s
		}
		if fd, is := path[i].(*ast.FuncDecl); is && inner == nil {
			inner = r.Info.Scopes[fd.Type]
		}
	}
	if inner == nil {
		return nil
	}
	var out []Candidate
	seen := map[string]bool{}
	for s := inner; s != nil; s = s.Parent() {
		local := s.Parent() != nil && s.Parent() != types.Universe && s.Parent().Parent() != types.Universe
		for _, n := range s.Names() {
			o := s.Lookup(n)
			if seen[n] || n == "_" || strings.HasPrefix(n, "_hn") || local && o.Pos() > pos {
				continue
			}
			seen[n] = true
			out = append(out, candidate(o, q))
		}
	}
	return out
}

// candidate describes an object for completion.
func candidate(o types.Object, q types.Qualifier) Candidate {
	c := Candidate{Name: o.Name()}
	switch o := o.(type) {
	case *types.Func:
		sig := o.Type().(*types.Signature)
		c.Kind = "function"
		if sig.Recv() != nil {
			c.Kind = "method"
		}
		c.Signature = strings.TrimPrefix(types.TypeString(sig, q), "func")
	case *types.Var:
		c.Kind = "variable"
		if o.IsField() {
			c.Kind = "field"
		}
		c.Signature = types.TypeString(o.Type(), q)
	case *types.Const:
		c.Kind = "constant"
		c.Signature = types.TypeString(o.Type(), q)
	case *types.TypeName:
		c.Kind = "type"
		c.Signature = types.TypeString(o.Type().Underlying(), q)
		if len(c.Signature) > 80 {
			c.Signature = c.Signature[:77] + "..."
		}
	case *types.PkgName:
		c.Kind = "package"
		c.Signature = o.Imported().Path()
	case *types.Builtin:
		c.Kind = "function"
	case *types.Nil:
		c.Kind = "constant"
	}
	return c
}

// Describe returns obj as Go declares it ("var w struct{Foo int; Bar int}", "field Foo
// int", "func (p *P) Move()"), packages named by their names.
func Describe(obj types.Object) string {
	if pn, ok := obj.(*types.PkgName); ok {
		return "package " + pn.Imported().Name() + " // import \"" + pn.Imported().Path() + "\""
	}
	return types.ObjectString(obj, Qualifier)
}

// DocKey returns the import path and the name under which a package documents obj:
// "NewDense" for a package-level object, "Dense.Mul" for a method; ok is false for
// other objects (fields, locals, builtins).
func DocKey(obj types.Object) (path, key string, ok bool) {
	switch {
	case obj.Pkg() == nil:
		return "", "", false
	case MethodRecv(obj) != "":
		return obj.Pkg().Path(), MethodRecv(obj) + "." + obj.Name(), true
	case obj.Parent() != obj.Pkg().Scope():
		return "", "", false // a method of an unnamed type, a field, a local
	}
	return obj.Pkg().Path(), obj.Name(), true
}

// MethodRecv returns the name of the receiver's base type of a method, or "".
func MethodRecv(obj types.Object) string {
	f, ok := obj.(*types.Func)
	if !ok {
		return ""
	}
	recv := f.Type().(*types.Signature).Recv()
	if recv == nil {
		return ""
	}
	t := recv.Type()
	if p, is := t.(*types.Pointer); is {
		t = p.Elem()
	}
	if n, is := t.(*types.Named); is {
		return n.Obj().Name()
	}
	return ""
}

// DeclRange returns the cell positions (from its doc comment to its end) of the
// declaration of the cell that declares name at package level: a function, type or
// constant, or with recv the method recv.name.
func (r *Result) DeclRange(recv, name string) (start, end token.Position, ok bool) {
	if r.Decls == nil {
		return start, end, false
	}
	want := name
	if recv != "" {
		want = recv + "." + name
	}
	for _, d := range r.Decls.Decls {
		for _, k := range declKeys(d) {
			if k[1] != want {
				continue
			}
			var doc *ast.CommentGroup
			switch d := d.(type) {
			case *ast.FuncDecl:
				doc = d.Doc
			case *ast.GenDecl:
				doc = d.Doc
			}
			from := d.Pos()
			if doc != nil {
				// The first comment after the //line directive of the file, which
				// joins the group of a doc comment on the cell's first line.
				for i := len(doc.List) - 1; i >= 0 && !strings.HasPrefix(doc.List[i].Text, "//line "); i-- {
					from = doc.List[i].Pos()
				}
			}
			return r.Fset.Position(from), r.Fset.Position(d.End()), true
		}
	}
	return start, end, false
}
