package interp

import (
	"regexp"
	"strings"
)

// missingInterfaceMethodRE matches go/types' error for a type that lacks a method of an
// interface.
var missingInterfaceMethodRE = regexp.MustCompile(`(?:^|: )\*?([A-Za-z_][A-Za-z_0-9]*)(?:\[[^ ]*\])? does not implement [^ ]+ \(missing method ([A-Za-z_][A-Za-z_0-9]*)\)$`)

// missingInterfaceMethod returns "T.M" for an error that says the notebook's type T
// lacks the method M of an interface, which a later cell may declare (declarations in
// file order declare a type's methods after the functions that need them:
// typeparam/issue52026.go).
func missingInterfaceMethod(msg string) (string, bool) {
	m := missingInterfaceMethodRE.FindStringSubmatch(msg)
	if m == nil {
		return "", false
	}
	return m[1] + "." + m[2], true
}

// methodAfterUse reports whether decls add a method that fmt calls (String, Error,
// GoString, Format) to a type of an earlier cell that an earlier function or method
// mentions. yaegi v0.16.1 gives compiled code a value of a notebook type with the
// methods the type had when the calling function was compiled: `func main() {
// fmt.Println(&Foo{...}) }`, then `func (f *Foo) String() string` in a later cell,
// printed &{...} and not the String (typeparam/issue50419.go, one cell per
// declaration). The session then rebuilds the interpreter (see rebuild), which compiles
// the earlier functions again with the method known.
func (s *Session) methodAfterUse(decls []declInfo) bool {
	for _, d := range decls {
		if !strings.HasPrefix(d.key, "method ") {
			continue
		}
		if _, ok := s.declIdx[d.key]; ok {
			continue // a redefinition
		}
		typ, m, _ := strings.Cut(d.name, ".")
		switch m {
		case "String", "Error", "GoString", "Format":
		default:
			continue
		}
		if _, ok := s.declIdx["type "+typ]; !ok {
			continue
		}
		re := regexp.MustCompile(`\b` + regexp.QuoteMeta(typ) + `\b`)
		for _, e := range s.decls {
			if (strings.HasPrefix(e.key, "func ") || strings.HasPrefix(e.key, "method ")) && re.MatchString(e.text) {
				return true
			}
		}
	}
	return false
}
