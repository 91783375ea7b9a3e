package load

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"
)

// End-to-end benchmarks: a mistrald process (durable Pebble writes) on
// loopback, driven over HTTP by this package. ns/op is wall time per
// execution (per request for GETs); the custom metrics are the ones the
// issue's targets name.

var (
	benchOnce   sync.Once
	benchServer *mistrald
	benchStop   []func()
)

// shared starts one mistrald for every benchmark of the run.
func shared(b *testing.B) *mistrald {
	benchOnce.Do(func() {
		st := &stopper{}
		benchServer = startMistrald(st)
		benchStop = st.fns
	})
	if benchServer == nil {
		b.Fatal("mistrald did not start")
	}
	return benchServer
}

func TestMain(m *testing.M) {
	code := m.Run()
	for i := len(benchStop) - 1; i >= 0; i-- {
		benchStop[i]()
	}
	os.Exit(code)
}

func benchExecutions(b *testing.B, scenario string, n int) {
	m := shared(b)
	if n == 0 {
		n = b.N
	}
	r, err := Run(context.Background(), Config{URL: m.url, Scenario: scenario, N: n, Concurrency: 64,
		Poll: 20 * time.Millisecond, Server: Server{Pids: []int{m.pid}}})
	if err != nil {
		b.Fatal(err)
	}
	if !r.OK() {
		b.Fatalf("%d of %d succeeded: %v", r.Succeeded, r.N, r.Errors)
	}
	b.ReportMetric(r.WallS*1e9/float64(n), "ns/op")
	b.ReportMetric(r.ExecPerS, "executions/s")
	b.ReportMetric(r.TasksPerS, "transitions/s")
	b.ReportMetric(r.CompletionLatency.P99, "p99-ms")
	b.ReportMetric(r.ServerCPUms, "server-cpu-ms/exec")
}

func BenchmarkHTTPNoop(b *testing.B)    { benchExecutions(b, "noop", 0) }
func BenchmarkHTTPChain10(b *testing.B) { benchExecutions(b, "chain10", 0) }

// BenchmarkHTTPWithItems10k runs one with-items task over 10,000 items
// per op.
func BenchmarkHTTPWithItems10k(b *testing.B) {
	for b.Loop() {
		benchExecutions(b, "items10k", 1)
	}
}

// BenchmarkHTTPGetWorkflow is GET /v2/workflows/<name> from 50 clients.
func BenchmarkHTTPGetWorkflow(b *testing.B) {
	m := shared(b)
	d := time.Duration(b.N) * 20 * time.Microsecond
	r, err := Run(context.Background(), Config{URL: m.url, Scenario: "get-wf", Concurrency: 50, Duration: max(d, 100*time.Millisecond)})
	if err != nil || !r.OK() {
		b.Fatalf("%v %v", err, r.Errors)
	}
	b.ReportMetric(r.WallS*1e9/float64(r.Requests), "ns/op")
	b.ReportMetric(r.ReqPerS, "requests/s")
	b.ReportMetric(r.Latency.P99, "p99-ms")
}

// stopper is a testing.TB whose cleanups run when the benchmarks end
// (startMistrald's process outlives any one benchmark).
type stopper struct {
	testing.TB
	fns []func()
}

func (s *stopper) Helper()          {}
func (s *stopper) Cleanup(f func()) { s.fns = append(s.fns, f) }
func (s *stopper) TempDir() string {
	d, _ := os.MkdirTemp("", "mistral-load-bench-")
	s.fns = append(s.fns, func() { os.RemoveAll(d) })
	return d
}
func (s *stopper) Fatal(args ...any)         { panic(args) }
func (s *stopper) Fatalf(f string, a ...any) { panic(f) }
