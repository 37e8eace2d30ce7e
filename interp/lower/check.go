// Package lower type-checks notebook cells with go/types and lowers them into a form the
// yaegi interpreter runs with Go's semantics.
//
// A cell mixes declarations (type, const, func, method) and statements (everything else,
// including var and :=). It is checked as two synthetic files of package main beside a
// file that holds the session's earlier declarations and variables:
//
//   - the declaration file: the cell with its statements blanked out, at package level;
//   - the statement file: the cell with its declarations blanked out, as the body of a
//     function, so that its variables are scoped as Go scopes a function body.
//
// Both files carry a //line directive, so every position go/types reports is a position
// of the cell. Variables declared at the top level of the cell live on in later cells:
// their types are recorded (as source text, qualified with the session's import names)
// and declared at package level when later cells are checked.
//
// Nothing runs before the whole cell has type-checked (see Checker.Check); the passes of
// this package then rewrite the checked source.
package lower

import (
	"errors"
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// CellFile is the file name positions of a cell carry.
const CellFile = "cell"

// cellFunc is the name of the function whose body holds the cell's statements.
const cellFunc = "_hnCell"

// Import is an import of the session or of the cell: Name is the local name (empty for
// the package's own name, "_" or "." as written), Path the import path.
type Import struct {
	Name, Path string
}

// spec returns the import as it is written in an import declaration.
func (im Import) spec() string {
	if im.Name == "" {
		return strconv.Quote(im.Path)
	}
	return im.Name + " " + strconv.Quote(im.Path)
}

// Decl is one top-level declaration of the session: its Key ("func f", "type T",
// "method T.M", "const c"), the Name it declares ("f", "T", "T.M") and its source text
// as the user wrote it.
type Decl struct {
	Key, Name, Src string
}

// Var is a variable of the session: its name and type as Go source, qualified with the
// session's import names ("[]float64", "*mat.Dense", "Point"). An empty Type means the
// type is not known; cells that mention the variable are then not checked (Result.Skip).
type Var struct {
	Name, Type string
}

// Env is what the session holds when a cell arrives.
type Env struct {
	Imports []Import
	Decls   []Decl
	Vars    []Var
}

// Error is a type error of the cell, at a position of the cell (1-based line and
// column, in bytes).
type Error struct {
	Line, Col int
	Msg       string
}

func (e Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

// Value says what the cell's last statement yields when it is an expression.
type Value int

// The kinds of a cell's last expression.
const (
	NoValue Value = iota // not an expression, or a call of a function without results
	OneValue
	Tuple // a call with several results
)

// Result is a checked cell.
type Result struct {
	// Errors are the type errors of the cell, in order of position; the cell must not
	// run when there are any.
	Errors []Error
	// Skip, when not empty, says why the cell could not be checked (for example it uses
	// a variable whose type is not known): Errors is then empty and says nothing.
	Skip string
	// Defined are the variables the cell declares at its top level, in order, with their
	// types as source (Type is "" when the type cannot be written in the cell's package,
	// for example an unexported type of another package).
	Defined []Var
	// Last is what the cell's last statement yields; Results the number of values.
	Last    Value
	Results int
	// Info and Files give the checked syntax of the cell for the lowering passes: Decls
	// holds the cell's declarations, Stmts the function whose body is the statements.
	Info         *types.Info
	Decls, Stmts *ast.File
	Fset         *token.FileSet
	qual         types.Qualifier // names packages as the cell's source does
	// pkgs are the packages the checker built: the cell's statements and declarations
	// without bodies (phase 1) and, when the cell has function bodies, its declarations
	// again (phase 2). The objects of Info belong to one or the other: a type of the
	// notebook is two distinct *types.Named, one per phase.
	pkgs []*types.Package
}

// Checker checks cells. It keeps the importer's packages across cells and the parsed
// session file while the session does not change. A Checker is not safe for concurrent
// use.
type Checker struct {
	fset *token.FileSet
	imp  types.Importer

	sessText string
	sessFile *ast.File
	sessErr  error
}

// NewChecker returns a Checker that imports packages with imp. imp must have been made
// with the file set returned by the Checker's FileSet method or with its own; positions
// inside imported packages are never reported.
func NewChecker(fset *token.FileSet, imp types.Importer) *Checker {
	return &Checker{fset: fset, imp: imp}
}

// blankOut returns code with the byte ranges not kept replaced by spaces (newlines are
// kept, so lines and columns do not move).
func blankOut(code string, keep func(off int) bool) string {
	b := []byte(code)
	for i := range b {
		if b[i] != '\n' && !keep(i) {
			b[i] = ' '
		}
	}
	return string(b)
}

// Span is a byte range [Start, End) of a cell.
type Span struct{ Start, End int }

// Cell is a cell cut into its parts: the spans of its declarations (type, const, func,
// method) and of its imports; everything else is statements.
type Cell struct {
	Src     string
	Decls   []Span
	Imports []Span
	// LastExpr is true when the last statement of the cell is an expression statement.
	LastExpr bool
}

func in(spans []Span, off int) bool {
	for _, s := range spans {
		if off >= s.Start && off < s.End {
			return true
		}
	}
	return false
}

// importBlock is the import declaration every synthetic file starts with.
func importBlock(imps []Import) string {
	if len(imps) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("import (\n")
	for _, im := range imps {
		b.WriteString("\t" + im.spec() + "\n")
	}
	b.WriteString(")\n")
	return b.String()
}

// Check type-checks cell against env. imports are the session's imports together with
// the cell's own (the caller parses the cell's import declarations).
func (c *Checker) Check(env Env, cell Cell) *Result {
	res := &Result{Fset: c.fset}
	imps := importBlock(env.Imports)
	declText := blankOut(cell.Src, func(off int) bool { return in(cell.Decls, off) })
	stmtText := blankOut(cell.Src, func(off int) bool { return !in(cell.Decls, off) && !in(cell.Imports, off) })

	// Parse the two cell files. Syntax errors are the cell's errors.
	declFile, err := parser.ParseFile(c.fset, "decls", "package main\n"+imps+"//line "+CellFile+":1:1\n"+declText+"\n", parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		res.Errors = syntaxErrors(err)
		return res
	}
	stmtFile, err := parser.ParseFile(c.fset, "stmts", "package main\n"+imps+"func "+cellFunc+"() {\n//line "+CellFile+":1:1\n"+stmtText+"\n}\n", parser.SkipObjectResolution)
	if err != nil {
		res.Errors = syntaxErrors(err)
		return res
	}
	res.Decls, res.Stmts = declFile, stmtFile
	body := cellBody(stmtFile)

	// Names the cell declares at package level replace the session's.
	cellNames := map[string]bool{}
	cellKeys := map[string]bool{}
	for _, d := range declFile.Decls {
		for _, k := range declKeys(d) {
			cellKeys[k[0]] = true
			cellNames[k[1]] = true
		}
	}
	// A cell that mentions a variable of unknown type is not checked.
	mentioned := identNames(stmtFile, declFile)
	vars := map[string]string{}
	for _, v := range env.Vars {
		if cellNames[v.Name] {
			continue
		}
		if v.Type == "" {
			if mentioned[v.Name] {
				res.Skip = "the type of " + v.Name + " is not known"
				return res
			}
			continue
		}
		vars[v.Name] = v.Type
	}
	var decls []Decl
	for _, d := range env.Decls {
		if cellKeys[d.Key] || cellNames[d.Name] && !strings.HasPrefix(d.Key, "method ") {
			continue
		}
		decls = append(decls, d)
	}
	sess, err := c.session(imps, decls, vars)
	if err != nil {
		res.Skip = "the session's declarations do not type-check: " + err.Error()
		return res
	}

	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Instances:  map[*ast.Ident]types.Instance{},
		Implicits:  map[ast.Node]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Scopes:     map[ast.Node]*types.Scope{},
	}
	res.Info = info
	var lastExpr ast.Expr
	if cell.LastExpr && len(body.List) > 0 {
		if es, ok := body.List[len(body.List)-1].(*ast.ExprStmt); ok {
			lastExpr = es.X
		}
	}
	topVars := map[*ast.Ident]bool{}
	for _, st := range body.List {
		for _, id := range DefinedIdents(st) {
			topVars[id] = true
		}
	}

	// Phase 1: the statements, with the cell's function bodies left out (they may use
	// the cell's variables, which are not yet package-level).
	var errs []Error
	var sessErr error
	collect := func(e error) {
		te, ok := e.(types.Error)
		if !ok {
			return
		}
		p := c.fset.Position(te.Pos)
		if p.Filename != CellFile {
			if !te.Soft && sessErr == nil {
				sessErr = e
			}
			return
		}
		if te.Soft && strings.HasPrefix(te.Msg, "\"") && strings.Contains(te.Msg, "imported") {
			return // imports are the session's
		}
		if lastExpr != nil && te.Pos == lastExpr.Pos() && strings.HasSuffix(te.Msg, "is not used") {
			return // the cell's value
		}
		if strings.HasPrefix(te.Msg, "declared and not used: ") {
			name := strings.TrimPrefix(te.Msg, "declared and not used: ")
			for id := range topVars {
				if id.Name == name && id.Pos() == te.Pos {
					return // a variable of the session
				}
			}
		}
		errs = append(errs, Error{Line: p.Line, Col: p.Column, Msg: te.Msg})
	}
	conf := types.Config{Importer: c.imp, Error: collect, FakeImportC: false}
	stripped := stripBodies(declFile)
	pkg := types.NewPackage("main", "main")
	_ = types.NewChecker(&conf, c.fset, pkg, info).Files([]*ast.File{sess, stripped, stmtFile})
	res.pkgs = []*types.Package{pkg}
	if sessErr != nil && len(errs) == 0 {
		res.Skip = "the session's declarations do not type-check: " + sessErr.Error()
		return res
	}

	// The variables the cell defines, with their types.
	qual := qualifier(env.Imports)
	res.qual = qual
	seen := map[string]int{}
	for _, st := range body.List {
		for _, id := range DefinedIdents(st) {
			obj := info.Defs[id]
			if obj == nil || id.Name == "_" {
				continue
			}
			t := typeText(obj.Type(), qual)
			if i, ok := seen[id.Name]; ok {
				res.Defined[i].Type = t
				continue
			}
			seen[id.Name] = len(res.Defined)
			res.Defined = append(res.Defined, Var{Name: id.Name, Type: t})
		}
	}
	if lastExpr != nil {
		tv := info.Types[lastExpr]
		switch {
		case tv.IsVoid() || tv.IsType() || tv.IsBuiltin():
			res.Last = NoValue
		case tv.Type != nil:
			if tup, ok := tv.Type.(*types.Tuple); ok {
				res.Last, res.Results = Tuple, tup.Len()
			} else {
				res.Last, res.Results = OneValue, 1
			}
		}
	}

	// Phase 2: the cell's function bodies, with its variables at package level.
	if hasBodies(declFile) {
		vars2 := map[string]string{}
		for k, v := range vars {
			vars2[k] = v
		}
		unnamed := false
		for _, v := range res.Defined {
			if v.Type == "" {
				unnamed = true
				delete(vars2, v.Name)
				continue
			}
			vars2[v.Name] = v.Type
		}
		if unnamed {
			// A body may use a variable whose type cannot be written: check what can be.
			res.Skip = ""
		}
		sess2, err := c.session(imps, decls, vars2)
		if err == nil {
			pkg2 := types.NewPackage("main", "main")
			sessErr = nil
			_ = types.NewChecker(&conf, c.fset, pkg2, info).Files([]*ast.File{sess2, declFile})
			res.pkgs = append(res.pkgs, pkg2)
		}
	}
	sort.SliceStable(errs, func(i, j int) bool {
		if errs[i].Line != errs[j].Line {
			return errs[i].Line < errs[j].Line
		}
		return errs[i].Col < errs[j].Col
	})
	res.Errors = dedupe(errs)
	return res
}

// session returns the parsed file of the session's imports, declarations (function
// bodies left out: they were checked when their cell ran) and variables.
func (c *Checker) session(imps string, decls []Decl, vars map[string]string) (*ast.File, error) {
	var b strings.Builder
	b.WriteString("package main\n")
	b.WriteString(imps)
	for _, d := range decls {
		b.WriteString(d.Src)
		b.WriteString("\n")
	}
	names := make([]string, 0, len(vars))
	for n := range vars {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		b.WriteString("var " + n + " " + vars[n] + "\n")
	}
	text := b.String()
	if text == c.sessText {
		return c.sessFile, c.sessErr
	}
	f, err := parser.ParseFile(c.fset, "session", text, parser.SkipObjectResolution)
	if err == nil {
		f = stripBodies(f)
	}
	c.sessText, c.sessFile, c.sessErr = text, f, err
	return f, err
}

// syntaxErrors converts a parse error of a cell file.
func syntaxErrors(err error) []Error {
	var el scanner.ErrorList
	if !errors.As(err, &el) {
		return []Error{{Line: 1, Col: 1, Msg: err.Error()}}
	}
	var out []Error
	for _, e := range el {
		if e.Pos.Filename != CellFile {
			// The end of the synthetic function: the cell is unfinished.
			out = append(out, Error{Line: 1, Col: 1, Msg: e.Msg})
			continue
		}
		out = append(out, Error{Line: e.Pos.Line, Col: e.Pos.Column, Msg: e.Msg})
	}
	return dedupe(out)
}

func dedupe(errs []Error) []Error {
	var out []Error
	for i, e := range errs {
		if i > 0 && e == errs[i-1] {
			continue
		}
		out = append(out, e)
	}
	return out
}

// cellBody returns the body of the cell's function in the statement file.
func cellBody(f *ast.File) *ast.BlockStmt {
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == cellFunc {
			return fd.Body
		}
	}
	return &ast.BlockStmt{}
}

// CellBody returns the statements of a checked cell.
func (r *Result) CellBody() []ast.Stmt {
	if r.Stmts == nil {
		return nil
	}
	return cellBody(r.Stmts).List
}

// definedIdents returns the identifiers a top-level statement of the cell declares.
func DefinedIdents(st ast.Stmt) []*ast.Ident {
	var out []*ast.Ident
	switch st := st.(type) {
	case *ast.AssignStmt:
		if st.Tok == token.DEFINE {
			for _, l := range st.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					out = append(out, id)
				}
			}
		}
	case *ast.DeclStmt:
		if gd, ok := st.Decl.(*ast.GenDecl); ok && gd.Tok == token.VAR {
			for _, s := range gd.Specs {
				out = append(out, s.(*ast.ValueSpec).Names...)
			}
		}
	}
	return out
}

// declKeys returns the keys and names a package-level declaration declares.
func declKeys(d ast.Decl) [][2]string {
	var out [][2]string
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv != nil && len(d.Recv.List) == 1 {
			r := RecvName(d.Recv.List[0].Type)
			out = append(out, [2]string{"method " + r + "." + d.Name.Name, r + "." + d.Name.Name})
		} else {
			out = append(out, [2]string{"func " + d.Name.Name, d.Name.Name})
		}
	case *ast.GenDecl:
		for _, s := range d.Specs {
			switch s := s.(type) {
			case *ast.TypeSpec:
				out = append(out, [2]string{"type " + s.Name.Name, s.Name.Name})
			case *ast.ValueSpec:
				for _, n := range s.Names {
					out = append(out, [2]string{d.Tok.String() + " " + n.Name, n.Name})
				}
			}
		}
	}
	return out
}

// RecvName returns the base type name of a method receiver.
func RecvName(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}

// identNames returns every identifier name used in the files.
func identNames(files ...*ast.File) map[string]bool {
	out := map[string]bool{}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				out[id.Name] = true
			}
			return true
		})
	}
	return out
}

// stripBodies returns a shallow copy of f whose functions have the body { panic(0) }:
// their signatures matter to other code, not their bodies (go/types requires a body
// for generic functions and init).
func stripBodies(f *ast.File) *ast.File {
	g := *f
	g.Decls = make([]ast.Decl, len(f.Decls))
	for i, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
			c := *fd
			c.Body = &ast.BlockStmt{Lbrace: fd.Body.Lbrace, Rbrace: fd.Body.Rbrace, List: []ast.Stmt{&ast.ExprStmt{X: &ast.CallExpr{
				Fun: &ast.Ident{Name: "panic", NamePos: fd.Body.Lbrace}, Lparen: fd.Body.Lbrace, Rparen: fd.Body.Lbrace,
				Args: []ast.Expr{&ast.BasicLit{Kind: token.INT, Value: "0", ValuePos: fd.Body.Lbrace}}}}}}
			g.Decls[i] = &c
			continue
		}
		g.Decls[i] = d
	}
	return &g
}

func hasBodies(f *ast.File) bool {
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
			return true
		}
	}
	return false
}

// qualifier names packages by the session's import names; the cell's own package is
// unqualified. A package that is not imported gets its path in quotes, which marks the
// type as not writable (see typeText).
func qualifier(imps []Import) types.Qualifier {
	names := map[string]string{}
	for _, im := range imps {
		if im.Name == "_" || im.Name == "." {
			continue
		}
		name := im.Name
		if name == "" {
			name = defaultName(im.Path)
		}
		names[im.Path] = name
	}
	return func(p *types.Package) string {
		if p.Path() == "main" {
			return ""
		}
		if n, ok := names[p.Path()]; ok {
			if n == "" {
				return p.Name()
			}
			return n
		}
		return "\x00" + p.Path()
	}
}

// defaultName returns "" for the package's own name (resolved from the package).
func defaultName(string) string { return "" }

// typeText writes t as source, or returns "" when it cannot be written in the cell's
// package: a package the session has not imported, or an unexported name of another
// package.
func typeText(t types.Type, q types.Qualifier) string {
	s := types.TypeString(t, q)
	if strings.Contains(s, "\x00") || strings.Contains(s, "untyped ") {
		return ""
	}
	bad := false
	var walk func(t types.Type, depth int)
	walk = func(t types.Type, depth int) {
		if bad || depth > 16 {
			return
		}
		switch t := t.(type) {
		case *types.Named:
			o := t.Obj()
			if o.Pkg() != nil && o.Pkg().Path() != "main" && !o.Exported() {
				bad = true
			}
			if o.Pkg() != nil && o.Pkg().Path() == "main" && o.Parent() != nil && o.Parent() != o.Pkg().Scope() {
				bad = true // a type declared inside a function
			}
			if ta := t.TypeArgs(); ta != nil {
				for i := 0; i < ta.Len(); i++ {
					walk(ta.At(i), depth+1)
				}
			}
		case *types.Pointer:
			walk(t.Elem(), depth+1)
		case *types.Slice:
			walk(t.Elem(), depth+1)
		case *types.Array:
			walk(t.Elem(), depth+1)
		case *types.Map:
			walk(t.Key(), depth+1)
			walk(t.Elem(), depth+1)
		case *types.Chan:
			walk(t.Elem(), depth+1)
		case *types.Struct:
			for i := 0; i < t.NumFields(); i++ {
				walk(t.Field(i).Type(), depth+1)
			}
		case *types.Signature:
			for i := 0; i < t.Params().Len(); i++ {
				walk(t.Params().At(i).Type(), depth+1)
			}
			for i := 0; i < t.Results().Len(); i++ {
				walk(t.Results().At(i).Type(), depth+1)
			}
		}
	}
	walk(t, 0)
	if bad {
		return ""
	}
	return s
}

// ConstDecl returns `const Name Type = Value` for a constant the cell declares at
// package level, with its value as go/types computed it (iota and implicit repetition
// resolved), or "" when the cell declares no such constant or its type cannot be
// written.
func (r *Result) ConstDecl(name string) string {
	if r.Info == nil {
		return ""
	}
	for id, o := range r.Info.Defs {
		c, ok := o.(*types.Const)
		if !ok || id.Name != name || !isPackageLevel(c) {
			continue
		}
		v := c.Val().ExactString()
		if c.Val().Kind() == constant.Float && strings.Contains(v, "/") {
			v = strings.Replace(v, "/", ".0/", 1) // 1/10 would be an integer division
		}
		if b, ok := c.Type().(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
			// The literal keeps the constant's kind: an untyped float with an integer
			// value (1.0 * (1 << 24)) written 16777216 became an untyped int, and
			// 1 / two128 an integer division (test/float_lit2.go).
			switch b.Kind() {
			case types.UntypedFloat:
				if !strings.ContainsAny(v, ".eE/") {
					v += ".0"
				}
			case types.UntypedRune:
				if r, ok := constant.Int64Val(c.Val()); ok && r >= 0 && r <= unicode.MaxRune && (r < 0xD800 || r > 0xDFFF) {
					v = strconv.QuoteRune(rune(r))
				}
			}
			return "const " + name + " = " + v
		}
		t := typeText(c.Type(), r.qual)
		if t == "" {
			return ""
		}
		return "const " + name + " " + t + " = " + v
	}
	return ""
}

// inspect walks the cell's declarations and then its statements with ast.Inspect.
func (r *Result) inspect(f func(ast.Node) bool) {
	for _, file := range []*ast.File{r.Decls, r.Stmts} {
		if file != nil {
			ast.Inspect(file, f)
		}
	}
}
