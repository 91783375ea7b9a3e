package httpd

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// benchServer holds n executions with three tasks each.
func benchServer(b *testing.B, n int) *runtimeServer {
	s := newRuntimeServer(b)
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("%08d-0000-4000-8000-000000000000", i)
		s.putAll(b, &storage.Execution{ID: id, WorkflowID: anchorWf, WorkflowName: "bench_wf",
			Params: obj(b, `{"namespace": "", "env": {"target": "mars"}}`), State: "SUCCESS",
			Input: obj(b, `{"name": "anchor", "count": 3}`), Output: obj(b, `{"greeting": "Hello, anchor", "done": true}`),
			ProjectID: project, CreatedAt: int64(1000 + i), UpdatedAt: int64(1001 + i), Context: value.NewMap(0)})
		for j := 0; j < 3; j++ {
			s.putAll(b, &storage.Task{ID: fmt.Sprintf("%08d-%04d-4000-8000-000000000000", i, j), Name: "t", Type: "ACTION",
				WorkflowName: "bench_wf", WorkflowID: anchorWf, WorkflowExecutionID: id, State: "SUCCESS",
				ProjectID: project, RuntimeContext: value.NewMap(0), Published: obj(b, `{"greeting": "Hello"}`),
				Result: "Hello", Processed: true, CreatedAt: int64(1000 + i), UpdatedAt: int64(1000 + i)})
		}
	}
	return s
}

func benchGet(b *testing.B, s *runtimeServer, target string) {
	req := httptest.NewRequest("GET", target, nil)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("%d %s", w.Code, w.Body)
		}
	}
}

// BenchmarkGetExecution: GET /v2/executions/{id}.
func BenchmarkGetExecution(b *testing.B) {
	s := benchServer(b, 100)
	benchGet(b, s, "/v2/executions/00000042-0000-4000-8000-000000000000")
}

// BenchmarkListExecutionsPage: a page of 50 executions.
func BenchmarkListExecutionsPage(b *testing.B) {
	s := benchServer(b, 1000)
	benchGet(b, s, "/v2/executions?limit=50&marker=00000500-0000-4000-8000-000000000000")
}

// BenchmarkExecutionTasks: the tasks of one execution among 1000.
func BenchmarkExecutionTasks(b *testing.B) {
	s := benchServer(b, 1000)
	benchGet(b, s, "/v2/executions/00000500-0000-4000-8000-000000000000/tasks")
}

// BenchmarkReport: the report of one execution.
func BenchmarkReport(b *testing.B) {
	s := benchServer(b, 100)
	benchGet(b, s, "/v2/executions/00000050-0000-4000-8000-000000000000/report")
}

// BenchmarkStartExecutionBody: decoding and validating a POST body (the
// fake engine's write included).
func BenchmarkStartExecutionBody(b *testing.B) {
	s := newRuntimeServer(b)
	body := `{"workflow_name": "wf", "input": {"name": "x", "items": [1, 2, 3]}, "params": {"env": {"a": 1}}, "description": "bench"}`
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if a := s.serve("POST", "/v2/executions", body); a.status != http.StatusCreated {
			b.Fatalf("%d %s", a.status, a.body)
		}
	}
}

// FuzzRuntimeBodies: no body, however bad, gets a 5xx or a panic.
func FuzzRuntimeBodies(f *testing.F) {
	for _, seed := range []string{`{}`, `{"workflow_name": "w", "input": "{\"a\": 1}"}`, `{"state": "RUNNING", "reset": true}`,
		`{"name": "std.echo", "input": {"output": 1}, "params": {"save_result": true}}`, `{"state": "SUCCESS", "output": "[1]"}`,
		`{"params": {"env": {"k": [1, {"x": null}]}}}`, `[1, 2]`, `"x"`, `{"tags": ["a", 1]}`, `{"reset": 1.5}`} {
		f.Add(seed)
	}
	s := newRuntimeServer(f)
	anchorRecords(f, s)
	targets := []struct{ method, path string }{
		{"POST", "/v2/executions"}, {"PUT", "/v2/executions/" + anchorEx}, {"PUT", "/v2/tasks/" + boomTask},
		{"POST", "/v2/action_executions"}, {"PUT", "/v2/action_executions/" + adhocRun},
	}
	f.Fuzz(func(t *testing.T, body string) {
		for _, tg := range targets {
			if a := s.serve(tg.method, tg.path, body); a.status >= 500 {
				t.Fatalf("%s %s %q: %d %s", tg.method, tg.path, body, a.status, a.body)
			}
		}
	})
}
