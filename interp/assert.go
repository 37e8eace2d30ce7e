package interp

import (
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
	if named.PkgPath() != "" && !strings.Contains(named.PkgPath(), "yaegi") {
		for _, m := range strings.Fields(methods) {
			if _, ok := t.MethodByName(m); !ok {
				return &runtimeError{msg: "interface conversion: " + t.String() + " is not " + iface + ": missing method " + m}
			}
		}
	}
	return &runtimeError{msg: "interface conversion: the value's type is not " + iface + " (it lacks one of the methods " + strings.ReplaceAll(methods, " ", ", ") + ")"}
}
