package kernel

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"
	"unicode/utf8"
)

// batchDelay is how long stream bytes wait for more before they are published: short
// enough that a line printed every 200 ms shows as it comes, long enough that a burst of
// prints becomes one message.
const batchDelay = 5 * time.Millisecond

// maxSegments bounds the stream messages one batch may become. Writes alternating
// between stdout and stderr would otherwise each become a message, and a front end
// flooded with tiny messages falls minutes behind; past the bound, bytes join the
// batch's last segment of their stream, so order across the two streams is kept exactly
// only for the first maxSegments changes of stream in a batch.
const maxSegments = 16

// streams batches stdout and stderr bytes into stream messages, keeping the order of
// writes across the two, and caps what one cell may publish.
type streams struct {
	mu        sync.Mutex
	segs      []segment
	written   int // bytes accepted since the last reset
	limit     int
	truncated bool
	notify    chan struct{}

	flushMu sync.Mutex // serializes publishing, to keep order
	pub     func(name, text string)
}

type segment struct {
	name string
	data []byte
}

func newStreams(limit int, pub func(name, text string)) *streams {
	return &streams{limit: limit, pub: pub, notify: make(chan struct{}, 1)}
}

type streamWriter struct {
	s    *streams
	name string
}

func (w streamWriter) Write(p []byte) (int, error) {
	w.s.write(w.name, p)
	return len(p), nil
}

func (s *streams) writer(name string) io.Writer { return streamWriter{s, name} }

func (s *streams) write(name string, p []byte) {
	s.mu.Lock()
	if s.truncated {
		s.mu.Unlock()
		return
	}
	if s.written+len(p) > s.limit {
		p = p[:s.limit-s.written]
		s.truncated = true
	}
	s.written += len(p)
	if n := len(s.segs); n > 0 && s.segs[n-1].name == name {
		s.segs[n-1].data = append(s.segs[n-1].data, p...)
	} else if i := lastOf(s.segs, name); n >= maxSegments && i >= 0 {
		s.segs[i].data = append(s.segs[i].data, p...)
	} else if len(p) > 0 {
		s.segs = append(s.segs, segment{name, append([]byte(nil), p...)})
	}
	if s.truncated {
		s.segs = append(s.segs, segment{"stderr", []byte(fmt.Sprintf(
			"\n[hessnote: output truncated: this cell wrote more than %d MiB; the rest is discarded]\n",
			s.limit>>20))})
	}
	s.mu.Unlock()
	select {
	case s.notify <- struct{}{}:
	default:
	}
}

// lastOf returns the index of the last segment of stream name, or -1.
func lastOf(segs []segment, name string) int {
	for i := len(segs) - 1; i >= 0; i-- {
		if segs[i].name == name {
			return i
		}
	}
	return -1
}

// reset starts a new cell's output budget.
func (s *streams) reset() {
	s.mu.Lock()
	s.written, s.truncated = 0, false
	s.mu.Unlock()
}

// run publishes batches until ctx ends.
func (s *streams) run(ctx context.Context) {
	for {
		select {
		case <-s.notify:
		case <-ctx.Done():
			return
		}
		select {
		case <-time.After(batchDelay):
		case <-ctx.Done():
			return
		}
		s.flush(false)
	}
}

// flush publishes pending bytes. Unless final, an incomplete UTF-8 sequence at the end
// stays pending so that no character is split across two messages.
func (s *streams) flush(final bool) {
	s.flushMu.Lock()
	defer s.flushMu.Unlock()
	s.mu.Lock()
	segs := s.segs
	s.segs = nil
	if !final && len(segs) > 0 {
		last := &segs[len(segs)-1]
		if n := incompleteTail(last.data); n > 0 {
			s.segs = []segment{{last.name, append([]byte(nil), last.data[len(last.data)-n:]...)}}
			last.data = last.data[:len(last.data)-n]
		}
	}
	s.mu.Unlock()
	for _, g := range segs {
		if len(g.data) > 0 {
			s.pub(g.name, string(g.data))
		}
	}
}

// incompleteTail returns the length of a truncated UTF-8 sequence ending b, or 0.
func incompleteTail(b []byte) int {
	for i := 1; i <= 3 && i <= len(b); i++ {
		c := b[len(b)-i]
		if c < 0x80 {
			return 0
		}
		if utf8.RuneStart(c) {
			if !utf8.FullRune(b[len(b)-i:]) {
				return i
			}
			return 0
		}
	}
	return 0
}
