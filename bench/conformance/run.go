package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// maxOutput caps what is kept of a program's output; a runaway printer is cut there.
const maxOutput = 1 << 20

// record is what a child (-one) reports on file descriptor 3 when it finishes: how far
// it got and the error that stopped it. A child that dies reports nothing.
type record struct {
	// Cells is how many cells (or Evals) the way has; Ran how many completed.
	Cells int `json:"cells"`
	Ran   int `json:"ran"`
	// Name and Value describe the error that stopped the run ("" when none): the
	// interp.Error name for hessnote, CompileError or Panic for yaegi.
	Name  string `json:"name,omitempty"`
	Value string `json:"value,omitempty"`
}

// runResult is the outcome of one subprocess.
type runResult struct {
	Output   string        // stdout and stderr, interleaved as written, at most maxOutput bytes
	Exit     int           // exit status; -1 when killed by a signal
	Signal   string        // the signal that ended it, if any
	TimedOut bool          // killed because the timeout passed
	Record   *record       // what the child reported (nil for go run, or when it died)
	Elapsed  time.Duration // wall time
	Err      error         // failure to start the process at all
}

// cappedBuffer keeps the first max bytes written to it and counts the rest.
type cappedBuffer struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	max     int
	dropped int
}

func (c *cappedBuffer) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := len(p)
	room := c.max - c.buf.Len()
	if room < len(p) {
		c.dropped += len(p) - max(room, 0)
		p = p[:max(room, 0)]
	}
	c.buf.Write(p)
	return n, nil
}

// runProcess runs args in dir with env added to this process's environment, in a process
// group of its own that is killed (SIGKILL) when timeout passes, and again when the
// process ends (so that nothing it started survives). When withRecord is set, the child
// gets a pipe as file descriptor 3 for its record.
func runProcess(args []string, dir string, env []string, timeout time.Duration, withRecord bool) runResult {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	out := &cappedBuffer{max: maxOutput}
	cmd.Stdout, cmd.Stderr = out, out // one pipe: the order of the two streams is kept
	cmd.WaitDelay = 2 * time.Second
	var recR, recW *os.File
	if withRecord {
		var err error
		if recR, recW, err = os.Pipe(); err != nil {
			return runResult{Err: err, Exit: -1}
		}
		defer recR.Close()
		cmd.ExtraFiles = []*os.File{recW}
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		if recW != nil {
			_ = recW.Close()
		}
		return runResult{Err: err, Exit: -1}
	}
	pgid := cmd.Process.Pid
	var recBytes []byte
	recDone := make(chan struct{})
	if withRecord {
		_ = recW.Close()
		go func() {
			recBytes, _ = io.ReadAll(io.LimitReader(recR, 1<<20))
			close(recDone)
		}()
	} else {
		close(recDone)
	}
	var killed atomic.Bool
	timer := time.AfterFunc(timeout, func() {
		killed.Store(true)
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
	})
	err := cmd.Wait()
	timer.Stop()
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
	res := runResult{Elapsed: time.Since(start), TimedOut: killed.Load()}
	select {
	case <-recDone:
	case <-time.After(2 * time.Second):
		_ = recR.Close() // something outside the group holds the pipe
		<-recDone
	}
	res.Output = out.buf.String()
	if out.dropped > 0 {
		res.Output += fmt.Sprintf("\n[conformance: %d more bytes of output dropped]\n", out.dropped)
	}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		res.Exit = ee.ExitCode()
		if st, ok := ee.Sys().(syscall.WaitStatus); ok && st.Signaled() {
			res.Signal = st.Signal().String()
		}
	default:
		// Wait's own error (I/O copying cut short by WaitDelay): the status is known.
		res.Exit = -1
		if cmd.ProcessState != nil {
			res.Exit = cmd.ProcessState.ExitCode()
		}
	}
	if len(recBytes) > 0 {
		var r record
		if json.Unmarshal(recBytes, &r) == nil {
			res.Record = &r
		}
	}
	return res
}
