package notify

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"github.com/mistral-go/mistral-go/actors"
	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

func count(c prometheus.Counter) float64 {
	var m dto.Metric
	if err := c.Write(&m); err != nil {
		return -1
	}
	return m.GetCounter().GetValue()
}

// receiver is a webhook endpoint that records what it gets.
type receiver struct {
	mu      sync.Mutex
	bodies  []string
	headers []http.Header
	status  func(n int) int
	srv     *httptest.Server
}

func newReceiver(t *testing.T) *receiver {
	r := &receiver{}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		n := len(r.bodies)
		code := 200
		if r.status != nil {
			code = r.status(n)
		}
		if code == 200 || code == 201 {
			r.bodies = append(r.bodies, string(b))
			r.headers = append(r.headers, req.Header.Clone())
		} else {
			r.bodies = append(r.bodies, "")
			r.headers = append(r.headers, nil)
		}
		r.mu.Unlock()
		w.WriteHeader(code)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) got() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, b := range r.bodies {
		if b != "" {
			out = append(out, b)
		}
	}
	return out
}

func (r *receiver) waitFor(t *testing.T, n int) []string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if got := r.got(); len(got) >= n {
			return got
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("received %d of %d notifications", len(r.got()), n)
	return nil
}

func notifyParams(url string, extra ...any) *value.Map {
	pub := value.MapOf(append([]any{"type", "webhook", "url", url}, extra...)...)
	return value.MapOf("notify", []any{pub})
}

func execution(id, url string) *storage.Execution {
	return &storage.Execution{ID: id, WorkflowID: "wf-1", WorkflowName: "wf", State: "RUNNING", ProjectID: "p",
		Params: notifyParams(url, "headers", value.MapOf("X-Token", "s3cret")), CreatedAt: 1_800_000_000, UpdatedAt: 1_800_000_001}
}

func newNotifier(t *testing.T, cfg Config) (*Notifier, *prometheus.Registry) {
	reg := prometheus.NewRegistry()
	cfg.Registerer = reg
	if cfg.Backoff == 0 {
		cfg.Backoff = time.Millisecond
	}
	n, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Close(context.Background()) })
	return n, reg
}

// TestOrderPerExecution: the events of many executions, sent from many
// goroutines, reach the receiver each execution's in order, with
// Mistral's names and payload.
func TestOrderPerExecution(t *testing.T) {
	r := newReceiver(t)
	n, _ := newNotifier(t, Config{Workers: 3})
	const execs = 20
	var wg sync.WaitGroup
	for i := 0; i < execs; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			ex := execution(fmt.Sprintf("ex-%02d", i), r.srv.URL)
			n.Notify(actors.WorkflowEvent(ex, ""))
			task := &storage.Task{ID: fmt.Sprintf("t-%02d", i), Name: "t1", Type: "ACTION", WorkflowExecutionID: ex.ID, WorkflowName: "wf",
				WorkflowID: "wf-1", State: "RUNNING", ProjectID: "p", CreatedAt: 1_800_000_000, StartedAt: 1_800_000_000}
			n.Notify(actors.TaskEvent(ex, task, ""))
			task.State, task.FinishedAt = "SUCCESS", 1_800_000_002
			n.Notify(actors.TaskEvent(ex, task, "RUNNING"))
			ex.State = "SUCCESS"
			n.Notify(actors.WorkflowEvent(ex, "RUNNING"))
		}(i)
	}
	wg.Wait()
	got := r.waitFor(t, 4*execs)
	seq := map[string][]string{}
	for _, b := range got {
		v, err := value.DecodeString(b)
		if err != nil {
			t.Fatalf("not JSON: %s", b)
		}
		m := v.(*value.Map)
		ev, _ := m.Get("event")
		id, _ := m.Get("id")
		if wx, ok := m.Get("workflow_execution_id"); ok {
			id = wx
		}
		seq[id.(string)] = append(seq[id.(string)], ev.(string))
	}
	for id, s := range seq {
		if strings.Join(s, " ") != "WORKFLOW_LAUNCHED TASK_LAUNCHED TASK_SUCCEEDED WORKFLOW_SUCCEEDED" {
			t.Errorf("%s: %v", id, s)
		}
	}
	want := `{"id": "ex-00", "name": "wf", "workflow_name": "wf", "workflow_namespace": "", "workflow_id": "wf-1", "state": "RUNNING", ` +
		`"state_info": null, "project_id": "p", "task_execution_id": null, "root_execution_id": null, ` +
		`"created_at": "2027-01-15 08:00:00", "updated_at": "2027-01-15 08:00:01", "event": "WORKFLOW_LAUNCHED"}`
	found := false
	for i, b := range got {
		if b == want {
			found = true
			r.mu.Lock()
			h := r.headers[i]
			r.mu.Unlock()
			if h.Get("X-Token") != "s3cret" {
				t.Errorf("headers %v", h)
			}
		}
	}
	if !found {
		t.Errorf("no body is %s\ngot e.g. %s", want, got[0])
	}
}

func TestRetryThenDeliver(t *testing.T) {
	r := newReceiver(t)
	r.status = func(n int) int {
		if n < 2 {
			return 503
		}
		return 201
	}
	n, reg := newNotifier(t, Config{Workers: 1})
	n.Notify(actors.WorkflowEvent(execution("ex", r.srv.URL), ""))
	r.waitFor(t, 1)
	n.Close(context.Background())
	if v := count(n.retried); v != 2 {
		t.Errorf("%v retries", v)
	}
	if v := count(n.sent); v != 1 {
		t.Errorf("%v sent", v)
	}
	if mf, _ := reg.Gather(); len(mf) != 4 {
		t.Errorf("%d metrics registered", len(mf))
	}
}

func TestPermanentFailureIsCountedNotRetried(t *testing.T) {
	r := newReceiver(t)
	r.status = func(int) int { return 404 }
	n, _ := newNotifier(t, Config{Workers: 1})
	n.Notify(actors.WorkflowEvent(execution("ex", r.srv.URL), ""))
	// Dead endpoint: retried until the attempts run out.
	ex := execution("ex2", "http://127.0.0.1:1/none")
	n.Notify(actors.WorkflowEvent(ex, ""))
	n.Close(context.Background())
	if v := count(n.failed); v != 2 {
		t.Errorf("%v failures", v)
	}
	if v := count(n.retried); v != 4 {
		t.Errorf("%v retries (404 must not be retried, the dead port 4 times)", v)
	}
	r.mu.Lock()
	calls := len(r.bodies)
	r.mu.Unlock()
	if calls != 1 {
		t.Errorf("404 endpoint called %d times", calls)
	}
}

// TestNotifyNeverBlocks: with the receiver stuck and the queue full,
// Notify returns at once and counts what it drops.
func TestNotifyNeverBlocks(t *testing.T) {
	release := make(chan struct{})
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		<-release
	}))
	defer srv.Close()
	defer close(release)
	n, _ := newNotifier(t, Config{Workers: 1, Queue: 2})
	ex := execution("ex", srv.URL)
	start := time.Now()
	for i := 0; i < 100; i++ {
		n.Notify(actors.WorkflowEvent(ex, ""))
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("Notify blocked for %s", d)
	}
	if v := count(n.dropped); v < 90 {
		t.Errorf("%v dropped", v)
	}
}

func TestPublisherTypes(t *testing.T) {
	r := newReceiver(t)
	n, _ := newNotifier(t, Config{Workers: 1})
	ex := execution("ex", r.srv.URL)
	ex.Params = value.MapOf("notify", []any{
		value.MapOf("type", "noop"),
		value.MapOf("url", r.srv.URL),
		value.MapOf("type", "carrier-pigeon", "url", r.srv.URL),
		value.MapOf("type", "webhook", "url", r.srv.URL, "event_types", []any{"WORKFLOW_SUCCEEDED"}),
		"not an object",
	})
	n.Notify(actors.WorkflowEvent(ex, ""))
	ex.State = "SUCCESS"
	n.Notify(actors.WorkflowEvent(ex, "RUNNING"))
	got := r.waitFor(t, 1)
	n.Close(context.Background())
	if len(r.got()) != 1 || !strings.HasSuffix(got[0], `"event": "WORKFLOW_SUCCEEDED"}`) {
		t.Fatalf("got %v", r.got())
	}
	if v := count(n.failed); v != 4 {
		t.Errorf("%v failures (two events × a publisher without type and an unknown one)", v)
	}
}

// BenchmarkNotify measures what the engine pays per state change of a
// notifying execution: building the event and queueing it.
func BenchmarkNotify(b *testing.B) {
	n, err := New(Config{Workers: 1, Queue: 1 << 20, Client: &http.Client{Transport: nopTransport{}}})
	if err != nil {
		b.Fatal(err)
	}
	defer n.Close(context.Background())
	ex := execution("ex", "http://hook.invalid/")
	b.ReportAllocs()
	for b.Loop() {
		n.Notify(actors.WorkflowEvent(ex, ""))
	}
}

// BenchmarkDeliver measures delivery to a local webhook, end to end.
func BenchmarkDeliver(b *testing.B) {
	var got atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		got.Add(1)
	}))
	defer srv.Close()
	n, err := New(Config{Workers: 4, Queue: 1 << 16})
	if err != nil {
		b.Fatal(err)
	}
	exs := make([]*storage.Execution, 64)
	for i := range exs {
		exs[i] = execution(fmt.Sprintf("ex-%d", i), srv.URL)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n.Notify(actors.WorkflowEvent(exs[i%64], ""))
	}
	n.Close(context.Background()) // waits for every delivery
	b.StopTimer()
	if int(got.Load()) != b.N {
		b.Fatalf("delivered %d of %d", got.Load(), b.N)
	}
}

// nopTransport answers every request with 200 and no body.
type nopTransport struct{}

func (nopTransport) RoundTrip(*http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: 200, Body: http.NoBody}, nil
}
