package lower

import "testing"

func TestParallelPass(t *testing.T) {
	c := testChecker()
	env := Env{}
	cases := []struct{ src, want string }{
		{"func id(i int) int { return i }\nfunc h() {\n\ta, b := 1, 2\n\ta, b = b, id(a)\n\t_, _ = a, b\n}",
			"func id(i int) int { return i }\nfunc h() {\n\ta, b := 1, 2\n\t{ var _hnA0_0 = b; var _hnA0_1 = id(a); a, b = _hnA0_0, _hnA0_1 }\n\t_, _ = a, b\n}"},
		{"func id(i int) int { return i }\nfunc h() {\n\tvar f float64\n\tvar a int\n\tf, a = 1, id(2)\n\t_, _ = f, a\n}",
			"func id(i int) int { return i }\nfunc h() {\n\tvar f float64\n\tvar a int\n\t{ var _hnA0_0 = (float64)(1); var _hnA0_1 = id(2); f, a = _hnA0_0, _hnA0_1 }\n\t_, _ = f, a\n}"},
		{"func id(i int) int { return i }\nfunc h() {\n\tb := 1\n\ta, c := id(b), 1.5\n\t_, _ = a, c\n}",
			"func id(i int) int { return i }\nfunc h() {\n\tb := 1\n\tvar _hnA0_0 = id(b); var _hnA0_1 = (float64)(1.5); a, c := _hnA0_0, _hnA0_1\n\t_, _ = a, c\n}"},
		// No call: left alone.
		{"func h() {\n\ta, b := 1, 2\n\ta, b = b, a\n}", "func h() {\n\ta, b := 1, 2\n\ta, b = b, a\n}"},
	}
	for _, tc := range cases {
		r := c.Check(env, cellOf(tc.src))
		if r.Skip != "" || len(r.Errors) > 0 {
			t.Fatalf("%q: %s %v", tc.src, r.Skip, r.Errors)
		}
		if got := applyTest(tc.src, Parallel(r, tc.src)); got != tc.want {
			t.Errorf("%q:\ngot  %q\nwant %q", tc.src, got, tc.want)
		}
	}
}
