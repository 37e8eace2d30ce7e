// Command conformance runs Go's own self-checking test programs the way a notebook user
// runs code, and measures where hessnote differs from Go.
//
// The corpus is every file of $GOROOT/test, test/ken, test/chan, test/interface and
// test/typeparam whose first line is exactly `// run` and whose build constraints hold
// here (other `// run...` files are listed as skipped, with the reason). A program
// passes when it exits without error and prints its golden .out file (or nothing when
// there is none). Each program runs in a subprocess of its own, in its process group,
// killed after a timeout, in these ways:
//
//	go     go run FILE: the oracle; only programs that pass here count. Results are
//	       cached in bench/conformance-oracle.json by Go version and file hash.
//	yaegi  a plain yaegi interpreter with the standard library evaluating the file
//	       (as yaegi run does): the baseline.
//	cell   hessnote (package interp): the file without its package clause as one cell,
//	       func main renamed to main_, then a cell main_().
//	decls  hessnote: the imports in one cell, then one cell per top-level declaration in
//	       file order, then main_().
//	deps   hessnote: the imports, then one cell per declaration in dependency order
//	       (declarations that refer to each other share a cell), then main_().
//
// The interpreter ways run in a child: this binary re-executed with -one WAY FILE,
// reporting on file descriptor 3.
//
// Usage:
//
//	go run ./bench/conformance [-o bench] [-j 2] [-run REGEXP] [-update-pass]
//	go run ./bench/conformance -gate   # the regression gate of make test
//
// A full run writes OUT/conformance.json and OUT/conformance.md and prints the pass
// counts. -update-pass also rewrites the pass list (bench/conformance-pass.txt), the
// (program, way) pairs hessnote passes. -gate runs the pairs of the pass list again and
// fails naming every one that no longer passes; it also names programs that newly pass.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

// config is what the flags set.
type config struct {
	out, oracle, passList string
	jobs                  int
	timeout, goTimeout    time.Duration
	filter                *regexp.Regexp
	updatePass, gate      bool
	gateWays, gateNewWays []string
	gateTimeout           time.Duration
	gateNewTimeout        time.Duration
}

func run(args []string) int {
	fs := flag.NewFlagSet("conformance", flag.ContinueOnError)
	one := fs.String("one", "", "child mode: run `WAY` (yaegi, cell, decls, deps) on the file given as argument")
	var c config
	fs.StringVar(&c.out, "o", "bench", "directory for conformance.json and conformance.md")
	fs.StringVar(&c.oracle, "oracle", "bench/conformance-oracle.json", "cache of go run results")
	fs.StringVar(&c.passList, "pass", "bench/conformance-pass.txt", "the (program, way) pairs hessnote passes")
	fs.IntVar(&c.jobs, "j", 2, "programs run at once")
	fs.DurationVar(&c.timeout, "timeout", 10*time.Second, "limit per program for each interpreter way")
	fs.DurationVar(&c.goTimeout, "go-timeout", 90*time.Second, "limit per program for go run (compile and run)")
	runRE := fs.String("run", "", "only programs whose name matches `REGEXP` (no files are written)")
	fs.BoolVar(&c.updatePass, "update-pass", false, "rewrite the pass list from this run")
	fs.BoolVar(&c.gate, "gate", false, "regression gate: rerun the pairs of the pass list")
	fs.DurationVar(&c.gateTimeout, "gate-timeout", time.Minute, "gate: limit per program for the pairs of the pass list (generous: they pass, and the machine may be loaded)")
	fs.DurationVar(&c.gateNewTimeout, "gate-new-timeout", 3*time.Second, "gate: limit per program for pairs not on the pass list")
	gateWays := fs.String("gate-ways", strings.Join(cellWays, ","), "gate: the ways whose listed pairs are rerun")
	gateNewWays := fs.String("gate-new-ways", wayCell, "gate: the ways in which pairs not on the list are tried, to name those that newly pass (\"\" for none)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *one != "" {
		if fs.NArg() != 1 {
			fmt.Fprintln(os.Stderr, "conformance: -one WAY FILE")
			return 2
		}
		return childMain(*one, fs.Arg(0))
	}
	if *runRE != "" {
		re, err := regexp.Compile(*runRE)
		if err != nil {
			fmt.Fprintln(os.Stderr, "conformance:", err)
			return 2
		}
		c.filter = re
	}
	var err error
	if c.gateWays, err = parseWays("-gate-ways", *gateWays); err == nil {
		c.gateNewWays, err = parseWays("-gate-new-ways", *gateNewWays)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "conformance:", err)
		return 2
	}
	r, err := newRunner(c)
	if err != nil {
		fmt.Fprintln(os.Stderr, "conformance:", err)
		return 1
	}
	if c.gate {
		return r.gate()
	}
	return r.full()
}

// runner holds what every run needs.
type runner struct {
	config
	exe       string // this binary, re-executed for the interpreter ways
	testDir   string // $GOROOT/test
	goVersion string
	tags      map[string]bool
	mu        sync.Mutex // guards cache
	cache     *oracleCache
}

func newRunner(c config) (*runner, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	env, err := goEnv("GOROOT", "GOVERSION", "CGO_ENABLED")
	if err != nil {
		return nil, err
	}
	r := &runner{config: c, exe: exe, testDir: filepath.Join(env[0], "test"), goVersion: env[1]}
	r.tags = platformTags(r.goVersion, env[2] == "1")
	r.cache = loadOracle(c.oracle, r.goVersion)
	return r, nil
}

// goEnv asks the go command for the values of the named variables.
func goEnv(names ...string) ([]string, error) {
	cmd := exec.Command("go", append([]string{"env"}, names...)...)
	res := make(chan error, 1)
	var out []byte
	go func() {
		var err error
		out, err = cmd.Output()
		res <- err
	}()
	select {
	case err := <-res:
		if err != nil {
			return nil, fmt.Errorf("go env: %w", err)
		}
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		<-res
		return nil, fmt.Errorf("go env: no answer in 30 s")
	}
	vals := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(vals) != len(names) {
		return nil, fmt.Errorf("go env: %d values for %d names", len(vals), len(names))
	}
	return vals, nil
}

// childEnv is added to the environment of every subprocess, as Go's test harness does.
func (r *runner) childEnv() []string {
	return []string{"GOENV=off", "GOFLAGS=", "PWD=" + r.testDir}
}

// corpus lists the programs (filtered by -run) and the skipped candidates.
func (r *runner) corpus() ([]Program, []Skipped, error) {
	progs, skipped, err := discover(r.testDir, r.tags)
	if err != nil {
		return nil, nil, err
	}
	if r.filter != nil {
		var keep []Program
		for _, p := range progs {
			if r.filter.MatchString(p.Name) {
				keep = append(keep, p)
			}
		}
		progs = keep
	}
	return progs, skipped, nil
}

// oracleRun returns the verdict of go run on p, from the cache when it has one.
func (r *runner) oracleRun(p Program, src, want string) Outcome {
	hash := programHash(src, want)
	r.mu.Lock()
	e, ok := r.cache.lookup(p.Name, hash)
	r.mu.Unlock()
	if ok {
		return Outcome{Pass: e.Pass, Error: e.Error, Seconds: e.Seconds}
	}
	res := runProcess([]string{"go", "run", p.Name}, r.testDir, r.childEnv(), r.goTimeout, false)
	o := classifyOracle(res, want)
	if !res.TimedOut && res.Err == nil { // a timeout may be the load of the moment
		r.mu.Lock()
		r.cache.Programs[p.Name] = oracleEntry{Hash: hash, Pass: o.Pass, Error: o.Error, Seconds: o.Seconds}
		r.mu.Unlock()
	}
	return o
}

// wayRun runs p in one interpreter way in a child process and judges it.
func (r *runner) wayRun(p Program, way, want string) Outcome {
	res := runProcess([]string{r.exe, "-one", way, p.Path}, r.testDir, r.childEnv(), r.timeout, true)
	if way != wayYaegi {
		res.Output = stripNotices(res.Output)
	}
	return classify(res, want)
}

// forEach calls f(i) for i in [0, n) on r.jobs goroutines.
func (r *runner) forEach(n int, f func(i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < max(r.jobs, 1); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

// full runs the whole corpus and writes the report.
func (r *runner) full() int {
	start := time.Now()
	progs, skipped, err := r.corpus()
	if err != nil {
		fmt.Fprintln(os.Stderr, "conformance:", err)
		return 1
	}
	results := make([]Result, len(progs))
	var logMu sync.Mutex
	done := 0
	r.forEach(len(progs), func(i int) {
		p := progs[i]
		res := Result{Name: p.Name, Dir: p.Dir}
		src, err1 := os.ReadFile(p.Path)
		want, err2 := p.expected()
		if err := firstErr(err1, err2); err != nil {
			res.Oracle = Outcome{Error: "cannot read: " + err.Error()}
		} else if res.Oracle = r.oracleRun(p, string(src), want); res.Oracle.Pass {
			res.Ways = map[string]Outcome{}
			for _, w := range allWays {
				res.Ways[w] = r.wayRun(p, w, want)
			}
		}
		results[i] = res
		logMu.Lock()
		done++
		fmt.Fprintf(os.Stderr, "[%d/%d] %s %s\n", done, len(progs), p.Name, res.brief())
		logMu.Unlock()
	})
	rep := &Report{
		GoVersion: r.goVersion, Timeout: r.timeout.Seconds(), Jobs: r.jobs,
		Seconds: time.Since(start).Round(time.Second).Seconds(), Programs: results, Skipped: skipped,
	}
	keep := map[string]bool{}
	for _, p := range progs {
		keep[p.Name] = true
	}
	status := 0
	if r.filter != nil {
		keep = nil // a partial run prunes nothing
	}
	if err := r.cache.save(r.oracle, keep); err != nil {
		fmt.Fprintln(os.Stderr, "conformance:", err)
		status = 1
	}
	if r.filter == nil {
		if err := rep.write(r.out); err != nil {
			fmt.Fprintln(os.Stderr, "conformance:", err)
			status = 1
		}
	}
	fmt.Print(rep.summary())
	if r.updatePass {
		if r.filter != nil {
			fmt.Fprintln(os.Stderr, "conformance: -update-pass needs the whole corpus (no -run)")
			return 2
		}
		if err := writePassList(r.passList, rep.passPairs(cellWays)); err != nil {
			fmt.Fprintln(os.Stderr, "conformance:", err)
			return 1
		}
		fmt.Printf("wrote %s\n", r.passList)
	}
	return status
}

// parseWays parses a comma-separated list of hessnote ways ("" is none).
func parseWays(flagName, list string) ([]string, error) {
	var ways []string
	for _, w := range strings.Split(list, ",") {
		if w = strings.TrimSpace(w); w == "" {
			continue
		}
		if !contains(cellWays, w) {
			return nil, fmt.Errorf("%s: %q is not one of %v", flagName, w, cellWays)
		}
		ways = append(ways, w)
	}
	return ways, nil
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
