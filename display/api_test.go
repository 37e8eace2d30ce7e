package display

import (
	"encoding/json"
	"regexp"
	"testing"
)

// call is one thing a recording sink received.
type call struct {
	b      Bundle
	id     string
	update bool
	clear  bool
	wait   bool
}

// recorder is a Sink that records every call.
type recorder struct{ calls []call }

func (r *recorder) Display(b Bundle, id string, update bool) {
	r.calls = append(r.calls, call{b: b, id: id, update: update})
}
func (r *recorder) Clear(wait bool) { r.calls = append(r.calls, call{clear: true, wait: wait}) }

// record installs a recorder for the test and restores the previous sink after it.
func record(t *testing.T) *recorder {
	t.Helper()
	r := &recorder{}
	old := SetSink(r)
	t.Cleanup(func() { SetSink(old) })
	return r
}

func TestShowUpdateClearReachSink(t *testing.T) {
	r := record(t)
	id := NewID()
	Show(42)
	ShowID(id, "first")
	Update(id, "second")
	Update("", "no id")
	Clear(true)
	Clear(false)
	want := []call{
		{id: "", update: false},
		{id: id, update: false},
		{id: id, update: true},
		{id: "", update: false},
		{clear: true, wait: true},
		{clear: true, wait: false},
	}
	if len(r.calls) != len(want) {
		t.Fatalf("sink got %d calls, want %d", len(r.calls), len(want))
	}
	texts := []string{"42", "first", "second", "no id"}
	for i, w := range want {
		c := r.calls[i]
		if c.id != w.id || c.update != w.update || c.clear != w.clear || c.wait != w.wait {
			t.Errorf("call %d = {id %q update %v clear %v wait %v}, want %+v", i, c.id, c.update, c.clear, c.wait, w)
		}
		if i < len(texts) && c.b.Text() != texts[i] {
			t.Errorf("call %d text = %q, want %q", i, c.b.Text(), texts[i])
		}
	}
}

func TestNewID(t *testing.T) {
	hex32 := regexp.MustCompile(`^[0-9a-f]{32}$`)
	seen := map[string]bool{}
	for i := 0; i < 100; i++ {
		id := NewID()
		if !hex32.MatchString(id) || seen[id] {
			t.Fatalf("NewID() = %q (repeated %v)", id, seen[id])
		}
		seen[id] = true
	}
}

func TestTypedHelpers(t *testing.T) {
	r := record(t)
	pngData, _ := plotPNG(Spectrum([]float64{3, 1, -1}), 60, 40, 1)
	HTML(`<b>bold</b> &amp; <i>it</i>`)
	Markdown("# Title")
	LaTeX(`x^2`)
	LaTeX(`$a$ and $b$`)
	PNG(pngData)
	JPEG([]byte("not a jpeg"))
	SVG(`<svg xmlns="http://www.w3.org/2000/svg"/>`)
	JSON(map[string]int{"a": 1})
	JSON(make(chan int))
	Text("plain")
	cases := []struct {
		mime, data, text string
	}{
		{"text/html", `<b>bold</b> &amp; <i>it</i>`, "bold & it"},
		{"text/markdown", "# Title", "# Title"},
		{"text/latex", "$$x^2$$", "x^2"},
		{"text/latex", "$a$ and $b$", "$a$ and $b$"},
		{"image/png", "", "<PNG image 60×40>"},
		{"image/jpeg", "", "<JPEG data, 10 bytes, not a valid JPEG image>"},
		{"image/svg+xml", `<svg xmlns="http://www.w3.org/2000/svg"/>`, "<SVG image, 41 bytes>"},
		{"application/json", "", "{\n  \"a\": 1\n}"},
		{"", "", "display.JSON: json: unsupported type: chan int"},
		{"", "", "plain"},
	}
	if len(r.calls) != len(cases) {
		t.Fatalf("sink got %d calls, want %d", len(r.calls), len(cases))
	}
	for i, c := range cases {
		b := r.calls[i].b
		if b.Text() != c.text {
			t.Errorf("call %d text/plain = %q, want %q", i, b.Text(), c.text)
		}
		wantTypes := 1
		if c.mime != "" {
			wantTypes = 2
			if _, ok := b.Data[c.mime]; !ok {
				t.Errorf("call %d lacks %s: %v", i, c.mime, keys(b))
			}
			if c.data != "" && b.Data[c.mime] != c.data {
				t.Errorf("call %d %s = %q, want %q", i, c.mime, b.Data[c.mime], c.data)
			}
		}
		if len(b.Data) != wantTypes {
			t.Errorf("call %d has types %v", i, keys(b))
		}
	}
	// application/json must marshal to the value itself, as the kernel will send it.
	raw, err := json.Marshal(r.calls[7].b.Data["application/json"])
	if err != nil || string(raw) != `{"a":1}` {
		t.Errorf("application/json marshals to %s, %v", raw, err)
	}
	// PNG data round-trips.
	got, err := imageData(r.calls[4].b, "image/png")
	if err != nil || string(got) != string(pngData) {
		t.Errorf("PNG data did not round-trip: %v", err)
	}
}

func TestStripTags(t *testing.T) {
	got := stripTags("<div><p>a &lt; b</p>\n\n<p>  c   d </p></div>")
	if got != "a < b\nc d" {
		t.Errorf("stripTags = %q", got)
	}
}

func keys(b Bundle) []string {
	var ks []string
	for k := range b.Data {
		ks = append(ks, k)
	}
	return ks
}

func TestLiveSetting(t *testing.T) {
	defer SetLive(true)
	if !Live() {
		t.Fatal("Live() default is false")
	}
	SetLive(false)
	if Live() {
		t.Fatal("SetLive(false) did not take")
	}
}
