package jinja

import (
	"strings"
	"testing"
	"time"

	"github.com/mistral-go/mistral-go/value"
)

func render(t *testing.T, src string) (string, error) {
	t.Helper()
	tmpl, err := NewEnv().Parse(src)
	if err != nil {
		return "", err
	}
	return tmpl.Render(fuzzVars{fuzzData()}, nil)
}

func TestRender(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"{{ _.a }}", "1"},
		{"{{ _.l }}", "[1, 'x', None, True, 2.5]"},
		{"{{ _.d }}", "{'k': 'v', 'b': 2}"},
		{"{{ 3 / 2 }} {{ 3 // 2 }} {{ 2 ** 3 }} {{ 1.0 }}", "1.5 1 8 1.0"},
		{"{{ (1,) }} {{ () }} {{ (1, 'a') }}", "(1,) () (1, 'a')"},
		{"{% for k, v in _.d | dictsort %}{{ k }}={{ v }} {% endfor %}", "b=2 k=v "},
		{"a\n  {% if true %}\n  b\n  {% endif %}\nc", "a\n  b\nc"},
		{"{{ 'x' if false }}|", "|"},
		{"{{ {1: 'a', none: 'b', true: 'c'} }}", "{'1': 'a', 'null': 'b', 'true': 'c'}"},
		{"{{ '%-5s|%5.2f|%x' % ('ab', 3.14159, 255) }}", "ab   | 3.14|ff"},
		{"{{ '{0:_^7}'.format('x') }}", "___x___"},
		{"{{ _.s | wordwrap(5) }}", "Hello\nWorld"},
		{"{% set x %}a{% endset %}{{ x ~ x }}", "aa"},
	} {
		got, err := render(t, c.src)
		if err != nil || got != c.want {
			t.Errorf("%q: got %q, %v; want %q", c.src, got, err, c.want)
		}
	}
}

// Deliberate differences from Mistral 15.
func TestDeviations(t *testing.T) {
	// Mutating methods would change the engine's shared context data
	// (Mistral 15 lets them do so); they are refused.
	for _, src := range []string{"{{ _.b.append(4) }}", "{{ _.d.update({}) }}", "{{ _.d.pop('k') }}"} {
		if _, err := render(t, src); err == nil || !strings.Contains(err.Error(), "is unsafe") {
			t.Errorf("%s: got %v, want refusal", src, err)
		}
	}
	if got, _ := render(t, "{{ _.b }}"); got != "[1, 2, 3]" {
		t.Errorf("context changed: %s", got)
	}
	// Integers are 64-bit: overflow is an error where Python grows.
	if _, err := render(t, "{{ 2 ** 64 }}"); err == nil || err.Error() != "integer overflow" {
		t.Errorf("2**64: %v", err)
	}
}

// Hostile templates end in an error, quickly.
func TestBounded(t *testing.T) {
	deep := strings.Repeat("(", 5000) + "1" + strings.Repeat(")", 5000)
	for _, c := range []struct{ src, want string }{
		{"{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "budget"},
		{"{{ 'a' * 1000000000 }}", "too large"},
		{"{{ [0] * 1000000000 }}", "too large"},
		{"{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "recursion"},
		{"{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}", "recursion"},
		{"{% set ns = namespace(s='ab') %}{% for i in range(100) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}", "too large|budget"},
		{"{{ " + deep + " }}", "nested too deeply"},
		{strings.Repeat("{% if 1 %}", 500) + strings.Repeat("{% endif %}", 500), "nested too deeply"},
		{"{{ range(1000000) }}", "Range too big"},
		{"{{ 'x'.center(1000000000) }}", "too large"},
	} {
		start := time.Now()
		_, err := render(t, c.src)
		ok := false
		for _, w := range strings.Split(c.want, "|") {
			ok = ok || err != nil && strings.Contains(err.Error(), w)
		}
		if !ok {
			t.Errorf("%.40q: got %v, want %q", c.src, err, c.want)
		}
		if d := time.Since(start); d > 20*time.Second {
			t.Errorf("%.40q took %v", c.src, d)
		}
	}
}

func TestSyntaxErrors(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"{{ }}", "Expected an expression, got 'end of print statement'"},
		{"{% for x in y %}", "Unexpected end of template. Jinja was looking for the following tags: 'endfor' or 'else'. The innermost block that needs to be closed is 'for'."},
		{"{{ 'a' 1 }}", "expected token 'end of print statement', got 'integer'"},
		{"{{ a ! b }}", "unexpected char '!' at 5"},
		{"{{ x ) }}", "unexpected ')'"},
	} {
		_, err := NewEnv().Parse(c.src)
		if err == nil || err.Error() != c.want {
			t.Errorf("%q: got %v, want %q", c.src, err, c.want)
		}
	}
}

func TestExprTyped(t *testing.T) {
	env := NewEnv()
	env.AddGlobal("twice", func(user any, args []any, kw *value.Map) (any, error) {
		return []any{args[0], args[0]}, nil
	})
	for _, c := range []struct{ src, want string }{
		{"_.l", `[1, "x", null, true, 2.5]`},
		{"(1, (2, 3))", "[1, [2, 3]]"},
		{"_.d.items()", `[["k", "v"], ["b", 2]]`},
		{"_.b | map('string')", `["1", "2", "3"]`},
		{"twice(_.a)", "[1, 1]"},
		{"_.s | tojson", `"\"Hello World\""`},
	} {
		x, err := env.ParseExpr(c.src)
		if err != nil {
			t.Fatal(err)
		}
		v, err := x.Eval(fuzzVars{fuzzData()}, nil)
		if err != nil || value.MarshalPy(v) != c.want {
			t.Errorf("%q: got %s, %v; want %s", c.src, value.MarshalPy(v), err, c.want)
		}
	}
	x, _ := env.ParseExpr("_.missing")
	if _, err := x.Eval(fuzzVars{fuzzData()}, nil); err == nil || err.Error() != "'dict object' has no attribute 'missing'" {
		t.Errorf("missing: %v", err)
	}
}
