package lower

import "fmt"

// MovedLines is Moved keeping the line breaks of the source (for code that moves from a
// clause into the body that follows it: the clause loses the lines the body gains).
func MovedLines(start, end int) string {
	return fmt.Sprintf("\x00%d,%dL\x00", start, end)
}
