package kernel

import (
	"context"
	"encoding/json"
	"net"
	"slices"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
)

func freePorts(t *testing.T, n int) []int {
	t.Helper()
	var ports []int
	var ls []net.Listener
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	for _, l := range ls {
		l.Close()
	}
	return ports
}

// TestZMQ drives the kernel over real zmq4 sockets with a DEALER/SUB/REQ client.
func TestZMQ(t *testing.T) {
	p := freePorts(t, 5)
	ci := ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", ShellPort: p[0], IOPubPort: p[1], StdinPort: p[2],
		ControlPort: p[3], HBPort: p[4], Key: "zmq-test-key", SignatureScheme: "hmac-sha256"}
	tr, err := ListenZMQ(ci, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	var eng *fakeEngine
	k, err := New(tr, Config{Key: []byte(ci.Key), NewEngine: func(io IO) (Engine, error) {
		eng = &fakeEngine{io: io}
		return eng, nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go k.Run(ctx)

	s := NewSigner([]byte(ci.Key))
	cctx, ccancel := context.WithCancel(context.Background())
	defer ccancel()
	shell := zmq4.NewDealer(cctx, zmq4.WithID(zmq4.SocketIdentity("go-client")), zmq4.WithTimeout(2*time.Second))
	control := zmq4.NewDealer(cctx, zmq4.WithID(zmq4.SocketIdentity("go-client-ctl")), zmq4.WithTimeout(2*time.Second))
	sub := zmq4.NewSub(cctx)
	hb := zmq4.NewReq(cctx, zmq4.WithTimeout(2*time.Second))
	for _, d := range []struct {
		s    zmq4.Socket
		port int
	}{{shell, ci.ShellPort}, {control, ci.ControlPort}, {sub, ci.IOPubPort}, {hb, ci.HBPort}} {
		if err := d.s.Dial(ci.Endpoint(d.port)); err != nil {
			t.Fatal(err)
		}
		defer d.s.Close()
	}
	if err := sub.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		t.Fatal(err)
	}

	send := func(sock zmq4.Socket, msgType string, content any) Header {
		b, _ := json.Marshal(content)
		m := &Message{Header: NewHeader(msgType, "go-client"), Content: b}
		frames, _ := Encode(m, s)
		if err := sock.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
			t.Fatal(err)
		}
		return m.Header
	}
	recv := func(sock zmq4.Socket) *Message {
		type res struct {
			m   zmq4.Msg
			err error
		}
		c := make(chan res, 1)
		go func() { m, err := sock.Recv(); c <- res{m, err} }()
		select {
		case r := <-c:
			if r.err != nil {
				t.Fatal(r.err)
			}
			m, err := Decode(r.m.Frames, s)
			if err != nil {
				t.Fatal(err)
			}
			return m
		case <-time.After(5 * time.Second):
			t.Fatal("timeout")
		}
		return nil
	}

	// Heartbeat echoes.
	if err := hb.Send(zmq4.NewMsgString("ping")); err != nil {
		t.Fatal(err)
	}
	if m, err := hb.Recv(); err != nil || string(m.Frames[0]) != "ping" {
		t.Fatalf("heartbeat %v %v", m, err)
	}

	// One reader for iopub, so that no message is lost to an abandoned Recv.
	iopub := make(chan *Message, 1024)
	go func() {
		for {
			m, err := sub.Recv()
			if err != nil {
				return
			}
			if dm, err := Decode(m.Frames, s); err == nil {
				iopub <- dm
			}
		}
	}()
	next := func() *Message {
		select {
		case m := <-iopub:
			return m
		case <-time.After(5 * time.Second):
			t.Fatal("iopub timeout")
		}
		return nil
	}

	// kernel_info on control until the subscription is live (slow joiner).
	for i := 0; ; i++ {
		send(control, "kernel_info_request", map[string]any{})
		if r := recv(control); r.Header.MsgType != "kernel_info_reply" {
			t.Fatalf("got %s", r.Header.MsgType)
		}
		select {
		case <-iopub:
		case <-time.After(200 * time.Millisecond):
			if i == 20 {
				t.Fatal("no iopub traffic")
			}
			continue
		}
		break
	}
	time.Sleep(50 * time.Millisecond)
	for len(iopub) > 0 {
		<-iopub
	}

	// A bad signature is dropped; the next request is answered.
	bad := &Message{Header: NewHeader("execute_request", "evil"), Content: json.RawMessage(`{"code":"print evil"}`)}
	frames, _ := Encode(bad, NewSigner([]byte("wrong key")))
	shell.SendMulti(zmq4.NewMsgFrom(frames...))

	h := send(shell, "execute_request", map[string]any{"code": "print hi\nvalue 7"})
	r := recv(shell)
	if r.Header.MsgType != "execute_reply" || r.Parent.MsgID != h.MsgID {
		t.Fatalf("got %s for %+v", r.Header.MsgType, r.Parent)
	}
	var io []*Message
	for {
		m := next()
		if m.Parent == nil || m.Parent.MsgID != h.MsgID {
			continue
		}
		io = append(io, m)
		if m.Header.MsgType == "status" && contentOf(m)["execution_state"] == "idle" {
			break
		}
	}
	want := []string{"status:busy", "execute_input", "stream:stdout:hi\n", "execute_result:7", "status:idle"}
	if got := summary(io); !slices.Equal(got, want) {
		t.Errorf("iopub %q, want %q", got, want)
	}
	if ran := eng.executed(); !slices.Equal(ran, []string{"print hi\nvalue 7"}) {
		t.Errorf("executed %q", ran)
	}

	send(control, "shutdown_request", map[string]any{"restart": false})
	if r := recv(control); r.Header.MsgType != "shutdown_reply" {
		t.Errorf("got %s", r.Header.MsgType)
	}
	select {
	case <-k.Done():
	case <-time.After(2 * time.Second):
		t.Error("kernel did not stop")
	}
}
