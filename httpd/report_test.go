package httpd

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// testdata/runtime_tree.json was recorded from Mistral 15 by running a
// workflow with a sub-workflow task, a failing task and a retried
// failing task: the single GET of every execution, task and action
// execution of the tree, and the answers of the report and
// sub-execution routes. The test rebuilds the records from the GETs and
// replays the routes.

type wire struct{ m *value.Map }

func (w wire) str(k string) string {
	v, _ := w.m.Get(k)
	s, _ := v.(string)
	return s
}

func (w wire) null(k string) (string, bool) {
	v, _ := w.m.Get(k)
	s, ok := v.(string)
	return s, ok
}

func (w wire) time(t testing.TB, k string) int64 {
	s, ok := w.null(k)
	if !ok {
		return 0
	}
	return at(t, s)
}

func (w wire) json(t testing.TB, k string) any {
	s, ok := w.null(k)
	if !ok {
		return nil
	}
	v, err := value.DecodeString(s)
	if err != nil {
		t.Fatalf("%s: %v", k, err)
	}
	return v
}

func (w wire) obj(t testing.TB, k string) *value.Map {
	m, _ := w.json(t, k).(*value.Map)
	return m
}

func (w wire) tags() []string {
	v, _ := w.m.Get("tags")
	l, _ := v.([]any)
	var out []string
	for _, x := range l {
		out = append(out, x.(string))
	}
	return out
}

func loadTree(t testing.TB, s *runtimeServer) []*value.Map {
	t.Helper()
	b, err := os.ReadFile("testdata/runtime_tree.json")
	if err != nil {
		t.Fatal(err)
	}
	v, err := value.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	root := wire{v.(*value.Map)}
	list := func(k string) []wire {
		l, _ := root.m.Get(k)
		var out []wire
		for _, x := range l.([]any) {
			out = append(out, wire{x.(*value.Map)})
		}
		return out
	}
	for _, w := range list("executions") {
		info, has := w.null("state_info")
		s.putAll(t, &storage.Execution{ID: w.str("id"), WorkflowID: w.str("workflow_id"), WorkflowName: w.str("workflow_name"),
			WorkflowNamespace: w.str("workflow_namespace"), Description: w.str("description"), Tags: w.tags(),
			Params: w.obj(t, "params"), TaskExecutionID: w.str("task_execution_id"), RootExecutionID: w.str("root_execution_id"),
			State: w.str("state"), StateInfo: info, HasStateInfo: has, Input: w.obj(t, "input"), Output: w.obj(t, "output"),
			ProjectID: w.str("project_id"), CreatedAt: w.time(t, "created_at"), UpdatedAt: w.time(t, "updated_at")})
	}
	for _, w := range list("tasks") {
		info, has := w.null("state_info")
		processed, _ := w.m.Get("processed")
		s.putAll(t, &storage.Task{ID: w.str("id"), Name: w.str("name"), Type: w.str("type"), WorkflowName: w.str("workflow_name"),
			WorkflowNamespace: w.str("workflow_namespace"), WorkflowID: w.str("workflow_id"),
			WorkflowExecutionID: w.str("workflow_execution_id"), Tags: w.tags(), State: w.str("state"), StateInfo: info,
			HasStateInfo: has, ProjectID: w.str("project_id"), RuntimeContext: w.obj(t, "runtime_context"),
			Result: w.json(t, "result"), Published: w.obj(t, "published"), Processed: processed == true,
			CreatedAt: w.time(t, "created_at"), UpdatedAt: w.time(t, "updated_at"), StartedAt: w.time(t, "started_at"),
			FinishedAt: w.time(t, "finished_at")})
	}
	for _, w := range list("action_executions") {
		info, has := w.null("state_info")
		accepted, _ := w.m.Get("accepted")
		s.putAll(t, &storage.ActionExecution{ID: w.str("id"), Name: w.str("name"), WorkflowName: w.str("workflow_name"),
			WorkflowNamespace: w.str("workflow_namespace"), TaskName: w.str("task_name"),
			TaskExecutionID: w.str("task_execution_id"), State: w.str("state"), StateInfo: info, HasStateInfo: has,
			Description: w.str("description"), ProjectID: w.str("project_id"), Accepted: accepted == true,
			Input: w.obj(t, "input"), Output: w.obj(t, "output"), CreatedAt: w.time(t, "created_at"),
			UpdatedAt: w.time(t, "updated_at")})
	}
	var reqs []*value.Map
	for _, w := range list("requests") {
		reqs = append(reqs, w.m)
	}
	return reqs
}

// sortedTree returns a JSON body with every list of entries sorted by
// id: the order of tasks and of their executions in Mistral's answers is
// the database's, not a defined one.
func sortedTree(t testing.TB, body string) string {
	v, err := value.DecodeString(body)
	if err != nil {
		t.Fatalf("not JSON: %s", body)
	}
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case *value.Map:
			for _, k := range x.Keys() {
				c, _ := x.Get(k)
				walk(c)
			}
		case []any:
			for _, c := range x {
				walk(c)
			}
			slices.SortStableFunc(x, func(a, b any) int {
				am, _ := a.(*value.Map)
				bm, _ := b.(*value.Map)
				if am == nil || bm == nil {
					return 0
				}
				ai, _ := am.Get("id")
				bi, _ := bm.Get("id")
				as, _ := ai.(string)
				bs, _ := bi.(string)
				return strings.Compare(as, bs)
			})
		}
	}
	walk(v)
	return value.MarshalPy(v)
}

func TestReportAndSubExecutions(t *testing.T) {
	s := newRuntimeServer(t)
	reqs := loadTree(t, s)
	if len(reqs) == 0 {
		t.Fatal("no requests recorded")
	}
	for _, r := range reqs {
		path, _ := r.Get("path")
		status, _ := r.Get("status")
		want, _ := r.Get("body")
		a := s.serve("GET", path.(string), "")
		if int64(a.status) != status.(int64) {
			t.Errorf("GET %s: %d, want %d: %s", path, a.status, status, a.body)
			continue
		}
		if got, w := sortedTree(t, a.body), sortedTree(t, want.(string)); got != w {
			t.Errorf("GET %s:\n got %s\nwant %s", path, got, w)
		}
	}
	ex, _ := reqs[0].Get("path")
	id := strings.Split(ex.(string), "/")[3]
	s.check(t, []exchange{
		{"GET", "/v2/executions/not-uuid/report", "", 400,
			fault("Invalid input for field/attribute workflow_execution_id. Value: 'not-uuid'. unable to convert to uuid. Error: Expected a uuid but received not-uuid."), ""},
		{"GET", "/v2/executions/" + zeroID + "/report", "", 404, fault("WorkflowExecution not found [id=" + zeroID + "]"), ""},
		{"GET", "/v2/executions/" + id + "/report?bogus=1", "", 400, fault(`Unknown argument: "bogus"`), ""},
		{"GET", "/v2/executions/" + id + "/report?max_depth=x", "", 400,
			fault("Invalid input for field/attribute max_depth. Value: 'x'. unable to convert to int. Error: invalid literal for int() with base 10: 'x'"), ""},
		{"GET", "/v2/executions/not-uuid/executions", "", 400,
			fault("Invalid input for field/attribute id. Value: 'not-uuid'. unable to convert to uuid. Error: Expected a uuid but received not-uuid."), ""},
		{"GET", "/v2/executions/" + zeroID + "/executions", "", 404, fault("WorkflowExecution not found [id=" + zeroID + "]"), ""},
		{"GET", "/v2/executions/" + id + "/executions?limit=1", "", 400, fault(`Unknown argument: "limit"`), ""},
		{"GET", "/v2/tasks/nope/executions", "", 400,
			fault("Invalid input for field/attribute id. Value: 'nope'. unable to convert to uuid. Error: Expected a uuid but received nope."), ""},
		{"GET", "/v2/tasks/" + zeroID + "/executions", "", 404, fault("Task execution not found [id=" + zeroID + "]"), ""},
	})
}

func TestEstimatedTime(t *testing.T) {
	s := newRuntimeServer(t)
	wf := "55555555-5555-4555-8555-555555555555"
	running := &storage.Execution{ID: runningEx, WorkflowID: wf, State: "RUNNING", CreatedAt: 1000}
	if got, _ := s.estimatedTime(running, 1010); got != -1 {
		t.Errorf("no history: %d, want -1", got)
	}
	s.putAll(t, &storage.Execution{ID: pausedEx, WorkflowID: wf, State: "SUCCESS", CreatedAt: 100, UpdatedAt: 130},
		&storage.Execution{ID: zeroID, WorkflowID: wf, State: "SUCCESS", CreatedAt: 200, UpdatedAt: 250},
		&storage.Execution{ID: anchorEx, WorkflowID: "other", State: "SUCCESS", CreatedAt: 200, UpdatedAt: 900})
	for _, tc := range []struct{ now, want int64 }{{1010, 30}, {1039, 1}, {1100, 1}} {
		if got, err := s.estimatedTime(running, tc.now); err != nil || got != tc.want {
			t.Errorf("now %d: %d %v, want %d", tc.now, got, err, tc.want)
		}
	}
	running.State = "SUCCESS"
	if got, _ := s.estimatedTime(running, 1010); got != 0 {
		t.Errorf("finished: %d, want 0", got)
	}
}
