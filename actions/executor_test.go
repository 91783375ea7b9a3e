package actions

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"github.com/mistral-go/mistral-go/value"
)

// gate is an action that blocks until released (or cancelled) and counts
// how many runs are inside it at once.
type gate struct {
	release chan struct{}
	inside  atomic.Int64
	maxSeen atomic.Int64
}

func newGate(t *testing.T) (*gate, *Call) {
	g := &gate{release: make(chan struct{})}
	a, err := Define("test.gate", "tests.Gate", "", "", false, func(ctx context.Context, _ Args, _ *ExecContext) (any, error) {
		n := g.inside.Add(1)
		defer g.inside.Add(-1)
		for m := g.maxSeen.Load(); n > m && !g.maxSeen.CompareAndSwap(m, n); m = g.maxSeen.Load() {
		}
		select {
		case <-g.release:
			return "released", nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	c, err := a.Bind(nil)
	if err != nil {
		t.Fatal(err)
	}
	return g, c
}

// collector gathers results delivered through Done.
type collector struct {
	mu      sync.Mutex
	results []Result
	wg      sync.WaitGroup
}

func (c *collector) job(call *Call) Job {
	c.wg.Add(1)
	return Job{Call: call, Done: func(r Result) {
		c.mu.Lock()
		c.results = append(c.results, r)
		c.mu.Unlock()
		c.wg.Done()
	}}
}

func (c *collector) count(s State) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, r := range c.results {
		if r.State == s {
			n++
		}
	}
	return n
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for start := time.Now(); !cond(); time.Sleep(time.Millisecond) {
		if time.Since(start) > 10*time.Second {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func TestExecutorBoundsConcurrencyAndQueue(t *testing.T) {
	reg := prometheus.NewRegistry()
	e, err := NewExecutor(ExecutorConfig{Workers: 2, QueueSize: 3, Registerer: reg})
	if err != nil {
		t.Fatal(err)
	}
	g, call := newGate(t)
	var col collector
	for i := 0; i < 5; i++ {
		if err := e.Submit(context.Background(), col.job(call)); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "two running", func() bool { return e.Running() == 2 && e.QueueDepth() == 3 })
	if err := e.TrySubmit(Job{Call: call, Done: func(Result) {}}); !errors.Is(err, ErrQueueFull) {
		t.Fatalf("TrySubmit on a full queue: %v", err)
	}
	if got := gaugeValue(t, reg, "mistral_action_queue_depth"); got != 3 {
		t.Errorf("queue depth gauge %v", got)
	}
	if got := gaugeValue(t, reg, "mistral_action_running"); got != 2 {
		t.Errorf("running gauge %v", got)
	}
	close(g.release)
	col.wg.Wait()
	if g.maxSeen.Load() != 2 || col.count(StateSuccess) != 5 {
		t.Errorf("max concurrency %d, successes %d", g.maxSeen.Load(), col.count(StateSuccess))
	}
	if err := e.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := e.Submit(context.Background(), Job{Call: call, Done: func(Result) {}}); !errors.Is(err, ErrStopped) {
		t.Fatalf("Submit after Stop: %v", err)
	}
	if got := counterValue(t, reg, "mistral_action_results_total", "state", "SUCCESS"); got != 5 {
		t.Errorf("results_total{SUCCESS} = %v", got)
	}
	if got := histogramCount(t, reg, "mistral_action_run_seconds", "action", "test.gate"); got != 5 {
		t.Errorf("run_seconds{test.gate} count = %v", got)
	}
	if _, err := NewExecutor(ExecutorConfig{Registerer: reg}); err == nil {
		t.Error("registering the metrics twice should fail")
	}
}

func TestExecutorStopDrainsOrCancels(t *testing.T) {
	e, _ := NewExecutor(ExecutorConfig{Workers: 2})
	var col collector
	echo := bind(t, "std.echo", "output", "x", "delay", 0.02)
	for i := 0; i < 6; i++ {
		if err := e.Submit(context.Background(), col.job(echo)); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	col.wg.Wait()
	if col.count(StateSuccess) != 6 {
		t.Fatalf("drain: %+v", col.results)
	}

	e, _ = NewExecutor(ExecutorConfig{Workers: 2})
	_, call := newGate(t)
	var col2 collector
	for i := 0; i < 5; i++ {
		_ = e.Submit(context.Background(), col2.job(call))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := e.Stop(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("forced stop: %v", err)
	}
	col2.wg.Wait()
	if col2.count(StateCancelled) != 5 {
		t.Fatalf("forced stop results: %+v", col2.results)
	}
}

func TestExecutorJobContextAndTimeout(t *testing.T) {
	e, _ := NewExecutor(ExecutorConfig{Workers: 1})
	defer e.Stop(context.Background())
	_, call := newGate(t)
	var col collector
	ctx, cancel := context.WithCancel(context.Background())
	j := col.job(call)
	j.Ctx = ctx
	_ = e.Submit(context.Background(), j)
	waitFor(t, "running", func() bool { return e.Running() == 1 })
	cancel()
	col.wg.Wait()
	j = col.job(call)
	j.Timeout = 20 * time.Millisecond
	j.Context = ExecContext{ActionExecutionID: "ae-9"}
	_ = e.Submit(context.Background(), j)
	col.wg.Wait()
	if col.results[0].State != StateCancelled || col.results[1].State != StateError ||
		!strings.HasSuffix(col.results[1].Data.(string), "action_ex_id=ae-9, msg='0.02 seconds']") {
		t.Fatalf("%+v", col.results)
	}
	if err := e.Submit(context.Background(), Job{Call: call}); err == nil {
		t.Error("a job without Done was accepted")
	}
}

// TestExecutorSubmitRacesStop: every accepted job gets exactly one Done,
// every refused one gets ErrStopped.
func TestExecutorSubmitRacesStop(t *testing.T) {
	e, _ := NewExecutor(ExecutorConfig{Workers: 4, QueueSize: 8})
	noop := bind(t, "std.noop")
	var accepted, done atomic.Int64
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				err := e.Submit(context.Background(), Job{Call: noop, Done: func(Result) { done.Add(1) }})
				if err == nil {
					accepted.Add(1)
				} else if !errors.Is(err, ErrStopped) {
					t.Error(err)
				}
			}
		}()
	}
	time.Sleep(time.Millisecond)
	if err := e.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if accepted.Load() != done.Load() {
		t.Fatalf("accepted %d, done %d", accepted.Load(), done.Load())
	}
}

func gather(t *testing.T, reg *prometheus.Registry, name string) *dto.MetricFamily {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() == name {
			return mf
		}
	}
	t.Fatalf("no metric %s", name)
	return nil
}

func gaugeValue(t *testing.T, reg *prometheus.Registry, name string) float64 {
	return gather(t, reg, name).GetMetric()[0].GetGauge().GetValue()
}

func labelled(t *testing.T, mf *dto.MetricFamily, label, val string) *dto.Metric {
	for _, m := range mf.GetMetric() {
		for _, l := range m.GetLabel() {
			if l.GetName() == label && l.GetValue() == val {
				return m
			}
		}
	}
	t.Fatalf("no %s{%s=%q}", mf.GetName(), label, val)
	return nil
}

func counterValue(t *testing.T, reg *prometheus.Registry, name, label, val string) float64 {
	return labelled(t, gather(t, reg, name), label, val).GetCounter().GetValue()
}

func histogramCount(t *testing.T, reg *prometheus.Registry, name, label, val string) uint64 {
	return labelled(t, gather(t, reg, name), label, val).GetHistogram().GetSampleCount()
}

// BenchmarkExecutorNoop measures dispatch and completion of std.noop
// through the pool: Submit, a worker runs it, Done is called.
func BenchmarkExecutorNoop(b *testing.B) {
	e, err := NewExecutor(ExecutorConfig{Workers: 4, Registerer: prometheus.NewRegistry()})
	if err != nil {
		b.Fatal(err)
	}
	defer e.Stop(context.Background())
	a, _ := std.Lookup("std.noop")
	call, _ := a.Bind(nil)
	var pending atomic.Int64
	done := make(chan struct{}, 1)
	job := Job{Call: call, Done: func(r Result) {
		if pending.Add(-1) == 0 {
			done <- struct{}{}
		}
	}}
	b.ReportAllocs()
	b.ResetTimer()
	pending.Store(int64(b.N))
	for i := 0; i < b.N; i++ {
		if err := e.Submit(context.Background(), job); err != nil {
			b.Fatal(err)
		}
	}
	<-done
}

// BenchmarkBindAndRunEcho is the engine's per-task cost for a small
// action without the pool: bind the input, run, get the result.
func BenchmarkBindAndRunEcho(b *testing.B) {
	a, _ := std.Lookup("std.echo")
	in := value.MapOf("output", "hi")
	ec := &ExecContext{ActionExecutionID: "x"}
	b.ReportAllocs()
	for b.Loop() {
		c, _ := a.Bind(in)
		if r := c.Run(context.Background(), ec, 0); r.State != StateSuccess {
			b.Fatal(r)
		}
	}
}
