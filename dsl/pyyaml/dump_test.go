package pyyaml

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/mistral-go/mistral-go/value"
)

// TestDumpAsPyYAML compares Dump with PyYAML on testdata/dumps.json
// (made by dumps.py): what safe_load reads, written back with sorted
// keys as yaml_dump does, and what Mistral's loader reads, written back
// in order with the original key types as Mistral regenerates a
// definition.
func TestDumpAsPyYAML(t *testing.T) {
	b, err := os.ReadFile("testdata/dumps.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Text     string `json:"text"`
		SafeDump *struct {
			Out string `json:"out"`
		} `json:"safe_dump"`
		Mistral struct {
			Out string `json:"out"`
		} `json:"mistral"`
	}
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		d, err := Load(c.Text, LoadOptions{})
		if err != nil {
			t.Errorf("%q: %v", c.Text, err)
			continue
		}
		// (nil where keys are not strings: safe_load's keep their type)
		if c.SafeDump != nil {
			if got := Dump(d.Root, DumpOptions{SortKeys: true}); got != c.SafeDump.Out {
				t.Errorf("safe_dump %q:\n got  %q\n want %q", c.Text, got, c.SafeDump.Out)
			}
		}
		d, err = Load(c.Text, LoadOptions{Hardened: true, Lines: true})
		if err != nil {
			t.Errorf("%q: %v", c.Text, err)
			continue
		}
		if got := Dump(d.Root, DumpOptions{Source: d}); got != c.Mistral.Out {
			t.Errorf("dump %q:\n got  %q\n want %q", c.Text, got, c.Mistral.Out)
		}
	}
}

// TestDumpValues covers values no YAML text gives.
func TestDumpValues(t *testing.T) {
	for _, c := range []struct {
		v    any
		want string
	}{
		{value.MapOf("b", int64(1), "a", []any{}), "b: 1\na: []\n"},
		{[]any{value.NewMap(0), nil}, "- {}\n- null\n"},
		{"x", "x\n...\n"},
		{float64(1e16), "1.0e+16\n...\n"},
	} {
		if got := Dump(c.v, DumpOptions{}); got != c.want {
			t.Errorf("%v: got %q, want %q", c.v, got, c.want)
		}
	}
}
