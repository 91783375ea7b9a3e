package yaql

import (
	"testing"

	"github.com/mistral-go/mistral-go/value"
)

func benchData() *value.Map {
	items := make([]any, 100)
	for i := range items {
		status := "ACTIVE"
		if i%3 == 0 {
			status = "ERROR"
		}
		items[i] = value.MapOf("id", int64(i), "status", status, "name", "vm-"+itoa(i))
	}
	return value.MapOf("a", value.MapOf("b", int64(1)), "vms", items)
}

func benchEval(b *testing.B, text string) {
	x, err := Parse(text)
	if err != nil {
		b.Fatal(err)
	}
	data := benchData()
	if _, err := x.Eval(data, nil, nil); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := x.Eval(data, nil, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMemberAccess is $.a.b.
func BenchmarkMemberAccess(b *testing.B) { benchEval(b, "$.a.b") }

// BenchmarkWhereSelect is a where/select over 100 items.
func BenchmarkWhereSelect(b *testing.B) {
	benchEval(b, "$.vms.where($.status = 'ACTIVE').select($.name)")
}

// BenchmarkParse is parsing a typical expression.
func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Parse("$.vms.where($.status = 'ACTIVE').select({id => $.id, n => $.name.toUpper()})"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMethodChain exercises the general overload resolution.
func BenchmarkMethodChain(b *testing.B) {
	benchEval(b, "$.vms.select($.name.toUpper().substring(3)).where($.len() > 4).toList().len()")
}

// BenchmarkFunctions exercises plain function calls.
func BenchmarkFunctions(b *testing.B) {
	benchEval(b, "let(n => len($.vms)) -> [str($n), max($n, 5), int('7'), $.vms[0].get(name)]")
}
