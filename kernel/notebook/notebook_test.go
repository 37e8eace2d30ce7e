package notebook

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// nbJSON builds a notebook from code cells; a cell starting with "#md " is Markdown.
func nbJSON(t *testing.T, cells ...string) []byte {
	t.Helper()
	var list []map[string]any
	for _, c := range cells {
		if strings.HasPrefix(c, "#md ") {
			list = append(list, map[string]any{"cell_type": "markdown", "metadata": map[string]any{}, "source": c[4:]})
			continue
		}
		list = append(list, map[string]any{"cell_type": "code", "metadata": map[string]any{},
			"source": c, "outputs": []any{}, "execution_count": nil})
	}
	data, err := json.Marshal(map[string]any{"nbformat": 4, "nbformat_minor": 4,
		"metadata": map[string]any{"kernelspec": map[string]any{"name": "hessnote"}}, "cells": list})
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func run(t *testing.T, data []byte) (*Notebook, []CellError) {
	t.Helper()
	nb, err := Read(data)
	if err != nil {
		t.Fatal(err)
	}
	errs, err := nb.Run(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	return nb, errs
}

func outputs(nb *Notebook, i int) []map[string]any {
	var out []map[string]any
	for _, o := range nb.cells[i]["outputs"].([]any) {
		out = append(out, o.(map[string]any))
	}
	return out
}

func TestRunBuildsOutputsLikeAFrontEnd(t *testing.T) {
	nb, errs := run(t, nbJSON(t,
		"#md # Title",
		"import \"fmt\"\nfmt.Println(\"a\")\nfmt.Println(\"b\")",
		"import \"github.com/hessnote/hessnote/display\"\ndisplay.ShowID(\"p\", \"first\")\nx := 41\nx + 1",
		"display.Update(\"p\", \"second\")",
		"display.Text(\"gone\")\ndisplay.Clear(true)\nfmt.Println(\"after clear\")",
	))
	if len(errs) != 0 {
		t.Fatalf("unexpected errors: %v", errs)
	}
	out := outputs(nb, 1)
	if len(out) != 1 || out[0]["output_type"] != "stream" || out[0]["text"] != "a\nb\n" {
		t.Errorf("stream outputs not merged: %v", out)
	}
	out = outputs(nb, 2)
	if len(out) != 2 || out[1]["output_type"] != "execute_result" {
		t.Fatalf("cell 2 outputs: %v", out)
	}
	if got := out[1]["data"].(map[string]any)["text/plain"]; got != "42" {
		t.Errorf("value = %v, want 42", got)
	}
	if got := out[0]["data"].(map[string]any)["text/plain"]; got != "second" {
		t.Errorf("display updated from a later cell shows %q, want \"second\"", got)
	}
	if n := len(outputs(nb, 3)); n != 0 {
		t.Errorf("an update adds no output to its own cell; got %d", n)
	}
	out = outputs(nb, 4)
	if len(out) != 1 || out[0]["text"] != "after clear\n" {
		t.Errorf("clear_output(wait) then print: %v", out)
	}
	if nb.cells[4]["execution_count"] != 4 {
		t.Errorf("execution_count = %v, want 4", nb.cells[4]["execution_count"])
	}
}

func TestRunStopsAtFirstError(t *testing.T) {
	nb, errs := run(t, nbJSON(t, "y := 1", "undefinedName + 1", "y = 2"))
	if len(errs) != 1 || errs[0].Cell != 1 {
		t.Fatalf("errors = %v, want one in cell 1", errs)
	}
	if out := outputs(nb, 1); len(out) != 1 || out[0]["output_type"] != "error" {
		t.Errorf("error cell outputs: %v", out)
	}
	if nb.cells[2]["execution_count"] != nil {
		t.Errorf("cell after the error ran")
	}
}

func TestCompare(t *testing.T) {
	src := nbJSON(t, "import \"fmt\"\nfmt.Println(\"stable\")",
		"import (\n\"github.com/hessnote/hessnote/display\"\n\"gonum.org/v1/plot\"\n)\np := plot.New()\np.Title.Text = \"t\"\ndisplay.Show(p)")
	stored, _ := run(t, src)
	data, err := stored.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	again, err := Read(data)
	if err != nil {
		t.Fatal(err)
	}
	fresh, _ := run(t, src)
	if d := Compare(again, fresh); len(d) != 0 {
		t.Fatalf("a rerun differs from itself: %v", d)
	}
	// A changed line of text is found and shown.
	outputs(again, 0)[0]["text"] = "unstable\n"
	d := Compare(again, fresh)
	if len(d) != 1 || !strings.Contains(d[0], "stored: unstable") {
		t.Errorf("text change: %v", d)
	}
	// A different picture is found.
	outputs(again, 0)[0]["text"] = "stable\n"
	other, _ := run(t, nbJSON(t, "import \"fmt\"\nfmt.Println(\"stable\")",
		"import (\n\"github.com/hessnote/hessnote/display\"\n\"gonum.org/v1/plot\"\n\"gonum.org/v1/plot/plotter\"\n)\np := plot.New()\np.Title.Text = \"t\"\nl, _ := plotter.NewLine(plotter.XYs{{0, 0}, {1, 1}})\np.Add(l)\ndisplay.Show(p)"))
	d = Compare(again, other)
	if len(d) == 0 {
		t.Errorf("a different plot was not noticed")
	}
	// Numbers in cells tagged timing are masked.
	outputs(again, 0)[0]["text"] = "took 12.5 ms\n"
	outputs(fresh, 0)[0]["text"] = "took 13.1 ms\n"
	if d := Compare(again, fresh); len(d) == 0 {
		t.Errorf("untagged timing text should differ")
	}
	again.cells[0]["metadata"] = map[string]any{"tags": []any{TimingTag}}
	if d := Compare(again, fresh); len(d) != 0 {
		t.Errorf("timing cell: %v", d)
	}
}

func TestMarshalIsNbformat45(t *testing.T) {
	nb, _ := run(t, nbJSON(t, "1 + 1"))
	data, err := nb.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if m["nbformat_minor"] != 5.0 {
		t.Errorf("nbformat_minor = %v", m["nbformat_minor"])
	}
	cell := m["cells"].([]any)[0].(map[string]any)
	if cell["id"] == "" || cell["id"] == nil {
		t.Errorf("cell has no id")
	}
	if !strings.HasSuffix(string(data), "}\n") || !strings.Contains(string(data), "\n \"cells\"") {
		t.Errorf("not Jupyter's layout: %.80s", data)
	}
}

func TestMaskTiming(t *testing.T) {
	for _, c := range [][2]string{
		{"BFGS   781ms   ok", "BFGS 1.02s ok"},
		{"took 1m2.5s", "took 950 ms"},
		{"f = 1.25e-03 after 12 steps", "f = 9.5e-04 after 13 steps"},
	} {
		if a, b := maskTiming(c[0]), maskTiming(c[1]); a != b {
			t.Errorf("%q and %q mask to %q and %q", c[0], c[1], a, b)
		}
	}
	if maskTiming("took 12 ms") == maskTiming("took 12 ms twice") {
		t.Errorf("masking hides words")
	}
}
