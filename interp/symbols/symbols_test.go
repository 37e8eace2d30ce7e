package symbols

import (
	"strings"
	"testing"
)

func TestTablesAndDocs(t *testing.T) {
	for _, key := range []string{
		"gonum.org/v1/gonum/mat/mat", "gonum.org/v1/gonum/floats/floats", "gonum.org/v1/gonum/stat/stat",
		"gonum.org/v1/gonum/optimize/optimize", "gonum.org/v1/gonum/diff/fd/fd", "gonum.org/v1/plot/plot",
		"gonum.org/v1/plot/plotter/plotter", "gonum.org/v1/plot/vg/vg", "gonum.org/v1/plot/vg/vgimg/vgimg",
		"gonum.org/v1/plot/vg/draw/draw", "github.com/hessnote/hessnote/optim/optim",
		"github.com/hessnote/hessnote/display/display",
	} {
		if len(Symbols[key]) == 0 {
			t.Errorf("no symbols for %s", key)
		}
	}
	if _, ok := Symbols["gonum.org/v1/gonum/mat/mat"]["NewDense"]; !ok {
		t.Error("mat.NewDense missing")
	}
	d := Docs()["gonum.org/v1/gonum/mat"]["NewDense"]
	if !strings.HasPrefix(d.Decl, "func NewDense(") || !strings.Contains(d.Text, "NewDense creates") {
		t.Errorf("docs of mat.NewDense: %+v", d)
	}
	if d := Docs()["gonum.org/v1/gonum/mat"]["Dense.Mul"]; !strings.HasPrefix(d.Decl, "func (m *Dense) Mul(") {
		t.Errorf("docs of Dense.Mul: %+v", d)
	}
}
