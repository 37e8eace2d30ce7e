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

// refusalCase is a cell and the start of the refusal it must get ("" when none).
type refusalCase struct{ src, want string }

// checkRefusals runs a check that only refuses over each case's checked cell.
func checkRefusals(t *testing.T, refuse func(*Result) []Refusal, cases []refusalCase) {
	t.Helper()
	c := testChecker()
	for _, tc := range cases {
		r := c.Check(Env{}, cellOf(tc.src))
		if r.Skip != "" || len(r.Errors) > 0 {
			t.Fatalf("%q: %s %v", tc.src, r.Skip, r.Errors)
		}
		got := refuse(r)
		if tc.want == "" {
			if len(got) != 0 {
				t.Errorf("%q: refused: %v", tc.src, got)
			}
			continue
		}
		if len(got) == 0 || !strings.HasPrefix(got[0].Error(), tc.want) {
			t.Errorf("%q: got %v, want %q", tc.src, got, tc.want)
		}
	}
}
