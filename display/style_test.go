package display

import (
	"image/color"
	"testing"
)

func TestMethodColor(t *testing.T) {
	blue := color.RGBA{0x1f, 0x77, 0xb4, 0xff}
	for _, tc := range []struct {
		name string
		want color.RGBA
		ok   bool
	}{
		{"Newton (Cholesky+τI)", blue, true},
		{"Newton (Cholesky+τI) + strong Wolfe", color.RGBA{0x17, 0xbe, 0xcf, 0xff}, true},
		{"L-BFGS (m=5)", color.RGBA{0x2c, 0xa0, 0x2c, 0xff}, true},
		{"L-BFGS", color.RGBA{0x2c, 0xa0, 0x2c, 0xff}, true},
		{"BFGS", color.RGBA{0xff, 0x7f, 0x0e, 0xff}, true},
		{"SGD(η=0.1)", color.RGBA{0xbc, 0xbd, 0x22, 0xff}, true},
		{"K-FAC(no momentum)", color.RGBA{0xd6, 0x27, 0x28, 0xff}, true},
		{"CG, spread spectrum", color.RGBA{0x8c, 0x56, 0x4b, 0xff}, true},
		{"CGX", color.RGBA{}, false}, // a name must end where the method's name ends
		{"Hutchinson", color.RGBA{}, false},
	} {
		got, ok := methodColor(tc.name)
		if ok != tc.ok || got != tc.want {
			t.Errorf("methodColor(%q) = %v, %v; want %v, %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
}

func TestStyleSeries(t *testing.T) {
	// Other series skip the colours of the methods in the same plot; a colour used twice
	// is dashed the second time.
	st := styleSeries([]string{"along v1", "Newton (Cholesky+τI)", "SGD, η = 0.1", "SGD, η = 0.2"})
	if st[0].color == st[1].color {
		t.Errorf("an unnamed series took the colour of Newton")
	}
	if st[2].color != st[3].color || st[2].dashes != nil || st[3].dashes == nil {
		t.Errorf("two SGD runs: %+v, %+v; want one colour, the second dashed", st[2], st[3])
	}
	if st[1].dashes != nil {
		t.Errorf("the first use of a colour is dashed")
	}
}

func TestCoincidentCurvesAreNoted(t *testing.T) {
	a, b := fakeRun("Newton (Cholesky+τI)", 8, 0.3), fakeRun("Newton (Cholesky+τI) + strong Wolfe", 8, 0.3)
	if !hasText(svgTexts(t, Convergence(a, b)), "same points as Newton (Cholesky+τI)") {
		t.Errorf("no note that the two curves coincide")
	}
	l := Lines(Series{Name: "a", X: []float64{1, 2}, Y: []float64{3, 4}}, Series{Name: "b", X: []float64{1, 2}, Y: []float64{3, 4}})
	if !hasText(svgTexts(t, l), "b: same points as a") {
		t.Errorf("Lines: no note that the two curves coincide")
	}
}

func TestContourLevelLabels(t *testing.T) {
	p := ContourWith(ContourOptions{Levels: []float64{1, 10, 100}}, rosenbrock, -2, 2, -1, 3)
	texts := svgTexts(t, p)
	for _, want := range []string{"10", "100"} {
		found := false
		for _, s := range texts {
			if s == want {
				found = true
			}
		}
		if !found {
			t.Errorf("level %s is not labelled (texts %q)", want, texts)
		}
	}
	p = ContourWith(ContourOptions{Levels: []float64{1, 10, 100}, NoLabels: true}, rosenbrock, -2, 2, -1, 3)
	for _, s := range svgTexts(t, p) {
		if s == "100" {
			t.Errorf("NoLabels: level 100 is labelled")
		}
	}
}

func TestLevelLabel(t *testing.T) {
	for v, want := range map[float64]string{0: "0", 0.012345: "0.0123", 1.5: "1.5", 250: "250", 12345.6: "12346", 3e-5: "3e-5", -2.5e7: "-2.5e7"} {
		if got := levelLabel(v); got != want {
			t.Errorf("levelLabel(%g) = %q, want %q", v, got, want)
		}
	}
}
