package kernel

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/go-zeromq/zmq4/transport"
)

// MaxWireMessage bounds the bytes of one ZMTP message (all its frames) a peer may announce.
// zmq4 allocates a frame's announced size before reading it and panics on absurd sizes,
// so the kernel's sockets listen on a guarded transport that closes a connection as soon
// as a frame header exceeds the bound — before zmq4 sees it, and before any signature
// can be checked. Messages up to the bound reach Decode, which rejects those over
// MaxMessageBytes with an error reply.
const MaxWireMessage = 2 * MaxMessageBytes

// errFrameTooLarge closes a connection whose peer announced an oversized message.
var errFrameTooLarge = errors.New("kernel: peer announced a ZMTP message over the size limit")

// Guarded transports, registered with zmq4 under these names: TCP and Unix sockets
// whose connections are read through a frameGuard.
const (
	guardedTCP = "hessnote-tcp"
	guardedIPC = "hessnote-ipc"
)

func init() {
	for name, network := range map[string]string{guardedTCP: "tcp", guardedIPC: "unix"} {
		if err := zmq4.RegisterTransport(name, guardTransport{network}); err != nil {
			panic(err)
		}
	}
}

// guardEndpoint rewrites a tcp:// or ipc:// endpoint to the guarded transport.
func guardEndpoint(ep string) string {
	switch {
	case len(ep) > 6 && ep[:6] == "tcp://":
		return guardedTCP + "://" + ep[6:]
	case len(ep) > 6 && ep[:6] == "ipc://":
		return guardedIPC + "://" + ep[6:]
	}
	return ep
}

type guardTransport struct{ network string }

func (g guardTransport) Dial(ctx context.Context, d transport.Dialer, addr string) (net.Conn, error) {
	c, err := d.DialContext(ctx, g.network, addr)
	if err != nil {
		return nil, err
	}
	return &frameGuard{Conn: c, skip: greetingLen}, nil
}

func (g guardTransport) Listen(ctx context.Context, addr string) (net.Listener, error) {
	l, err := net.Listen(g.network, addr)
	if err != nil {
		return nil, err
	}
	return guardListener{l}, nil
}

func (g guardTransport) Addr(ep string) (string, error) {
	if g.network == "unix" {
		return ep, nil
	}
	host, port, err := net.SplitHostPort(ep)
	if err != nil {
		return "", err
	}
	if host == "" || host == "*" {
		host = "0.0.0.0"
	}
	if port == "*" || port == "" {
		port = "0"
	}
	return net.JoinHostPort(host, port), nil
}

type guardListener struct{ net.Listener }

// handshakeTimeout bounds the ZMTP greeting and handshake of an accepted connection:
// zmq4 runs the handshake inside its accept loop, so a peer that connects and stays
// silent would otherwise block every later connection.
const handshakeTimeout = 3 * time.Second

func (l guardListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	_ = c.SetReadDeadline(time.Now().Add(handshakeTimeout))
	return &frameGuard{Conn: c, skip: greetingLen, handshake: true}, nil
}

// greetingLen is the length of the ZMTP 3 greeting that precedes the frames.
const greetingLen = 64

// frameGuard follows the ZMTP 3 framing (RFC 23/ZMTP: a flags byte, a 1- or 8-byte
// size, the body) of the bytes read from a connection and fails the read when one
// message announces more than MaxWireMessage bytes in total.
type frameGuard struct {
	net.Conn
	skip    uint64 // bytes of greeting or frame body still to pass through
	hdr     [9]byte
	hdrLen  int    // bytes of the current frame header seen so far
	pending uint64 // bytes announced by earlier frames of the current message
	// handshake is true until the peer's first command (READY) has been read; then the
	// accept-time read deadline is lifted.
	handshake bool
	inCommand bool // the frame being skipped is a command
}

func (g *frameGuard) Read(p []byte) (int, error) {
	n, err := g.Conn.Read(p)
	if cerr := g.scan(p[:n]); cerr != nil {
		g.Conn.Close()
		return 0, cerr
	}
	return n, err
}

// scan advances the framing state over b.
func (g *frameGuard) scan(b []byte) error {
	for len(b) > 0 {
		if g.skip > 0 {
			k := min(g.skip, uint64(len(b)))
			g.skip -= k
			b = b[k:]
			if g.skip == 0 {
				g.endOfBody()
			}
			continue
		}
		g.hdr[g.hdrLen] = b[0]
		g.hdrLen++
		b = b[1:]
		flags := g.hdr[0]
		need := 2
		if flags&0x02 != 0 { // long frame: 8-byte size
			need = 9
		}
		if g.hdrLen < need {
			continue
		}
		var size uint64
		if need == 2 {
			size = uint64(g.hdr[1])
		} else {
			size = binary.BigEndian.Uint64(g.hdr[1:9])
		}
		g.hdrLen = 0
		command, more := flags&0x04 != 0, flags&0x01 != 0
		if size > MaxWireMessage || g.pending+size > MaxWireMessage {
			return fmt.Errorf("%w (%d bytes)", errFrameTooLarge, g.pending+size)
		}
		if !command {
			if more {
				g.pending += size
			} else {
				g.pending = 0
			}
		}
		g.skip, g.inCommand = size, command
		if size == 0 {
			g.endOfBody()
		}
	}
	return nil
}

// endOfBody is called when a frame (or the greeting) has been read completely.
func (g *frameGuard) endOfBody() {
	if g.inCommand && g.handshake {
		g.handshake = false
		if g.Conn != nil {
			_ = g.Conn.SetReadDeadline(time.Time{})
		}
	}
	g.inCommand = false
}
