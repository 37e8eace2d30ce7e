package main

import (
	"fmt"
	"go/build/constraint"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
)

// corpusDirs are the directories of $GOROOT/test whose `// run` programs form the corpus.
var corpusDirs = []string{".", "ken", "chan", "interface", "typeparam"}

// Program is one candidate test program of the corpus.
type Program struct {
	// Name is the path relative to $GOROOT/test, e.g. "ken/chan.go".
	Name string
	// Dir is the corpus directory ("." for test/ itself).
	Dir string
	// Path is the absolute path of the file.
	Path string
	// Golden is the absolute path of the expected output (.out beside the file), or ""
	// when there is none (the expected output is then empty).
	Golden string
}

// Skipped is a file whose header names the run action but that the corpus does not run.
type Skipped struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

// header is what the first lines of a test file say about how to run it.
type header struct {
	// run is true when the first line is exactly "// run" and every build constraint
	// of the header is satisfied on this platform.
	run bool
	// candidate is true when the first line starts with "// run" (run, runoutput,
	// rundir, run with flags...): such a file is listed as skipped when run is false.
	candidate bool
	// reason says why a candidate is not run.
	reason string
}

// parseHeader reads the test action on the first line of src and the //go:build lines
// before the package clause. tags are the build tags that hold on this platform.
func parseHeader(src string, tags map[string]bool) header {
	first, _, _ := strings.Cut(src, "\n")
	first = strings.TrimSuffix(first, "\r")
	if !strings.HasPrefix(first, "// run") {
		return header{}
	}
	h := header{candidate: true}
	switch rest := strings.TrimPrefix(first, "// run"); {
	case rest == "":
	case rest[0] != ' ' && rest[0] != '\t':
		h.reason = "action " + strings.Fields(first[3:])[0] + " (not a single-file run)"
		return h
	default:
		h.reason = "run with flags or arguments: " + strings.TrimSpace(rest)
		return h
	}
	for _, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "package ") {
			break
		}
		if !constraint.IsGoBuild(line) {
			continue
		}
		expr, err := constraint.Parse(line)
		if err != nil {
			h.reason = "unparsable build constraint: " + line
			return h
		}
		if !expr.Eval(func(tag string) bool { return tags[tag] }) {
			h.reason = "build constraint not satisfied on " + runtime.GOOS + "/" + runtime.GOARCH + ": " + line
			return h
		}
	}
	h.run = true
	return h
}

// platformTags are the build tags satisfied by `go run` on this machine: GOOS, GOARCH,
// unix, gc, cgo when enabled, and the go1.N release tags up to the running version.
// Tags of the test harness itself (gcflags_noopt, ...) are false.
func platformTags(goVersion string, cgo bool) map[string]bool {
	tags := map[string]bool{runtime.GOOS: true, runtime.GOARCH: true, "gc": true, "cgo": cgo}
	if runtime.GOOS != "windows" && runtime.GOOS != "plan9" && runtime.GOOS != "js" && runtime.GOOS != "wasip1" {
		tags["unix"] = true
	}
	minor := 0
	if _, err := fmt.Sscanf(strings.TrimPrefix(goVersion, "go1."), "%d", &minor); err == nil {
		for i := 1; i <= minor; i++ {
			tags[fmt.Sprintf("go1.%d", i)] = true
		}
	}
	return tags
}

// discover lists the programs of the corpus under root ($GOROOT/test) in name order, and
// the candidates it skips with the reason.
func discover(root string, tags map[string]bool) ([]Program, []Skipped, error) {
	var progs []Program
	var skipped []Skipped
	for _, dir := range corpusDirs {
		files, err := filepath.Glob(filepath.Join(root, dir, "*.go"))
		if err != nil {
			return nil, nil, err
		}
		sort.Strings(files)
		for _, path := range files {
			src, err := os.ReadFile(path)
			if err != nil {
				return nil, nil, err
			}
			name := filepath.ToSlash(filepath.Join(dir, filepath.Base(path)))
			h := parseHeader(string(src), tags)
			if !h.candidate {
				continue
			}
			if !h.run {
				skipped = append(skipped, Skipped{Name: name, Reason: h.reason})
				continue
			}
			p := Program{Name: name, Dir: dir, Path: path}
			if golden := strings.TrimSuffix(path, ".go") + ".out"; fileExists(golden) {
				p.Golden = golden
			}
			progs = append(progs, p)
		}
	}
	return progs, skipped, nil
}

func fileExists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}

// expected returns the output a program must print: its golden file, or nothing.
func (p Program) expected() (string, error) {
	if p.Golden == "" {
		return "", nil
	}
	b, err := os.ReadFile(p.Golden)
	return string(b), err
}
