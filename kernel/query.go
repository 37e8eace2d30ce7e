package kernel

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"
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
	matches, start, end := k.eng.Complete(*req.Code, cur)
	if matches == nil {
		matches = []string{}
	}
	if start < 0 || start > end {
		start, end = cur, cur
	}
	return map[string]any{
		"status":       "ok",
		"matches":      matches,
		"cursor_start": start,
		"cursor_end":   end,
		"metadata":     map[string]any{},
	}, nil
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
