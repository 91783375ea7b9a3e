package actions

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mistral-go/mistral-go/value"
)

func runJS(t *testing.T, reg *Registry, script string, jsCtx any) Result {
	t.Helper()
	a, _ := reg.Lookup("std.javascript")
	c, err := a.Bind(value.MapOf("script", script, "context", jsCtx))
	if err != nil {
		t.Fatal(err)
	}
	return c.Run(context.Background(), nil, 0)
}

func TestJavaScript(t *testing.T) {
	ctx := value.MapOf("z", int64(1), "a", []any{"x", 2.5}, "n", nil)
	cases := []struct {
		script string
		want   string
	}{
		{"return 1 + 2", "3"},
		{"return 7 / 2", "3.5"},
		{"return 4 / 2", "2"},
		{"return $.a[0] + $.z", `"x1"`},
		{"return $", `{"z": 1, "a": ["x", 2.5], "n": null}`},
		{"return {b: 1, a: [true, null, undefined], f: function() {}, s: 'é'}", `{"b": 1, "a": [true, null, null], "s": "\u00e9"}`},
		{"var x = 1", "null"},
		{"return undefined", "null"},
		{"return Object.keys($).join(',')", `"z,a,n"`},
		{"return 1e21", "1e+21"},
	}
	for _, c := range cases {
		res := runJS(t, std, c.script, ctx)
		if res.State != StateSuccess || value.MarshalPy(res.Data) != c.want {
			t.Errorf("%q: %v %s, want %s", c.script, res.State, value.MarshalPy(res.Data), c.want)
		}
	}
	if res := runJS(t, std, "return $", nil); res.State != StateSuccess || res.Data != nil {
		t.Errorf("null context: %+v", res)
	}
	// std.js is the same action under another name.
	a, _ := std.Lookup("std.js")
	c, _ := a.Bind(value.MapOf("script", "return $ * 2", "context", int64(21)))
	if res := c.Run(context.Background(), nil, 0); res.Data != int64(42) {
		t.Errorf("std.js: %+v", res)
	}
}

func TestJavaScriptErrors(t *testing.T) {
	for script, msg := range map[string]string{
		"return nope":                     "JavaScriptAction failed: ReferenceError: nope is not defined",
		"throw new Error('boom')":         "JavaScriptAction failed: Error: boom",
		"return (":                        "JavaScriptAction failed: SyntaxError",
		"var o = {}; o.o = o; return o":   "JavaScriptAction failed: TypeError",
		"function r() { return r() } r()": "JavaScriptAction failed: RangeError",
	} {
		res := runJS(t, std, script, nil)
		if res.State != StateError || !strings.Contains(res.Data.(string), "msg='"+msg) {
			t.Errorf("%q: %+v", script, res)
		}
	}
}

func TestJavaScriptBounds(t *testing.T) {
	short := Std(Config{JS: JSConfig{MaxRunTime: 50 * time.Millisecond}})
	res := runJS(t, short, "while (true) {}", nil)
	if res.State != StateError || !strings.Contains(res.Data.(string), "JavaScriptAction failed: script ran out of time after 50ms") {
		t.Errorf("run time: %+v", res)
	}
	small := Std(Config{JS: JSConfig{MaxHeapGrowth: 32 << 20}})
	res = runJS(t, small, "var a = []; while (true) { a.push('xxxxxxxxxxxxxxxx' + a.length) }", nil)
	if res.State != StateError || !strings.Contains(res.Data.(string), "script used more than 33554432 bytes of memory") {
		t.Errorf("memory: %+v", res)
	}
	a, _ := std.Lookup("std.javascript")
	c, _ := a.Bind(value.MapOf("script", "while (true) {}"))
	if res := c.Run(context.Background(), nil, 50*time.Millisecond); res.State != StateError || !strings.HasSuffix(res.Data.(string), "msg='0.05 seconds']") {
		t.Errorf("action timeout: %+v", res)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if res := c.Run(ctx, nil, 0); res.State != StateCancelled {
		t.Errorf("cancel: %+v", res)
	}
}

func BenchmarkJavaScript(b *testing.B) {
	a, _ := std.Lookup("std.javascript")
	c, _ := a.Bind(value.MapOf("script", "return $.n * 2", "context", value.MapOf("n", int64(21))))
	b.ReportAllocs()
	for b.Loop() {
		if res := c.Run(context.Background(), nil, 0); res.Data != int64(42) {
			b.Fatal(res)
		}
	}
}
