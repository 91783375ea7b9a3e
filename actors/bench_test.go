package actors

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/mistral-go/mistral-go/actions"
	"github.com/mistral-go/mistral-go/storage"
)

// linearYAML is a workflow of n std.noop tasks in a chain.
func linearYAML(n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "version: '2.0'\nlinear%d:\n  tasks:\n", n)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "    t%d:\n      action: std.noop\n", i)
		if i < n {
			fmt.Fprintf(&b, "      on-success: t%d\n", i+1)
		}
	}
	return b.String()
}

// benchEngine runs b.N executions of an n-task linear workflow on an
// engine over a Pebble database on disk (every batch synced), with up to
// inflight executions at once, and reports executions/s and task
// transitions/s.
func benchEngine(b *testing.B, n, inflight int, noInline bool) {
	v := &env{t: b, dir: b.TempDir()}
	db, err := storage.Open(storage.Options{Dir: v.dir, Quiet: true})
	if err != nil {
		b.Fatal(err)
	}
	v.db = db
	v.defs, _ = storage.OpenDefinitions(db)
	v.rt, _ = storage.OpenRuntime(db)
	slots := make(chan struct{}, inflight)
	var finished atomic.Int64
	var errs atomic.Int64
	e, err := New(Config{Defs: v.defs, Runtime: v.rt, NodeTag: 1, NoInline: noInline,
		ExecutorConfig: actions.ExecutorConfig{Workers: 64},
		OnFinished: func(id, state string) {
			if state != "SUCCESS" {
				errs.Add(1)
			}
			finished.Add(1)
			<-slots
		}})
	if err != nil {
		b.Fatal(err)
	}
	v.e = e
	if err := e.Start(context.Background()); err != nil {
		b.Fatal(err)
	}
	defer v.close()
	v.workflows(linearYAML(n))
	name := fmt.Sprintf("linear%d", n)
	ctx := context.Background()
	b.ResetTimer()
	cpu0 := cpuTime()
	start := time.Now()
	var wg sync.WaitGroup
	var next atomic.Int64
	for g := 0; g < inflight/4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(b.N) {
				slots <- struct{}{}
				if _, err := e.StartExecution(ctx, StartRequest{WorkflowName: name, ProjectID: project}); err != nil {
					b.Error(err)
					<-slots
				}
			}
		}()
	}
	wg.Wait()
	for finished.Load() < int64(b.N) {
		time.Sleep(100 * time.Microsecond)
	}
	el := time.Since(start)
	cpu := cpuTime() - cpu0
	b.StopTimer()
	if errs.Load() > 0 {
		b.Fatalf("%d executions did not succeed", errs.Load())
	}
	b.ReportMetric(float64(b.N)/el.Seconds(), "executions/s")
	// Each task goes RUNNING then SUCCESS.
	b.ReportMetric(float64(b.N*n*2)/el.Seconds(), "transitions/s")
	// CPU time per execution (all goroutines, Pebble included): what
	// the machine's cores bound, whatever else runs on them.
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/execution")
	b.ReportMetric(0, "ns/op")
}

// The std.noop tasks run inline in their execution's actor (see
// inline.go): a whole linear execution commits in one batch.
func BenchmarkLinear1(b *testing.B)  { benchEngine(b, 1, 1024, false) }
func BenchmarkLinear10(b *testing.B) { benchEngine(b, 10, 1024, false) }

// The Dispatched variants send every action through the executor, as
// any action with effects goes: one synced batch per task transition
// step, effects released after it.
func BenchmarkLinear1Dispatched(b *testing.B)  { benchEngine(b, 1, 1024, true) }
func BenchmarkLinear10Dispatched(b *testing.B) { benchEngine(b, 10, 1024, true) }

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
