package importer

import (
	"bytes"
	"compress/flate"
	_ "embed"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// exportData is written by ./gen (run by `go generate` in interp/symbols). Its format:
//
//	hessnote-exportdata 1 GOVERSION GOOS/GOARCH N (comment)\n
//	PATH COMPRESSED-SIZE RAW-SIZE\n        (N lines, sorted by PATH)
//	\n
//	N DEFLATE streams, in the order of the lines above
//
// RAW is the unified export data of the package as the gc compiler writes it between
// "$$B\n" and "\n$$\n" in the __.PKGDEF member of its archive, starting with the format
// byte 'u'.
//
//go:embed exportdata.bin
var exportData string

const dataMagic = "hessnote-exportdata 1 "

type entry struct{ off, size, raw int }

// table is the parsed index of exportData.
type table struct {
	goVersion string // go version that generated the data, as runtime.Version() writes it
	platform  string // GOOS/GOARCH the data was built for
	index     map[string]entry
	paths     []string // sorted
	body      string   // the compressed streams
}

var (
	tableOnce sync.Once
	theTable  *table
	tableErr  error
)

// loadTable parses the embedded data once.
func loadTable() (*table, error) {
	tableOnce.Do(func() { theTable, tableErr = parseTable(exportData) })
	return theTable, tableErr
}

// parseTable parses data in the format described at exportData.
func parseTable(data string) (*table, error) {
	version := "" // known once the header is read
	bad := func(format string, a ...any) error {
		return &DataError{GoVersion: version, Err: fmt.Errorf("embedded export data: "+format, a...)}
	}
	line, rest, ok := strings.Cut(data, "\n")
	if !ok || !strings.HasPrefix(line, dataMagic) {
		return nil, bad("no %q header", strings.TrimSpace(dataMagic))
	}
	f := strings.Fields(line[len(dataMagic):])
	if len(f) < 3 {
		return nil, bad("short header %q", line)
	}
	version = f[0]
	n, err := strconv.Atoi(f[2])
	if err != nil || n < 0 {
		return nil, bad("bad package count in %q", line)
	}
	t := &table{goVersion: f[0], platform: f[1], index: make(map[string]entry, n)}
	off := 0
	for i := 0; i < n; i++ {
		line, rest, ok = strings.Cut(rest, "\n")
		f := strings.Fields(line)
		if !ok || len(f) != 3 {
			return nil, bad("index line %d: %q", i+1, line)
		}
		size, err1 := strconv.Atoi(f[1])
		raw, err2 := strconv.Atoi(f[2])
		if err1 != nil || err2 != nil || size <= 0 || raw <= 0 {
			return nil, bad("index line %d: %q", i+1, line)
		}
		if _, dup := t.index[f[0]]; dup {
			return nil, bad("package %s listed twice", f[0])
		}
		t.index[f[0]] = entry{off: off, size: size, raw: raw}
		t.paths = append(t.paths, f[0])
		off += size
	}
	body, ok := strings.CutPrefix(rest, "\n")
	if !ok {
		return nil, bad("no empty line after the index")
	}
	if len(body) != off {
		return nil, bad("%d bytes of data, the index says %d", len(body), off)
	}
	t.body = body
	sort.Strings(t.paths)
	return t, nil
}

// archive returns the export data of path in the form the gc importer reads: an archive
// whose first member, __.PKGDEF, holds an object header and the unified export data.
func (t *table) archive(path string) ([]byte, error) {
	e := t.index[path]
	goos, goarch, _ := strings.Cut(t.platform, "/")
	def := fmt.Sprintf("go object %s %s %s\n$$B\n", goos, goarch, t.goVersion)
	const end = "\n$$\n"
	size := len(def) + e.raw + len(end)
	var b bytes.Buffer
	b.Grow(8 + 60 + size)
	b.WriteString("!<arch>\n")
	// An ar member header: name, date, uid, gid, mode, size, magic.
	fmt.Fprintf(&b, "%-16s%-12s%-6s%-6s%-8s%-10d`\n", "__.PKGDEF", "0", "0", "0", "644", size)
	b.WriteString(def)
	r := flate.NewReader(strings.NewReader(t.body[e.off : e.off+e.size]))
	n, err := io.Copy(&b, r)
	if err == nil {
		err = r.Close()
	}
	if err == nil && n != int64(e.raw) {
		err = fmt.Errorf("%d bytes decompressed, the index says %d", n, e.raw)
	}
	if err != nil {
		return nil, &DataError{GoVersion: t.goVersion, Err: fmt.Errorf("embedded export data of %s: %w", path, err)}
	}
	b.WriteString(end)
	return b.Bytes(), nil
}
