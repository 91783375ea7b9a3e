package expiration

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// treeDeleter deletes an execution and its sub-executions from storage,
// refusing unfinished ones as the engine does; it records what it was
// asked to delete.
type treeDeleter struct {
	rt       *storage.Runtime
	mu       sync.Mutex
	asked    map[string]bool
	inFlight atomic.Int32
	maxSeen  atomic.Int32
}

func (d *treeDeleter) DeleteExecution(ctx context.Context, id string, force bool) error {
	n := d.inFlight.Add(1)
	defer d.inFlight.Add(-1)
	for {
		m := d.maxSeen.Load()
		if n <= m || d.maxSeen.CompareAndSwap(m, n) {
			break
		}
	}
	d.mu.Lock()
	d.asked[id] = true
	d.mu.Unlock()
	ex, err := d.rt.Executions.Get(id)
	if err != nil {
		return &storage.NotFoundError{Msg: "WorkflowExecution not found [id=" + id + "]"}
	}
	if ex.State != "SUCCESS" && ex.State != "ERROR" && ex.State != "CANCELLED" {
		return &storage.ForbiddenError{Msg: "Only completed executions can be deleted."}
	}
	var tree []*storage.Execution
	_ = d.rt.Executions.Scan(storage.IndexRoot, id, func(c *storage.Execution) bool { tree = append(tree, c); return true })
	b := d.rt.DB.NewBatch()
	for _, c := range append(tree, ex) {
		if err := d.rt.Executions.DeleteInBatch(b, c); err != nil {
			return err
		}
	}
	return b.Commit()
}

func counter(c prometheus.Counter) float64 {
	var m dto.Metric
	_ = c.Write(&m)
	return m.GetCounter().GetValue()
}

func openRuntime(t *testing.T) *storage.Runtime {
	t.Helper()
	db, err := storage.Open(storage.Options{Dir: "mem", InMemory: true, Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	rt, err := storage.OpenRuntime(db)
	if err != nil {
		t.Fatal(err)
	}
	return rt
}

func putExecutions(t *testing.T, rt *storage.Runtime, exs []*storage.Execution) {
	t.Helper()
	for len(exs) > 0 {
		n := min(len(exs), 1000)
		b := rt.DB.NewBatch()
		for _, ex := range exs[:n] {
			if err := rt.Executions.PutInBatch(b, ex, nil); err != nil {
				t.Fatal(err)
			}
		}
		if err := b.Commit(); err != nil {
			t.Fatal(err)
		}
		exs = exs[n:]
	}
}

func exec(id, state string, updated int64) *storage.Execution {
	return &storage.Execution{ID: id, State: state, WorkflowName: "wf", CreatedAt: updated, UpdatedAt: updated,
		Params: value.NewMap(0), Input: value.NewMap(0), Output: value.NewMap(0)}
}

// TestTenThousandExpireInBatches: 10,000 finished executions (with a
// sub-workflow each) older than the limit expire in batches of 1,000
// while new executions are being started; no running execution is
// asked for, and every one is still there.
func TestTenThousandExpireInBatches(t *testing.T) {
	rt := openRuntime(t)
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	old := now.Add(-2 * time.Hour).Unix()
	var exs []*storage.Execution
	for i := 0; i < 10_000; i++ {
		state := []string{"SUCCESS", "ERROR", "CANCELLED"}[i%3]
		top := exec(fmt.Sprintf("done-%05d", i), state, old+int64(i%60))
		sub := exec(fmt.Sprintf("sub-%05d", i), state, old)
		sub.TaskExecutionID, sub.RootExecutionID = "task", top.ID
		exs = append(exs, top, sub)
	}
	var running []string
	for i := 0; i < 100; i++ {
		ex := exec(fmt.Sprintf("run-%03d", i), []string{"RUNNING", "PAUSED", "IDLE"}[i%3], old)
		running = append(running, ex.ID)
		exs = append(exs, ex)
	}
	putExecutions(t, rt, exs)
	del := &treeDeleter{rt: rt, asked: map[string]bool{}}
	reg := prometheus.NewRegistry()
	p, err := New(Config{Runtime: rt, Engine: del, Interval: time.Minute, OlderThan: time.Hour, BatchSize: 1000,
		Now: func() time.Time { return now }, Registerer: reg})
	if err != nil {
		t.Fatal(err)
	}
	// New executions keep coming while the policy runs.
	stop := make(chan struct{})
	var fresh []string
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			ex := exec(fmt.Sprintf("new-%05d", i), "RUNNING", now.Unix())
			putExecutions(t, rt, []*storage.Execution{ex})
			fresh = append(fresh, ex.ID)
			time.Sleep(time.Millisecond)
		}
	}()
	n, err := p.RunOnce(context.Background())
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if n != 10_000 {
		t.Fatalf("deleted %d, want 10000", n)
	}
	if b := counter(p.batches); b != 10 {
		t.Errorf("%v batches, want 10", b)
	}
	if m := del.maxSeen.Load(); m < 2 || m > 4 {
		t.Errorf("%d deletions at once, want 2..4", m)
	}
	for _, id := range append(running, fresh...) {
		if del.asked[id] {
			t.Errorf("%s was asked for", id)
		}
		if _, err := rt.Executions.Get(id); err != nil {
			t.Errorf("%s is gone", id)
		}
	}
	left := 0
	_ = rt.Executions.ScanAll(func(*storage.Execution) bool { left++; return true })
	if want := len(running) + len(fresh); left != want {
		t.Errorf("%d executions left, want %d", left, want)
	}
	if len(fresh) == 0 {
		t.Error("no execution started during the run")
	}
}

// TestMaxFinishedKeepsNewest: beyond max_finished_executions the least
// recently updated go; ignored states and younger ones stay.
func TestMaxFinishedKeepsNewest(t *testing.T) {
	rt := openRuntime(t)
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	var exs []*storage.Execution
	for i := 0; i < 10; i++ {
		exs = append(exs, exec(fmt.Sprintf("s%d", i), "SUCCESS", now.Unix()-int64(100*i)))
	}
	exs = append(exs, exec("e0", "ERROR", now.Unix()-5000), exec("r0", "RUNNING", now.Unix()-9000))
	putExecutions(t, rt, exs)
	del := &treeDeleter{rt: rt, asked: map[string]bool{}}
	p, err := New(Config{Runtime: rt, Engine: del, Interval: time.Minute, MaxFinished: 3, BatchSize: 2,
		IgnoredStates: []string{"ERROR"}, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := p.RunOnce(context.Background()); err != nil || n != 7 {
		t.Fatalf("deleted %d, %v", n, err)
	}
	for _, id := range []string{"s0", "s1", "s2", "e0", "r0"} {
		if _, err := rt.Executions.Get(id); err != nil {
			t.Errorf("%s is gone", id)
		}
	}
	if b := counter(p.batches); b != 4 {
		t.Errorf("%v batches of 2 for 7, want 4", b)
	}
}

func TestConfig(t *testing.T) {
	rt := openRuntime(t)
	del := &treeDeleter{rt: rt, asked: map[string]bool{}}
	_, err := New(Config{Runtime: rt, Engine: del, IgnoredStates: []string{"RUNNING"}})
	if err == nil || err.Error() != "RUNNING is not a terminal state. The valid states are [CANCELLED, ERROR, SUCCESS]" {
		t.Fatalf("got %v", err)
	}
	for _, c := range []struct {
		cfg  Config
		want bool
	}{
		{Config{Interval: time.Minute, OlderThan: time.Hour}, true},
		{Config{Interval: time.Minute, MaxFinished: 1}, true},
		{Config{Interval: time.Minute}, false},
		{Config{OlderThan: time.Hour}, false},
	} {
		c.cfg.Runtime, c.cfg.Engine = rt, del
		p, _ := New(c.cfg)
		if p.Enabled() != c.want {
			t.Errorf("%+v: enabled %v", c.cfg, p.Enabled())
		}
	}
	// A running policy stops.
	p, _ := New(Config{Runtime: rt, Engine: del, Interval: 10 * time.Millisecond, MaxFinished: 1})
	p.Start(context.Background())
	time.Sleep(30 * time.Millisecond)
	p.Stop()
}
