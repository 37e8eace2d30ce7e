package lower

import "testing"

func TestMapKeys(t *testing.T) {
	checkRefusals(t, MapKeys, []refusalCase{
		{"type T[_ any] struct{}\nm := map[any]int{T[struct{ int }]{}: 0, T[struct{ int \"x\" }]{}: 0}\n_ = m", "2:41: the interpreter cannot tell keys of the types T[struct{int}] and T[struct{int \"x\"}] apart in a map with keys of type any (it builds both as struct{}"},
		{"type Cat struct{}\ntype Bird struct{}\nm := map[any]int{Cat{}: 1, Bird{}: 2}\n_ = m", "3:28: the interpreter cannot tell keys of the types Cat and Bird apart"},
		{"type myint int\nm := map[any]int{myint(1): 1, 2: 2}\n_ = m", "2:31: the interpreter cannot tell keys of the types myint and int apart"},
		{"type Dog struct{}\nfunc (Dog) Bark() {}\ntype Cat struct{}\nm := map[any]int{Dog{}: 1, Cat{}: 2}\n_ = m", ""},
		{"type P struct{ A int }\nm := map[any]int{P{1}: 1, P{2}: 2, 3: 3}\n_ = m", ""},
		{"type P struct{ A int }\nm := map[P]int{{1}: 1}\n_ = m", ""},
	})
}
