package interp

import (
	"fmt"
	"io"
	"reflect"

	yinterp "github.com/traefik/yaegi/interp"
)

// unboxArgs returns the operands of one of fmt's print functions with the values of
// slices, arrays and maps unwrapped from yaegi's interface boxes: an element of an
// interface type holding a value of a notebook type is kept by yaegi as its own
// valueInterface struct (a node and a reflect.Value), which fmt printed as
// {0xc000… {0xc000… 0xc000… 409}} for fmt.Println(xs) with xs a []any or a []Shape. A
// container that holds such a box is copied into one of interface{} elements (keys
// kept) holding the values themselves; anything else is passed as it is, so yaegi's
// own wrappers of top-level operands (String, Error) still work. lower.Values refuses
// the containers whose elements may have a String, Error or Format method, which the
// unwrapped values no longer carry.
func unboxArgs(a []any) []any {
	var out []any
	for i, x := range a {
		v, changed := unbox(reflect.ValueOf(x), 0)
		if !changed {
			continue
		}
		if out == nil {
			out = append([]any(nil), a...)
		}
		out[i] = v.Interface()
	}
	if out == nil {
		return a
	}
	return out
}

// maxUnboxDepth bounds the walk into nested containers.
const maxUnboxDepth = 8

var anyType = reflect.TypeOf((*any)(nil)).Elem()

// isBox reports whether v is yaegi's box of a value held in an interface.
func isBox(v reflect.Value) bool {
	t := v.Type()
	return v.Kind() == reflect.Struct && t.Name() == "valueInterface" && t.PkgPath() == "github.com/traefik/yaegi/interp"
}

// unbox returns v with the boxes inside it unwrapped, and whether anything changed.
func unbox(v reflect.Value, depth int) (reflect.Value, bool) {
	if !v.IsValid() || depth > maxUnboxDepth {
		return v, false
	}
	if v.Kind() == reflect.Interface {
		if v.IsNil() {
			return v, false
		}
		inner, changed := unbox(v.Elem(), depth)
		return inner, changed
	}
	if v.Kind() == reflect.Struct && v.NumField() > 0 && v.Type().Field(0).Name == "IValue" {
		return v, false // yaegi's wrapper with the value's methods: fmt calls them
	}
	if isBox(v) && v.CanInterface() {
		c := concrete(v.Interface())
		if c == nil {
			return reflect.Zero(anyType), true
		}
		inner, _ := unbox(reflect.ValueOf(c), depth+1)
		return inner, true
	}
	switch v.Kind() {
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return v, false
		}
		var elems []reflect.Value
		changed := false
		for i := 0; i < v.Len(); i++ {
			e, c := unbox(v.Index(i), depth+1)
			elems = append(elems, e)
			changed = changed || c
		}
		if !changed {
			return v, false
		}
		out := reflect.MakeSlice(reflect.SliceOf(anyType), len(elems), len(elems))
		for i, e := range elems {
			if e.IsValid() {
				out.Index(i).Set(e)
			}
		}
		return out, true
	case reflect.Struct:
		return unboxStruct(v, depth)
	case reflect.Map:
		if v.IsNil() {
			return v, false
		}
		changed := false
		keys := v.MapKeys()
		vals := make([]reflect.Value, len(keys))
		for i, k := range keys {
			e, c := unbox(v.MapIndex(k), depth+1)
			vals[i] = e
			changed = changed || c
		}
		if !changed {
			return v, false
		}
		out := reflect.MakeMapWithSize(reflect.MapOf(v.Type().Key(), anyType), len(keys))
		for i, k := range keys {
			e := vals[i]
			if !e.IsValid() {
				e = reflect.Zero(anyType)
			}
			out.SetMapIndex(k, e)
		}
		return out, true
	}
	return v, false
}

// unboxedPrints are fmt's print functions with their operands unboxed (see unboxArgs);
// rd redirects the writers of the Fprint functions as stdlibSymbols does.
func unboxedPrints(rd func(io.Writer) io.Writer) map[string]any {
	return map[string]any{
		"Sprint":   func(a ...any) string { return fmt.Sprint(unboxArgs(a)...) },
		"Sprintln": func(a ...any) string { return fmt.Sprintln(unboxArgs(a)...) },
		"Sprintf":  func(f string, a ...any) string { return fmt.Sprintf(f, unboxArgs(a)...) },
		"Fprint":   func(w io.Writer, a ...any) (int, error) { return fmt.Fprint(rd(w), unboxArgs(a)...) },
		"Fprintf": func(w io.Writer, f string, a ...any) (int, error) {
			return fmt.Fprintf(rd(w), f, unboxArgs(a)...)
		},
		"Fprintln": func(w io.Writer, a ...any) (int, error) { return fmt.Fprintln(rd(w), unboxArgs(a)...) },
	}
}

// unboxedStdout returns the symbols that replace yaegi's own fmt.Print, Printf and
// Println (which write to the interpreter's stdout, w) with versions that unbox their
// operands. yaegi installs its versions whenever a table with the key "fmt/fmt" is
// loaded; the key "fmt/_" names the same package without that.
func unboxedStdout(w io.Writer) yinterp.Exports {
	fns := map[string]any{
		"Print":   func(a ...any) (int, error) { return fmt.Fprint(w, unboxArgs(a)...) },
		"Printf":  func(f string, a ...any) (int, error) { return fmt.Fprintf(w, f, unboxArgs(a)...) },
		"Println": func(a ...any) (int, error) { return fmt.Fprintln(w, unboxArgs(a)...) },
	}
	syms := map[string]reflect.Value{}
	mapTypes := map[reflect.Value][]reflect.Type{}
	for name, f := range fns {
		v := reflect.ValueOf(f)
		syms[name] = v
		mapTypes[v] = fmtInterfaces
	}
	return yinterp.Exports{"fmt/_": syms, ".": {"MapTypes": reflect.ValueOf(mapTypes)}}
}

// unboxStruct returns a struct with the same field names, tags and values as v, its
// fields that held a box of interface type any instead, when one did. (The fields of a
// notebook struct are exported names to reflect: yaegi builds them so.)
func unboxStruct(v reflect.Value, depth int) (out reflect.Value, changed bool) {
	t := v.Type()
	vals := make([]reflect.Value, t.NumField())
	fields := make([]reflect.StructField, t.NumField())
	for i := range fields {
		f := t.Field(i)
		if !f.IsExported() {
			return v, false // a compiled type's unexported field: fmt prints it as it is
		}
		e, c := unbox(v.Field(i), depth+1)
		vals[i] = e
		fields[i] = reflect.StructField{Name: f.Name, Type: f.Type, Tag: f.Tag, Anonymous: f.Anonymous}
		if c {
			changed = true
			fields[i].Type = anyType
		}
	}
	if !changed {
		return v, false
	}
	defer func() {
		if recover() != nil { // a struct reflect cannot build
			out, changed = v, false
		}
	}()
	out = reflect.New(reflect.StructOf(fields)).Elem()
	for i, e := range vals {
		if e.IsValid() {
			out.Field(i).Set(e)
		}
	}
	return out, true
}

// unboxValue is unboxArgs for one value (the cell's value, before it is rendered).
func unboxValue(x any) any {
	return unboxArgs([]any{x})[0]
}
