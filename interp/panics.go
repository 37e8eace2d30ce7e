package interp

// Runtime errors as Go writes them.
//
// yaegi v0.16.1 reports a runtime error of interpreted code with the message of the
// reflect call that failed ("reflect: slice index out of range"), and each interpreted
// frame it unwinds with the position of the first node of the frame's body, not of the
// node that failed (runCfg's deferred handler reads a shadowed, always nil, exec). The
// session turns both into Go's:
//
//   - the message: each reflect or interpreter panic that stands for a runtime error is
//     mapped to the text Go's runtime gives ("runtime error: index out of range [5] with
//     length 3"), with the values where the interpreter's state still holds them (a
//     constant index, the length of an array type, a package variable), and without them
//     otherwise. Such errors are named RuntimeError; a panic of the cell's own (panic(v))
//     or of a library keeps the name Panic. The message is Go's text after "panic: ".
//   - the frames: the goroutine stack that yaegi captures with the panic still holds the
//     Go frames of the original panic, innermost first: each runCfg frame (one per
//     interpreted call) with the address of the first node of its body, and the closure
//     it was running (the exec of the failing node, or of the call node in the callers).
//     The session finds those nodes in yaegi's trees (the functions and methods of the
//     session, the chunks of the running cell) and the node of the body that has that
//     exec; when it is the only one, its position is the failing position (for a caller,
//     the call of the next frame). A node of a function is placed in the cell that
//     declared the function (Session.declAt). The traceback lists the frames innermost
//     first, as Go does: "  at 3:9 in inner (cell 4)".
//
// yaegi's structures are read through reflection (as dropRoots does); when anything is
// not what v0.16.1 has, the frames are given without positions, never with wrong ones.

import (
	"context"
	"fmt"
	"go/ast"
	"go/scanner"
	"go/token"
	"go/types"
	"reflect"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"unsafe"

	yinterp "github.com/traefik/yaegi/interp"

	"github.com/hessnote/hessnote/interp/lower"
)

// runtimeError is a runtime error of interpreted code with Go's message. It satisfies
// runtime.Error, as the errors of Go's runtime do.
type runtimeError struct{ msg string }

// Error returns Go's message, e.g. "runtime error: index out of range [5] with length 3".
func (e *runtimeError) Error() string { return e.msg }

// RuntimeError marks e as a runtime error (runtime.Error).
func (e *runtimeError) RuntimeError() {}

var _ runtime.Error = (*runtimeError)(nil)

// Go's messages for runtime errors.
const (
	msgIndex    = "runtime error: index out of range"
	msgSlice    = "runtime error: slice bounds out of range"
	msgNil      = "runtime error: invalid memory address or nil pointer dereference"
	msgMakeLen  = "runtime error: makeslice: len out of range"
	msgMakeCap  = "runtime error: makeslice: cap out of range"
	msgMakeChan = "runtime error: makechan: size out of range"
)

// reflectRuntime maps the panics of reflect that stand for a runtime error of the
// interpreted code to Go's message (measured with yaegi v0.16.1 and Go 1.26).
var reflectRuntime = map[string]string{
	"reflect: slice index out of range":                           msgIndex,
	"reflect: array index out of range":                           msgIndex,
	"reflect: string index out of range":                          msgIndex,
	"reflect.Value.Slice: slice index out of bounds":              msgSlice,
	"reflect.Value.Slice: string slice index out of bounds":       msgSlice,
	"reflect.Value.Slice3: slice index out of bounds":             msgSlice,
	"reflect.Value.Call: call of nil function":                    msgNil,
	"reflect: indirection through nil pointer to embedded struct": msgNil,
	"reflect: Method on nil interface value":                      msgNil,
	"reflect.MakeSlice: negative len":                             msgMakeLen,
	"reflect.MakeSlice: negative cap":                             msgMakeCap,
	"reflect.MakeSlice: len > cap":                                msgMakeCap,
	"reflect.MakeChan: negative buffer size":                      msgMakeChan,
}

// cfgPosRE matches the position yaegi puts in front of the messages of its own panics.
var cfgPosRE = regexp.MustCompile(`^(?:[^\s:]*\.go:)?\d+:\d+: `)

// panicInfo is a panic of interpreted code as the session reports it.
type panicInfo struct {
	msg     string // Go's text after "panic: "
	runtime bool   // a runtime error (Go's value would satisfy runtime.Error)
	zero    bool   // reflect's "call of ... on zero Value": a nil dereference only if the failing node is one
	node    ynode  // the failing node when the panic value names it (yaegi's cfgError)
}

// classifyPanic returns what Go would say for the panic value v of interpreted code.
func classifyPanic(v any) panicInfo {
	user := false
	if rv, ok := v.(reflect.Value); ok && rv.IsValid() && rv.CanInterface() {
		v, user = rv.Interface(), true // yaegi panics with the reflect.Value of the argument of panic
	}
	switch e := v.(type) {
	case runtime.Error:
		return panicInfo{msg: e.Error(), runtime: true}
	case *reflect.ValueError:
		return panicInfo{msg: e.Error(), zero: !user}
	case string:
		if m, ok := reflectRuntime[e]; ok && !user {
			return panicInfo{msg: m, runtime: true}
		}
		return panicInfo{msg: e}
	case error:
		msg := e.Error()
		if n := cfgErrorNode(v); n.ok() {
			msg = cfgPosRE.ReplaceAllString(msg, "")
			if t, ok := strings.CutPrefix(msg, "interface conversion: nil is not "); ok {
				// yaegi says nil for any value that is not of an interpreted type
				// (run.go, typeAssert): it may be nil or lack a method.
				msg = "interface conversion: interface is nil or does not implement " + t
			}
			return panicInfo{msg: msg, runtime: strings.HasPrefix(msg, "interface conversion: "), node: n}
		}
		return panicInfo{msg: msg}
	}
	return panicInfo{msg: fmt.Sprint(v)}
}

// cfgErrorNode returns the node of yaegi's *cfgError (struct{ *node; error }), which
// the interpreter panics with for a failed type assertion.
func cfgErrorNode(v any) ynode {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Type().Elem().Name() != "cfgError" || rv.Type().Elem().PkgPath() != yaegiPkg {
		return ynode{}
	}
	f := unexported(rv, "node")
	if !f.IsValid() || f.Kind() != reflect.Pointer {
		return ynode{}
	}
	return ynode{f}
}

// yaegiPkg is the import path of yaegi's interpreter.
const yaegiPkg = "github.com/traefik/yaegi/interp"

// unexported returns the field name of the struct p points to, readable and settable
// (reflection refuses unexported fields otherwise), or the zero Value.
func unexported(p reflect.Value, name string) reflect.Value {
	if !p.IsValid() || p.Kind() != reflect.Pointer || p.IsNil() || p.Elem().Kind() != reflect.Struct {
		return reflect.Value{}
	}
	f := p.Elem().FieldByName(name)
	if !f.IsValid() || !f.CanAddr() {
		return reflect.Value{}
	}
	return reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
}

// ynode is a node of yaegi's tree (a *node of yaegi v0.16.1, read by reflection). The
// zero ynode is no node.
type ynode struct{ p reflect.Value }

func (n ynode) ok() bool {
	return n.p.IsValid() && n.p.Kind() == reflect.Pointer && !n.p.IsNil() && n.p.Type().Elem().Name() == "node"
}

func (n ynode) field(name string) reflect.Value {
	if !n.ok() {
		return reflect.Value{}
	}
	return unexported(n.p, name)
}

func (n ynode) children() []ynode {
	f := n.field("child")
	if f.Kind() != reflect.Slice {
		return nil
	}
	out := make([]ynode, f.Len())
	for i := range out {
		out[i] = ynode{f.Index(i)}
	}
	return out
}

func (n ynode) child(i int) ynode {
	f := n.field("child")
	if f.Kind() != reflect.Slice || i >= f.Len() {
		return ynode{}
	}
	return ynode{f.Index(i)}
}

func (n ynode) anc() ynode { return ynode{n.field("anc")} }

// kind returns yaegi's name of the node's kind ("funcDecl", "indexExpr", ...).
func (n ynode) kind() string {
	f := n.field("kind")
	if !f.IsValid() || !f.CanInterface() {
		return ""
	}
	if s, ok := f.Interface().(fmt.Stringer); ok {
		return s.String()
	}
	return ""
}

func (n ynode) pos() token.Pos {
	if f := n.field("pos"); f.Kind() == reflect.Int {
		return token.Pos(f.Int())
	}
	return token.NoPos
}

func (n ynode) ident() string {
	if f := n.field("ident"); f.Kind() == reflect.String {
		return f.String()
	}
	return ""
}

// exec returns the name of the Go function of the node's exec closure ("" when none).
func (n ynode) exec() string {
	f := n.field("exec")
	if f.Kind() != reflect.Func || f.IsNil() {
		return ""
	}
	if fn := runtime.FuncForPC(f.Pointer()); fn != nil {
		return fn.Name()
	}
	return ""
}

// global reports whether the node is an identifier of a package-level variable.
func (n ynode) global() bool {
	f := unexported(n.field("sym"), "global")
	return f.Kind() == reflect.Bool && f.Bool()
}

// constInt returns the value of a constant integer node.
func (n ynode) constInt() (int64, bool) {
	f := n.field("rval")
	if !f.IsValid() || !f.CanInterface() {
		return 0, false
	}
	rv, ok := f.Interface().(reflect.Value)
	if !ok || !rv.IsValid() {
		return 0, false
	}
	return intOf(rv)
}

// arrayLen returns the length of the node's type when it is an array (or a pointer to
// one).
func (n ynode) arrayLen() (int, bool) {
	t := n.field("typ")
	for i := 0; i < 2 && t.IsValid() && t.Kind() == reflect.Pointer && !t.IsNil(); i++ {
		cat := unexported(t, "cat")
		str := unexported(t, "str")
		if !cat.IsValid() || !cat.CanInterface() {
			return 0, false
		}
		switch fmt.Sprint(cat.Interface()) {
		case "arrayT":
			if l := unexported(t, "length"); l.Kind() == reflect.Int {
				return int(l.Int()), true
			}
			return 0, false
		case "ptrT":
			t = unexported(t, "val")
		default:
			_ = str
			return 0, false
		}
	}
	return 0, false
}

func intOf(v reflect.Value) (int64, bool) {
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int(), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if v.Uint() > 1<<62 {
			return 0, false
		}
		return int64(v.Uint()), true
	}
	return 0, false
}

// walk calls visit for n and its descendants (depth first) while visit returns true for
// the node; budget bounds the number of nodes visited.
func walk(n ynode, budget *int, visit func(ynode) bool) {
	if !n.ok() || *budget <= 0 {
		return
	}
	*budget--
	if !visit(n) {
		return
	}
	for _, c := range n.children() {
		walk(c, budget, visit)
	}
}

// yaegiTrees returns the roots of yaegi's trees the session can run: the functions and
// methods declared in package main and the chunks of the running cell.
func yaegiTrees(in *yinterp.Interpreter) []ynode {
	if in == nil {
		return nil
	}
	ip := reflect.ValueOf(in)
	var out []ynode
	if roots := unexported(ip, "roots"); roots.Kind() == reflect.Slice {
		for i := 0; i < roots.Len(); i++ {
			out = append(out, ynode{roots.Index(i)})
		}
	}
	scopes := unexported(ip, "scopes")
	if scopes.Kind() != reflect.Map {
		return out
	}
	main := scopes.MapIndex(reflect.ValueOf("main"))
	if !main.IsValid() {
		return out
	}
	syms := unexported(main, "sym")
	if syms.Kind() != reflect.Map {
		return out
	}
	it := syms.MapRange()
	for it.Next() {
		sym := it.Value()
		if n := (ynode{unexported(sym, "node")}); n.ok() && n.kind() == "funcDecl" {
			out = append(out, n)
		}
		if ms := unexported(unexported(sym, "typ"), "method"); ms.Kind() == reflect.Slice {
			for i := 0; i < ms.Len(); i++ {
				if n := (ynode{ms.Index(i)}); n.ok() && n.kind() == "funcDecl" {
					out = append(out, n)
				}
			}
		}
	}
	return out
}

// yaegiFset returns the file set of yaegi's positions.
func yaegiFset(in *yinterp.Interpreter) *token.FileSet {
	f := unexported(reflect.ValueOf(in), "fset")
	if !f.IsValid() || !f.CanInterface() {
		return nil
	}
	fs, _ := f.Interface().(*token.FileSet)
	return fs
}

// stackFrame is an interpreted frame found in a Go stack: the address of the first node
// of the body that runCfg ran, and the Go function (exec closure) it was running.
type stackFrame struct {
	body uintptr
	exec string
}

// yaegiFrames returns the interpreted frames of the original panic in stack (the text of
// debug.Stack taken when yaegi recovered it), innermost first. The frames above the last
// "panic(" line are those of the deferred calls that re-panicked while unwinding.
//
// Go's traceback leaves out the middle frames of a deep stack ("...N frames elided..."):
// the frames of a panic deep in a recursion are then missing, and none is returned.
func yaegiFrames(stack []byte) []stackFrame {
	if strings.Contains(string(stack), " frames elided...\n") || strings.Contains(string(stack), "...additional frames elided...") {
		return nil
	}
	var calls []string // function lines, innermost first
	for _, l := range strings.Split(string(stack), "\n") {
		if l == "" || l[0] == '\t' || strings.HasPrefix(l, "goroutine ") || strings.HasPrefix(l, "created by ") {
			continue
		}
		calls = append(calls, l)
	}
	for i := len(calls) - 1; i >= 0; i-- {
		if strings.HasPrefix(calls[i], "panic(") {
			calls = calls[i+1:]
			break
		}
	}
	var out []stackFrame
	const runCfg = yaegiPkg + ".runCfg("
	for i, l := range calls {
		if !strings.HasPrefix(l, runCfg) {
			continue
		}
		args := strings.TrimSuffix(l[len(runCfg):], ")")
		first, _, _ := strings.Cut(args, ",")
		f := stackFrame{}
		if !strings.HasSuffix(first, "?") {
			if a, err := strconv.ParseUint(strings.TrimPrefix(first, "0x"), 16, 64); err == nil {
				f.body = uintptr(a)
			}
		}
		if i > 0 {
			if name, _, ok := strings.Cut(calls[i-1], "("); ok && strings.HasPrefix(name, yaegiPkg+".") {
				f.exec = name
			}
		}
		out = append(out, f)
	}
	return out
}

// cellNumberKey is the context key of WithCellNumber.
type cellNumberKey struct{}

// WithCellNumber returns ctx carrying the number n the notebook gives the cell that
// Session.Execute runs with it (Jupyter's execution count, the N of In[N]). Tracebacks
// name the cells that declared the functions of their frames by these numbers
// ("at 3:9 in inner (cell 4)"). Without it, the session numbers the cells it runs
// 1, 2, 3, ...
func WithCellNumber(ctx context.Context, n int) context.Context {
	return context.WithValue(ctx, cellNumberKey{}, n)
}

// cellNumber returns the number of the cell that runs with ctx, the session's last
// number being last.
func cellNumber(ctx context.Context, last int) int {
	if n, ok := ctx.Value(cellNumberKey{}).(int); ok && n > 0 {
		return n
	}
	return last + 1
}

// declPos is where a declaration of the session was written: the cell (its number in
// the session) and the position of its func keyword there, with the declaration's text
// as written and as run.
type declPos struct {
	cell, line, col int
	src, text       string
}

// noteDecls records where the cell (number s.cellNo) declared the functions and methods
// of decls.
func (s *Session) noteDecls(code string, decls []declInfo) {
	if s.declAt == nil {
		s.declAt = map[string]declPos{}
	}
	p := newPosition(code)
	for _, d := range decls {
		if !strings.HasPrefix(d.key, "func ") && !strings.HasPrefix(d.key, "method ") {
			continue
		}
		i := strings.Index(code, d.src)
		if i < 0 {
			delete(s.declAt, d.key)
			continue
		}
		off := funcKeyword(d.src)
		if off < 0 {
			delete(s.declAt, d.key)
			continue
		}
		l, c := p.lineCol(i + off)
		s.declAt[d.key] = declPos{cell: s.cellNo, line: l, col: c, src: d.src, text: d.text}
	}
}

// funcKeyword returns the offset of the first func keyword of src (after a doc comment).
func funcKeyword(src string) int {
	fs := token.NewFileSet()
	f := fs.AddFile("", -1, len(src))
	var sc scanner.Scanner
	sc.Init(f, []byte(src), nil, 0)
	for {
		pos, tok, _ := sc.Scan()
		switch tok {
		case token.FUNC:
			return f.Offset(pos)
		case token.EOF:
			return -1
		}
	}
}

// cellFrame is one frame of a traceback.
type cellFrame struct {
	fn        string // "inner", "T.M", "a function literal in f", "the cell"
	cell      int    // number of the cell the code is in (0: unknown)
	line, col int    // position in that cell (0: unknown)
}

func (f cellFrame) String() string {
	where := ""
	switch {
	case f.line > 0 && f.col > 0:
		where = fmt.Sprintf("at %d:%d ", f.line, f.col)
	case f.line > 0:
		where = fmt.Sprintf("at line %d ", f.line)
	}
	switch {
	case f.fn == "the cell" && f.cell > 0:
		return fmt.Sprintf("  %sin cell %d", where, f.cell)
	case f.cell > 0:
		return fmt.Sprintf("  %sin %s (cell %d)", where, f.fn, f.cell)
	}
	return "  " + where + "in " + f.fn
}

// locator finds nodes of the session's interpreter.
type locator struct {
	s     *Session
	fset  *token.FileSet
	byPtr map[uintptr]ynode
	shift int
}

func (s *Session) newLocator(shift int) *locator {
	l := &locator{s: s, fset: yaegiFset(s.in), byPtr: map[uintptr]ynode{}, shift: shift}
	budget := 2_000_000
	for _, t := range yaegiTrees(s.in) {
		walk(t, &budget, func(n ynode) bool {
			if _, seen := l.byPtr[n.p.Pointer()]; seen {
				return false
			}
			l.byPtr[n.p.Pointer()] = n
			return true
		})
	}
	return l
}

// enclosing returns the function (funcDecl or funcLit) n is in, and the top-level one:
// a funcDecl, or the zero ynode for code of the cell (which yaegi runs as the body of a
// func main of its own).
func enclosing(n ynode) (fn, top ynode) {
	for a := n.anc(); a.ok(); a = a.anc() {
		switch a.kind() {
		case "funcDecl", "funcLit":
			if !fn.ok() {
				fn = a
			}
			top = a
		}
	}
	if top.ok() && (top.kind() != "funcDecl" || isCellMain(top)) {
		top = ynode{}
	}
	return fn, top
}

// isCellMain reports whether fd is the func main that yaegi wraps a chunk of statements
// in (a cell cannot declare its own main).
func isCellMain(fd ynode) bool {
	return fd.kind() == "funcDecl" && len(fd.child(0).children()) == 0 && fd.child(1).ident() == "main"
}

// declKey returns the session's key of a funcDecl node ("func f", "method T.M") and its
// display name ("f", "T.M").
func declKey(fd ynode) (key, name string) {
	name = fd.child(1).ident()
	if name == "" {
		return "", ""
	}
	if recv := fd.child(0); len(recv.children()) > 0 {
		field := recv.child(0)
		ch := field.children()
		if len(ch) == 0 {
			return "", ""
		}
		t := ch[len(ch)-1]
		for t.kind() == "starExpr" || t.kind() == "indexExpr" || t.kind() == "indexListExpr" {
			t = t.child(0)
		}
		if t.ident() == "" {
			return "", ""
		}
		name = t.ident() + "." + name
		return "method " + name, name
	}
	return "func " + name, name
}

// fnName returns the display name of the function fn (the zero ynode: the cell's code).
func fnName(fn, top ynode) string {
	_, topName := declKey(top)
	if !fn.ok() || isCellMain(fn) {
		return "the cell"
	}
	if fn.kind() == "funcDecl" {
		_, name := declKey(fn)
		return name
	}
	if topName != "" {
		return "a function literal in " + topName
	}
	return "a function literal"
}

// place returns the cell and position of node n, whose top-level function is top.
func (l *locator) place(n, top ynode) (cell, line, col int) {
	if l.fset == nil || n.pos() == token.NoPos {
		return 0, 0, 0
	}
	p := l.fset.Position(n.pos())
	if !top.ok() {
		// Code of the running cell: chunks are padded so that line = cell line + 1.
		line = p.Line - 1 - l.shift
		cellLines := strings.Split(l.s.cellCode, "\n")
		srcLines := strings.Split(l.s.evalSrc, "\n")
		if line < 1 || line > len(cellLines) || p.Line > len(srcLines) {
			return 0, 0, 0
		}
		return l.s.cellNo, line, sameColumn(srcLines[p.Line-1], cellLines[line-1], p.Column)
	}
	key, _ := declKey(top)
	d, ok := l.s.declAt[key]
	if !ok {
		return 0, 0, 0
	}
	fp := l.fset.Position(top.pos())
	if fp.Filename != p.Filename || l.fset.File(top.pos()) != l.fset.File(n.pos()) || p.Line < fp.Line {
		return 0, 0, 0
	}
	rel := p.Line - fp.Line
	line = d.line + rel
	// Rewrites may insert text on a line: columns are mapped through sameColumn.
	src := strings.Split(d.src[max(funcKeyword(d.src), 0):], "\n")
	text := strings.Split(d.text[max(funcKeyword(d.text), 0):], "\n")
	if rel >= len(src) || rel >= len(text) {
		return 0, 0, 0
	}
	if rel > 0 {
		return d.cell, line, sameColumn(text[rel], src[rel], p.Column)
	}
	// The first line of both texts starts at the func keyword.
	if c := sameColumn(text[0], src[0], p.Column-fp.Column+1); c > 0 {
		col = d.col + c - 1
	}
	return d.cell, line, col
}

// sameColumn returns the column in the line as written (cell) of the column col of the
// line as run (ran), which rewrites may have changed (padPrefix puts "_hnrt.Keep(" in
// front of a cell's last expression), or 0 when it cannot be known.
func sameColumn(ran, cell string, col int) int {
	if ran == cell {
		return col
	}
	// Before the first change, or after the last one.
	pre := 0
	for pre < len(ran) && pre < len(cell) && ran[pre] == cell[pre] {
		pre++
	}
	suf := 0
	for suf < len(ran)-pre && suf < len(cell)-pre && ran[len(ran)-1-suf] == cell[len(cell)-1-suf] {
		suf++
	}
	switch {
	case col-1 < pre:
		return col
	case col-1 >= len(ran)-suf && col-1 < len(ran):
		return col - len(ran) + len(cell)
	}
	// The text as written appears once in the line as run, and the column falls in it.
	t := strings.TrimLeft(cell, " \t")
	if t == "" || strings.Count(ran, t) != 1 {
		return 0
	}
	i := strings.Index(ran, t)
	if col-1 < i || col-1 >= i+len(t) {
		return 0
	}
	return col - i + len(cell) - len(t)
}

// frames returns the traceback of the panic p (innermost first) and the failing node,
// or ok false when the stack does not give them.
func (l *locator) frames(p yinterp.Panic, info panicInfo) (out []cellFrame, failing ynode, ok bool) {
	sf := yaegiFrames(p.Stack)
	if len(sf) == 0 {
		return nil, ynode{}, false
	}
	var inner ynode // the function of the frame inside the current one
	for i, f := range sf {
		body, found := l.byPtr[f.body]
		if !found || f.body == 0 {
			return nil, ynode{}, false
		}
		fn, top := enclosing(body)
		if fn.ok() && fn.kind() == "funcDecl" {
			if _, name := declKey(fn); strings.HasPrefix(name, "_hn") {
				inner = fn
				continue // the session's own helpers
			}
		}
		fr := cellFrame{fn: fnName(fn, top)}
		var at ynode
		if i == 0 && info.node.ok() {
			at = info.node
		} else if f.exec != "" {
			at = l.unique(fn, body, f.exec, inner, i > 0)
		}
		if i == 0 {
			failing = at
		}
		if at.ok() {
			fr.cell, fr.line, fr.col = l.place(at, top)
		} else if c, line, _ := l.place(body, top); c > 0 && line > 0 {
			fr.cell = c // the position is unknown, the cell is not
		}
		out = append(out, fr)
		inner = fn
	}
	return out, failing, true
}

// unique returns the node of the function fn (the cell's code when fn is the zero ynode,
// found from body) whose exec is the Go function exec, when there is one only. For a
// caller frame (call), the nodes are calls of the function inner.
func (l *locator) unique(fn, body ynode, exec string, inner ynode, call bool) ynode {
	root := fn
	if !root.ok() {
		root = body
		for a := body.anc(); a.ok(); a = a.anc() {
			root = a
		}
	}
	innerName := ""
	if call && inner.ok() && inner.kind() == "funcDecl" && !isCellMain(inner) {
		innerName = inner.child(1).ident()
	}
	// found are the nodes with that exec; named, for a caller frame, the calls whose
	// callee is named as the inner function (a call of a function value is one of
	// found only).
	var found, named []ynode
	budget := 1_000_000
	walk(root, &budget, func(n ynode) bool {
		if n.p.Pointer() != root.p.Pointer() && n.kind() == "funcLit" {
			if n.exec() == exec && !call {
				found = append(found, n)
			}
			return false // its body runs in a frame of its own
		}
		if n.exec() != exec {
			return true
		}
		found = append(found, n)
		if innerName != "" && n.kind() == "callExpr" {
			callee := n.child(0)
			name := callee.ident()
			if callee.kind() == "selectorExpr" {
				name = callee.child(1).ident()
			}
			if name == innerName {
				named = append(named, n)
			}
		}
		return true
	})
	switch {
	case len(named) == 1:
		return named[0]
	case len(named) == 0 && len(found) == 1:
		return found[0]
	}
	return ynode{}
}

// runtimeValues completes Go's message for a failing index node with the index and the
// length when the interpreter's state gives them: a constant index or a package
// variable, the length of an array type or of a package variable. Values read from
// package variables are used only when they do fail, as they must have.
func (s *Session) runtimeValues(msg string, n ynode) string {
	if msg != msgIndex || !n.ok() || n.kind() != "indexExpr" {
		return msg
	}
	g := s.globals()
	intVal := func(x ynode) (int64, bool) {
		if v, ok := x.constInt(); ok {
			return v, true
		}
		if x.kind() == "identExpr" && x.global() {
			if v, ok := g[x.ident()]; ok && v.IsValid() {
				return intOf(v)
			}
		}
		return 0, false
	}
	length := func(x ynode) (int, bool) {
		if l, ok := x.arrayLen(); ok {
			return l, true
		}
		if x.kind() == "identExpr" && x.global() {
			if v, ok := g[x.ident()]; ok && v.IsValid() {
				for v.Kind() == reflect.Pointer && !v.IsNil() {
					v = v.Elem()
				}
				switch v.Kind() {
				case reflect.Slice, reflect.Array, reflect.String:
					return v.Len(), true
				}
			}
		}
		return 0, false
	}
	i, iok := intVal(n.child(1))
	ln, lok := length(n.child(0))
	if !iok || !lok || i >= 0 && i < int64(ln) {
		return msg
	}
	return fmt.Sprintf("%s [%d] with length %d", msg, i, ln)
}

// panicError turns a panic of interpreted code into the cell's error: Go's message, a
// RuntimeError or Panic name, and the frames innermost first. lines are yaegi's own
// "panic:" lines, used when the stack does not give the frames.
func (s *Session) panicError(p yinterp.Panic, lines []string, shift int) *Error {
	info := classifyPanic(p.Value)
	var tb []string
	var failing ynode
	frames, failing, ok := s.newLocator(shift).frames(p, info)
	if ok {
		for _, f := range frames {
			tb = append(tb, f.String())
		}
	} else {
		for _, l := range lines {
			if strings.Contains(l, "panic: main._hn") {
				continue // the session's own helpers
			}
			tb = append(tb, fallbackTraceLine(l))
		}
		if len(lines) >= maxPanicLines {
			tb = append(tb, "  ... (the outer frames were not kept)")
		}
	}
	tb = collapseFrames(tb)
	if info.zero {
		switch failing.kind() {
		case "starExpr", "selectorExpr", "indexExpr", "callExpr", "assignStmt", "defineStmt":
			info = panicInfo{msg: msgNil, runtime: true}
		}
	}
	msg := info.msg
	if info.runtime {
		msg = s.runtimeValues(msg, failing)
		return newError("RuntimeError", msg, tb...)
	}
	return newError("Panic", msg, tb...)
}

// fallbackTraceLine turns yaegi's "_.go:3:5: panic: main.f(...)" into "  in f": the
// position yaegi gives is that of the first node of the frame's body, not of the
// failing one, so it is not shown. Frames of goroutines are given this way: their
// stacks are not read (the interpreter may be compiling another cell meanwhile).
func fallbackTraceLine(l string) string {
	m := traceRE.FindStringSubmatch(l)
	if m == nil {
		return "  " + l
	}
	fn := strings.TrimPrefix(m[2], "main.")
	if fn == "main" || fn == "" {
		fn = "the cell"
	}
	switch outer := strings.TrimSuffix(fn, ".func"); {
	case fn == "func" || outer == "main":
		fn = "a function literal"
	case outer != fn:
		fn = "a function literal in " + outer
	}
	return "  in " + fn
}

// recovered is what recover gives in a cell (see recoverEdits) for the value v that
// yaegi's recover returned: the argument of panic for a panic of interpreted code (yaegi
// hands over its reflect.Value, which type assertions and type switches do not see
// through), Go's runtime error for a runtime error that reflect or the interpreter
// reported with a value that is not a runtime.Error (a string, *reflect.ValueError,
// yaegi's cfgError; Go's test recover3.go checks that it is one), v itself otherwise.
func recovered(v any) any {
	if rv, ok := v.(reflect.Value); ok {
		if rv.IsValid() && rv.CanInterface() {
			return rv.Interface()
		}
		return v
	}
	switch e := v.(type) {
	case runtime.Error:
		return v
	case *reflect.ValueError:
		if e.Kind == reflect.Invalid {
			return &runtimeError{msg: msgNil} // an operation on the zero Value of a nil pointer
		}
	case string:
		if m, ok := reflectRuntime[e]; ok {
			return &runtimeError{msg: m}
		}
	case error:
		if info := classifyPanic(v); info.runtime && info.node.ok() {
			return &runtimeError{msg: info.msg}
		}
	}
	return v
}

// recoverEdits is the rewrite that gives recover's value Go's type: every call of the
// builtin recover in a checked cell becomes _hnRecovered(recover()) (a call still made
// directly by the deferred function, as Go requires), except a recover that is itself
// the deferred or started call (defer recover(), which recovers nothing in Go).
func recoverEdits(r *lower.Result, code string) []edit {
	if r == nil || r.Info == nil || !strings.Contains(code, "recover") {
		return nil
	}
	offset := func(pos token.Pos) int {
		p := r.Fset.Position(pos)
		off := 0
		for l := 1; l < p.Line; l++ {
			i := strings.IndexByte(code[off:], '\n')
			if i < 0 {
				return -1
			}
			off += i + 1
		}
		return off + p.Column - 1
	}
	var edits []edit
	for _, f := range []*ast.File{r.Decls, r.Stmts} {
		if f == nil {
			continue
		}
		direct := map[*ast.CallExpr]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.DeferStmt:
				direct[x.Call] = true
			case *ast.GoStmt:
				direct[x.Call] = true
			case *ast.CallExpr:
				id, ok := x.Fun.(*ast.Ident)
				if !ok || len(x.Args) != 0 || direct[x] {
					return true
				}
				if b, ok := r.Info.Uses[id].(*types.Builtin); !ok || b.Name() != "recover" {
					return true
				}
				start, end := offset(x.Pos()), offset(x.End())
				if start < 0 || end < start || end > len(code) || code[start:end] != "recover()" {
					return true
				}
				edits = append(edits, edit{start, start, "_hnRecovered("}, edit{end, end, ")"})
			}
			return true
		})
	}
	return edits
}

// collapseFrames replaces a run of more than three equal frames (a recursion) by the
// first two and a line that counts the others.
func collapseFrames(tb []string) []string {
	var out []string
	for i := 0; i < len(tb); {
		j := i
		for j < len(tb) && tb[j] == tb[i] {
			j++
		}
		if j-i > 3 {
			out = append(out, tb[i], tb[i], fmt.Sprintf("  ... %d more of the frame above", j-i-2))
		} else {
			out = append(out, tb[i:j]...)
		}
		i = j
	}
	return out
}
