package interp

import (
	"context"
	"fmt"
	"reflect"
	"strings"

	"github.com/hessnote/hessnote/interp/lower"
)

// Declarations in any order. Go lets a package-level function use a name declared
// further down the file, and notebook users expect a function to use a name that a
// later cell declares (as Python resolves names when code runs). A cell made only of
// declarations whose only errors are names no cell has declared yet is kept as pending
// instead of failing; it is declared as soon as a later cell declares what it misses.
// Using a pending name before then fails with a NameError that says what is missing.

// pendingDecl is a cell of declarations waiting for names.
type pendingDecl struct {
	code    string
	names   []string // the names it declares
	missing []string // the undefined names it uses
}

// errPending is returned by typeCheck for a cell kept as pending.
type errPending struct{ p *pendingDecl }

func (e errPending) Error() string { return "pending: " + strings.Join(e.p.missing, ", ") }

// pendingOf returns the pending form of a cell whose only errors are undefined names
// used inside its declarations, when it has nothing but declarations; else nil.
func pendingOf(code string, units []unit, res *lower.Result) *pendingDecl {
	p := &pendingDecl{code: code}
	lines := newPosition(code)
	var declSpans [][2]int
	for _, u := range units {
		switch u.kind {
		case kindDecl:
			declSpans = append(declSpans, [2]int{u.start, u.end})
			if n, ok := parseUnits(code, []unit{u}).nodes[0].(*shifted); ok {
				for _, d := range declsOf(code, n, nil) {
					p.names = append(p.names, d.name)
				}
			}
		case kindImport:
		default:
			return nil
		}
	}
	seen := map[string]bool{}
	for _, e := range res.Errors {
		name, ok := strings.CutPrefix(e.Msg, "undefined: ")
		if ok && strings.ContainsAny(name, ". ") {
			return nil
		}
		if !ok {
			name, ok = missingMethod(e.Msg)
		}
		if !ok {
			name, ok = missingInterfaceMethod(e.Msg)
		}
		if !ok {
			return nil
		}
		off := lines.offset(e.Line, e.Col)
		inDecl := false
		for _, sp := range declSpans {
			inDecl = inDecl || off >= sp[0] && off < sp[1]
		}
		if !inDecl {
			return nil
		}
		if !seen[name] {
			seen[name] = true
			p.missing = append(p.missing, name)
		}
	}
	if len(p.names) == 0 || len(p.missing) == 0 {
		return nil
	}
	return p
}

// addPending keeps p, replacing pending cells that declare the same names.
func (s *Session) addPending(p *pendingDecl) {
	s.dropPending(p.names)
	s.pending = append(s.pending, p)
}

// dropPending forgets pending cells that declare any of names (a new declaration
// replaces them).
func (s *Session) dropPending(names []string) {
	drop := map[string]bool{}
	for _, n := range names {
		drop[n] = true
	}
	kept := s.pending[:0]
	for _, p := range s.pending {
		hit := false
		for _, n := range p.names {
			hit = hit || drop[n]
		}
		if !hit {
			kept = append(kept, p)
		}
	}
	s.pending = kept
}

// pendingFor returns the pending cell that declares name, or nil.
func (s *Session) pendingFor(name string) *pendingDecl {
	for _, p := range s.pending {
		for _, n := range p.names {
			if n == name {
				return p
			}
		}
	}
	return nil
}

// notePending tells the user, on stderr, that the cell's declarations wait.
func (s *Session) notePending(p *pendingDecl) {
	fmt.Fprintf(s.outs.direct[1], "%s will be declared when %s is: no cell has declared it yet\n",
		strings.Join(p.names, ", "), strings.Join(p.missing, ", "))
}

// resolvePending declares the pending cells that no longer miss anything, until none
// can be declared (each round declares at least one, so it ends). It runs after a cell
// that declares something or defines a variable.
func (s *Session) resolvePending(ctx context.Context) {
	if s.resolving || len(s.pending) == 0 {
		return
	}
	s.resolving = true
	defer func() { s.resolving = false }()
	for progress := true; progress; {
		progress = false
		var globals map[string]reflect.Value
		for _, p := range append([]*pendingDecl(nil), s.pending...) {
			if globals == nil {
				globals = s.globals()
			}
			if !s.hasAll(p.missing, globals) {
				continue // checking it again would fail: it still misses a name
			}
			s.dropPending(p.names)
			_, err := s.runGo(ctx, p.code)
			if s.pendingFor(p.names[0]) != nil {
				continue // still waiting: typeCheck put it back
			}
			if err != nil {
				fmt.Fprintf(s.outs.direct[1], "%s could not be declared now that %s exists: %v\n",
					strings.Join(p.names, ", "), strings.Join(p.missing, ", "), err)
				continue
			}
			progress = true
		}
	}
}

// hasAll reports whether the session now has every one of names, as a declaration or
// as a variable (globals: the interpreter's).
func (s *Session) hasAll(names []string, globals map[string]reflect.Value) bool {
	for _, n := range names {
		if _, ok := globals[n]; !ok && !s.declares([]string{n}) {
			return false
		}
	}
	return true
}
