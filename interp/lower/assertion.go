package lower

import (
	"go/types"
	"sort"
	"strconv"
	"strings"
)

// This file holds what the Values pass adds to a type assertion x.(I) to a non-empty
// interface I, with x of an empty interface type, for two traps of yaegi v0.16.1's
// assertion to an interface (run.go, typeAssert, on a value of an interpreted type):
//
//   - it compares the method names of I with itype.methods(), which lists every method
//     declared on T whatever its receiver: a value of type T where only *T implements I
//     passed (x.(I) was true, then x.(I) panicked with "reflect.Set: value of type
//     interface {} is not assignable to type interp.valueInterface");
//     pointerOnly lists these T, and the lowered assertion tests them first, giving
//     false (or Go's panic);
//   - the form without ok does not panic when the value lacks a method of I (a type
//     with as many methods as I, one of another name): it gave the zero I and went on.
//     Every such assertion is lowered to the comma-ok form, which panics (assertFail)
//     when it is false (whatever the types of the notebook: a function may be declared
//     before the type of the value it meets).

// pointerOnly returns, as source, the notebook's types T whose values do not implement
// the interface t while values of *T do (see above).
func (v *valuesPass) pointerOnly(t types.Type) []string {
	it, ok := t.Underlying().(*types.Interface)
	if !ok || it.Empty() {
		return nil
	}
	var out []string
	for _, c := range v.candidatesTypes(t) {
		if types.Implements(c, it) {
			continue
		}
		if s := typeText(c, v.r.qual); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// assertFail returns the statement that panics as x.(t) does when x (written x) is nil
// or lacks a method of t: _hnrt.AssertErr makes Go's runtime error.
func (v *valuesPass) assertFail(x string, t types.Type) string {
	name := types.TypeString(t, func(p *types.Package) string { return p.Name() })
	var ms []string
	if it, ok := t.Underlying().(*types.Interface); ok {
		for i := 0; i < it.NumMethods(); i++ {
			ms = append(ms, it.Method(i).Name())
		}
	}
	sort.Strings(ms)
	return "panic(_hnrt.AssertErr(" + x + ", " + strconv.Quote(name) + ", " + strconv.Quote(strings.Join(ms, " ")) + "))"
}

// probeText returns x, for a final assertion by yaegi to the interface t, passed
// through _hnrt.AssertTo when t is an interface the notebook declares: yaegi asserts to
// such a type only values of interpreted types, so a compiled value that has every
// method (a time.Duration asserted to a notebook Stringer) was silently not one;
// AssertTo fails clearly for it and lets every other value through to yaegi's answer.
func (v *valuesPass) probeText(x string, t types.Type) string {
	n, ok := t.(*types.Named)
	if !ok || !notebook(n) || n.TypeArgs() != nil {
		return x
	}
	it, ok := n.Underlying().(*types.Interface)
	if !ok || it.NumMethods() == 0 {
		return x
	}
	args := []string{x, strconv.Quote("main." + n.Obj().Name()), "true"}
	for i := 0; i < it.NumMethods(); i++ {
		args = append(args, strconv.Quote(it.Method(i).Name()))
	}
	return AssertFunc + "(" + strings.Join(args, ", ") + ")"
}

// implementsText returns a bool expression that is true when the value x (of an empty
// interface type) implements the interface t (written src), testing the notebook's
// types first (see pointerOnly and candidates); "" when a plain comma-ok assertion of x
// answers right (no type of pointerOnly).
func (v *valuesPass) implementsText(x string, t types.Type, src string) string {
	neg := v.pointerOnly(t)
	if len(neg) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("func(_hnA any) bool { ")
	for _, n := range neg {
		b.WriteString("if _, ok := _hnA.(" + n + "); ok { return false }; ")
	}
	for _, c := range v.candidates(t) {
		b.WriteString("if _, ok := _hnA.(" + c + "); ok { return true }; ")
	}
	b.WriteString("_, ok := " + v.probeText("_hnA", t) + ".(" + src + "); return ok }(" + x + ")")
	return b.String()
}
