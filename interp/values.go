package interp

import (
	"fmt"
	"io"
	"reflect"
	"unsafe"

	"github.com/traefik/yaegi/stdlib"
)

// Values of the notebook's own types seen by compiled code.
//
// yaegi v0.16.1 builds the types a cell declares with reflect (StructOf, PtrTo): compiled
// code sees their values without their methods. When such a value goes to a compiled
// parameter of an interface type with methods, yaegi wraps it in a struct whose first
// field, IValue, holds the value and whose other fields hold the methods; for the empty
// interface parameters of fmt's functions it looks up the interfaces listed for the
// function in MapTypes (stdlib/maptypes.go: fmt.Formatter and fmt.Stringer only), and for
// each interface the "composed" wrappers registered for it, taking the first whose
// methods the type has (use.go, getWrapper). So fmt.Errorf("%w", &QE{}) printed
// %!w(*struct { Q string }=&{x}) (an error type is no Stringer) and fmt.Printf("%d",
// Col(3)) of a named int with a String method printed the wrapper struct.
//
// The session lists error and fmt.GoStringer beside fmt.Formatter and fmt.Stringer for
// fmt's and log's functions, and registers the wrappers below for every one of them: one
// per set of the methods Error, String, GoString and Format, each a fmt.Formatter that
// does what fmt does with the methods of the value (formatWrapped). errors.Is, As and
// Unwrap are replaced by versions that look through the wrappers (see errorsIs).

// formatWrapped formats v, whose methods Error, String and GoString (nil when v has none)
// are given, as fmt formats a value with these methods: GoString for %#v, Error and then
// String for %v %s %x %X %q, and the value itself otherwise (%d of a named integer).
func formatWrapped(f fmt.State, verb rune, v any, errf, strf, gostrf func() string) {
	switch {
	case verb == 'v' && f.Flag('#'):
		if gostrf != nil {
			_, _ = io.WriteString(f, gostrf())
			return
		}
	case verb == 'v' || verb == 's' || verb == 'x' || verb == 'X' || verb == 'q':
		if errf != nil {
			fmt.Fprintf(f, fmt.FormatString(f, verb), errf())
			return
		}
		if strf != nil {
			fmt.Fprintf(f, fmt.FormatString(f, verb), strf())
			return
		}
	}
	fmt.Fprintf(f, fmt.FormatString(f, verb), v)
}

// The wrappers, by the methods of the notebook's type they carry. Field 0 must be
// IValue (yaegi's type assertions look through it); field i>0 is W followed by the name
// of the method.

type wrapErrorStringGoStringFormat struct {
	IValue    any
	WError    func() string
	WString   func() string
	WGoString func() string
	WFormat   func(fmt.State, rune)
}

func (w wrapErrorStringGoStringFormat) Error() string                 { return w.WError() }
func (w wrapErrorStringGoStringFormat) String() string                { return w.WString() }
func (w wrapErrorStringGoStringFormat) GoString() string              { return w.WGoString() }
func (w wrapErrorStringGoStringFormat) Format(f fmt.State, verb rune) { w.WFormat(f, verb) }

type wrapErrorStringGoString struct {
	IValue    any
	WError    func() string
	WString   func() string
	WGoString func() string
}

func (w wrapErrorStringGoString) Error() string    { return w.WError() }
func (w wrapErrorStringGoString) String() string   { return w.WString() }
func (w wrapErrorStringGoString) GoString() string { return w.WGoString() }
func (w wrapErrorStringGoString) Format(f fmt.State, verb rune) {
	formatWrapped(f, verb, w.IValue, w.WError, w.WString, w.WGoString)
}

type wrapErrorStringFormat struct {
	IValue  any
	WError  func() string
	WString func() string
	WFormat func(fmt.State, rune)
}

func (w wrapErrorStringFormat) Error() string                 { return w.WError() }
func (w wrapErrorStringFormat) String() string                { return w.WString() }
func (w wrapErrorStringFormat) Format(f fmt.State, verb rune) { w.WFormat(f, verb) }

type wrapErrorGoStringFormat struct {
	IValue    any
	WError    func() string
	WGoString func() string
	WFormat   func(fmt.State, rune)
}

func (w wrapErrorGoStringFormat) Error() string                 { return w.WError() }
func (w wrapErrorGoStringFormat) GoString() string              { return w.WGoString() }
func (w wrapErrorGoStringFormat) Format(f fmt.State, verb rune) { w.WFormat(f, verb) }

type wrapStringGoStringFormat struct {
	IValue    any
	WString   func() string
	WGoString func() string
	WFormat   func(fmt.State, rune)
}

func (w wrapStringGoStringFormat) String() string                { return w.WString() }
func (w wrapStringGoStringFormat) GoString() string              { return w.WGoString() }
func (w wrapStringGoStringFormat) Format(f fmt.State, verb rune) { w.WFormat(f, verb) }

type wrapErrorString struct {
	IValue  any
	WError  func() string
	WString func() string
}

func (w wrapErrorString) Error() string  { return w.WError() }
func (w wrapErrorString) String() string { return w.WString() }
func (w wrapErrorString) Format(f fmt.State, verb rune) {
	formatWrapped(f, verb, w.IValue, w.WError, w.WString, nil)
}

type wrapErrorGoString struct {
	IValue    any
	WError    func() string
	WGoString func() string
}

func (w wrapErrorGoString) Error() string    { return w.WError() }
func (w wrapErrorGoString) GoString() string { return w.WGoString() }
func (w wrapErrorGoString) Format(f fmt.State, verb rune) {
	formatWrapped(f, verb, w.IValue, w.WError, nil, w.WGoString)
}

type wrapStringGoString struct {
	IValue    any
	WString   func() string
	WGoString func() string
}

func (w wrapStringGoString) String() string   { return w.WString() }
func (w wrapStringGoString) GoString() string { return w.WGoString() }
func (w wrapStringGoString) Format(f fmt.State, verb rune) {
	formatWrapped(f, verb, w.IValue, nil, w.WString, w.WGoString)
}

type wrapErrorFormat struct {
	IValue  any
	WError  func() string
	WFormat func(fmt.State, rune)
}

func (w wrapErrorFormat) Error() string                 { return w.WError() }
func (w wrapErrorFormat) Format(f fmt.State, verb rune) { w.WFormat(f, verb) }

type wrapStringFormat struct {
	IValue  any
	WString func() string
	WFormat func(fmt.State, rune)
}

func (w wrapStringFormat) String() string                { return w.WString() }
func (w wrapStringFormat) Format(f fmt.State, verb rune) { w.WFormat(f, verb) }

type wrapGoStringFormat struct {
	IValue    any
	WGoString func() string
	WFormat   func(fmt.State, rune)
}

func (w wrapGoStringFormat) GoString() string              { return w.WGoString() }
func (w wrapGoStringFormat) Format(f fmt.State, verb rune) { w.WFormat(f, verb) }

type wrapError struct {
	IValue any
	WError func() string
}

func (w wrapError) Error() string { return w.WError() }
func (w wrapError) Format(f fmt.State, verb rune) {
	formatWrapped(f, verb, w.IValue, w.WError, nil, nil)
}

type wrapString struct {
	IValue  any
	WString func() string
}

func (w wrapString) String() string { return w.WString() }
func (w wrapString) Format(f fmt.State, verb rune) {
	formatWrapped(f, verb, w.IValue, nil, w.WString, nil)
}

type wrapGoString struct {
	IValue    any
	WGoString func() string
}

func (w wrapGoString) GoString() string { return w.WGoString() }
func (w wrapGoString) Format(f fmt.State, verb rune) {
	formatWrapped(f, verb, w.IValue, nil, nil, w.WGoString)
}

type wrapFormat struct {
	IValue  any
	WFormat func(fmt.State, rune)
}

func (w wrapFormat) Format(f fmt.State, verb rune) { w.WFormat(f, verb) }

// wrapperTypes lists the wrappers, most methods first.
var wrapperTypes = []reflect.Type{
	reflect.TypeOf(wrapErrorStringGoStringFormat{}),
	reflect.TypeOf(wrapErrorStringGoString{}),
	reflect.TypeOf(wrapErrorStringFormat{}),
	reflect.TypeOf(wrapErrorGoStringFormat{}),
	reflect.TypeOf(wrapStringGoStringFormat{}),
	reflect.TypeOf(wrapErrorString{}),
	reflect.TypeOf(wrapErrorGoString{}),
	reflect.TypeOf(wrapStringGoString{}),
	reflect.TypeOf(wrapErrorFormat{}),
	reflect.TypeOf(wrapStringFormat{}),
	reflect.TypeOf(wrapGoStringFormat{}),
	reflect.TypeOf(wrapError{}),
	reflect.TypeOf(wrapString{}),
	reflect.TypeOf(wrapGoString{}),
	reflect.TypeOf(wrapFormat{}),
}

// fmtInterfaces are the interfaces fmt's and log's functions look for in their operands,
// in the order yaegi tries them. error comes last: its own wrapper (yaegi's unexported
// _error, Error only) is kept outside the symbol tables, where the wrappers of this file
// cannot be registered for it, so a type with String, GoString or Format beside Error
// must get the wrapper of one of these (which carries Error too). A type with Error
// alone gets _error: fmt calls its Error for %v %s %q %x %X and %w; %#v of it is
// refused by lower.Values, other verbs print the wrapper.
var fmtInterfaces = []reflect.Type{
	reflect.TypeOf((*fmt.Formatter)(nil)).Elem(),
	reflect.TypeOf((*fmt.Stringer)(nil)).Elem(),
	reflect.TypeOf((*fmt.GoStringer)(nil)).Elem(),
	reflect.TypeOf((*error)(nil)).Elem(),
}

// addWrappers makes the functions of syms that get fmt's wrappers (fmt.Print*, log.*)
// wrap values of the notebook's types with error and GoString too, in the wrappers of
// this file. mapTypes is the MapTypes table given to the interpreter.
func addWrappers(syms map[string]map[string]reflect.Value, mapTypes map[reflect.Value][]reflect.Type) {
	fmtList := stdlib.MapTypes[reflect.ValueOf(fmt.Sprint)]
	for k, v := range mapTypes {
		if len(v) == len(fmtList) && len(v) > 0 && v[0] == fmtList[0] && v[len(v)-1] == fmtList[len(fmtList)-1] {
			mapTypes[k] = fmtInterfaces
		}
	}
	for _, name := range []string{"_Formatter", "_Stringer", "_GoStringer"} {
		if w, ok := syms["fmt/fmt"][name]; ok {
			mapTypes[w] = wrapperTypes
		}
	}
}

// concrete returns the value a yaegi interface wrapper holds, or x itself.
func concrete(x any) any {
	v := reflect.ValueOf(x)
	if v.Kind() == reflect.Struct && v.NumField() > 0 && v.Type().Field(0).Name == "IValue" {
		return v.Field(0).Interface()
	}
	if v.Kind() == reflect.Struct && v.Type().Name() == "valueInterface" && v.Type().PkgPath() == "github.com/traefik/yaegi/interp" {
		// yaegi's own box of a value held in an interface (x, _ := p.(any)): its
		// unexported field value holds the value.
		c := reflect.New(v.Type()).Elem()
		c.Set(v)
		if f := c.FieldByName("value"); f.IsValid() && f.Type() == reflect.TypeOf(reflect.Value{}) {
			inner := *(*reflect.Value)(unsafe.Pointer(f.UnsafeAddr()))
			if inner.IsValid() && inner.CanInterface() {
				return concrete(inner.Interface())
			}
		}
	}
	return x
}

// equal is x == y of Go for operands of which one at least is an interface: a value that
// went through compiled code comes back in a wrapper (errors.Unwrap of an error made by
// fmt.Errorf), which == cannot compare (yaegi panicked with "comparing uncomparable type
// interp._error"). The values inside the wrappers are compared.
func equal(x, y any) bool {
	x, y = concrete(x), concrete(y)
	if x == nil || y == nil {
		return x == nil && y == nil
	}
	tx, ty := reflect.TypeOf(x), reflect.TypeOf(y)
	if tx != ty {
		return false
	}
	if !tx.Comparable() {
		panic(&runtimeError{msg: "runtime error: comparing uncomparable type " + tx.String()})
	}
	return x == y
}

// errorsIs is errors.Is for errors that hold values of the notebook's types: the
// wrapper yaegi makes for such a value each time it goes to compiled code is not
// comparable, so errors.Is of the original never found it. The values inside wrappers
// are compared.
func errorsIs(err, target error) bool {
	if err == nil || target == nil {
		return err == target
	}
	t := concrete(target)
	return isChain(err, target, t, reflect.TypeOf(t).Comparable())
}

func isChain(err, target error, t any, comparable bool) bool {
	for {
		if c := concrete(err); comparable && reflect.TypeOf(c) == reflect.TypeOf(t) && c == t {
			return true
		}
		if x, ok := err.(interface{ Is(error) bool }); ok && x.Is(target) {
			return true
		}
		switch x := err.(type) {
		case interface{ Unwrap() error }:
			if err = x.Unwrap(); err == nil {
				return false
			}
		case interface{ Unwrap() []error }:
			for _, e := range x.Unwrap() {
				if e != nil && isChain(e, target, t, comparable) {
					return true
				}
			}
			return false
		default:
			return false
		}
	}
}

// errorsAs is errors.As for errors that hold values of the notebook's types: compiled
// code does not see their Error method, so errors.As panicked ("*target must be
// interface or implement error") for a target of such a type; the type checker has
// checked the target (lower.Values). The value inside a wrapper is assigned to a target
// of its type.
func errorsAs(err error, target any) bool {
	if err == nil {
		return false
	}
	if target == nil {
		panic("errors: target cannot be nil")
	}
	val := reflect.ValueOf(target)
	typ := val.Type()
	if typ.Kind() != reflect.Pointer || val.IsNil() {
		panic("errors: target must be a non-nil pointer")
	}
	return asChain(err, target, val.Elem())
}

func asChain(err error, target any, dst reflect.Value) bool {
	for {
		if dst.Kind() == reflect.Interface {
			if reflect.TypeOf(err).AssignableTo(dst.Type()) {
				dst.Set(reflect.ValueOf(err))
				return true
			}
		} else if c := concrete(err); c != nil && reflect.TypeOf(c).AssignableTo(dst.Type()) {
			dst.Set(reflect.ValueOf(c))
			return true
		}
		if x, ok := err.(interface{ As(any) bool }); ok && x.As(target) {
			return true
		}
		switch x := err.(type) {
		case interface{ Unwrap() error }:
			if err = x.Unwrap(); err == nil {
				return false
			}
		case interface{ Unwrap() []error }:
			for _, e := range x.Unwrap() {
				if e != nil && asChain(e, target, dst) {
					return true
				}
			}
			return false
		default:
			return false
		}
	}
}

// errorsOverrides are the replacements of errors.Is and errors.As.
var errorsOverrides = map[string]any{"Is": errorsIs, "As": errorsAs}
