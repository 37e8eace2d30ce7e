package display

import (
	"errors"
	"sync"
)

// ErrNoInput is returned by Input and Password when the host installed no input
// function (an ordinary Go program, or `hessnote run`).
var ErrNoInput = errors.New("display: no input available (no frontend to ask)")

// InputFunc asks the user for one line: prompt is shown before the field; with password
// true the frontend hides what is typed. It returns the line without its newline.
type InputFunc func(prompt string, password bool) (string, error)

var (
	inputMu sync.Mutex
	inputFn InputFunc
)

// SetInput installs the function that Input and Password call, and returns the one it
// replaces. Hosts (the interp session) call it; nil makes them fail with ErrNoInput.
func SetInput(f InputFunc) InputFunc {
	inputMu.Lock()
	defer inputMu.Unlock()
	old := inputFn
	inputFn = f
	return old
}

func currentInput() InputFunc {
	inputMu.Lock()
	defer inputMu.Unlock()
	return inputFn
}

// Input shows prompt and returns the line the user types (without the newline). In
// Jupyter it sends an input_request; it fails at once, never hangs, when the frontend
// does not allow input.
func Input(prompt string) (string, error) {
	f := currentInput()
	if f == nil {
		return "", ErrNoInput
	}
	return f(prompt, false)
}

// Password is Input for a secret: the frontend hides what is typed (a password field),
// and the answer is not echoed to the cell's output.
func Password(prompt string) (string, error) {
	f := currentInput()
	if f == nil {
		return "", ErrNoInput
	}
	return f(prompt, true)
}
