package kernel

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"
)

func frame(flags byte, body []byte) []byte {
	if len(body) > 255 {
		var h [9]byte
		h[0] = flags | 0x02
		binary.BigEndian.PutUint64(h[1:], uint64(len(body)))
		return append(h[:], body...)
	}
	return append([]byte{flags, byte(len(body))}, body...)
}

func longHeader(flags byte, size uint64) []byte {
	var h [9]byte
	h[0] = flags | 0x02
	binary.BigEndian.PutUint64(h[1:], size)
	return h[:]
}

// feed scans b through a fresh guard in chunks of n bytes.
func feed(b []byte, n int) error {
	g := &frameGuard{skip: greetingLen}
	for len(b) > 0 {
		k := min(n, len(b))
		if err := g.scan(b[:k]); err != nil {
			return err
		}
		b = b[k:]
	}
	return nil
}

func TestFrameGuard(t *testing.T) {
	greeting := bytes.Repeat([]byte{0xAA}, greetingLen) // content is not inspected
	var ok []byte
	ok = append(ok, greeting...)
	ok = append(ok, frame(0x04, []byte("\x05READY"))...)           // command
	ok = append(ok, frame(0x01, []byte("id"))...)                  // more
	ok = append(ok, frame(0x01, bytes.Repeat([]byte{1}, 1000))...) // long, more
	ok = append(ok, frame(0x00, []byte("{}"))...)                  // last
	for _, chunk := range []int{1, 3, 64, 1 << 20} {
		if err := feed(ok, chunk); err != nil {
			t.Errorf("chunk %d: valid stream rejected: %v", chunk, err)
		}
	}
	huge := append(append([]byte(nil), greeting...), longHeader(0, 1<<62)...)
	if err := feed(huge, 1); !errors.Is(err, errFrameTooLarge) {
		t.Errorf("2^62-byte frame: %v", err)
	}
	// Frames that are each allowed but together exceed the bound.
	g := &frameGuard{skip: greetingLen}
	if err := g.scan(append(append([]byte(nil), greeting...), longHeader(0x01, MaxWireMessage/2)...)); err != nil {
		t.Fatal(err)
	}
	g.skip = 0 // pretend the body was read
	if err := g.scan(longHeader(0x01, MaxWireMessage/2)); err != nil {
		t.Fatalf("second half: %v", err)
	}
	g.skip = 0
	if err := g.scan(longHeader(0x00, 1)); !errors.Is(err, errFrameTooLarge) {
		t.Errorf("message total over the bound: %v", err)
	}
	// After a complete message, the count starts again.
	g = &frameGuard{}
	g.scan(longHeader(0x00, MaxWireMessage))
	g.skip = 0
	if err := g.scan(longHeader(0x00, MaxWireMessage)); err != nil {
		t.Errorf("second message rejected: %v", err)
	}
}

func TestGuardEndpoint(t *testing.T) {
	if got := guardEndpoint("tcp://127.0.0.1:5"); got != "hessnote-tcp://127.0.0.1:5" {
		t.Error(got)
	}
	if got := guardEndpoint("ipc:///tmp/k-1"); got != "hessnote-ipc:///tmp/k-1" {
		t.Error(got)
	}
}
