package kernel

import (
	"encoding/json"
	"errors"
	"fmt"
	"sync"
)

// CommHandler receives the messages of one open comm.
type CommHandler interface {
	// Message is called with the data of each comm_msg from the frontend.
	Message(c *Comm, data json.RawMessage)
	// Close is called when the frontend closes the comm.
	Close(c *Comm, data json.RawMessage)
}

// CommTarget accepts a comm the frontend opens with its target name; an error refuses
// it, and the kernel answers with comm_close.
type CommTarget func(c *Comm, data json.RawMessage) (CommHandler, error)

// Comm is one open comm between the kernel and a frontend (messaging.rst, "Custom
// Messages").
type Comm struct {
	ID     string
	Target string
	k      *Kernel
	mu     sync.Mutex
	parent Header // the last message from the frontend on this comm
}

// Send publishes a comm_msg with data to the frontend. It is safe to call from any
// goroutine.
func (c *Comm) Send(data any) {
	p := c.lastParent()
	c.k.publish(&p, "comm_msg", map[string]any{"comm_id": c.ID, "data": orEmpty(data)})
}

// Close publishes comm_close and forgets the comm.
func (c *Comm) Close(data any) {
	c.k.comms.remove(c.ID)
	p := c.lastParent()
	c.k.publish(&p, "comm_close", map[string]any{"comm_id": c.ID, "data": orEmpty(data)})
}

func (c *Comm) lastParent() Header {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.parent
}

func (c *Comm) setParent(h Header) {
	c.mu.Lock()
	c.parent = h
	c.mu.Unlock()
}

func orEmpty(data any) any {
	if data == nil {
		return map[string]any{}
	}
	return data
}

type openComm struct {
	comm    *Comm
	handler CommHandler
}

// comms is the target registry and the table of open comms.
type comms struct {
	mu      sync.Mutex
	targets map[string]CommTarget
	open    map[string]openComm
}

func newComms() *comms {
	return &comms{targets: map[string]CommTarget{}, open: map[string]openComm{}}
}

func (cs *comms) remove(id string) {
	cs.mu.Lock()
	delete(cs.open, id)
	cs.mu.Unlock()
}

// RegisterCommTarget makes comms opened by the frontend with target name reach t; a nil
// t removes the target.
func (k *Kernel) RegisterCommTarget(name string, t CommTarget) {
	k.comms.mu.Lock()
	defer k.comms.mu.Unlock()
	if t == nil {
		delete(k.comms.targets, name)
		return
	}
	k.comms.targets[name] = t
}

type commContent struct {
	CommID     *string         `json:"comm_id"`
	TargetName string          `json:"target_name"`
	Data       json.RawMessage `json:"data"`
}

func decodeComm(r *request) (commContent, error) {
	var c commContent
	if err := json.Unmarshal(r.msg.Content, &c); err != nil {
		return c, fmt.Errorf("%s: %w", r.msg.Header.MsgType, err)
	}
	if c.CommID == nil || *c.CommID == "" {
		return c, fmt.Errorf("%s: missing comm_id", r.msg.Header.MsgType)
	}
	return c, nil
}

func (k *Kernel) commOpen(r *request) (any, error) {
	c, err := decodeComm(r)
	if err != nil {
		return nil, err
	}
	comm := &Comm{ID: *c.CommID, Target: c.TargetName, k: k, parent: r.msg.Header}
	k.comms.mu.Lock()
	t := k.comms.targets[c.TargetName]
	k.comms.mu.Unlock()
	var h CommHandler
	if t == nil {
		err = fmt.Errorf("no comm target %q", c.TargetName)
	} else {
		h, err = t(comm, c.Data)
		if err == nil && h == nil {
			err = errors.New("target returned no handler")
		}
	}
	if err != nil {
		k.log.Printf("comm_open %s: %v", comm.ID, err)
		comm.Close(nil)
		return nil, nil
	}
	k.comms.mu.Lock()
	k.comms.open[comm.ID] = openComm{comm, h}
	k.comms.mu.Unlock()
	return nil, nil
}

func (k *Kernel) lookupComm(r *request) (openComm, commContent, bool, error) {
	c, err := decodeComm(r)
	if err != nil {
		return openComm{}, c, false, err
	}
	k.comms.mu.Lock()
	oc, ok := k.comms.open[*c.CommID]
	k.comms.mu.Unlock()
	if !ok {
		k.log.Printf("%s: unknown comm %s", r.msg.Header.MsgType, *c.CommID)
	}
	return oc, c, ok, nil
}

func (k *Kernel) commMsg(r *request) (any, error) {
	oc, c, ok, err := k.lookupComm(r)
	if ok {
		oc.comm.setParent(r.msg.Header)
		oc.handler.Message(oc.comm, c.Data)
	}
	return nil, err
}

func (k *Kernel) commClose(r *request) (any, error) {
	oc, c, ok, err := k.lookupComm(r)
	if ok {
		k.comms.remove(oc.comm.ID)
		oc.handler.Close(oc.comm, c.Data)
	}
	return nil, err
}

func (k *Kernel) commInfo(r *request) (any, error) {
	var req struct {
		TargetName string `json:"target_name"`
	}
	if err := json.Unmarshal(r.msg.Content, &req); err != nil {
		return nil, fmt.Errorf("comm_info_request: %w", err)
	}
	k.comms.mu.Lock()
	defer k.comms.mu.Unlock()
	out := map[string]any{}
	for id, oc := range k.comms.open {
		if req.TargetName == "" || req.TargetName == oc.comm.Target {
			out[id] = map[string]string{"target_name": oc.comm.Target}
		}
	}
	return map[string]any{"status": "ok", "comms": out}, nil
}
