package kernel

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
)

// HistoryEntry is one stored cell: the kernel session it ran in (numbered from 1, one per
// kernel start) and its execution count there.
type HistoryEntry struct {
	Session int    `json:"session"`
	Line    int    `json:"line"`
	Input   string `json:"input"`
}

// History keeps the executed cells of this and earlier kernel sessions, appended to a
// JSON-lines file so that history_request sees them across restarts.
type History struct {
	mu      sync.Mutex
	entries []HistoryEntry
	session int
	f       *os.File
}

// DataDir returns the Jupyter data directory as jupyter_core finds it on Linux:
// $JUPYTER_DATA_DIR, else $XDG_DATA_HOME/jupyter, else ~/.local/share/jupyter.
func DataDir() string {
	if d := os.Getenv("JUPYTER_DATA_DIR"); d != "" {
		return d
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "jupyter")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(os.TempDir(), "jupyter")
	}
	return filepath.Join(home, ".local", "share", "jupyter")
}

// DefaultHistoryFile returns DataDir()/hessnote/history.jsonl.
func DefaultHistoryFile() string {
	return filepath.Join(DataDir(), "hessnote", "history.jsonl")
}

// OpenHistory loads the history in path and starts a new session after the last one
// stored. Lines that do not parse are skipped. An empty path keeps history in memory.
func OpenHistory(path string) (*History, error) {
	h := &History{session: 1}
	if path == "" {
		return h, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 64<<20)
	for sc.Scan() {
		var e HistoryEntry
		if json.Unmarshal(sc.Bytes(), &e) != nil || e.Session <= 0 {
			continue
		}
		h.entries = append(h.entries, e)
		h.session = max(h.session, e.Session+1)
	}
	h.f = f
	return h, nil
}

// Session returns the number of the current session.
func (h *History) Session() int { return h.session }

// Add records cell number line of the current session.
func (h *History) Add(line int, input string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	e := HistoryEntry{Session: h.session, Line: line, Input: input}
	h.entries = append(h.entries, e)
	if h.f == nil {
		return nil
	}
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	_, err = h.f.Write(append(b, '\n'))
	return err
}

// Close closes the history file.
func (h *History) Close() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.f == nil {
		return nil
	}
	err := h.f.Close()
	h.f = nil
	return err
}

// Tail returns the last n entries (all when n <= 0), oldest first.
func (h *History) Tail(n int) []HistoryEntry {
	h.mu.Lock()
	defer h.mu.Unlock()
	return lastN(h.entries, n)
}

func lastN(e []HistoryEntry, n int) []HistoryEntry {
	if n > 0 && len(e) > n {
		e = e[len(e)-n:]
	}
	return append([]HistoryEntry(nil), e...)
}

// Range returns the entries of session with start <= line < stop (stop <= 0: no upper
// bound). A session <= 0 counts back from the current one, as IPython does: 0 is the
// current session, -1 the one before.
func (h *History) Range(session, start, stop int) []HistoryEntry {
	h.mu.Lock()
	defer h.mu.Unlock()
	if session <= 0 {
		session += h.session
	}
	var out []HistoryEntry
	for _, e := range h.entries {
		if e.Session == session && e.Line >= start && (stop <= 0 || e.Line < stop) {
			out = append(out, e)
		}
	}
	return out
}

// Search returns the last n (all when n <= 0) entries whose whole input matches the glob
// pattern (* any text, ? one character, [...] a class, as IPython's sqlite GLOB). With
// unique, only the latest of equal inputs is kept.
func (h *History) Search(pattern string, n int, unique bool) ([]HistoryEntry, error) {
	re, err := globRegexp(pattern)
	if err != nil {
		return nil, err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []HistoryEntry
	seen := map[string]bool{}
	for i := len(h.entries) - 1; i >= 0; i-- {
		e := h.entries[i]
		if !re.MatchString(e.Input) || (unique && seen[e.Input]) {
			continue
		}
		seen[e.Input] = true
		out = append(out, e)
		if n > 0 && len(out) == n {
			break
		}
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, nil
}

// globRegexp translates a glob into an anchored regular expression.
func globRegexp(glob string) (*regexp.Regexp, error) {
	var b strings.Builder
	b.WriteString(`(?s)\A`)
	rs := []rune(glob)
	for i := 0; i < len(rs); i++ {
		switch c := rs[i]; c {
		case '*':
			b.WriteString(`.*`)
		case '?':
			b.WriteString(`.`)
		case '[':
			j := i + 1
			if j < len(rs) && (rs[j] == '!' || rs[j] == '^') {
				j++
			}
			if j < len(rs) && rs[j] == ']' {
				j++
			}
			for j < len(rs) && rs[j] != ']' {
				j++
			}
			if j >= len(rs) {
				b.WriteString(`\[`)
				continue
			}
			class := string(rs[i+1 : j])
			if strings.HasPrefix(class, "!") {
				class = "^" + class[1:]
			}
			b.WriteString("[" + strings.ReplaceAll(class, `\`, `\\`) + "]")
			i = j
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString(`\z`)
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil, fmt.Errorf("history: bad pattern %q: %w", glob, err)
	}
	return re, nil
}

// historyRequest is the content of history_request.
type historyRequest struct {
	Output         bool   `json:"output"`
	Raw            bool   `json:"raw"`
	HistAccessType string `json:"hist_access_type"`
	Session        int    `json:"session"`
	Start          int    `json:"start"`
	Stop           int    `json:"stop"`
	N              int    `json:"n"`
	Pattern        string `json:"pattern"`
	Unique         bool   `json:"unique"`
}

func (k *Kernel) history(r *request) (any, error) {
	var req historyRequest
	if err := json.Unmarshal(r.msg.Content, &req); err != nil {
		return nil, fmt.Errorf("history_request: %w", err)
	}
	var entries []HistoryEntry
	switch req.HistAccessType {
	case "tail":
		entries = k.hist.Tail(req.N)
	case "range":
		entries = k.hist.Range(req.Session, req.Start, req.Stop)
	case "search":
		var err error
		if entries, err = k.hist.Search(req.Pattern, req.N, req.Unique); err != nil {
			return nil, err
		}
	default:
		return nil, errors.New("history_request: hist_access_type must be tail, range or search")
	}
	out := make([]any, 0, len(entries))
	for _, e := range entries {
		if req.Output {
			out = append(out, []any{e.Session, e.Line, []any{e.Input, nil}})
		} else {
			out = append(out, []any{e.Session, e.Line, e.Input})
		}
	}
	return map[string]any{"status": "ok", "history": out}, nil
}
