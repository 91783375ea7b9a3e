package pyyaml

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/mistral-go/mistral-go/value"
)

type result struct {
	OK    bool   `json:"ok"`
	JSON  string `json:"json"`
	Error string `json:"error"`
}

// knownGaps are the snippets of testdata/cases.json (after the name of
// the loader) Load reads otherwise than PyYAML, and why.
var knownGaps = map[string]string{
	"mistral a: 123456789012345678901234567890\nb: 0x1ffffffffffffffff\n":   "the value model has no integers beyond int64: they become floats",
	"safe_load a: 123456789012345678901234567890\nb: 0x1ffffffffffffffff\n": "the value model has no integers beyond int64: they become floats",
	"safe_load &type: direct\nb: 1\n":                                       "goccy (YAML 1.2) reads a ':' right after an anchor as part of its name",
	"safe_load a: x\n&y: z\n":                                               "goccy (YAML 1.2) reads a ':' right after an anchor as part of its name",
}

// otherWords are the snippets (after the name of the loader) both fail to
// read, Load in other words than PyYAML, and why.
var otherWords = map[string]string{
	"safe_load a: &a [*a]\n": "PyYAML builds a list holding itself, which json.dumps then rejects; Load finds it too deep",
	"mistral k: v\nbbbbbbbbbbbbbbbbbbbb [1, 2" + strings.Repeat("c", 60) + "\n":   "goccy's words",
	"safe_load k: v\nbbbbbbbbbbbbbbbbbbbb [1, 2" + strings.Repeat("c", 60) + "\n": "goccy's words",
}

// TestLoadAsPyYAML compares Load with PyYAML on the snippets of
// testdata/cases.json (made by cases.py): Mistral's definition loader
// and yaml.safe_load read the same value, or both fail with the same
// message (but for otherWords).
func TestLoadAsPyYAML(t *testing.T) {
	b, err := os.ReadFile("testdata/cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Text    string `json:"text"`
		Mistral result `json:"mistral"`
		Safe    result `json:"safe"`
	}
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		for _, mode := range []struct {
			name string
			opts LoadOptions
			want result
		}{{"mistral", LoadOptions{Hardened: true, Lines: true}, c.Mistral}, {"safe_load", LoadOptions{}, c.Safe}} {
			d, err := Load(c.Text, mode.opts)
			if _, gap := knownGaps[mode.name+" "+c.Text]; gap {
				continue
			}
			switch {
			case !mode.want.OK && err == nil:
				t.Errorf("%s %q: PyYAML fails (%s), we read %s", mode.name, c.Text, mode.want.Error, pyJSON(d.Root))
			case mode.want.OK && err != nil:
				t.Errorf("%s %q: PyYAML reads %s, we fail: %v", mode.name, c.Text, mode.want.JSON, err)
			case mode.want.OK:
				if got := pyJSON(d.Root); got != mode.want.JSON {
					t.Errorf("%s %q:\n got  %s\n want %s", mode.name, c.Text, got, mode.want.JSON)
				}
			default:
				if _, other := otherWords[mode.name+" "+c.Text]; !other && err.Error() != mode.want.Error {
					t.Errorf("%s %q:\n got  %s\n want %s", mode.name, c.Text, err, mode.want.Error)
				}
			}
		}
	}
}

// pyJSON is Python's json.dumps of a loaded value, timestamps as their
// str().
func pyJSON(v any) string { return string(value.AppendPy(nil, Plain(v, false))) }
