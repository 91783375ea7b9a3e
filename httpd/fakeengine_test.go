package httpd

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/mistral-go/mistral-go/actors"
	"github.com/mistral-go/mistral-go/cluster"
	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// fakeEngine implements actors.API over the runtime records with just
// enough behaviour to exercise the REST layer: it records every call and
// writes records the way the engine would.
type fakeEngine struct {
	rt *storage.Runtime

	mu    sync.Mutex
	calls []string
	// next is the id of the next record created.
	next int
	// err, when set, is returned by every call.
	err error
}

func (f *fakeEngine) record(format string, args ...any) {
	f.mu.Lock()
	f.calls = append(f.calls, fmt.Sprintf(format, args...))
	f.mu.Unlock()
}

func (f *fakeEngine) lastCall() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.calls) == 0 {
		return ""
	}
	return f.calls[len(f.calls)-1]
}

func (f *fakeEngine) newID() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.next++
	return fmt.Sprintf("00000000-0000-4000-8000-%012d", f.next)
}

func put[T any](rt *storage.Runtime, c *storage.Collection[T], r *T) error {
	return rt.DB.Update(func(w *storage.Write) error { return c.Put(w, r) })
}

func (f *fakeEngine) StartExecution(_ context.Context, req actors.StartRequest) (*storage.Execution, error) {
	f.record("start id=%s wf_id=%s wf=%s ns=%s input=%s params=%s desc=%q source=%s", req.ID, req.WorkflowID,
		req.WorkflowName, req.WorkflowNamespace, value.MarshalPy(mapOrNil(req.Input)), value.MarshalPy(mapOrNil(req.Params)),
		req.Description, req.SourceExecutionID)
	if f.err != nil {
		return nil, f.err
	}
	if req.WorkflowName == "missing" {
		return nil, &storage.NotFoundError{Msg: "Workflow not found [workflow_identifier=missing, namespace=]"}
	}
	id := req.ID
	if id == "" {
		id = f.newID()
	}
	params := value.NewMap(2)
	params.Set("namespace", req.WorkflowNamespace)
	params.Set("env", value.NewMap(0))
	input := req.Input
	if input == nil {
		input = value.NewMap(0)
	}
	ex := &storage.Execution{ID: id, WorkflowID: "11111111-1111-4111-8111-111111111111", WorkflowName: req.WorkflowName,
		WorkflowNamespace: req.WorkflowNamespace, Description: req.Description, Params: params, State: "RUNNING",
		Input: input, Output: value.NewMap(0), ProjectID: req.ProjectID, CreatedAt: 1000, UpdatedAt: 1000,
		SourceExecutionID: req.SourceExecutionID}
	return ex, put(f.rt, f.rt.Executions, ex)
}

func mapOrNil(m *value.Map) any {
	if m == nil {
		return nil
	}
	return m
}

func (f *fakeEngine) UpdateExecution(_ context.Context, id string, upd actors.ExecutionUpdate) (*storage.Execution, error) {
	var parts []string
	if upd.State != nil {
		parts = append(parts, "state="+*upd.State)
	}
	if upd.StateInfo != nil {
		parts = append(parts, "state_info="+*upd.StateInfo)
	}
	if upd.Description != nil {
		parts = append(parts, "description="+*upd.Description)
	}
	if upd.Env != nil {
		parts = append(parts, "env="+value.MarshalPy(upd.Env))
	}
	f.record("update %s %s", id, strings.Join(parts, " "))
	if f.err != nil {
		return nil, f.err
	}
	ex, err := f.rt.Executions.Get(id)
	if err != nil {
		return nil, err
	}
	if upd.State != nil {
		ex.State = *upd.State
	}
	if upd.StateInfo != nil {
		ex.StateInfo, ex.HasStateInfo = *upd.StateInfo, true
	}
	if upd.Description != nil {
		ex.Description = *upd.Description
	}
	if upd.Env != nil {
		ex.Params.Set("env", upd.Env)
	}
	return ex, put(f.rt, f.rt.Executions, ex)
}

func (f *fakeEngine) DeleteExecution(_ context.Context, id string, force bool) error {
	f.record("delete %s force=%v", id, force)
	if f.err != nil {
		return f.err
	}
	return f.rt.DB.Update(func(w *storage.Write) error { return f.rt.Executions.Delete(w, id) })
}

func (f *fakeEngine) RerunTask(_ context.Context, id string, req actors.RerunRequest) (*storage.Task, error) {
	env := "nil"
	if req.Env != nil {
		env = value.MarshalPy(req.Env)
	}
	f.record("rerun %s state=%s reset=%v env=%s", id, req.State, *req.Reset, env)
	if f.err != nil {
		return nil, f.err
	}
	t, err := f.rt.Tasks.Get(id)
	if err != nil {
		return nil, err
	}
	t.State, t.Processed, t.FinishedAt, t.Result = "RUNNING", false, 0, []any{}
	return t, put(f.rt, f.rt.Tasks, t)
}

func (f *fakeEngine) RunAction(_ context.Context, req actors.RunActionRequest) (*storage.ActionExecution, error) {
	f.record("run %s input=%s params=%s desc=%q ns=%q", req.Name, value.MarshalPy(mapOrNil(req.Input)),
		value.MarshalPy(mapOrNil(req.Params)), req.Description, req.WorkflowNamespace)
	if f.err != nil {
		return nil, f.err
	}
	a := &storage.ActionExecution{Name: req.Name, WorkflowNamespace: req.WorkflowNamespace, Input: req.Input,
		Description: req.Description}
	save, _ := mapGet(req.Params, "save_result").(bool)
	if !save {
		out, _ := req.Input.Get("output")
		a.State, a.Output = "SUCCESS", value.MapOf("result", out)
		return a, nil
	}
	a.ID, a.State, a.ProjectID, a.CreatedAt = f.newID(), "RUNNING", req.ProjectID, 2000
	return a, put(f.rt, f.rt.ActionExecutions, a)
}

func mapGet(m *value.Map, k string) any {
	if m == nil {
		return nil
	}
	v, _ := m.Get(k)
	return v
}

func (f *fakeEngine) UpdateActionExecution(_ context.Context, id string, upd actors.ActionUpdate) (*storage.ActionExecution, error) {
	f.record("action %s state=%s output=%s has=%v", id, upd.State, value.MarshalPy(upd.Output), upd.HasOutput)
	if f.err != nil {
		return nil, f.err
	}
	a, err := f.rt.ActionExecutions.Get(id)
	if err == storage.ErrNotFound {
		return nil, &storage.NotFoundError{Msg: "ActionExecution not found [id=" + id + "]"}
	}
	if err != nil {
		return nil, err
	}
	a.State, a.Accepted, a.UpdatedAt = upd.State, true, 2001
	a.Output = value.MapOf("result", upd.Output)
	return a, put(f.rt, f.rt.ActionExecutions, a)
}

// runtimeServer is an API with a fake engine over an in-memory database.
type runtimeServer struct {
	*Server
	eng *fakeEngine
	rt  *storage.Runtime
}

func newRuntimeServer(t testing.TB, mod ...func(*Config)) *runtimeServer {
	t.Helper()
	db, err := storage.Open(storage.Options{Dir: "mem", InMemory: true, Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	defs, err := storage.OpenDefinitions(db)
	if err != nil {
		t.Fatal(err)
	}
	rt, err := storage.OpenRuntime(db)
	if err != nil {
		t.Fatal(err)
	}
	eng := &fakeEngine{rt: rt}
	cfg := Config{Node: cluster.NewNode("testhost_1"), Runtime: rt, Engine: eng}
	for _, m := range mod {
		m(&cfg)
	}
	s, err := New(defs, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &runtimeServer{Server: s, eng: eng, rt: rt}
}

// answer is one in-process response.
type answer struct {
	status int
	body   string
}

// serve sends one request; a body is sent as JSON.
func (s *runtimeServer) serve(method, target, body string, headers ...string) answer {
	var req *http.Request
	if body != "" {
		req = httptest.NewRequest(method, target, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
	} else {
		req = httptest.NewRequest(method, target, nil)
	}
	req.Host = "127.0.0.1:8989"
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ":")
		req.Header.Set(strings.TrimSpace(k), strings.TrimSpace(v))
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, req)
	return answer{w.Code, w.Body.String()}
}

// must sends a request and fails the test unless the status is want.
func (s *runtimeServer) must(t testing.TB, want int, method, target, body string, headers ...string) string {
	t.Helper()
	a := s.serve(method, target, body, headers...)
	if a.status != want {
		t.Fatalf("%s %s: %d, want %d: %s", method, target, a.status, want, a.body)
	}
	return a.body
}

// putAll stores records as the engine would.
func (s *runtimeServer) putAll(t testing.TB, recs ...any) {
	t.Helper()
	for _, r := range recs {
		var err error
		switch r := r.(type) {
		case *storage.Execution:
			err = put(s.rt, s.rt.Executions, r)
		case *storage.Task:
			err = put(s.rt, s.rt.Tasks, r)
		case *storage.ActionExecution:
			err = put(s.rt, s.rt.ActionExecutions, r)
		default:
			t.Fatalf("cannot store %T", r)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}
