package lower

import "testing"

func TestRangeFuncPass(t *testing.T) {
	checkPass(t, Env{Imports: []Import{{Path: "fmt"}}}, RangeFunc, []passCase{
		{"func gen(yield func(int) bool) {}\nfor x := range gen {\n\tif x == 1 {\n\t\tcontinue\n\t}\n\tif x == 3 {\n\t\tbreak\n\t}\n\tfmt.Print(x)\n}",
			"gen(func(x int) bool {\n\tif x == 1 {\n\t\treturn true\n\t}\n\tif x == 3 {\n\t\treturn false\n\t}\n\tfmt.Print(x)\n; return true })", ""},
		{"func pairs(yield func(string, int) bool) {}\nfunc h() int {\n\ts := 0\nL:\n\tfor k, v := range pairs {\n\t\tfor j := 0; j < 3; j++ {\n\t\t\tif j == 1 {\n\t\t\t\tcontinue L\n\t\t\t}\n\t\t\tswitch {\n\t\t\tcase v > 0:\n\t\t\t\tbreak\n\t\t\t}\n\t\t\ts += v\n\t\t\t_ = k\n\t\t}\n\t}\n\treturn s\n}",
			"pairs(func(k string, v int) bool {\n\t\tfor j := 0; j < 3; j++ {\n\t\t\tif j == 1 {\n\t\t\t\treturn true\n\t\t\t}\n\t\t\tswitch {\n\t\t\tcase v > 0:\n\t\t\t\tbreak\n", ""},
		{"func cnt(yield func() bool) {}\nn := 0\nfor range cnt {\n\tn++\n}", "cnt(func() bool {\n\tn++\n; return true })", ""},
		{"func pairs(yield func(string, int) bool) {}\nvar k string\nvar v int\nfor k, v = range pairs {\n}", "pairs(func(_hnY0 string, _hnY1 int) bool { k, v = _hnY0, _hnY1;\n; return true })", ""},
		{"func gen(yield func(int) bool) {}\nfunc bad() int {\n\tfor x := range gen {\n\t\treturn x\n\t}\n\treturn -1\n}", "", "cannot return from the function around it"},
		{"func gen(yield func(int) bool) {}\nfunc bad() {\n\tfor x := range gen {\n\t\tdefer fmt.Print(x)\n\t}\n}", "", "would run this defer at the end of the iteration"},
		{"func gen(yield func(int) bool) {}\nfunc bad() {\nO:\n\tfor i := 0; i < 2; i++ {\n\t\tfor x := range gen {\n\t\t\tif x > i {\n\t\t\t\tcontinue O\n\t\t\t}\n\t\t}\n\t}\n}", "", "cannot continue a statement outside it"},
		{"xs := []int{1}\nfor i, x := range xs {\n\t_, _ = i, x\n}", "for i, x := range xs", ""},
	})
}
