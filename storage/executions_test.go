package storage

import (
	"errors"
	"fmt"
	"reflect"
	"sync/atomic"
	"testing"

	"github.com/mistral-go/mistral-go/value"
)

func openRuntime(t testing.TB) *Runtime {
	t.Helper()
	db, _ := openMem(t)
	rt, err := OpenRuntime(db)
	if err != nil {
		t.Fatal(err)
	}
	return rt
}

func sampleExecution(id string) *Execution {
	return &Execution{
		ID: id, WorkflowID: "wfid", WorkflowName: "wf", WorkflowNamespace: "ns",
		Description: "d", Tags: []string{"t"},
		Params: value.MapOf("namespace", "ns", "env", value.NewMap(0)),
		State:  "RUNNING", Input: value.MapOf("a", int64(1), "b", []any{"x", 1.5, nil}),
		Output: value.NewMap(0), ProjectID: DefaultProject, CreatedAt: 100,
		Context: value.MapOf("__execution", value.MapOf("id", id)), Engine: []byte{1, 2, 3},
	}
}

func commit(t *testing.T, rt *Runtime, fn func(b *Batch) error) {
	t.Helper()
	b := rt.DB.NewBatch()
	if err := fn(b); err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
}

func scanIDs[T any](t *testing.T, c *Collection[T], field, v string, id func(*T) string) []string {
	t.Helper()
	var out []string
	if err := c.Scan(field, v, func(r *T) bool { out = append(out, id(r)); return true }); err != nil {
		t.Fatal(err)
	}
	return out
}

func execID(r *Execution) string { return r.ID }

func TestExecutionRoundTripAndStateIndex(t *testing.T) {
	rt := openRuntime(t)
	ex := sampleExecution("e1")
	commit(t, rt, func(b *Batch) error { return rt.Executions.PutInBatch(b, ex, nil) })
	got, err := rt.Executions.Get("e1")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(value.ToGo(got.Input), value.ToGo(ex.Input)) || got.State != "RUNNING" ||
		got.HasStateInfo || !reflect.DeepEqual(got.Engine, ex.Engine) || got.Output == nil || got.Output.Len() != 0 {
		t.Fatalf("round trip: %+v", got)
	}
	if got := scanIDs(t, rt.Executions, IndexState, "RUNNING", execID); !reflect.DeepEqual(got, []string{"e1"}) {
		t.Fatalf("running index: %v", got)
	}
	prev := *ex
	ex.State, ex.StateInfo, ex.HasStateInfo = "ERROR", "boom", true
	commit(t, rt, func(b *Batch) error { return rt.Executions.PutInBatch(b, ex, &prev) })
	if got := scanIDs(t, rt.Executions, IndexState, "RUNNING", execID); len(got) != 0 {
		t.Fatalf("stale running index: %v", got)
	}
	if got := scanIDs(t, rt.Executions, IndexState, "ERROR", execID); !reflect.DeepEqual(got, []string{"e1"}) {
		t.Fatalf("error index: %v", got)
	}
	got, _ = rt.Executions.Get("e1")
	if got.StateInfo != "boom" || !got.HasStateInfo {
		t.Fatalf("state info: %+v", got)
	}
	// The list engine sees the record and filters on its fields.
	q, err := rt.Executions.List(Query{Filters: []Filter{mustFilter(t, rt.Executions, "state", "ERROR")}})
	if err != nil || len(q) != 1 {
		t.Fatalf("list: %v %v", q, err)
	}
	commit(t, rt, func(b *Batch) error { return rt.Executions.DeleteInBatch(b, ex) })
	if _, err := rt.Executions.Get("e1"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("deleted: %v", err)
	}
	if got := scanIDs(t, rt.Executions, IndexState, "ERROR", execID); len(got) != 0 {
		t.Fatalf("index left after delete: %v", got)
	}
	all := 0
	_ = rt.Executions.ScanAll(func(*Execution) bool { all++; return true })
	if all != 0 {
		t.Fatalf("created-at key left after delete")
	}
}

func mustFilter[T any](t *testing.T, c *Collection[T], field, raw string) Filter {
	t.Helper()
	f, err := c.ParseFilter(field, Eq, raw)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestTaskAndActionExecutionRoundTrip(t *testing.T) {
	rt := openRuntime(t)
	task := &Task{
		ID: "t1", Name: "task1", Type: "ACTION", WorkflowName: "wf", WorkflowExecutionID: "e1",
		State: "SUCCESS", RuntimeContext: value.NewMap(0), Result: []any{"a", int64(2)},
		Published: value.MapOf("x", true), Processed: true, CreatedAt: 5, StartedAt: 5, FinishedAt: 6,
		InContext: value.NewMap(0),
	}
	nullResult := &Task{ID: "t2", Name: "task2", WorkflowExecutionID: "e1", State: "RUNNING", CreatedAt: 6}
	ax := &ActionExecution{
		ID: "a1", Name: "std.echo", TaskExecutionID: "t1", WorkflowExecutionID: "e1", State: "SUCCESS",
		Accepted: true, Input: value.MapOf("output", "x"), Output: value.MapOf("result", "x"), Index: 3, CreatedAt: 5,
	}
	adhoc := &ActionExecution{ID: "a2", Name: "std.noop", State: "RUNNING", CreatedAt: 7}
	commit(t, rt, func(b *Batch) error {
		for _, r := range []*Task{task, nullResult} {
			if err := rt.Tasks.PutInBatch(b, r, nil); err != nil {
				return err
			}
		}
		for _, r := range []*ActionExecution{ax, adhoc} {
			if err := rt.ActionExecutions.PutInBatch(b, r, nil); err != nil {
				return err
			}
		}
		return nil
	})
	got, err := rt.Tasks.Get("t1")
	if err != nil || !reflect.DeepEqual(got.Result, task.Result) || !got.Processed || got.FinishedAt != 6 {
		t.Fatalf("task: %+v %v", got, err)
	}
	got2, _ := rt.Tasks.Get("t2")
	if got2.Result != nil || got2.Published != nil {
		t.Fatalf("null task result: %+v", got2)
	}
	if ts := scanIDs(t, rt.Tasks, IndexWorkflowExecution, "e1", func(r *Task) string { return r.ID }); !reflect.DeepEqual(ts, []string{"t1", "t2"}) {
		t.Fatalf("tasks of e1: %v", ts)
	}
	a, err := rt.ActionExecutions.Get("a1")
	if err != nil || a.Index != 3 || !a.Accepted || a.Output.Len() != 1 {
		t.Fatalf("action: %+v %v", a, err)
	}
	if as := scanIDs(t, rt.ActionExecutions, IndexTask, "t1", func(r *ActionExecution) string { return r.ID }); !reflect.DeepEqual(as, []string{"a1"}) {
		t.Fatalf("actions of t1: %v", as)
	}
	b, _ := rt.ActionExecutions.Get("a2")
	if b.Output != nil || b.TaskExecutionID != "" {
		t.Fatalf("ad-hoc action: %+v", b)
	}
}

func TestCorruptRuntimeRecords(t *testing.T) {
	enc := executionCodec{}.Append(nil, sampleExecution("e"))
	for cut := 0; cut < len(enc); cut++ {
		var r Execution
		if err := (executionCodec{}).Decode(enc[:cut], &r); err == nil {
			t.Fatalf("decoding %d of %d bytes succeeded", cut, len(enc))
		}
	}
}

// BenchmarkBatchCommitParallel measures synced commits of small batches
// (one task record) from many goroutines at once, as execution actors
// commit: Pebble's group commit shares each fsync among them.
func BenchmarkBatchCommitParallel(b *testing.B) {
	db, err := Open(Options{Dir: b.TempDir(), Quiet: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	rt, err := OpenRuntime(db)
	if err != nil {
		b.Fatal(err)
	}
	b.SetParallelism(256)
	var n atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			id := fmt.Sprintf("t%d", n.Add(1))
			t := &Task{ID: id, Name: "t", WorkflowExecutionID: "e", State: "RUNNING", CreatedAt: 1, Published: value.NewMap(0)}
			bt := db.NewBatch()
			if err := rt.Tasks.PutInBatch(bt, t, nil); err != nil {
				b.Error(err)
				return
			}
			if err := bt.Commit(); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkBatchCommitSerial measures one synced commit of a 4 KB batch
// at a time: the fsync latency the engine's group commits pay.
func BenchmarkBatchCommitSerial(b *testing.B) {
	db, err := Open(Options{Dir: b.TempDir(), Quiet: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	rt, err := OpenRuntime(db)
	if err != nil {
		b.Fatal(err)
	}
	pub := value.MapOf("payload", string(make([]byte, 4000)))
	for i := 0; i < b.N; i++ {
		t := &Task{ID: fmt.Sprintf("t%d", i), Name: "t", WorkflowExecutionID: "e", State: "RUNNING", CreatedAt: 1, Published: pub}
		bt := db.NewBatch()
		if err := rt.Tasks.PutInBatch(bt, t, nil); err != nil {
			b.Fatal(err)
		}
		if err := bt.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}
