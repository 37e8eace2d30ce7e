package kernel

import (
	"strings"
	"testing"
)

func TestStreamsKeepOrderAndBoundMessages(t *testing.T) {
	var got []segment
	s := newStreams(1<<20, func(name, text string) { got = append(got, segment{name, []byte(text)}) })
	w, e := s.writer("stdout"), s.writer("stderr")
	e.Write([]byte("err1\n"))
	w.Write([]byte("out1\n"))
	w.Write([]byte("out2\n"))
	s.flush(true)
	if len(got) != 2 || got[0].name != "stderr" || string(got[1].data) != "out1\nout2\n" {
		t.Fatalf("order across streams lost: %q", got)
	}
	// A thousand alternating writes in one batch become at most maxSegments+1 messages
	// and lose no byte of either stream.
	got = nil
	for i := 0; i < 1000; i++ {
		w.Write([]byte("o\n"))
		e.Write([]byte("e\n"))
	}
	s.flush(true)
	if len(got) > maxSegments+1 {
		t.Errorf("%d messages for one batch, want at most %d", len(got), maxSegments+1)
	}
	var out, errs strings.Builder
	for _, g := range got {
		if g.name == "stdout" {
			out.Write(g.data)
		} else {
			errs.Write(g.data)
		}
	}
	if out.String() != strings.Repeat("o\n", 1000) || errs.String() != strings.Repeat("e\n", 1000) {
		t.Errorf("bytes lost: %d stdout, %d stderr", out.Len(), errs.Len())
	}
}
