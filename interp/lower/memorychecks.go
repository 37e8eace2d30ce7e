package lower

import (
	"go/ast"
	"go/types"
)

// MemoryChecks refuses the allocation counters, the Mallocs and Frees fields of
// runtime.MemStats and testing.AllocsPerRun.
//
// Under yaegi v0.16.1 every interpreted operation allocates (frames, reflect values,
// closures), so these counters measure the interpreter, not the cell's code: a check
// that a function does not allocate (test/closure.go: `if n0 != memstats.Mallocs`)
// failed although the code is right, and a count printed in a notebook is meaningless.
// Memory sizes (HeapAlloc, Sys) and NumGC stay available.
//
// runtime.SetFinalizer with a function literal is Unsupported's; with a declared
// function it is kept: Go does not promise that finalizers run, and programs that set
// them in a loop of main (test/mallocfin.go) see most of them run.
func MemoryChecks(r *Result) []Refusal {
	if r == nil || r.Info == nil {
		return nil
	}
	var refused []Refusal
	refuse := func(n ast.Node, what string) {
		pos := r.Fset.Position(n.Pos())
		if pos.Filename != CellFile {
			return
		}
		refused = append(refused, Refusal{Line: pos.Line, Col: pos.Column,
			Msg: what + " counts the interpreter's own allocations, not those of your code, so it cannot tell what the code allocates in a notebook; measure allocations in compiled Go (go test -bench with b.ReportAllocs, or testing.AllocsPerRun)"})
	}
	r.inspect(func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		switch o := r.Info.Uses[sel.Sel].(type) {
		case *types.Var:
			if o.IsField() && o.Pkg() != nil && o.Pkg().Path() == "runtime" && (o.Name() == "Mallocs" || o.Name() == "Frees") {
				if s := r.Info.Selections[sel]; s != nil {
					if named, ok := elemOfPointer(s.Recv()).(*types.Named); ok && named.Obj().Name() == "MemStats" {
						refuse(sel, "runtime.MemStats."+o.Name())
					}
				}
			}
		case *types.Func:
			if o.Pkg() != nil && o.Pkg().Path() == "testing" && o.Name() == "AllocsPerRun" {
				refuse(sel, "testing.AllocsPerRun")
			}

		}
		return true
	})
	return refused
}
