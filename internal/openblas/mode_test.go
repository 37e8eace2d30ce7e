package openblas

import (
	"errors"
	"strings"
	"testing"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
)

func TestParseMode(t *testing.T) {
	for s, want := range map[string]Mode{"deterministic": Deterministic, "pure": Deterministic, "fast": Fast, "openblas": Fast} {
		if m, err := ParseMode(s); err != nil || m != want {
			t.Errorf("ParseMode(%q) = %v, %v; want %v", s, m, err, want)
		}
	}
	if _, err := ParseMode("quick"); err == nil {
		t.Error("ParseMode(quick): no error")
	}
}

// TestUse checks that Use installs the mode's implementation in blas64 and that Fast
// falls back to gonum's in a build without OpenBLAS.
func TestUse(t *testing.T) {
	defer Use(Deterministic)
	if err := Use(Deterministic); err != nil {
		t.Fatal(err)
	}
	if _, ok := blas64.Implementation().(gonum.Implementation); !ok || Active() != Deterministic {
		t.Fatalf("after Use(Deterministic): %T, %v", blas64.Implementation(), Active())
	}
	if !strings.HasPrefix(Describe(), "deterministic") {
		t.Errorf("Describe() = %q", Describe())
	}
	err := Use(Fast)
	if !Available() {
		if !errors.Is(err, ErrUnavailable) || Active() != Deterministic {
			t.Fatalf("Use(Fast) without OpenBLAS: %v, active %v", err, Active())
		}
		if _, ok := blas64.Implementation().(gonum.Implementation); !ok {
			t.Fatalf("Use(Fast) without OpenBLAS installed %T", blas64.Implementation())
		}
		return
	}
	if err != nil || Active() != Fast {
		t.Fatalf("Use(Fast): %v, active %v", err, Active())
	}
	if _, ok := blas64.Implementation().(Implementation); !ok {
		t.Fatalf("after Use(Fast): %T", blas64.Implementation())
	}
	if d := Describe(); !strings.HasPrefix(d, "fast: OpenBLAS") {
		t.Errorf("Describe() = %q", d)
	}
}
