package interp

import (
	"strings"
	"testing"
)

// A go statement evaluates its function and arguments when it runs, as in Go, although
// the session rewrites it to recover panics in the goroutine.
func TestGoStatementEvaluatesArguments(t *testing.T) {
	if raceEnabled {
		t.Skip("yaegi grows the global frame of a cell while its goroutines read it (the value chunk runs after the statements)")
	}
	h := newHarness(t, nil)
	h.run("import (\"fmt\"; \"sort\"; \"sync\")\nconst scale = 10\ntype worker struct{ id int }\nfunc (w worker) run(out chan<- int) { out <- w.id }\n" +
		"func Twice[T int | float64](x T, out chan<- T) { out <- 2 * x }\nfunc half(x float64, out chan<- float64) { out <- x / 2 }")
	cases := []struct{ code, want string }{
		// A func literal taking the loop variable, the idiom for per-goroutine copies.
		{"var mu sync.Mutex\nvar got []int\nvar wg sync.WaitGroup\nfor g := 0; g < 4; g++ {\n\twg.Add(1)\n\tgo func(g int) {\n\t\tdefer wg.Done()\n\t\tmu.Lock()\n\t\tgot = append(got, g)\n\t\tmu.Unlock()\n\t}(g)\n}\nwg.Wait()\nsort.Ints(got)\nfmt.Sprint(got)", "[0 1 2 3]"},
		// A named function, several arguments, a constant argument of another type.
		{"ch := make(chan float64, 3)\nfor i := 0; i < 3; i++ {\n\tgo half(float64(i)*scale, ch)\n}\ns := []float64{<-ch, <-ch, <-ch}\nsort.Float64s(s)\nfmt.Sprint(s)", "[0 5 10]"},
		{"ch2 := make(chan float64, 1)\ngo half(3, ch2)\n<-ch2", "1.5"},
		// Methods (evaluated in the goroutine: yaegi's method values lose their receiver).
		{"out := make(chan int, 2)\nwp := &worker{7}\ngo wp.run(out)\nw8 := worker{8}\ngo w8.run(out)\nfmt.Sprint(<-out + <-out)", "15"},
		{"var wg sync.WaitGroup\nwg.Add(1)\ngo wg.Done()\nwg.Wait()\n2", "2"},
		// A package function, and os.Stdout's method (rewritten too).
		{"import (\"os\"; \"time\")\ngo time.Sleep(time.Millisecond)\ngo os.Stdout.WriteString(\"\")\n1", "1"},
		// A generic function, a builtin, a variadic call and no arguments.
		{"tw := make(chan int, 1)\ngo Twice(21, tw)\n<-tw", "42"},
		{"cl := make(chan int)\ngo close(cl)\nzero := <-cl\nzero", "0"},
		{"vs := make(chan string, 1)\nsend := func(xs ...string) { vs <- strings.Join(xs, \"+\") }\nparts := []string{\"a\", \"b\"}\ngo send(parts...)\n<-vs", "a+b"},
		{"done := make(chan bool)\ngo func() { done <- true }()\n<-done", "true"},
	}
	h.run("import \"strings\"")
	for _, c := range cases {
		if v := h.value(c.code); v != c.want {
			t.Errorf("%q: got %q, want %q", c.code, v, c.want)
		}

	}
}

// Columns of compile errors elsewhere in the cell stay right.
func TestGoStatementKeepsLines(t *testing.T) {
	h := newHarness(t, nil)
	e := h.fail("import \"time\"\ngo time.Sleep(\n\ttime.Millisecond,\n)\nundefinedName")
	if !strings.HasPrefix(e.Value, "5:1: undefined: undefinedName") {
		t.Fatal(e.Value)
	}
}
