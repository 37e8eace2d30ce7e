package interp

import (
	"context"
	"fmt"
	"regexp"
	"strings"
)

// resolveCycles declares together pending cells that wait only for each other: types
// that refer to each other (type Atom struct{ next *Slist } and type Slist struct{ atom
// Atom }), written one per cell, as Go lets a file do, each waited for the other and
// none was ever declared. The cells of such a group run as one cell (their code joined,
// in the order they came), which declares all of them or fails like one cell.
func (s *Session) resolveCycles(ctx context.Context) {
	if s.resolving || len(s.pending) < 2 {
		return
	}
	group := append([]*pendingDecl(nil), s.pending...)
	for changed := true; changed; {
		changed = false
		declared := map[string]bool{}
		for _, p := range group {
			for _, n := range p.names {
				declared[n] = true
			}
		}
		kept := group[:0]
		for _, p := range group {
			all := true
			for _, m := range p.missing {
				all = all && declared[m]
			}
			if all {
				kept = append(kept, p)
			} else {
				changed = true
			}
		}
		group = kept
	}
	if len(group) < 2 {
		return
	}
	var codes, names []string
	for _, p := range group {
		codes = append(codes, p.code)
		names = append(names, p.names...)
	}
	s.dropPending(names)
	s.resolving = true
	_, err := s.runGo(ctx, strings.Join(codes, "\n"))
	s.resolving = false
	if err != nil {
		fmt.Fprintf(s.outs.direct[1], "%s could not be declared together: %v\n", strings.Join(names, ", "), err)
		return
	}
	s.resolvePending(ctx)
}

// missingMethodRE matches go/types' message for a method that a notebook type (a name
// without a package) does not have yet.
var missingMethodRE = regexp.MustCompile(`^\S+ undefined \(type \*?([A-Za-z_]\w*) has no field or method ([A-Za-z_]\w*)\)$`)

// missingMethod returns "T.M" for the message of a call of a method M that the
// notebook's type T does not have yet (a cell declares it further down): a cell of
// declarations that calls it waits for it, as for a function (pendingOf).
func missingMethod(msg string) (string, bool) {
	m := missingMethodRE.FindStringSubmatch(msg)
	if m == nil {
		return "", false
	}
	return m[1] + "." + m[2], true
}
