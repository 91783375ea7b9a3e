package expr

import (
	"testing"

	"github.com/mistral-go/mistral-go/value"
)

// FuzzCompile: any string compiles or fails with a *SyntaxError; what
// compiles evaluates without panicking (the engine functions absent).
func FuzzCompile(f *testing.F) {
	for _, s := range []string{
		"<% $.a %>", "x <% $.b.select($ * 2) %> y", "{{ _.a }}", "{% if _.a %}{{ _.b }}{% endif %}",
		"<% json_parse($.j) %>", "{{ yaml_dump(_.c) }}", "<% yaml_parse($.y) %>", "{{ env() }}",
		"<% $.a %> {{ _.a }}", "{{ json_dump(_) | length }}", "<% task(t).result %>",
	} {
		f.Add(s)
	}
	root, _ := value.DecodeString(`{"a": 1, "b": [1, 2], "c": {"x": [true, null]}, "j": "[1, {\"k\": 2.5}]", "y": "a: [1, yes]\nb: &x {c: d}\ne: *x\n"}`)
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Compile(s)
		if err != nil {
			if _, ok := err.(*SyntaxError); !ok {
				t.Fatalf("error of type %T", err)
			}
			return
		}
		_, err = d.Eval(&Context{Root: root})
		if err != nil {
			if _, ok := err.(*EvalError); !ok {
				t.Fatalf("eval error of type %T: %v", err, err)
			}
		}
	})
}
