package interp

import (
	"fmt"
	"reflect"
	"strings"
)

// assertFail is the panic value of a failed assertion x.(I) to an interface, made by
// the lowered assertion (lower's assertion.go: yaegi's own assertion without ok does
// not panic when a value of a notebook type lacks a method of I). iface is I as Go
// prints it ("main.I"), methods its method names, space-separated and sorted. The
// message is Go's when x is nil or of a type of a compiled package; a notebook type
// cannot be named from compiled code (yaegi builds it with reflect, without a name), so
// the message then names the methods of I instead of the missing one.
func assertFail(x any, iface, methods string) error {
	if x == nil {
		return &runtimeError{msg: "interface conversion: interface is nil, not " + iface}
	}
	t := reflect.TypeOf(x)
	named := t
	if named.Kind() == reflect.Pointer {
		named = named.Elem()
	}
	// A type of a package, or a predeclared one (int: a notebook type built on int
	// lacks a method too, since no notebook type implements the interface).
	if named.PkgPath() != "" && !strings.Contains(named.PkgPath(), "yaegi") || named.PkgPath() == "" && named.Name() != "" {
		for _, m := range strings.Fields(methods) {
			if _, ok := t.MethodByName(m); !ok {
				return &runtimeError{msg: "interface conversion: " + t.String() + " is not " + iface + ": missing method " + m}
			}
		}
		// A compiled value with every method: yaegi cannot make the assertion.
		if named.Name() == "" || named.PkgPath() == "" {
			return &runtimeError{msg: "interface conversion: " + t.String() + " is not " + iface}
		}
		return fmt.Errorf("the interpreter cannot assert a value of the compiled type %s to the notebook's interface type %s (it would say %s does not implement it); call the methods through an interface type of a package, or on a value of type %s", t, iface, t, t)
	}
	return &runtimeError{msg: "interface conversion: the value's type is not " + iface + " (it lacks one of the methods " + strings.ReplaceAll(methods, " ", ", ") + ")"}
}
