package dsl

import (
	"strings"
	"testing"

	"github.com/mistral-go/mistral-go/dsl/pyyaml"
	"github.com/mistral-go/mistral-go/value"
)

// pyJSON renders a parsed document as Python would json.dumps it (with
// timestamps as their str()).
func pyJSON(v any) string { return string(value.AppendPy(nil, pyyaml.Plain(v, false))) }

// TestEmptyDefinition checks Mistral's "or {}": an empty or false-ish
// document is an empty mapping.
func TestEmptyDefinition(t *testing.T) {
	for _, in := range []string{"", "~", "0", "[]", "false", "# only a comment\n", "hello"} {
		d, err := parseYAML(in)
		want := "{}"
		if in == "hello" {
			want = `"hello"`
		}
		if err != nil || pyJSON(d.Root) != want {
			t.Errorf("%q: %v %v", in, d, err)
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
		{"a: `x`", "found character '`' that cannot start any token", 1}, // as Mistral 15 words it
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
