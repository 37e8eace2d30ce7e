package interp

import (
	"sort"

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
		lower.SwitchConsts,
	} {
		e, r := pass(r, code)
		all, refused = append(all, e...), append(refused, r...)
	}
	refused = append(refused, lower.MemoryChecks(r)...)
	refused = append(refused, lower.Unsupported(r, code)...)
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
		lower.Parens,
		lower.AssignVars,
		lower.RangeStrings,
		lower.MethodValues,
		lower.FuncValues,
		lower.RangeAssign,
		lower.Parallel,
		lower.Prints,
		lower.IfaceAsserts,
		lower.Instantiate,
	} {
		all = append(all, pass(r, code)...)
	}
	for _, e := range all {
		edits = append(edits, edit{e.Start, e.End, e.Text})
	}
	return append(edits, recoverEdits(r, code)...), entry, nil
}
