package lower

import (
	"strings"
	"testing"
)

func TestSelectsPass(t *testing.T) {
	c := testChecker()
	cases := []struct{ src, want, refused string }{
		{"func f(c chan int) {\nL:\n\tfor {\n\t\tselect {\n\t\tcase <-c:\n\t\t\tif true { break }\n\t\t\tcontinue\n\t\tdefault:\n\t\t\tbreak L\n\t\t}\n\t}\n}",
			"{ var _hnJ0 int; _hnSel0: select {\n\t\tcase <-c:\n\t\t\tif true { break _hnSel0 }\n\t\t\t{ _hnJ0 = 1; break _hnSel0 }\n\t\tdefault:\n\t\t\t{ _hnJ0 = 2; break _hnSel0 }\n\t\t}; switch _hnJ0 { case 1: continue; case 2: break L; } }", ""},
		// A labeled select: its label is used; a loop inside a case keeps its jumps.
		{"func f(c chan int) {\n\tfor {\n\tS:\n\t\tselect {\n\t\tcase <-c:\n\t\t\tfor i := 0; i < 2; i++ { if i == 1 { break }; continue }\n\t\t\tif true { break }\n\t\t\tbreak S\n\t\t}\n\t}\n}",
			"S:\n\t\tselect {\n\t\tcase <-c:\n\t\t\tfor i := 0; i < 2; i++ { if i == 1 { break }; continue }\n\t\t\tif true { break S }\n\t\t\tbreak S\n\t\t}", ""},
		{"func f(c chan int) {\n\tfor {\n\t\tselect {\n\t\tcase <-c:\n\t\t\tselect {\n\t\t\tdefault:\n\t\t\t\tcontinue\n\t\t\t}\n\t\t}\n\t}\n}", "", "select nested in the case of another select"},
	}
	for _, tc := range cases {
		r := c.Check(Env{}, cellOf(tc.src))
		if r.Skip != "" || len(r.Errors) > 0 {
			t.Fatalf("%q: %s %v", tc.src, r.Skip, r.Errors)
		}
		edits, refused := Selects(r, tc.src)
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
