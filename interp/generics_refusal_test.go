package interp

import (
	"strings"
	"testing"
)

// Uses of recursive generic types killed the process (yaegi's type builder overflowed
// the stack: typeparam/list2.go, orderedmap.go); they are refused before yaegi sees
// them, and the session goes on.
func TestRecursiveGenericTypesRefused(t *testing.T) {
	h := newHarness(t, nil)
	h.run("type node[K, V any] struct {\n\tkey K\n\tleft *node[K, V]\n}") // declared, never built
	e := h.fail("var root *node[int, string]\n_ = root")
	if e.Name != "UnsupportedError" || !strings.HasPrefix(e.Value, "1:11: the interpreter cannot build node[int, string]: the generic type node has 2 type parameters and refers to itself") {
		t.Fatalf("%s %q", e.Name, e.Value)
	}
	h.run("type elem[T any] struct{ list *list[T] }\ntype list[T any] struct{ root elem[T] }")
	e = h.fail("func newList[T any]() *list[T] { return &list[T]{} }")
	if e.Name != "UnsupportedError" || !strings.Contains(e.Value, "the generic types elem and list refer to each other") {
		t.Fatalf("%s %q", e.Name, e.Value)
	}
	if v := h.value("1 + 1"); v != "2" {
		t.Fatal(v)
	}
}

// Keys of two types that yaegi builds as one type were one key of a map[any]
// (typeparam/issue46591.go).
func TestLookAlikeMapKeysRefused(t *testing.T) {
	h := newHarness(t, nil)
	h.run("type T[_ any] struct{}")
	e := h.fail("m := map[interface{}]int{\n\tT[struct{ int }]{}: 0,\n\tT[struct {\n\t\tint \"x\"\n\t}]{}: 0,\n}\n_ = m")
	if e.Name != "UnsupportedError" || !strings.HasPrefix(e.Value, "3:2: the interpreter cannot tell keys of the types T[struct{int}] and T[struct{int \"x\"}] apart") {
		t.Fatalf("%s %q", e.Name, e.Value)
	}
}
