package httpd

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mistral-go/mistral-go/actors"
	"github.com/mistral-go/mistral-go/cluster"
	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// surfEngine is an actors.API over the runtime records, enough for the
// v1 executions and maintenance mode: started executions run until
// finish (or, with autoFinish, finish on their own shortly after).
type surfEngine struct {
	rt *storage.Runtime
	// running counts the auto-finish goroutines, waited for before the
	// database closes.
	running sync.WaitGroup

	mu         sync.Mutex
	starts     []actors.StartRequest
	updates    []string
	n          int
	autoFinish bool
}

func (e *surfEngine) StartExecution(_ context.Context, req actors.StartRequest) (*storage.Execution, error) {
	e.mu.Lock()
	e.starts = append(e.starts, req)
	e.n++
	id := req.ID
	if id == "" {
		id = fmt.Sprintf("00000000-0000-4000-8000-%012d", e.n)
	}
	auto := e.autoFinish
	e.mu.Unlock()
	in := req.Input
	if in == nil {
		in = value.NewMap(0)
	}
	ex := &storage.Execution{ID: id, WorkflowID: req.WorkflowID, WorkflowName: req.WorkflowName, State: "RUNNING",
		Input: in, Output: value.NewMap(0), Params: value.NewMap(0), ProjectID: req.ProjectID, CreatedAt: 1765967107, UpdatedAt: 1765967107}
	if err := e.put(ex); err != nil {
		return nil, err
	}
	if auto {
		e.running.Add(1)
		go func() {
			defer e.running.Done()
			time.Sleep(20 * time.Millisecond)
			out := value.NewMap(1)
			out.Set("echo", in)
			_ = e.finish(id, "SUCCESS", out)
		}()
	}
	return ex, nil
}

func (e *surfEngine) put(ex *storage.Execution) error {
	return e.rt.DB.Update(func(w *storage.Write) error { return e.rt.Executions.Put(w, ex) })
}

// finish ends execution id in state with output.
func (e *surfEngine) finish(id, state string, out *value.Map) error {
	ex, err := e.rt.Executions.Get(id)
	if err != nil {
		return err
	}
	ex.State, ex.Output, ex.UpdatedAt = state, out, ex.UpdatedAt+5
	return e.put(ex)
}

func (e *surfEngine) UpdateExecution(_ context.Context, id string, upd actors.ExecutionUpdate) (*storage.Execution, error) {
	st := ""
	if upd.State != nil {
		st = *upd.State
	}
	e.mu.Lock()
	e.updates = append(e.updates, id+"="+st)
	e.mu.Unlock()
	ex, err := e.rt.Executions.Get(id)
	if err != nil {
		return nil, &storage.NotFoundError{Msg: "WorkflowExecution not found [id=" + id + "]"}
	}
	if st != "" {
		ex.State = st
	}
	return ex, e.put(ex)
}

func (e *surfEngine) updateLog() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.updates...)
}

func (e *surfEngine) lastStart() actors.StartRequest {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.starts[len(e.starts)-1]
}

var errUnused = errors.New("not used by these tests")

func (e *surfEngine) DeleteExecution(context.Context, string, bool) error { return errUnused }
func (e *surfEngine) RerunTask(context.Context, string, actors.RerunRequest) (*storage.Task, error) {
	return nil, errUnused
}
func (e *surfEngine) RunAction(context.Context, actors.RunActionRequest) (*storage.ActionExecution, error) {
	return nil, errUnused
}
func (e *surfEngine) UpdateActionExecution(context.Context, string, actors.ActionUpdate) (*storage.ActionExecution, error) {
	return nil, errUnused
}

// surfServer is a server with the surface under test.
type surfServer struct {
	*Server
	db     *storage.DB
	eng    *surfEngine
	rt     *storage.Runtime
	closed bool
}

const testKey = "k-123"

// newSurfServer opens a server over a new in-memory database (or the
// database in directory dir), with a fake engine and the v1 key testKey.
func newSurfServer(t testing.TB, dir string, mod ...func(*Config)) *surfServer {
	t.Helper()
	db, err := storage.Open(storage.Options{Dir: dir, InMemory: dir == "", Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	defs, err := storage.OpenDefinitions(db)
	if err != nil {
		t.Fatal(err)
	}
	rt, err := storage.OpenRuntime(db)
	if err != nil {
		t.Fatal(err)
	}
	eng := &surfEngine{rt: rt}
	cfg := Config{Node: cluster.NewNode("testhost_1"), SystemActions: stdActions, Runtime: rt, Engine: eng,
		APIKeys: []string{testKey}, MaintenancePoll: 5 * time.Millisecond}
	for _, m := range mod {
		m(&cfg)
	}
	s, err := New(defs, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ss := &surfServer{Server: s, db: db, eng: eng, rt: rt}
	t.Cleanup(ss.shutdown)
	return ss
}

// shutdown closes the server and its database (once).
func (s *surfServer) shutdown() {
	if s.closed {
		return
	}
	s.closed = true
	s.Close()
	s.eng.running.Wait()
	s.db.Close()
}

// call serves one request; headers are "Name: value".
func (s *surfServer) call(method, target, body string, headers ...string) result {
	var req *http.Request
	if body != "" {
		req = httptest.NewRequest(method, target, strings.NewReader(body))
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
	return result{w.Code, w.Header(), w.Body.String()}
}

// must serves a request and fails unless the status is want.
func (s *surfServer) must(t testing.TB, want int, method, target, body string, headers ...string) result {
	t.Helper()
	r := s.call(method, target, body, headers...)
	if r.status != want {
		t.Fatalf("%s %s: %d, want %d: %s", method, target, r.status, want, r.body)
	}
	return r
}

const (
	adminHdr = "X-Roles: admin"
	authHdr  = "Authorization: Bearer " + testKey
)

// keys returns the keys of a JSON object, in order.
func keys(m *value.Map) string { return strings.Join(m.Keys(), ",") }

// sub returns the object under key k.
func sub(t testing.TB, m *value.Map, k string) *value.Map {
	t.Helper()
	v, _ := m.Get(k)
	o, ok := v.(*value.Map)
	if !ok {
		t.Fatalf("%s is not an object in %s", k, value.MarshalPy(m))
	}
	return o
}

// waitUntil polls cond until it holds (a test failure after 10s).
func waitUntil(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// str returns string field k of m ("" when absent or not a string).
func str(m *value.Map, k string) string {
	v, _ := m.Get(k)
	s, _ := v.(string)
	return s
}
