package lower

import (
	"fmt"
	"go/ast"
	"go/types"
)

// MainName and the prefix of init functions are what func main and func init of a cell
// are declared as.
const (
	MainName   = "_hnMain"
	initPrefix = "_hnInit"
)

// Entry is the pass that gives func main and func init of a cell a meaning: a whole
// program pasted into a cell runs. yaegi runs a declared main again after every later
// Eval (../shared/yaegi.md, "How one Eval parses"), and init is reserved, so the pass
// renames main to MainName and each init to a name of its own (serial numbers them
// within the session); uses of main in the cell follow. The session runs the inits, in
// order, after the cell's other code, then main, as Go runs a program (The Go
// Programming Language Specification, "Program initialization and execution").
func Entry(r *Result, src string, serial int) (edits []Edit, inits []string, hasMain bool) {
	if r == nil || r.Info == nil {
		return nil, nil, false
	}
	if r.Decls != nil {
		for _, d := range r.Decls.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv != nil {
				continue
			}
			start, end := r.offset(src, fd.Name.Pos()), r.offset(src, fd.Name.End())
			switch fd.Name.Name {
			case "main":
				hasMain = true
				edits = append(edits, Edit{start, end, MainName})
			case "init":
				name := fmt.Sprintf("%s%d_%d", initPrefix, serial, len(inits))
				inits = append(inits, name)
				edits = append(edits, Edit{start, end, name})
			}
		}
	}
	for id, o := range r.Info.Uses {
		fn, ok := o.(*types.Func)
		if !ok || fn.Name() != "main" || !isPackageLevel(fn) || r.Fset.Position(id.Pos()).Filename != CellFile {
			continue
		}
		edits = append(edits, Edit{r.offset(src, id.Pos()), r.offset(src, id.End()), MainName})
	}
	return edits, inits, hasMain
}
