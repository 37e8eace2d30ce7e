package kernel

import (
	"context"
	"fmt"
	"log"
	"sync"
	"time"

	"github.com/go-zeromq/zmq4"
)

// sendTimeout bounds a ROUTER Send: zmq4 blocks on a socket without peers until the
// timeout (see the ROUTER trap in shared/jupyter.md).
const sendTimeout = 2 * time.Second

// ZMQ is the Transport over ZeroMQ sockets (github.com/go-zeromq/zmq4): shell, control
// and stdin ROUTER, iopub PUB, and a heartbeat REP that echoes on its own goroutine. All
// five listen through the frame-size guard of MaxWireMessage.
type ZMQ struct {
	socks  [4]zmq4.Socket
	hb     zmq4.Socket
	mu     [4]sync.Mutex
	cancel context.CancelFunc
	log    *log.Logger
	once   sync.Once
}

// ListenZMQ binds the five sockets to exactly the endpoints of c and starts the heartbeat.
func ListenZMQ(c ConnectionInfo, logger *log.Logger) (*ZMQ, error) {
	ctx, cancel := context.WithCancel(context.Background())
	z := &ZMQ{cancel: cancel, log: logger}
	opts := []zmq4.Option{zmq4.WithTimeout(sendTimeout)}
	if logger != nil {
		opts = append(opts, zmq4.WithLogger(logger))
	}
	z.socks[Shell] = zmq4.NewRouter(ctx, opts...)
	z.socks[Control] = zmq4.NewRouter(ctx, opts...)
	z.socks[Stdin] = zmq4.NewRouter(ctx, opts...)
	z.socks[IOPub] = zmq4.NewPub(ctx, opts...)
	z.hb = zmq4.NewRep(ctx, opts...)
	ports := [4]int{Shell: c.ShellPort, Control: c.ControlPort, Stdin: c.StdinPort, IOPub: c.IOPubPort}
	for ch, s := range z.socks {
		if err := s.Listen(guardEndpoint(c.Endpoint(ports[ch]))); err != nil {
			z.Close()
			return nil, fmt.Errorf("kernel: %s: %w", Channel(ch), err)
		}
	}
	if err := z.hb.Listen(guardEndpoint(c.Endpoint(c.HBPort))); err != nil {
		z.Close()
		return nil, fmt.Errorf("kernel: heartbeat: %w", err)
	}
	go z.heartbeat()
	return z, nil
}

func (z *ZMQ) heartbeat() {
	for {
		m, err := z.hb.Recv()
		if err != nil {
			return
		}
		if err := z.hb.Send(m); err != nil {
			return
		}
	}
}

// Recv implements Transport.
func (z *ZMQ) Recv(ch Channel) ([][]byte, error) {
	m, err := z.socks[ch].Recv()
	if err != nil {
		return nil, err
	}
	return m.Frames, nil
}

// Send implements Transport. Messages are sent one at a time per channel, in call order.
func (z *ZMQ) Send(ch Channel, frames [][]byte) error {
	z.mu[ch].Lock()
	defer z.mu[ch].Unlock()
	return z.socks[ch].SendMulti(zmq4.NewMsgFrom(frames...))
}

// Close implements Transport: it closes every socket.
func (z *ZMQ) Close() error {
	z.once.Do(func() {
		for _, s := range z.socks {
			if s != nil {
				s.Close()
			}
		}
		if z.hb != nil {
			z.hb.Close()
		}
		z.cancel()
	})
	return nil
}
