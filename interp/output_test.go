package interp

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// flatLog merges consecutive log entries of the same stream ("out:", "err:"), so that a
// stream's bytes may arrive in any number of writes.
func flatLog(entries []string) []string {
	var seq []string
	for _, e := range entries {
		tag := e[:4]
		if n := len(seq); n > 0 && strings.HasPrefix(seq[n-1], tag) && (tag == "out:" || tag == "err:") {
			seq[n-1] += e[4:]
			continue
		}
		seq = append(seq, e)
	}
	return seq
}

// The order of stderr and stdout writes of one cell is kept: this cell arrived swapped
// in most runs when both streams were pipes forwarded by two goroutines.
func TestStderrThenStdoutOrder(t *testing.T) {
	h := newHarness(t, nil)
	h.run("import (\n\t\"fmt\"\n\t\"os\"\n)")
	for i := 0; i < 200; i++ {
		h.log.mu.Lock()
		h.log.entries = nil
		h.log.mu.Unlock()
		h.run("fmt.Fprintln(os.Stderr, \"to stderr\")\nfmt.Println(\"to stdout\")")
		got := flatLog(h.log.all())
		if len(got) != 2 || got[0] != "err:to stderr\n" || got[1] != "out:to stdout\n" {
			t.Fatalf("run %d: %q", i, got)
		}
	}
}

// Every kind of write a cell makes arrives in the order it was made: the interpreter's
// fmt and log, os.Stdout/os.Stderr methods, os.Stdout/os.Stderr handed to fmt.Fprint*,
// bufio, log.New, io.WriteString, tabwriter and json.NewEncoder, and compiled code
// writing the process's os.Stdout (a pipe; here through a *os.File variable). Two
// consecutive pipe writes to different streams are the one case the OS does not order
// (see output.go), so the pipe write here is followed by an in-process one.
func TestMixedOutputOrder(t *testing.T) {
	h := newHarness(t, nil)
	h.run("import (\"bufio\"; \"bytes\"; \"encoding/json\"; \"fmt\"; \"io\"; \"log\"; \"os\"; \"text/tabwriter\"; \"github.com/hessnote/hessnote/display\")\nlog.SetFlags(0)")
	cell := `fmt.Println("1 fmt")
fmt.Fprintln(os.Stderr, "2 fprintln stderr")
os.Stdout.WriteString("3 stdout method\n")
log.Print("4 log")
fmt.Fprintf(os.Stdout, "5 fprintf %s\n", "stdout")
os.Stderr.Write([]byte("6 stderr method\n"))
bw := bufio.NewWriter(os.Stdout)
bw.WriteString("7 bufio\n")
bw.Flush()
log.New(os.Stderr, "", 0).Print("8 logger")
io.WriteString(os.Stdout, "9 io.WriteString\n")
tw := tabwriter.NewWriter(os.Stderr, 0, 8, 1, ' ', 0)
fmt.Fprintln(tw, "10\ttabwriter")
tw.Flush()
json.NewEncoder(os.Stdout).Encode(11)
var f *os.File = os.Stderr
f.WriteString("12 pipe\n")
fmt.Print("13 print\n")
display.Text("14 display")
fmt.Fprint(os.Stderr, "15 stderr\n")
var b bytes.Buffer
fmt.Fprint(&b, "16 buffer\n")
io.Copy(os.Stdout, &b)`
	want := []string{
		"out:1 fmt\n", "err:2 fprintln stderr\n", "out:3 stdout method\n", "err:4 log\n",
		"out:5 fprintf stdout\n", "err:6 stderr method\n", "out:7 bufio\n", "err:8 logger\n",
		"out:9 io.WriteString\n", "err:10 tabwriter\n", "out:11\n", "err:12 pipe\n", "out:13 print\n",
		"display:14 display", "err:15 stderr\n", "out:16 buffer\n",
	}
	for i := 0; i < 50; i++ {
		h.log.mu.Lock()
		h.log.entries = nil
		h.log.mu.Unlock()
		h.run(cell)
		if got := flatLog(h.log.all()); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("run %d:\n got %q\nwant %q", i, got, want)
		}
	}
}

// os.Stdout keeps its type in cells, and the output of a child process comes through.
func TestStdoutIsFile(t *testing.T) {
	h := newHarness(t, nil)
	if v := h.value("import (\"fmt\"; \"os\")\nvar f *os.File = os.Stdout\nn, err := os.Stdout.WriteString(\"x\\n\")\nfmt.Sprint(n, err, f != nil)"); v != "2 <nil> true" {
		t.Fatal(v)
	}
	h.run("!echo from-child")
	if s := h.out.String(); s != "x\nfrom-child\n" {
		t.Fatalf("stdout %q", s)
	}
}

// Everything written before Execute returns has been delivered, also when compiled code
// filled the pipe far beyond its buffer.
func TestLargePipeWriteDelivered(t *testing.T) {
	h := newHarness(t, nil)
	h.run("import (\"bufio\"; \"os\"; \"strings\")\nbw := bufio.NewWriterSize(os.Stdout, 1<<20)\nbw.WriteString(strings.Repeat(\"y\", 3<<20))\nbw.Flush()")
	if n := len(h.out.String()); n != 3<<20 {
		t.Fatalf("got %d bytes", n)
	}
	if _, err := h.s.Execute(context.Background(), "1"); err != nil {
		t.Fatal(err)
	}
}

// fmt.Fprint* on os.Stdout/os.Stderr still call String methods of notebook types (the
// interpreter's interface wrappers follow the replaced functions; yaegi's fmt never
// calls Error methods of notebook types, so neither do these).
func TestFprintCallsNotebookMethods(t *testing.T) {
	h := newHarness(t, nil)
	h.run("import (\"fmt\"; \"os\")\ntype tee struct{}\nfunc (tee) String() string { return \"tee\" }")
	h.run("fmt.Fprintln(os.Stdout, tee{})\nfmt.Fprintf(os.Stderr, \"%v %s\\n\", tee{}, tee{})\nfmt.Fprint(os.Stdout, tee{}, \"\\n\")")
	if s := h.out.String(); s != "tee\ntee\n" {
		t.Errorf("stdout %q", s)
	}
	if s := h.err.String(); s != "tee tee\n" {
		t.Errorf("stderr %q", s)
	}
}

// Goroutines of a cell write concurrently: every line arrives, each goroutine's own lines
// in order, and all before Execute returns.
func TestConcurrentWriters(t *testing.T) {
	h := newHarness(t, nil)
	h.run(`import ("fmt"; "os"; "sync"; "time")
var wg sync.WaitGroup
for g := 0; g < 4; g++ {
	wg.Add(1)
	go func(g int) {
		defer wg.Done()
		for i := 0; i < 500; i++ {
			if i%2 == 0 {
				fmt.Printf("g%d %d\n", g, i)
			} else {
				var f *os.File = os.Stderr
				fmt.Fprintf(f, "g%d %d\n", g, i)
			}
		}
	}(g)
}
wg.Wait()
time.Sleep(20 * time.Millisecond) // let the goroutines return (yaegi races otherwise with the next Eval)`)
	next := map[string]int{}
	for _, l := range strings.Split(strings.TrimSpace(h.out.String()+h.err.String()), "\n") {
		var g string
		var i int
		if _, err := fmt.Sscanf(l, "%s %d", &g, &i); err != nil {
			t.Fatalf("line %q", l)
		}
		next[g]++
	}
	for g := 0; g < 4; g++ {
		if n := next[fmt.Sprintf("g%d", g)]; n != 500 {
			t.Fatalf("g%d: %d lines in %q", g, n, h.out.String()[:100])
		}
	}
	for _, s := range []string{h.out.String(), h.err.String()} {
		last := map[string]int{}
		for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
			var g string
			var i int
			fmt.Sscanf(l, "%s %d", &g, &i)
			if p, ok := last[g]; ok && i <= p {
				t.Fatalf("%s: %d after %d", g, i, p)
			}
			last[g] = i
		}
	}
}
