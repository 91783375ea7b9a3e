package workflow

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/mistral-go/mistral-go/dsl"
	"github.com/mistral-go/mistral-go/value"
)

// Benchmarks of the controller alone: no actors, no disk. Each run starts
// one execution and plays its effects back as events (actions run inline)
// until it finishes, so ns/op is the controller's cost of a whole
// execution of the given shape.

// benchRun runs one execution of workflow name on h to its end and
// returns its final state.
func benchRun(b *testing.B, h *fakeHost, name string) string {
	def, _ := h.FindWorkflow("", "", name)
	var out Output
	x, err := Start(h, StartParams{ID: h.NewID(), Def: def, Input: value.NewMap(0), Params: value.NewMap(0), ProjectID: "p"}, &out)
	if err != nil {
		b.Fatal(err)
	}
	var queue []func(*Output)
	play := func(o *Output) {
		o.Seal()
		for _, e := range o.Effects {
			if ra, ok := e.(*RunAction); ok {
				res := ra.Call.Run(context.Background(), &ra.Context, 0)
				id := ra.Action.Rec.ID
				queue = append(queue, func(o *Output) { x.OnActionResult(o, id, res.State, res.Data) })
			}
		}
		o.Reset()
	}
	play(&out)
	for len(queue) > 0 {
		f := queue[0]
		queue = queue[1:]
		f(&out)
		play(&out)
	}
	return x.Rec.State
}

func benchWorkflow(b *testing.B, name, text string, tasks int) {
	h := newHost()
	wfs, err := dsl.ParseWorkflows(text)
	if err != nil {
		b.Fatal(err)
	}
	for _, w := range wfs {
		h.workflows["/"+w.Name] = &Definition{ID: "wf-" + w.Name, Name: w.Name, Spec: w, Text: w.Definition}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if st := benchRun(b, h, name); st != Success {
			b.Fatalf("execution ended %s", st)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*tasks), "ns/task")
}

func BenchmarkControllerNoop(b *testing.B) {
	benchWorkflow(b, "wf", "version: '2.0'\nwf:\n  tasks:\n    t1:\n      action: std.noop\n", 1)
}

func BenchmarkControllerChain10(b *testing.B) {
	var s strings.Builder
	s.WriteString("version: '2.0'\nwf:\n  tasks:\n")
	for i := 1; i <= 10; i++ {
		fmt.Fprintf(&s, "    t%d:\n      action: std.noop\n", i)
		if i < 10 {
			fmt.Fprintf(&s, "      on-success: [t%d]\n", i+1)
		}
	}
	benchWorkflow(b, "wf", s.String(), 10)
}

func BenchmarkControllerJoin100(b *testing.B) {
	var s strings.Builder
	s.WriteString("version: '2.0'\nwf:\n  tasks:\n")
	for i := 1; i <= 100; i++ {
		fmt.Fprintf(&s, "    b%d:\n      action: std.noop\n      on-success: [join]\n", i)
	}
	s.WriteString("    join:\n      join: all\n      action: std.noop\n")
	benchWorkflow(b, "wf", s.String(), 101)
}

// withItems is one task over n items of std.echo; ns/task is per item.
func withItems(b *testing.B, n int) {
	benchWorkflow(b, "wf", fmt.Sprintf("version: '2.0'\nwf:\n  tasks:\n    each:\n      with-items: i in <%% range(0, %d) %%>\n      action: std.echo output=<%% $.i %%>\n", n), n)
}

func BenchmarkControllerWithItems100(b *testing.B)  { withItems(b, 100) }
func BenchmarkControllerWithItems1000(b *testing.B) { withItems(b, 1000) }
func BenchmarkControllerWithItems10k(b *testing.B)  { withItems(b, 10000) }
