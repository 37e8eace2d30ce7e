// Package kernel is the Jupyter side of hessnote: the connection file, the wire format
// (frames, HMAC-SHA256 signatures), the sockets behind a small Transport interface, and a
// dispatcher that owns the protocol bookkeeping — busy/idle status around every request,
// execution counts, execute_input, history, comms, stdin, interrupts and shutdown.
//
// The language lives behind Engine (satisfied by *interp.Session); the kernel never runs
// Go code itself. The protocol reference is "Messaging in Jupyter" (jupyter_client
// docs/messaging.rst, version 5.3).
package kernel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/hessnote/hessnote/display"
	"github.com/hessnote/hessnote/interp"
)

// Version is the hessnote version reported in kernel_info_reply and by `hessnote version`.
const Version = "0.1.0"

// Engine runs cells and answers editor queries. *interp.Session satisfies it; cursor
// positions are Unicode code points.
type Engine interface {
	Execute(ctx context.Context, code string) (interp.Outcome, error)
	Complete(code string, cursor int) (matches []string, start, end int)
	Inspect(code string, cursor, detailLevel int) (b display.Bundle, found bool)
	IsComplete(code string) (status, indent string)
}

var _ Engine = (*interp.Session)(nil)

// IO is what the kernel gives the engine it creates: writers that become iopub stream
// messages, the display sink of the running request, and the stdin prompt.
type IO struct {
	Stdout, Stderr io.Writer
	Sink           display.Sink
	// Input asks the frontend for a line. It fails at once when the running request did
	// not allow stdin, and when the cell is interrupted.
	Input func(prompt string, password bool) (string, error)
}

// Config configures a Kernel.
type Config struct {
	// Key signs and verifies messages (the connection file's key); empty disables signing.
	Key []byte
	// Log receives diagnostics; nil discards them.
	Log *log.Logger
	// NewEngine creates the engine, wired to the kernel's IO. Required.
	NewEngine func(IO) (Engine, error)
	// HistoryFile is the JSON-lines history file; "" keeps history in memory only.
	HistoryFile string
	// OutputLimit bounds the stream bytes one cell may publish; beyond it output is
	// dropped with a notice. Zero means 8 MiB.
	OutputLimit int
	// Signals makes SIGINT interrupt the running cell instead of killing the process.
	Signals bool
	// Banner, when set, gives a line added to the banner of each kernel_info_reply (the
	// host says there which BLAS is active).
	Banner func() string
}

// Kernel dispatches Jupyter requests to an Engine. Create it with New and run it with Run.
type Kernel struct {
	t       Transport
	sign    Signer
	log     *log.Logger
	session string
	eng     Engine
	out     *streams
	hist    *History
	comms   *comms

	shellQ  chan queued
	stdinCh chan *Message
	seq     atomic.Int64 // sequence number of the last shell message received
	abortTo atomic.Int64 // execute_requests with seq <= abortTo are aborted
	count   int          // execution count, touched by the shell goroutine only

	mu      sync.Mutex
	parent  *Header  // parent of output from running (or background) code
	running *running // the execute_request in progress, or nil

	banner   func() string
	done     chan struct{}
	stopOnce sync.Once
	restart  bool
}

// running is the execute_request in progress.
type running struct {
	msg        *Message
	allowStdin bool
	ctx        context.Context
	cancel     context.CancelFunc
}

type queued struct {
	frames [][]byte
	seq    int64
}

// request is one decoded request being dispatched.
type request struct {
	ch  Channel
	msg *Message
	seq int64
}

// New returns a kernel on transport t and creates its engine with cfg.NewEngine.
func New(t Transport, cfg Config) (*Kernel, error) {
	if cfg.NewEngine == nil {
		return nil, errors.New("kernel: Config.NewEngine is nil")
	}
	logger := cfg.Log
	if logger == nil {
		logger = log.New(io.Discard, "", 0)
	}
	k := &Kernel{
		t:       t,
		sign:    NewSigner(cfg.Key),
		log:     logger,
		session: NewID(),
		shellQ:  make(chan queued, 4096),
		stdinCh: make(chan *Message, 16),
		done:    make(chan struct{}),
		comms:   newComms(),
		banner:  cfg.Banner,
	}
	limit := cfg.OutputLimit
	if limit <= 0 {
		limit = 8 << 20
	}
	k.out = newStreams(limit, k.publishStream)
	hist, err := OpenHistory(cfg.HistoryFile)
	if err != nil {
		logger.Printf("history: %v (keeping history in memory)", err)
		hist, _ = OpenHistory("")
	}
	k.hist = hist
	eng, err := cfg.NewEngine(IO{
		Stdout: k.out.writer("stdout"),
		Stderr: k.out.writer("stderr"),
		Sink:   kernelSink{k},
		Input:  k.input,
	})
	if err != nil {
		return nil, err
	}
	k.eng = eng
	if cfg.Signals {
		k.watchSignals()
	}
	return k, nil
}

// Engine returns the kernel's engine.
func (k *Kernel) Engine() Engine { return k.eng }

// Done is closed when a shutdown_request has been answered.
func (k *Kernel) Done() <-chan struct{} { return k.done }

// Restart reports whether the shutdown that closed Done asked for a restart.
func (k *Kernel) Restart() bool {
	<-k.done
	return k.restart
}

// Run serves requests until ctx ends or a shutdown_request is answered, then returns.
// It does not close the transport.
func (k *Kernel) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go k.out.run(ctx)
	k.publish(nil, "status", map[string]any{"execution_state": "starting"})
	go k.recvShell()
	go k.recvControl()
	go k.recvStdin()
	go k.shellWorker(ctx)
	select {
	case <-ctx.Done():
		k.interrupt()
		return ctx.Err()
	case <-k.done:
		k.out.flush(true)
		return nil
	}
}

// Close releases the engine (when it has a Close method) and the history file.
func (k *Kernel) Close() error {
	k.interrupt()
	var err error
	if c, ok := k.eng.(io.Closer); ok {
		err = c.Close()
	}
	if e := k.hist.Close(); err == nil {
		err = e
	}
	return err
}

func (k *Kernel) stop(restart bool) {
	k.stopOnce.Do(func() {
		k.restart = restart
		close(k.done)
	})
}

func (k *Kernel) recvShell() {
	for {
		f, err := k.t.Recv(Shell)
		if err != nil {
			k.log.Printf("shell: %v", err)
			return
		}
		q := queued{frames: f, seq: k.seq.Add(1)}
		select {
		case k.shellQ <- q:
		case <-k.done:
			return
		}
	}
}

func (k *Kernel) shellWorker(ctx context.Context) {
	for {
		select {
		case q := <-k.shellQ:
			k.handle(Shell, q.frames, q.seq)
		case <-ctx.Done():
			return
		case <-k.done:
			return
		}
	}
}

func (k *Kernel) recvControl() {
	for {
		f, err := k.t.Recv(Control)
		if err != nil {
			k.log.Printf("control: %v", err)
			return
		}
		k.handle(Control, f, 0)
	}
}

func (k *Kernel) recvStdin() {
	for {
		f, err := k.t.Recv(Stdin)
		if err != nil {
			return
		}
		m, err := Decode(f, k.sign)
		if err != nil {
			k.log.Printf("stdin: dropped message: %v", err)
			continue
		}
		if m.Header.MsgType != "input_reply" {
			k.log.Printf("stdin: dropped unexpected %q", m.Header.MsgType)
			continue
		}
		select {
		case k.stdinCh <- m:
		default:
			k.log.Printf("stdin: dropped input_reply nobody waits for")
		}
	}
}

// handler answers one request: it returns the reply content (nil for messages without a
// reply, such as comm_msg) or an error that becomes a status "error" reply.
type handler func(k *Kernel, r *request) (any, error)

// handlers maps msg_type to its handler. controlOnly and shellOnly name the types that
// only one of the two request channels accepts; the others are served on both.
var (
	handlers = map[string]handler{
		"kernel_info_request": (*Kernel).kernelInfo,
		"execute_request":     (*Kernel).execute,
		"complete_request":    (*Kernel).complete,
		"inspect_request":     (*Kernel).inspect,
		"is_complete_request": (*Kernel).isComplete,
		"history_request":     (*Kernel).history,
		"comm_info_request":   (*Kernel).commInfo,
		"comm_open":           (*Kernel).commOpen,
		"comm_msg":            (*Kernel).commMsg,
		"comm_close":          (*Kernel).commClose,
		"shutdown_request":    (*Kernel).shutdown,
		"interrupt_request":   (*Kernel).interruptRequest,
	}
	controlOnly = map[string]bool{"interrupt_request": true}
	shellOnly   = map[string]bool{"execute_request": true, "comm_open": true, "comm_msg": true, "comm_close": true}
)

// handle decodes frames and dispatches them: status busy, the handler, the reply, status
// idle, all with the request's header as parent. Undecodable messages are logged and
// dropped, except signed requests with a readable header, which get an error reply.
func (k *Kernel) handle(ch Channel, frames [][]byte, seq int64) {
	m, err := Decode(frames, k.sign)
	if err != nil {
		var de *DecodeError
		if errors.As(err, &de) && de.Header != nil && strings.HasSuffix(de.Header.MsgType, "_request") {
			k.log.Printf("%s: bad %s: %v", ch, de.Header.MsgType, err)
			bad := &Message{Identities: de.Identities, Header: *de.Header}
			k.status(bad, "busy")
			k.reply(ch, bad, errorContent("BadRequest", err.Error(), nil))
			k.status(bad, "idle")
			return
		}
		k.log.Printf("%s: dropped message: %v", ch, err)
		return
	}
	t := m.Header.MsgType
	h, ok := handlers[t]
	if !ok || (ch == Control && shellOnly[t]) || (ch == Shell && controlOnly[t]) {
		k.log.Printf("%s: dropped unknown message type %q", ch, t)
		return
	}
	r := &request{ch: ch, msg: m, seq: seq}
	k.status(m, "busy")
	if t == "execute_request" && seq <= k.abortTo.Load() {
		k.reply(ch, m, map[string]any{"status": "aborted"})
		k.status(m, "idle")
		return
	}
	content, err := k.call(h, r)
	if err != nil {
		k.log.Printf("%s: %s failed: %v", ch, t, err)
		ename := "BadRequest"
		var pe panicError
		if errors.As(err, &pe) {
			ename = "InternalError"
		}
		content = errorContent(ename, err.Error(), nil)
	}
	if content != nil {
		k.reply(ch, m, content)
	}
	k.out.flush(true)
	k.status(m, "idle")
	if c, ok := content.(shutdownReply); ok && err == nil {
		k.stop(c.Restart)
	}
}

// panicError is a handler panic turned into an error.
type panicError struct {
	v     any
	stack string
}

func (p panicError) Error() string { return fmt.Sprintf("panic: %v", p.v) }

func (k *Kernel) call(h handler, r *request) (content any, err error) {
	defer func() {
		if v := recover(); v != nil {
			pe := panicError{v: v, stack: string(debug.Stack())}
			k.log.Printf("%s handler panicked: %v\n%s", r.msg.Header.MsgType, v, pe.stack)
			content, err = nil, pe
		}
	}()
	return h(k, r)
}

func errorContent(ename, evalue string, tb []string) map[string]any {
	if tb == nil {
		tb = []string{}
	}
	return map[string]any{"status": "error", "ename": ename, "evalue": evalue, "traceback": tb}
}

// send signs and sends a message of type msgType on ch.
func (k *Kernel) send(ch Channel, ids [][]byte, msgType string, parent *Header, content any) {
	b, err := json.Marshal(content)
	if err != nil {
		k.log.Printf("encode %s: %v", msgType, err)
		b, _ = json.Marshal(errorContent("EncodingError", err.Error(), nil))
	}
	m := &Message{Identities: ids, Header: NewHeader(msgType, k.session), Parent: parent, Content: b}
	frames, err := Encode(m, k.sign)
	if err != nil {
		k.log.Printf("encode %s: %v", msgType, err)
		return
	}
	if err := k.t.Send(ch, frames); err != nil {
		k.log.Printf("%s: send %s: %v", ch, msgType, err)
	}
}

// publish sends an iopub message; the topic is the message type.
func (k *Kernel) publish(parent *Header, msgType string, content any) {
	k.send(IOPub, [][]byte{[]byte("kernel." + k.session + "." + msgType)}, msgType, parent, content)
}

func (k *Kernel) status(m *Message, state string) {
	h := m.Header
	k.publish(&h, "status", map[string]any{"execution_state": state})
}

func (k *Kernel) reply(ch Channel, m *Message, content any) {
	h := m.Header
	t := strings.TrimSuffix(h.MsgType, "_request") + "_reply"
	k.send(ch, m.Identities, t, &h, content)
}

func (k *Kernel) kernelInfo(*request) (any, error) {
	banner := "hessnote " + Version + ": Go (" + runtime.Version() + ", interpreted by yaegi) " +
		"for second-order optimization"
	if k.banner != nil {
		banner += "\n" + k.banner()
	}
	return map[string]any{
		"status":                 "ok",
		"protocol_version":       ProtocolVersion,
		"implementation":         "hessnote",
		"implementation_version": Version,
		"language_info": map[string]any{
			"name":            "go",
			"version":         strings.TrimPrefix(runtime.Version(), "go"),
			"mimetype":        "text/x-go",
			"file_extension":  ".go",
			"pygments_lexer":  "go",
			"codemirror_mode": "go",
		},
		"banner": banner,
		"help_links": []map[string]string{
			{"text": "Go documentation", "url": "https://go.dev/doc/"},
			{"text": "Go standard library", "url": "https://pkg.go.dev/std"},
			{"text": "gonum", "url": "https://pkg.go.dev/gonum.org/v1/gonum"},
		},
		"debugger": false,
	}, nil
}

// shutdownReply is the content of shutdown_reply; handle stops the kernel after sending it.
type shutdownReply struct {
	Status  string `json:"status"`
	Restart bool   `json:"restart"`
}

func (k *Kernel) shutdown(r *request) (any, error) {
	var c struct {
		Restart bool `json:"restart"`
	}
	if err := json.Unmarshal(r.msg.Content, &c); err != nil {
		return nil, err
	}
	k.interrupt()
	return shutdownReply{Status: "ok", Restart: c.Restart}, nil
}

func (k *Kernel) interruptRequest(*request) (any, error) {
	k.interrupt()
	return map[string]any{"status": "ok"}, nil
}

// interrupt cancels the running cell, if any.
func (k *Kernel) interrupt() {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.running != nil {
		k.running.cancel()
	}
}

// watchSignals turns SIGINT into an interrupt of the running cell.
func (k *Kernel) watchSignals() {
	c := make(chan os.Signal, 4)
	signal.Notify(c, syscall.SIGINT)
	go func() {
		for range c {
			k.log.Printf("SIGINT: interrupting the running cell")
			k.interrupt()
		}
	}()
}
