package storage

import (
	"fmt"
	"testing"

	"github.com/mistral-go/mistral-go/value"
)

// BenchmarkExecutionLifecycle writes what the engine writes for one
// 1-task std.noop execution (execution, task and action execution
// created RUNNING, then finished SUCCESS), 64 executions per synced
// commit as the engine's group commit merges them, for several memtable
// sizes: the memtable's skiplist inserts are the largest single cost of
// the noop burst over HTTP.
func BenchmarkExecutionLifecycle(b *testing.B) {
	for _, mt := range []uint64{4 << 20, 16 << 20, 64 << 20} {
		b.Run(fmt.Sprintf("memtable=%dMiB", mt>>20), func(b *testing.B) {
			db, err := Open(Options{Dir: b.TempDir(), Quiet: true, MemTableSize: mt})
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			rt, err := OpenRuntime(db)
			if err != nil {
				b.Fatal(err)
			}
			const group = 64
			ops := 0
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i += group {
				n := min(group, b.N-i)
				recs := make([]lifecycle, n)
				first := db.NewBatch()
				for j := range recs {
					recs[j] = newLifecycle(i + j)
					if err := recs[j].put(rt, first, nil); err != nil {
						b.Fatal(err)
					}
				}
				ops += first.Ops()
				if err := first.Commit(); err != nil {
					b.Fatal(err)
				}
				second := db.NewBatch()
				for j := range recs {
					prev := recs[j].finish()
					if err := recs[j].put(rt, second, &prev); err != nil {
						b.Fatal(err)
					}
				}
				ops += second.Ops()
				if err := second.Commit(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(ops)/float64(b.N), "keys/exec")
		})
	}
}

type lifecycle struct {
	e *Execution
	t *Task
	a *ActionExecution
}

func newLifecycle(i int) lifecycle {
	id := func(kind int) string { return fmt.Sprintf("c22c%04x-%04x-4000-8000-%012x", kind, i>>16, i) }
	created := int64(1_700_000_000_000_000 + i)
	e := &Execution{ID: id(1), WorkflowID: id(9), WorkflowName: "bench_noop", State: "RUNNING", ProjectID: DefaultProject,
		Params: value.MapOf("namespace", "", "env", value.NewMap(0)), Input: value.NewMap(0), Output: value.NewMap(0),
		Context: value.MapOf("__execution", value.MapOf("id", id(1))), CreatedAt: created, UpdatedAt: created, Engine: []byte{1, 2, 3}}
	t := &Task{ID: id(2), Name: "t1", Type: "ACTION", WorkflowName: "bench_noop", WorkflowID: id(9), WorkflowExecutionID: e.ID,
		State: "RUNNING", ProjectID: DefaultProject, RuntimeContext: value.NewMap(0), Published: value.NewMap(0),
		InContext: value.NewMap(0), CreatedAt: created, UpdatedAt: created, StartedAt: created}
	a := &ActionExecution{ID: id(3), Name: "std.noop", WorkflowName: "bench_noop", TaskName: "t1", TaskExecutionID: t.ID,
		WorkflowExecutionID: e.ID, State: "RUNNING", ProjectID: DefaultProject, Accepted: false, Input: value.NewMap(0),
		Params: value.NewMap(0), CreatedAt: created, UpdatedAt: created}
	return lifecycle{e, t, a}
}

// finish moves the records to SUCCESS and returns their previous versions.
func (l *lifecycle) finish() lifecycle {
	pe, pt, pa := *l.e, *l.t, *l.a
	l.e.State, l.t.State, l.a.State, l.a.Accepted = "SUCCESS", "SUCCESS", "SUCCESS", true
	l.e.UpdatedAt++
	l.t.UpdatedAt++
	l.a.UpdatedAt++
	return lifecycle{&pe, &pt, &pa}
}

func (l *lifecycle) put(rt *Runtime, b *Batch, prev *lifecycle) error {
	var pe *Execution
	var pt *Task
	var pa *ActionExecution
	if prev != nil {
		pe, pt, pa = prev.e, prev.t, prev.a
	}
	if err := rt.Executions.PutInBatch(b, l.e, pe); err != nil {
		return err
	}
	if err := rt.Tasks.PutInBatch(b, l.t, pt); err != nil {
		return err
	}
	return rt.ActionExecutions.PutInBatch(b, l.a, pa)
}
