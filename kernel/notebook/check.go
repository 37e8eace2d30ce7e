package notebook

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	_ "image/jpeg" // decoders for stored images
	_ "image/png"
	"regexp"
	"sort"
	"strings"
)

// TimingTag marks a cell whose text outputs contain timings: its durations and numbers
// (and the padding around them) are masked before comparison, and its images are
// compared by size only.
const TimingTag = "timing"

// Pixel tolerance of the image comparison: a pixel differs when one of its channels
// differs by more than pixelTol (of 255); images match when at most maxDiffer of the
// pixels differ. Font rasterization and anti-aliasing differ slightly between machines.
const (
	pixelTol  = 48
	maxDiffer = 0.01
)

var (
	numberRE = regexp.MustCompile(`[-+]?[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?`)
	// durationRE matches a Go duration ("781ms", "1m2.5s") or a number with a time unit
	// ("12.5 ms"), so that a run crossing a unit boundary still compares equal.
	durationRE = regexp.MustCompile(`([0-9]*\.?[0-9]+ ?(ns|µs|us|ms|h|m|s))+\b`)
	spacesRE   = regexp.MustCompile(`[ \t]+`)
	dataURIRE  = regexp.MustCompile(`data:image/[a-z+]+;base64,[A-Za-z0-9+/=]+`)
)

// Compare checks the outputs of fresh (a notebook just run) against stored (the same
// notebook as it was saved) and describes each difference in words: text must match
// exactly (numbers masked in cells tagged "timing"), images must have the same size and
// nearly the same pixels.
func Compare(stored, fresh *Notebook) []string {
	var diffs []string
	if len(stored.cells) != len(fresh.cells) {
		return []string{fmt.Sprintf("stored notebook has %d cells, fresh run %d", len(stored.cells), len(fresh.cells))}
	}
	for i, sc := range stored.cells {
		fc := fresh.cells[i]
		if sc["cell_type"] != "code" {
			continue
		}
		timing := hasTag(sc, TimingTag)
		so, _ := sc["outputs"].([]any)
		fo, _ := fc["outputs"].([]any)
		where := fmt.Sprintf("cell %d", i)
		if len(so) != len(fo) {
			diffs = append(diffs, fmt.Sprintf("%s: stored %d outputs (%s), fresh run %d (%s)",
				where, len(so), kinds(so), len(fo), kinds(fo)))
			continue
		}
		for k := range so {
			s, _ := so[k].(map[string]any)
			f, _ := fo[k].(map[string]any)
			for _, d := range compareOutput(s, f, timing) {
				diffs = append(diffs, fmt.Sprintf("%s, output %d: %s", where, k, d))
			}
		}
	}
	return diffs
}

func kinds(outs []any) string {
	var k []string
	for _, o := range outs {
		m, _ := o.(map[string]any)
		t, _ := m["output_type"].(string)
		if t == "stream" {
			t += ":" + fmt.Sprint(m["name"])
		}
		k = append(k, t)
	}
	return strings.Join(k, ", ")
}

func compareOutput(s, f map[string]any, timing bool) []string {
	st, ft := s["output_type"], f["output_type"]
	if st != ft {
		return []string{fmt.Sprintf("stored %v, fresh %v", st, ft)}
	}
	switch st {
	case "stream":
		if s["name"] != f["name"] {
			return []string{fmt.Sprintf("stream %v became %v", s["name"], f["name"])}
		}
		return compareText("stream "+fmt.Sprint(s["name"]), joinText(s["text"]), joinText(f["text"]), timing)
	case "error":
		if s["ename"] != f["ename"] || s["evalue"] != f["evalue"] {
			return []string{fmt.Sprintf("error %v: %v became %v: %v", s["ename"], s["evalue"], f["ename"], f["evalue"])}
		}
		return nil
	case "display_data", "execute_result":
		sd, _ := s["data"].(map[string]any)
		fd, _ := f["data"].(map[string]any)
		if a, b := mimeKeys(sd), mimeKeys(fd); a != b {
			return []string{fmt.Sprintf("MIME types [%s] became [%s]", a, b)}
		}
		var out []string
		for _, mime := range sortedKeys(sd) {
			switch {
			case mime == "image/png" || mime == "image/jpeg":
				if d := compareImage(joinText(sd[mime]), joinText(fd[mime]), timing); d != "" {
					out = append(out, mime+": "+d)
				}
			case mime == "image/svg+xml" && timing:
				// Drawn from timings: its text cannot match.
			case strings.HasPrefix(mime, "text/") || mime == "image/svg+xml":
				out = append(out, compareText(mime, joinText(sd[mime]), joinText(fd[mime]), timing)...)
			default:
				a, _ := json.Marshal(sd[mime])
				b, _ := json.Marshal(fd[mime])
				out = append(out, compareText(mime, string(a), string(b), timing)...)
			}
		}
		return out
	}
	return nil
}

// joinText accepts nbformat's string-or-list-of-strings.
func joinText(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case []any:
		var b strings.Builder
		for _, s := range t {
			if x, ok := s.(string); ok {
				b.WriteString(x)
			}
		}
		return b.String()
	}
	return ""
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func mimeKeys(m map[string]any) string { return strings.Join(sortedKeys(m), ", ") }

// compareText reports the first differing line of a and b.
func compareText(what, a, b string, timing bool) []string {
	if timing {
		a, b = maskTiming(a), maskTiming(b)
	}
	if a == b {
		return nil
	}
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return []string{fmt.Sprintf("%s differs at line %d:\n    stored: %s\n    fresh:  %s", what, i+1, clip(x), clip(y))}
		}
	}
	return []string{what + " differs"}
}

// maskTiming hides what changes from run to run in a timing cell: embedded images,
// durations, numbers, and the padding that aligns them.
func maskTiming(s string) string {
	s = dataURIRE.ReplaceAllString(s, "data:…")
	s = durationRE.ReplaceAllString(s, "#")
	s = numberRE.ReplaceAllString(s, "#")
	return spacesRE.ReplaceAllString(s, " ")
}

func clip(s string) string {
	if len(s) > 160 {
		return s[:160] + "…"
	}
	return s
}

// compareImage compares two base64 images: same size, and (unless sizeOnly) at most
// maxDiffer of the pixels differing by more than pixelTol in a channel.
func compareImage(a, b string, sizeOnly bool) string {
	ia, err := decodeImage(a)
	if err != nil {
		return "stored image: " + err.Error()
	}
	ib, err := decodeImage(b)
	if err != nil {
		return "fresh image: " + err.Error()
	}
	ra, rb := ia.Bounds(), ib.Bounds()
	if ra.Dx() != rb.Dx() || ra.Dy() != rb.Dy() {
		return fmt.Sprintf("size %dx%d became %dx%d", ra.Dx(), ra.Dy(), rb.Dx(), rb.Dy())
	}
	if sizeOnly {
		return ""
	}
	differ := 0
	for y := 0; y < ra.Dy(); y++ {
		for x := 0; x < ra.Dx(); x++ {
			r1, g1, b1, a1 := ia.At(ra.Min.X+x, ra.Min.Y+y).RGBA()
			r2, g2, b2, a2 := ib.At(rb.Min.X+x, rb.Min.Y+y).RGBA()
			if far(r1, r2) || far(g1, g2) || far(b1, b2) || far(a1, a2) {
				differ++
			}
		}
	}
	if frac := float64(differ) / float64(ra.Dx()*ra.Dy()); frac > maxDiffer {
		return fmt.Sprintf("%.2f%% of pixels differ (tolerance %.2f%%)", 100*frac, 100*maxDiffer)
	}
	return ""
}

func far(a, b uint32) bool {
	d := int(a>>8) - int(b>>8)
	return d > pixelTol || d < -pixelTol
}

func decodeImage(s string) (image.Image, error) {
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(strings.ReplaceAll(s, "\n", "")))
	if err != nil {
		return nil, err
	}
	img, _, err := image.Decode(bytes.NewReader(raw))
	return img, err
}
