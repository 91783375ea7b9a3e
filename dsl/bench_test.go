package dsl

import (
	"fmt"
	"strings"
	"testing"
)

// bigWorkbook builds a workbook of n workflows of m tasks each, using
// most of the language (transitions with guards, publish, policies,
// with-items, inline parameters, joins).
func bigWorkbook(n, m int) string {
	var b strings.Builder
	b.WriteString("version: '2.0'\nname: big\nactions:\n  act:\n    base: std.echo output=\"<% $.x %>\"\n    input: [x]\nworkflows:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  wf%d:\n    input:\n      - a\n      - b: 2\n    output:\n      r: <%% $.r %%>\n    task-defaults:\n      retry: count=2 delay=1\n    tasks:\n", i)
		for j := 0; j < m; j++ {
			fmt.Fprintf(&b, "      t%d:\n        action: std.echo output=\"task %d <%% $.a %%>\"\n", j, j)
			b.WriteString("        publish:\n          r: <% task().result %>\n          n: '{{ _.b }}'\n")
			b.WriteString("        wait-before: 1\n        timeout: <% $.t %>\n")
			if j%5 == 0 {
				b.WriteString("        with-items: x in <% $.xs %>\n        concurrency: 2\n")
			}
			if j+1 < m {
				fmt.Fprintf(&b, "        on-success:\n          - t%d: <%% $.r != null %%>\n          - fail msg=\"stop\"\n", j+1)
				fmt.Fprintf(&b, "        on-error: t%d\n", m-1)
			}
			if j == m-1 {
				b.WriteString("        join: one\n")
			}
		}
	}
	return b.String()
}

// BenchmarkParseWorkbook parses and validates a workbook of 20 workflows
// of 50 tasks (~200 kB).
func BenchmarkParseWorkbook(b *testing.B) {
	text := bigWorkbook(20, 50)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseWorkbook(text); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseJoin100 parses the rally join workbook (100 inbound tasks).
func BenchmarkParseJoin100(b *testing.B) {
	text := readExample(b, "mistral/rally-jobs/join/join_100_wb.yaml")
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseWorkbook(text); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseWorkflowDefinition re-parses one stored definition, what
// the engine does when it loads a workflow.
func BenchmarkParseWorkflowDefinition(b *testing.B) {
	wb, err := ParseWorkbook(bigWorkbook(1, 50))
	if err != nil {
		b.Fatal(err)
	}
	def := wb.Workflows[0].Definition
	b.SetBytes(int64(len(def)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseWorkflowDefinition(def, "big"); err != nil {
			b.Fatal(err)
		}
	}
}

func TestBigWorkbookParses(t *testing.T) {
	wb, err := ParseWorkbook(bigWorkbook(3, 12))
	if err != nil {
		t.Fatal(err)
	}
	if len(wb.Workflows) != 3 || len(wb.Workflows[2].Tasks) != 12 || names(wb.Workflows[0].StartTasks) != "t0" {
		t.Fatalf("%d workflows", len(wb.Workflows))
	}
}
