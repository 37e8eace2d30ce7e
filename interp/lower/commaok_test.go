package lower

import "testing"

func TestCommaOkPass(t *testing.T) {
	c := testChecker()
	cases := []struct{ src, want string }{
		{"func f(m map[string]int, x any) {\n\tv, w := 3, 3\n\tvar ok bool\n\tv, ok = m[\"b\"]\n\tw, ok2 := m[\"b\"]\n\tif v, ok = x.(int); ok {\n\t}\n\t_, _, _, _ = v, ok, w, ok2\n}",
			"func f(m map[string]int, x any) {\n\tv, w := 3, 3\n\tvar ok bool\n\tv, ok = func() (int, bool) { _hnC0, _hnC1 := m[\"b\"]; return _hnC0, _hnC1 }()\n\tw, ok2 := func() (int, bool) { _hnC0, _hnC1 := m[\"b\"]; return _hnC0, _hnC1 }()\n\tif v, ok = func() (int, bool) { _hnC0, _hnC1 := x.(int); return _hnC0, _hnC1 }(); ok {\n\t}\n\t_, _, _, _ = v, ok, w, ok2\n}"},
		// New variables start at zero; a blank v is not set.
		{"func f(m map[string]int) {\n\tv, ok := m[\"b\"]\n\t_, ok = m[\"c\"]\n\t_, _ = v, ok\n}", "func f(m map[string]int) {\n\tv, ok := m[\"b\"]\n\t_, ok = m[\"c\"]\n\t_, _ = v, ok\n}"},
	}
	for _, tc := range cases {
		r := c.Check(Env{}, cellOf(tc.src))
		if r.Skip != "" || len(r.Errors) > 0 {
			t.Fatalf("%q: %s %v", tc.src, r.Skip, r.Errors)
		}
		if got := applyTest(tc.src, CommaOk(r, tc.src)); got != tc.want {
			t.Errorf("%q:\ngot  %q\nwant %q", tc.src, got, tc.want)
		}
	}
}
