package lower

import (
	"strings"
	"testing"
)

func TestAssertionLowering(t *testing.T) {
	c := testChecker()
	cases := []struct{ src, want string }{
		// T's values lack P (only *T has it): they are tested first.
		{"type T int\nfunc (T) V() {}\nfunc (*T) P() {}\ntype P interface{ P(); V() }\nvar x any\n_, ok := x.(P)",
			"_, ok := func(_hnA any) (P, bool) { if _, ok := _hnA.(T); ok { return nil, false }; if _hnC, ok := _hnA.(*T); ok { return _hnC, true }; _hnC, ok := _hnrt.AssertTo(_hnA, \"main.P\", true, \"P\", \"V\").(P); return _hnC, ok }(x)"},
		// Without ok: the comma-ok form, then Go's panic.
		{"type I interface{ Foo() }\nvar x any\ni := x.(I)",
			"i := func(_hnA any) I { if _hnC, ok := _hnA.(I); ok { return _hnC }; panic(_hnrt.AssertErr(_hnA, \"main.I\", \"Foo\")) }(x)"},
		// A type switch: a case of interface type tests T's values first.
		{"type T int\nfunc (T) V() {}\nfunc (*T) P() {}\ntype P interface{ P(); V() }\nvar x any\nswitch x.(type) {\ncase P:\n}",
			"if func(_hnA any) bool { if _, ok := _hnA.(T); ok { return false }; if _, ok := _hnA.(*T); ok { return true }; _, ok := _hnrt.AssertTo(_hnA, \"main.P\", true, \"P\", \"V\").(P); return ok }(_hnTS0) { return 1 }"},
		// With ok and no notebook type implementing I: yaegi answers right.
		{"type I interface{ Foo() }\nvar x any\n_, ok := x.(I)", "_, ok := x.(I)"},
	}
	for _, tc := range cases {
		r := c.Check(Env{}, cellOf(tc.src))
		if r.Skip != "" || len(r.Errors) > 0 {
			t.Fatalf("%q: %s %v", tc.src, r.Skip, r.Errors)
		}
		edits, refused := Values(r, tc.src)
		if len(refused) > 0 {
			t.Errorf("%q: refused %v", tc.src, refused)
			continue
		}
		if got := applyTest(tc.src, edits); !strings.Contains(got, tc.want) {
			t.Errorf("%q:\ngot  %q\nwant %q", tc.src, got, tc.want)
		}
	}
}
