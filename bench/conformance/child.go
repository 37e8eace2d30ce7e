package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"

	yinterp "github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"

	"github.com/hessnote/hessnote/interp"
)

// recordFD is the file descriptor on which a child writes its record.
const recordFD = 3

// childMain runs one program in one way inside this (child) process and writes the
// record on file descriptor 3. The program's output goes to stdout and stderr. It
// returns the exit status of the child: 0 when it could report, 3 when it could not.
func childMain(way, path string) int {
	var st syscall.Stat_t
	if syscall.Fstat(recordFD, &st) != nil {
		fmt.Fprintln(os.Stderr, "conformance: -one needs file descriptor 3 (it is run by the corpus runner)")
		return 3
	}
	rec := os.NewFile(recordFD, "record")
	syscall.CloseOnExec(recordFD) // programs that start processes must not pass it on
	src, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "conformance:", err)
		return 3
	}
	var r record
	switch way {
	case wayYaegi:
		r = runYaegi(path, string(src))
	case wayCell, wayDecls, wayDeps:
		cells, err := cellsFor(path, string(src), way)
		if err != nil {
			r = record{Name: "SplitError", Value: err.Error()}
			break
		}
		r = runCells(cells)
	default:
		fmt.Fprintf(os.Stderr, "conformance: unknown way %q\n", way)
		return 3
	}
	if err := json.NewEncoder(rec).Encode(r); err != nil {
		return 3
	}
	_ = rec.Close()
	return 0
}

// runYaegi evaluates the whole program in a plain yaegi interpreter with the standard
// library, as `yaegi run FILE` does: the Eval of a main package runs func main.
func runYaegi(path, src string) (r record) {
	r.Cells = 1
	defer func() {
		if p := recover(); p != nil {
			r.Name, r.Value = "InterpreterPanic", firstLine(fmt.Sprint(p))
		}
	}()
	i := yinterp.New(yinterp.Options{Stdout: os.Stdout, Stderr: os.Stderr, Args: []string{path}})
	if err := i.Use(stdlib.Symbols); err != nil {
		r.Name, r.Value = "SetupError", err.Error()
		return r
	}
	_, err := i.Eval(src)
	var p yinterp.Panic
	switch {
	case err == nil:
		r.Ran = 1
	case errors.As(err, &p):
		r.Name, r.Value = "Panic", firstLine(fmt.Sprint(p.Value))
	default:
		r.Name, r.Value = "CompileError", firstLine(err.Error())
	}
	return r
}

// runCells runs the cells one after another in one hessnote session, as a notebook user
// does with Run All: it stops at the first cell that fails.
func runCells(cells []string) (r record) {
	r.Cells = len(cells)
	stdout, stderr := os.Stdout, os.Stderr // interp.New swaps these for pipes
	s, err := interp.New(interp.Options{Stdout: stdout, Stderr: stderr})
	if err != nil {
		r.Name, r.Value = "SetupError", err.Error()
		return r
	}
	defer s.Close()
	for _, c := range cells {
		_, err := s.Execute(context.Background(), c)
		if err != nil {
			var e *interp.Error
			if errors.As(err, &e) {
				r.Name, r.Value = e.Name, firstLine(e.Value)
			} else {
				r.Name, r.Value = "Error", firstLine(err.Error())
			}
			return r
		}
		r.Ran++
	}
	return r
}

// firstLine returns the first non-empty line of s, trimmed.
func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return l
		}
	}
	return ""
}
