package kernel

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"github.com/hessnote/hessnote/interp"
)

// clampCursor returns cursor as a code-point offset within code; a missing (negative)
// cursor means the end of the code.
func clampCursor(code string, cursor *int) int {
	n := utf8.RuneCountInString(code)
	if cursor == nil || *cursor < 0 || *cursor > n {
		return n
	}
	return *cursor
}

func (k *Kernel) complete(r *request) (any, error) {
	var req struct {
		Code      *string `json:"code"`
		CursorPos *int    `json:"cursor_pos"`
	}
	if err := json.Unmarshal(r.msg.Content, &req); err != nil {
		return nil, fmt.Errorf("complete_request: %w", err)
	}
	if req.Code == nil {
		return nil, fmt.Errorf("complete_request: missing code")
	}
	cur := clampCursor(*req.Code, req.CursorPos)
	var matches []string
	var start, end int
	var items []interp.Completion
	c, typed := k.eng.(describer)
	if typed {
		items, start, end = c.Completions(*req.Code, cur)
		for _, it := range items {
			matches = append(matches, it.Text)
		}
	} else {
		matches, start, end = k.eng.Complete(*req.Code, cur)
	}
	if matches == nil {
		matches = []string{}
	}
	if start < 0 || start > end {
		start, end = cur, cur
	}
	md := map[string]any{}
	if typed {
		// The kinds and signatures, as ipykernel sends them for JupyterLab.
		types := []map[string]any{}
		for _, it := range items {
			types = append(types, map[string]any{"start": start, "end": end, "text": it.Text, "type": it.Type, "signature": it.Signature})
		}
		md["_jupyter_types_experimental"] = types
	}
	return map[string]any{
		"status":       "ok",
		"matches":      matches,
		"cursor_start": start,
		"cursor_end":   end,
		"metadata":     md,
	}, nil
}

// describer is an Engine that also gives the kind and signature of each completion.
type describer interface {
	Completions(code string, cursor int) (items []interp.Completion, start, end int)
}

func (k *Kernel) inspect(r *request) (any, error) {
	var req struct {
		Code        *string `json:"code"`
		CursorPos   *int    `json:"cursor_pos"`
		DetailLevel int     `json:"detail_level"`
	}
	if err := json.Unmarshal(r.msg.Content, &req); err != nil {
		return nil, fmt.Errorf("inspect_request: %w", err)
	}
	if req.Code == nil {
		return nil, fmt.Errorf("inspect_request: missing code")
	}
	b, found := k.eng.Inspect(*req.Code, clampCursor(*req.Code, req.CursorPos), req.DetailLevel)
	d, md := data(&b), metadata(&b)
	if !found {
		d, md = map[string]any{}, map[string]any{}
	}
	return map[string]any{"status": "ok", "found": found, "data": d, "metadata": md}, nil
}

func (k *Kernel) isComplete(r *request) (any, error) {
	var req struct {
		Code *string `json:"code"`
	}
	if err := json.Unmarshal(r.msg.Content, &req); err != nil {
		return nil, fmt.Errorf("is_complete_request: %w", err)
	}
	if req.Code == nil {
		return nil, fmt.Errorf("is_complete_request: missing code")
	}
	status, indent := k.eng.IsComplete(*req.Code)
	switch status {
	case "complete", "incomplete", "invalid", "unknown":
	default:
		status = "unknown"
	}
	reply := map[string]any{"status": status}
	if status == "incomplete" {
		reply["indent"] = indent
	}
	return reply, nil
}
