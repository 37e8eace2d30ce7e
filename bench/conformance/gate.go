package main

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// gate reruns the pairs of the pass list for the gate's ways and fails naming every pair
// that no longer passes. With -gate-new it also tries, with -gate-new-timeout, the pairs
// not on the list of programs the oracle cache says pass, and names those that pass now
// (a hint to rerun -update-pass). It never runs go run.
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
	var missing []string
	for _, p := range listed {
		onList[p] = true
		if !contains(r.gateWays, p.way) || (r.filter != nil && !r.filter.MatchString(p.program)) {
			continue
		}
		if _, ok := byName[p.program]; !ok {
			missing = append(missing, p.program)
			continue
		}
		jobs = append(jobs, p)
	}
	nListed := len(jobs)
	if r.gateNew {
		for _, p := range progs {
			e, ok := r.cache.Programs[p.Name]
			if !ok || !e.Pass {
				continue
			}
			for _, w := range r.gateWays {
				if !onList[pair{p.Name, w}] {
					jobs = append(jobs, pair{p.Name, w})
				}
			}
		}
	}
	outcomes := make([]Outcome, len(jobs))
	r.forEach(len(jobs), func(i int) {
		p := byName[jobs[i].program]
		want, err := p.expected()
		if err != nil {
			outcomes[i] = Outcome{Tag: tagCrash, Error: err.Error()}
			return
		}
		timeout := r.timeout
		if i >= nListed {
			timeout = r.gateNewTimeout
		}
		res := runProcess([]string{r.exe, "-one", jobs[i].way, p.Path}, r.testDir, r.childEnv(), timeout, true)
		outcomes[i] = classify(res, want)
	})
	var lost, gained []string
	for i, o := range outcomes {
		name := jobs[i].program + " " + jobs[i].way
		switch {
		case i < nListed && !o.Pass:
			lost = append(lost, fmt.Sprintf("  %s: %s: %s", name, o.Tag, o.Error))
		case i >= nListed && o.Pass:
			gained = append(gained, "  "+name)
		}
	}
	for _, m := range missing {
		lost = append(lost, "  "+m+": not in the corpus of "+r.testDir)
	}
	fmt.Printf("conformance gate (%s, ways %s): %d of %d listed pairs pass; %.0f s\n",
		r.goVersion, strings.Join(r.gateWays, ","), nListed-len(lost)+len(missing), nListed+len(missing), time.Since(start).Seconds())
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
