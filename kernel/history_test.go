package kernel

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestGlob(t *testing.T) {
	cases := []struct {
		glob, s string
		want    bool
	}{
		{"*", "", true},
		{"*", "any\nthing", true},
		{"a*", "abc", true},
		{"a*", "bac", false},
		{"?", "π", true},
		{"??", "π", false},
		{"x[0-9]", "x7", true},
		{"x[!0-9]", "x7", false},
		{"x[!0-9]", "xa", true},
		{"a.b", "aXb", false},
		{"(a+)", "(a+)", true},
		{"[", "[", true},
		{"6 \\*", "6 \\x", true},
	}
	for _, c := range cases {
		re, err := globRegexp(c.glob)
		if err != nil {
			t.Errorf("%q: %v", c.glob, err)
			continue
		}
		if got := re.MatchString(c.s); got != c.want {
			t.Errorf("glob %q on %q = %v, want %v", c.glob, c.s, got, c.want)
		}
	}
}

func TestHistorySkipsCorruptLines(t *testing.T) {
	p := filepath.Join(t.TempDir(), "history.jsonl")
	content := `{"session":1,"line":1,"input":"a"}
not json
{"session":3,"line":1,"input":"b"}
{"session":-1,"line":1,"input":"bad session"}
`
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	h, err := OpenHistory(p)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	if h.Session() != 4 {
		t.Errorf("session %d, want 4", h.Session())
	}
	if err := h.Add(1, "c\nd"); err != nil {
		t.Fatal(err)
	}
	tail := h.Tail(0)
	if len(tail) != 3 || tail[2].Input != "c\nd" || tail[2].Session != 4 {
		t.Errorf("tail %+v", tail)
	}
	b, _ := os.ReadFile(p)
	if !strings.HasSuffix(string(b), `{"session":4,"line":1,"input":"c\nd"}`+"\n") {
		t.Errorf("file ends %q", b[len(b)-50:])
	}
}

func TestWatchParentJPY(t *testing.T) {
	cmd := exec.Command("sleep", "30")
	if err := cmd.Start(); err != nil {
		t.Skip("no sleep binary:", err)
	}
	t.Setenv("JPY_PARENT_PID", strconv.Itoa(cmd.Process.Pid))
	gone := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	WatchParent(ctx, 10*time.Millisecond, func() { close(gone) })
	select {
	case <-gone:
		t.Fatal("parent reported gone while alive")
	case <-time.After(50 * time.Millisecond):
	}
	cmd.Process.Kill()
	cmd.Wait()
	select {
	case <-gone:
	case <-time.After(2 * time.Second):
		t.Fatal("parent death not noticed")
	}
}
