package interp

import (
	"fmt"
	"go/token"
	"reflect"
)

// assertTo is the check of an assertion to an interface type of the notebook that only
// a value of a compiled type can pass (see lower.IfaceAsserts): iface is the type's
// name as Go prints it (main.I), methods its method names.
func assertTo(x any, iface string, commaOk bool, methods ...string) any {
	if x == nil {
		if commaOk {
			return x
		}
		panic(&runtimeError{msg: "interface conversion: interface is nil, not " + iface})
	}
	t := reflect.TypeOf(x)
	for _, m := range methods {
		if _, ok := t.MethodByName(m); !ok || !token.IsExported(m) {
			if commaOk {
				return x
			}
			panic(&runtimeError{msg: fmt.Sprintf("interface conversion: %s is not %s: missing method %s", t, iface, m)})
		}
	}
	panic(fmt.Errorf("the interpreter cannot assert a value of the compiled type %s to the notebook's interface type %s (it would say %s does not implement it); call the methods through an interface type of a package, or on a value of type %s", t, iface, t, t))
}
