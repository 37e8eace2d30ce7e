package lower

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"strconv"
	"strings"
)

// Values is the pass for values of the notebook's own types that meet compiled code or
// yaegi's type tests.
//
// yaegi v0.16.1 builds a type the notebook declares with reflect (StructOf: no name, no
// methods, every field exported, `priv` becoming `Xpriv`), and gives its methods to
// compiled code only through a wrapper struct made when the value is passed as an
// interface with methods. The session's runtime fixes fmt's verbs and errors.Is/As (see
// interp/values.go); this pass handles what only the types of the cell can decide:
//
//   - x == y and x != y where an operand is an interface become _hnrt.Equal(x, y): a value
//     that came back from compiled code (errors.Unwrap of fmt.Errorf's error) is a
//     wrapper, which yaegi cannot compare ("comparing uncomparable type interp._error");
//     Equal compares the values inside;
//   - a type switch on an empty interface or with a case of interface type becomes a
//     switch on the index of the matching case (see typeSwitch);
//   - %T of a value whose type the notebook declares printed `struct { X int; Y int }`:
//     in a fmt or log call with a constant format, %T of an operand of a static
//     non-interface type becomes %s of the type's name as Go prints it (`main.Pt`);
//
// and refuses, with what to write instead, what would run wrongly:
//
//   - a labeled type switch that would need to be lowered (see typeSwitch);
//   - %#v of a notebook type (printed `struct { X int; Y int }{X:1, Y:2}`), %+v and
//     encoding/json of a notebook struct with unexported fields (shown as `Xpriv`);
//   - errors.Is, As and Unwrap in a notebook that declares a type with an Unwrap, Is or
//     As method (compiled code cannot call it), and errors.As with a target of a
//     notebook interface type or of a type that is no error.
//
// The operands are known by their static types: a notebook value held in a variable of
// interface type (any) escapes the %T, %#v, %+v and json checks.
func Values(r *Result, src string) ([]Edit, []Refusal) {
	if r == nil || r.Info == nil {
		return nil, nil
	}
	v := &valuesPass{passState: passState{r: r, src: src}, commaOk: map[*ast.TypeAssertExpr]bool{}, blank: map[*ast.TypeAssertExpr]bool{}}
	r.inspect(v.node)
	v.shownValue()
	return v.edits, v.refusals
}

// shownValue refuses a cell whose value (its last expression, shown as the cell's
// result) holds, inside a container or a field, a notebook type with a String, Error,
// GoString or Format method: the session formats it in compiled code, which would show
// the fields (see heldMethods).
func (v *valuesPass) shownValue() {
	body := v.r.CellBody()
	if len(body) == 0 || v.r.Last != OneValue {
		return
	}
	es, ok := body[len(body)-1].(*ast.ExprStmt)
	if !ok {
		return
	}
	t := v.typeOf(es.X)
	if t == nil {
		return
	}
	if m, held := v.methodsInside(t, map[types.Type]bool{}, false); held != nil {
		v.refuse(es.X.Pos(), fmt.Sprintf("the cell's value would be shown with the fields of the notebook's type %s held in this %s instead of its %s method (the interpreter gives compiled code the values held in a container without their methods); print the elements one by one, or call the method yourself", types.TypeString(held, v.r.qual), types.TypeString(t, v.r.qual), m))
	}
}

type valuesPass struct {
	passState
	// unwrappers is the notebook type with an Unwrap, Is or As method ("" when none;
	// computed on first use).
	unwrappers *string
	// labeled holds the labeled statements; switches counts the lowered type switches.
	labeled  map[ast.Stmt]bool
	switches int
	// commaOk holds the assertions of v, ok := x.(T); blank those of _, ok := x.(T).
	commaOk, blank map[*ast.TypeAssertExpr]bool
	// named are the notebook's package-level types of each checked package (computed
	// on first use).
	named map[*types.Package][]*types.TypeName
}

func (v *valuesPass) typeOf(e ast.Expr) types.Type {
	if tv, ok := v.r.Info.Types[e]; ok {
		return tv.Type
	}
	return nil
}

func (v *valuesPass) node(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.BinaryExpr:
		v.compare(n)
	case *ast.LabeledStmt:
		if v.labeled == nil {
			v.labeled = map[ast.Stmt]bool{}
		}
		v.labeled[n.Stmt] = true
	case *ast.TypeSwitchStmt:
		v.typeSwitch(n)
	case *ast.AssignStmt:
		if len(n.Lhs) == 2 && len(n.Rhs) == 1 {
			if ta, ok := ast.Unparen(n.Rhs[0]).(*ast.TypeAssertExpr); ok {
				v.commaOk[ta] = true
				if id, ok := n.Lhs[0].(*ast.Ident); ok && id.Name == "_" {
					v.blank[ta] = true
				}
			}
		}
	case *ast.ValueSpec:
		if len(n.Names) == 2 && len(n.Values) == 1 {
			if ta, ok := ast.Unparen(n.Values[0]).(*ast.TypeAssertExpr); ok {
				v.commaOk[ta] = true
				v.blank[ta] = n.Names[0].Name == "_"
			}
		}
	case *ast.TypeAssertExpr:
		v.assert(n)
	case *ast.CallExpr:
		v.call(n)
	}
	return true
}

// compare rewrites == and != with an interface operand.
func (v *valuesPass) compare(b *ast.BinaryExpr) {
	if b.Op != token.EQL && b.Op != token.NEQ {
		return
	}
	if isNil(v.r.Info, b.X) || isNil(v.r.Info, b.Y) {
		return
	}
	if tv, ok := v.r.Info.Types[b]; ok && tv.Value != nil {
		return // a constant
	}
	iface := func(e ast.Expr) bool {
		t := v.typeOf(e)
		if t == nil {
			return false
		}
		if _, tp := t.(*types.TypeParam); tp {
			return false
		}
		return types.IsInterface(t)
	}
	if !iface(b.X) && !iface(b.Y) {
		return
	}
	x, op, y := v.off(b.X.Pos()), v.off(b.OpPos), v.off(b.Y.End())
	if x < 0 || op < 0 || y > len(v.src) {
		return
	}
	open := "_hnrt.Equal("
	if b.Op == token.NEQ {
		open = "!_hnrt.Equal("
	}
	v.edits = append(v.edits, Edit{x, x, open}, Edit{op, op + 2, ","}, Edit{y, y, ")"})
}

// typeSwitch lowers a type switch on an empty interface, or with a case of an interface
// type, into a switch on the index of the case, found by comma-ok type assertions:
//
//	switch v := x.(type) {  ->  var _hnTS0 X = x; switch func(_hnTS0 any) int { if _, ok := _hnTS0.(A); ok { return 1 }; ...; return 0 }(_hnTS0) {
//	case A:                 ->  case 1: v := _hnTS0.(A); _ = v
//	case B, C:              ->  case 2: v := _hnTS0; _ = v
//	default:                ->  default: v := _hnTS0; _ = v
//
// yaegi's type switch compares type names: a case of interface type never matched
// (case error: missed errors.New("e")), and with an assignment a case of a notebook
// type missed a value passed as any; its comma-ok assertions get both right. (X is the
// static type of x. yaegi gets a switch wrong whose tag is a call that reads a variable
// of its init statement: x is copied before the switch.)
func (v *valuesPass) typeSwitch(s *ast.TypeSwitchStmt) {
	var x ast.Expr
	var bind string
	switch a := s.Assign.(type) {
	case *ast.ExprStmt:
		x = a.X.(*ast.TypeAssertExpr).X
	case *ast.AssignStmt:
		x = a.Rhs[0].(*ast.TypeAssertExpr).X
		bind = a.Lhs[0].(*ast.Ident).Name
	default:
		return
	}
	for _, c := range s.Body.List {
		for _, e := range c.(*ast.CaseClause).List {
			if tv, ok := v.r.Info.Types[e]; ok && !tv.IsNil() && (v.refuseTypeParamInterface(e, tv.Type) || v.ambiguous(e, tv.Type)) {
				return
			}
		}
	}
	lower := false
	if t := v.typeOf(x); t != nil {
		if it, ok := t.Underlying().(*types.Interface); ok && it.Empty() {
			lower = true
		}
	}
	for _, c := range s.Body.List {
		for _, e := range c.(*ast.CaseClause).List {
			tv, ok := v.r.Info.Types[e]
			if !ok || tv.IsNil() {
				continue
			}
			if it, ok := tv.Type.Underlying().(*types.Interface); ok && !it.Empty() {
				lower = true
			}
			if specialAssertText("", "", tv.Type, "", true, true) != "" {
				lower = true // see assertions.go
			}
		}
	}
	if !lower {
		return
	}
	if v.labeled[s] {
		v.refuse(s.Pos(), "the interpreter's type switch compares type names (a case of interface type, or of a notebook type with a value passed as any, does not match); remove the label of this switch, so that it can be rewritten, or write the cases as if v, ok := x.(T); ok { ... }")
		return
	}
	if s.Init != nil {
		v.refuse(s.Init.Pos(), "the interpreter's type switch compares type names (a case of interface type, or of a notebook type with a value passed as any, does not match); put this init statement before the switch, so that the switch can be rewritten")
		return
	}
	n := strconv.Itoa(v.switches)
	v.switches++
	ts := "_hnTS" + n
	var head strings.Builder
	if t := typeText(v.typeOf(x), v.r.qual); t != "" {
		head.WriteString("var " + ts + " " + t + " = " + Moved(v.off(x.Pos()), v.off(x.End())) + "; ")
	} else {
		head.WriteString(ts + " := " + Moved(v.off(x.Pos()), v.off(x.End())) + "; ")
	}
	head.WriteString("switch func(" + ts + " any) int { ")
	for i, c := range s.Body.List {
		for _, e := range c.(*ast.CaseClause).List {
			if tv, ok := v.r.Info.Types[e]; ok && tv.IsNil() {
				fmt.Fprintf(&head, "if %s == nil { return %d }; ", ts, i+1)
				continue
			}
			if sp := specialAssertText(ts, "", v.r.Info.Types[e].Type, v.text(e), true, true); sp != "" {
				fmt.Fprintf(&head, "if _, ok := %s; ok { return %d }; ", sp, i+1)
				continue
			}
			if impl := v.implementsText(ts, v.r.Info.Types[e].Type, v.text(e)); impl != "" {
				fmt.Fprintf(&head, "if %s { return %d }; ", impl, i+1)
				continue
			}
			for _, c := range v.candidates(v.r.Info.Types[e].Type) {
				fmt.Fprintf(&head, "if _, ok := %s.(%s); ok { return %d }; ", ts, c, i+1)
			}
			fmt.Fprintf(&head, "if _, ok := %s.(%s); ok { return %d }; ", v.probeText(ts, v.r.Info.Types[e].Type), v.text(e), i+1)
		}
	}
	head.WriteString("return 0 }(" + ts + ") {")
	v.edits = append(v.edits, Edit{v.off(s.Pos()), v.off(s.Body.Lbrace) + 1, head.String()})
	for i, c := range s.Body.List {
		cc := c.(*ast.CaseClause)
		text := "default:"
		if cc.List != nil {
			text = "case " + strconv.Itoa(i+1) + ":"
		}
		if bind != "" {
			val := ts
			if len(cc.List) == 1 {
				if tv, ok := v.r.Info.Types[cc.List[0]]; ok && !tv.IsNil() {
					val = ts + ".(" + v.text(cc.List[0]) + ")"
					if sp := specialAssertText(ts, typeText(v.typeOf(x), v.r.qual), tv.Type, v.text(cc.List[0]), false, false); sp != "" {
						val = sp
					} else if len(v.candidates(tv.Type)) > 0 { // the case matched: the assertion holds
						val = v.assertText(ts, tv.Type, v.text(cc.List[0]), false)
					}
				}
			}
			text += " " + bind + " := " + val + "; _ = " + bind + ";"
		}
		v.edits = append(v.edits, Edit{v.off(cc.Case), v.off(cc.Colon) + 1, text})
	}
}

// textRange returns the cell's source from p to e.
func (v *valuesPass) textRange(p, e token.Pos) string {
	s, t := v.off(p), v.off(e)
	if s < 0 || t > len(v.src) || s > t {
		return ""
	}
	return v.src[s:t]
}

// text returns the cell's source of e.
func (v *valuesPass) text(e ast.Expr) string {
	s, t := v.off(e.Pos()), v.off(e.End())
	if s < 0 || t > len(v.src) || s > t {
		return "x"
	}
	return v.src[s:t]
}

// callee returns the package path and name of a called package-level function or method
// ("encoding/json", "Encoder.Encode").
func (v *valuesPass) callee(c *ast.CallExpr) (pkg, name string) {
	var id *ast.Ident
	switch f := ast.Unparen(c.Fun).(type) {
	case *ast.SelectorExpr:
		id = f.Sel
	case *ast.Ident:
		id = f
	default:
		return "", ""
	}
	fn, ok := v.r.Info.Uses[id].(*types.Func)
	if !ok || fn.Pkg() == nil {
		return "", ""
	}
	name = fn.Name()
	if recv := fn.Type().(*types.Signature).Recv(); recv != nil {
		t := recv.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := t.(*types.Named); ok {
			name = n.Obj().Name() + "." + name
		}
	}
	return fn.Pkg().Path(), name
}

func (v *valuesPass) call(c *ast.CallExpr) {
	pkg, name := v.callee(c)
	switch pkg {
	case "fmt", "log":
		v.format(c, pkg, name)
		v.heldMethods(c, name)
	case "errors":
		v.errorsCall(c, name)
	case "encoding/json":
		switch name {
		case "Marshal", "MarshalIndent", "Encoder.Encode":
			if len(c.Args) > 0 {
				v.jsonArg(c.Args[0])
			}
		}
	}
}

// jsonArg refuses a value of a notebook struct with unexported fields.
func (v *valuesPass) jsonArg(e ast.Expr) {
	if s, f := v.unexported(v.typeOf(e), true); s != "" {
		v.refuse(e.Pos(), fmt.Sprintf("encoding/json would write the unexported field %s of %s as \"X%s\" (the interpreter exports every field of the notebook's types); tag the field `json:\"-\"` or export it", f, s, f))
	}
}

// unexported returns a notebook struct type, reachable from t, with an unexported field
// (without a `json:"-"` tag when forJSON), and the field.
func (v *valuesPass) unexported(t types.Type, forJSON bool) (string, string) {
	seen := map[types.Type]bool{}
	var walk func(t types.Type, name string) (string, string)
	walk = func(t types.Type, name string) (string, string) {
		if t == nil || seen[t] {
			return "", ""
		}
		t = types.Unalias(t)
		seen[t] = true
		switch u := t.(type) {
		case *types.Named:
			if !notebook(u) {
				return "", ""
			}
			return walk(u.Underlying(), u.Obj().Name())
		case *types.Pointer:
			return walk(u.Elem(), "")
		case *types.Slice:
			return walk(u.Elem(), "")
		case *types.Array:
			return walk(u.Elem(), "")
		case *types.Map:
			if s, f := walk(u.Key(), ""); s != "" {
				return s, f
			}
			return walk(u.Elem(), "")
		case *types.Interface:
			// The notebook's types it may hold.
			for _, c := range v.heldTypes(u) {
				if s, f := walk(c, ""); s != "" {
					return s, f
				}
			}
		case *types.Struct:
			for i := 0; i < u.NumFields(); i++ {
				f := u.Field(i)
				if !f.Exported() && f.Name() != "_" {
					if !forJSON || reflect.StructTag(u.Tag(i)).Get("json") != "-" {
						if name == "" {
							name = types.TypeString(u, nil)
						}
						return name, f.Name()
					}
				}
				if s, fn := walk(f.Type(), ""); s != "" {
					return s, fn
				}
			}
		}
		return "", ""
	}
	return walk(t, "")
}

// notebook reports whether n is declared by the notebook.
func notebook(n *types.Named) bool {
	o := n.Obj()
	return o.Pkg() != nil && o.Pkg().Path() == "main"
}

// mentionsNotebook returns the first notebook type found in t ("" when none).
func mentionsNotebook(t types.Type) string {
	return findType(t, func(t types.Type) (string, bool) {
		switch u := t.(type) {
		case *types.Named:
			if notebook(u) {
				return u.Obj().Name(), false
			}
		case *types.Signature, *types.Interface:
			return "", false
		}
		return "", true
	})
}

// format handles the verbs %T, %#v and %+v in fmt's and log's calls with a format.
func (v *valuesPass) format(c *ast.CallExpr, pkg, name string) {
	fi := -1
	switch {
	case strings.Contains(name, "scan"):
		return
	case name == "Fprintf" || name == "Appendf":
		fi = 1
	case strings.HasSuffix(name, "f") && !strings.Contains(name, "."):
		fi = 0
	case strings.HasPrefix(name, "Logger.") && strings.HasSuffix(name, "f"):
		fi = 0
	}
	if fi < 0 || fi >= len(c.Args) || c.Ellipsis.IsValid() {
		return
	}
	lit, ok := ast.Unparen(c.Args[fi]).(*ast.BasicLit)
	tv := v.r.Info.Types[c.Args[fi]]
	if !ok || lit.Kind != token.STRING || tv.Value == nil || tv.Value.Kind() != constant.String {
		return
	}
	format := constant.StringVal(tv.Value)
	verbs := parseVerbs(format)
	if verbs == nil {
		return
	}
	args := c.Args[fi+1:]
	var out strings.Builder
	at := 0
	changed := false
	for _, vb := range verbs {
		if vb.arg < 0 || vb.arg >= len(args) {
			continue
		}
		a := args[vb.arg]
		t := v.typeOf(a)
		if t == nil {
			continue
		}
		if types.IsInterface(t) {
			if vb.verb == 'T' {
				if text, ok := v.dynamicTypeName(a, t); ok && text != "" {
					out.WriteString(format[at:vb.start])
					out.WriteString(format[vb.start:vb.end-1] + "s")
					at = vb.end
					changed = true
					s, e := v.off(a.Pos()), v.off(a.End())
					v.edits = append(v.edits, Edit{s, e, text})
				}
				continue
			}
			v.heldVerb(a, t, vb)
			continue
		}
		nb := mentionsNotebook(t)
		if nb == "" {
			continue
		}
		if !strings.ContainsRune("vsqxXwTp", vb.verb) && errorOnly(t) {
			v.refuse(a.Pos(), fmt.Sprintf("%%%c of a value of the notebook's error type %s would print the interpreter's wrapper (fmt calls Error only for %%v %%s %%q %%x %%X); format it with %%v, or convert it to its underlying type first", vb.verb, nb))
			continue
		}
		switch {
		case vb.verb == 'T':
			name := types.TypeString(t, func(p *types.Package) string { return p.Name() })
			out.WriteString(format[at:vb.start])
			out.WriteString(format[vb.start:vb.end-1] + "s")
			at = vb.end
			changed = true
			s, e := v.off(a.Pos()), v.off(a.End())
			v.edits = append(v.edits, Edit{s, s, "_hnrt.TypeName(" + strconv.Quote(name) + ", "}, Edit{e, e, ")"})
		case vb.verb == 'v' && strings.Contains(vb.flags, "#"):
			if hasMethod(t, "Format", "GoString") {
				continue
			}
			v.refuse(a.Pos(), fmt.Sprintf("%%#v of a value of the notebook's type %s would print the interpreter's struct type instead of main.%s; print %%T and %%+v instead", nb, nb))
		case vb.verb == 'v' && strings.Contains(vb.flags, "+"):
			if hasMethod(t, "Format", "Error", "String") {
				continue
			}
			if s, f := v.unexported(t, false); s != "" {
				v.refuse(a.Pos(), fmt.Sprintf("%%+v would print the unexported field %s of %s as X%s (the interpreter exports every field of the notebook's types); print it with %%v, or export the field", f, s, f))
			}
		}
	}
	if changed {
		out.WriteString(format[at:])
		s, e := v.off(lit.Pos()), v.off(lit.End())
		q := strconv.Quote(out.String())
		if strings.HasPrefix(lit.Value, "`") {
			q = "`" + out.String() + "`" // keeps the lines of the cell
		}
		v.edits = append(v.edits, Edit{s, e, q})
	}
}

// heldTypes returns the notebook's types whose values an operand of the interface type
// t may hold (each T, whose pointer may be held too), in the package of t.
func (v *valuesPass) heldTypes(t types.Type) []types.Type {
	it, ok := t.Underlying().(*types.Interface)
	if !ok {
		return nil
	}
	if !it.Empty() {
		return v.candidatesTypes(t)
	}
	var out []types.Type
	for _, tn := range v.notebookTypes(t) {
		if !types.IsInterface(tn.Type()) {
			out = append(out, tn.Type())
		}
	}
	return out
}

// dynamicTypeName returns the expression that gives, at run time, what %T prints for
// the operand a of interface type t: yaegi builds the notebook's types from their
// structure, so fmt would print struct { X int } for a main.Pt held in an interface.
// The expression tests each notebook type the operand may hold (and its pointer); for
// any other value, _hnrt.TypeName asks fmt, and fails clearly when the type fmt names
// has one of the notebook's types inside it (a []Pt held in an any). ok is false when
// the test would be ambiguous (refused); text is "" when no notebook type can be held.
func (v *valuesPass) dynamicTypeName(a ast.Expr, t types.Type) (text string, ok bool) {
	cands := v.heldTypes(t)
	if len(cands) == 0 {
		return "", true
	}
	var b, zeros strings.Builder
	b.WriteString("func(_hnA any) string { ")
	for _, c := range cands {
		if v.ambiguous(a, c) {
			return "", false
		}
		if _, isStruct := c.Underlying().(*types.Struct); !isStruct {
			u := types.TypeString(c.Underlying(), v.r.qual)
			v.refuse(a.Pos(), fmt.Sprintf("%%T of an interface value cannot tell the notebook's type %s from %s (the interpreter builds %s as %s); print %%T of a variable of a concrete type, or use a type switch", types.TypeString(c, v.r.qual), u, types.TypeString(c, v.r.qual), u))
			return "", false
		}
		src := typeText(c, v.r.qual)
		if src == "" {
			continue
		}
		name := types.TypeString(c, func(p *types.Package) string { return p.Name() })
		fmt.Fprintf(&b, "if _, ok := _hnA.(%s); ok { return %q }; if _, ok := _hnA.(*%s); ok { return %q }; ", src, name, src, "*"+name)
		fmt.Fprintf(&zeros, ", *new(%s)", src)
	}
	fmt.Fprintf(&b, "return _hnrt.TypeName(\"\", _hnA%s) }(%s)", zeros.String(), Moved(v.off(a.Pos()), v.off(a.End())))
	return b.String(), true
}

// heldVerb refuses a verb that would print the interpreter's wrapper or its structure
// for a notebook value held in an operand of interface type t: %#v (yaegi's struct
// type instead of main.T), and a verb other than %v %s %q %x %X %w of an error type
// that has only an Error method (fmt gets a wrapper that it prints as a struct).
func (v *valuesPass) heldVerb(a ast.Expr, t types.Type, vb verb) {
	for _, c := range v.heldTypes(t) {
		nb := types.TypeString(c, v.r.qual)
		switch {
		case vb.verb == 'v' && strings.Contains(vb.flags, "#"):
			if hasMethod(c, "Format", "GoString") {
				continue
			}
			v.refuse(a.Pos(), fmt.Sprintf("%%#v of an interface value that may hold the notebook's type %s would print the interpreter's struct type instead of main.%s; print %%T and %%+v instead", nb, nb))
			return
		case vb.verb == 'v' && strings.Contains(vb.flags, "+"):
			if hasMethod(c, "Format", "Error", "String") {
				continue
			}
			if st, f := v.unexported(c, false); st != "" {
				v.refuse(a.Pos(), fmt.Sprintf("%%+v would print the unexported field %s of %s as X%s (the interpreter exports every field of the notebook's types); print it with %%v, or export the field", f, st, f))
				return
			}
		case !strings.ContainsRune("vsqxXwTp", vb.verb) && errorOnly(c):
			v.refuse(a.Pos(), fmt.Sprintf("%%%c of an error that may be of the notebook's type %s would print the interpreter's wrapper (fmt calls Error only for %%v %%s %%q %%x %%X); format it with %%v, or assert it to %s and format that", vb.verb, nb, nb))
			return
		}
	}
}

// heldMethods refuses an operand of fmt's or log's printing functions that holds,
// inside a slice, array, map or struct, a value of a notebook type with a String,
// Error, GoString or Format method, or an interface value that may be one. Compiled code gets the values
// held there without their methods (the session unboxes them: see interp/unbox.go), so
// fmt would print the fields where Go calls the method; at the top level yaegi gives
// fmt a wrapper with the methods, and those are fine.
func (v *valuesPass) heldMethods(c *ast.CallExpr, name string) {
	if strings.Contains(name, "scan") || strings.Contains(name, "Scan") {
		return
	}
	for _, a := range c.Args {
		t := v.typeOf(a)
		if t == nil {
			continue
		}
		if inner, held := v.methodsInside(t, map[types.Type]bool{}, false); held != nil {
			v.refuse(a.Pos(), fmt.Sprintf("fmt would print the fields of the notebook's type %s held in this %s instead of calling its %s method (the interpreter gives compiled code the values held in a container without their methods); print the elements one by one, or call the method yourself", types.TypeString(held, v.r.qual), types.TypeString(t, v.r.qual), inner))
			return
		}
	}
}

// methodsInside finds, inside t (below the top level when inside is false), an interface
// type that may hold a notebook type with a method fmt calls; it returns the method's
// name and the type.
func (v *valuesPass) methodsInside(t types.Type, seen map[types.Type]bool, inside bool) (string, types.Type) {
	if t == nil || seen[t] {
		return "", nil
	}
	seen[t] = true
	if types.IsInterface(t) {
		if !inside {
			return "", nil
		}
		for _, c := range v.heldTypes(t) {
			for _, m := range []string{"String", "Error", "Format", "GoString"} {
				if hasMethod(c, m) || hasMethod(types.NewPointer(c), m) {
					return m, c
				}
			}
		}
		return "", nil
	}
	if inside {
		// A notebook type with the method, held by value (or by pointer, whose method
		// set fmt sees) in a container or a field.
		if n, ok := t.(*types.Named); ok && notebook(n) {
			for _, m := range []string{"String", "Error", "Format", "GoString"} {
				if hasMethod(n, m) {
					return m, n
				}
			}
		}
		if p, ok := t.(*types.Pointer); ok {
			if n, ok := p.Elem().(*types.Named); ok && notebook(n) {
				for _, m := range []string{"String", "Error", "Format", "GoString"} {
					if hasMethod(p, m) {
						return m, n
					}
				}
			}
		}
	}
	switch u := t.Underlying().(type) {
	case *types.Slice:
		return v.methodsInside(u.Elem(), seen, true)
	case *types.Array:
		return v.methodsInside(u.Elem(), seen, true)
	case *types.Pointer:
		return v.methodsInside(u.Elem(), seen, inside)
	case *types.Map:
		if m, h := v.methodsInside(u.Key(), seen, true); h != nil {
			return m, h
		}
		return v.methodsInside(u.Elem(), seen, true)
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if m, h := v.methodsInside(u.Field(i).Type(), seen, true); h != nil {
				return m, h
			}
		}
	}
	return "", nil
}

// errorOnly reports whether values of t (or *t) have an Error method and none of
// String, GoString and Format: fmt then sees yaegi's error wrapper, which it formats as
// a struct for the verbs that do not call Error.
func errorOnly(t types.Type) bool {
	return hasMethod(t, "Error") && !hasMethod(t, "String", "GoString", "Format")
}

// verb is one verb of a format: its byte range in the format, flags, letter and the index
// of its operand.
type verb struct {
	start, end int
	flags      string
	verb       rune
	arg        int
}

// parseVerbs returns the verbs of a format as fmt reads them, or nil for a format it
// does not follow (an explicit index after a star, a verb that is not ASCII).
func parseVerbs(f string) []verb {
	var out []verb
	arg := 0
	for i := 0; i < len(f); {
		if f[i] != '%' {
			i++
			continue
		}
		start := i
		i++
		flags := ""
		for i < len(f) && strings.IndexByte("+-# 0", f[i]) >= 0 {
			flags += string(f[i])
			i++
		}
		index := func() bool {
			if i < len(f) && f[i] == '[' {
				j := strings.IndexByte(f[i:], ']')
				if j < 0 {
					return false
				}
				n, err := strconv.Atoi(f[i+1 : i+j])
				if err != nil || n < 1 {
					return false
				}
				arg = n - 1
				i += j + 1
			}
			return true
		}
		num := func() {
			if !index() {
				return
			}
			if i < len(f) && f[i] == '*' {
				arg++
				i++
				return
			}
			for i < len(f) && f[i] >= '0' && f[i] <= '9' {
				i++
			}
		}
		num()
		if i < len(f) && f[i] == '.' {
			i++
			num()
		}
		if !index() || i >= len(f) || f[i] >= 0x80 {
			return nil
		}
		c := rune(f[i])
		i++
		if c == '%' {
			continue
		}
		out = append(out, verb{start: start, end: i, flags: flags, verb: c, arg: arg})
		arg++
	}
	return out
}

// errorsCall checks calls of errors.Is, As and Unwrap.
func (v *valuesPass) errorsCall(c *ast.CallExpr, name string) {
	switch name {
	case "Is", "As", "Unwrap":
	default:
		return
	}
	if t, m := v.unwrapper(); t != "" {
		v.refuse(c.Pos(), fmt.Sprintf("errors.%s cannot call the %s method of the notebook's type %s (compiled code does not see the methods of the notebook's types); follow the chain in the cell: for e := err; e != nil; { ...; u, ok := e.(interface{ Unwrap() error }); if !ok { break }; e = u.Unwrap() }", name, m, t))
		return
	}
	if name != "As" || len(c.Args) != 2 {
		return
	}
	pt, ok := v.typeOf(c.Args[1]).(*types.Pointer)
	if !ok {
		return
	}
	elem := pt.Elem()
	if n, ok := elem.(*types.Named); ok && notebook(n) && types.IsInterface(n) {
		v.refuse(c.Args[1].Pos(), fmt.Sprintf("errors.As cannot test the notebook's interface type %s (compiled code does not see the methods of the notebook's types); give the target a concrete error type, or the type error", n.Obj().Name()))
		return
	}
	if types.IsInterface(elem) {
		return
	}
	errType := types.Universe.Lookup("error").Type().Underlying().(*types.Interface)
	if !types.Implements(elem, errType) {
		v.refuse(c.Args[1].Pos(), fmt.Sprintf("second argument to errors.As must be a non-nil pointer to either a type that implements error, or to any interface type (%s does not implement error)", types.TypeString(elem, v.r.qual)))
	}
}

// unwrapper returns a type the notebook declares with an Unwrap, Is or As method, and the
// method.
func (v *valuesPass) unwrapper() (string, string) {
	if v.unwrappers == nil {
		found := ""
		for _, tn := range v.notebookTypes(nil) {
			if found = methodsOf(tn); found != "" {
				break
			}
		}
		v.unwrappers = &found
	}
	if *v.unwrappers == "" {
		return "", ""
	}
	t, m, _ := strings.Cut(*v.unwrappers, ".")
	return t, m
}

// methodsOf returns "T.M" for a method Unwrap, Is or As of the type, or "".
func methodsOf(tn *types.TypeName) string {
	ms := types.NewMethodSet(types.NewPointer(tn.Type()))
	for _, m := range []string{"Unwrap", "Is", "As"} {
		if ms.Lookup(tn.Pkg(), m) != nil {
			return tn.Name() + "." + m
		}
	}
	return ""
}

// hasMethod reports whether values of type t have one of the methods.
func hasMethod(t types.Type, names ...string) bool {
	ms := types.NewMethodSet(t)
	for i := 0; i < ms.Len(); i++ {
		for _, n := range names {
			if ms.At(i).Obj().Name() == n {
				return true
			}
		}
	}
	return false
}

// notebookTypes returns the notebook's package-level non-generic types, from the
// package that t belongs to (the cell is checked in two phases, each with its own
// package, and a type is only identical to the types of its own phase); for a type not
// of the notebook, from the last phase.
func (v *valuesPass) notebookTypes(t types.Type) []*types.TypeName {
	pkg := v.packageOf(t)
	if pkg == nil {
		return nil
	}
	if v.named == nil {
		v.named = map[*types.Package][]*types.TypeName{}
	}
	if got, ok := v.named[pkg]; ok {
		return got
	}
	var out []*types.TypeName
	for _, n := range pkg.Scope().Names() {
		tn, ok := pkg.Scope().Lookup(n).(*types.TypeName)
		if !ok || tn.IsAlias() || strings.HasPrefix(n, "_hn") {
			continue
		}
		if nt, ok := tn.Type().(*types.Named); ok && nt.TypeParams() == nil {
			out = append(out, tn)
		}
	}
	v.named[pkg] = out
	return out
}

// packageOf returns the checked package of the notebook that t (or its element, for a
// pointer) belongs to, or the last one the checker built.
func (v *valuesPass) packageOf(t types.Type) *types.Package {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := t.(*types.Named); ok && notebook(n) {
		for _, p := range v.r.pkgs {
			if p == n.Obj().Pkg() {
				return p
			}
		}
	}
	if len(v.r.pkgs) == 0 {
		return nil
	}
	return v.r.pkgs[len(v.r.pkgs)-1]
}

// candidates returns, for a non-empty interface type, the notebook's types (T or *T)
// whose values implement it, as source.
func (v *valuesPass) candidates(t types.Type) []string {
	var out []string
	for _, c := range v.candidatesTypes(t) {
		if !types.Implements(c, t.Underlying().(*types.Interface)) {
			c = types.NewPointer(c)
		}
		if s := typeText(c, v.r.qual); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// assertText returns the expression that asserts x (of an empty interface type) to t,
// written src: to an interface, it first tries each notebook type that implements it
// (yaegi keeps no type with a notebook value in an interface{}: x.(fmt.Stringer)
// panicked with "reflect.Set: value of type interface {} is not assignable", or was
// false); the conversion to t of the notebook value is then made by the interpreter.
func (v *valuesPass) assertText(x string, t types.Type, src string, commaOk bool) string {
	if sp := specialAssertText(x, "", t, src, commaOk, false); sp != "" {
		return sp // see assertions.go
	}
	if !v.lowerAssert(t, commaOk) {
		return x + ".(" + src + ")"
	}
	var b strings.Builder
	if commaOk {
		b.WriteString("func(_hnA any) (" + src + ", bool) { ")
	} else {
		b.WriteString("func(_hnA any) " + src + " { ")
	}
	// Values of these types do not implement t (see assertion.go).
	for _, n := range v.pointerOnly(t) {
		if commaOk {
			fmt.Fprintf(&b, "if _, ok := _hnA.(%s); ok { return nil, false }; ", n)
		} else {
			fmt.Fprintf(&b, "if _, ok := _hnA.(%s); ok { %s }; ", n, v.assertFail("_hnA", t))
		}
	}
	for _, c := range v.candidates(t) {
		if commaOk {
			fmt.Fprintf(&b, "if _hnC, ok := _hnA.(%s); ok { return _hnC, true }; ", c)
		} else {
			fmt.Fprintf(&b, "if _hnC, ok := _hnA.(%s); ok { return _hnC }; ", c)
		}
	}
	if commaOk {
		b.WriteString("_hnC, ok := " + v.probeText("_hnA", t) + ".(" + src + "); return _hnC, ok }(" + x + ")")
	} else {
		b.WriteString("if _hnC, ok := _hnA.(" + src + "); ok { return _hnC }; " + v.assertFail("_hnA", t) + " }(" + x + ")")
	}
	return b.String()
}

// lowerAssert reports whether an assertion to the interface t of a value held in an
// empty interface must be lowered by assertText: when a notebook type implements t, and
// always in the form without ok (see assertion.go).
func (v *valuesPass) lowerAssert(t types.Type, commaOk bool) bool {
	if len(v.candidates(t)) > 0 {
		return true
	}
	it, ok := t.Underlying().(*types.Interface)
	return ok && !it.Empty() && !commaOk
}

// assert lowers x.(T) with x of an empty interface type and T an interface (see
// assertText), and refuses an assertion the interpreter cannot answer (ambiguous).
func (v *valuesPass) assert(a *ast.TypeAssertExpr) {
	if a.Type == nil {
		return // a type switch's guard
	}
	xt := v.typeOf(a.X)
	if xt == nil {
		return
	}
	t := v.typeOf(a.Type)
	if t == nil || v.refuseTypeParamInterface(a.Type, t) || v.ambiguous(a.Type, t) {
		return
	}
	if it, ok := xt.Underlying().(*types.Interface); (!ok || !it.Empty()) && specialAssertText("", "", t, "", true, true) == "" {
		return
	}
	if !v.lowerAssert(t, v.commaOk[a]) && specialAssertText("", "", t, "", true, true) == "" {
		return
	}
	s, e := v.off(a.Pos()), v.off(a.End())
	x := Moved(v.off(a.X.Pos()), v.off(a.X.End()))
	if sp := specialAssertText(x, "", t, v.text(a.Type), v.commaOk[a], v.blank[a]); sp != "" {
		v.edits = append(v.edits, Edit{s, e, sp})
		return
	}
	v.edits = append(v.edits, Edit{s, e, v.assertText(x, t, v.text(a.Type), v.commaOk[a])})
}

// ambiguous refuses a test, on a value held in an interface, for type t (written e) when
// yaegi cannot tell t from another type: it builds the notebook's types from their
// structure (reflect), so values of type Dog and of type Cat, both struct{}, or of type
// Celsius and float64, are the same to its type assertions (measured: x.(Dog) of a Cat
// is true, whether x is an interface{} or a Speaker).
func (v *valuesPass) ambiguous(e ast.Expr, t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if types.IsInterface(t) {
		// Each candidate is tested.
		for _, c := range v.candidatesTypes(t) {
			if v.ambiguous(e, c) {
				return true
			}
		}
		return false
	}
	n, isNamed := t.(*types.Named)
	for _, tn := range v.notebookTypes(t) {
		o := tn.Type()
		if types.IsInterface(o) || types.Identical(o, t) {
			continue
		}
		if !isNamed || !notebook(n) {
			// A type of Go or of a package, against a notebook type built from it.
			if types.Identical(o.Underlying(), t) {
				v.refuse(e.Pos(), fmt.Sprintf("the interpreter cannot tell a value of the notebook's type %s from a %s once it is held in an interface{} (it builds %s as %s); test for %s in a function whose parameter has a non-empty interface type, or give %s a struct type of its own", tn.Name(), types.TypeString(t, v.r.qual), tn.Name(), types.TypeString(t, v.r.qual), types.TypeString(t, v.r.qual), tn.Name()))
				return true
			}
			continue
		}
		if types.Identical(o.Underlying(), t.Underlying()) {
			v.refuse(e.Pos(), fmt.Sprintf("the interpreter cannot tell values of the notebook's types %s and %s apart once they are held in an interface{} (they have the same underlying type, %s); give them different fields, or test them through a non-empty interface type", n.Obj().Name(), tn.Name(), types.TypeString(t.Underlying(), v.r.qual)))
			return true
		}
	}
	return false
}

// candidatesTypes returns, for a non-empty interface type, the notebook's types T such
// that T or *T implements it.
func (v *valuesPass) candidatesTypes(t types.Type) []types.Type {
	if _, ok := t.(*types.TypeParam); ok {
		return nil // its constraint is no interface the value is tested for
	}
	it, ok := t.Underlying().(*types.Interface)
	if !ok || it.Empty() {
		return nil
	}
	var out []types.Type
	for _, tn := range v.notebookTypes(t) {
		if types.IsInterface(tn.Type()) {
			continue
		}
		if types.Implements(tn.Type(), it) || types.Implements(types.NewPointer(tn.Type()), it) {
			out = append(out, tn.Type())
		}
	}
	return out
}
