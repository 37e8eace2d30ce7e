package lower

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"
)

// MethodValues is the pass that binds the receiver of a method value when the method
// value is evaluated.
//
// yaegi v0.16.1 makes the method value x.M keep a reference to the variable x, not its
// value: after `f := v.M; v.x = 2`, f() saw 2 (Go: the old value); `p.M` went on
// following p after `p = other`; `fs = append(fs, v.M)` in a loop that declares v gave
// three functions of the last v; and `p.M` of a nil *T with a value method M did not
// panic. Go evaluates and saves the receiver, dereferenced for a value method, when the
// method value is evaluated (The Go Programming Language Specification, "Method values").
// The pass passes the receiver to a function literal whose parameter is the saved copy:
//
//	v.M  ->  func(_hnMR V) func(int) int { return func(_hnP0 int) int { return _hnMR.M(_hnP0) } }((v))
//	p.M  ->  ...(*(p))     (p a pointer, M a method with a value receiver)
//	w.M  ->  ...(&(w).V)   (M a method with a pointer receiver promoted from an embedded V)
//
// (The function returned calls the method: yaegi cannot return a method value of a
// compiled type as a function.)
//
// A method value of an interface (i.M) is left alone: yaegi saves the dynamic value.
// Receivers of generic types, and types the cell cannot name, are left alone too.
func MethodValues(r *Result, src string) []Edit {
	if r == nil || r.Info == nil {
		return nil
	}
	m := &methodValuesPass{r: r, src: src, called: map[ast.Expr]bool{}}
	r.inspect(m.node)
	return m.edits
}

type methodValuesPass struct {
	r      *Result
	src    string
	edits  []Edit
	called map[ast.Expr]bool // selectors that are the function of a call
}

func (m *methodValuesPass) node(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.CallExpr:
		m.called[ast.Unparen(n.Fun)] = true
	case *ast.SelectorExpr:
		if !m.called[n] {
			m.methodValue(n)
		}
	}
	return true
}

func (m *methodValuesPass) methodValue(sel *ast.SelectorExpr) {
	s := m.r.Info.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal || m.r.Fset.Position(sel.Pos()).Filename != CellFile {
		return
	}
	fn, ok := s.Obj().(*types.Func)
	if !ok {
		return
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return
	}
	recv := sig.Recv().Type()
	_, recvPtr := recv.(*types.Pointer)
	if types.IsInterface(recv) && len(s.Index()) == 1 {
		return
	}
	if named, ok := elemOfPointer(recv).(*types.Named); !ok || named.TypeArgs() != nil || named.TypeParams() != nil {
		return
	}
	xs, xe := m.r.offset(m.src, sel.X.Pos()), m.r.offset(m.src, sel.X.End())
	base := "(" + MovedLines(xs, xe) + ")"
	t := m.r.Info.TypeOf(sel.X)
	if t == nil {
		return
	}
	// The embedded fields the method is promoted through.
	path := s.Index()
	for _, idx := range path[:len(path)-1] {
		st, ok := elemOfPointer(t).Underlying().(*types.Struct)
		if !ok || idx >= st.NumFields() {
			return
		}
		f := st.Field(idx)
		if !f.Exported() && (f.Pkg() == nil || f.Pkg().Path() != "main") {
			return
		}
		base += "." + f.Name()
		t = f.Type()
	}
	_, isPtr := t.Underlying().(*types.Pointer)
	arg := base
	switch {
	case recvPtr && !isPtr:
		arg = "&" + base
	case !recvPtr && isPtr:
		arg = "*" + base
	}
	rt, ft := typeText(recv, m.r.qual), typeText(s.Type(), m.r.qual)
	if rt == "" || ft == "" {
		return
	}
	// The function returned calls the method (a method value of a compiled type cannot
	// be returned as a func: "cannot use (type valueT) as type funcT").
	msig, ok := s.Type().(*types.Signature)
	if !ok {
		return
	}
	var params, args []string
	for i := 0; i < msig.Params().Len(); i++ {
		name := fmt.Sprintf("_hnP%d", i)
		pt := msig.Params().At(i).Type()
		if msig.Variadic() && i == msig.Params().Len()-1 {
			sl, ok := pt.(*types.Slice)
			if !ok {
				return
			}
			et := typeText(sl.Elem(), m.r.qual)
			if et == "" {
				return
			}
			params = append(params, name+" ..."+et)
			args = append(args, name+"...")
			continue
		}
		t := typeText(pt, m.r.qual)
		if t == "" {
			return
		}
		params = append(params, name+" "+t)
		args = append(args, name)
	}
	var results []string
	for i := 0; i < msig.Results().Len(); i++ {
		t := typeText(msig.Results().At(i).Type(), m.r.qual)
		if t == "" {
			return
		}
		results = append(results, t)
	}
	call := "_hnMR." + sel.Sel.Name + "(" + strings.Join(args, ", ") + ")"
	res := ""
	switch len(results) {
	case 0:
	case 1:
		res = " " + results[0]
		call = "return " + call
	default:
		res = " (" + strings.Join(results, ", ") + ")"
		call = "return " + call
	}
	start, end := m.r.offset(m.src, sel.Pos()), m.r.offset(m.src, sel.End())
	m.edits = append(m.edits, Edit{start, end,
		"func(_hnMR " + rt + ") " + ft + " { return func(" + strings.Join(params, ", ") + ")" + res + " { " + call + " } }(" + arg + ")"})
}

// elemOfPointer returns the element type of a pointer type, or t.
func elemOfPointer(t types.Type) types.Type {
	if p, ok := t.(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}
