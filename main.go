// Command hessnote is a Jupyter kernel for Go, built for teaching and researching
// second-order optimization.
//
// Usage:
//
//	hessnote kernel -f CONNECTION_FILE   run the kernel (Jupyter starts it this way)
//	hessnote install [--user | --sys-prefix | --prefix DIR]
//	                                     install the kernelspec "hessnote"
//	hessnote run NOTEBOOK.ipynb... [-o OUT.ipynb] [--check]
//	                                     run notebooks in-process; --check compares
//	                                     the fresh outputs with the stored ones
//	hessnote version                     print the version
package main

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/hessnote/hessnote/internal/openblas"
	"github.com/hessnote/hessnote/interp"
	"github.com/hessnote/hessnote/kernel"
)

//go:embed install/logo-32x32.png install/logo-64x64.png install/logo-svg.svg
var logos embed.FS

// commands maps each subcommand to its implementation.
var commands = map[string]func(args []string) error{
	"kernel":  runKernel,
	"install": runInstall,
	"run":     runNotebooks,
	"version": func([]string) error { fmt.Println("hessnote", kernel.Version); return nil },
}

const usage = `usage:
  hessnote kernel -f CONNECTION_FILE
  hessnote install [--user | --sys-prefix | --prefix DIR]
  hessnote run NOTEBOOK.ipynb... [-o OUT.ipynb] [--check]
  hessnote version
`

func main() {
	if len(os.Args) < 2 || commands[os.Args[1]] == nil {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	if err := commands[os.Args[1]](os.Args[2:]); err != nil {
		fmt.Fprintln(os.Stderr, "hessnote:", err)
		os.Exit(1)
	}
}

// blasEnv names the environment variable that chooses the kernel's BLAS: "fast" (the
// default: OpenBLAS for large products when the build has it) or "deterministic" (gonum's
// pure Go, as `hessnote run` always uses).
const blasEnv = "HESSNOTE_BLAS"

// useKernelBLAS installs the interactive kernel's BLAS: fast unless $HESSNOTE_BLAS says
// deterministic.
func useKernelBLAS(logger *log.Logger) {
	mode := openblas.Fast
	if v := os.Getenv(blasEnv); v != "" {
		m, err := openblas.ParseMode(v)
		if err != nil {
			logger.Printf("%s: %v; using fast", blasEnv, err)
		} else {
			mode = m
		}
	}
	if err := openblas.Use(mode); err != nil && !errors.Is(err, openblas.ErrUnavailable) {
		logger.Print(err)
	}
	logger.Printf("BLAS: %s", openblas.Describe())
}

// runKernel serves one kernel over the sockets named in the connection file until a
// shutdown_request, SIGTERM, or the death of the parent process.
func runKernel(args []string) error {
	fs := flag.NewFlagSet("kernel", flag.ContinueOnError)
	file := fs.String("f", "", "connection file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *file == "" {
		return errors.New("kernel: -f CONNECTION_FILE is required")
	}
	ci, err := kernel.ReadConnectionFile(*file)
	if err != nil {
		return err
	}
	// The session redirects os.Stdout/os.Stderr (and their descriptors) into pipes that
	// become stream messages; logs go to a duplicate of the original stderr.
	logger := log.New(originalStderr(), "[hessnote] ", log.LstdFlags|log.Lmicroseconds)
	useKernelBLAS(logger)
	t, err := kernel.ListenZMQ(ci, logger)
	if err != nil {
		return err
	}
	defer t.Close()
	k, err := kernel.New(t, kernel.Config{
		Key:         []byte(ci.Key),
		Log:         logger,
		HistoryFile: kernel.DefaultHistoryFile(),
		Signals:     true,
		Banner:      func() string { return "BLAS: " + openblas.Describe() },
		NewEngine: func(io kernel.IO) (kernel.Engine, error) {
			return interp.New(interp.Options{Stdout: io.Stdout, Stderr: io.Stderr, Sink: io.Sink, Input: io.Input})
		},
	})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	kernel.WatchParent(ctx, time.Second, func() {
		logger.Print("parent process is gone; exiting")
		cancel()
	})
	term := make(chan os.Signal, 1)
	signal.Notify(term, syscall.SIGTERM, syscall.SIGHUP)
	go func() {
		if s, ok := <-term; ok {
			logger.Printf("%v: exiting", s)
			cancel()
		}
	}()
	logger.Printf("hessnote %s listening on %s", kernel.Version, ci.Endpoint(ci.ShellPort))
	err = k.Run(ctx)
	if cerr := k.Close(); cerr != nil {
		logger.Printf("close: %v", cerr)
	}
	time.Sleep(50 * time.Millisecond) // let iopub drain the last status message
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// originalStderr returns a duplicate of file descriptor 2, unaffected by later
// redirections of os.Stderr.
func originalStderr() io.Writer {
	fd, err := syscall.Dup(2)
	if err != nil {
		return os.Stderr
	}
	syscall.CloseOnExec(fd)
	return os.NewFile(uintptr(fd), "stderr")
}

// kernelSpec is the kernel.json that Jupyter reads (jupyter_client docs/kernels.rst).
type kernelSpec struct {
	Argv          []string       `json:"argv"`
	DisplayName   string         `json:"display_name"`
	Language      string         `json:"language"`
	InterruptMode string         `json:"interrupt_mode"`
	Metadata      map[string]any `json:"metadata"`
}

// runInstall writes the kernelspec directory "hessnote" where `jupyter kernelspec
// install` would: --user in the Jupyter data dir, --sys-prefix in the active virtualenv
// or conda prefix (else /usr/local), --prefix DIR in DIR/share/jupyter/kernels, and with
// no flag the system location when run as root, the user's data dir otherwise.
func runInstall(args []string) error {
	fs := flag.NewFlagSet("install", flag.ContinueOnError)
	user := fs.Bool("user", false, "install for the current user (Jupyter data dir)")
	sysPrefix := fs.Bool("sys-prefix", false, "install into the Python environment's prefix")
	prefix := fs.String("prefix", "", "install into DIR/share/jupyter/kernels")
	if err := fs.Parse(args); err != nil {
		return err
	}
	n := 0
	for _, b := range []bool{*user, *sysPrefix, *prefix != ""} {
		if b {
			n++
		}
	}
	if n > 1 {
		return errors.New("install: use only one of --user, --sys-prefix, --prefix")
	}
	var base string
	switch {
	case *prefix != "":
		base = filepath.Join(*prefix, "share", "jupyter", "kernels")
	case *sysPrefix:
		p := os.Getenv("VIRTUAL_ENV")
		if p == "" {
			p = os.Getenv("CONDA_PREFIX")
		}
		if p == "" {
			p = "/usr/local"
		}
		base = filepath.Join(p, "share", "jupyter", "kernels")
	case *user || os.Geteuid() != 0:
		base = filepath.Join(kernel.DataDir(), "kernels")
	default:
		base = "/usr/local/share/jupyter/kernels"
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	if exe, err = filepath.EvalSymlinks(exe); err != nil {
		return err
	}
	if exe, err = filepath.Abs(exe); err != nil {
		return err
	}
	dir := filepath.Join(base, "hessnote")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	spec, err := json.MarshalIndent(kernelSpec{
		Argv:          []string{exe, "kernel", "-f", "{connection_file}"},
		DisplayName:   "Go (hessnote)",
		Language:      "go",
		InterruptMode: "message",
		Metadata:      map[string]any{},
	}, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "kernel.json"), append(spec, '\n'), 0o644); err != nil {
		return err
	}
	for _, name := range []string{"logo-32x32.png", "logo-64x64.png", "logo-svg.svg"} {
		b, err := logos.ReadFile("install/" + name)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
	}
	fmt.Printf("installed kernelspec hessnote in %s\n", dir)
	return nil
}
