package main

import (
	"strings"
	"testing"
)

func TestParseHeader(t *testing.T) {
	tags := platformTags("go1.26.8", true)
	tags["linux"], tags["amd64"] = true, true // the table assumes linux/amd64
	delete(tags, "windows")
	for _, tc := range []struct {
		name, src       string
		run, candidate  bool
		reasonSubstring string
	}{
		{"plain", "// run\n\npackage main\nfunc main() {}\n", true, true, ""},
		{"crlf", "// run\r\n\npackage main\n", true, true, ""},
		{"compile", "// compile\n\npackage p\n", false, false, ""},
		{"errorcheck", "// errorcheck\n\npackage p\n", false, false, ""},
		{"no header", "package main\n// run\n", false, false, ""},
		{"rundir", "// rundir\n\npackage ignored\n", false, true, "action rundir"},
		{"runoutput", "// runoutput ./rotate.go\n\npackage main\n", false, true, "action runoutput"},
		{"flags", "// run -gcflags=-l=4\n\npackage main\n", false, true, "flags or arguments: -gcflags=-l=4"},
		{"args", "// run arg1 arg2\n\npackage main\n", false, true, "arg1 arg2"},
		{"build ok", "// run\n\n//go:build linux || darwin\n\npackage main\n", true, true, ""},
		{"build not", "// run\n\n//go:build aix\n\npackage main\n", false, true, "build constraint not satisfied"},
		{"harness tag", "// run\n\n//go:build !nacl && !js && !gcflags_noopt\n\npackage main\n", true, true, ""},
		{"release tag", "// run\n\n//go:build go1.21\n\npackage main\n", true, true, ""},
		{"future release", "// run\n\n//go:build go1.99\n\npackage main\n", false, true, "go1.99"},
		{"cgo", "// run\n\n//go:build cgo\n\npackage main\n", true, true, ""},
		{"after package ignored", "// run\n\npackage main\n//go:build aix\n", true, true, ""},
	} {
		h := parseHeader(tc.src, tags)
		if h.run != tc.run || h.candidate != tc.candidate || !strings.Contains(h.reason, tc.reasonSubstring) {
			t.Errorf("%s: got %+v, want run=%v candidate=%v reason containing %q", tc.name, h, tc.run, tc.candidate, tc.reasonSubstring)
		}
		if h.run && h.reason != "" {
			t.Errorf("%s: a run file has a reason %q", tc.name, h.reason)
		}
	}
}

func TestPlatformTags(t *testing.T) {
	tags := platformTags("go1.26.8", false)
	for _, want := range []string{"gc", "go1.1", "go1.26"} {
		if !tags[want] {
			t.Errorf("tag %s missing", want)
		}
	}
	for _, not := range []string{"go1.27", "cgo", "gcflags_noopt"} {
		if tags[not] {
			t.Errorf("tag %s set", not)
		}
	}
}
