package lower

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"
)

// Type assertions to an empty interface or to a type parameter (part of the Values pass).
//
// yaegi v0.16.1 answers x.(interface{}) and x.(any) with false for every value that is
// not of a notebook type with methods (measured: `i.(any)` of 6, "s", a struct), and so
// x.(T), or `case T` of a type switch, in a generic function instantiated with
// T = interface{} or any (typeparam/typeswitch6.go printed "int" for f[interface{}](6),
// where Go matches case T). The Values pass writes such an assertion as a function
// literal that gives the value itself when the type is an empty interface:
//
//	x.(any)                 ->  func(_hnA any) (any, bool) { return _hnA, _hnA != nil }(x)
//	x.(T)  (T a type parameter)
//	    ->  func(_hnA any) (T, bool) { var _hnZ T; if _hnP, ok := any(&_hnZ).(*any); ok { *_hnP = _hnA; return _hnZ, _hnA != nil }; _hnR, ok := _hnA.(T); return _hnR, ok }(x)
//
// (without comma-ok, a nil x panics as in Go). A pointer to T is a *any exactly when T
// is an empty interface; for any other T the assertion is yaegi's, which is right for
// concrete types and for interfaces of the notebook.
//
// A test for an interface type that mentions a type parameter (`case interface{ bar()
// T }`) made yaegi fail with a nil pointer dereference when it ran; it is refused.

// emptyAssertText returns the assertion of x to the empty interface type written src.
func emptyAssertText(x, src string, commaOk bool) string {
	if commaOk {
		return "func(_hnA any) (" + src + ", bool) { return _hnA, _hnA != nil }(" + x + ")"
	}
	return "func(_hnA any) " + src + " { if _hnA == nil { panic(\"interface conversion: interface is nil, not interface {}\") }; return _hnA }(" + x + ")"
}

// typeParamAssertText returns the assertion of x to the type parameter written src.
// With status, the value is not used (`_, ok := x.(T)`): yaegi panicked ("reflect.Set:
// value of type interface {} is not assignable to type interp.valueInterface") when it
// assigned the value of x.(T) for T a non-empty interface, and answers the status alone
// right.
func typeParamAssertText(x, xType, src string, commaOk, status bool) string {
	const isEmpty = "var _hnZ " + "%[1]s; if _hnP, ok := any(&_hnZ).(*any); ok { "
	switch {
	case status:
		return fmt.Sprintf("func(_hnA any) (%[1]s, bool) { "+isEmpty+"_ = _hnP; return _hnZ, _hnA != nil }; _, ok := _hnA.(%[1]s); return _hnZ, ok }(%[2]s)", src, x)
	case commaOk:
		return fmt.Sprintf("func(_hnA any) (%[1]s, bool) { "+isEmpty+"*_hnP = _hnA; return _hnZ, _hnA != nil }; _hnR, ok := _hnA.(%[1]s); return _hnR, ok }(%[2]s)", src, x)
	}
	// x keeps its static type xType ("" for any) in the assertion of the other types:
	// yaegi panicked (see above) asserting an any to T = a non-empty interface I, not an
	// x of type I; a closure reading x made yaegi fail to compile (typeparam/issue50002.go).
	if xType == "" {
		xType = "any"
	}
	return fmt.Sprintf("func(_hnA %[3]s) %[1]s { "+isEmpty+"if _hnA == nil { panic(\"interface conversion: interface is nil, not interface {}\") }; *_hnP = _hnA; return _hnZ }; return _hnA.(%[1]s) }(%[2]s)", src, x, xType)
}

// specialAssertText returns the assertion of x to t (written src) when t is an empty
// interface or a type parameter, and "" for any other type. status is for an
// assertion whose value is not used; xType is the type of x as source ("" for any).
func specialAssertText(x, xType string, t types.Type, src string, commaOk, status bool) string {
	if strings.ContainsAny(xType, "[{ ") {
		// Only a named interface: a parameter of a generic interface type or of an
		// interface literal made yaegi fail (typeparam/issue50002.go, issue51700.go).
		// (The Values pass gives xType only for the value of a case of a type switch;
		// typeparam/issue52228.go failed with `func(_hnA SomeInterface) T {...}(dst)`.)
		xType = ""
	}
	if _, ok := t.(*types.TypeParam); ok {
		return typeParamAssertText(x, xType, src, commaOk, status)
	}
	if it, ok := t.Underlying().(*types.Interface); ok && it.Empty() {
		return emptyAssertText(x, src, commaOk || status)
	}
	return ""
}

// refuseTypeParamInterface refuses a test for t, written e, when t is an interface type
// that mentions a type parameter; it reports whether it did.
func (v *valuesPass) refuseTypeParamInterface(e ast.Expr, t types.Type) bool {
	if _, ok := t.(*types.TypeParam); ok || !types.IsInterface(t) {
		return false
	}
	tp := typeParamIn(t)
	if tp == "" {
		return false
	}
	v.refuse(e.Pos(), fmt.Sprintf("the interpreter cannot test for the interface type %s, which mentions the type parameter %s (it fails with a nil pointer dereference); test for the concrete types that have the methods instead (case myType:), or test the method set outside the generic function", types.TypeString(t, v.r.qual), tp))
	return true
}

// typeParamIn returns the name of a type parameter that t mentions, or "".
func typeParamIn(t types.Type) string {
	return findType(t, func(t types.Type) (string, bool) {
		if tp, ok := t.(*types.TypeParam); ok {
			return tp.Obj().Name(), false
		}
		return "", true
	})
}
