package interp

import (
	"strings"
	"testing"
)

// Issue 13, "Errors of user types": values of the notebook's own types seen by compiled
// code (fmt, errors) and by type switches. See values.go and lower/values.go.

const qeDecl = `import ("errors"; "fmt")
type QE struct{ Q string }
func (e *QE) Error() string { return "qe:" + e.Q }`

func TestErrorfWrapsNotebookError(t *testing.T) {
	h := newHarness(t, nil)
	h.run(qeDecl)
	if v := h.value(`fmt.Errorf("wrap: %w", &QE{"x"}).Error()`); v != "wrap: qe:x" {
		t.Fatalf("%%w of a notebook error: %s", v)
	}
	h.run(`fmt.Println(fmt.Errorf("wrap: %w", &QE{"y"}))`)
	if out := h.out.String(); out != "wrap: qe:y\n" {
		t.Fatalf("%q", out)
	}
}

func TestErrorsAsIsUnwrapNotebookError(t *testing.T) {
	h := newHarness(t, nil)
	h.run(qeDecl)
	h.run(`e := &QE{"y"}
w := fmt.Errorf("w: %w", e)`)
	if v := h.value(`var target *QE
ok := errors.As(w, &target)
fmt.Sprint(ok, " ", target.Q, " ", target == e)`); v != "true y true" {
		t.Fatalf("errors.As: %s", v)
	}
	if v := h.value(`errors.Is(w, e)`); v != "true" {
		t.Fatalf("errors.Is: %s", v)
	}
	if v := h.value(`errors.Is(w, &QE{"y"})`); v != "false" {
		t.Fatalf("errors.Is of another pointer: %s", v)
	}
	if v := h.value(`errors.Unwrap(w) == e`); v != "true" {
		t.Fatalf("errors.Unwrap(w) == e: %s", v)
	}
	if v := h.value(`errors.Unwrap(w) != e`); v != "false" {
		t.Fatalf("errors.Unwrap(w) != e: %s", v)
	}
	// Inside a function too, and through errors.Join.
	h.run(`func find(err error) string {
	var q *QE
	if errors.As(err, &q) {
		return fmt.Sprint(q.Q, " ", errors.Is(err, e))
	}
	return "none"
}`)
	if v := h.value(`find(errors.Join(errors.New("a"), fmt.Errorf("b: %w", e)))`); v != "y true" {
		t.Fatalf("find: %s", v)
	}
	// errors.As into an error interface keeps the methods.
	if v := h.value(`var ie error
errors.As(w, &ie)
ie.Error()`); v != "w: qe:y" {
		t.Fatalf("errors.As into error: %s", v)
	}
}

func TestErrorsAsTargetChecked(t *testing.T) {
	h := newHarness(t, nil)
	h.run(qeDecl + "\ntype plain struct{ A int }")
	e := h.fail(`var p *plain
errors.As(errors.New("x"), &p)`)
	if e.Name != "UnsupportedError" || !strings.Contains(e.Value, "must be a non-nil pointer to either a type that implements error") {
		t.Fatalf("%s %q", e.Name, e.Value)
	}
	h.run("type Temporary interface{ Temporary() bool }")
	e = h.fail(`var tmp Temporary
errors.As(errors.New("x"), &tmp)`)
	if e.Name != "UnsupportedError" || !strings.Contains(e.Value, "notebook's interface type Temporary") {
		t.Fatalf("%s %q", e.Name, e.Value)
	}
}

// A notebook type with an Unwrap method: compiled errors.Is cannot follow it, so the
// calls are refused with what to write.
func TestErrorsWithNotebookUnwrapRefused(t *testing.T) {
	h := newHarness(t, nil)
	h.run(qeDecl + `
type Wrapped struct{ err error }
func (w Wrapped) Error() string { return "wrapped" }
func (w Wrapped) Unwrap() error { return w.err }`)
	e := h.fail(`errors.Is(Wrapped{&QE{"a"}}, errors.ErrUnsupported)`)
	if e.Name != "UnsupportedError" || !strings.Contains(e.Value, "errors.Is cannot call the Unwrap method of the notebook's type Wrapped") {
		t.Fatalf("%s %q", e.Name, e.Value)
	}
	if out := h.out.String(); out != "" {
		t.Fatal(out)
	}
}

func TestTypeSwitchInterfaceCases(t *testing.T) {
	h := newHarness(t, nil)
	h.run(qeDecl)
	h.run(`var x any = errors.New("e")`)
	h.run(`switch x.(type) {
case error:
	fmt.Println("error")
default:
	fmt.Println("default")
}`)
	h.run(`switch v := x.(type) {
case fmt.Stringer:
	fmt.Println("stringer", v)
case error:
	fmt.Println("error", v.Error())
case nil:
	fmt.Println("nil")
}`)
	if out := h.out.String(); out != "error\nerror e\n" {
		t.Fatalf("%q", out)
	}
	h.run(`type Shape interface{ Area() float64 }
type Circle struct{ R float64 }
type Square struct{ S float64 }
func (c Circle) Area() float64 { return 3 * c.R * c.R }
func (s *Square) Area() float64 { return s.S * s.S }
func kind(s any) string {
	switch v := s.(type) {
	case Circle:
		return fmt.Sprint("circle ", v.R)
	case *Square:
		return fmt.Sprint("square ", v.S)
	case Shape:
		return "shape"
	case int, string:
		return fmt.Sprint("int or string ", v)
	case nil:
		return "nil"
	case error:
		return "error " + v.Error()
	}
	return "none"
}`)
	got := h.value(`kind(Circle{1}) + "|" + kind(&Square{2}) + "|" + kind(3) + "|" + kind("s") + "|" + kind(nil) + "|" + kind(&QE{"q"}) + "|" + kind(2.5)`)
	if got != "circle 1|square 2|int or string 3|int or string s|nil|error qe:q|none" {
		t.Fatal(got)
	}
	// break leaves the switch, as in Go.
	if v := h.value(`n := 0
for i := 0; i < 3; i++ {
	switch x.(type) {
	case error:
		if i > 0 {
			break
		}
		n += 10
	}
	n++
}
n`); v != "13" {
		t.Fatal(v)
	}
}

func TestNotebookStringer(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import "fmt"
type T struct{}
func (T) String() string { return "tee" }
type Col int
func (c Col) String() string { return "col" }`)
	if v := h.value(`var s fmt.Stringer = T{}
s.String()`); v != "tee" {
		t.Fatal(v)
	}
	if v := h.value(`func isStringer(y any) bool { _, ok := y.(fmt.Stringer); return ok }
isStringer(T{})`); v != "true" {
		t.Fatal(v)
	}
	// %d of a named integer with a String method prints the integer (it printed the
	// interpreter's wrapper struct); %v, %s, %x and %q use String, as fmt does.
	if v := h.value(`fmt.Sprintf("%d %v %s %x %q %5d|", Col(3), Col(3), Col(3), Col(3), Col(3), Col(3))`); v != `3 col col 636f6c "col"     3|` {
		t.Fatal(v)
	}
}

// A type with both Error and String prints its Error for %v (fmt's order); GoString
// serves %#v.
func TestNotebookErrorAndStringMethods(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import "fmt"
type Both struct{}
func (Both) Error() string { return "as error" }
func (Both) String() string { return "as string" }
func (Both) GoString() string { return "Both{}" }`)
	if v := h.value(`fmt.Sprintf("%v|%s|%#v", Both{}, Both{}, Both{})`); v != "as error|as error|Both{}" {
		t.Fatal(v)
	}
}

func TestPercentTOfNotebookType(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import "fmt"
type Pt struct{ X, Y int }
type Col int
p := Pt{1, 2}`)
	if v := h.value(`fmt.Sprintf("%T %T %T %10T| %v %+v", p, &p, []Pt{p}, Col(1), p, &p)`); v != "main.Pt *main.Pt []main.Pt   main.Col| {1 2} &{X:1 Y:2}" {
		t.Fatal(v)
	}
	if v := h.value("fmt.Sprintf(`%[2]T %[1]d`, 7, p)"); v != "main.Pt 7" {
		t.Fatal(v)
	}
}

func TestPercentSharpVOfNotebookTypeRefused(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import "fmt"
type Pt struct{ X, Y int }
p := Pt{1, 2}`)
	e := h.fail(`fmt.Printf("%#v\n", p)`)
	if e.Name != "UnsupportedError" || !strings.Contains(e.Value, "%#v of a value of the notebook's type Pt") {
		t.Fatalf("%s %q", e.Name, e.Value)
	}
}

func TestUnexportedFieldsOfNotebookStructs(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import ("fmt"; "encoding/json")
type Priv struct{ Pub int; priv string }
type Tagged struct{ Pub int; priv string ` + "`json:\"-\"`" + ` }`)
	e := h.fail(`b, _ := json.Marshal(Priv{1, "s"})
fmt.Println(string(b))`)
	if e.Name != "UnsupportedError" || !strings.Contains(e.Value, `unexported field priv of Priv as "Xpriv"`) {
		t.Fatalf("%s %q", e.Name, e.Value)
	}
	e = h.fail(`fmt.Printf("%+v\n", []Priv{{1, "s"}})`)
	if e.Name != "UnsupportedError" || !strings.Contains(e.Value, "unexported field priv of Priv as Xpriv") {
		t.Fatalf("%s %q", e.Name, e.Value)
	}
	if out := h.out.String(); out != "" {
		t.Fatal(out)
	}
	// What the messages suggest works.
	if v := h.value(`b, _ := json.Marshal(Tagged{1, "s"})
string(b)`); v != `{"Pub":1}` {
		t.Fatal(v)
	}
	if v := h.value(`fmt.Sprintf("%v", Priv{1, "s"})`); v != "{1 s}" {
		t.Fatal(v)
	}
}

func TestWhoShowsNotebookTypeNames(t *testing.T) {
	h := newHarness(t, nil)
	h.run(qeDecl + "\ntype Pt struct{ X, Y int }")
	h.run("p := Pt{1, 2}\nvar target *QE")
	h.run("%who")
	out := h.out.String()
	for _, want := range []string{"p                Pt\n", "target           *QE\n"} {
		if !strings.Contains(out, want) {
			t.Fatalf("%%who: want %q in %q", want, out)
		}
	}
}

// x.(fmt.Stringer) of a notebook value held in an interface{} (a global any, a
// parameter): it was false at cell level and panicked with a result
// ("reflect.Set: value of type interface {} is not assignable").
func TestAssertNotebookValueToInterface(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import ("errors"; "fmt")
type T struct{ N int }
func (t T) String() string { return fmt.Sprint("tee", t.N) }
func str(x any) string { return x.(fmt.Stringer).String() }
func isStringer(x any) (string, bool) { s, ok := x.(fmt.Stringer); if !ok { return "", false }; return s.String(), true }`)
	if v := h.value(`var y any = T{1}
_, ok := y.(fmt.Stringer)
ok`); v != "true" {
		t.Fatal(v)
	}
	if v := h.value(`fmt.Sprint(str(T{2}), " ", str(y))`); v != "tee2 tee1" {
		t.Fatal(v)
	}
	if v := h.value(`s, ok := isStringer(T{3})
fmt.Sprint(s, ok)`); v != "tee3true" {
		t.Fatal(v)
	}
	if v := h.value(`_, ok2 := any(errors.New("e")).(fmt.Stringer)
ok2`); v != "false" {
		t.Fatal(v)
	}
}

// Notebook types with the same structure cannot be told apart by the interpreter's type
// assertions: the test is refused.
func TestAmbiguousNotebookTypesRefused(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`type Dog struct{}
type Cat struct{}
func (Dog) Speak() string { return "woof" }
func (Cat) Speak() string { return "meow" }
type Speaker interface{ Speak() string }`)
	e := h.fail(`func isDog(x any) bool { _, ok := x.(Dog); return ok }`)
	if e.Name != "UnsupportedError" || !strings.Contains(e.Value, "cannot tell values of the notebook's types Dog and Cat apart") {
		t.Fatalf("%s %q", e.Name, e.Value)
	}
	e = h.fail(`func speak(s Speaker) string { if _, ok := s.(Dog); ok { return "dog" }; return s.Speak() }`)
	if e.Name != "UnsupportedError" {
		t.Fatalf("%s %q", e.Name, e.Value)
	}
	// Method calls through the interface are right.
	if v := h.value(`func speak(s Speaker) string { return s.Speak() }
speak(Cat{}) + speak(Dog{})`); v != "meowwoof" {
		t.Fatal(v)
	}
}
