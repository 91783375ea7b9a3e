package pyyaml

import "testing"

// TestScalars checks YAML 1.1 resolution and Mistral's hardened loader
// on single values.
func TestScalars(t *testing.T) {
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
		{"a: ._5", `{"a": "._5"}`},
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
		{"", `null`},
		{"~", `null`},
		{"0", `0`},
		{"[]", `[]`},
		{"# only a comment\n", `null`},
		{"\ufeffa: 1", `{"a": 1}`},
		{"hello", `"hello"`},
		{"---\na: 1\n...\n", `{"a": 1}`},
	}
	for _, c := range cases {
		d, err := Load(c.in, LoadOptions{Hardened: true})
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if got := pyJSON(d.Root); got != c.want {
			t.Errorf("%q: got %s, want %s", c.in, got, c.want)
		}
	}
}
