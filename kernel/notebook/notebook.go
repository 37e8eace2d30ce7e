// Package notebook runs Jupyter notebooks (nbformat 4) in-process, through the same
// interp.Session and display code the kernel uses, and checks that a notebook's stored
// outputs are what its code produces. It backs `hessnote run`.
//
// Outputs are built as nbclient builds them: consecutive stream output of one name is
// merged, update_display_data replaces every earlier output carrying the same display_id,
// clear_output(wait=true) clears when the next output arrives.
package notebook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/hessnote/hessnote/display"
	"github.com/hessnote/hessnote/interp"
)

// Notebook is a parsed .ipynb document. Fields the runner does not touch are kept as
// they were read.
type Notebook struct {
	raw   map[string]any
	cells []map[string]any
}

// Read parses an nbformat 4 notebook.
func Read(data []byte) (*Notebook, error) {
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("notebook: not JSON: %w", err)
	}
	if v, _ := raw["nbformat"].(float64); v != 4 {
		return nil, fmt.Errorf("notebook: nbformat %v is not supported (want 4)", raw["nbformat"])
	}
	list, ok := raw["cells"].([]any)
	if !ok {
		return nil, errors.New("notebook: no cells list")
	}
	nb := &Notebook{raw: raw}
	for i, c := range list {
		m, ok := c.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("notebook: cell %d is not an object", i)
		}
		nb.cells = append(nb.cells, m)
	}
	return nb, nil
}

// ReadFile reads and parses the notebook at path.
func ReadFile(path string) (*Notebook, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	nb, err := Read(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return nb, nil
}

// Marshal encodes the notebook as nbformat 4.5 the way Jupyter writes it: keys sorted,
// one-space indentation, no HTML escaping, a final newline. Cells without an id get a
// stable one derived from their position.
func (nb *Notebook) Marshal() ([]byte, error) {
	nb.raw["nbformat"] = 4
	if minor, _ := nb.raw["nbformat_minor"].(float64); minor < 5 {
		nb.raw["nbformat_minor"] = 5
	}
	cells := make([]any, len(nb.cells))
	for i, c := range nb.cells {
		if id, _ := c["id"].(string); id == "" {
			c["id"] = fmt.Sprintf("cell-%03d", i)
		}
		cells[i] = c
	}
	nb.raw["cells"] = cells
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(nb.raw); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// source returns a cell's source as one string (nbformat allows a string or a list).
func source(c map[string]any) string {
	switch s := c["source"].(type) {
	case string:
		return s
	case []any:
		var b strings.Builder
		for _, line := range s {
			if t, ok := line.(string); ok {
				b.WriteString(t)
			}
		}
		return b.String()
	}
	return ""
}

// tags returns a cell's metadata tags.
func tags(c map[string]any) []string {
	md, _ := c["metadata"].(map[string]any)
	list, _ := md["tags"].([]any)
	var out []string
	for _, t := range list {
		if s, ok := t.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func hasTag(c map[string]any, tag string) bool {
	for _, t := range tags(c) {
		if t == tag {
			return true
		}
	}
	return false
}

// CellError is a code cell that ended with an error output.
type CellError struct {
	// Cell is the index of the cell in the notebook, counting every cell from 0.
	Cell int
	// Name and Value are the error's ename and evalue.
	Name, Value string
}

// Run executes every code cell in order in a fresh session and replaces the stored
// outputs and execution counts with the fresh ones. Displays are headless: a live monitor
// stores only its final frame. Run changes into dir (the notebook's folder) while it runs.
// As with nbclient, the run stops at the first cell that ends in an error, unless the
// cell is tagged "raises-exception"; the cells after it keep what they stored.
func (nb *Notebook) Run(ctx context.Context, dir string) ([]CellError, error) {
	if dir != "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, err
		}
		if err := os.Chdir(dir); err != nil {
			return nil, err
		}
		defer os.Chdir(wd)
	}
	rec := &recorder{}
	wasLive := display.Live()
	display.SetLive(false)
	defer display.SetLive(wasLive)
	sess, err := interp.New(interp.Options{
		Stdout: streamWriter{rec, "stdout"},
		Stderr: streamWriter{rec, "stderr"},
		Sink:   rec,
		Input: func(prompt string, password bool) (string, error) {
			return "", errors.New("standard input is not available when a notebook runs headless")
		},
	})
	if err != nil {
		return nil, err
	}
	defer sess.Close()
	var cellErrs []CellError
	count := 0
	for i, c := range nb.cells {
		if c["cell_type"] != "code" {
			continue
		}
		code := source(c)
		if strings.TrimSpace(code) == "" {
			c["outputs"] = []any{}
			c["execution_count"] = nil
			continue
		}
		count++
		rec.start(count)
		out, err := sess.Execute(ctx, code)
		if out.Value != nil {
			rec.add(map[string]any{
				"output_type":     "execute_result",
				"execution_count": count,
				"data":            out.Value.Data,
				"metadata":        metadata(out.Value.Metadata),
			})
		}
		if err != nil {
			var ie *interp.Error
			if !errors.As(err, &ie) {
				ie = &interp.Error{Name: "Error", Value: err.Error(), Traceback: []string{err.Error()}}
			}
			tb := make([]any, len(ie.Traceback))
			for k, l := range ie.Traceback {
				tb[k] = l
			}
			rec.add(map[string]any{"output_type": "error", "ename": ie.Name, "evalue": ie.Value, "traceback": tb})
			if !hasTag(c, "raises-exception") {
				cellErrs = append(cellErrs, CellError{Cell: i, Name: ie.Name, Value: ie.Value})
			}
		}
		c["outputs"] = rec.finish()
		c["execution_count"] = count
		if len(cellErrs) > 0 {
			return cellErrs, nil
		}
		if ctx.Err() != nil {
			return cellErrs, ctx.Err()
		}
	}
	return cellErrs, nil
}

func metadata(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// recorder collects one cell's outputs the way a notebook front end would, and applies
// display updates to outputs of earlier cells too.
type recorder struct {
	mu        sync.Mutex
	count     int
	outputs   []map[string]any
	pending   bool                        // clear_output(wait=true) seen
	byID      map[string][]map[string]any // display_id -> outputs showing it
	lastMerge map[string]any              // the stream output the next bytes of its name join
}

func (r *recorder) start(count int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.count = count
	r.outputs = nil
	r.pending = false
	r.lastMerge = nil
}

func (r *recorder) finish() []any {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]any, len(r.outputs))
	for i, o := range r.outputs {
		out[i] = o
	}
	r.outputs = nil
	return out
}

// addLocked appends o, clearing first when a clear_output(wait=true) is pending.
func (r *recorder) addLocked(o map[string]any) {
	if r.pending {
		r.outputs = nil
		r.pending = false
	}
	r.outputs = append(r.outputs, o)
	r.lastMerge = nil
}

func (r *recorder) add(o map[string]any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.addLocked(o)
}

func (r *recorder) stream(name string, p []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.pending {
		r.outputs = nil
		r.pending = false
		r.lastMerge = nil
	}
	if r.lastMerge != nil && r.lastMerge["name"] == name {
		r.lastMerge["text"] = r.lastMerge["text"].(string) + string(p)
		return
	}
	o := map[string]any{"output_type": "stream", "name": name, "text": string(p)}
	r.outputs = append(r.outputs, o)
	r.lastMerge = o
}

// Display implements display.Sink.
func (r *recorder) Display(b display.Bundle, id string, update bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if update {
		for _, o := range r.byID[id] {
			o["data"] = b.Data
			o["metadata"] = metadata(b.Metadata)
		}
		return
	}
	o := map[string]any{"output_type": "display_data", "data": b.Data, "metadata": metadata(b.Metadata)}
	r.addLocked(o)
	if id != "" {
		if r.byID == nil {
			r.byID = map[string][]map[string]any{}
		}
		r.byID[id] = append(r.byID[id], o)
	}
}

// Clear implements display.Sink.
func (r *recorder) Clear(wait bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if wait {
		r.pending = true
		return
	}
	r.outputs = nil
	r.lastMerge = nil
}

type streamWriter struct {
	r    *recorder
	name string
}

func (w streamWriter) Write(p []byte) (int, error) {
	w.r.stream(w.name, p)
	return len(p), nil
}

// RunFile runs the notebook at path and returns it with fresh outputs.
func RunFile(ctx context.Context, path string) (*Notebook, []CellError, error) {
	nb, err := ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	errs, err := nb.Run(ctx, filepath.Dir(path))
	return nb, errs, err
}
