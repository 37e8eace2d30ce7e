package interp

import (
	"reflect"
	"unsafe"

	yinterp "github.com/traefik/yaegi/interp"
)

// dropRoots forgets the syntax trees that yaegi v0.16.1 keeps in Interpreter.roots for
// its debugger only: every compiled chunk stays there for the life of the interpreter,
// which is most of the memory a long session grows by (yaegi #1678). Declared functions
// and types stay reachable through their symbols. If the field is not what this version
// has, nothing is done.
func dropRoots(in *yinterp.Interpreter) {
	if in == nil {
		return
	}
	f := reflect.ValueOf(in).Elem().FieldByName("roots")
	if !f.IsValid() || f.Kind() != reflect.Slice || !f.CanAddr() {
		return
	}
	reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem().Set(reflect.Zero(f.Type()))
}
