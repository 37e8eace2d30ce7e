package interp

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"

	yinterp "github.com/traefik/yaegi/interp"
)

// Redefinition. yaegi keeps old function bodies in earlier callers, ignores a redefined
// type or method and poisons a name whose declaration failed. The session therefore keeps
// the text of every top-level declaration by key and, when a cell changes one (or
// defines a name whose earlier declaration failed), builds a fresh interpreter, replays
// the imports and declarations with the new text, and carries the variables across. If
// the new text does not compile, the old interpreter (and so the old definition) stays.

// runDecls evaluates a declaration chunk.
func (s *Session) runDecls(ctx context.Context, src string, decls []declInfo) error {
	needRebuild := s.methodAfterUse(decls)
	for _, d := range decls {
		if i, ok := s.declIdx[d.key]; ok && s.decls[i].text != d.text {
			needRebuild = true
		}
		if _, bad := s.poisoned[d.name]; bad {
			needRebuild = true
		}
	}
	if !needRebuild {
		err := s.eval(ctx, src)
		if err != nil {
			msg := err.Error()
			if e, ok := err.(*Error); ok {
				msg = e.Value
			}
			for _, d := range decls {
				if _, ok := s.declIdx[d.key]; !ok {
					s.poisoned[d.name] = msg
				}
			}
			return err
		}
		s.record(decls)
		return nil
	}
	return s.safeRebuild(ctx, src, decls)
}

// safeRebuild is rebuild inside recover; a panic keeps the old interpreter.
func (s *Session) safeRebuild(ctx context.Context, src string, decls []declInfo) (err error) {
	old := s.in
	defer func() {
		if r := recover(); r != nil {
			s.in = old
			err = newError("RedefinitionError", fmt.Sprintf("rebuilding the session failed (%v); the old definitions are kept; run %%reset to start over", r))
		}
	}()
	return s.rebuild(ctx, src, decls)
}

// record adds or replaces declarations.
func (s *Session) record(decls []declInfo) {
	for _, d := range decls {
		delete(s.poisoned, d.name)
		if i, ok := s.declIdx[d.key]; ok {
			s.decls[i] = d
			continue
		}
		s.declIdx[d.key] = len(s.decls)
		s.decls = append(s.decls, d)
	}
}

// rebuild makes a fresh interpreter with the session's imports, variables and
// declarations, where decls (whose padded source is src) replace those with the same key.
func (s *Session) rebuild(ctx context.Context, src string, decls []declInfo) error {
	in, err := s.newInterp()
	if err != nil {
		return newError("InternalError", err.Error())
	}
	old := s.in
	oldGlobals := s.globals()
	restore := func() { s.in = old }
	s.in = in
	// 1. Imports.
	if len(s.imports) > 0 {
		var b strings.Builder
		b.WriteString("import (\n")
		for _, is := range s.imports {
			fmt.Fprintf(&b, "\t%s\n", is.key())
		}
		b.WriteString(")")
		if err := s.eval(ctx, b.String()); err != nil {
			restore()
			return newError("RedefinitionError", "replaying imports failed: "+err.Error())
		}
	}
	// 2. Variables of compiled types, carried by value.
	replaced := map[string]bool{}
	for _, d := range decls {
		replaced[d.key] = true
	}
	declared := map[string]bool{}
	for _, d := range s.decls {
		declared[d.name] = true
	}
	for _, d := range decls {
		declared[d.name] = true
	}
	carry := map[string]reflect.Value{}
	var dropped []string
	var names []string
	for name := range oldGlobals {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		v := oldGlobals[name]
		if declared[name] {
			continue
		}
		if !v.IsValid() || !carryable(v.Type(), 0) {
			dropped = append(dropped, name)
			continue
		}
		c := reflect.New(v.Type()).Elem()
		c.Set(v)
		carry[name] = c
	}
	if len(carry) > 0 {
		if err := s.useCarry(ctx, carry); err != nil {
			restore()
			return newError("RedefinitionError", "carrying variables failed: "+err.Error())
		}
	}
	// 3. Declarations: the earlier ones the cell does not replace, then the new chunk,
	// whose positions are mapped back to the cell.
	var b strings.Builder
	type span struct {
		from int
		name string
	}
	var spans []span
	nl := 1
	for _, d := range s.decls {
		if replaced[d.key] {
			continue
		}
		spans = append(spans, span{nl, d.name})
		b.WriteString(d.text)
		b.WriteString("\n")
		nl += strings.Count(d.text, "\n") + 1
	}
	shift := nl - 1
	b.WriteString(src)
	if err := s.evalShift(ctx, b.String(), shift); err != nil {
		restore()
		e, _ := err.(*Error)
		if e == nil {
			return err
		}
		// An error inside an earlier declaration: say which.
		if line := s.lastErrLine; line > 0 && line <= shift && len(spans) > 0 {
			who := spans[0].name
			for _, sp := range spans {
				if line >= sp.from {
					who = sp.name
				}
			}
			e.Value = fmt.Sprintf("the new definition breaks the earlier definition of %s (%s); the old definitions are kept: redefine %s too, or run %%reset", who, e.Value, who)
			e.Traceback = []string{"\x1b[0;31m" + e.Name + "\x1b[0m: " + e.Value}
		}
		return e
	}
	// 4. Variables of types defined in the notebook: kept when their type is unchanged.
	var lost []string
	for _, name := range dropped {
		if !s.carryTyped(ctx, name, oldGlobals[name]) {
			lost = append(lost, name)
		}
	}
	s.record(decls)
	if len(lost) > 0 {
		fmt.Fprintf(os.Stderr, "note: the redefinition rebuilt the session; these variables could not be kept (their types changed or are function values): %s; re-run the cells that define them\n", strings.Join(lost, ", "))
	}
	return nil
}

// useCarry declares the carried variables in the current interpreter.
func (s *Session) useCarry(ctx context.Context, carry map[string]reflect.Value) error {
	exp := map[string]reflect.Value{}
	var b strings.Builder
	b.WriteString(";")
	for name, v := range carry {
		exp[name] = v
		fmt.Fprintf(&b, "%s := _hncarry.%s; ", name, name)
	}
	if err := s.in.Use(yinterp.Exports{"_hncarry/_hncarry": exp}); err != nil {
		return err
	}
	if err := s.eval(ctx, `import _hncarry "_hncarry"`); err != nil {
		return err
	}
	return s.eval(ctx, b.String())
}

// carryTyped re-declares name with a notebook-defined type T (or *T, []T) whose
// representation is unchanged, and copies the value.
func (s *Session) carryTyped(ctx context.Context, name string, v reflect.Value) bool {
	if !v.IsValid() {
		return false
	}
	for _, d := range s.decls {
		if !strings.HasPrefix(d.key, "type ") {
			continue
		}
		for _, form := range []string{"%s", "*%s", "[]%s"} {
			texpr := fmt.Sprintf(form, d.name)
			if err := s.eval(ctx, fmt.Sprintf(";var _hnz %s", texpr)); err != nil {
				continue
			}
			z, ok := s.in.Globals()["_hnz"]
			if !ok || z.Type() != v.Type() {
				continue
			}
			if err := s.eval(ctx, fmt.Sprintf(";var %s %s", name, texpr)); err != nil {
				return false
			}
			nv, ok := s.in.Globals()[name]
			if !ok || !nv.CanSet() || nv.Type() != v.Type() {
				return false
			}
			nv.Set(v)
			return true
		}
	}
	return false
}

// carryable reports whether values of t can move to another interpreter: types made of
// compiled types only (no struct or func types built by the interpreter).
func carryable(t reflect.Type, depth int) bool {
	if depth > 8 || strings.HasPrefix(t.PkgPath(), "github.com/traefik/yaegi") {
		return false
	}
	switch t.Kind() {
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		return false
	case reflect.Interface:
		return t.Name() != ""
	case reflect.Struct:
		return t.Name() != "" && t.PkgPath() != ""
	case reflect.Pointer, reflect.Slice, reflect.Array:
		if t.Name() != "" && t.PkgPath() != "" {
			return true
		}
		return carryable(t.Elem(), depth+1)
	case reflect.Map:
		if t.Name() != "" && t.PkgPath() != "" {
			return true
		}
		return carryable(t.Key(), depth+1) && carryable(t.Elem(), depth+1)
	}
	return true
}

// globalsOrNil is globals, or nothing for a nil session.
func (s *Session) globalsOrNil() map[string]reflect.Value {
	if s == nil {
		return nil
	}
	return s.globals()
}

// globals returns the user's global variables and constants (hidden names removed).
func (s *Session) globals() (g map[string]reflect.Value) {
	g = s.safeGlobals()
	for name := range g {
		if hidden(name) || name == "_" {
			delete(g, name)
		}
	}
	return g
}

// safeGlobals is the interpreter's Globals. After a cell that failed to compile, yaegi
// may hold symbols for which the global frame has no slot yet (Globals panics with an
// index out of range, and every variable would look lost to %who, completion and
// redefinition); running any program resizes the frame, so that is done and Globals
// tried again.
func (s *Session) safeGlobals() (g map[string]reflect.Value) {
	try := func() (g map[string]reflect.Value, ok bool) {
		defer func() {
			if recover() != nil {
				g, ok = nil, false
			}
		}()
		return s.in.Globals(), true
	}
	if g, ok := try(); ok {
		return g
	}
	func() {
		defer func() { _ = recover() }()
		if prog, err := s.in.Compile(";_ = 0"); err == nil {
			_, _ = s.in.Execute(prog)
		}
	}()
	if g, ok := try(); ok {
		return g
	}
	return map[string]reflect.Value{}
}
