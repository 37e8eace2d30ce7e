package lower

import "testing"

func TestRangeIntsPass(t *testing.T) {
	checkPass(t, Env{Imports: []Import{{Path: "fmt"}}}, RangeInts, []passCase{
		{"for i := range 3 {\n\tfmt.Print(i)\n}", "for _hnI, _hnN := int(0), int(3); _hnI < _hnN; _hnI++ { i := _hnI; _ = i;\n\tfmt.Print(i)\n}", ""},
		{"var n uint8 = 4\nfor i := range n {\n\tfmt.Print(i)\n}", "for _hnI, _hnN := uint8(0), n; _hnI < _hnN; _hnI++ { i := _hnI; _ = i;", ""},
		{"type N int\nvar n N = 2\nfor range n {\n}", "for _hnI, _hnN := N(0), n; _hnI < _hnN; _hnI++ {\n}", ""},
		{"var k int64\nfor k = range 5 {\n}", "for _hnI, _hnN := int64(0), int64(5); _hnI < _hnN; _hnI++ { k = _hnI;\n}", ""},
		{"func f() int { return 2 }\nfor i := range f() {\n\tfmt.Print(i)\n}", "for _hnI, _hnN := int(0), f(); _hnI < _hnN; _hnI++ { i := _hnI;", ""},
		{"xs := []int{1}\nfor i := range len(xs) {\n\t_ = i\n}", "_hnN := int(0), len(xs);", ""},
		{"func g[T ~int](n T) {\n\tfor i := range n {\n\t\tfmt.Print(i)\n\t}\n}", "for _hnI, _hnN := T(0), n; _hnI < _hnN; _hnI++ { i := _hnI;", ""},
		{"for i := range\n\t3 {\n\t_ = i\n}", "for _hnI, _hnN :=\n int(0), int(3); _hnI < _hnN; _hnI++ { i := _hnI; _ = i;\n\t_ = i\n}", ""},
		{"xs := []int{1}\nfor i := range xs {\n\t_ = i\n}", "for i := range xs {", ""},
	})
}
