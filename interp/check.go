package interp

import (
	"fmt"
	"github.com/hessnote/hessnote/interp/importer"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"github.com/hessnote/hessnote/interp/lower"
)

// newImporter returns the importer the type checker reads packages with.
var newImporter = func(fset *token.FileSet) types.Importer {
	return importer.New(fset)
}

// typeCheck checks a cell of Go with go/types against the session before anything of it
// runs. It returns the check's result (nil when the cell could not be cut), or an *Error
// when the cell does not compile: a cell with a compile error runs nothing and declares
// nothing.
func (s *Session) typeCheck(code string) (*lower.Result, error) {
	units := splitCell(code)
	if len(units) == 0 {
		return nil, nil
	}
	env, cell := s.checkInput(code, units)
	res := s.cellChecker().Check(env, cell)
	if len(res.Errors) > 0 {
		e := res.Errors[0]
		if p := pendingOf(code, units, res); p != nil && !s.declares(p.names) {
			s.addPending(p)
			return res, errPending{p}
		}
		for _, o := range res.Errors {
			name, ok := strings.CutPrefix(o.Msg, "undefined: ")
			if why, bad := s.poisoned[name]; ok && bad {
				return res, newError("NameError", fmt.Sprintf("%d:%d: %s cannot be used: its declaration failed (%s); declare it again", o.Line, o.Col, name, why))
			}
			if p := s.pendingFor(name); ok && p != nil {
				return res, newError("NameError", fmt.Sprintf("%d:%d: %s is not declared yet: its cell uses %s, which no cell has declared; declare %s and %s can be used",
					o.Line, o.Col, name, strings.Join(p.missing, ", "), strings.Join(p.missing, ", "), name))
			}
		}

		// The cell's new declarations did not compile: refuse their names until they
		// are declared again (Session.poisoned).
		for _, u := range units {
			if u.kind != kindDecl {
				continue
			}
			if n, ok := parseUnits(code, []unit{u}).nodes[0].(*shifted); ok {
				for _, d := range declsOf(code, n, nil) {
					if _, old := s.declIdx[d.key]; !old {
						s.poisoned[d.name] = e.Error()
					}
				}
			}
		}
		var tb []string
		for _, o := range res.Errors[1:] {
			tb = append(tb, "  "+o.Error())
		}
		return res, newError("CompileError", e.Error(), tb...)
	}
	return res, nil
}

// checkInput returns what the checker needs for code cut into units: the session's
// imports, declarations and variables with those of the cell, and the cell's spans.
func (s *Session) checkInput(code string, units []unit) (lower.Env, lower.Cell) {
	cell := lower.Cell{Src: code}
	env := lower.Env{}
	for _, is := range s.imports {
		env.Imports = append(env.Imports, lower.Import{Name: is.name, Path: is.path})
	}
	have := map[string]bool{}
	for _, is := range s.imports {
		have[is.key()] = true
	}
	for _, u := range units {
		switch u.kind {
		case kindDecl:
			cell.Decls = append(cell.Decls, lower.Span{Start: u.start, End: u.end})
		case kindImport, kindPackage:
			cell.Imports = append(cell.Imports, lower.Span{Start: u.start, End: u.end})
		}
		if u.kind != kindImport {
			continue
		}
		pr := parseUnits(code, []unit{u})
		n, ok := pr.nodes[0].(*shifted)
		if !ok {
			continue
		}
		for _, is := range n.Node.(*ast.File).Imports {
			p, _ := strconv.Unquote(is.Path.Value)
			spec := importSpec{path: p}
			if is.Name != nil {
				spec.name = is.Name.Name
			}
			if !have[spec.key()] {
				have[spec.key()] = true
				env.Imports = append(env.Imports, lower.Import{Name: spec.name, Path: spec.path})
			}
		}
	}
	last := units[len(units)-1].kind
	cell.LastExpr = last == kindStmt || last == kindExpr
	for _, d := range s.decls {
		if strings.HasPrefix(d.key, "var ") {
			continue
		}
		env.Decls = append(env.Decls, lower.Decl{Key: d.key, Name: d.name, Src: d.src})
	}
	declared := map[string]bool{}
	for _, d := range s.decls {
		declared[d.name] = true
	}
	for name := range s.globals() {
		if declared[name] {
			continue
		}
		t, ok := s.checked[name]
		if !ok {
			t = ""
		}
		env.Vars = append(env.Vars, lower.Var{Name: name, Type: t})
	}
	return env, cell
}

// keepTypes records the types of the variables a cell defined (after it ran), or marks
// them unknown when the cell was not checked.
func (s *Session) keepTypes(res *lower.Result) {
	if res == nil {
		return
	}
	if res.Skip != "" {
		for _, st := range res.CellBody() {
			for _, id := range lower.DefinedIdents(st) {
				s.checked[id.Name] = ""
			}
		}
		return
	}
	for _, v := range res.Defined {
		s.checked[v.Name] = v.Type
	}
}

// constDecl returns the standalone declaration of a constant the running cell
// declares, from its type check, or "".
func (s *Session) constDecl(name string) string {
	if s.cellRes == nil || s.cellRes.Skip != "" {
		return ""
	}
	return s.cellRes.ConstDecl(name)
}

// declares reports whether the session has a declaration of any of names (a changed
// declaration that does not compile is an error, not pending: the old one stays).
func (s *Session) declares(names []string) bool {
	for _, d := range s.decls {
		for _, n := range names {
			if d.name == n {
				return true
			}
		}
	}
	return false
}
