package kernel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hessnote/hessnote/display"
	"github.com/hessnote/hessnote/interp"
)

// fakeEngine runs a tiny command language, one command per line:
//
//	print TEXT   write TEXT and a newline to stdout
//	eprint TEXT  same on stderr
//	value TEXT   the cell's value is text/plain TEXT
//	show TEXT    display text/plain TEXT (show@ID and update@ID use a display id)
//	clear        clear output (wait)
//	fail         a compile error
//	panic        the engine itself panics
//	block        wait for the interrupt
//	input        read a line with Input and print it
//	page TEXT    a pager payload
//	slowprint N  print N lines 30 ms apart
type fakeEngine struct {
	io  IO
	mu  sync.Mutex
	ran []string
}

func (e *fakeEngine) Execute(ctx context.Context, code string) (interp.Outcome, error) {
	e.mu.Lock()
	e.ran = append(e.ran, code)
	e.mu.Unlock()
	var out interp.Outcome
	for _, line := range strings.Split(code, "\n") {
		cmd, arg, _ := strings.Cut(line, " ")
		switch {
		case cmd == "print":
			fmt.Fprintln(e.io.Stdout, arg)
		case cmd == "eprint":
			fmt.Fprintln(e.io.Stderr, arg)
		case cmd == "value":
			out.Value = &display.Bundle{Data: map[string]any{"text/plain": arg}}
		case cmd == "page":
			out.Page = &display.Bundle{Data: map[string]any{"text/plain": arg}}
		case cmd == "show":
			e.io.Sink.Display(display.Bundle{Data: map[string]any{"text/plain": arg}}, "", false)
		case strings.HasPrefix(cmd, "show@"):
			e.io.Sink.Display(display.Bundle{Data: map[string]any{"text/plain": arg}}, cmd[5:], false)
		case strings.HasPrefix(cmd, "update@"):
			e.io.Sink.Display(display.Bundle{Data: map[string]any{"text/plain": arg}}, cmd[7:], true)
		case cmd == "clear":
			e.io.Sink.Clear(true)
		case cmd == "fail":
			return out, &interp.Error{Name: "CompileError", Value: "1:1: undefined: nope", Traceback: []string{"1:1: undefined: nope"}}
		case cmd == "panic":
			panic("engine bug")
		case cmd == "block":
			<-ctx.Done()
			return out, &interp.Error{Name: "Interrupted", Value: "interrupted", Traceback: []string{"interrupted"}}
		case cmd == "input":
			s, err := e.io.Input("name? ", arg == "password")
			if err != nil {
				return out, &interp.Error{Name: "InputError", Value: err.Error(), Traceback: []string{err.Error()}}
			}
			fmt.Fprintln(e.io.Stdout, "got "+s)
		case cmd == "slowprint":
			var n int
			fmt.Sscan(arg, &n)
			for i := range n {
				fmt.Fprintf(e.io.Stdout, "line %d\n", i)
				time.Sleep(30 * time.Millisecond)
			}
		}
	}
	return out, nil
}

func (e *fakeEngine) Complete(code string, cursor int) ([]string, int, int) {
	return []string{"Println", "Printf"}, cursor - 5, cursor
}

func (e *fakeEngine) Inspect(code string, cursor, detail int) (display.Bundle, bool) {
	if !strings.Contains(code, "Println") {
		return display.Bundle{}, false
	}
	return display.Bundle{Data: map[string]any{"text/plain": fmt.Sprintf("func Println (detail %d)", detail)}}, true
}

func (e *fakeEngine) IsComplete(code string) (string, string) {
	if strings.HasSuffix(code, "{") {
		return "incomplete", "\t"
	}
	return "complete", ""
}

func (e *fakeEngine) executed() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.ran)
}

// client drives a kernel over a Memory transport.
type client struct {
	t   *testing.T
	mem *Memory
	s   Signer
	k   *Kernel
	eng *fakeEngine
}

func newClient(t *testing.T, cfg Config) *client {
	t.Helper()
	mem := NewMemory(1024)
	c := &client{t: t, mem: mem, s: NewSigner([]byte("test-key"))}
	cfg.Key = []byte("test-key")
	cfg.NewEngine = func(io IO) (Engine, error) {
		c.eng = &fakeEngine{io: io}
		return c.eng, nil
	}
	k, err := New(mem, cfg)
	if err != nil {
		t.Fatal(err)
	}
	c.k = k
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { k.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done; mem.Close(); k.Close() })
	c.recvIOPub() // starting
	return c
}

// send sends a request and returns its header.
func (c *client) send(ch Channel, msgType string, content any) Header {
	c.t.Helper()
	b, err := json.Marshal(content)
	if err != nil {
		c.t.Fatal(err)
	}
	m := &Message{Identities: [][]byte{[]byte("client")}, Header: NewHeader(msgType, "client-session"), Content: b}
	frames, err := Encode(m, c.s)
	if err != nil {
		c.t.Fatal(err)
	}
	if err := c.mem.ClientSend(ch, frames); err != nil {
		c.t.Fatal(err)
	}
	return m.Header
}

func (c *client) recv(ch Channel) *Message {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	f, err := c.mem.ClientRecv(ctx, ch)
	if err != nil {
		c.t.Fatalf("no message on %s: %v", ch, err)
	}
	m, err := Decode(f, c.s)
	if err != nil {
		c.t.Fatalf("kernel sent an undecodable message: %v", err)
	}
	if m.Header.Version != ProtocolVersion {
		c.t.Errorf("version %q", m.Header.Version)
	}
	return m
}

func (c *client) recvIOPub() *Message { return c.recv(IOPub) }

// iopubUntilIdle collects iopub messages with parent h up to and including status idle,
// skipping those of other requests.
func (c *client) iopubUntilIdle(h Header) []*Message {
	c.t.Helper()
	var out []*Message
	for {
		m := c.recvIOPub()
		if m.Parent == nil {
			c.t.Fatalf("iopub %s without parent", m.Header.MsgType)
		}
		if m.Parent.MsgID != h.MsgID {
			continue
		}
		out = append(out, m)
		if m.Header.MsgType == "status" && contentOf(m)["execution_state"] == "idle" {
			return out
		}
	}
}

func contentOf(m *Message) map[string]any {
	var c map[string]any
	if err := json.Unmarshal(m.Content, &c); err != nil {
		panic(err)
	}
	return c
}

// summary describes iopub messages as "type" or "type:detail".
func summary(ms []*Message) []string {
	var out []string
	for _, m := range ms {
		c := contentOf(m)
		s := m.Header.MsgType
		switch s {
		case "status":
			s += ":" + c["execution_state"].(string)
		case "stream":
			s += ":" + c["name"].(string) + ":" + c["text"].(string)
		case "execute_result", "display_data", "update_display_data":
			s += ":" + c["data"].(map[string]any)["text/plain"].(string)
		case "error":
			s += ":" + c["ename"].(string)
		}
		out = append(out, s)
	}
	return out
}

func (c *client) execute(code string, extra map[string]any) (reply map[string]any, iopub []string) {
	c.t.Helper()
	content := map[string]any{"code": code, "silent": false, "store_history": true, "allow_stdin": false}
	for k, v := range extra {
		content[k] = v
	}
	h := c.send(Shell, "execute_request", content)
	r := c.recv(Shell)
	if r.Header.MsgType != "execute_reply" || r.Parent == nil || r.Parent.MsgID != h.MsgID {
		c.t.Fatalf("got %s with parent %+v", r.Header.MsgType, r.Parent)
	}
	return contentOf(r), summary(c.iopubUntilIdle(h))
}

func TestKernelInfoShellAndControl(t *testing.T) {
	c := newClient(t, Config{})
	for _, ch := range []Channel{Shell, Control} {
		h := c.send(ch, "kernel_info_request", map[string]any{})
		r := c.recv(ch)
		if r.Header.MsgType != "kernel_info_reply" || r.Parent.MsgID != h.MsgID {
			t.Fatalf("%s: %s", ch, r.Header.MsgType)
		}
		got := contentOf(r)
		li := got["language_info"].(map[string]any)
		if got["status"] != "ok" || got["protocol_version"] != "5.3" || got["implementation"] != "hessnote" ||
			li["name"] != "go" || li["file_extension"] != ".go" || li["mimetype"] != "text/x-go" ||
			strings.HasPrefix(li["version"].(string), "go") || got["banner"] == "" || len(got["help_links"].([]any)) == 0 {
			t.Errorf("%s: kernel_info_reply %v", ch, got)
		}
		if s := summary(c.iopubUntilIdle(h)); !slices.Equal(s, []string{"status:busy", "status:idle"}) {
			t.Errorf("%s: iopub %v", ch, s)
		}
	}
}

// TestKernelInfoBanner: Config.Banner adds its line to the banner at each request.
func TestKernelInfoBanner(t *testing.T) {
	line := "BLAS: one"
	c := newClient(t, Config{Banner: func() string { return line }})
	for _, want := range []string{"BLAS: one", "BLAS: two"} {
		line = want
		h := c.send(Shell, "kernel_info_request", map[string]any{})
		banner, _ := contentOf(c.recv(Shell))["banner"].(string)
		if !strings.HasPrefix(banner, "hessnote ") || !strings.HasSuffix(banner, "\n"+want) {
			t.Errorf("banner %q, want it to end with %q", banner, want)
		}
		c.iopubUntilIdle(h)
	}
}

func TestExecuteSequence(t *testing.T) {
	c := newClient(t, Config{})
	reply, io := c.execute("print hello\neprint oops\nshow picture\nvalue 42", nil)
	want := []string{"status:busy", "execute_input", "stream:stdout:hello\n", "stream:stderr:oops\n",
		"display_data:picture", "execute_result:42", "status:idle"}
	if !slices.Equal(io, want) {
		t.Errorf("iopub\n got %q\nwant %q", io, want)
	}
	if reply["status"] != "ok" || reply["execution_count"] != 1.0 {
		t.Errorf("reply %v", reply)
	}
	reply, io = c.execute("fail", nil)
	if !slices.Equal(io, []string{"status:busy", "execute_input", "error:CompileError", "status:idle"}) {
		t.Errorf("error iopub %q", io)
	}
	if reply["status"] != "error" || reply["ename"] != "CompileError" || reply["execution_count"] != 2.0 ||
		len(reply["traceback"].([]any)) != 1 {
		t.Errorf("error reply %v", reply)
	}
	// Silent: no execute_input or result, count unchanged; store_history false: same count.
	reply, io = c.execute("value 1", map[string]any{"silent": true})
	if !slices.Equal(io, []string{"status:busy", "status:idle"}) || reply["execution_count"] != 2.0 {
		t.Errorf("silent: %q %v", io, reply)
	}
	reply, io = c.execute("value 1", map[string]any{"store_history": false})
	if !slices.Equal(io, []string{"status:busy", "execute_input", "execute_result:1", "status:idle"}) || reply["execution_count"] != 2.0 {
		t.Errorf("store_history false: %q %v", io, reply)
	}
	reply, _ = c.execute("page help text", nil)
	pl := reply["payload"].([]any)
	if reply["execution_count"] != 3.0 || len(pl) != 1 || pl[0].(map[string]any)["source"] != "page" {
		t.Errorf("page payload %v", reply)
	}
}

func TestUserExpressions(t *testing.T) {
	c := newClient(t, Config{})
	reply, io := c.execute("value 1", map[string]any{"user_expressions": map[string]string{"a": "value 7", "b": "fail", "c": "print x"}})
	ue := reply["user_expressions"].(map[string]any)
	a, b, cc := ue["a"].(map[string]any), ue["b"].(map[string]any), ue["c"].(map[string]any)
	if a["status"] != "ok" || a["data"].(map[string]any)["text/plain"] != "7" {
		t.Errorf("a = %v", a)
	}
	if b["status"] != "error" || b["ename"] != "CompileError" {
		t.Errorf("b = %v", b)
	}
	if cc["status"] != "ok" || len(cc["data"].(map[string]any)) != 0 {
		t.Errorf("c = %v", cc)
	}
	if slices.Contains(io, "error:CompileError") {
		t.Errorf("a failing user expression published an error: %q", io)
	}
	// After a failed cell, user expressions are not evaluated.
	reply, _ = c.execute("fail", map[string]any{"user_expressions": map[string]string{"a": "value 7"}})
	if _, ok := reply["user_expressions"]; ok && len(reply["user_expressions"].(map[string]any)) != 0 {
		t.Errorf("evaluated after error: %v", reply)
	}
}

func TestExecuteInputHasExactCode(t *testing.T) {
	c := newClient(t, Config{})
	code := "  print a  \n\n\tvalue ü\r\n"
	h := c.send(Shell, "execute_request", map[string]any{"code": code})
	c.recv(Shell)
	for _, m := range c.iopubUntilIdle(h) {
		if m.Header.MsgType == "execute_input" && contentOf(m)["code"] != code {
			t.Errorf("execute_input code %q", contentOf(m)["code"])
		}
	}
}

func TestDisplayUpdateAndClear(t *testing.T) {
	c := newClient(t, Config{})
	h := c.send(Shell, "execute_request", map[string]any{"code": "show@d1 first\nclear\nupdate@d1 second"})
	c.recv(Shell)
	ms := c.iopubUntilIdle(h)
	var types []string
	for _, m := range ms {
		types = append(types, m.Header.MsgType)
		cont := contentOf(m)
		switch m.Header.MsgType {
		case "display_data", "update_display_data":
			if cont["transient"].(map[string]any)["display_id"] != "d1" {
				t.Errorf("%s transient %v", m.Header.MsgType, cont["transient"])
			}
			if _, ok := cont["metadata"].(map[string]any); !ok {
				t.Errorf("%s without metadata object", m.Header.MsgType)
			}
		case "clear_output":
			if cont["wait"] != true {
				t.Errorf("clear_output %v", cont)
			}
		}
	}
	want := []string{"status", "execute_input", "display_data", "clear_output", "update_display_data", "status"}
	if !slices.Equal(types, want) {
		t.Errorf("types %v", types)
	}
}

func TestStreamsArriveWhileRunning(t *testing.T) {
	c := newClient(t, Config{})
	h := c.send(Shell, "execute_request", map[string]any{"code": "slowprint 4"})
	var stamps []time.Time
	var lines []string
	for {
		m := c.recvIOPub()
		if m.Header.MsgType == "stream" {
			stamps = append(stamps, time.Now())
			lines = append(lines, contentOf(m)["text"].(string))
		}
		if m.Header.MsgType == "status" && contentOf(m)["execution_state"] == "idle" && m.Parent.MsgID == h.MsgID {
			break
		}
	}
	c.recv(Shell)
	if len(lines) != 4 {
		t.Fatalf("got %d stream messages %q, want one per line", len(lines), lines)
	}
	if d := stamps[3].Sub(stamps[0]); d < 60*time.Millisecond {
		t.Errorf("stream messages not spread in time: %v", d)
	}
}

func TestEnginePanicBecomesErrorReply(t *testing.T) {
	c := newClient(t, Config{})
	reply, io := c.execute("panic", nil)
	if reply["status"] != "error" || reply["ename"] != "InternalError" {
		t.Errorf("reply %v", reply)
	}
	if !slices.Equal(io, []string{"status:busy", "execute_input", "error:InternalError", "status:idle"}) {
		t.Errorf("iopub %q", io)
	}
	if reply, _ := c.execute("value ok", nil); reply["status"] != "ok" {
		t.Errorf("kernel unusable after panic: %v", reply)
	}
}

func TestHandlerPanicBecomesErrorReply(t *testing.T) {
	handlers["test_panic_request"] = func(*Kernel, *request) (any, error) { panic("boom") }
	defer delete(handlers, "test_panic_request")
	c := newClient(t, Config{})
	h := c.send(Shell, "test_panic_request", map[string]any{})
	r := c.recv(Shell)
	if r.Header.MsgType != "test_panic_reply" || contentOf(r)["status"] != "error" || contentOf(r)["ename"] != "InternalError" {
		t.Errorf("reply %s %v", r.Header.MsgType, contentOf(r))
	}
	if s := summary(c.iopubUntilIdle(h)); !slices.Equal(s, []string{"status:busy", "status:idle"}) {
		t.Errorf("iopub %v", s)
	}
}

func TestStopOnErrorAbortsQueued(t *testing.T) {
	c := newClient(t, Config{})
	// Queue three cells at once: the first fails, the other two are aborted unrun.
	h1 := c.send(Shell, "execute_request", map[string]any{"code": "block\nfail"})
	h2 := c.send(Shell, "execute_request", map[string]any{"code": "print second"})
	h3 := c.send(Shell, "execute_request", map[string]any{"code": "print third"})
	time.Sleep(50 * time.Millisecond)
	c.send(Control, "interrupt_request", map[string]any{})
	if r := c.recv(Control); r.Header.MsgType != "interrupt_reply" {
		t.Fatalf("got %s", r.Header.MsgType)
	}
	for i, h := range []Header{h1, h2, h3} {
		r := c.recv(Shell)
		if r.Parent.MsgID != h.MsgID {
			t.Fatalf("reply %d for the wrong request", i)
		}
		want := []string{"error", "aborted", "aborted"}[i]
		if got := contentOf(r)["status"]; got != want {
			t.Errorf("request %d: status %v, want %s", i, got, want)
		}
	}
	if ran := c.eng.executed(); len(ran) != 1 {
		t.Errorf("executed %q, want only the first cell", ran)
	}
	// Requests sent after the error reply run normally.
	if reply, _ := c.execute("value 1", nil); reply["status"] != "ok" {
		t.Errorf("after abort: %v", reply)
	}
	// stop_on_error false: nothing is aborted.
	c.send(Shell, "execute_request", map[string]any{"code": "fail", "stop_on_error": false})
	c.send(Shell, "execute_request", map[string]any{"code": "value 2"})
	if s := contentOf(c.recv(Shell))["status"]; s != "error" {
		t.Errorf("status %v", s)
	}
	if s := contentOf(c.recv(Shell))["status"]; s != "ok" {
		t.Errorf("after stop_on_error false: %v", s)
	}
}

func TestInterruptKeepsKernel(t *testing.T) {
	c := newClient(t, Config{})
	h := c.send(Shell, "execute_request", map[string]any{"code": "block"})
	time.Sleep(20 * time.Millisecond)
	start := time.Now()
	c.send(Control, "interrupt_request", map[string]any{})
	c.recv(Control)
	r := c.recv(Shell)
	if d := time.Since(start); d > 500*time.Millisecond {
		t.Errorf("interrupt took %v", d)
	}
	if got := contentOf(r); got["status"] != "error" || got["ename"] != "Interrupted" || r.Parent.MsgID != h.MsgID {
		t.Errorf("reply %v", got)
	}
}

func TestBadMessagesNeverExecute(t *testing.T) {
	c := newClient(t, Config{})
	// Wrong key: dropped without any reply.
	bad := &Message{Identities: [][]byte{[]byte("x")}, Header: NewHeader("execute_request", "s"), Content: json.RawMessage(`{"code":"print pwned"}`)}
	frames, _ := Encode(bad, NewSigner([]byte("wrong")))
	c.mem.ClientSend(Shell, frames)
	// Missing frames, no delimiter, garbage.
	c.mem.ClientSend(Shell, frames[:4])
	c.mem.ClientSend(Shell, [][]byte{[]byte("garbage")})
	c.mem.ClientSend(Shell, nil)
	// Signed, but invalid JSON content and wrong field types: error replies.
	hdr, _ := json.Marshal(NewHeader("execute_request", "s"))
	c.mem.ClientSend(Shell, sign(c.s, string(hdr), "{}", "{}", `{"code": "print x`))
	if r := contentOf(c.recv(Shell)); r["status"] != "error" || r["ename"] != "BadRequest" {
		t.Errorf("invalid JSON: %v", r)
	}
	c.send(Shell, "execute_request", map[string]any{"code": 42})
	if r := contentOf(c.recv(Shell)); r["status"] != "error" {
		t.Errorf("wrong type: %v", r)
	}
	c.send(Shell, "execute_request", map[string]any{"silent": true})
	if r := contentOf(c.recv(Shell)); r["status"] != "error" {
		t.Errorf("missing code: %v", r)
	}
	c.send(Shell, "complete_request", map[string]any{"code": []int{1}})
	if r := contentOf(c.recv(Shell)); r["status"] != "error" {
		t.Errorf("complete wrong type: %v", r)
	}
	// Unknown type and execute on control: dropped. Then the kernel still answers.
	c.send(Shell, "bogus_request", map[string]any{})
	c.send(Control, "execute_request", map[string]any{"code": "print control"})
	c.send(Shell, "kernel_info_request", map[string]any{})
	if r := c.recv(Shell); r.Header.MsgType != "kernel_info_reply" {
		t.Errorf("got %s", r.Header.MsgType)
	}
	if ran := c.eng.executed(); len(ran) != 0 {
		t.Errorf("executed %q", ran)
	}
}

func TestStdin(t *testing.T) {
	c := newClient(t, Config{})
	// allow_stdin false: the read fails at once.
	reply, _ := c.execute("input", nil)
	if reply["status"] != "error" || !strings.Contains(reply["evalue"].(string), "stdin is not available") {
		t.Errorf("no stdin: %v", reply)
	}
	// allow_stdin true: input_request on stdin, answered with input_reply.
	h := c.send(Shell, "execute_request", map[string]any{"code": "input password", "allow_stdin": true})
	req := c.recv(Stdin)
	if req.Header.MsgType != "input_request" || req.Parent.MsgID != h.MsgID || string(req.Identities[0]) != "client" {
		t.Fatalf("got %s %+v", req.Header.MsgType, req.Parent)
	}
	if got := contentOf(req); got["prompt"] != "name? " || got["password"] != true {
		t.Errorf("input_request %v", got)
	}
	ir := &Message{Identities: [][]byte{[]byte("client")}, Header: NewHeader("input_reply", "client-session"), Parent: &req.Header,
		Content: json.RawMessage(`{"value":"Ada"}`)}
	frames, _ := Encode(ir, c.s)
	c.mem.ClientSend(Stdin, frames)
	if r := contentOf(c.recv(Shell)); r["status"] != "ok" {
		t.Errorf("reply %v", r)
	}
	io := summary(c.iopubUntilIdle(h))
	if !slices.Contains(io, "stream:stdout:got Ada\n") {
		t.Errorf("iopub %q", io)
	}
}

func TestEditorQueries(t *testing.T) {
	c := newClient(t, Config{})
	c.send(Shell, "complete_request", map[string]any{"code": "fmt.Print", "cursor_pos": 9})
	r := contentOf(c.recv(Shell))
	if r["cursor_start"] != 4.0 || r["cursor_end"] != 9.0 || len(r["matches"].([]any)) != 2 || r["metadata"] == nil {
		t.Errorf("complete %v", r)
	}
	c.send(Shell, "inspect_request", map[string]any{"code": "fmt.Println", "cursor_pos": 5, "detail_level": 1})
	r = contentOf(c.recv(Shell))
	if r["found"] != true || r["data"].(map[string]any)["text/plain"] != "func Println (detail 1)" || r["metadata"] == nil {
		t.Errorf("inspect %v", r)
	}
	c.send(Shell, "inspect_request", map[string]any{"code": "x", "cursor_pos": 1})
	if r = contentOf(c.recv(Shell)); r["found"] != false {
		t.Errorf("inspect not found %v", r)
	}
	c.send(Shell, "is_complete_request", map[string]any{"code": "for {"})
	if r = contentOf(c.recv(Shell)); r["status"] != "incomplete" || r["indent"] != "\t" {
		t.Errorf("is_complete %v", r)
	}
	c.send(Shell, "is_complete_request", map[string]any{"code": "x := 1"})
	if r = contentOf(c.recv(Shell)); r["status"] != "complete" {
		t.Errorf("is_complete %v", r)
	}
}

func TestHistoryAcrossRestarts(t *testing.T) {
	file := filepath.Join(t.TempDir(), "h", "history.jsonl")
	c := newClient(t, Config{HistoryFile: file})
	c.execute("print a1", nil)
	c.execute("value b2", nil)
	c.execute("print a1", nil)
	c.execute("value hidden", map[string]any{"store_history": false})
	c.k.Close()

	c2 := newClient(t, Config{HistoryFile: file})
	c2.execute("print c3", nil)
	hist := func(content map[string]any) [][]any {
		c2.send(Shell, "history_request", content)
		r := contentOf(c2.recv(Shell))
		if r["status"] != "ok" {
			t.Fatalf("history %v", r)
		}
		var out [][]any
		for _, e := range r["history"].([]any) {
			out = append(out, e.([]any))
		}
		return out
	}
	tail := hist(map[string]any{"hist_access_type": "tail", "n": 10, "output": false, "raw": true})
	if len(tail) != 4 || tail[0][0] != 1.0 || tail[0][2] != "print a1" || tail[3][0] != 2.0 || tail[3][1] != 1.0 {
		t.Errorf("tail %v", tail)
	}
	if got := hist(map[string]any{"hist_access_type": "tail", "n": 1}); len(got) != 1 || got[0][2] != "print c3" {
		t.Errorf("tail 1 %v", got)
	}
	if got := hist(map[string]any{"hist_access_type": "range", "session": -1, "start": 2, "stop": 4}); len(got) != 2 || got[0][2] != "value b2" {
		t.Errorf("range previous session %v", got)
	}
	if got := hist(map[string]any{"hist_access_type": "range", "session": 0, "start": 1, "stop": 0}); len(got) != 1 || got[0][2] != "print c3" {
		t.Errorf("range current session %v", got)
	}
	if got := hist(map[string]any{"hist_access_type": "search", "pattern": "print*", "n": 10}); len(got) != 3 {
		t.Errorf("search %v", got)
	}
	if got := hist(map[string]any{"hist_access_type": "search", "pattern": "print*", "unique": true}); len(got) != 2 {
		t.Errorf("search unique %v", got)
	}
	if got := hist(map[string]any{"hist_access_type": "search", "pattern": "?alue [a-c]?", "output": true}); len(got) != 1 || got[0][2].([]any)[0] != "value b2" {
		t.Errorf("search class %v", got)
	}
}

// echoComm answers every comm_msg with the same data.
type echoComm struct{ closed chan struct{} }

func (e echoComm) Message(c *Comm, data json.RawMessage) { c.Send(json.RawMessage(data)) }
func (e echoComm) Close(c *Comm, data json.RawMessage)   { close(e.closed) }

func TestComms(t *testing.T) {
	c := newClient(t, Config{})
	closed := make(chan struct{})
	c.k.RegisterCommTarget("echo", func(*Comm, json.RawMessage) (CommHandler, error) { return echoComm{closed}, nil })

	h := c.send(Shell, "comm_open", map[string]any{"comm_id": "c1", "target_name": "echo", "data": map[string]any{}})
	if s := summary(c.iopubUntilIdle(h)); !slices.Equal(s, []string{"status:busy", "status:idle"}) {
		t.Errorf("comm_open iopub %v", s)
	}
	c.send(Shell, "comm_info_request", map[string]any{"target_name": "echo"})
	if r := contentOf(c.recv(Shell)); r["comms"].(map[string]any)["c1"] == nil {
		t.Errorf("comm_info %v", r)
	}
	h = c.send(Shell, "comm_msg", map[string]any{"comm_id": "c1", "data": map[string]any{"x": 1}})
	ms := c.iopubUntilIdle(h)
	if len(ms) != 3 || ms[1].Header.MsgType != "comm_msg" || string(mustJSON(contentOf(ms[1])["data"])) != `{"x":1}` {
		t.Errorf("echo %v", summary(ms))
	}
	c.send(Shell, "comm_close", map[string]any{"comm_id": "c1", "data": map[string]any{}})
	select {
	case <-closed:
	case <-time.After(2 * time.Second):
		t.Error("handler not closed")
	}
	// Unknown target: the kernel closes the comm.
	h = c.send(Shell, "comm_open", map[string]any{"comm_id": "c2", "target_name": "nope", "data": map[string]any{}})
	ms = c.iopubUntilIdle(h)
	if len(ms) != 3 || ms[1].Header.MsgType != "comm_close" || contentOf(ms[1])["comm_id"] != "c2" {
		t.Errorf("unknown target %v", summary(ms))
	}
	c.send(Shell, "comm_info_request", map[string]any{})
	if r := contentOf(c.recv(Shell)); len(r["comms"].(map[string]any)) != 0 {
		t.Errorf("comms left open %v", r)
	}
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

func TestShutdown(t *testing.T) {
	for _, ch := range []Channel{Control, Shell} {
		c := newClient(t, Config{})
		h := c.send(ch, "shutdown_request", map[string]any{"restart": true})
		r := c.recv(ch)
		if got := contentOf(r); r.Header.MsgType != "shutdown_reply" || got["restart"] != true || got["status"] != "ok" {
			t.Errorf("%s: %s %v", ch, r.Header.MsgType, got)
		}
		c.iopubUntilIdle(h)
		select {
		case <-c.k.Done():
		case <-time.After(2 * time.Second):
			t.Fatalf("%s: kernel did not stop", ch)
		}
		if !c.k.Restart() {
			t.Errorf("%s: restart flag lost", ch)
		}
	}
}

func TestOutputLimit(t *testing.T) {
	c := newClient(t, Config{OutputLimit: 64})
	code := strings.Repeat("print 0123456789\n", 20)
	_, io := c.execute(code, nil)
	var text string
	for _, s := range io {
		if strings.HasPrefix(s, "stream:") {
			text += s
		}
	}
	if !strings.Contains(text, "output truncated") || strings.Count(text, "0123456789") > 6 {
		t.Errorf("streams %q", io)
	}
	// The next cell has a fresh budget.
	if _, io := c.execute("print again", nil); !slices.Contains(io, "stream:stdout:again\n") {
		t.Errorf("after truncation %q", io)
	}
}

func TestIncompleteTail(t *testing.T) {
	cases := map[string]int{"": 0, "abc": 0, "aü": 0, "a\xc3": 1, "a\xe2\x82": 2, "a\xe2\x82\xac": 0, "\xf0\x9f\x98": 3}
	for s, want := range cases {
		if got := incompleteTail([]byte(s)); got != want {
			t.Errorf("incompleteTail(%q) = %d, want %d", s, got, want)
		}
	}
}

var _ = errors.New
