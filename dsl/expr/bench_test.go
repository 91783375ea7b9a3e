package expr

import (
	"fmt"
	"testing"

	"github.com/mistral-go/mistral-go/value"
)

// The same expressions and data are timed in Python by
// testdata/bench_mistral.py (Mistral 15's own evaluator).

func benchData() any {
	items := make([]any, 100)
	for i := range items {
		items[i] = value.MapOf("x", i%2 == 0, "n", int64(i), "y", fmt.Sprintf("v%d", i))
	}
	return value.MapOf("a", value.MapOf("b", int64(1)), "items", items)
}

func benchEval(b *testing.B, src string, want string) {
	d := MustCompile(src)
	ctx := &Context{Root: benchData()}
	got, err := d.Eval(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if s := value.MarshalPy(got); len(s) < len(want) || s[:len(want)] != want {
		b.Fatalf("got %s", s)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := d.Eval(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkYAQLPath(b *testing.B) { benchEval(b, "<% $.a.b %>", "1") }

func BenchmarkYAQLWhereSelect(b *testing.B) {
	benchEval(b, "<% $.items.where($.n > 50).select($.y) %>", `["v51", "v52"`)
}

func BenchmarkJinjaPath(b *testing.B) { benchEval(b, "{{ _.a.b }}", "1") }

func BenchmarkJinjaFilterChain(b *testing.B) {
	benchEval(b, "{{ _['items'] | selectattr('x') | map(attribute='y') | join(',') }}", `"v0,v2,v4`)
}

func BenchmarkJinjaTemplate(b *testing.B) {
	benchEval(b, "{% for i in _['items'] if i.x %}{{ i.y }}{% if not loop.last %},{% endif %}{% endfor %}", `"v0,v2,v4`)
}

func BenchmarkInterpolation(b *testing.B) {
	benchEval(b, "a=<% $.a.b %> b=<% $.a %>", `"a=1 b={'b': 1}"`)
}

func BenchmarkCompileJinja(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Compile("{{ _['items'] | selectattr('x') | map(attribute='y') | join(',') }}"); err != nil {
			b.Fatal(err)
		}
	}
}
