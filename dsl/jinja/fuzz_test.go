package jinja

import (
	"testing"

	"github.com/mistral-go/mistral-go/value"
)

var fuzzSeeds = []string{
	"{{ _.a }}", "x {{ _.b | join(',') }}", "{% for x in _.b %}{{ loop.index }}{% endfor %}",
	"{% if _.a %}y{% elif _.c %}z{% else %}n{% endif %}", "{{ '%s' % _.s }}",
	"{% macro m(a, b=2) %}{{ a ~ b }}{{ caller() }}{% endmacro %}{% call m(1) %}c{% endcall %}",
	"{% set ns = namespace(x=0) %}{% for i in range(5) %}{% set ns.x = ns.x + i %}{% endfor %}{{ ns.x }}",
	"{{ _.d | dictsort | map('first') | list | tojson }}", "{{ '{:>10}'.format(_.s) }}",
	"{% raw %}{{ x }}{% endraw %}", "{# c #}{{- 1 -}}", "{{ _.l[1:-1:2] }}", "{{ (1, 2) + (3,) }}",
	"{% filter upper %}{{ _.s }}{% endfilter %}", "{{ _.s.split()|sort|unique|list }}",
	"{{ 1 if _.x is defined else 2 }}", "{{ 'a' * 3 ~ none }}", "{{ _['a'] }}",
}

type fuzzVars struct{ root any }

func (v fuzzVars) Var(name string) (any, bool) {
	if name == "_" {
		return v.root, true
	}
	return nil, false
}

func fuzzData() any {
	d, _ := value.DecodeString(`{"a": 1, "b": [1, 2, 3], "c": {"x": "y"}, "s": "Hello World", "l": [1, "x", null, true, 2.5], "d": {"k": "v", "b": 2}}`)
	return d
}

// FuzzParse: any template text parses or fails cleanly; what parses
// renders without panicking, within the budget.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	env := NewEnv()
	data := fuzzVars{fuzzData()}
	f.Fuzz(func(t *testing.T, src string) {
		tmpl, err := env.Parse(src)
		if err != nil {
			if _, ok := err.(*SyntaxError); !ok {
				t.Fatalf("error of type %T", err)
			}
			return
		}
		_, _ = tmpl.Render(data, nil)
	})
}

// FuzzParseExpr: the typed-expression path.
func FuzzParseExpr(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	env := NewEnv()
	data := fuzzVars{fuzzData()}
	f.Fuzz(func(t *testing.T, src string) {
		x, err := env.ParseExpr(src)
		if err != nil {
			return
		}
		_, _ = x.Eval(data, nil)
	})
}
