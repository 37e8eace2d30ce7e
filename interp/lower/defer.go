package lower

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// Edit replaces Src[Start:End] of a cell with Text.
type Edit struct {
	Start, End int
	Text       string
}

// Refusal is a construct the interpreter would run wrongly or hang on: the cell must not
// run; Msg says what to write instead.
type Refusal struct {
	Line, Col int
	Msg       string
}

func (r Refusal) Error() string { return fmt.Sprintf("%d:%d: %s", r.Line, r.Col, r.Msg) }

// offset returns the byte offset in the cell of a position of the checked files.
func (r *Result) offset(src string, pos token.Pos) int {
	p := r.Fset.Position(pos)
	off := 0
	for l := 1; l < p.Line; l++ {
		i := strings.IndexByte(src[off:], '\n')
		if i < 0 {
			return len(src)
		}
		off += i + 1
	}
	return off + p.Column - 1
}

// Defers is the pass that gives defer statements Go's evaluation order.
//
// yaegi v0.16.1 keeps, for a deferred call, references to the variables its arguments
// and receiver are read from, not their values (run.go: the deferred slice holds
// f.data[i] itself), so `for i := 0; i < 3; i++ { defer fmt.Print(i) }` printed 333 and
// `x := 1; defer fmt.Println(x); x = 2` printed 2. Go evaluates the function value, the
// receiver and the arguments when the defer statement runs (The Go Programming Language
// Specification, "Defer statements"). The pass copies them into variables of a block of
// their own, which yaegi gives a fresh slot each time the block runs:
//
//	defer f(a, b)      ->  { _hnD0, _hnD1 := a, b; defer f(_hnD0, _hnD1) }
//	defer x.M(a)       ->  { _hnDr, _hnD0 := &x, a; defer _hnDr.M(_hnD0) }   (pointer method of an addressable x)
//
// Constant arguments stay in the call. A deferred function literal inside a loop gets
// the loop's variables it reads as parameters, since yaegi makes the closure when the
// function returns (`for i := range 3 { defer func() { print(i) }() }` printed 333).
//
// Two forms hang yaegi (the deferred calls run while the function's frame is locked,
// and a closure made in that frame locks it again when it returns): deferring a call of
// a function value made by a function literal in the same function, and calling such a
// value from a deferred literal. Both are refused with a Refusal.
func Defers(r *Result, src string) ([]Edit, []Refusal) {
	if r == nil || r.Info == nil {
		return nil, nil
	}
	d := &deferPass{passState: passState{r: r, src: src}}
	for _, f := range []*ast.File{r.Decls, r.Stmts} {
		if f == nil {
			continue
		}
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			d.cell = f == r.Stmts && fd.Name.Name == cellFunc
			d.function(fd.Body)
		}
	}
	return d.edits, d.refusals
}

type deferPass struct {
	// cell is set while the statements of the cell itself (not of a function) are
	// lowered: their defers run when the cell ends (CellDefer).
	cell bool
	passState
}

// function lowers the defer statements of one function body (function literals inside
// it are functions of their own).
func (d *deferPass) function(body *ast.BlockStmt) {
	// Local variables holding a function literal made in this function.
	litVars := map[types.Object]bool{}
	ast.Inspect(body, func(n ast.Node) bool {
		if d.cell {
			return false // the cell's defers are not made by yaegi: no hang
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				if i < len(n.Rhs) && len(n.Lhs) == len(n.Rhs) {
					if _, ok := ast.Unparen(n.Rhs[i]).(*ast.FuncLit); ok {
						if o := d.obj(l); o != nil && !isPackageLevel(o) {
							litVars[o] = true
						}
					}
				}
			}
		case *ast.ValueSpec:
			for i, nm := range n.Names {
				if i < len(n.Values) {
					if _, ok := ast.Unparen(n.Values[i]).(*ast.FuncLit); ok {
						if o := d.r.Info.Defs[nm]; o != nil {
							litVars[o] = true
						}
					}
				}
			}
		}
		return true
	})
	var loops []ast.Node
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		ast.Inspect(n, func(x ast.Node) bool {
			switch x := x.(type) {
			case *ast.FuncLit:
				if x.Body != nil && x != n {
					cell := d.cell
					d.cell = false
					d.function(x.Body)
					d.cell = cell
				}
				return false
			case *ast.ForStmt, *ast.RangeStmt:
				if x == n {
					return true
				}
				loops = append(loops, x)
				walk(x)
				loops = loops[:len(loops)-1]
				return false
			case *ast.DeferStmt:
				if d.cell && len(loops) > 0 {
					// The registered closures would share the loop body's variables.
					d.refuse(x.Defer, "a defer inside a loop of the cell is not supported (the interpreter would give every deferred call the last iteration's values); put the loop in a function")
					return false
				}
				d.deferStmt(x, litVars, loops)
			}
			return true
		})
	}
	walk(body)
}

func (d *deferPass) obj(e ast.Expr) types.Object {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	if o := d.r.Info.Defs[id]; o != nil {
		return o
	}
	return d.r.Info.Uses[id]
}

func isPackageLevel(o types.Object) bool {
	return o.Pkg() != nil && o.Parent() == o.Pkg().Scope()
}

const hangMsg = "the interpreter hangs when a deferred call runs a function value made by a function literal in the same function (%s); put the literal's code in the defer itself: defer func() { ... }()"

func (d *deferPass) deferStmt(x *ast.DeferStmt, litVars map[types.Object]bool, loops []ast.Node) {
	call := x.Call
	info := d.r.Info
	// The callee.
	var extras []string // loop variables passed to a deferred literal
	var recv ast.Expr   // receiver to copy, or nil
	ptrRecv := false
	keepFun := true // the function expression stays as written
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.FuncLit:
		d.checkLitCalls(f, litVars)
		var ok bool
		if extras, ok = d.loopParams(f, loops); !ok {
			return
		}
	case *ast.Ident:
		if o := info.Uses[f]; o != nil {
			if v, ok := o.(*types.Var); ok {
				if litVars[v] {
					d.refuse(f.Pos(), fmt.Sprintf(hangMsg, f.Name))
					return
				}
				keepFun = false
			}
		}
	case *ast.SelectorExpr:
		sel := info.Selections[f]
		if sel == nil {
			break // a package's function
		}
		switch sel.Kind() {
		case types.MethodVal:
			recv = f.X
			if m, ok := sel.Obj().(*types.Func); ok {
				if sig, ok := m.Type().(*types.Signature); ok && sig.Recv() != nil {
					_, recvPtr := sig.Recv().Type().Underlying().(*types.Pointer)
					if _, isIface := sig.Recv().Type().Underlying().(*types.Interface); !isIface {
						_, xPtr := info.Types[f.X].Type.Underlying().(*types.Pointer)
						ptrRecv = recvPtr && !xPtr && info.Types[f.X].Addressable()
					}
				}
			}
		case types.FieldVal:
			keepFun = false // a field of function type
		}
	default:
		keepFun = false
	}
	if call.Ellipsis.IsValid() && !d.cell {
		// yaegi calls a deferred function with reflect's Call, not CallSlice: the
		// slice arrives as one argument (or the call panics).
		d.refuse(call.Ellipsis, "the interpreter passes xs... to a deferred function as one argument; write defer func() { f(xs...) }() instead")
		return
	}
	// Each value evaluated at the defer is copied, at the defer, into a variable of a
	// block of its own; the call then uses the variables. The copies are made of the
	// source text with the cell's other edits applied (Moved).
	var names, values []string
	var edits []Edit
	add := func(name string, e ast.Expr, prefix string) bool {
		as, ae := d.off(e.Pos()), d.off(e.End())
		if strings.Contains(d.src[as:ae], "\n") {
			d.refuse(e.Pos(), "the interpreter would evaluate this deferred argument when the function returns; write it on one line, or copy it into a variable before the defer")
			return false
		}
		names = append(names, name)
		values = append(values, prefix+Moved(as, ae))
		edits = append(edits, Edit{as, ae, name})
		return true
	}
	switch {
	case recv != nil:
		amp := ""
		if ptrRecv {
			amp = "&"
		}
		if !add("_hnDr", recv, amp) {
			return
		}
		if ptrRecv {
			// The copy is a pointer: the call goes through it.
			last := &edits[len(edits)-1]
			last.Text = "(*_hnDr)"
		}
	case !keepFun:
		if !add("_hnDf", call.Fun, "") {
			return
		}
	}
	for i, a := range call.Args {
		if tv, ok := info.Types[a]; ok && tv.Value != nil || isNil(info, a) || isNilConversion(info, a) {
			continue // constants (and nil of a type: print.go's (interface{ f() })(nil)) stay in the call
		}
		if !add(fmt.Sprintf("_hnD%d", i), a, "") {
			return
		}
	}
	rp := d.off(call.Rparen)
	for i, v := range extras {
		name := fmt.Sprintf("_hnDx%d", i)
		names = append(names, name)
		values = append(values, v)
		sep := ", "
		if i == 0 && len(call.Args) == 0 {
			sep = ""
		}
		edits = append(edits, Edit{rp, rp, sep + name})
	}
	at := d.off(x.Defer)
	end := d.off(call.Rparen) + 1
	// The order matters where edits start at one offset: the opening block first, then
	// the keyword; the closing of the registration, then of the block.
	if len(names) > 0 {
		edits = append(edits, Edit{at, at, "{ " + strings.Join(names, ", ") + " := " + strings.Join(values, ", ") + "; "})
	}
	if d.cell {
		// A defer of the cell: the call is registered with the session, which makes
		// it when the cell ends (CellDefer).
		edits = append(edits, Edit{at, at + len("defer"), CellDefer + "(func() {"}, Edit{end, end, " })"})
	}
	if len(names) > 0 {
		edits = append(edits, Edit{end, end, " }"})
	}
	d.edits = append(d.edits, edits...)
}

// CellDefer is the function a defer statement of the cell itself (outside any function)
// becomes: it registers the deferred call, which the session makes when the cell ends,
// last registered first, as Go runs the deferred calls of a function that returns
// ("defer cancel()" in a cell cancels when the cell is done).
const CellDefer = "_hnrt.Defer"

// Moved stands, in the Text of an Edit, for the cell's source from start to end with
// the cell's other edits applied (the applier expands it).
func Moved(start, end int) string {
	return fmt.Sprintf("\x00%d,%d\x00", start, end)
}

// isNil reports whether e is the predeclared nil.
func isNil(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	return ok && tv.IsNil()
}

// isNilConversion reports whether e is a conversion of nil to a type, T(nil).
func isNilConversion(info *types.Info, e ast.Expr) bool {
	c, ok := ast.Unparen(e).(*ast.CallExpr)
	return ok && len(c.Args) == 1 && info.Types[c.Fun].IsType() && isNil(info, c.Args[0])
}

// checkLitCalls refuses calls, inside a deferred literal, of function values made by a
// literal in the enclosing function (they hang yaegi).
func (d *deferPass) checkLitCalls(lit *ast.FuncLit, litVars map[types.Object]bool) {
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if id, ok := ast.Unparen(c.Fun).(*ast.Ident); ok {
			if o := d.r.Info.Uses[id]; o != nil && litVars[o] {
				d.refuse(id.Pos(), fmt.Sprintf(hangMsg, id.Name))
			}
		}
		return true
	})
}

// loopParams adds to a deferred literal inside a loop a parameter for each variable
// of the loop that it reads (yaegi makes the closure when the function returns, when
// those variables hold their last values) and returns their names, to be passed as
// arguments. It reports false after a refusal.
func (d *deferPass) loopParams(lit *ast.FuncLit, loops []ast.Node) ([]string, bool) {
	if len(loops) == 0 {
		return nil, true
	}
	outer := loops[0]
	inLoop := func(o types.Object) bool {
		return o.Pos() >= outer.Pos() && o.Pos() < outer.End() && !(o.Pos() >= lit.Pos() && o.Pos() < lit.End())
	}
	seen := map[types.Object]bool{}
	var vars []*types.Var
	assigned := map[types.Object]bool{}
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident:
			o, ok := d.r.Info.Uses[n].(*types.Var)
			if ok && !o.IsField() && inLoop(o) && !seen[o] {
				seen[o] = true
				vars = append(vars, o)
			}
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if o := d.obj(l); o != nil {
					assigned[o] = true
				}
			}
		case *ast.IncDecStmt:
			if o := d.obj(n.X); o != nil {
				assigned[o] = true
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				if o := d.obj(n.X); o != nil {
					assigned[o] = true
				}
			}
		}
		return true
	})
	if len(vars) == 0 {
		return nil, true
	}
	fields := lit.Type.Params.List
	if n := len(fields); n > 0 {
		if _, ok := fields[n-1].Type.(*ast.Ellipsis); ok {
			d.refuse(lit.Pos(), "the interpreter makes a deferred closure when the function returns; pass the loop variables it reads as arguments")
			return nil, false
		}
	}
	q := d.r.qual
	var params, names []string
	for _, v := range vars {
		if assigned[v] {
			d.refuse(lit.Pos(), fmt.Sprintf("the interpreter makes a deferred closure when the function returns, so it cannot change the loop variable %s of the iteration that deferred it; copy it first (%s := %s) or pass it as an argument", v.Name(), v.Name(), v.Name()))
			return nil, false
		}
		t := typeText(v.Type(), q)
		if t == "" {
			d.refuse(lit.Pos(), fmt.Sprintf("the interpreter makes a deferred closure when the function returns, when %s holds its last value; pass %s to the literal as an argument", v.Name(), v.Name()))
			return nil, false
		}
		params = append(params, v.Name()+" "+t)
		names = append(names, v.Name())
	}
	ps := d.off(lit.Type.Params.Closing)
	sep := ""
	if lit.Type.Params.NumFields() > 0 {
		sep = ", "
	}
	d.edits = append(d.edits, Edit{ps, ps, sep + strings.Join(params, ", ")})
	return names, true
}
