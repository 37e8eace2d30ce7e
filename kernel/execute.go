package kernel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/hessnote/hessnote/display"
	"github.com/hessnote/hessnote/interp"
)

// executeRequest is the content of execute_request. Pointers tell absent fields (which
// take the spec's defaults) from false.
type executeRequest struct {
	Code            *string           `json:"code"`
	Silent          bool              `json:"silent"`
	StoreHistory    *bool             `json:"store_history"`
	UserExpressions map[string]string `json:"user_expressions"`
	AllowStdin      *bool             `json:"allow_stdin"`
	StopOnError     *bool             `json:"stop_on_error"`
}

func orDefault(b *bool, def bool) bool {
	if b == nil {
		return def
	}
	return *b
}

// execute runs a cell: execute_input, streams and displays while it runs, then
// execute_result or error, and the execute_reply content. The execution count grows only
// for stored, non-silent executions; silent ones publish no execute_input or result.
func (k *Kernel) execute(r *request) (any, error) {
	var req executeRequest
	if err := json.Unmarshal(r.msg.Content, &req); err != nil {
		return nil, fmt.Errorf("execute_request: %w", err)
	}
	if req.Code == nil {
		return nil, errors.New("execute_request: missing code")
	}
	code := *req.Code
	store := orDefault(req.StoreHistory, true) && !req.Silent
	if store {
		k.count++
	}
	count := k.count
	parent := r.msg.Header
	if !req.Silent {
		k.publish(&parent, "execute_input", map[string]any{"code": code, "execution_count": count})
	}
	if store {
		if err := k.hist.Add(count, code); err != nil {
			k.log.Printf("history: %v", err)
		}
	}

	ctx, cancel := context.WithCancel(interp.WithCellNumber(context.Background(), count))
	k.mu.Lock()
	k.parent = &parent
	k.running = &running{msg: r.msg, allowStdin: orDefault(req.AllowStdin, true), ctx: ctx, cancel: cancel}
	k.mu.Unlock()
	k.out.reset()
	out, err := k.run(ctx, code)
	k.mu.Lock()
	k.running = nil
	k.mu.Unlock()
	cancel()
	k.out.flush(true)

	if err != nil {
		ename, evalue, tb := describe(err)
		k.publish(&parent, "error", map[string]any{"ename": ename, "evalue": evalue, "traceback": tb})
		reply := errorContent(ename, evalue, tb)
		reply["execution_count"] = count
		if orDefault(req.StopOnError, true) && !req.Silent {
			k.abortTo.Store(k.seq.Load())
		}
		return reply, nil
	}
	if out.Value != nil && !req.Silent {
		k.publish(&parent, "execute_result", map[string]any{
			"execution_count": count,
			"data":            data(out.Value),
			"metadata":        metadata(out.Value),
		})
	}
	userExpr := map[string]any{}
	for name, expr := range req.UserExpressions {
		userExpr[name] = k.userExpression(expr)
	}
	payload := []any{}
	if out.Page != nil {
		payload = append(payload, map[string]any{"source": "page", "data": data(out.Page), "start": 0})
	}
	return map[string]any{
		"status":           "ok",
		"execution_count":  count,
		"payload":          payload,
		"user_expressions": userExpr,
	}, nil
}

// userExpression evaluates one of a request's user_expressions after the cell succeeded
// (as ipykernel does) and returns its result: a MIME bundle with status "ok" or an
// error structure.
// An interrupt stops it like a cell.
func (k *Kernel) userExpression(expr string) map[string]any {
	ctx, cancel := context.WithCancel(context.Background())
	k.mu.Lock()
	k.running = &running{ctx: ctx, cancel: cancel}
	k.mu.Unlock()
	defer func() {
		k.mu.Lock()
		k.running = nil
		k.mu.Unlock()
		cancel()
	}()
	out, err := k.run(ctx, expr)
	if err != nil {
		ename, evalue, tb := describe(err)
		return errorContent(ename, evalue, tb)
	}
	if out.Value == nil {
		return map[string]any{"status": "ok", "data": map[string]any{}, "metadata": map[string]any{}}
	}
	return map[string]any{"status": "ok", "data": data(out.Value), "metadata": metadata(out.Value)}
}

// run calls the engine, turning a panic that escapes it into an error.
func (k *Kernel) run(ctx context.Context, code string) (out interp.Outcome, err error) {
	defer func() {
		if v := recover(); v != nil {
			k.log.Printf("engine panicked: %v", v)
			err = &interp.Error{Name: "InternalError", Value: fmt.Sprint(v), Traceback: []string{fmt.Sprintf("engine panic: %v", v)}}
		}
	}()
	return k.eng.Execute(ctx, code)
}

// describe returns ename, evalue and traceback for a failed cell.
func describe(err error) (string, string, []string) {
	var ie *interp.Error
	if errors.As(err, &ie) {
		tb := ie.Traceback
		if tb == nil {
			tb = []string{}
		}
		return ie.Name, ie.Value, tb
	}
	return "Error", err.Error(), []string{err.Error()}
}

func data(b *display.Bundle) map[string]any {
	if b.Data == nil {
		return map[string]any{}
	}
	return b.Data
}

func metadata(b *display.Bundle) map[string]any {
	if b.Metadata == nil {
		return map[string]any{}
	}
	return b.Metadata
}

// kernelSink is the display.Sink the engine gets: it publishes to the running request
// (or, for background goroutines, the last one), after the stream bytes written before.
type kernelSink struct{ k *Kernel }

// Display implements display.Sink.
func (s kernelSink) Display(b display.Bundle, id string, update bool) {
	k := s.k
	k.out.flush(true)
	t := "display_data"
	if update && id != "" {
		t = "update_display_data"
	}
	transient := map[string]any{}
	if id != "" {
		transient["display_id"] = id
	}
	k.publish(k.currentParent(), t, map[string]any{"data": data(&b), "metadata": metadata(&b), "transient": transient})
}

// Clear implements display.Sink.
func (s kernelSink) Clear(wait bool) {
	k := s.k
	k.out.flush(true)
	k.publish(k.currentParent(), "clear_output", map[string]any{"wait": wait})
}

func (k *Kernel) currentParent() *Header {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.parent
}

func (k *Kernel) publishStream(name, text string) {
	k.publish(k.currentParent(), "stream", map[string]any{"name": name, "text": text})
}

// ErrNoStdin is the error a cell's read of standard input gets when the frontend did not
// allow stdin for the request (allow_stdin false) or no request is running.
var ErrNoStdin = errors.New("stdin is not available: the frontend did not allow input for this request")

// ErrInputInterrupted is returned by Input when the cell is interrupted while waiting.
var ErrInputInterrupted = errors.New("input interrupted")

// input sends input_request on stdin to the client of the running request and waits for
// its input_reply.
func (k *Kernel) input(prompt string, password bool) (string, error) {
	k.mu.Lock()
	r := k.running
	k.mu.Unlock()
	if r == nil || !r.allowStdin {
		return "", ErrNoStdin
	}
	for len(k.stdinCh) > 0 { // drop stale replies
		<-k.stdinCh
	}
	parent := r.msg.Header
	k.out.flush(true)
	k.send(Stdin, r.msg.Identities, "input_request", &parent, map[string]any{"prompt": prompt, "password": password})
	select {
	case m := <-k.stdinCh:
		var c struct {
			Value string `json:"value"`
		}
		if err := json.Unmarshal(m.Content, &c); err != nil {
			return "", fmt.Errorf("input_reply: %w", err)
		}
		return c.Value, nil
	case <-r.ctx.Done():
		return "", ErrInputInterrupted
	case <-k.done:
		return "", ErrInputInterrupted
	}
}
