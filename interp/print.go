package interp

import (
	"fmt"
	"go/token"
	"io"
	"reflect"
	"strconv"
	"unsafe"
)

// runtimePrint writes the operands of a call of print (ln false) or println as Go's
// runtime does (runtime/print.go, Go 1.26): see lower.Prints. kinds has an 'i' for each
// operand of interface type.
func runtimePrint(w io.Writer, ln bool, kinds string, args ...any) {
	var b []byte
	for i, a := range args {
		if ln && i > 0 {
			b = append(b, ' ')
		}
		if i < len(kinds) && kinds[i] == 'i' {
			// An interface: its two words, (type,data).
			if a == nil {
				b = append(b, "(0x0,0x0)"...)
				continue
			}
			words := (*[2]uintptr)(unsafe.Pointer(&a))
			b = append(b, '(')
			b = appendHex(b, uint64(words[0]))
			b = append(b, ',')
			b = appendHex(b, uint64(words[1]))
			b = append(b, ')')
			continue
		}
		b = appendPrinted(b, reflect.ValueOf(a))
	}
	if ln {
		b = append(b, '\n')
	}
	_, _ = w.Write(b)
}

// appendComplex writes c as strconv.FormatComplex(c, 'g', -1, 2*bits) does: (1+2i).
func appendComplex(b []byte, c complex128, bits int) []byte {
	b = append(b, '(')
	b = strconv.AppendFloat(b, real(c), 'g', -1, bits)
	im := strconv.AppendFloat(nil, imag(c), 'g', -1, bits)
	if im[0] != '+' && im[0] != '-' {
		b = append(b, '+')
	}
	b = append(b, im...)
	return append(b, "i)"...)
}

func appendHex(b []byte, v uint64) []byte {
	return strconv.AppendUint(append(b, "0x"...), v, 16)
}

// appendPrinted appends one operand of print that is not an interface.
func appendPrinted(b []byte, v reflect.Value) []byte {
	switch v.Kind() {
	case reflect.Invalid:
		return append(b, "(0x0,0x0)"...)
	case reflect.Bool:
		return strconv.AppendBool(b, v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.AppendInt(b, v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.AppendUint(b, v.Uint(), 10)
	case reflect.Float32:
		return strconv.AppendFloat(b, v.Float(), 'g', -1, 32)
	case reflect.Float64:
		return strconv.AppendFloat(b, v.Float(), 'g', -1, 64)
	case reflect.Complex64:
		return appendComplex(b, v.Complex(), 32)
	case reflect.Complex128:
		return appendComplex(b, v.Complex(), 64)
	case reflect.String:
		return append(b, v.String()...)
	case reflect.Pointer, reflect.UnsafePointer, reflect.Chan, reflect.Map, reflect.Func:
		return appendHex(b, uint64(v.Pointer()))
	case reflect.Slice:
		b = append(b, '[')
		b = strconv.AppendInt(b, int64(v.Len()), 10)
		b = append(b, '/')
		b = strconv.AppendInt(b, int64(v.Cap()), 10)
		b = append(b, ']')
		return appendHex(b, uint64(v.Pointer()))
	}
	return fmt.Append(b, v.Interface())
}

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
