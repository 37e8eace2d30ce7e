package interp

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// display.Password and display.Input in a cell call Options.Input (password true and
// false) with the prompt, after the output written before them has been delivered.
func TestPasswordAndInput(t *testing.T) {
	type ask struct {
		prompt   string
		password bool
		before   string
	}
	var asks []ask
	var h *harness
	h = newHarness(t, func(prompt string, password bool) (string, error) {
		asks = append(asks, ask{prompt, password, h.out.String()})
		if password {
			return "s3cret", nil
		}
		return "Ada", nil
	})
	v := h.value("import (\"fmt\"; \"github.com/hessnote/hessnote/display\")\nfmt.Println(\"logging in\")\n" +
		"pw, err := display.Password(\"token: \")\nname, err2 := display.Input(\"name? \")\nfmt.Sprint(len(pw), err, name, err2)")
	if v != "6 <nil>Ada<nil>" {
		t.Fatal(v)
	}
	want := []ask{{"token: ", true, "logging in\n"}, {"name? ", false, "logging in\n"}}
	if len(asks) != 2 || asks[0] != want[0] || asks[1] != want[1] {
		t.Fatalf("asks %+v", asks)
	}
	if strings.Contains(h.out.String()+h.err.String(), "s3cret") {
		t.Fatal("the password was echoed")
	}
}

// Without an input function the helpers fail at once with a clear error.
func TestPasswordWithoutInput(t *testing.T) {
	h := newHarness(t, nil)
	start := time.Now()
	v := h.value("import \"github.com/hessnote/hessnote/display\"\n_, err := display.Password(\"token: \")\nerr.Error()")
	if !strings.Contains(v, "not available") {
		t.Fatal(v)
	}
	if time.Since(start) > time.Second {
		t.Fatal("slow")
	}
}

// The kernel's error (input not allowed for the request) comes back to the cell.
func TestPasswordInputError(t *testing.T) {
	h := newHarness(t, func(string, bool) (string, error) { return "", errors.New("stdin is not allowed") })
	if v := h.value("import \"github.com/hessnote/hessnote/display\"\n_, err := display.Password(\"p\")\nerr.Error()"); v != "stdin is not allowed" {
		t.Fatal(v)
	}
}
