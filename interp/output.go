package interp

import (
	"bytes"
	"io"
	"os"
	"regexp"
	"sync"
	"time"
)

// flushMarker is written into a stream pipe by flush; the reader goroutine delivers every
// byte before it and then signals. It never reaches the user.
var flushMarker = []byte("\x00\x01hessnote-flush\x01\x00")

// stream is one redirected standard stream: a pipe whose write end replaces os.Stdout or
// os.Stderr and whose bytes a goroutine forwards to the session's writer as they come.
type stream struct {
	r, w    *os.File
	mu      sync.Mutex // guards dst
	dst     io.Writer
	flushed chan struct{}
	done    chan struct{}
}

func newStream(dst io.Writer) (*stream, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	s := &stream{r: r, w: w, dst: dst, flushed: make(chan struct{}, 16), done: make(chan struct{})}
	go s.forward()
	return s, nil
}

// forward copies bytes from the pipe to dst until the pipe is closed, cutting out flush
// markers and signalling each.
func (s *stream) forward() {
	defer close(s.done)
	buf := make([]byte, 32*1024)
	var pending []byte
	for {
		n, err := s.r.Read(buf)
		if n > 0 {
			pending = append(pending, buf[:n]...)
			for {
				i := bytes.Index(pending, flushMarker)
				if i < 0 {
					break
				}
				s.emit(pending[:i])
				pending = pending[i+len(flushMarker):]
				select {
				case s.flushed <- struct{}{}:
				default:
				}
			}
			// Hold back a tail that may be the start of a marker.
			keep := 0
			for k := len(flushMarker) - 1; k > 0; k-- {
				if len(pending) >= k && bytes.Equal(pending[len(pending)-k:], flushMarker[:k]) {
					keep = k
					break
				}
			}
			s.emit(pending[:len(pending)-keep])
			pending = append(pending[:0], pending[len(pending)-keep:]...)
		}
		if err != nil {
			s.emit(pending)
			return
		}
	}
}

func (s *stream) emit(p []byte) {
	if len(p) == 0 {
		return
	}
	s.mu.Lock()
	dst := s.dst
	s.mu.Unlock()
	if dst != nil {
		_, _ = dst.Write(p)
	}
}

// flush returns when every byte written to the pipe before the call has been delivered,
// or after a second if the reader is stuck in a slow writer.
func (s *stream) flush() {
	// Drain stale signals.
	for {
		select {
		case <-s.flushed:
			continue
		default:
		}
		break
	}
	if _, err := s.w.Write(flushMarker); err != nil {
		return
	}
	select {
	case <-s.flushed:
	case <-s.done:
	case <-time.After(time.Second):
	}
}

func (s *stream) close() {
	_ = s.w.Close()
	<-s.done
	_ = s.r.Close()
}

// yaegiPanicLine matches the lines yaegi writes to its stderr while a panic unwinds
// interpreted frames ("_.go:3:5: panic: main.f(...)").
var yaegiPanicLine = regexp.MustCompile(`^(?:[^\s:]*\.go:)?\d+:\d+: panic(?:: .*)?\n?$`)

// panicFilter is the stderr writer given to yaegi: it keeps yaegi's own panic lines for
// the traceback instead of printing them, and passes everything else (log.*) through.
type panicFilter struct {
	w     io.Writer
	mu    sync.Mutex
	lines []string
}

func (f *panicFilter) Write(p []byte) (int, error) {
	if yaegiPanicLine.Match(p) {
		f.mu.Lock()
		if len(f.lines) < 64 {
			f.lines = append(f.lines, string(bytes.TrimRight(p, "\n")))
		}
		f.mu.Unlock()
		return len(p), nil
	}
	return f.w.Write(p)
}

// take returns and forgets the panic lines seen so far.
func (f *panicFilter) take() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	l := f.lines
	f.lines = nil
	return l
}
