package interp

import (
	"fmt"
	"go/ast"
	"go/scanner"
	"go/token"
	"go/types"
	"path"
	"reflect"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/traefik/yaegi/stdlib"

	"github.com/hessnote/hessnote/display"
	"github.com/hessnote/hessnote/interp/lower"
	"github.com/hessnote/hessnote/interp/symbols"
)

var keywords = []string{
	"break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough",
	"for", "func", "go", "goto", "if", "import", "interface", "map", "package", "range",
	"return", "select", "struct", "switch", "type", "var",
}

var builtins = []string{
	"append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len", "make",
	"max", "min", "new", "panic", "print", "println", "real", "recover",
	"bool", "byte", "complex128", "complex64", "error", "float32", "float64", "int", "int16",
	"int32", "int64", "int8", "rune", "string", "uint", "uint16", "uint32", "uint64", "uint8",
	"uintptr", "any", "true", "false", "nil", "iota",
}

var (
	pkgsOnce     sync.Once
	pkgTables    map[string]map[string]reflect.Value
	defaultNames map[string]string
)

// packages returns the symbol tables of every importable package keyed by import path.
func packages() map[string]map[string]reflect.Value {
	pkgsOnce.Do(func() {
		pkgTables = map[string]map[string]reflect.Value{}
		defaultNames = map[string]string{}
		for _, tab := range []map[string]map[string]reflect.Value{stdlib.Symbols, symbols.Symbols} {
			for k, v := range tab {
				if k == "." || strings.HasPrefix(k, "github.com/traefik/yaegi") {
					continue
				}
				pkgTables[path.Dir(k)] = v
			}
		}
		for p := range pkgTables {
			base := path.Base(p)
			if old, ok := defaultNames[base]; !ok || len(p) < len(old) {
				defaultNames[base] = p
			}
		}
	})
	return pkgTables
}

// importNames maps the names of the imports of code and of the session to paths.
func (s *Session) importNames(code string) map[string]string {
	names := map[string]string{}
	for _, u := range splitCell(code) {
		if u.kind != kindImport {
			continue
		}
		pr := parseUnits(code, []unit{u})
		if n, ok := pr.nodes[0].(*shifted); ok {
			for _, is := range n.Node.(*ast.File).Imports {
				p := strings.Trim(is.Path.Value, `"`)
				name := path.Base(p)
				if is.Name != nil {
					name = is.Name.Name
				}
				names[name] = p
			}
		}
	}
	if s != nil {
		for _, is := range s.imports {
			name := path.Base(is.path)
			if is.name != "" {
				name = is.name
			}
			names[name] = is.path
		}
	}
	return names
}

// pkgNames maps the names a cell may use for packages to import paths: the session's
// imports, imports in code, and the default name of every importable package.
func (s *Session) pkgNames(code string) map[string]string {
	packages()
	names := map[string]string{}
	for k, v := range defaultNames {
		names[k] = v
	}
	for k, v := range s.importNames(code) {
		names[k] = v
	}
	return names
}

// isPackage reports whether name refers to a package in code.
func (s *Session) isPackage(imports map[string]string, name string) bool {
	packages()
	if _, ok := imports[name]; ok {
		return true
	}
	_, ok := defaultNames[name]
	return ok
}

// runeToByte converts a rune offset into a byte offset of code.
func runeToByte(code string, r int) int {
	if r <= 0 {
		return 0
	}
	i := 0
	for b := range code {
		if i == r {
			return b
		}
		i++
	}
	return len(code)
}

func isIdentRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// Complete returns completions at cursor (a rune offset into code, as Jupyter >= 5.2
// counts) and the rune range [start, end) they replace. See Completions.
func (s *Session) Complete(code string, cursor int) (matches []string, start, end int) {
	items, start, end := s.Completions(code, cursor)
	for _, it := range items {
		matches = append(matches, it.Text)
	}
	return matches, start, end
}

// Completion is a name offered at the cursor, with what Jupyter front ends show beside
// it (ipykernel's _jupyter_types_experimental).
type Completion struct {
	Text string
	// Type is function, method, field, variable, constant, type, package or keyword
	// ("" when not known).
	Type string
	// Signature is the parameters and results of a function or method
	// ("(r, c int, data []float64) *mat.Dense"), the type of a variable, field or
	// constant, the underlying type of a type, the path of a package.
	Signature string
}

// Completions returns what may stand at cursor (a rune offset into code, as Jupyter >=
// 5.2 counts), sorted by name, and the rune range [start, end) it replaces. The cell is
// type-checked up to the cursor against the session, so that x. and x.Pre offer the
// fields and methods of x's type (promoted ones and those of *T included) for any
// expression x with a type: session variables, variables declared earlier in the cell,
// chained calls and selectors; pkg. offers the package's exported names; a plain
// identifier offers the names in scope at the cursor (the cell's locals, the session's
// names, packages, builtins) and keywords. When the check cannot run (a cell is running,
// the type is not known, the text cannot be fixed up to parse), completion falls back to
// reading the syntax and the session's values.
func (s *Session) Completions(code string, cursor int) (items []Completion, start, end int) {
	// While a cell runs, complete from the code and the packages only.
	st := s
	if s.mu.TryLock() {
		defer s.mu.Unlock()
	} else {
		st = nil
	}
	defer func() {
		if recover() != nil {
			items, start, end = nil, cursor, cursor
		}
	}()
	if st != nil {
		if items, start, ok := st.completeTyped(code, cursor); ok {
			return items, start, cursor
		}
	}
	matches, start, end := st.completeParse(code, cursor)
	for _, m := range matches {
		items = append(items, Completion{Text: m, Type: parseKind(m)})
	}
	return items, start, end
}

// completeParse is completion from the syntax and the session's values, without types.
func (s *Session) completeParse(code string, cursor int) (matches []string, start, end int) {
	st := s
	cur := runeToByte(code, cursor)
	before := code[:cur]
	// Import paths inside import "...".
	if p, ok := importPrefix(code, cur); ok {
		var out []string
		for ip := range packages() {
			if strings.HasPrefix(ip, p) {
				out = append(out, ip)
			}
		}
		sort.Strings(out)
		return out, cursor - utf8.RuneCountInString(p), cursor
	}
	// The identifier being typed.
	i := len(before)
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(before[:i])
		if !isIdentRune(r) {
			break
		}
		i -= size
	}
	word := before[i:]
	start = cursor - utf8.RuneCountInString(word)
	set := map[string]bool{}
	add := func(name string) {
		if strings.HasPrefix(name, word) && !hidden(name) && name != "" {
			set[name] = true
		}
	}
	if i > 0 && before[i-1] == '.' {
		// Selector: pkg.X or x.Field / x.Method.
		j := i - 1
		for j > 0 {
			r, size := utf8.DecodeLastRuneInString(before[:j])
			if !isIdentRune(r) && r != '.' {
				break
			}
			j -= size
		}
		recv := before[j : i-1]
		if p, ok := st.pkgNames(code)[recv]; ok && !strings.Contains(recv, ".") {
			for name := range packages()[p] {
				add(name)
			}
		} else if v, ok := st.selectorValue(recv); ok {
			for _, name := range members(v) {
				add(name)
			}
			if v.IsValid() && !compiledType(v.Type(), 0) {
				// A notebook type: its methods are not visible to reflect; offer the
				// methods the notebook defines.
				for _, d := range st.decls {
					if strings.HasPrefix(d.key, "method ") {
						add(d.name[strings.Index(d.name, ".")+1:])
					}
				}
			}
		}
	} else {
		for _, k := range keywords {
			add(k)
		}
		for _, b := range builtins {
			add(b)
		}
		for name := range st.globalsOrNil() {
			add(name)
		}
		for _, d := range st.declList() {
			if !strings.HasPrefix(d.key, "method ") {
				add(d.name)
			}
		}
		for name := range st.pkgNames(code) {
			add(name)
		}
		// Names the code itself declares (it may not have run yet).
		rw := newRewriter(code)
		rw.namesOnly = true
		units := splitCell(code)
		for _, n := range parseUnits(code, units).nodes {
			if n != nil {
				rw.collectNames(n.(*shifted))
			}
		}
		for name := range rw.defined {
			add(name)
		}
		delete(set, word) // do not offer what is already typed... unless nothing else
		if len(set) == 0 && word != "" {
			set[word] = false
		}
	}
	for name, ok := range set {
		if ok {
			matches = append(matches, name)
		}
	}
	sort.Strings(matches)
	return matches, start, cursor
}

// importPrefix reports whether the byte offset cur is inside the string of an import
// declaration, and the part of the path before the cursor.
func importPrefix(code string, cur int) (string, bool) {
	lineStart := strings.LastIndex(code[:cur], "\n") + 1
	line := code[lineStart:cur]
	q := strings.LastIndex(line, `"`)
	if q < 0 || strings.Count(line, `"`)%2 == 0 {
		return "", false
	}
	head := strings.TrimSpace(line[:q])
	if strings.HasPrefix(head, "import") {
		return line[q+1:], true
	}
	// Inside an import ( ... ) block: the last "import" before has an open paren.
	k := strings.LastIndex(code[:lineStart], "import")
	if k < 0 {
		return "", false
	}
	between := code[k+len("import") : lineStart]
	if strings.HasPrefix(strings.TrimSpace(between), "(") && !strings.Contains(between, ")") {
		if head == "" || isDotted(head) || head == "_" || head == "." {
			return line[q+1:], true
		}
	}
	return "", false
}

// declList returns the session's declarations; nil for a nil session.
func (s *Session) declList() []declInfo {
	if s == nil {
		return nil
	}
	return s.decls
}

// selectorValue finds the value of a global (x) or a field chain (x.A.B).
func (s *Session) selectorValue(expr string) (reflect.Value, bool) {
	if s == nil {
		return reflect.Value{}, false
	}
	parts := strings.Split(expr, ".")
	v, ok := s.globals()[parts[0]]
	if !ok || !v.IsValid() {
		return reflect.Value{}, false
	}
	for _, f := range parts[1:] {
		for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		if v.Kind() != reflect.Struct {
			return reflect.Value{}, false
		}
		v = v.FieldByName(f)
		if !v.IsValid() {
			return reflect.Value{}, false
		}
	}
	return v, true
}

// members lists exported fields and methods of v.
func members(v reflect.Value) []string {
	var out []string
	t := v.Type()
	if v.Kind() == reflect.Interface && !v.IsNil() {
		t = v.Elem().Type()
	}
	addMethods := func(t reflect.Type) {
		for i := 0; i < t.NumMethod(); i++ {
			out = append(out, t.Method(i).Name)
		}
	}
	addMethods(t)
	if t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface {
		addMethods(reflect.PointerTo(t))
	}
	st := t
	if st.Kind() == reflect.Pointer {
		st = st.Elem()
	}
	if st.Kind() == reflect.Struct {
		for i := 0; i < st.NumField(); i++ {
			if f := st.Field(i); f.IsExported() {
				out = append(out, f.Name)
			}
		}
	}
	return out
}

// Inspect returns help for the name at cursor (rune offset); detailLevel 0 or 1. The name
// is the last identifier of the dotted name around the cursor (in "mat.NewDense(" with
// the cursor anywhere in it or after the parenthesis, NewDense). The cell is
// type-checked, so that any identifier is known: a package member or method of
// a compiled package gets its declaration and documentation, a declaration of the
// notebook (of the session or of the cell) its source with its doc comment, a session
// variable its type and value, a local variable or field its type. Without a check (a
// cell is running, the cell cannot be parsed), the name is looked up in the session's
// declarations, values and packages.
func (s *Session) Inspect(code string, cursor, detailLevel int) (b display.Bundle, found bool) {
	// While a cell runs, inspect package names only.
	st := s
	if s.mu.TryLock() {
		defer s.mu.Unlock()
	} else {
		st = nil
	}
	defer func() {
		if recover() != nil {
			b, found = display.Bundle{}, false
		}
	}()
	cur := runeToByte(code, cursor)
	// Inside a call's parentheses right after "(": the function.
	for cur > 0 && (code[cur-1] == '(' || code[cur-1] == ' ') && (cur == len(code) || !isIdentRune(rune(code[cur]))) {
		cur--
	}
	i, j := cur, cur
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(code[:i])
		if !isIdentRune(r) && r != '.' {
			break
		}
		i -= size
	}
	for j < len(code) {
		r, size := utf8.DecodeRuneInString(code[j:])
		if !isIdentRune(r) && r != '.' {
			break
		}
		j += size
	}
	name := strings.Trim(code[i:j], ".")
	if name == "" {
		return display.Bundle{}, false
	}
	if st != nil {
		// The last identifier of the dotted name, from the types.
		end := i + len(strings.TrimRight(code[i:j], "."))
		b, found = st.inspectTyped(code, i+strings.LastIndex(code[i:end], ".")+1, end)
	}
	if !found {
		b, found = st.inspectCode(code, name, detailLevel)
	}
	if found && detailLevel == 0 {
		// The tooltip: the declaration and the first paragraph of the documentation.
		if t := b.Text(); len(t) > 600 {
			head, rest, _ := strings.Cut(t, "\n\n")
			para, _, _ := strings.Cut(rest, "\n\n")
			short := head
			if para != "" {
				short += "\n\n" + para
			}
			if len(short) > 1500 {
				short = short[:1500]
			}
			b = display.Bundle{Data: map[string]any{"text/plain": short + "\n..."}}
		}
	}
	return b, found
}

// inspectName is Inspect for a dotted name, used by `name?`; the caller holds s.mu.
func (s *Session) inspectName(name string, detail int) (display.Bundle, bool) {
	return s.inspectCode("", name, detail)
}

func (s *Session) inspectCode(code, name string, detail int) (display.Bundle, bool) {
	text := func(t string) (display.Bundle, bool) {
		return display.Bundle{Data: map[string]any{"text/plain": t}}, true
	}
	parts := strings.Split(name, ".")
	// Notebook definitions.
	for _, d := range s.declList() {
		if d.name == name || (len(parts) == 2 && strings.HasPrefix(d.key, "method ") && strings.HasSuffix(d.name, "."+parts[1])) {
			return text(d.text)
		}
	}
	if v, ok := s.globalsOrNil()[parts[0]]; ok && len(parts) == 1 {
		return text(describe(name, s.typeName(name, v), v))
	}
	if len(parts) > 1 {
		if v, ok := s.selectorValue(name); ok {
			return text(describe(name, s.typeName(name, v), v))
		}
		// A method of a global of a compiled type: the docs of that type's method.
		if v, ok := s.selectorValue(strings.Join(parts[:len(parts)-1], ".")); ok && v.IsValid() {
			t := v.Type()
			if t.Kind() == reflect.Interface && !v.IsNil() {
				t = v.Elem().Type()
			}
			if t.Kind() == reflect.Pointer {
				t = t.Elem()
			}
			if d, ok := symbols.Docs()[t.PkgPath()][t.Name()+"."+parts[len(parts)-1]]; ok {
				return text(d.Decl + "\n\n" + d.Text)
			}
		}
	}
	// Packages.
	if p, ok := s.pkgNames(code)[parts[0]]; ok {
		docs := symbols.Docs()[p]
		key := strings.Join(parts[1:], ".")
		if d, ok := docs[key]; ok {
			t := d.Decl
			if d.Text != "" {
				t += "\n\n" + d.Text
			}
			if key == "" {
				t = "package " + path.Base(p) + ` // import "` + p + `"` + "\n\n" + d.Text
			}
			return text(t)
		}
		if v, ok := packages()[p][key]; ok && key != "" {
			return text(fmt.Sprintf("%s.%s: %s", path.Base(p), key, v.Type()))
		}
		if key == "" {
			return text(`package ` + path.Base(p) + ` // import "` + p + `"`)
		}
	}
	return display.Bundle{}, false
}

// describe gives the type and value of a variable.
func describe(name, t string, v reflect.Value) string {
	if !v.IsValid() {
		return name
	}
	val := "?"
	if v.CanInterface() {
		val = fmt.Sprintf("%v", v.Interface())
	}
	if len(val) > 2000 {
		val = val[:2000] + " ..."
	}
	return fmt.Sprintf("%s %s = %s", name, t, val)
}

// IsComplete says whether code is "complete", "incomplete" (then indent is the
// suggested indentation for the next line) or "invalid".
func (s *Session) IsComplete(code string) (status, indent string) {
	trimmed := strings.TrimSpace(code)
	if trimmed == "" {
		return "complete", ""
	}
	if strings.HasPrefix(trimmed, "%") || strings.HasPrefix(trimmed, "!") || strings.HasSuffix(trimmed, "?") {
		return "complete", ""
	}
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(code))
	var sc scanner.Scanner
	unterminated, broken := false, false
	sc.Init(file, []byte(code), func(pos token.Position, msg string) {
		switch {
		case strings.Contains(msg, "raw string literal not terminated"), strings.Contains(msg, "comment not terminated"):
			unterminated = true
		default:
			broken = true // e.g. a "..." string cannot continue on the next line
		}
	}, 0)
	depth := 0
	last := token.ILLEGAL
	for {
		_, tok, lit := sc.Scan()
		if tok == token.EOF {
			break
		}
		switch tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
			if depth < 0 {
				return "invalid", ""
			}
		}
		if tok == token.SEMICOLON && lit == "\n" {
			continue
		}
		last = tok
	}
	if unterminated {
		return "incomplete", ""
	}
	if broken {
		return "invalid", ""
	}
	if depth > 0 {
		return "incomplete", strings.Repeat("\t", depth)
	}
	switch {
	case last.IsOperator() && last != token.RPAREN && last != token.RBRACK && last != token.RBRACE &&
		last != token.INC && last != token.DEC && last != token.SEMICOLON:
		return "incomplete", ""
	}
	// Syntax errors that no continuation fixes.
	units := splitCell(code)
	pr := parseUnits(code, units)
	for k, n := range pr.nodes {
		if n == nil && units[k].kind != kindImport {
			return "invalid", ""
		}
	}
	return "complete", ""
}

// keywordSet holds Go's keywords.
var keywordSet = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range keywords {
		m[k] = true
	}
	return m
}()

// parseKind is the kind of a name completion offers without types: keywords and
// packages are known from the name.
func parseKind(name string) string {
	packages()
	switch {
	case keywordSet[name]:
		return "keyword"
	case defaultNames[name] != "":
		return "package"
	}
	return ""
}

// cellChecker returns the session's checker, made on first use; the caller holds s.mu.
func (s *Session) cellChecker() *lower.Checker {
	if s.checker == nil {
		fset := token.NewFileSet()
		s.checker = lower.NewChecker(fset, newImporter(fset))
	}
	return s.checker
}

// probe type-checks the first of the fixed-up versions of head (the cell up to the
// cursor, see lower.Fixes) that parses, against the session; the caller holds s.mu.
func (s *Session) probe(head string) *lower.Result {
	for _, text := range lower.Fixes(head) {
		units := splitCell(text)
		if len(units) == 0 {
			continue
		}
		env, cell := s.checkInput(text, units)
		if res := s.cellChecker().Probe(env, cell); res.Stmts != nil {
			return res
		}
	}
	return nil
}

// completeTyped is completion from the type check of the cell up to the cursor (see
// Completions); ok is false when it cannot answer. The caller holds s.mu.
func (s *Session) completeTyped(code string, cursor int) (items []Completion, start int, ok bool) {
	defer func() {
		if recover() != nil {
			items, ok = nil, false
		}
	}()
	cur := runeToByte(code, cursor)
	if _, in := importPrefix(code, cur); in {
		return nil, 0, false
	}
	i := cur
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(code[:i])
		if !isIdentRune(r) {
			break
		}
		i -= size
	}
	word := code[i:cur]
	if word != "" && unicode.IsDigit([]rune(word)[0]) {
		return nil, 0, false // a number
	}
	start = cursor - utf8.RuneCountInString(word)
	res := s.probe(code[:i] + lower.Placeholder)
	if res == nil {
		return nil, 0, false
	}
	names := s.pkgNames(code)
	cands, ok := s.cellChecker().Complete(res, func(name string) string { return names[name] })
	if !ok {
		return nil, 0, false
	}
	selector := i > 0 && code[i-1] == '.'
	seen := map[string]bool{}
	add := func(c lower.Candidate) {
		if seen[c.Name] || !strings.HasPrefix(c.Name, word) || hidden(c.Name) {
			return
		}
		seen[c.Name] = true
		items = append(items, Completion{Text: c.Name, Type: c.Kind, Signature: c.Signature})
	}
	for _, c := range cands {
		add(c)
	}
	if !selector {
		for _, k := range keywords {
			add(lower.Candidate{Name: k, Kind: "keyword"})
		}
		// Variables whose type the checker does not know, and packages not imported.
		for name := range s.globals() {
			add(lower.Candidate{Name: name, Kind: "variable", Signature: s.varTypes[name]})
		}
		for name, p := range names {
			add(lower.Candidate{Name: name, Kind: "package", Signature: p})
		}
		if len(items) > 1 || len(items) == 1 && items[0].Text != word {
			// Do not offer what is already typed, unless nothing else.
			for k, it := range items {
				if it.Text == word {
					items = append(items[:k], items[k+1:]...)
					break
				}
			}
		}
	}
	sort.Slice(items, func(a, b int) bool { return items[a].Text < items[b].Text })
	return items, start, true
}

// inspectTyped describes the identifier at the byte range [start, end) of code from the
// type check of the cell; the caller holds s.mu.
func (s *Session) inspectTyped(code string, start, end int) (b display.Bundle, found bool) {
	defer func() {
		if recover() != nil {
			b, found = display.Bundle{}, false
		}
	}()
	if start >= end {
		return display.Bundle{}, false
	}
	res := s.probe(code)
	if res == nil {
		res = s.probe(code[:end])
	}
	if res == nil {
		return display.Bundle{}, false
	}
	line := 1 + strings.Count(code[:start], "\n")
	col := start - strings.LastIndex(code[:start], "\n")
	id, _ := res.IdentAt(line, col)
	if id == nil || id.Name != code[start:end] {
		return display.Bundle{}, false
	}
	obj := res.ObjectOf(id)
	if obj == nil {
		return display.Bundle{}, false
	}
	text := lower.Describe(obj)
	path, key, ok := lower.DocKey(obj)
	if pn, is := obj.(*types.PkgName); is {
		path, key, ok = pn.Imported().Path(), "", true
	}
	switch {
	case ok && path != "main":
		if d, has := symbols.Docs()[path][key]; has {
			if key != "" {
				text = d.Decl
			}
			if d.Text != "" {
				text += "\n\n" + d.Text
			}
		} else if typ, method, is := strings.Cut(key, "."); is {
			// A method of an interface: its line and comment in the interface.
			if m := interfaceMethod(symbols.Docs()[path][typ].Decl, method); m != "" {
				text += "\n\n" + m
			}
		}
	case ok:
		text = s.notebookDecl(code, res, obj, text)
	}
	return display.Bundle{Data: map[string]any{"text/plain": text}}, true
}

// notebookDecl describes an object the notebook declares at package level: the source of
// its declaration with its doc comment (from the session or from the cell), or for a
// session variable its type and value; else text.
func (s *Session) notebookDecl(code string, res *lower.Result, obj types.Object, text string) string {
	recv := lower.MethodRecv(obj)
	name := obj.Name()
	if recv != "" {
		name = recv + "." + name
	}
	if from, to, ok := res.DeclRange(recv, obj.Name()); ok {
		a, b := cellOffset(code, from.Line, from.Column), cellOffset(code, to.Line, to.Column)
		if a < b && b <= len(code) {
			return code[a:b]
		}
	}
	for _, d := range s.decls {
		if d.name == name && !strings.HasPrefix(d.key, "var ") {
			return d.src
		}
	}
	if _, ok := obj.(*types.Var); ok {
		if v, ok := s.globals()[name]; ok {
			return describe(name, types.TypeString(obj.Type(), lower.Qualifier), v)
		}
	}
	return text
}

// cellOffset returns the byte offset of a 1-based line and byte column of code.
func cellOffset(code string, line, col int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := strings.IndexByte(code[off:], '\n')
		if i < 0 {
			return len(code) + 1
		}
		off += i + 1
	}
	return off + col - 1
}

// interfaceMethod returns the line that declares method in the declaration of an
// interface type, with the comment lines above it, unindented; or "".
func interfaceMethod(decl, method string) string {
	lines := strings.Split(decl, "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, "\t"+method+"(") {
			continue
		}
		k := i
		for k > 0 && strings.HasPrefix(lines[k-1], "\t//") {
			k--
		}
		for j := k; j <= i; j++ {
			lines[j] = strings.TrimPrefix(lines[j], "\t")
		}
		return strings.Join(lines[k:i+1], "\n")
	}
	return ""
}
