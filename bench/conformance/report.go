package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Result is one program of the corpus in conformance.json.
type Result struct {
	Name   string  `json:"name"`
	Dir    string  `json:"dir"`
	Oracle Outcome `json:"go"`
	// Ways holds the verdict of every interpreter way, by way name; only programs that
	// pass under go run are run in the other ways.
	Ways map[string]Outcome `json:"ways,omitempty"`
}

// brief is the progress line of a result.
func (res Result) brief() string {
	if !res.Oracle.Pass {
		return "go=fail (not counted)"
	}
	var b strings.Builder
	for _, w := range allWays {
		o := res.Ways[w]
		v := "pass"
		if !o.Pass {
			v = o.Tag
		}
		fmt.Fprintf(&b, "%s=%s ", w, v)
	}
	return strings.TrimSpace(b.String())
}

// Report is conformance.json.
type Report struct {
	GoVersion string    `json:"go_version"`
	Timeout   float64   `json:"timeout_seconds"`
	Jobs      int       `json:"jobs"`
	Seconds   float64   `json:"seconds"`
	Programs  []Result  `json:"programs"`
	Skipped   []Skipped `json:"skipped"`
}

// wayTitles name the ways in the report.
var wayTitles = map[string]string{
	wayYaegi: "yaegi, whole program",
	wayCell:  "hessnote, one cell",
	wayDecls: "hessnote, cells in file order",
	wayDeps:  "hessnote, cells in dependency order",
}

// dirTitle names a corpus directory.
func dirTitle(d string) string {
	if d == "." {
		return "test/"
	}
	return "test/" + d + "/"
}

// counts are the pass counts of one directory (or of all).
type counts struct {
	programs, oracle int
	pass             map[string]int
}

func (rep *Report) counts() (byDir map[string]*counts, total *counts) {
	byDir = map[string]*counts{}
	total = &counts{pass: map[string]int{}}
	for _, d := range corpusDirs {
		byDir[d] = &counts{pass: map[string]int{}}
	}
	for _, res := range rep.Programs {
		c := byDir[res.Dir]
		if c == nil {
			c = &counts{pass: map[string]int{}}
			byDir[res.Dir] = c
		}
		for _, x := range []*counts{c, total} {
			x.programs++
			if res.Oracle.Pass {
				x.oracle++
				for w, o := range res.Ways {
					if o.Pass {
						x.pass[w]++
					}
				}
			}
		}
	}
	return byDir, total
}

// tagCounts counts the failures of each way by tag.
func (rep *Report) tagCounts() map[string]map[string]int {
	m := map[string]map[string]int{}
	for _, w := range allWays {
		m[w] = map[string]int{}
	}
	for _, res := range rep.Programs {
		for w, o := range res.Ways {
			if !o.Pass {
				m[w][o.Tag]++
			}
		}
	}
	return m
}

func pct(n, of int) string {
	if of == 0 {
		return "-"
	}
	return fmt.Sprintf("%d (%.0f%%)", n, 100*float64(n)/float64(of))
}

// passTable is the table of pass counts per directory and way, in Markdown.
func (rep *Report) passTable() string {
	byDir, total := rep.counts()
	var b strings.Builder
	b.WriteString("| directory | `// run` programs | pass under go run |")
	for _, w := range allWays {
		b.WriteString(" " + wayTitles[w] + " |")
	}
	b.WriteString("\n|---|--:|--:|" + strings.Repeat("--:|", len(allWays)) + "\n")
	row := func(name string, c *counts) {
		fmt.Fprintf(&b, "| %s | %d | %d |", name, c.programs, c.oracle)
		for _, w := range allWays {
			fmt.Fprintf(&b, " %s |", pct(c.pass[w], c.oracle))
		}
		b.WriteString("\n")
	}
	for _, d := range corpusDirs {
		row(dirTitle(d), byDir[d])
	}
	row("**all**", total)
	return b.String()
}

// tagTable is the table of failures by tag per way, in Markdown.
func (rep *Report) tagTable() string {
	tags := rep.tagCounts()
	_, total := rep.counts()
	var b strings.Builder
	b.WriteString("| way | pass | error | silent | crash |\n|---|--:|--:|--:|--:|\n")
	for _, w := range allWays {
		fmt.Fprintf(&b, "| %s | %d | %d | %d | %d |\n", wayTitles[w], total.pass[w],
			tags[w][tagError], tags[w][tagSilent], tags[w][tagCrash])
	}
	return b.String()
}

// summary is what make conformance prints.
func (rep *Report) summary() string {
	_, total := rep.counts()
	return fmt.Sprintf("Go conformance (%s): %d programs, %d pass under go run, %d skipped; %.0f s\n\n%s\n%s",
		rep.GoVersion, total.programs, total.oracle, len(rep.Skipped), rep.Seconds, rep.passTable(), rep.tagTable())
}

// mdCell escapes text for a Markdown table cell.
func mdCell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	s = strings.ReplaceAll(s, "\n", " ")
	if len(s) > 200 {
		s = s[:197] + "..."
	}
	return s
}

// verdict is a short Markdown form of an outcome.
func verdict(o Outcome) string {
	if o.Pass {
		return "pass"
	}
	return "*" + o.Tag + "*: " + mdCell(o.Error)
}

// markdown is conformance.md.
func (rep *Report) markdown() string {
	var b strings.Builder
	_, total := rep.counts()
	fmt.Fprintf(&b, `# Go conformance: Go's own test programs, run as a notebook user runs code

Written by `+"`make conformance`"+` (bench/conformance; see its doc comment). %s, the files of
$GOROOT/test, test/ken, test/chan, test/interface and test/typeparam whose first line is exactly
`+"`// run`"+` and whose build constraints hold here: %d programs, of which %d pass under `+"`go run`"+`
(the oracle); only those count. %d other `+"`// run...`"+` files are skipped (listed at the end).
Each program runs in each way in a subprocess of its own, killed after %.0f s; %d at a time;
this run took %.0f s.

- **yaegi, whole program**: a plain yaegi v0.16.1 interpreter with the standard library
  evaluating the file, as `+"`yaegi run`"+` does (the baseline).
- **hessnote, one cell**: the file without its package clause as one cell of an interp.Session,
  func main renamed to main_, then a cell `+"`main_()`"+`.
- **hessnote, cells in file order**: all imports in one cell, then one cell per top-level
  declaration in file order, then `+"`main_()`"+`.
- **hessnote, cells in dependency order**: the imports, then one cell per declaration, each
  after the declarations it refers to (those that refer to each other share a cell; a use
  of a type waits for its methods), then `+"`main_()`"+`.

A run passes when no cell fails and stdout and stderr together equal the golden .out file
(or are empty when there is none). A failure is tagged:
*error* (the run stopped with an error the user sees: hessnote's refusal, a compile or type
error, or a runtime panic carrying Go's, reflect's or the interpreter's message),
*silent* (different output with no error, or the program's own check failed: a panic raised
by its code or a non-zero exit; in a notebook there is no such check to notice a wrong value),
*crash* (the subprocess died or timed out).

## Pass counts

`, rep.GoVersion, total.programs+0, total.oracle, len(rep.Skipped), rep.Timeout, rep.Jobs, rep.Seconds)
	b.WriteString(rep.passTable())
	b.WriteString("\n## Failures by tag\n\n")
	b.WriteString(rep.tagTable())

	b.WriteString("\n## Where hessnote differs from the oracle\n\n")
	b.WriteString("Every program that fails in at least one hessnote way; the cell number counts the import cell.\n\n")
	b.WriteString("| program | yaegi | one cell | file order | dependency order |\n|---|---|---|---|---|\n")
	for _, res := range rep.Programs {
		if !res.Oracle.Pass || allPass(res, cellWays) {
			continue
		}
		fmt.Fprintf(&b, "| %s | %s |", res.Name, short(res.Ways[wayYaegi]))
		for _, w := range cellWays {
			fmt.Fprintf(&b, " %s |", verdict(res.Ways[w]))
		}
		b.WriteString("\n")
	}

	b.WriteString("\n## Programs yaegi runs whole that hessnote loses\n\n")
	b.WriteString("Our layer losing what the interpreter can do: yaegi passes the whole program, hessnote fails in the ways named.\n\n")
	b.WriteString("| program | lost in |\n|---|---|\n")
	for _, res := range rep.Programs {
		if !res.Oracle.Pass || !res.Ways[wayYaegi].Pass || allPass(res, cellWays) {
			continue
		}
		var lost []string
		for _, w := range cellWays {
			if !res.Ways[w].Pass {
				lost = append(lost, w+" ("+res.Ways[w].Tag+")")
			}
		}
		fmt.Fprintf(&b, "| %s | %s |\n", res.Name, strings.Join(lost, ", "))
	}

	b.WriteString("\n## Not counted: programs that fail under go run here\n\n| program | go run |\n|---|---|\n")
	for _, res := range rep.Programs {
		if !res.Oracle.Pass {
			fmt.Fprintf(&b, "| %s | %s |\n", res.Name, mdCell(res.Oracle.Error))
		}
	}
	b.WriteString("\n## Skipped\n\n| file | reason |\n|---|---|\n")
	for _, s := range rep.Skipped {
		fmt.Fprintf(&b, "| %s | %s |\n", s.Name, mdCell(s.Reason))
	}
	return b.String()
}

// short is the tag of an outcome, or pass.
func short(o Outcome) string {
	if o.Pass {
		return "pass"
	}
	return o.Tag
}

func allPass(res Result, ways []string) bool {
	for _, w := range ways {
		if !res.Ways[w].Pass {
			return false
		}
	}
	return true
}

// write writes conformance.json and conformance.md into dir.
func (rep *Report) write(dir string) error {
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "conformance.json"), append(b, '\n'), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "conformance.md"), []byte(rep.markdown()), 0o644)
}

// pair is one (program, way) of the pass list.
type pair struct{ program, way string }

// passPairs lists the (program, way) pairs that pass, for the given ways, sorted.
func (rep *Report) passPairs(ways []string) []pair {
	var ps []pair
	for _, res := range rep.Programs {
		for _, w := range ways {
			if res.Oracle.Pass && res.Ways[w].Pass {
				ps = append(ps, pair{res.Name, w})
			}
		}
	}
	sortPairs(ps)
	return ps
}

func sortPairs(ps []pair) {
	sort.Slice(ps, func(i, j int) bool {
		if ps[i].program != ps[j].program {
			return ps[i].program < ps[j].program
		}
		return ps[i].way < ps[j].way
	})
}

const passListHeader = `# The (program, way) pairs of Go's test programs that hessnote passes: the regression
# gate of make test (make conformance-gate) fails when one of them no longer passes.
# Programs are relative to $GOROOT/test; ways are cell, decls, deps (see bench/conformance).
# Rewrite after interp improves: go run ./bench/conformance -update-pass (a full run).
`

// writePassList writes the pass list.
func writePassList(path string, ps []pair) error {
	var b strings.Builder
	b.WriteString(passListHeader)
	for _, p := range ps {
		fmt.Fprintf(&b, "%s %s\n", p.program, p.way)
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// readPassList reads the pass list: one "program way" a line, # comments.
func readPassList(path string) ([]pair, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var ps []pair
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) != 2 || !contains(cellWays, fields[1]) {
			return nil, fmt.Errorf("%s:%d: want \"program way\" with way one of %v, got %q", path, n, cellWays, line)
		}
		ps = append(ps, pair{fields[0], fields[1]})
	}
	return ps, sc.Err()
}
