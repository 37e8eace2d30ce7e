package kernel

import (
	"context"
	"errors"
	"sync"
)

// Channel names one of the kernel's message sockets. The heartbeat is the transport's own
// business and has no Channel.
type Channel int

// The message channels of a Jupyter kernel.
const (
	Shell Channel = iota
	Control
	Stdin
	IOPub
)

func (c Channel) String() string {
	switch c {
	case Shell:
		return "shell"
	case Control:
		return "control"
	case Stdin:
		return "stdin"
	case IOPub:
		return "iopub"
	}
	return "unknown"
}

// ErrClosed is returned by a Transport after Close.
var ErrClosed = errors.New("kernel: transport closed")

// Transport moves multipart messages between the kernel and its clients. Recv is called
// from one goroutine per channel (Shell, Control, Stdin); Send may be called from several
// goroutines at once and must keep each channel's messages in order. Frames of ROUTER
// channels start with the routing identities; IOPub frames start with the topic.
type Transport interface {
	Recv(ch Channel) ([][]byte, error)
	Send(ch Channel, frames [][]byte) error
	Close() error
}

// Memory is an in-memory Transport for tests: the kernel side is the Transport methods,
// the client side is ClientSend and ClientRecv.
type Memory struct {
	in, out  [4]chan [][]byte
	done     chan struct{}
	closeOne sync.Once
}

// NewMemory returns an in-memory transport whose queues hold up to n messages each.
func NewMemory(n int) *Memory {
	m := &Memory{done: make(chan struct{})}
	for i := range m.in {
		m.in[i] = make(chan [][]byte, n)
		m.out[i] = make(chan [][]byte, n)
	}
	return m
}

// Recv implements Transport.
func (m *Memory) Recv(ch Channel) ([][]byte, error) {
	select {
	case f := <-m.in[ch]:
		return f, nil
	case <-m.done:
		return nil, ErrClosed
	}
}

// Send implements Transport.
func (m *Memory) Send(ch Channel, frames [][]byte) error {
	select {
	case m.out[ch] <- frames:
		return nil
	case <-m.done:
		return ErrClosed
	}
}

// Close implements Transport.
func (m *Memory) Close() error {
	m.closeOne.Do(func() { close(m.done) })
	return nil
}

// ClientSend delivers frames to the kernel on ch.
func (m *Memory) ClientSend(ch Channel, frames [][]byte) error {
	select {
	case m.in[ch] <- frames:
		return nil
	case <-m.done:
		return ErrClosed
	}
}

// ClientRecv returns the next message the kernel sent on ch, or ctx's error.
func (m *Memory) ClientRecv(ctx context.Context, ch Channel) ([][]byte, error) {
	select {
	case f := <-m.out[ch]:
		return f, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
