package lower

import (
	"strings"
	"testing"
)

// passCase is a cell, a text its lowering must contain, or the start of the message
// of the refusal it must get.
type passCase struct{ src, want, refused string }

// checkPass runs a pass over each case's checked cell and compares.
func checkPass(t *testing.T, env Env, pass func(*Result, string) ([]Edit, []Refusal), cases []passCase) {
	t.Helper()
	c := testChecker()
	for _, tc := range cases {
		r := c.Check(env, cellOf(tc.src))
		if r.Skip != "" || len(r.Errors) > 0 {
			t.Fatalf("%q: %s %v", tc.src, r.Skip, r.Errors)
		}
		edits, refused := pass(r, tc.src)
		if tc.refused != "" {
			if len(refused) == 0 || !strings.Contains(refused[0].Error(), tc.refused) {
				t.Errorf("%q: refusals %v, want %q", tc.src, refused, tc.refused)
			}
			continue
		}
		if len(refused) > 0 {
			t.Errorf("%q: refused %v", tc.src, refused)
			continue
		}
		if got := applyTest(tc.src, edits); !strings.Contains(got, tc.want) {
			t.Errorf("%q:\ngot  %q\nwant %q", tc.src, got, tc.want)
		}
	}
}
