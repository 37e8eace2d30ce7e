package interp

import (
	"testing"
)

// FuzzSplitCell feeds arbitrary text to the cell splitter and the parse of its units:
// they must never panic, and the units must be in order, inside the cell and disjoint.
// The seed corpus is in testdata/fuzz/FuzzSplitCell.
func FuzzSplitCell(f *testing.F) {
	for _, seed := range []string{
		"x := 1",
		"import \"fmt\"\nfunc f() int { return 1 }\nfmt.Println(f())\nf()",
		"type T struct{ A, B int }\nfunc (t T) Sum() int { return t.A + t.B }\nT{1, 2}.Sum()",
		"for i := range 10 { _ = i }",
		"%time x := 2",
		"s := `raw\nstring` ; y := \"a;b\" // c;d\n/* e;f */ z := 'g'",
		"func g() {\n\tif true {\n",
		"}}}{{{",
		"\xff\xfe\x00",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, code string) {
		units := splitCell(code)
		prev := 0
		for i, u := range units {
			if u.start < prev || u.end < u.start || u.end > len(code) {
				t.Fatalf("unit %d [%d, %d) out of order or outside the cell of %d bytes (previous end %d)",
					i, u.start, u.end, len(code), prev)
			}
			prev = u.end
		}
		parseUnits(code, units)
	})
}
