package dsl

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/mistral-go/mistral-go/dsl/pyyaml"
	"github.com/mistral-go/mistral-go/value"
)

// pyJSON renders a parsed document as Python would json.dumps it (with
// timestamps as their str()).
func pyJSON(v any) string { return string(value.AppendPy(nil, pyyaml.Plain(v, false))) }

func TestYAMLScalars(t *testing.T) {
	cases := []struct{ in, want string }{
		{"a: yes", `{"a": true}`},
		{"a: No", `{"a": false}`},
		{"a: on", `{"a": true}`},
		{"a: OFF", `{"a": false}`},
		{"a: y", `{"a": "y"}`},
		{"a: ~", `{"a": null}`},
		{"a:", `{"a": null}`},
		{"a: Null", `{"a": null}`},
		{"a: 0o17", `{"a": "0o17"}`},
		{"a: 017", `{"a": 15}`},
		{"a: 1_000", `{"a": 1000}`},
		{"a: 1:30", `{"a": 90}`},
		{"a: 190:20:30.15", `{"a": 685230.15}`},
		{"a: 0x1F", `{"a": 31}`},
		{"a: 0b101", `{"a": 5}`},
		{"a: -0", `{"a": 0}`},
		{"a: +12", `{"a": 12}`},
		{"a: 1e3", `{"a": "1e3"}`},
		{"a: 1.0e+3", `{"a": 1000.0}`},
		{"a: 6.8523015e+5", `{"a": 685230.15}`},
		{"a: .inf", `{"a": Infinity}`},
		{"a: -.Inf", `{"a": -Infinity}`},
		{"a: -.5", `{"a": "-.5"}`},
		{"a: .5", `{"a": 0.5}`},
		{"a: 1.", `{"a": 1.0}`},
		{"a: 1_0.5", `{"a": 10.5}`},
		{`a: "yes"`, `{"a": "yes"}`},
		{`a: 'it''s'`, `{"a": "it's"}`},
		{`a: "a\u00e9\tb"`, `{"a": "a\u00e9\tb"}`},
		{"a: 2020-01-01", `{"a": "2020-01-01"}`},
		{"a: 2001-12-14t21:59:43.10-05:00", `{"a": "2001-12-14 21:59:43.100000-05:00"}`},
		{"a: 2001-12-14 21:59:43.10", `{"a": "2001-12-14 21:59:43.100000"}`},
		{"a: 2002-12-14", `{"a": "2002-12-14"}`},
		{"a: &x value", `{"a": "&x value"}`},
		{"a: &x  two  spaces  # c", `{"a": "&x  two  spaces"}`},
		{"a: *alias", `{"a": "*alias"}`},
		{"a: @foo bar", `{"a": "@foo bar"}`},
		{"a: [@x, *y, &z w]", `{"a": ["@x", "*y", "&z w"]}`},
		{"a: &x\n  - 1", `{"a": "&x - 1"}`},
		{"a: &x value\n  more\nb: 1", `{"a": "&x value more", "b": 1}`},
		{"a: b@c", `{"a": "b@c"}`},
		{"1: a\ntrue: b\n~: c", `{"1": "b", "null": "c"}`},
		{"1.0: a\nfalse: b\n0: c", `{"1.0": "a", "false": "c"}`},
		{"a: 1\na: 2\nb: 3", `{"a": 2, "b": 3}`},
		{"<<: {a: 1, b: 2}\nb: 3", `{"a": 1, "b": 3}`},
		{"a: !!str 1", `{"a": "1"}`},
		{"a: !!int '7'", `{"a": 7}`},
		{"a: !!float 1", `{"a": 1.0}`},
		{"a: |\n  x\n  y\n", `{"a": "x\ny\n"}`},
		{"a: >-\n  x\n  y\n", `{"a": "x y"}`},
		{"a: multi\n  line plain", `{"a": "multi line plain"}`},
		{"", `{}`},
		{"~", `{}`},
		{"0", `{}`},
		{"[]", `{}`},
		{"# only a comment\n", `{}`},
		{"\ufeffa: 1", `{"a": 1}`},
		{"hello", `"hello"`},
		{"---\na: 1\n...\n", `{"a": 1}`},
	}
	for _, c := range cases {
		d, err := parseYAML(c.in)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if got := pyJSON(d.Root); got != c.want {
			t.Errorf("%q: got %s, want %s", c.in, got, c.want)
		}
	}
}

func TestYAMLErrors(t *testing.T) {
	cases := []struct {
		in, want string
		line     int
	}{
		{"a: 1\n---\nb: 2\n", "expected a single document in the stream", 2},
		{"a: =", "could not determine a constructor for the tag 'tag:yaml.org,2002:value'", 1},
		{"a: !foo x", "could not determine a constructor for the tag '!foo'", 1},
		{"a: \x00", "unacceptable character #x0000: special characters are not allowed", 1},
		{"a: 2020-13-01", "month must be in 1..12", 1},
		{"a: &x\n  b: 1", "mapping values are not allowed here", 2},
		{"a: `x`", "reserved character", 1},
		{"a: [1, 2", "", 1},
		{"a:\n  b: 1\n c: 2", "", 3},
		{"a: " + strings.Repeat("[", 300) + strings.Repeat("]", 300), "nested deeper", 1},
		{"a: \xff", "not valid UTF-8", 0},
	}
	for _, c := range cases {
		_, err := parseYAML(c.in)
		if err == nil {
			t.Errorf("%q: no error", c.in)
			continue
		}
		if !strings.HasPrefix(err.Msg, "Definition could not be parsed: ") || !strings.Contains(err.Msg, c.want) {
			t.Errorf("%q: got %q, want it to contain %q", c.in, err.Msg, c.want)
		}
		if c.line != 0 && err.Line != c.line {
			t.Errorf("%q: line %d, want %d (%q)", c.in, err.Line, c.line, err.Msg)
		}
	}
}

// TestYAMLAsPyYAML compares our loader with Mistral's (PyYAML) on the
// snippets of testdata/yaml_cases.json: the same value, or an error for
// both.
func TestYAMLAsPyYAML(t *testing.T) {
	b, err := os.ReadFile("testdata/yaml_cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Text  string `json:"text"`
		OK    bool   `json:"ok"`
		JSON  string `json:"json"`
		Error string `json:"error"`
	}
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		d, perr := parseYAML(c.Text)
		switch {
		case !c.OK && perr == nil:
			t.Errorf("%q: PyYAML fails (%s), we read %s", c.Text, c.Error, pyJSON(d.Root))
		case c.OK && perr != nil:
			t.Errorf("%q: PyYAML reads %s, we fail: %v", c.Text, c.JSON, perr)
		case c.OK:
			want := c.JSON
			if want == "null" || want == "false" || want == "0" || want == "[]" || want == `""` {
				want = "{}" // Mistral's "or {}"
			}
			if got := pyJSON(d.Root); got != want {
				t.Errorf("%q:\n got  %s\n want %s", c.Text, got, want)
			}
		}
	}
}

// TestDeepNestingRejected checks that nesting is bounded for block and
// flow collections alike.
func TestDeepNestingRejected(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 400; i++ {
		b.WriteString(strings.Repeat(" ", i))
		b.WriteString("a:\n")
	}
	for _, text := range []string{b.String(), strings.Repeat("- ", 1000) + "x", strings.Repeat("{a: ", 1000)} {
		_, err := ParseWorkflows(text)
		if err == nil || !strings.Contains(err.Error(), "nested deeper than 200 levels") {
			t.Errorf("%.20q...: %v", text, err)
		}
	}
	if _, err := ParseWorkflows(strings.Repeat("a", MaxDefinitionSize+1)); err == nil {
		t.Error("oversized definition accepted")
	}
}
