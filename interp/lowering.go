package interp

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/hessnote/hessnote/interp/lower"
)

// lowerCell runs the lowering passes of package lower over a cell that type-checked
// (r), in order, and returns their edits of code together with the entry points the
// cell declares (its init functions, then func main, under the names lower.Entry gives
// them; serial numbers the cell). A construct a pass cannot lower is refused: the
// cell must not run, and err says why and what to write instead.
//
// Every pass keeps a cell that type-checks type-checking (FuzzLowering).
func lowerCell(r *lower.Result, code string, serial int) (edits []edit, entry []string, err error) {
	var all []lower.Edit
	var refused []lower.Refusal
	for _, pass := range []func(*lower.Result, string) ([]lower.Edit, []lower.Refusal){
		lower.Defers,
		lower.Values,
		lower.NewExprs,
		lower.Selects,
		lower.RangeFunc,
		lower.RangeInts,
		lower.SwitchConsts,
	} {
		e, r := pass(r, code)
		all, refused = append(all, e...), append(refused, r...)
	}
	refused = append(refused, lower.MemoryChecks(r)...)
	refused = append(refused, lower.Unsupported(r, code)...)
	refused = append(refused, lower.RecursiveGenerics(r)...)
	refused = append(refused, lower.MapKeys(r)...)
	refused = append(refused, lower.RefuseTypeArgs(r)...)
	sort.SliceStable(refused, func(i, j int) bool { // report the first in the cell
		return refused[i].Line < refused[j].Line || refused[i].Line == refused[j].Line && refused[i].Col < refused[j].Col
	})
	if len(refused) > 0 {
		return nil, nil, newError("UnsupportedError", refused[0].Error())
	}
	ent, inits, hasMain := lower.Entry(r, code, serial)
	entry = inits
	if hasMain {
		entry = append(entry, lower.MainName)
	}
	all = append(all, ent...)
	for _, pass := range []func(*lower.Result, string) []lower.Edit{
		lower.Receives,
		lower.Parens,
		lower.Results,
		lower.RangeStrings,
		lower.MethodValues,
		lower.FuncValues,
		lower.RangeAssign,
		lower.Parallel,
		lower.Prints,
		lower.IfaceAsserts,
		lower.CommaOk,
		lower.IfaceConvs,
		lower.Instantiate,
	} {
		all = append(all, pass(r, code)...)
	}
	for _, e := range all {
		edits = append(edits, edit{e.Start, e.End, e.Text})
	}
	edits = append(edits, recoverEdits(r, code)...)
	if a, b, bad := overlaps(edits); bad {
		return nil, nil, newError("InternalError", fmt.Sprintf("two of the interpreter's rewrites of this cell overlap (%s and %s); the cell was not run: please report it", describeEdit(code, a), describeEdit(code, b)))
	}
	return edits, entry, nil
}

// overlaps returns a description of the first edit that applyEdits would drop: an edit
// inside the range another one replaces, and not inside a lower.Moved range of that
// edit's text (through which it is applied), or an insertion at the end of such a
// range (expandMoved leaves those out), or two replacements that cross. A dropped
// edit is a rewrite that silently did not happen; the cell must not run then.
func overlaps(edits []edit) (edit, edit, bool) {
	for _, e := range edits {
		if e.end <= e.start {
			continue
		}
		var moved [][2]int
		for _, m := range movedRE.FindAllStringSubmatch(e.text, -1) {
			from, _ := strconv.Atoi(m[1])
			to, _ := strconv.Atoi(m[2])
			moved = append(moved, [2]int{from, to})
		}
		for _, f := range edits {
			if f == e || f.end <= e.start || f.start >= e.end {
				continue // apart, or touching
			}
			if f.start < e.start || f.end > e.end {
				if f.end > f.start && (f.start > e.start || f.end < e.end) {
					return e, f, true // crossing replacements
				}
				continue // f contains e: checked from f's side
			}
			covered := false
			for _, m := range moved {
				if m[0] <= f.start && f.end <= m[1] && !(f.start == m[1] && f.end == m[1]) && !(f.start == m[0] && f.end == m[1]) {
					covered = true
					break
				}
			}
			if !covered {
				return e, f, true
			}
		}
	}
	return edit{}, edit{}, false
}

// describeEdit names an edit by the cell text it changes.
func describeEdit(code string, e edit) string {
	if e.start == e.end {
		return fmt.Sprintf("an insertion of %q at offset %d", e.text, e.start)
	}
	return fmt.Sprintf("%q -> %q", code[e.start:e.end], e.text)
}
