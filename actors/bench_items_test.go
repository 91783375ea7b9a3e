package actors

import (
	"context"
	rtmetrics "runtime/metrics"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mistral-go/mistral-go/actions"
	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

const itemsYAML = `version: '2.0'
items:
  input: [n]
  tasks:
    t:
      with-items: i in <% range($.n) %>
      action: std.noop
items_window:
  input: [n]
  tasks:
    t:
      with-items: i in <% range($.n) %>
      concurrency: 100
      action: std.noop
`

// benchWithItems runs b.N executions, one after the other, of workflow
// wf (items: one task running std.noop over n items; items_window: the
// same, 100 at a time), on an engine over a Pebble
// database on disk (every batch synced). It reports items/s and the
// highest live heap seen while it ran.
func benchWithItems(b *testing.B, wf string, n int64, noInline bool) {
	v := &env{t: b, dir: b.TempDir()}
	db, err := storage.Open(storage.Options{Dir: v.dir, Quiet: true})
	if err != nil {
		b.Fatal(err)
	}
	v.db = db
	v.defs, _ = storage.OpenDefinitions(db)
	v.rt, _ = storage.OpenRuntime(db)
	done := make(chan string, 1)
	e, err := New(Config{Defs: v.defs, Runtime: v.rt, NodeTag: 1, NoInline: noInline,
		ExecutorConfig: actions.ExecutorConfig{Workers: 64},
		OnFinished:     func(id, state string) { done <- state }})
	if err != nil {
		b.Fatal(err)
	}
	v.e = e
	if err := e.Start(context.Background()); err != nil {
		b.Fatal(err)
	}
	defer v.close()
	v.workflows(itemsYAML)
	peak, stop := heapPeak()
	defer stop()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if _, err := e.StartExecution(context.Background(), StartRequest{WorkflowName: wf, ProjectID: project,
			Input: value.MapOf("n", n)}); err != nil {
			b.Fatal(err)
		}
		if st := <-done; st != "SUCCESS" {
			b.Fatalf("execution ended %s", st)
		}
	}
	el := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(int64(b.N)*n)/el.Seconds(), "items/s")
	b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
	b.ReportMetric(el.Seconds()/float64(b.N), "s/execution")
	b.ReportMetric(0, "ns/op")
}

// heapPeak samples the live heap every 5 ms until stop is called.
func heapPeak() (*atomic.Uint64, func()) {
	var peak atomic.Uint64
	quit := make(chan struct{})
	s := []rtmetrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	go func() {
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			rtmetrics.Read(s)
			if v := s[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-quit:
				return
			case <-t.C:
			}
		}
	}()
	return &peak, func() { close(quit) }
}

// The std.noop items run inline in the execution's actor; the
// Dispatched variants send each through the executor; Window runs them
// 100 at a time (concurrency: 100).
func BenchmarkWithItems1k(b *testing.B)            { benchWithItems(b, "items", 1000, false) }
func BenchmarkWithItems10k(b *testing.B)           { benchWithItems(b, "items", 10000, false) }
func BenchmarkWithItems1kDispatched(b *testing.B)  { benchWithItems(b, "items", 1000, true) }
func BenchmarkWithItems10kDispatched(b *testing.B) { benchWithItems(b, "items", 10000, true) }
func BenchmarkWithItems10kWindow(b *testing.B)     { benchWithItems(b, "items_window", 10000, true) }
