package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// gate reruns the pairs of the pass list in the gate's ways (-gate-ways) and fails
// naming every pair that no longer passes. It also tries, in -gate-new-ways with the
// short -gate-new-timeout, the pairs not on the list of programs that pass under go run
// (as the last report, or else the oracle cache, says), skipping those that timed out in
// the last report, and names those that pass now: a hint to rerun -update-pass. It
// never runs go run.
func (r *runner) gate() int {
	start := time.Now()
	listed, err := readPassList(r.passList)
	if err != nil {
		fmt.Fprintln(os.Stderr, "conformance gate:", err)
		return 1
	}
	progs, _, err := r.corpus()
	if err != nil {
		fmt.Fprintln(os.Stderr, "conformance gate:", err)
		return 1
	}
	byName := map[string]Program{}
	for _, p := range progs {
		byName[p.Name] = p
	}
	onList := map[pair]bool{}
	var jobs []pair
	var lost []string
	for _, p := range listed {
		onList[p] = true
		if !contains(r.gateWays, p.way) || (r.filter != nil && !r.filter.MatchString(p.program)) {
			continue
		}
		if _, ok := byName[p.program]; !ok {
			lost = append(lost, "  "+p.program+" "+p.way+": not in the corpus of "+r.testDir)
			continue
		}
		jobs = append(jobs, p)
	}
	nListed := len(jobs)
	jobs = append(jobs, r.newCandidates(progs, onList)...)
	try := func(p pair, timeout time.Duration) Outcome {
		prog := byName[p.program]
		want, err := prog.expected()
		if err != nil {
			return Outcome{Tag: tagCrash, Error: err.Error()}
		}
		res := runProcess([]string{r.exe, "-one", p.way, prog.Path}, r.testDir, r.childEnv(), timeout, true)
		res.Output = stripNotices(res.Output)
		return classify(res, want)
	}
	outcomes := make([]Outcome, len(jobs))
	r.forEach(len(jobs), func(i int) {
		timeout := r.gateTimeout
		if i >= nListed {
			timeout = r.gateNewTimeout
		}
		outcomes[i] = try(jobs[i], timeout)
	})
	var gained, flaky []string
	for i, o := range outcomes {
		name := jobs[i].program + " " + jobs[i].way
		switch {
		case i < nListed && !o.Pass:
			// A listed pair must fail twice: goroutine scheduling and load vary.
			if again := try(jobs[i], r.gateTimeout); again.Pass {
				flaky = append(flaky, fmt.Sprintf("  %s: failed once (%s: %s), passed again", name, o.Tag, o.Error))
				outcomes[i] = again
				continue
			}
			lost = append(lost, fmt.Sprintf("  %s: %s: %s", name, o.Tag, o.Error))
		case i >= nListed && o.Pass:
			gained = append(gained, "  "+name)
		}
	}
	fmt.Printf("conformance gate (%s): %d of %d listed pairs (ways %s) pass; %d other pairs tried (ways %s); %.0f s\n",
		r.goVersion, nListed-countFailed(outcomes[:nListed]), nListed,
		strings.Join(r.gateWays, ","), len(jobs)-nListed, strings.Join(r.gateNewWays, ","), time.Since(start).Seconds())
	if len(flaky) > 0 {
		fmt.Printf("%d listed pairs are flaky:\n%s\n", len(flaky), strings.Join(flaky, "\n"))
	}
	if len(gained) > 0 {
		fmt.Printf("%d pairs pass that are not on %s (rerun go run ./bench/conformance -update-pass):\n%s\n",
			len(gained), r.passList, strings.Join(gained, "\n"))
	}
	if len(lost) > 0 {
		fmt.Printf("FAIL: %d pairs of %s no longer pass:\n%s\n", len(lost), r.passList, strings.Join(lost, "\n"))
		return 1
	}
	return 0
}

func countFailed(outcomes []Outcome) int {
	n := 0
	for _, o := range outcomes {
		if !o.Pass {
			n++
		}
	}
	return n
}

// newCandidates lists the pairs, in -gate-new-ways, that are not on the pass list, of
// programs that pass under go run, except those that timed out in the last report.
func (r *runner) newCandidates(progs []Program, onList map[pair]bool) []pair {
	if len(r.gateNewWays) == 0 {
		return nil
	}
	last := map[string]Result{}
	if b, err := os.ReadFile(filepath.Join(r.out, "conformance.json")); err == nil {
		var rep Report
		if json.Unmarshal(b, &rep) == nil && rep.GoVersion == r.goVersion {
			for _, res := range rep.Programs {
				last[res.Name] = res
			}
		}
	}
	var ps []pair
	for _, p := range progs {
		res, known := last[p.Name]
		if e, ok := r.cache.Programs[p.Name]; !(known && res.Oracle.Pass) && !(ok && e.Pass) {
			continue
		}
		for _, w := range r.gateNewWays {
			if onList[pair{p.Name, w}] || strings.HasPrefix(res.Ways[w].Error, "timed out") {
				continue
			}
			ps = append(ps, pair{p.Name, w})
		}
	}
	return ps
}
