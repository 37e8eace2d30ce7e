package main

import (
	"reflect"
	"strings"
	"testing"
)

const sample = `// Copyright line.

// run

package main

import "fmt"

import "os"

// main checks.
func main() {
	if total() != 6 {
		panic("fail")
	}
	fmt.Println(T(1).Twice(), isEven(4))
	f := main
	_ = f
}

func total() int { return sum(xs) }

var xs = []int{1, 2, 3}

func sum(v []int) (s int) {
	for _, x := range v {
		s += x
	}
	return s
}

func (t T) Twice() T { return t * 2 }

type T int

func isEven(n int) bool {
	if n == 0 {
		return true
	}
	return isOdd(n - 1)
}

func isOdd(n int) bool {
	if n == 0 {
		return false
	}
	return isEven(n - 1)
}

var _ = os.Args
`

func TestOneCell(t *testing.T) {
	cells, err := cellsFor("sample.go", sample, wayCell)
	if err != nil {
		t.Fatal(err)
	}
	if len(cells) != 2 || cells[1] != "main_()" {
		t.Fatalf("want the file then main_(), got %q", cells)
	}
	c := cells[0]
	if strings.Contains(c, "package main") {
		t.Error("the package clause is still there")
	}
	if strings.Count(c, "\n") != strings.Count(sample, "\n") {
		t.Error("lines moved: the package clause must be blanked, not removed")
	}
	if !strings.Contains(c, "func main_() {") || !strings.Contains(c, "f := main_\n") {
		t.Errorf("func main and its uses are not renamed:\n%s", c)
	}
	if !strings.Contains(c, "// Copyright line.") {
		t.Error("comments before the package clause are lost")
	}
}

func TestDeclsInFileOrder(t *testing.T) {
	cells, err := cellsFor("sample.go", sample, wayDecls)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"import \"fmt\"\nimport \"os\"",
		"// main checks.\nfunc main_() {",
		"func total()",
		"var xs",
		"func sum(",
		"func (t T) Twice()",
		"type T int",
		"func isEven(",
		"func isOdd(",
		"var _ = os.Args",
		"main_()",
	}
	checkPrefixes(t, cells, want)
}

func TestDeclsInDependencyOrder(t *testing.T) {
	cells, err := cellsFor("sample.go", sample, wayDeps)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"import \"fmt\"\nimport \"os\"",
		"var xs",       // before total, which uses it through sum
		"func sum(",    // ...
		"func total()", // needs sum and xs
		"type T int",   // before its method
		"func (t T) Twice()",
		"func isEven(",                    // isEven and isOdd call each other: one cell
		"// main checks.\nfunc main_() {", // uses total, T (and its methods), isEven
		"var _ = os.Args",
		"main_()",
	}
	checkPrefixes(t, cells, want)
	if !strings.Contains(cells[6], "func isOdd(") {
		t.Errorf("the cycle isEven/isOdd is not kept in one cell:\n%s", cells[6])
	}
}

func checkPrefixes(t *testing.T, cells, want []string) {
	t.Helper()
	if len(cells) != len(want) {
		t.Fatalf("got %d cells, want %d:\n%s", len(cells), len(want), strings.Join(cells, "\n-----\n"))
	}
	for i, w := range want {
		if !strings.HasPrefix(cells[i], w) {
			t.Errorf("cell %d starts %q, want %q", i+1, firstLine(cells[i]), w)
		}
	}
}

func TestTopoSCC(t *testing.T) {
	for _, tc := range []struct {
		name  string
		n     int
		edges [][]int
		want  [][]int
	}{
		{"none", 0, nil, nil},
		{"independent keep order", 3, [][]int{nil, nil, nil}, [][]int{{0}, {1}, {2}}},
		{"chain reversed", 3, [][]int{{1}, {2}, nil}, [][]int{{2}, {1}, {0}}},
		{"cycle", 4, [][]int{{3}, {2}, {1}, nil}, [][]int{{1, 2}, {3}, {0}}},
		{"self loop", 2, [][]int{{0}, nil}, [][]int{{0}, {1}}},
		{"earliest free first", 4, [][]int{{3}, nil, {1}, nil}, [][]int{{1}, {2}, {3}, {0}}},
	} {
		// Self loops are dropped by depOrder; topoSCC must cope with them anyway.
		got := topoSCC(tc.n, tc.edges)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestRecvBase(t *testing.T) {
	src := "package p\nfunc (a T) A() {}\nfunc (b *T) B() {}\nfunc (c L[K]) C() {}\nfunc (d *M[K, V]) D() {}\nfunc (T) E() {}\n"
	s, err := parseSource("r.go", src)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range s.decls {
		got = append(got, d.names[0])
	}
	want := []string{"T.A", "T.B", "L.C", "M.D", "T.E"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestNoMain(t *testing.T) {
	// A file without func main still splits; the call cell then fails in the session,
	// as it would for a user.
	cells, err := cellsFor("x.go", "package main\n\nvar main_x = 1\n", wayDeps)
	if err != nil {
		t.Fatal(err)
	}
	if len(cells) != 2 || cells[0] != "var main_x = 1" || cells[1] != callCell {
		t.Errorf("got %q", cells)
	}
	if _, err := cellsFor("bad.go", "package main\nfunc {", wayCell); err == nil {
		t.Error("a syntax error must be reported")
	}
}
