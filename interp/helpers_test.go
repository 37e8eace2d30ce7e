package interp

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/hessnote/hessnote/display"
)

// syncBuf is a goroutine-safe buffer; all writes of both streams also go to log in order.
type syncBuf struct {
	mu  sync.Mutex
	buf bytes.Buffer
	log *syncLog
	tag string
}

type syncLog struct {
	mu      sync.Mutex
	entries []string
}

func (l *syncLog) add(s string) {
	l.mu.Lock()
	l.entries = append(l.entries, s)
	l.mu.Unlock()
}

func (l *syncLog) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.entries...)
}

func (b *syncBuf) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.log != nil {
		b.log.add(b.tag + string(p))
	}
	return b.buf.Write(p)
}

func (b *syncBuf) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (b *syncBuf) Reset() {
	b.mu.Lock()
	b.buf.Reset()
	b.mu.Unlock()
}

type recSink struct {
	log *syncLog
	mu  sync.Mutex
	got []display.Bundle
}

func (r *recSink) Display(b display.Bundle, id string, update bool) {
	r.mu.Lock()
	r.got = append(r.got, b)
	r.mu.Unlock()
	r.log.add("display:" + b.Text())
}

func (r *recSink) Clear(wait bool) {}

type harness struct {
	t        *testing.T
	s        *Session
	out, err *syncBuf
	log      *syncLog
	sink     *recSink
}

func newHarness(t testing.TB, input func(string, bool) (string, error)) *harness {
	log := &syncLog{}
	h := &harness{out: &syncBuf{log: log, tag: "out:"}, err: &syncBuf{log: log, tag: "err:"}, log: log, sink: &recSink{log: log}}
	s, err := New(Options{Stdout: h.out, Stderr: h.err, Sink: h.sink, Input: input})
	if err != nil {
		t.Fatal(err)
	}
	h.s = s
	if tt, ok := t.(*testing.T); ok {
		h.t = tt
	}
	t.Cleanup(func() { _ = s.Close() })
	return h
}

// run executes code and fails the test on error; it returns the text/plain value or "".
func (h *harness) run(code string) string {
	h.t.Helper()
	out, err := h.s.Execute(context.Background(), code)
	if err != nil {
		h.t.Fatalf("cell %q: %v\nstderr: %s", code, err, h.err.String())
	}
	if out.Value == nil {
		return ""
	}
	return out.Value.Text()
}

// value executes code and requires a value.
func (h *harness) value(code string) string {
	h.t.Helper()
	out, err := h.s.Execute(context.Background(), code)
	if err != nil {
		h.t.Fatalf("cell %q: %v", code, err)
	}
	if out.Value == nil {
		h.t.Fatalf("cell %q: no value", code)
	}
	return out.Value.Text()
}

// fail executes code and requires an *Error.
func (h *harness) fail(code string) *Error {
	h.t.Helper()
	_, err := h.s.Execute(context.Background(), code)
	var e *Error
	if !errors.As(err, &e) {
		h.t.Fatalf("cell %q: want *Error, got %v", code, err)
	}
	if e.Traceback == nil {
		h.t.Fatalf("nil traceback")
	}
	return e
}

func (h *harness) withTimeout(d time.Duration, code string) (Outcome, error) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	return h.s.Execute(ctx, code)
}
