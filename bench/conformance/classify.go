package main

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Tags of a failing (program, way): why hessnote (or yaegi) differs from the oracle.
const (
	// tagError: the run stopped with an error the user sees: a refusal, a compile or
	// type error, or a runtime panic with Go's, reflect's or the interpreter's message.
	tagError = "error"
	// tagSilent: the user is not told: the output differs with no error, or the
	// program's own check fails (a panic raised by its code, a non-zero exit). In a
	// notebook there is no such check to notice a wrong value.
	tagSilent = "silent"
	// tagCrash: the subprocess died (fatal error, signal) or timed out.
	tagCrash = "crash"
)

// Outcome is the verdict on one program run in one way.
type Outcome struct {
	Pass bool   `json:"pass"`
	Tag  string `json:"tag,omitempty"`
	// Error is the first line that says what went wrong: the error of the failing
	// cell ("cell 3/7: CompileError: ..."), the first differing output line, or how
	// the process died.
	Error   string  `json:"error,omitempty"`
	Seconds float64 `json:"seconds"`
}

// userPanicNames are the interp.Error names (and yaegi's, see runYaegi) under which the
// program's own failure arrives: its panic(...) or os.Exit(n).
var userPanicNames = map[string]bool{"Panic": true, "GoroutinePanic": true, "Exit": true}

// runtimeMarkers are texts of panics raised by the Go runtime, reflect or the
// interpreter rather than by a panic call in the program: a user sees these as errors.
var runtimeMarkers = []string{
	"runtime error", "reflect", "yaegi", "interface conversion", "nil pointer",
	"invalid memory address", "index out of range", "slice bounds out of range",
	"call of nil", "integer divide by zero", "assignment to entry in nil map",
	"negative shift amount", "makeslice", "makechan", "makemap", "hash of unhashable",
	"comparing uncomparable", "close of closed channel", "close of nil channel",
	"send on closed channel",
	// yaegi's compile stage failing inside a declaration (a panic it raises itself):
	"cfg post-order panic", "incomplete type", "overflows",
	// os.Exit(0) ends a Go program successfully; hessnote and yaegi report it as a failure.
	"os.exit(0)",
}

// silentError reports whether an error that stopped a run is the program's own check
// failing (silent) rather than an error the interpreter or hessnote explains.
func silentError(name, value string) bool {
	if !userPanicNames[name] {
		return false
	}
	v := strings.ToLower(value)
	for _, m := range runtimeMarkers {
		if strings.Contains(v, m) {
			return false
		}
	}
	return true
}

// noticeRE matches the notice hessnote writes to stderr when a cell's declarations wait
// for a name no cell has declared yet (interp/pending.go): it tells the user about the
// cell, it is not the program's output, and it is not a failure.
var noticeRE = regexp.MustCompile(`(?m)^\S+ will be declared when .+ is: no cell has declared it yet\n`)

// stripNotices removes hessnote's notices from the output of a cell way.
func stripNotices(out string) string { return noticeRE.ReplaceAllString(out, "") }

// normalize makes outputs comparable as Go's test harness does (CRLF to LF).
func normalize(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }

// firstDiff describes where got departs from want, or returns "" when they are equal.
func firstDiff(got, want string) string {
	got, want = normalize(got), normalize(want)
	if got == want {
		return ""
	}
	gl, wl := strings.SplitAfter(got, "\n"), strings.SplitAfter(want, "\n")
	for i := 0; ; i++ {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			return fmt.Sprintf("output line %d: got %s, want %s", i+1, quoteLine(g), quoteLine(w))
		}
	}
}

// quoteLine quotes one output line for a report, shortened.
func quoteLine(s string) string {
	if s == "" {
		return "end of output"
	}
	if len(s) > 80 {
		s = s[:77] + "..."
	}
	return fmt.Sprintf("%q", s)
}

// classifyOracle judges a go run: it passes when it exits 0 with the expected output.
func classifyOracle(res runResult, want string) Outcome {
	o := Outcome{Seconds: seconds(res.Elapsed)}
	switch {
	case res.Err != nil:
		o.Error = "could not start: " + res.Err.Error()
	case res.TimedOut:
		o.Error = "timed out after " + res.Elapsed.Round(time.Second).String()
	case res.Exit != 0:
		o.Error = fmt.Sprintf("exit status %d: %s", res.Exit, firstLine(res.Output))
	default:
		o.Error = firstDiff(res.Output, want)
		o.Pass = o.Error == ""
	}
	return o
}

// classify judges a run of an interpreter way (yaegi or hessnote) against the expected
// output of a program that passes under go run.
func classify(res runResult, want string) Outcome {
	o := Outcome{Seconds: seconds(res.Elapsed)}
	r := res.Record
	switch {
	case res.Err != nil:
		o.Tag, o.Error = tagCrash, "could not start: "+res.Err.Error()
	case res.TimedOut:
		o.Tag, o.Error = tagCrash, "timed out after "+res.Elapsed.Round(time.Second).String()
	case r == nil:
		o.Tag, o.Error = tagCrash, "died: "+deathLine(res)
	case r.Name != "":
		o.Tag = tagError
		if silentError(r.Name, r.Value) {
			o.Tag = tagSilent
		}
		o.Error = r.Name + ": " + r.Value
		if r.Cells > 1 {
			o.Error = fmt.Sprintf("cell %d/%d: %s", r.Ran+1, r.Cells, o.Error)
		}
	default:
		if o.Error = firstDiff(res.Output, want); o.Error == "" {
			o.Pass = true
		} else {
			o.Tag = tagSilent
		}
	}
	return o
}

// deathLine says how a child that reported nothing ended: its status and the line of
// its output that names the fatal error, if any.
func deathLine(res runResult) string {
	how := fmt.Sprintf("exit status %d", res.Exit)
	if res.Signal != "" {
		how = "signal " + res.Signal
	}
	for _, l := range strings.Split(res.Output, "\n") {
		l = strings.TrimSpace(l)
		if fatalLineRE.MatchString(l) {
			if len(l) > 160 {
				l = l[:157] + "..."
			}
			return how + ": " + l
		}
	}
	return how
}

// fatalLineRE matches the first line of the Go runtime's report of a fatal error.
var fatalLineRE = regexp.MustCompile(`^(fatal error|panic|runtime|SIG[A-Z]+):`)

func seconds(d time.Duration) float64 { return float64(d.Milliseconds()) / 1000 }
