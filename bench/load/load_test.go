package load

import (
	"context"
	"errors"
	"math"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mistral-go/mistral-go/dsl"
)

func TestScenarioDefinitionsParse(t *testing.T) {
	for _, name := range ScenarioNames() {
		sc := Scenarios[name]
		text, names := sc.define("bench_t_" + strings.ReplaceAll(name, "-", "_"))
		wfs, err := dsl.ParseWorkflows(text)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(wfs) != len(names) || wfs[0].Name != names[0] && wfs[len(wfs)-1].Name != names[0] {
			t.Fatalf("%s: defined %d workflows, want %v", name, len(wfs), names)
		}
		tasks := 0
		for _, w := range wfs {
			tasks += len(w.Tasks)
		}
		if sc.Get == "" && name != "nested" && tasks != sc.Tasks {
			t.Errorf("%s: %d tasks defined, scenario counts %d", name, tasks, sc.Tasks)
		}
	}
	if got := ScenarioNames(); got[0] != "noop" || len(got) != len(Scenarios) {
		t.Fatalf("ScenarioNames() = %v", got)
	}
}

func TestSummarize(t *testing.T) {
	var ds []time.Duration
	for i := 100; i >= 1; i-- {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	d := summarize(ds)
	if d.N != 100 || d.P50 != 50 || d.P90 != 90 || d.P99 != 99 || d.Max != 100 || d.Mean != 50.5 {
		t.Fatalf("summarize = %+v", d)
	}
	if d := summarize([]time.Duration{3 * time.Millisecond}); d.P50 != 3 || d.P99 != 3 {
		t.Fatalf("one value: %+v", d)
	}
	if d := summarize(nil); d.N != 0 {
		t.Fatalf("empty: %+v", d)
	}
}

func TestConfigValidation(t *testing.T) {
	for _, c := range []Config{
		{URL: "http://x", Scenario: "nope"},
		{URL: "http://x", Scenario: "noop", Mode: "fast"},
		{URL: "http://x", Scenario: "noop", Mode: ModeSteady},
		{URL: "http://x", Scenario: "noop", Detect: "psychic"},
		{Scenario: "noop"},
	} {
		if _, err := Run(context.Background(), c); err == nil {
			t.Errorf("%+v: no error", c)
		}
	}
}

func TestServerCPU(t *testing.T) {
	s := Server{Pids: []int{osPid()}}
	a := s.Sample()
	x := 0
	for start := time.Now(); time.Since(start) < 150*time.Millisecond; {
		x++
	}
	c := s.Sample().Since(a)
	if !c.Measured || c.ServerTotal <= 0 || c.Cores < 1 || x == 0 {
		t.Fatalf("CPU = %+v", c)
	}
	if c := (Server{}).Sample().Since(a); c.Measured || c.Server != nil {
		t.Fatalf("no server named, but %+v", c)
	}
}

// fakeAPI is just enough of the API for the error paths: every third
// start fails with a 500, executions never finish when hang is set.
type fakeAPI struct {
	n     int
	hang  bool
	ids   []string
	calls map[string]int
}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.calls[r.Method+" "+r.URL.Path]++
	switch {
	case r.Method == "POST" && r.URL.Path == "/v2/workflows":
		w.WriteHeader(201)
	case r.Method == "POST" && r.URL.Path == "/v2/executions":
		f.n++
		if f.n%3 == 0 {
			http.Error(w, `{"faultstring": "boom"}`, 500)
			return
		}
		id := "id-" + strings.Repeat("x", f.n)
		f.ids = append(f.ids, id)
		w.WriteHeader(201)
		_, _ = w.Write([]byte(`{"id": "` + id + `", "state": "RUNNING"}`))
	case r.Method == "GET" && r.URL.Path == "/v2/executions":
		running := r.URL.Query().Get("state") == "RUNNING"
		var b strings.Builder
		b.WriteString(`{"executions": [`)
		if f.hang || !running {
			for i, id := range f.ids {
				if i > 0 {
					b.WriteString(", ")
				}
				st := "SUCCESS"
				if f.hang {
					st = "RUNNING"
				}
				b.WriteString(`{"id": "` + id + `", "state": "` + st + `"}`)
			}
		}
		b.WriteString("]}")
		_, _ = w.Write([]byte(b.String()))
	case r.Method == "DELETE" && strings.HasPrefix(r.URL.Path, "/v2/executions/"):
		f.ids = slices.DeleteFunc(f.ids, func(id string) bool { return id == strings.TrimPrefix(r.URL.Path, "/v2/executions/") })
		w.WriteHeader(204)
	case r.Method == "DELETE" || r.Method == "PUT":
		w.WriteHeader(204)
	default:
		http.NotFound(w, r)
	}
}

func TestStartErrorsAndTimeouts(t *testing.T) {
	f := &fakeAPI{calls: map[string]int{}}
	srv := newLocked(t, f)
	r, err := Run(context.Background(), Config{URL: srv, Scenario: "noop", N: 9, Concurrency: 1, Poll: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if r.StartErrors != 3 || r.Started != 6 || r.Succeeded != 6 || r.OK() || len(r.Errors) == 0 || !strings.Contains(r.Errors[0], "HTTP 500") {
		t.Fatalf("result %+v", r)
	}
	if len(f.ids) != 0 || f.calls["DELETE /v2/executions/"+r.IDs()[0]] != 1 || f.calls["DELETE /v2/workflows/"+r.Workflow] != 1 {
		t.Fatalf("cleanup calls %v", f.calls)
	}

	h := &fakeAPI{hang: true, calls: map[string]int{}}
	srv = newLocked(t, h)
	r, err = Run(context.Background(), Config{URL: srv, Scenario: "noop", N: 2, Concurrency: 1, Poll: 5 * time.Millisecond, Timeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if !r.TimedOut || r.Unfinished != 2 || r.Succeeded != 0 || r.OK() {
		t.Fatalf("hanging executions: %+v", r)
	}
	// Unfinished executions are cancelled before they are deleted.
	if h.calls["PUT /v2/executions/"+r.IDs()[0]] != 1 || len(h.ids) != 0 {
		t.Fatalf("cleanup calls %v", h.calls)
	}
}

func TestDetectionMethodsAgainstMistrald(t *testing.T) {
	if testing.Short() {
		t.Skip("starts mistrald")
	}
	m := startMistrald(t)
	for _, det := range []string{DetectRunning, DetectList, DetectGet} {
		r, err := Run(context.Background(), Config{URL: m.url, Scenario: "chain10", N: 30, Concurrency: 4,
			Detect: det, Poll: 10 * time.Millisecond, Server: Server{Pids: []int{m.pid}}})
		if err != nil {
			t.Fatal(err)
		}
		if !r.OK() || r.Succeeded != 30 || r.Started != 30 || r.CompletionLatency.N != 30 || r.StartLatency.N != 30 {
			t.Fatalf("%s: %+v", det, r)
		}
		if r.CompletionLatency.P50 < r.StartLatency.P50 || r.ExecPerS <= 0 || math.Abs(r.TasksPerS-10*r.ExecPerS) > 1e-6*r.TasksPerS {
			t.Fatalf("%s: latencies/rates %+v", det, r)
		}
		if !r.CPU.Measured || r.CPU.ServerTotal <= 0 || r.ServerCPUms <= 0 || r.Polls == 0 || r.PollRequests < r.Polls {
			t.Fatalf("%s: cpu/polls %+v", det, r)
		}
		assertCleaned(t, m.url, r)
	}
}

func TestScenariosAgainstMistrald(t *testing.T) {
	if testing.Short() {
		t.Skip("starts mistrald")
	}
	m := startMistrald(t)
	sizes := map[string]int{"noop": 40, "chain10": 10, "items100": 2, "join100": 3, "nested": 5}
	for _, name := range ScenarioNames() {
		if name == "items10k" {
			continue // BenchmarkHTTPWithItems10k runs it
		}
		cfg := Config{URL: m.url, Scenario: name, N: sizes[name], Concurrency: 8, Poll: 10 * time.Millisecond,
			Duration: 300 * time.Millisecond, Seed: 10}
		r, err := Run(context.Background(), cfg)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !r.OK() {
			t.Fatalf("%s: %+v", name, r)
		}
		if Scenarios[name].Get != "" {
			if r.Requests == 0 || r.ReqPerS <= 0 || r.Latency.P99 <= 0 {
				t.Fatalf("%s: %+v", name, r)
			}
		} else if r.Succeeded != sizes[name] {
			t.Fatalf("%s: %d of %d succeeded", name, r.Succeeded, sizes[name])
		}
		assertCleaned(t, m.url, r)
	}
}

func TestSteadyAgainstMistrald(t *testing.T) {
	if testing.Short() {
		t.Skip("starts mistrald")
	}
	m := startMistrald(t)
	r, err := Run(context.Background(), Config{URL: m.url, Scenario: "noop", Mode: ModeSteady, Rate: 100,
		Duration: 1500 * time.Millisecond, Poll: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK() || r.N != 150 || r.Succeeded != 150 || len(r.BacklogSeries) == 0 {
		t.Fatalf("steady: %+v", r)
	}
	// Starts are spread over the duration, not sent at once.
	if r.SubmitS < 1.2 || r.StartRate > 130 {
		t.Fatalf("steady start pacing: submitted in %.2fs at %.0f/s", r.SubmitS, r.StartRate)
	}
	assertCleaned(t, m.url, r)
}

// assertCleaned checks that r's workflows and executions are gone.
func assertCleaned(t *testing.T, url string, r *Result) {
	t.Helper()
	c := NewClient(url, 2)
	defer c.Close()
	_, err := c.Do(context.Background(), "GET", "/v2/workflows/"+r.Workflow, nil, "")
	var se *StatusError
	if !errors.As(err, &se) || se.Code != 404 {
		t.Fatalf("%s: workflow %s still there (%v)", r.Scenario, r.Workflow, err)
	}
	states, err := listStates(context.Background(), c, r.Workflow)
	if err != nil || len(states) != 0 {
		t.Fatalf("%s: executions left: %d (%v)", r.Scenario, len(states), err)
	}
	for _, id := range r.IDs() {
		if slices.Contains([]string{""}, id) {
			t.Fatalf("empty execution id")
		}
	}
}
