package interp

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	randv2 "math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/hessnote/hessnote/display"
	"github.com/hessnote/hessnote/internal/openblas"
	"github.com/hessnote/hessnote/interp/symbols"
)

type magicResult struct {
	out Outcome
	err error
}

// magicHelp describes every magic, for %help and for the unknown-magic error.
var magicHelp = [][2]string{
	{"%help", "this list"},
	{"%reset", "forget every variable, function, type and import"},
	{"%who", "list variables, functions and types with their types"},
	{"%time STMT", "run STMT and print its wall and CPU time"},
	{"%%time", "(first line of a cell) run the cell and print its time"},
	{"%timeit STMT", "run STMT repeatedly and print ns/op like go test -bench"},
	{"%env [NAME[=VALUE]]", "list, show or set environment variables"},
	{"%cd [DIR]", "change the working directory (default: home)"},
	{"%seed N", "seed math/rand and every seedable random source of the preloaded packages"},
	{"%blas [fast|deterministic]", "show or choose the BLAS: OpenBLAS for large products, or pure Go with the same bits everywhere"},
	{"%%html", "render the cell as HTML"},
	{"%%markdown", "render the cell as Markdown"},
	{"%%latex", "render the cell as LaTeX"},
	{"!CMD", "run a shell command; output streamed, exit status reported"},
	{"NAME?", "show the documentation of NAME in the pager"},
}

func knownMagics() string {
	var names []string
	for _, m := range magicHelp {
		f := strings.Fields(m[0])[0]
		if strings.HasPrefix(f, "%") {
			names = append(names, f)
		}
	}
	return strings.Join(names, " ")
}

// magic handles cell magics, leading line magics and shell lines, and `name?`. It
// reports false when code is plain Go.
func (s *Session) magic(ctx context.Context, code string) (magicResult, bool) {
	trimmed := strings.TrimSpace(code)
	if trimmed == "" {
		return magicResult{}, false
	}
	if strings.HasPrefix(trimmed, "%%") {
		first, body, _ := strings.Cut(trimmed, "\n")
		name := strings.Fields(first)[0]
		switch name {
		case "%%time":
			// Keep line numbers of the body: blank the magic line.
			start := time.Now()
			cpu := cpuTime()
			out, err := s.runGo(ctx, blank(first)+"\n"+body)
			fmt.Fprintf(s.outs.direct[0], "wall time: %s, CPU time: %s\n", time.Since(start).Round(time.Microsecond), (cpuTime() - cpu).Round(time.Microsecond))
			return magicResult{out, err}, true
		case "%%html":
			display.HTML(body)
		case "%%markdown":
			display.Markdown(body)
		case "%%latex":
			display.LaTeX(body)
		default:
			return magicResult{err: newError("MagicError", fmt.Sprintf("unknown cell magic %s; known magics: %s", name, knownMagics()))}, true
		}
		return magicResult{}, true
	}
	if !strings.ContainsAny(trimmed, "\n") && strings.HasSuffix(trimmed, "?") && !strings.HasPrefix(trimmed, "%") && !strings.HasPrefix(trimmed, "!") {
		name := strings.TrimRight(trimmed, "?")
		if isDotted(name) {
			b, found := s.inspectName(name, 1)
			if !found {
				return magicResult{err: newError("NameError", "no documentation found for "+name)}, true
			}
			return magicResult{out: Outcome{Page: &b}}, true
		}
	}
	// Leading % and ! lines; the Go code after them keeps its line numbers.
	lines := strings.SplitAfter(code, "\n")
	n := 0
	for n < len(lines) {
		t := strings.TrimSpace(lines[n])
		if t == "" || strings.HasPrefix(t, "//") {
			n++
			continue
		}
		if !strings.HasPrefix(t, "%") && !strings.HasPrefix(t, "!") {
			break
		}
		n++
	}
	hasMagic := false
	for _, l := range lines[:n] {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "%") || strings.HasPrefix(t, "!") {
			hasMagic = true
		}
	}
	if !hasMagic {
		return magicResult{}, false
	}
	var res magicResult
	for i, l := range lines[:n] {
		t := strings.TrimSpace(l)
		if !strings.HasPrefix(t, "%") && !strings.HasPrefix(t, "!") {
			continue
		}
		// Line magics that run Go get the rest of their line at its own position.
		prefix := strings.Repeat("\n", i)
		r := s.lineMagic(ctx, t, prefix, l)
		if r.err != nil {
			return r, true
		}
		if r.out.Value != nil || r.out.Page != nil {
			res = r
		}
	}
	rest := strings.Join(lines[n:], "")
	if strings.TrimSpace(rest) != "" {
		out, err := s.runGo(ctx, blank(strings.Join(lines[:n], ""))+rest)
		if res.out.Page != nil {
			out.Page = res.out.Page
		}
		return magicResult{out, err}, true
	}
	return res, true
}

func isDotted(s string) bool {
	if s == "" {
		return false
	}
	for _, part := range strings.Split(s, ".") {
		if part == "" {
			return false
		}
		for i, r := range part {
			if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 127 || i > 0 && r >= '0' && r <= '9') {
				return false
			}
		}
	}
	return true
}

// lineMagic runs one magic line t; prefix holds the newlines before its line so that
// Go code on it keeps its line number, and line is the raw line.
func (s *Session) lineMagic(ctx context.Context, t, prefix, line string) magicResult {
	if strings.HasPrefix(t, "!") {
		return magicResult{err: s.shell(ctx, strings.TrimSpace(t[1:]))}
	}
	name, arg, _ := strings.Cut(t, " ")
	arg = strings.TrimSpace(arg)
	// goArg is the argument of the magic at its place in the cell.
	goArg := func() string {
		i := strings.Index(line, name) + len(name)
		return prefix + blank(line[:i]) + line[i:]
	}
	switch name {
	case "%help":
		var b strings.Builder
		b.WriteString("hessnote magics:\n\n")
		for _, m := range magicHelp {
			fmt.Fprintf(&b, "  %-22s %s\n", m[0], m[1])
		}
		b.WriteString("\nTab completes names, shift-tab shows documentation.\n")
		page := display.Bundle{Data: map[string]any{"text/plain": b.String()}}
		return magicResult{out: Outcome{Page: &page}}
	case "%reset":
		if err := s.reset(); err != nil {
			return magicResult{err: newError("MagicError", err.Error())}
		}
		fmt.Fprintln(s.outs.direct[0], "session reset: every variable, function, type and import is forgotten")
		return magicResult{}
	case "%who":
		fmt.Fprint(s.outs.direct[0], s.who())
		return magicResult{}
	case "%time":
		start := time.Now()
		cpu := cpuTime()
		out, err := s.runGo(ctx, goArg())
		fmt.Fprintf(s.outs.direct[0], "wall time: %s, CPU time: %s\n", time.Since(start).Round(time.Microsecond), (cpuTime() - cpu).Round(time.Microsecond))
		return magicResult{out, err}
	case "%timeit":
		return magicResult{err: s.timeit(ctx, arg, goArg())}
	case "%env":
		return magicResult{err: s.env(ctx, arg)}
	case "%cd":
		dir := arg
		if dir == "" {
			dir, _ = os.UserHomeDir()
		}
		if strings.HasPrefix(dir, "~/") {
			home, _ := os.UserHomeDir()
			dir = filepath.Join(home, dir[2:])
		}
		if err := os.Chdir(dir); err != nil {
			return magicResult{err: newError("MagicError", err.Error())}
		}
		wd, _ := os.Getwd()
		fmt.Fprintln(s.outs.direct[0], wd)
		return magicResult{}
	case "%seed":
		n, err := strconv.ParseInt(arg, 10, 64)
		if err != nil {
			return magicResult{err: newError("MagicError", "%seed needs an integer: "+arg)}
		}
		seeded := s.seed(n)
		fmt.Fprintf(s.outs.direct[0], "seeded %s with %d\n", strings.Join(seeded, ", "), n)
		return magicResult{}
	case "%blas":
		if arg != "" {
			m, err := openblas.ParseMode(arg)
			if err == nil {
				err = openblas.Use(m)
			}
			if err != nil {
				return magicResult{err: newError("MagicError", err.Error())}
			}
		}
		fmt.Fprintln(s.outs.direct[0], "BLAS:", openblas.Describe())
		return magicResult{}
	}
	return magicResult{err: newError("MagicError", fmt.Sprintf("unknown magic %s; known magics: %s", name, knownMagics()))}
}

// shell runs cmd with sh -c, streaming its output.
func (s *Session) shell(ctx context.Context, cmd string) error {
	c := exec.CommandContext(ctx, "/bin/sh", "-c", cmd)
	c.Stdout, c.Stderr = os.Stdout, os.Stderr
	c.WaitDelay = time.Second
	err := c.Run()
	if ctx.Err() != nil {
		return newError("Interrupted", "interrupted: !"+cmd)
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		fmt.Fprintf(os.Stderr, "!%s: exit status %d\n", cmd, ee.ExitCode())
		return nil
	}
	if err != nil {
		return newError("ShellError", err.Error())
	}
	return nil
}

// timeit runs stmt in a loop, doubling the count until it takes 200 ms.
func (s *Session) timeit(ctx context.Context, stmt, padded string) error {
	if strings.TrimSpace(stmt) == "" {
		return newError("MagicError", "%timeit needs a statement, e.g. %timeit f(x)")
	}
	// One run first: compile errors are reported with cell positions.
	if _, err := s.runGo(ctx, padded); err != nil {
		return err
	}
	for n := 1; ; n *= 4 {
		start := time.Now()
		src := fmt.Sprintf(";for _hnI := 0; _hnI < %d; _hnI++ {\n%s\n}", n, stmt)
		if err := s.eval(ctx, src); err != nil {
			return err
		}
		d := time.Since(start)
		if d > 200*time.Millisecond || n >= 1<<24 {
			fmt.Fprintf(s.outs.direct[0], "%d runs\t%.1f ns/op\n", n, float64(d.Nanoseconds())/float64(n))
			return nil
		}
	}
}

// env implements %env.
func (s *Session) env(ctx context.Context, arg string) error {
	if arg == "" {
		env := os.Environ()
		sort.Strings(env)
		fmt.Fprintln(s.outs.direct[0], strings.Join(env, "\n"))
		return nil
	}
	k, v, set := strings.Cut(arg, "=")
	if !set {
		if f := strings.Fields(arg); len(f) == 2 {
			k, v, set = f[0], f[1], true
		}
	}
	k = strings.TrimSpace(k)
	if !set {
		fmt.Fprintln(s.outs.direct[0], os.Getenv(k))
		return nil
	}
	v = strings.TrimSpace(v)
	if err := os.Setenv(k, v); err != nil {
		return newError("MagicError", err.Error())
	}
	// The interpreter keeps its own environment (restricted mode).
	if err := s.eval(ctx, fmt.Sprintf(";_hnos.Setenv(%q, %q)", k, v)); err != nil {
		return err
	}
	fmt.Fprintf(s.outs.direct[0], "env: %s=%s\n", k, v)
	return nil
}

// seed seeds the session's math/rand source and every Seed/SetSeed function of the
// preloaded hessnote packages.
func (s *Session) seed(n int64) []string {
	seeded := []string{"math/rand", "math/rand/v2"}
	s.rt.rand.seed(n)
	var keys []string
	for k := range symbols.Symbols {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !strings.HasPrefix(k, "github.com/hessnote/hessnote/") {
			continue
		}
		for _, fn := range []string{"SetSeed", "Seed"} {
			f, ok := symbols.Symbols[k][fn]
			if !ok || f.Kind() != reflect.Func || f.Type().NumIn() != 1 {
				continue
			}
			in := f.Type().In(0)
			var arg reflect.Value
			switch in.Kind() {
			case reflect.Int, reflect.Int64, reflect.Int32:
				arg = reflect.ValueOf(n).Convert(in)
			case reflect.Uint64, reflect.Uint, reflect.Uint32:
				arg = reflect.ValueOf(uint64(n)).Convert(in)
			default:
				continue
			}
			f.Call([]reflect.Value{arg})
			seeded = append(seeded, filepath.Dir(k)+"."+fn)
		}
	}
	return seeded
}

// who lists the user's definitions.
func (s *Session) who() string {
	var b strings.Builder
	g := s.globals()
	var names []string
	for n := range g {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(names) > 0 {
		b.WriteString("variables:\n")
		for _, n := range names {
			v := g[n]
			t := s.typeName(n, v)
			fmt.Fprintf(&b, "  %-16s %s\n", n, t)
		}
	}
	var funcs, types, consts []string
	for _, d := range s.decls {
		first := firstLine(d.text)
		switch {
		case strings.HasPrefix(d.key, "func "), strings.HasPrefix(d.key, "method "):
			funcs = append(funcs, fmt.Sprintf("  %s", strings.TrimSuffix(strings.TrimSpace(first), "{")))
		case strings.HasPrefix(d.key, "type "):
			types = append(types, fmt.Sprintf("  %s", d.name))
		default:
			consts = append(consts, fmt.Sprintf("  %s", d.name))
		}
	}
	for _, sec := range []struct {
		title string
		items []string
	}{{"functions:", funcs}, {"types:", types}, {"constants:", consts}} {
		if len(sec.items) > 0 {
			b.WriteString(sec.title + "\n" + strings.Join(sec.items, "\n") + "\n")
		}
	}
	if b.Len() == 0 {
		return "nothing defined yet\n"
	}
	return b.String()
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// lockedRand is the global source of math/rand and math/rand/v2 in a session's
// interpreter: %seed reseeds both.
type lockedRand struct {
	mu sync.Mutex
	r  *rand.Rand
	r2 *randv2.Rand
}

func newLockedRand() *lockedRand {
	now := time.Now().UnixNano()
	return &lockedRand{r: rand.New(rand.NewSource(now)), r2: randv2.New(randv2.NewPCG(uint64(now), 0))}
}

func (l *lockedRand) seed(n int64) {
	l.mu.Lock()
	l.r.Seed(n)
	l.r2 = randv2.New(randv2.NewPCG(uint64(n), 0))
	l.mu.Unlock()
}

// exportsV2 replaces the top-level functions of math/rand/v2 in the interpreter.
func (l *lockedRand) exportsV2() map[string]reflect.Value {
	lock := func() func() { l.mu.Lock(); return l.mu.Unlock }
	return map[string]reflect.Value{
		"Float64":     reflect.ValueOf(func() float64 { defer lock()(); return l.r2.Float64() }),
		"Float32":     reflect.ValueOf(func() float32 { defer lock()(); return l.r2.Float32() }),
		"Int":         reflect.ValueOf(func() int { defer lock()(); return l.r2.Int() }),
		"IntN":        reflect.ValueOf(func(n int) int { defer lock()(); return l.r2.IntN(n) }),
		"Int32":       reflect.ValueOf(func() int32 { defer lock()(); return l.r2.Int32() }),
		"Int32N":      reflect.ValueOf(func(n int32) int32 { defer lock()(); return l.r2.Int32N(n) }),
		"Int64":       reflect.ValueOf(func() int64 { defer lock()(); return l.r2.Int64() }),
		"Int64N":      reflect.ValueOf(func(n int64) int64 { defer lock()(); return l.r2.Int64N(n) }),
		"Uint32":      reflect.ValueOf(func() uint32 { defer lock()(); return l.r2.Uint32() }),
		"Uint64":      reflect.ValueOf(func() uint64 { defer lock()(); return l.r2.Uint64() }),
		"Uint32N":     reflect.ValueOf(func(n uint32) uint32 { defer lock()(); return l.r2.Uint32N(n) }),
		"Uint64N":     reflect.ValueOf(func(n uint64) uint64 { defer lock()(); return l.r2.Uint64N(n) }),
		"UintN":       reflect.ValueOf(func(n uint) uint { defer lock()(); return l.r2.UintN(n) }),
		"Uint":        reflect.ValueOf(func() uint { defer lock()(); return l.r2.Uint() }),
		"NormFloat64": reflect.ValueOf(func() float64 { defer lock()(); return l.r2.NormFloat64() }),
		"ExpFloat64":  reflect.ValueOf(func() float64 { defer lock()(); return l.r2.ExpFloat64() }),
		"Perm":        reflect.ValueOf(func(n int) []int { defer lock()(); return l.r2.Perm(n) }),
		"Shuffle": reflect.ValueOf(func(n int, swap func(i, j int)) {
			for i := n - 1; i > 0; i-- {
				l.mu.Lock()
				j := l.r2.IntN(i + 1)
				l.mu.Unlock()
				swap(i, j)
			}
		}),
	}
}

// exports replaces the top-level functions of math/rand in the interpreter.
func (l *lockedRand) exports() map[string]reflect.Value {
	lock := func() func() { l.mu.Lock(); return l.mu.Unlock }
	return map[string]reflect.Value{
		"Seed":        reflect.ValueOf(func(n int64) { l.seed(n) }),
		"Float64":     reflect.ValueOf(func() float64 { defer lock()(); return l.r.Float64() }),
		"Float32":     reflect.ValueOf(func() float32 { defer lock()(); return l.r.Float32() }),
		"Int":         reflect.ValueOf(func() int { defer lock()(); return l.r.Int() }),
		"Intn":        reflect.ValueOf(func(n int) int { defer lock()(); return l.r.Intn(n) }),
		"Int31":       reflect.ValueOf(func() int32 { defer lock()(); return l.r.Int31() }),
		"Int31n":      reflect.ValueOf(func(n int32) int32 { defer lock()(); return l.r.Int31n(n) }),
		"Int63":       reflect.ValueOf(func() int64 { defer lock()(); return l.r.Int63() }),
		"Int63n":      reflect.ValueOf(func(n int64) int64 { defer lock()(); return l.r.Int63n(n) }),
		"Uint32":      reflect.ValueOf(func() uint32 { defer lock()(); return l.r.Uint32() }),
		"Uint64":      reflect.ValueOf(func() uint64 { defer lock()(); return l.r.Uint64() }),
		"NormFloat64": reflect.ValueOf(func() float64 { defer lock()(); return l.r.NormFloat64() }),
		"ExpFloat64":  reflect.ValueOf(func() float64 { defer lock()(); return l.r.ExpFloat64() }),
		"Perm":        reflect.ValueOf(func(n int) []int { defer lock()(); return l.r.Perm(n) }),
		"Shuffle": reflect.ValueOf(func(n int, swap func(i, j int)) {
			for i := n - 1; i > 0; i-- {
				l.mu.Lock()
				j := l.r.Intn(i + 1)
				l.mu.Unlock()
				swap(i, j)
			}
		}),
		"Read": reflect.ValueOf(func(p []byte) (int, error) { defer lock()(); return l.r.Read(p) }),
	}
}

// typeName is the type of a variable as the notebook wrote it when known, else as
// reflect sees it.
func (s *Session) typeName(name string, v reflect.Value) string {
	if s != nil {
		if t, ok := s.varTypes[name]; ok {
			return t
		}
	}
	if !v.IsValid() {
		return "?"
	}
	if v.Kind() == reflect.Interface && !v.IsNil() {
		return v.Elem().Type().String()
	}
	return v.Type().String()
}
