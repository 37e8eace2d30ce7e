package display

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"image"
	_ "image/jpeg" // register JPEG for DecodeConfig
	_ "image/png"  // register PNG for DecodeConfig
	"strings"
	"sync/atomic"
)

// Show displays v as a new output of the running cell, in the richest form Render finds.
func Show(v any) { publish(Render(v), "", false) }

// ShowID displays v as a new output tagged with the display id (see NewID), so that a
// later Update(id, ...) replaces it in place. An empty id makes it an ordinary Show.
func ShowID(id string, v any) { publish(Render(v), id, false) }

// Update replaces the output shown earlier under id with v (Jupyter's
// update_display_data); every output with that id, in any cell, changes. An empty id
// cannot be updated, so it shows v as a new output instead.
func Update(id string, v any) { publish(Render(v), id, id != "") }

// Clear clears the running cell's output. With wait the clearing is deferred until the
// next output arrives, which avoids flicker in animations. Without a host (a plain Go
// program) it does nothing.
func Clear(wait bool) {
	if s := currentSink(); s != nil {
		s.Clear(wait)
	}
}

// NewID returns a fresh random display id (32 hex digits) for ShowID and Update.
func NewID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b[:])
}

var live atomic.Bool

func init() { live.Store(true) }

// SetLive tells live displays (Monitor) whether anyone watches the output as it comes.
// Hosts that run notebooks headless (nbclient, `hessnote run`) call SetLive(false): a
// Monitor then publishes only its final frame. The default is true.
func SetLive(on bool) { live.Store(on) }

// Live reports the setting of SetLive.
func Live() bool { return live.Load() }

// HTML displays s as text/html (with its text, tags stripped, as text/plain).
func HTML(s string) { publish(HTMLBundle(s), "", false) }

// Markdown displays s as text/markdown (with s itself as text/plain).
func Markdown(s string) { publish(MarkdownBundle(s), "", false) }

// LaTeX displays s as text/latex. Jupyter typesets only what is inside math delimiters,
// so s is wrapped in $$…$$ unless it already contains a $ or starts with \begin.
func LaTeX(s string) { publish(LaTeXBundle(s), "", false) }

// PNG displays PNG-encoded data. The text/plain fallback gives its pixel size, or says
// that the data is not a valid PNG (it is still sent).
func PNG(data []byte) { publish(PNGBundle(data), "", false) }

// JPEG displays JPEG-encoded data, as PNG does.
func JPEG(data []byte) { publish(JPEGBundle(data), "", false) }

// SVG displays an SVG document as image/svg+xml.
func SVG(s string) { publish(SVGBundle(s), "", false) }

// JSON displays v as application/json (the front end shows an expandable tree), with its
// indented encoding as text/plain. A value that cannot be encoded shows the error as text.
func JSON(v any) { publish(JSONBundle(v), "", false) }

// Text displays s as text/plain only.
func Text(s string) { publish(textBundle(s), "", false) }

// textBundle is a bundle with only text/plain.
func textBundle(s string) Bundle {
	return Bundle{Data: map[string]any{"text/plain": s}, Metadata: map[string]any{}}
}

// HTMLBundle returns the bundle that HTML displays: text/html, and text/plain holding the
// text of s without tags.
func HTMLBundle(s string) Bundle {
	b := textBundle(stripTags(s))
	b.Data["text/html"] = s
	return b
}

// MarkdownBundle returns the bundle that Markdown displays.
func MarkdownBundle(s string) Bundle {
	b := textBundle(s)
	b.Data["text/markdown"] = s
	return b
}

// LaTeXBundle returns the bundle that LaTeX displays.
func LaTeXBundle(s string) Bundle {
	b := textBundle(s)
	t := strings.TrimSpace(s)
	if !strings.Contains(t, "$") && !strings.HasPrefix(t, `\begin`) {
		t = "$$" + t + "$$"
	}
	b.Data["text/latex"] = t
	return b
}

// PNGBundle returns the bundle that PNG displays, for example to pass to Update.
func PNGBundle(data []byte) Bundle { return imageBundle("image/png", data) }

// JPEGBundle returns the bundle that JPEG displays.
func JPEGBundle(data []byte) Bundle { return imageBundle("image/jpeg", data) }

// SVGBundle returns the bundle that SVG displays.
func SVGBundle(s string) Bundle {
	b := textBundle(fmt.Sprintf("<SVG image, %d bytes>", len(s)))
	b.Data["image/svg+xml"] = s
	return b
}

// JSONBundle returns the bundle that JSON displays.
func JSONBundle(v any) Bundle {
	raw, err := json.Marshal(v)
	if err != nil {
		return textBundle(fmt.Sprintf("display.JSON: %v", err))
	}
	var ind bytes.Buffer
	_ = json.Indent(&ind, raw, "", "  ") // raw is valid JSON
	b := textBundle(ind.String())
	b.Data["application/json"] = json.RawMessage(raw)
	return b
}

// imageBundle wraps encoded image data of the given MIME type.
func imageBundle(mime string, data []byte) Bundle {
	kind := strings.ToUpper(strings.TrimPrefix(mime, "image/"))
	var txt string
	if cfg, format, err := image.DecodeConfig(bytes.NewReader(data)); err == nil && "image/"+format == mime {
		txt = fmt.Sprintf("<%s image %d×%d>", kind, cfg.Width, cfg.Height)
	} else {
		txt = fmt.Sprintf("<%s data, %d bytes, not a valid %s image>", kind, len(data), kind)
	}
	b := textBundle(txt)
	b.Data[mime] = base64.StdEncoding.EncodeToString(data)
	return b
}

// stripTags returns the text of an HTML fragment: tags removed, entities decoded,
// runs of blank lines collapsed. It is a fallback for text front ends, not a parser.
func stripTags(s string) string {
	var out strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>' && in:
			in = false
			out.WriteByte(' ')
		case !in:
			out.WriteRune(r)
		}
	}
	lines := strings.Split(html.UnescapeString(out.String()), "\n")
	var kept []string
	for _, l := range lines {
		l = strings.Join(strings.Fields(l), " ")
		if l != "" {
			kept = append(kept, l)
		}
	}
	return strings.Join(kept, "\n")
}
