package interp_test

import (
	"context"
	"fmt"
	"os"

	"github.com/hessnote/hessnote/interp"
)

// A cell mixes imports, declarations and statements; its last expression is its value.
func ExampleSession_Execute() {
	s, err := interp.New(interp.Options{Stdout: os.Stdout, Stderr: os.Stderr})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	ctx := context.Background()
	out, err := s.Execute(ctx, `import "fmt"
func square(x float64) float64 { return x * x }
fmt.Println("printed")
square(3)`)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("value:", out.Value.Text())

	_, err = s.Execute(ctx, "y := 1\nz := y + undefinedName")
	fmt.Println(err)
	// Output:
	// printed
	// value: 9
	// CompileError: 2:10: undefined: undefinedName
}
