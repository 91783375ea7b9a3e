package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mistral-go/mistral-go/value"
)

// Helpers of the runtime tests (executions, tasks, action executions).

// startEngine starts mistrald (with its engine).
func startEngine(t *testing.T, args ...string) *Server {
	t.Helper()
	return Start(t, args...)
}

// jsonBody marshals a request body.
func jsonBody(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const jsonCT = "Content-Type: application/json"

// createWorkflows uploads a workflow definition.
func (s *Server) createWorkflows(t testing.TB, yaml string) {
	t.Helper()
	s.Expect(t, 201, "POST", "/v2/workflows", []byte(yaml))
}

// startExecution starts an execution and returns the answer.
func (s *Server) startExecution(t testing.TB, body map[string]any) *value.Map {
	t.Helper()
	return s.Expect(t, 201, "POST", "/v2/executions", jsonBody(t, body), jsonCT).Map(t)
}

// str returns string field k of m.
func str(m *value.Map, k string) string {
	v, _ := m.Get(k)
	s, _ := v.(string)
	return s
}

// items returns the list under key k of a list answer.
func items(t testing.TB, m *value.Map, k string) []*value.Map {
	t.Helper()
	v, ok := m.Get(k)
	if !ok {
		t.Fatalf("no %q in %s", k, value.MarshalPy(m))
	}
	var out []*value.Map
	for _, x := range v.([]any) {
		out = append(out, x.(*value.Map))
	}
	return out
}

// waitFor polls GET path until cond holds (at most limit) and returns
// the last answer.
func (s *Server) waitFor(t testing.TB, path string, limit time.Duration, cond func(*value.Map) bool) *value.Map {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		m := s.Expect(t, 200, "GET", path, nil).Map(t)
		if cond(m) {
			return m
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET %s: condition not met within %v: %s", path, limit, value.MarshalPy(m))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitState waits until execution id is in one of states.
func (s *Server) waitState(t testing.TB, id string, states ...string) *value.Map {
	t.Helper()
	return s.waitFor(t, "/v2/executions/"+id, 30*time.Second, func(m *value.Map) bool {
		for _, st := range states {
			if str(m, "state") == st {
				return true
			}
		}
		return false
	})
}

// taskOf returns the task named name of execution id.
func (s *Server) taskOf(t testing.TB, id, name string) *value.Map {
	t.Helper()
	for _, tk := range items(t, s.Expect(t, 200, "GET", "/v2/executions/"+id+"/tasks", nil).Map(t), "tasks") {
		if str(tk, "name") == name {
			return tk
		}
	}
	t.Fatalf("execution %s has no task %s", id, name)
	return nil
}

// decodeText decodes a JSON-in-string field.
func decodeText(t testing.TB, m *value.Map, k string) any {
	t.Helper()
	v, err := value.DecodeString(str(m, k))
	if err != nil {
		t.Fatalf("%s is not JSON text: %v", k, err)
	}
	return v
}

// wantFault checks a WSME error answer.
func wantFault(t testing.TB, r *Response, status int, msg string) {
	t.Helper()
	want := fmt.Sprintf(`{"faultcode": "Client", "faultstring": %s, "debuginfo": null}`, value.AppendJSONString(nil, msg, true))
	if r.Status != status || string(r.Body) != want {
		t.Errorf("got %d %s\nwant %d %s", r.Status, r.Body, status, want)
	}
}

// keys returns the keys of m joined by commas.
func keys(m *value.Map) string { return strings.Join(m.Keys(), ",") }
