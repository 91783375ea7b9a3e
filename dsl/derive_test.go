package dsl

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/mistral-go/mistral-go/value"
)

// TestMultiWorkflowDefinitions compares the definitions regenerated for a
// multi-workflow upload (PyYAML block style: quoting, wrapping at 80
// columns, escapes, empty collections) and the input strings with what
// Mistral 15 stored for testdata/multi_workflow.yaml.
func TestMultiWorkflowDefinitions(t *testing.T) {
	text, err := os.ReadFile("testdata/multi_workflow.yaml")
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile("testdata/multi_workflow.json")
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]struct {
		Definition string
		Input      string
		Interface  json.RawMessage
	}
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	wfs, err := ParseWorkflows(string(text))
	if err != nil {
		t.Fatal(err)
	}
	if len(wfs) != len(want) {
		t.Fatalf("%d workflows, want %d", len(wfs), len(want))
	}
	for _, w := range wfs {
		exp := want[w.Name]
		if w.Definition != exp.Definition {
			t.Errorf("%s definition:\n%s\nwant:\n%s", w.Name, w.Definition, exp.Definition)
		}
		if got := w.InputString(); got != exp.Input {
			t.Errorf("%s input:\n%q\nwant\n%q", w.Name, got, exp.Input)
		}
		wantIface, err := value.Decode(exp.Interface)
		if err != nil {
			t.Fatal(err)
		}
		if got := value.MarshalPy(w.Interface()); got != value.MarshalPy(wantIface) {
			t.Errorf("%s interface:\n%s\nwant\n%s", w.Name, got, value.MarshalPy(wantIface))
		}
		// The stored definition reads back as the same workflow.
		again, err := ParseWorkflowDefinition(w.Definition, "")
		if err != nil {
			t.Errorf("%s: re-parse: %v", w.Name, err)
		} else if again.Name != w.Name || len(again.Tasks) != len(w.Tasks) {
			t.Errorf("%s: re-parse gave %s with %d tasks", w.Name, again.Name, len(again.Tasks))
		}
	}
}

// TestInputStrings checks the derived input strings and interfaces
// against values the real Mistral 15 returned for the same inputs.
func TestInputStrings(t *testing.T) {
	text := "version: \"2.0\"\ndsl_date:\n  input:\n" +
		"    - d: [1_000, 0o17, 017, 1:30, 0x1F, .inf, 1e3, 6.8523015e+5, 190:20:30.15, ~, on, Off, \"yes\", -0, +12, 0b101, 1.5, -.5, 1_0.5, \"a\\u00e9\"]\n" +
		"    - e: {a: 1, b: [x, null]}\n    - f: null\n    - g: \"it's\"\n    - h: true\n    - i: 1.0\n" +
		"  output:\n    x: 1\n    y: 2\n  tasks:\n    t1:\n      action: std.noop\n"
	wfs, err := ParseWorkflows(text)
	if err != nil {
		t.Fatal(err)
	}
	w := wfs[0]
	wantInput := `d="[1000, '0o17', 15, 90, 31, inf, '1e3', 685230.15, 685230.15, None, True, False, 'yes', 0, 12, 5, 1.5, '-.5', 10.5, 'aé']", e="{'a': 1, 'b': ['x', None]}", f="None", g="it's", h="True", i="1.0"`
	if got := w.InputString(); got != wantInput {
		t.Errorf("input:\n%s\nwant\n%s", got, wantInput)
	}
	wantIface := `{"input": [{"d": [1000, "0o17", 15, 90, 31, Infinity, "1e3", 685230.15, 685230.15, null, true, false, "yes", 0, 12, 5, 1.5, "-.5", 10.5, "a\u00e9"]}, {"e": {"a": 1, "b": ["x", null]}}, {"f": null}, {"g": "it's"}, {"h": true}, {"i": 1.0}], "output": ["x", "y"]}`
	if got := value.MarshalPy(w.Interface()); got != wantIface {
		t.Errorf("interface:\n%s\nwant\n%s", got, wantIface)
	}
	if len(w.Input) != 6 || w.Input[0].Name != "d" || !w.Input[0].HasDefault || w.Input[5].Default != 1.0 {
		t.Errorf("params: %+v", w.Input)
	}

	acts, err := ParseActions("version: '2.0'\ndsl_act:\n  base: std.echo\n  input:\n    - a\n    - b: 2\n    - c: {x: [1, \"é\"]}\n    - d: null\n    - e: \"s\"\n")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := acts[0].InputString(), `a, b=2, c={"x": [1, "\u00e9"]}, d=null, e="s"`; got != want {
		t.Errorf("action input %s, want %s", got, want)
	}
	acts, err = ParseActions("version: '2.0'\ndsl_act:\n  base: std.echo\n")
	if err != nil || acts[0].InputString() != "" {
		t.Errorf("no input: %v %q", err, acts[0].InputString())
	}
}
