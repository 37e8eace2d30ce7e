// Package interp runs notebook cells of Go on the yaegi interpreter. A Session splits
// each cell into import, declaration and statement chunks, rewrites the constructs yaegi
// lacks (range over int, min/max/clear, goroutine panics), evaluates the chunks in order
// inside recover, decides from the syntax tree whether the cell has a value, and reports
// compile errors and panics with positions relative to the cell. It also implements
// magics (%time, %reset, !cmd, ...), completion, inspection and is_complete.
//
// interp never sees Jupyter: the kernel gives it writers for the standard streams, a
// display sink and an input function (see Options).
//
// How the traps of yaegi v0.16.1 (../shared/yaegi.md) are handled:
//   - parse mode: cells are cut at top-level semicolons (go/scanner) into import,
//     declaration and statement chunks; each is padded with newlines so that yaegi's
//     positions map back to the cell (line - 1).
//   - repeated imports are skipped; the value of the last expression is taken by
//     compiling it as the argument of a compiled variadic function (void calls do not
//     compile), never from yaegi's result.
//   - redefinition: the text of every top-level declaration is kept by key; a changed
//     func, type, method or const, or a name whose declaration failed, rebuilds a fresh
//     interpreter with the imports and declarations replayed and the variables carried
//     across (compiled types by value; notebook types when their representation is
//     unchanged). A failed rebuild keeps the old interpreter. Names whose declaration
//     failed are refused until declared again.
//   - rewrites: range over int (lower.RangeInts from the types; in a cell that is not
//     checked, when the syntax or the session shows an integer), min/max (constants,
//     typed helpers, generic fallback), clear, type arguments of generic calls with two
//     or more type parameters (unchecked cells; lower.Instantiate in checked ones), go
//     statements (recover in the goroutine),
//     os.Stdin (reads call Options.Input), and a call-depth guard in recursive functions
//     (runaway recursion would be a fatal stack overflow).
//   - globals and blocks: yaegi runs a cell's statements as global code, with bugs the
//     session works around (split.go): a top-level `u, err := f()` (also v, ok forms
//     and var a, b = f()) is split into single declarations through temporaries
//     (globals declared together were read from the caller's frame when a function
//     using them was called from another function); `v, ok := m[k]` / `x.(T)` becomes
//     `var v T; var ok bool; v, ok = ...` when T is known; a top-level for/if/switch
//     whose blocks declare several variables from one value, a type switch, or a loop
//     making closures runs inside func() { ... }() (they were undefined, panicked,
//     or shared one slot); loop variables captured by closures are copied per
//     iteration (Go 1.22); `x := v[i]` that yaegi's type analysis rejects ("constant
//     definition loop") is retried statement by statement, then typed with %T; a nil
//     pointer behind a reflect panic is named; Globals is made safe after a failed
//     compile.
//   - pre-checks: func main, func init, range over a function literal, assignments
//     to package variables and defer outside a function give an UnsupportedError.
//   - output order: fmt.Print*, log.*, os.Stdout/os.Stderr given to fmt.Fprint*, io,
//     bufio, log.New, tabwriter or json, and os.Stdout/os.Stderr.Write* are delivered in
//     process; os.Stdout/os.Stderr are pipes (for compiled code) drained before each of
//     those writes, all under one mutex (see output.go). yaegi's own "panic:" lines are
//     kept for the traceback, not printed.
//   - runtime errors (panics.go): Go's messages in place of reflect's (an Error named
//     RuntimeError; a panic of the cell's own is a Panic), the failing line of every
//     frame, innermost first, in the cell that declared its function, and recover
//     giving Go's values (runtime.Error; the panicked value, not its reflect.Value).
//   - goroutine panics: go statements are rewritten to recover in the goroutine (their
//     function and arguments still evaluated by the go statement), and so is the
//     function given to time.AfterFunc. A panic in a goroutine started by the running
//     cell stops that cell (like an interrupt) and is its one error, GoroutinePanic; a
//     panic in a goroutine of an earlier cell is written to the running cell's stderr,
//     or, when no cell runs, to the stderr of the next cell before its output. The
//     session and its state survive in every case.
package interp

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"io"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	yinterp "github.com/traefik/yaegi/interp"

	"github.com/hessnote/hessnote/display"
	"github.com/hessnote/hessnote/interp/lower"
	"github.com/hessnote/hessnote/interp/stdsrc"
	"github.com/hessnote/hessnote/interp/symbols"
	"github.com/hessnote/hessnote/optim"
)

// Options configure a Session.
type Options struct {
	// Stdout and Stderr receive every byte a cell writes, as it writes it: fmt.Print*,
	// print/println, log.*, os.Stdout/os.Stderr writes, and output of compiled packages.
	// Writes come from a goroutine of the session; order across the two is preserved
	// as well as the OS allows. Nil discards.
	Stdout, Stderr io.Writer
	// Sink receives displays (display.Show etc.) of running cells. The session installs
	// it with display.SetSink, wrapped so that pending stdout/stderr bytes are delivered
	// before each display (so a print followed by a Show arrives in that order).
	Sink display.Sink
	// Input, when set, is called when a cell reads standard input (fmt.Scan*, bufio on
	// os.Stdin, ...). It returns the line the user typed (without newline) or an error
	// (for example when the request did not allow stdin): the read then fails at once
	// with that error; it never hangs.
	Input func(prompt string, password bool) (string, error)
}

// Outcome is what a cell produced besides streams and displays.
type Outcome struct {
	// Value is the rendered value of the cell's last expression (display.Render), or
	// nil when the cell has none (statements, declarations, void calls).
	Value *display.Bundle
	// Page, when set, is help text to show in the pager (Jupyter payload source "page"),
	// e.g. from %help or `name?`.
	Page *display.Bundle
}

// Error is a failed cell: compile error, panic, interrupt.
type Error struct {
	Name      string   // e.g. "CompileError", "Panic", "Interrupted", "MagicError"
	Value     string   // one-line message, positions relative to the cell ("3:5: undefined: x")
	Traceback []string // lines to show (may contain ANSI colour); never nil
}

// Error returns "Name: Value".
func (e *Error) Error() string { return e.Name + ": " + e.Value }

func newError(name, value string, tb ...string) *Error {
	head := "\x1b[0;31m" + name + "\x1b[0m: " + value
	return &Error{Name: name, Value: value, Traceback: append([]string{head}, tb...)}
}

// Session is one interpreter with its state across cells. Its methods may be called
// from any goroutine; Execute calls run one at a time.
type Session struct {
	opts Options

	mu     sync.Mutex // serializes Execute and guards the fields below
	in     *yinterp.Interpreter
	rt     *cellRuntime
	filter *panicFilter
	outs   *outputs

	oldStdout, oldStderr, oldStdin *os.File
	stdinR                         *os.File

	importDone map[string]bool
	imports    []importSpec // done, in order, for replay
	decls      []declInfo   // top-level declarations in order of first definition
	declIdx    map[string]int
	// poisoned maps names whose declaration failed to the error.
	poisoned map[string]string
	// refs caches refsOf of the declarations of functions and methods, by text.
	refs map[string]map[string]bool
	// hint is added to compile errors of the running cell.
	hint string
	// commaOk is the error to give when yaegi fails with "nil type" on a cell with a
	// top-level v, ok := ... it could not rewrite.
	commaOk string
	// varTypes holds the written types of variables (for %who and inspection);
	// pendingTypes those of the running cell, kept when it succeeds.
	varTypes, pendingTypes map[string]string
	// checker type-checks cells; checked holds the types of the session's variables
	// as the checker found them ("" when not known).
	checker *lower.Checker
	checked map[string]string
	// cellRes is the check of the running cell (nil when it was not checked).
	cellRes *lower.Result
	// pending are cells of declarations waiting for names (pending.go); resolving
	// is set while they are retried.
	pending   []*pendingDecl
	resolving bool
	// entry are the functions the running cell's init and main became, to call after
	// its code (lower.Entry); cellSerial numbers the cells prepared.
	entry      []string
	cellSerial int
	// lastErrLine is the yaegi line of the last compile error, before mapping.
	lastErrLine int
	// cellNo counts the cells Execute ran; declAt says where the functions and methods
	// of the session were declared (see panics.go).
	cellNo int
	declAt map[string]declPos
	// cellCode is the running cell, evalSrc the source last given to yaegi.
	cellCode, evalSrc string
	closed            bool
}

// New starts a session: it replaces os.Stdout and os.Stderr with pipes forwarded to
// opts.Stdout and opts.Stderr, os.Stdin with an empty one, and loads the standard
// library, gonum, gonum/plot and hessnote's packages into a fresh interpreter.
func New(opts Options) (*Session, error) {
	s := &Session{opts: opts}
	var err error
	if s.outs, err = newOutputs(opts.Stdout, opts.Stderr); err != nil {
		return nil, err
	}
	r, w, err := os.Pipe()
	if err != nil {
		s.outs.close()
		return nil, err
	}
	_ = w.Close() // compiled code reading os.Stdin gets EOF at once
	s.stdinR = r
	s.oldStdout, s.oldStderr, s.oldStdin = os.Stdout, os.Stderr, os.Stdin
	os.Stdout, os.Stderr, os.Stdin = s.outs.pipes[0].w, s.outs.pipes[1].w, r
	s.filter = &panicFilter{w: s.outs.direct[1]}
	s.rt = &cellRuntime{in: &inputReader{ask: opts.Input, flush: s.flush}, rand: newLockedRand(), outs: s.outs, filter: s.filter}
	s.install()
	if err := s.reset(); err != nil {
		_ = s.Close()
		return nil, err
	}
	return s, nil
}

// reset replaces the interpreter with a fresh one and forgets every definition.
func (s *Session) reset() error {
	in, err := s.newInterp()
	if err != nil {
		return err
	}
	s.in = in
	s.importDone = map[string]bool{}
	s.imports = nil
	s.decls = nil
	s.declIdx = map[string]int{}
	s.poisoned = map[string]string{}
	s.refs = nil
	s.varTypes = map[string]string{}
	s.checked = map[string]string{}
	s.pending = nil
	return nil
}

// newInterp returns an interpreter with every symbol table and the prelude loaded.
func (s *Session) newInterp() (in *yinterp.Interpreter, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("interp: starting the interpreter: %v", r)
		}
	}()
	// The generic standard library (slices, maps, cmp, iter, rand.N) is interpreted
	// from hessnote's own sources (interp/stdsrc).
	stdsrc.DisableYaegiGenerics()
	in = yinterp.New(yinterp.Options{
		GoPath:               stdsrc.GoPath,
		SourcecodeFilesystem: stdsrc.FS(),
		Stdout:               s.outs.direct[0],
		Stderr:               s.filter,
		Stdin:                s.rt.in,
		Env:                  os.Environ(),
		Args:                 []string{"hessnote"},
	})
	if err := in.Use(stdsrc.Symbols(s.outs.stdlibSymbols(s.rt.stdlibOverrides()))); err != nil {
		return nil, err
	}
	// yaegi replaces fmt.Print, Printf and Println when it loads the standard library
	// (fixStdlib); these take their place, under a key that does not trigger it.
	if err := in.Use(unboxedStdout(s.outs.direct[0])); err != nil {
		return nil, err
	}
	if err := in.Use(stdsrc.Symbols(symbols.Symbols)); err != nil {
		return nil, err
	}
	if err := in.Use(stdsrc.Symbols(s.rt.exports())); err != nil {
		return nil, err
	}
	if _, err := in.Eval(prelude); err != nil {
		return nil, fmt.Errorf("interp: prelude: %w", err)
	}
	return in, nil
}

// flush delivers every byte written so far to stdout and stderr.
func (s *Session) flush() { s.outs.flush() }

// install installs the session's display sink and input function (display.Input and
// display.Password) for the code it runs.
func (s *Session) install() {
	if s.opts.Sink != nil {
		display.SetSink(flushSink{s: s, inner: s.opts.Sink})
	}
	display.SetInput(s.input)
}

// input is the session's display.InputFunc: it delivers pending output (the prompt's
// context) and asks Options.Input.
func (s *Session) input(prompt string, password bool) (string, error) {
	if s.opts.Input == nil {
		return "", errNoInput
	}
	s.flush()
	return s.opts.Input(prompt, password)
}

// flushSink flushes the streams before each display so that order is kept.
type flushSink struct {
	s     *Session
	inner display.Sink
}

func (f flushSink) Display(b display.Bundle, id string, update bool) {
	f.s.flush()
	f.inner.Display(b, id, update)
}

func (f flushSink) Clear(wait bool) {
	f.s.flush()
	f.inner.Clear(wait)
}

// Close restores os.Stdout/os.Stderr/os.Stdin and releases the interpreter.
func (s *Session) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	if s.opts.Sink != nil {
		display.SetSink(nil)
	}
	display.SetInput(nil)
	os.Stdout, os.Stderr, os.Stdin = s.oldStdout, s.oldStderr, s.oldStdin
	s.outs.close()
	_ = s.stdinR.Close()
	s.in = nil
	return nil
}

// Execute runs one cell. All stdout/stderr bytes of the cell have been delivered to
// Options.Stdout/Stderr when it returns. A failure is an *Error. When ctx is canceled
// (interrupt) the cell stops within milliseconds and Execute returns an *Error with
// Name "Interrupted"; the session and every earlier definition stay usable.
// Execute installs ctx with optim.SetInterrupt while the cell runs.
func (s *Session) Execute(ctx context.Context, code string) (out Outcome, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return Outcome{}, newError("SessionError", "the session is closed")
	}
	s.install()
	s.cellNo = cellNumber(ctx, s.cellNo)
	// A panic in a goroutine of this cell cancels cctx (see goPanic).
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	optim.SetInterrupt(cctx)
	defer func() {
		// After an interrupt, compiled code of the cell (a solver) may still be running
		// in yaegi's abandoned goroutine: leave the canceled context installed so that
		// it stops; the next cell installs its own.
		if cctx.Err() == nil {
			optim.SetInterrupt(nil)
		}
	}()
	s.rt.in.reset()
	callDepth.Store(0) // calls cut short by an interrupt are never left
	takeRecursion()
	defer s.flush()
	s.rt.startCell(cancel)
	defer s.rt.beginCell(cctx.Done()).ended.Store(true) // before cancel (see cellStop)
	defer func() {
		if r := recover(); r != nil {
			err = newError("InternalError", fmt.Sprint(r))
		}
		if gp := s.rt.endCell(); gp != nil {
			var e *Error
			if err == nil || errors.As(err, &e) && e.Name == "Interrupted" {
				out, err = Outcome{}, gp
			} else {
				// The cell failed on its own: report the goroutine's panic beside it.
				s.rt.reportGoPanic(gp)
			}
		}
	}()
	out, err = s.run(cctx, code)
	if cctx.Err() == nil {
		dropRoots(s.in)
	}
	if err != nil {
		if e := (*Error)(nil); !errors.As(err, &e) {
			err = newError("Error", err.Error())
		}
	}
	return out, err
}

// run dispatches magics and shell lines, and evaluates Go.
func (s *Session) run(ctx context.Context, code string) (Outcome, error) {
	if m, ok := s.magic(ctx, code); ok {
		return m.out, m.err
	}
	return s.runGo(ctx, code)
}

// runGo evaluates a cell of Go code.
func (s *Session) runGo(ctx context.Context, code string) (out Outcome, err error) {
	s.hint = ""
	s.cellCode = code
	outer := s.rt.takeDefers() // of a cell that runs this one (resolvePending)
	defer func() {
		if e := s.runDefers(); e != nil && err == nil {
			out, err = Outcome{}, e
		}
		for _, f := range outer {
			s.rt.deferCall(f)
		}
	}()
	res, err := s.typeCheck(code)
	if p, ok := err.(errPending); ok {
		if !s.resolving {
			s.notePending(p.p)
			s.resolveCycles(ctx)
		}
		return Outcome{}, nil
	}
	if err != nil {
		return Outcome{}, err
	}
	defer s.keepTypes(res)
	s.cellRes = res
	chunks, err := s.prepare(code, false)
	if err != nil {
		return Outcome{}, err
	}
	s.rt.takeValue()
	for i, c := range chunks {
		if err := ctx.Err(); err != nil {
			return Outcome{}, newError("Interrupted", "interrupted")
		}
		err := s.runChunk(ctx, code, c)
		var e *Error
		if errors.As(err, &e) && e.Name == "InterpreterError" && strings.Contains(e.Value, "(nil type)") &&
			(c.kind == kindStmt || c.kind == kindDecl) && (res == nil || res.Skip != "") {
			// yaegi failed while compiling the chunk (nothing of it ran): a range over
			// an integer whose type the syntax did not show. Retry with those ranges
			// taken as integers; keep the first error if that does not compile either.
			// A cell that type-checked has them from the types (lower.RangeInts).
			if alt, aerr := s.prepare(code, true); aerr == nil && len(alt) == len(chunks) && alt[i].text != c.text {
				if s.runChunk(ctx, code, alt[i]) == nil {
					err = nil
				}
			}
		}
		if err != nil {
			if errors.As(err, &e) && e.Name == "InterpreterError" && strings.Contains(e.Value, "(nil type)") && s.commaOk != "" {
				err = newError("UnsupportedError", s.commaOk)
			}
			if errors.As(err, &e) && (e.Name == "Panic" || e.Name == "RuntimeError") && (strings.Contains(e.Value, "on zero Value") || strings.Contains(e.Value, "nil pointer dereference")) {
				err = s.explainNil(code, e)
			}
			return Outcome{}, err
		}
	}
	for name, t := range s.pendingTypes {
		if t == "" {
			delete(s.varTypes, name)
		} else {
			s.varTypes[name] = t
		}
	}
	// A cell's func init and func main run after its other code, as in a program.
	for _, fn := range s.entry {
		if err := s.eval(ctx, ";"+fn+"()"); err != nil {
			return Outcome{}, err
		}
	}
	value := s.rt.takeValue()
	if res != nil {
		var names []string
		for _, c := range chunks {
			for _, d := range c.decls {
				names = append(names, d.name)
			}
		}
		s.dropPending(names)
		if len(names) > 0 || len(res.Defined) > 0 { // a pending cell may wait for a variable
			s.keepTypes(res) // pending cells are checked against this cell's variables
			s.resolvePending(ctx)
		}
	}
	return Outcome{Value: value}, nil
}

// prepare splits and rewrites a cell into chunks.
//
// With forceRange, a range over an expression of unknown type with a key only is taken
// as a range over an integer.
func (s *Session) prepare(code string, forceRange bool) ([]chunk, error) {
	units := splitCell(code)
	if len(units) == 0 {
		return nil, nil
	}
	p := newPosition(code)
	last := &units[len(units)-1]
	pr := parseUnits(code, units)
	if last.kind == kindStmt {
		if n := pr.nodes[len(pr.nodes)-1]; n != nil {
			if _, ok := n.(*shifted).Node.(*ast.ExprStmt); ok {
				last.kind = kindExpr
			}
		}
	}
	rw := newRewriter(code)
	rw.forceRange = forceRange
	if s.cellRes != nil && s.cellRes.Skip == "" {
		rw.setTyped(s.cellRes)
		rw.rangeFunc = map[int]bool{}
		for _, off := range lower.RangeFuncLoops(s.cellRes, code) {
			rw.rangeFunc[off] = true
		}
		for _, off := range lower.RangeIntLoops(s.cellRes, code) {
			rw.rangeFunc[off] = true
		}
	}
	s.entry = nil
	if len(s.poisoned) > 0 {
		// A name whose declaration failed is poisoned in yaegi: refuse its use until it
		// is declared again.
		cellDefs := newRewriter(code)
		cellDefs.namesOnly = true
		for _, n := range pr.nodes {
			if n != nil {
				cellDefs.collectNames(n.(*shifted))
			}
		}
		for _, n := range pr.nodes {
			if n == nil {
				continue
			}
			var bad *ast.Ident
			ast.Inspect(n.(*shifted).Node, func(x ast.Node) bool {
				if id, ok := x.(*ast.Ident); ok && bad == nil {
					if _, p := s.poisoned[id.Name]; p && !cellDefs.defined[id.Name] {
						bad = id
					}
				}
				return bad == nil
			})
			if bad != nil {
				l, c := p.lineCol(n.(*shifted).off(bad.Pos()))
				return nil, newError("NameError", fmt.Sprintf("%d:%d: %s cannot be used: its declaration failed (%s); declare it again", l, c, bad.Name, s.poisoned[bad.Name]))
			}
		}
	}
	for _, d := range s.decls {
		rw.defined[d.name] = true
		if strings.HasPrefix(d.key, "type ") {
			rw.typeNames[d.name] = true
		}
		if strings.HasPrefix(d.key, "func ") && !rw.typed {
			rw.addGenericText(d.text)
		}
		if strings.HasPrefix(d.key, "const ") {
			rw.consts[d.name] = true
		}
	}
	s.callGraph(rw, pr.nodes)
	rw.globals = s.globals()
	imports := s.importNames(code)
	rw.isPkg = func(name string) bool { return s.isPackage(imports, name) }
	for name, v := range rw.globals {
		rw.defined[name] = true
		if v.IsValid() && !rw.typed {
			if k := v.Kind().String(); basicTypes[k] {
				rw.types[name] = k
			}
		}
	}
	for _, n := range pr.nodes {
		if n != nil {
			rw.collectNames(n.(*shifted))
		}
	}
	// A redeclaration Redefine makes an assignment is not split (splitDefineX).
	var redits []lower.Edit
	var rrefused []lower.Refusal
	if r := s.cellRes; r != nil && r.Skip == "" {
		redits, rrefused = lower.Redefine(r, code)
		for _, e := range redits {
			if e.End > e.Start {
				rw.assigned[e.Start] = true
			}
		}
	}
	for i, n := range pr.nodes {
		if n != nil {
			if units[i].kind == kindStmt {
				rw.wrapBlock(n.(*shifted))
				rw.splitDefineX(n.(*shifted), i)
			}
			rw.rewrite(n.(*shifted))
			if units[i].kind == kindStmt && !rw.typed {
				rw.collectTypeTexts(n.(*shifted))
			}
		}
	}
	if rw.typed {
		rw.typedVarTypes()
	}
	s.pendingTypes = rw.typeTexts
	s.hint = rw.hint
	s.commaOk = ""
	if rw.commaOkHint != "" {
		l, c := p.lineCol(rw.commaOkOff)
		s.commaOk = fmt.Sprintf("%d:%d: the interpreter cannot declare `%s` at the top level of a cell; declare the variables first (var v T; var ok bool; v, ok = ...) or put the code in a function", l, c, strings.ReplaceAll(rw.commaOkHint, "\n", " "))
	}
	if rw.unsupported != "" {
		l, c := p.lineCol(rw.unsupOff)
		return nil, newError("UnsupportedError", fmt.Sprintf("%d:%d: %s", l, c, rw.unsupported))
	}
	if r := s.cellRes; r != nil && r.Skip == "" {
		if len(rrefused) > 0 {
			return nil, newError("UnsupportedError", rrefused[0].Error())
		}
		edits, entry, err := lowerCell(r, code, s.cellSerial+1)
		if err != nil {
			return nil, err
		}
		s.cellSerial++
		s.entry = entry
		rw.edits = append(rw.edits, edits...)
		for _, e := range redits {
			rw.edits = append(rw.edits, edit{e.Start, e.End, e.Text})
		}
		if a, b, bad := overlaps(rw.edits); bad {
			return nil, newError("InternalError", fmt.Sprintf("two of the interpreter's rewrites of this cell overlap (%s and %s); the cell was not run: please report it", describeEdit(code, a), describeEdit(code, b)))
		}
	}
	var chunks []chunk
	for i, u := range units {
		n, _ := pr.nodes[i].(*shifted)
		if u.kind == kindPackage {
			continue
		}
		if u.kind == kindImport && n != nil {
			// Imports are evaluated one unit at a time so repeats can be skipped.
			c := chunk{kind: kindImport, start: u.start, end: u.end}
			var edits []edit
			all := true
			for _, is := range n.Node.(*ast.File).Imports {
				path, _ := strconv.Unquote(is.Path.Value)
				spec := importSpec{path: path, start: n.off(is.Pos()), end: n.off(is.End())}
				if is.Name != nil {
					spec.name = is.Name.Name
				}
				if s.importDone[spec.key()] {
					edits = append(edits, edit{spec.start, spec.end, blank(code[spec.start:spec.end])})
					continue
				}
				all = false
				c.imports = append(c.imports, spec)
			}
			if all {
				continue
			}
			c.text = pad(p, u.start, applyEdits(code, u.start, u.end, edits))
			chunks = append(chunks, c)
			continue
		}
		if len(chunks) > 0 && u.kind != kindExpr && u.kind != kindImport && chunks[len(chunks)-1].kind == u.kind {
			c := &chunks[len(chunks)-1]
			c.end = u.end
			c.units = append(c.units, u)
			if n != nil {
				c.decls = append(c.decls, declsOf(code, n, s.constDecl)...)
			}
			continue
		}
		c := chunk{kind: u.kind, start: u.start, end: u.end, units: []unit{u}}
		if u.kind == kindDecl && n != nil {
			c.decls = declsOf(code, n, s.constDecl)
		}
		chunks = append(chunks, c)
	}
	// A cell of declarations and var statements is regrouped by its dependencies
	// (orderChunks); in another cell, variables used by declarations before their var
	// statement are declared with those declarations (lower.ForwardVars).
	ordered := s.orderChunks(code, units, pr, rw.edits, chunks)
	var forward []lower.Forward
	if r := s.cellRes; ordered == nil && r != nil && r.Skip == "" {
		var fedits []lower.Edit
		fedits, forward = lower.ForwardVars(r, code)
		for _, e := range fedits {
			rw.edits = append(rw.edits, edit{e.Start, e.End, e.Text})
		}
	}
	for i := range chunks {
		c := &chunks[i]
		if c.kind == kindImport {
			continue
		}
		c.text = applyEdits(code, c.start, c.end, rw.edits)
		if c.kind == kindStmt && len(c.units) > 1 {
			for _, u := range c.units {
				c.unitTexts = append(c.unitTexts, applyEdits(code, u.start, u.end, rw.edits))
			}
		}
		if c.kind == kindDecl {
			// Record the rewritten text of each declaration for replay.
			for j := range c.decls {
				c.decls[j].text = rewrittenDecl(code, c.decls[j].text, rw.edits)
			}
		}
	}
	if ordered != nil {
		return ordered, nil
	}
	return s.declsFirst(code, chunks, forward), nil
}

// callGraph sets rw.known to the functions and types the session and the cell declare,
// and rw.recursive to the functions on a cycle of calls among the session's functions
// (the cell's replacing those of the same key).
func (s *Session) callGraph(rw *rewriter, nodes []ast.Node) {
	if s.refs == nil {
		s.refs = map[string]map[string]bool{}
	}
	rw.known = map[string]bool{}
	graph := map[string]map[string]bool{}
	add := func(node string, refs map[string]bool) {
		if graph[node] == nil {
			graph[node] = map[string]bool{}
		}
		for r := range refs {
			graph[node][r] = true
		}
	}
	cellKeys, cellNodes := map[string]bool{}, map[string]bool{}
	for _, n := range nodes {
		sh, ok := n.(*shifted)
		if !ok {
			continue
		}
		ast.Inspect(sh.Node, func(x ast.Node) bool {
			switch x := x.(type) {
			case *ast.FuncDecl:
				rw.known[x.Name.Name] = true
				if x.Recv == nil {
					cellKeys["func "+x.Name.Name] = true
				} else {
					cellKeys["method "+recvName(x.Recv.List[0].Type)+"."+x.Name.Name] = true
				}
				if x.Body != nil {
					add(funcNode(x), refsOf(x.Body))
					cellNodes[funcNode(x)] = true
				}
				return false
			case *ast.TypeSpec:
				rw.known[x.Name.Name] = true
			}
			return true
		})
	}
	for _, d := range s.decls {
		if strings.HasPrefix(d.key, "type ") {
			rw.known[d.name] = true
		}
		if !strings.HasPrefix(d.key, "func ") && !strings.HasPrefix(d.key, "method ") {
			continue
		}
		if !strings.HasPrefix(d.key, "method ") {
			rw.known[d.name] = true
		}
		if cellKeys[d.key] {
			continue
		}
		refs, ok := s.refs[d.text]
		if !ok {
			f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+d.text, 0)
			if err == nil && len(f.Decls) > 0 {
				if fd, ok := f.Decls[0].(*ast.FuncDecl); ok && fd.Body != nil {
					refs = refsOf(fd.Body)
				}
			}
			s.refs[d.text] = refs
		}
		node := d.name
		if i := strings.LastIndex(d.name, "."); strings.HasPrefix(d.key, "method ") && i >= 0 {
			node = d.name[i:]
		}
		add(node, refs)
	}
	rw.recursive = recursive(graph, cellNodes)
}

// runDefers makes the deferred calls of the cell (lower.CellDefer), last first, even
// after a panic of the cell, and returns the first panic of one of them.
func (s *Session) runDefers() (first *Error) {
	ds := s.rt.takeDefers()
	for i := len(ds) - 1; i >= 0; i-- {
		func() {
			defer func() {
				if r := recover(); r != nil && first == nil {
					first = s.convert(yinterp.Panic{Value: r})
				}
			}()
			ds[i]()
		}()
	}
	return first
}

// rewrittenDecl applies the edits that fall inside the declaration text.
func rewrittenDecl(code, text string, edits []edit) string {
	i := strings.Index(code, text)
	if i < 0 {
		return text
	}
	return applyEdits(code, i, i+len(text), edits)
}

// runChunk evaluates one chunk.
func (s *Session) runChunk(ctx context.Context, code string, c chunk) error {
	p := newPosition(code)
	switch c.kind {
	case kindImport:
		if err := s.eval(ctx, c.text); err != nil {
			return s.wrapImportError(err)
		}
		for _, is := range c.imports {
			s.importDone[is.key()] = true
			s.imports = append(s.imports, is)
		}
		return nil
	case kindDecl:
		err := s.runDecls(ctx, pad(p, c.start, c.text), c.decls)
		if err == nil {
			s.noteDecls(code, c.decls)
		}
		return err
	case kindStmt:
		err := s.eval(ctx, ";"+pad(p, c.start, c.text))
		var e *Error
		if errors.As(err, &e) && e.Name == "CompileError" && strings.Contains(e.Value, "CFG post-order panic") {
			// yaegi's message for some undefined names in a top-level := (x := y[0]);
			// compiling the chunk inside a function may give the real one.
			if _, derr := s.compile(";_ = func() {" + pad(p, c.start, c.text) + "\n}"); derr != nil {
				return s.undefinedAt(code, s.convert(derr))
			}
			return s.undefinedAt(code, e)
		}
		if errors.As(err, &e) && e.Name == "CompileError" && strings.Contains(e.Value, "constant definition loop") {
			// yaegi's message for an undefined name in a top-level :=; compiling the
			// chunk inside a function gives the real one.
			if _, derr := s.compile(";_ = func() {" + pad(p, c.start, c.text) + "\n}"); derr != nil {
				return s.undefinedAt(code, s.convert(derr))
			}
			// The chunk is valid Go: yaegi's global type analysis failed on it (for
			// example x := v[0] after a := with a function literal, where v came from a
			// call with several results). Nothing ran (it failed while compiling):
			// evaluate the statements one by one, each then sees the types before it.
			if len(c.unitTexts) > 1 {
				return s.runStmtUnits(ctx, code, c)
			}
			if s.runTypedDefine(ctx, code, c) {
				return nil
			}
			e.Value += " (the interpreter could not work out the type of the variable declared here; declare it with its type, as in var w []float64 = v[0])"
			e.Traceback[0] = "\x1b[0;31m" + e.Name + "\x1b[0m: " + e.Value
		}
		return err
	case kindExpr:
		return s.runExpr(ctx, p, c)
	}
	return nil
}

// explainNil names the variable behind a nil dereference. yaegi reports a field or
// method of a nil pointer to a compiled struct as a reflect panic ("reflect: call of
// reflect.Value.Field on zero Value"), typically after a call that returned (nil, err)
// and an error that went unchecked, as in train, err := data.MNISTTrain(500) without
// MNIST. The first x.Sel of the cell where x is a session variable holding a nil
// pointer or interface is named; yaegi's message stays in the traceback.
func (s *Session) explainNil(code string, e *Error) *Error {
	g := s.globals()
	units := splitCell(code)
	pr := parseUnits(code, units)
	p := newPosition(code)
	for _, n := range pr.nodes {
		sh, ok := n.(*shifted)
		if !ok {
			continue
		}
		var found *ast.SelectorExpr
		ast.Inspect(sh.Node, func(x ast.Node) bool {
			sel, ok := x.(*ast.SelectorExpr)
			if !ok || found != nil {
				return found == nil
			}
			id, ok := sel.X.(*ast.Ident)
			if !ok {
				return true
			}
			v, ok := g[id.Name]
			if ok && v.IsValid() && (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) && v.IsNil() {
				found = sel
			}
			return found == nil
		})
		if found == nil {
			continue
		}
		name := found.X.(*ast.Ident).Name
		l, c := p.lineCol(sh.off(found.Pos()))
		msg := fmt.Sprintf("%d:%d: nil pointer dereference: %s is nil where the cell uses %s.%s; if %s came from a call that also returned an error, check that error first (if err != nil { ... })",
			l, c, name, name, found.Sel.Name, name)
		return newError("RuntimeError", msg, append([]string{"  " + e.Value}, e.Traceback[1:]...)...)
	}
	return e
}

// undefinedAt turns yaegi's "l:c: CFG post-order panic: nil type" into
// "l:c: undefined: name" when the name at l:c is not a variable of the session.
func (s *Session) undefinedAt(code string, e *Error) *Error {
	if !strings.Contains(e.Value, "CFG post-order panic: nil type") {
		return e
	}
	name := identAt(code, e.Value)
	if name == "" {
		return e
	}
	if _, ok := s.globals()[name]; ok || s.isPackage(s.importNames(code), name) {
		return e
	}
	for _, d := range s.decls {
		if d.name == name {
			return e
		}
	}
	e.Value = strings.Replace(e.Value, "CFG post-order panic: nil type", "undefined: "+name, 1)
	e.Traceback[0] = "\x1b[0;31m" + e.Name + "\x1b[0m: " + e.Value
	return e
}

// identAt returns the identifier at the cell position "line:col: ..." that starts msg.
func identAt(code, msg string) string {
	m := posRE.FindStringSubmatch(msg)
	if m == nil {
		return ""
	}
	l, _ := strconv.Atoi(m[1])
	c, _ := strconv.Atoi(m[2])
	lines := strings.Split(code, "\n")
	if l < 1 || l > len(lines) || c < 1 || c > len(lines[l-1]) {
		return ""
	}
	rest := lines[l-1][c-1:]
	end := strings.IndexFunc(rest, func(r rune) bool {
		return !(r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r))
	})
	if end < 0 {
		end = len(rest)
	}
	if end == 0 || token.Lookup(rest[:end]).IsKeyword() {
		return ""
	}
	return rest[:end]
}

// runStmtUnits evaluates the statements of a chunk one at a time.
func (s *Session) runStmtUnits(ctx context.Context, code string, c chunk) error {
	for i, u := range c.units {
		one := chunk{kind: kindStmt, start: u.start, end: u.end, text: c.unitTexts[i], units: []unit{u}}
		if err := s.runChunk(ctx, code, one); err != nil {
			return err
		}
	}
	return nil
}

// runTypedDefine retries a statement `name := expr` that yaegi's global type analysis
// failed on ("constant definition loop": an index of a compiled slice or map once the
// session holds a function literal) as `var name T = expr`, with T the type of the
// value found by %T. Only expressions without calls are retried (expr is evaluated
// twice). It reports whether the retry ran.
func (s *Session) runTypedDefine(ctx context.Context, code string, c chunk) bool {
	st, err := parser.ParseExpr("func(){" + c.text + "\n}")
	if err != nil {
		return false
	}
	body := st.(*ast.FuncLit).Body.List
	if len(body) != 1 {
		return false
	}
	as, ok := body[0].(*ast.AssignStmt)
	if !ok || as.Tok != token.DEFINE || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
		return false
	}
	id, ok := as.Lhs[0].(*ast.Ident)
	if !ok || id.Name == "_" {
		return false
	}
	calls := false
	ast.Inspect(as.Rhs[0], func(x ast.Node) bool {
		switch x.(type) {
		case *ast.CallExpr, *ast.FuncLit, *ast.UnaryExpr:
			calls = true
		}
		return !calls
	})
	if calls {
		return false
	}
	off := int(as.Rhs[0].Pos()) - int(st.Pos()) - len("func(){")
	end := int(as.Rhs[0].End()) - int(st.Pos()) - len("func(){")
	if off < 0 || end > len(c.text) || off > end {
		return false
	}
	expr := c.text[off:end]
	typ, ok := s.evalString(ctx, `func() string { return _hnfmt.Sprintf("%T", `+expr+`) }()`)
	if !ok || typ == "" || strings.ContainsAny(typ, "{}") || strings.Contains(typ, "main.") || strings.Contains(typ, "yaegi") {
		return false
	}
	p := newPosition(code)
	return s.eval(ctx, ";"+pad(p, c.start, "var "+id.Name+" "+typ+" = "+expr)) == nil
}

// runExpr evaluates the cell's last expression and records its value, if it has one.
// Whether it has one is decided by compiling it as the argument of a compiled variadic
// function: a void call does not compile; a call with several results shows the first. yaegi's own
// result of an Eval is never used (it is stale after void calls and loops).
func (s *Session) runExpr(ctx context.Context, p position, c chunk) error {
	plain := ";" + pad(p, c.start, c.text)
	if printCall(c.text) {
		return s.eval(ctx, plain)
	}
	several := s.cellRes != nil && s.cellRes.Skip == "" && s.cellRes.Last == lower.Tuple
	if s.hasDisplayMethods() && !several && !strings.Contains(c.text, "_hnMin(") && !strings.Contains(c.text, "_hnMax(") {
		if _, err := s.compile(";" + padPrefix(p, c.start, "_hnfmt.Sprint(", c.text) + ")"); err != nil {
			// No value (a void call) or an error: run it plainly so that errors read naturally.
			return s.eval(ctx, plain)
		}
		// Keep the value inside the interpreter, where its methods are visible.
		for _, lhs := range []string{"_hnV := ", "_hnV, _ := ", "_hnV, _, _ := ", "_hnV, _, _, _ := "} {
			prog, err := s.compile(";" + padPrefix(p, c.start, lhs, c.text))
			if err != nil {
				continue
			}
			if err := s.execute(ctx, prog); err != nil {
				return err
			}
			s.rt.setValue(s.renderLast(ctx))
			return nil
		}
	}
	// Keep is a compiled variadic func(...interface{}): a void call does not compile.
	prog, err := s.compile(";" + padPrefix(p, c.start, "_hnrt.Keep(", c.text) + ")")
	if err != nil {
		// No value (a void call) or an error: run it plainly so that errors read naturally.
		return s.eval(ctx, plain)
	}
	if err := s.execute(ctx, prog); err != nil {
		return err
	}
	kept := s.rt.takeKept()
	if t, ok := kept.(tuple); ok {
		s.rt.setValue(tuple(unboxArgs(t)).render())
	} else {
		s.rt.setValue(display.Render(unboxValue(kept)))
	}
	return nil
}

// padPrefix is pad with prefix put in front of text, inside the padding when it fits
// so that columns stay those of the cell.
func padPrefix(p position, start int, prefix, text string) string {
	line, col := p.lineCol(start)
	sp := col - 1 - len(prefix)
	if sp < 0 {
		sp = 0
	}
	return strings.Repeat("\n", line) + strings.Repeat(" ", sp) + prefix + text
}

// renderLast renders _hnV, the value of the last expression. Methods HTML, Markdown,
// LaTeX and String of types defined in the notebook are called inside the interpreter,
// since compiled code cannot see them.
func (s *Session) renderLast(ctx context.Context) display.Bundle {
	v, ok := s.globalsRaw()["_hnV"]
	var b display.Bundle
	if ok && v.IsValid() && v.CanInterface() && compiledType(v.Type(), 0) {
		b = display.Render(v.Interface())
	} else {
		b = display.Bundle{Data: map[string]any{}}
		if txt, ok := s.evalString(ctx, "_hnfmt.Sprint(_hnV)"); ok {
			b.Data["text/plain"] = txt
		} else if ok && v.IsValid() && v.CanInterface() {
			b.Data["text/plain"] = fmt.Sprint(v.Interface())
		}
	}
	if !s.hasDisplayMethods() {
		return b
	}
	for _, m := range [][2]string{{"String", "text/plain"}, {"HTML", "text/html"}, {"Markdown", "text/markdown"}, {"LaTeX", "text/latex"}} {
		if txt, ok := s.evalString(ctx, "_hnV."+m[0]+"()"); ok {
			if b.Data == nil {
				b.Data = map[string]any{}
			}
			b.Data[m[1]] = txt
		}
	}
	return b
}

// hasDisplayMethods reports whether the notebook defines a String, HTML, Markdown or
// LaTeX method.
func (s *Session) hasDisplayMethods() bool {
	for _, d := range s.decls {
		if strings.HasPrefix(d.key, "method ") {
			switch d.key[strings.LastIndex(d.key, ".")+1:] {
			case "String", "HTML", "Markdown", "LaTeX":
				return true
			}
		}
	}
	return false
}

// evalString compiles and runs expr, which must be a string expression, and returns it.
func (s *Session) evalString(ctx context.Context, expr string) (txt string, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	prog, err := s.compile("_hnS := " + expr)
	if err != nil {
		return "", false
	}
	if err := s.execute(ctx, prog); err != nil {
		if e, ok := err.(*Error); ok && e.Name == "RecursionError" {
			// A String method that formats its own receiver: show why.
			return e.Name + ": " + e.Value, true
		}
		return "", false
	}
	v, found := s.globalsRaw()["_hnS"]
	if !found || v.Kind() != reflect.String {
		return "", false
	}
	return v.String(), true
}

// globalsRaw is Globals of the interpreter inside recover.
func (s *Session) globalsRaw() map[string]reflect.Value { return s.safeGlobals() }

// compiledType reports whether t is made only of compiled types, so that compiled code
// (display.Render) sees the value as it is.
func compiledType(t reflect.Type, depth int) bool {
	if depth > 8 || strings.HasPrefix(t.PkgPath(), "github.com/traefik/yaegi") {
		return false
	}
	if t.Name() != "" {
		return true
	}
	switch t.Kind() {
	case reflect.Func, reflect.Struct, reflect.Interface, reflect.Chan, reflect.UnsafePointer:
		return false
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return compiledType(t.Elem(), depth+1)
	case reflect.Map:
		return compiledType(t.Key(), depth+1) && compiledType(t.Elem(), depth+1)
	}
	return true
}

// eval runs src through yaegi inside recover.
func (s *Session) eval(ctx context.Context, src string) error { return s.evalShift(ctx, src, 0) }

// evalShift is eval for a source where shift lines precede the cell's chunk.
func (s *Session) evalShift(ctx context.Context, src string, shift int) (err error) {
	s.filter.take()
	s.evalSrc = src
	defer func() {
		if r := recover(); r != nil {
			err = s.convertShift(yinterp.Panic{Value: r}, shift)
		}
	}()
	_, err = s.in.EvalWithContext(ctx, src)
	if re := takeRecursion(); re != nil {
		return s.recursionError(re)
	}
	if err != nil {
		return s.convertShift(err, shift)
	}
	return nil
}

func (s *Session) compile(src string) (prog *yinterp.Program, err error) {
	defer func() {
		if r := recover(); r != nil {
			prog, err = nil, fmt.Errorf("%v", r)
		}
	}()
	s.evalSrc = src
	return s.in.Compile(src)
}

func (s *Session) execute(ctx context.Context, prog *yinterp.Program) (err error) {
	s.filter.take()
	defer func() {
		if r := recover(); r != nil {
			err = s.convert(yinterp.Panic{Value: r})
		}
	}()
	_, err = s.in.ExecuteWithContext(ctx, prog)
	if re := takeRecursion(); re != nil {
		return s.recursionError(re)
	}
	if err != nil {
		return s.convert(err)
	}
	return nil
}

// posRE matches positions in yaegi messages; line numbers are one more than the cell's.
var posRE = regexp.MustCompile(`(?:[\w.-]*\.go:)?\b(\d+):(\d+)\b`)

// mapPos rewrites yaegi positions in msg to cell positions; shift is the number of
// lines put before the cell's chunk in the evaluated source.
func mapPos(msg string, shift int) string {
	return posRE.ReplaceAllStringFunc(msg, func(m string) string {
		sm := posRE.FindStringSubmatch(m)
		l, _ := strconv.Atoi(sm[1])
		if l-1-shift >= 1 {
			l = l - 1 - shift
		}
		return strconv.Itoa(l) + ":" + sm[2]
	})
}

// incompleteRE matches yaegi's message for an undefined name in some positions.
var incompleteRE = regexp.MustCompile(`CFG post-order panic: (\S+): incomplete type (\w+)`)

// traceRE matches yaegi's "panic:" lines: "_.go:3:5: panic: main.f(...)".
var traceRE = regexp.MustCompile(`^(.*?): panic(?:: (.*?)\(\.\.\.\))?$`)

// convert turns an error from yaegi into an *Error.
func (s *Session) convert(err error) *Error { return s.convertShift(err, 0) }

// recursionError is the error of a cell stopped by the depth guard.
func (s *Session) recursionError(re *recursionError) *Error {
	s.filter.take() // yaegi's "panic:" line of every frame
	return newError("RecursionError", re.Error()+"; the session and its definitions are kept")
}

func (s *Session) convertShift(err error, shift int) *Error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		// yaegi returns at once; give the canceled goroutine a moment to notice.
		time.Sleep(5 * time.Millisecond)
		s.filter.take()
		return newError("Interrupted", "interrupted by the user; every earlier definition is kept")
	}
	var p yinterp.Panic
	if errors.As(err, &p) {
		lines := s.filter.take()
		msg := fmt.Sprint(p.Value)
		if e, ok := p.Value.(error); ok {
			msg = e.Error()
		}
		if re, ok := p.Value.(*recursionError); ok {
			return s.recursionError(re)
		}
		if strings.HasPrefix(msg, "os.Exit(") {
			return newError("Exit", msg+" called: the session keeps running")
		}
		if msg == "nil type" || strings.Contains(msg, "nil pointer dereference") && len(lines) == 0 {
			return newError("InterpreterError", "the interpreter failed on a construct it does not support ("+msg+"); "+
				"if the cell ranges over an integer or a function, write `for i := 0; i < n; i++` or call the function with a callback")
		}
		if msg == "nil reflect type" {
			return newError("InterpreterError", "the interpreter cannot assign the result of a generic call (for example min or max of values of unknown type) at top level; "+
				"give the type: var m float64 = min(a, b)")
		}
		return s.panicError(p, lines, shift)
	}
	var el scanner.ErrorList
	if errors.As(err, &el) && len(el) > 0 {
		var tb []string
		for _, e := range el {
			tb = append(tb, mapPos(e.Error(), shift))
		}
		return newError("CompileError", mapPos(el[0].Error(), shift), tb[1:]...)
	}
	raw := err.Error()
	if m := incompleteRE.FindStringSubmatch(raw); m != nil {
		raw = m[1] + ": undefined: " + m[2]
	}
	s.lastErrLine = 0
	if m := posRE.FindStringSubmatch(raw); m != nil {
		s.lastErrLine, _ = strconv.Atoi(m[1])
	}
	msg := mapPos(raw, shift)
	if strings.Contains(raw, "undefined selector: slices.") || strings.Contains(raw, "undefined selector: maps.") {
		msg += " (the interpreter's standard library lacks the generic functions of slices and maps: write a loop, or use sort)"
	} else if s.hint != "" {
		msg += " (" + s.hint + ")"
	}
	return newError("CompileError", msg)
}

func (s *Session) wrapImportError(err error) error {
	e, ok := err.(*Error)
	if !ok {
		return err
	}
	if strings.Contains(e.Value, "unable to find source") || strings.Contains(e.Value, "cannot find package") {
		e.Value += " (importable: the standard library, gonum.org/v1/gonum/{mat,floats,stat,optimize,diff/fd}, gonum.org/v1/plot/..., github.com/hessnote/hessnote/{optim,display,...})"
		e.Traceback[0] = "\x1b[0;31m" + e.Name + "\x1b[0m: " + e.Value
	}
	return e
}

// printCall reports whether expr is a call of fmt's or log's printing functions, whose
// results (byte count, error) are not shown as the cell's value.
func printCall(expr string) bool {
	e, err := parser.ParseExpr(expr)
	if err != nil {
		return false
	}
	call, ok := e.(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	name := sel.Sel.Name
	switch name {
	case "Write", "WriteString", "WriteByte", "WriteRune", "Printf", "Println", "Print":
		return true // writers and loggers: (n, err) is noise
	}
	if !ok {
		return false
	}
	return pkg.Name == "fmt" && (strings.HasPrefix(name, "Print") || strings.HasPrefix(name, "Fprint"))
}
