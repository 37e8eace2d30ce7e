package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"

	"github.com/hessnote/hessnote/internal/openblas"
	"github.com/hessnote/hessnote/kernel/notebook"
)

// runNotebooks implements `hessnote run`: each notebook runs top to bottom in a fresh
// in-process session. Without flags the fresh outputs are written back into the
// notebook (or to -o); with --check they are compared with the stored ones instead, and
// any difference or cell error makes the command fail.
func runNotebooks(args []string) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	out := fs.String("o", "", "write the executed notebook here (one input notebook only)")
	check := fs.Bool("check", false, "compare fresh outputs with the stored ones; write nothing unless -o is given")
	// Flags may follow the notebook paths.
	var paths []string
	for rest := args; len(rest) > 0; {
		if err := fs.Parse(rest); err != nil {
			return err
		}
		rest = fs.Args()
		if len(rest) > 0 {
			paths = append(paths, rest[0])
			rest = rest[1:]
		}
	}
	if len(paths) == 0 {
		return errors.New("run: no notebook given")
	}
	if *out != "" && len(paths) > 1 {
		return errors.New("run: -o takes one notebook")
	}
	// Reproducible: the same bits on every amd64 machine, so stored outputs compare exactly.
	if err := openblas.Use(openblas.Deterministic); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	failed := 0
	for _, path := range paths {
		ok, err := runNotebook(ctx, path, *out, *check)
		if err != nil {
			return err
		}
		if !ok {
			failed++
		}
	}
	if *check {
		fmt.Printf("hessnote run --check: %d passed, %d failed\n", len(paths)-failed, failed)
	}
	if failed > 0 {
		return fmt.Errorf("run: %d of %d notebooks failed", failed, len(paths))
	}
	return nil
}

// runNotebook runs one notebook and reports whether it ran without error (and, with
// check, reproduced its stored outputs).
func runNotebook(ctx context.Context, path, out string, check bool) (bool, error) {
	stored, err := notebook.ReadFile(path)
	if err != nil {
		return false, err
	}
	fresh, cellErrs, err := notebook.RunFile(ctx, path)
	if err != nil {
		return false, err
	}
	ok := len(cellErrs) == 0
	for _, e := range cellErrs {
		fmt.Printf("%s: cell %d: %s: %s\n", path, e.Cell, e.Name, e.Value)
	}
	if check {
		diffs := notebook.Compare(stored, fresh)
		for _, d := range diffs {
			fmt.Printf("%s: %s\n", path, d)
		}
		ok = ok && len(diffs) == 0
		if ok {
			fmt.Printf("ok   %s\n", path)
		} else {
			fmt.Printf("FAIL %s\n", path)
		}
	}
	if !check || out != "" {
		dst := path
		if out != "" {
			dst = out
		}
		data, err := fresh.Marshal()
		if err != nil {
			return false, err
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			return false, err
		}
	}
	return ok, nil
}
