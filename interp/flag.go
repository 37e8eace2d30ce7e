package interp

import "flag"

// flagOverrides replace functions of package flag for cells. flag.Parse parses the
// process's os.Args (compiled code does not see the interpreter's Args): in a kernel
// those are the kernel's own arguments, and flag.CommandLine exits the process on an
// error (os.Exit(2), which no recover stops: "flag provided but not defined" killed the
// kernel). A notebook has no command line: Parse parses an empty one.
var flagOverrides = map[string]any{
	"Parse": func() { _ = flag.CommandLine.Parse([]string{}) },
}
