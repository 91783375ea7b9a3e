package expr

import (
	"strings"
	"testing"
	"time"

	"github.com/mistral-go/mistral-go/value"
)

func mustDecode(t testing.TB, s string) any {
	t.Helper()
	v, err := value.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestCompileKinds(t *testing.T) {
	for _, c := range []struct {
		src   string
		lang  Lang
		konst bool
	}{
		{"plain", None, true},
		{"<% $.a %>", YAQL, false},
		{"x {{ _.a }}", Jinja, false},
		{"{% if true %}x{% endif %}", Jinja, false},
		{"{{ multi\nline }}", None, true},
	} {
		if got := Detect(c.src); got != c.lang {
			t.Errorf("Detect(%q) = %v, want %v", c.src, got, c.lang)
		}
		d, err := Compile(c.src)
		if err != nil {
			t.Fatalf("%q: %v", c.src, err)
		}
		if d.IsConst() != c.konst {
			t.Errorf("%q: IsConst %v", c.src, d.IsConst())
		}
	}
	d := MustCompile(mustDecode(t, `{"k": [1, "x", {"n": null}]}`))
	if !d.IsConst() {
		t.Error("data without expressions is constant")
	}
}

func TestSyntaxErrorTypes(t *testing.T) {
	for _, c := range []struct {
		src  string
		lang Lang
		msg  string
	}{
		{"<% $.a + %>", YAQL, "Parse error: unexpected end of statement"},
		{"{{ 1 + }}", Jinja, "Syntax error 'unexpected 'end of print statement''."},
		{"{{ _.a }} <% $.a %>", Jinja, mixedMsg},
	} {
		_, err := Compile(mustDecode(t, `{"k": ["ok", `+string(value.AppendPy(nil, c.src))+`]}`))
		se, ok := err.(*SyntaxError)
		if !ok || se.Lang != c.lang || se.Msg != c.msg {
			t.Errorf("%q: got %#v", c.src, err)
		}
	}
}

func TestEvalData(t *testing.T) {
	d := MustCompile(mustDecode(t, `{"a": "<% $.x %>", "b": ["{{ _.x + 1 }}", "x=<% $.x %>"], "<% $.x %>": 1}`))
	ctx := &Context{Root: mustDecode(t, `{"x": 41}`)}
	got, err := d.EvalData(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s := value.MarshalPy(got); s != `{"a": 41, "b": [42, "x=41"], "<% $.x %>": 1}` {
		t.Errorf("got %s", s)
	}
	// Mistral's evaluate_recursively leaves data alone with an empty
	// context; Eval evaluates regardless.
	for _, root := range []any{nil, value.NewMap(0), []any{}, ""} {
		got, err := d.EvalData(&Context{Root: root})
		if err != nil || got != d.Value() {
			t.Errorf("EvalData with %v: %v %v", root, got, err)
		}
	}
	if _, err := d.Eval(&Context{Root: value.NewMap(0)}); err == nil {
		t.Error("Eval with an empty context must evaluate (and fail on $.x)")
	}
}

func TestEvalErrors(t *testing.T) {
	ctx := &Context{Root: mustDecode(t, `{"secret": "s3cr3t"}`)}
	for _, c := range []struct{ src, want string }{
		{"<% $.missing %>", "Can not evaluate YAQL expression [expression=$.missing, error='missing']"},
		{"{{ _.missing }}", "Can not evaluate Jinja expression [expression={{ _.missing }}, error='dict object' has no attribute 'missing']"},
		{"<% task().result %>", "Can not evaluate YAQL expression [expression=task().result, error='NoneType' object is not subscriptable]"},
		{"{{ execution() }}", "Can not evaluate Jinja expression [expression={{ execution() }}, error='__execution']"},
	} {
		_, err := MustCompile(c.src).Eval(ctx)
		e, ok := err.(*EvalError)
		if !ok || err.Error() != c.want {
			t.Errorf("%s: got %v", c.src, err)
			continue
		}
		if strings.Contains(e.Error(), "s3cr3t") {
			t.Errorf("%s: the error echoes the context", c.src)
		}
	}
}

// TestContextViewNames checks that a ContextView root is named as
// Mistral's class in Jinja messages, and only the root.
func TestContextViewNames(t *testing.T) {
	ctx := &Context{Root: mustDecode(t, `{"a": {"b": 1}}`), ContextView: true}
	for _, c := range []struct{ src, want string }{
		{"{{ _.missing }}", "Can not evaluate Jinja expression [expression={{ _.missing }}, error='mistral.workflow.data_flow.ContextView object' has no attribute 'missing']"},
		{"{{ _[0] }}", "Can not evaluate Jinja expression [expression={{ _[0] }}, error=mistral.workflow.data_flow.ContextView object has no element 0]"},
		{"{{ _.a.missing }}", "Can not evaluate Jinja expression [expression={{ _.a.missing }}, error='dict object' has no attribute 'missing']"},
	} {
		if _, err := MustCompile(c.src).Eval(ctx); err == nil || err.Error() != c.want {
			t.Errorf("%s: got %v", c.src, err)
		}
	}
}

func TestJinjaEnvFromFuncs(t *testing.T) {
	env := value.MapOf("url", "http://x")
	ctx := &Context{Root: value.MapOf("a", int64(1)), Funcs: &fakeEngine{env: env}}
	for _, src := range []string{"<% env().url %>", "{{ env().url }}", "{{ __env.url }}"} {
		got, err := MustCompile(src).Eval(ctx)
		if err != nil || got != "http://x" {
			t.Errorf("%s: %v %v", src, got, err)
		}
	}
}

// Deliberate differences from Mistral 15.
func TestYAMLDeviations(t *testing.T) {
	// Timestamps stay text (Mistral 15 builds datetime objects it then
	// cannot store).
	got, err := loadYAML("d: 2026-01-02\nt: 2026-01-02 10:00:00")
	if err != nil || value.MarshalPy(got) != `{"d": "2026-01-02", "t": "2026-01-02 10:00:00"}` {
		t.Errorf("timestamps: %v %v", value.MarshalPy(got), err)
	}
}

func TestBoundedFunctions(t *testing.T) {
	laughs := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	prev := "a"
	for _, n := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		laughs += n + ": &" + n + " [*" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + "]\n"
		prev = n
	}
	for _, c := range []struct{ src, input, want string }{
		{"<% yaml_parse($.s) %>", laughs, "too many values"},
		{"<% json_parse($.s) %>", strings.Repeat("[", 100000), "maximum recursion depth"},
		{"<% yaml_parse($.s) %>", strings.Repeat("[", 100000), ""},
		{"<% yaml_parse($.s) %>", strings.Repeat("- ", 50000) + "x", ""},
	} {
		start := time.Now()
		_, err := MustCompile(c.src).Eval(&Context{Root: value.MapOf("s", c.input)})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s on %.20q: %v", c.src, c.input, err)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("%s took %v", c.src, d)
		}
	}
}

func TestUUID(t *testing.T) {
	a, b := newUUID(), newUUID()
	if !uuidRe.MatchString(a) || a == b {
		t.Errorf("uuids %s %s", a, b)
	}
}
