package dsl

import "testing"

func TestParseCmd(t *testing.T) {
	cases := []struct{ in, cmd, params string }{
		{"std.noop", "std.noop", `{}`},
		{"std.echo output=Hello", "std.echo", `{}`},
		{`std.echo output="Hello world"`, "std.echo", `{"output": "Hello world"}`},
		{`std.echo output='it is'`, "std.echo", `{"output": "it is"}`},
		{"std.echo output=1.5", "std.echo", `{"output": 1}`},
		{"std.echo output=007", "std.echo", `{"output": "007"}`},
		{"std.echo output=[1, 2] x=true y=null z=false", "std.echo", `{"output": [1, 2], "x": true, "y": null, "z": false}`},
		{"std.echo output={a: 1}", "std.echo", `{}`},
		{"std.echo output=<% $.a %> b={{ _.b }}", "std.echo", `{"output": "<% $.a %>", "b": "{{ _.b }}"}`},
		{"fail msg='x y'", "fail", `{"msg": "x y"}`},
		{"fail(msg='x y')", "fail", `{"msg": "x y"}`},
		{"count=3 delay=1", "count", `{"count": 3, "delay": 1}`},
		{"count=3 delay=1 break-on=<% $.x = 1 %>", "count", `{"count": 3, "delay": 1, "break-on": "<% $.x = 1 %>"}`},
		{"<% $.action %> a=1", "<% $.action %>", `{"a": 1}`},
		{"wf a=1 a=2", "wf", `{"a": 2}`},
		{`x p="a" q='b' r=[1, [2]]`, "x", `{"p": "a", "q": "b", "r": [1, [2]]}`},
	}
	for _, c := range cases {
		cmd, params, err := parseCmd(c.in)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if cmd != c.cmd || pyJSON(params) != c.params {
			t.Errorf("%q: got %q %s, want %q %s", c.in, cmd, pyJSON(params), c.cmd, c.params)
		}
	}
	if _, _, err := parseCmd("=x y"); err == nil || err.Msg != "Invalid action/workflow task property: =x y" {
		t.Errorf("bad command: %v", err)
	}
}
