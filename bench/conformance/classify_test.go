package main

import (
	"strings"
	"testing"
	"time"
)

func TestFirstDiff(t *testing.T) {
	for _, tc := range []struct{ got, want, diff string }{
		{"", "", ""},
		{"a\nb\n", "a\nb\n", ""},
		{"a\r\nb\r\n", "a\nb\n", ""}, // CRLF counts as LF, as in Go's harness
		{"a\nc\n", "a\nb\n", `output line 2: got "c\n", want "b\n"`},
		{"a\n", "a\nb\n", `output line 2: got end of output, want "b\n"`},
		{"a\nb\nextra", "a\nb\n", `output line 3: got "extra", want end of output`},
		{"abc", "abc\n", `output line 1: got "abc", want "abc\n"`},
		{"x", "", `output line 1: got "x", want end of output`},
	} {
		if d := firstDiff(tc.got, tc.want); d != tc.diff {
			t.Errorf("firstDiff(%q, %q) = %q, want %q", tc.got, tc.want, d, tc.diff)
		}
	}
}

func TestClassify(t *testing.T) {
	rec := func(cells, ran int, name, value string) *record {
		return &record{Cells: cells, Ran: ran, Name: name, Value: value}
	}
	for _, tc := range []struct {
		name   string
		res    runResult
		want   string
		pass   bool
		tag    string
		errSub string
	}{
		{"pass", runResult{Output: "ok\n", Record: rec(2, 2, "", "")}, "ok\n", true, "", ""},
		{"pass empty", runResult{Record: rec(1, 1, "", "")}, "", true, "", ""},
		{"wrong output", runResult{Output: "333\n", Record: rec(2, 2, "", "")}, "210\n", false, tagSilent, "output line 1"},
		{"compile error", runResult{Record: rec(5, 2, "CompileError", "3:5: undefined: x")}, "", false, tagError, "cell 3/5: CompileError: 3:5: undefined: x"},
		{"refusal", runResult{Record: rec(2, 0, "UnsupportedError", "1:1: func init is not allowed")}, "", false, tagError, "UnsupportedError"},
		{"user panic", runResult{Record: rec(2, 1, "Panic", "12:3: fail")}, "", false, tagSilent, "Panic: 12:3: fail"},
		{"user exit", runResult{Record: rec(2, 1, "Exit", "exit status 1")}, "", false, tagSilent, "Exit"},
		{"goroutine user panic", runResult{Record: rec(2, 1, "GoroutinePanic", "bad value")}, "", false, tagSilent, ""},
		{"runtime panic", runResult{Record: rec(2, 1, "Panic", "4:2: runtime error: index out of range [5] with length 3")}, "", false, tagError, ""},
		{"reflect panic", runResult{Record: rec(2, 1, "Panic", "reflect: call of reflect.Value.Complex on interface Value")}, "", false, tagError, ""},
		{"yaegi whole panic", runResult{Record: rec(1, 0, "Panic", "BUG")}, "", false, tagSilent, "Panic: BUG"},
		{"exit 0", runResult{Record: rec(2, 1, "Exit", "os.Exit(0) called: the session keeps running")}, "", false, tagError, "Exit"},
		{"yaegi exit 1", runResult{Record: rec(1, 0, "Panic", "os.Exit(1)")}, "", false, tagSilent, ""},
		{"compile-stage panic", runResult{Record: rec(2, 0, "Panic", "22:2: CFG post-order panic: 10:17: incomplete type Src[int]")}, "", false, tagError, ""},
		{"died", runResult{Exit: 2, Output: "x\nfatal error: stack overflow\n\ngoroutine 1"}, "", false, tagCrash, "died: exit status 2: fatal error: stack overflow"},
		{"trap", runResult{Exit: 2, Output: "wrong value\nSIGTRAP: trace trap\nPC=0x49ae41\n"}, "", false, tagCrash, "died: exit status 2: SIGTRAP: trace trap"},
		{"killed", runResult{Exit: -1, Signal: "killed"}, "", false, tagCrash, "signal killed"},
		{"timeout", runResult{Exit: -1, TimedOut: true, Elapsed: 10 * time.Second, Record: rec(1, 0, "", "")}, "", false, tagCrash, "timed out after 10s"},
	} {
		o := classify(tc.res, tc.want)
		if o.Pass != tc.pass || o.Tag != tc.tag || !strings.Contains(o.Error, tc.errSub) {
			t.Errorf("%s: got %+v, want pass=%v tag=%q error containing %q", tc.name, o, tc.pass, tc.tag, tc.errSub)
		}
	}
}

func TestClassifyOracle(t *testing.T) {
	if o := classifyOracle(runResult{Output: "a\n"}, "a\n"); !o.Pass {
		t.Errorf("matching output: %+v", o)
	}
	if o := classifyOracle(runResult{Output: "panic: x\n", Exit: 2}, ""); o.Pass || !strings.Contains(o.Error, "exit status 2: panic: x") {
		t.Errorf("exit 2: %+v", o)
	}
	if o := classifyOracle(runResult{Output: "b\n"}, "a\n"); o.Pass || !strings.Contains(o.Error, "output line 1") {
		t.Errorf("wrong output: %+v", o)
	}
	if o := classifyOracle(runResult{TimedOut: true, Exit: -1}, ""); o.Pass || !strings.Contains(o.Error, "timed out") {
		t.Errorf("timeout: %+v", o)
	}
}

func TestStripNotices(t *testing.T) {
	in := "main_ will be declared when f, g is: no cell has declared it yet\nok\nStream.DropWhile will be declared when Pipe is: no cell has declared it yet\nx will be declared\n"
	if got := stripNotices(in); got != "ok\nx will be declared\n" {
		t.Errorf("stripNotices = %q", got)
	}
}
