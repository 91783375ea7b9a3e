package httpd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// The records behind the captured Mistral 15 samples 46–76 (the
// "anchor" run of sample_wf and sample_wf_fail), so that our answers can
// be compared with the captured bodies byte for byte.

func at(t testing.TB, s string) int64 {
	sec, ok := storage.ParseTime(s)
	if !ok {
		t.Fatalf("bad time %q", s)
	}
	return sec
}

func obj(t testing.TB, js string) *value.Map {
	v, err := value.DecodeString(js)
	if err != nil {
		t.Fatal(err)
	}
	return v.(*value.Map)
}

const (
	anchorEx   = "1526a980-4ea1-45b2-ae34-44fd37771327"
	anchorWf   = "77563cf0-d1da-477c-8ce4-3a69f91ffb01"
	sayHello   = "2626423b-471c-4196-9847-6f88f149bf21"
	waitABit   = "0a3119f9-2c71-4a26-afd1-65b5abe7a6a2"
	finishTask = "cb2f482c-c1ff-4f85-b5c4-2991cd3dc245"
	failEx     = "7c8bcf6e-fd98-47f0-a107-da85135ae4ae"
	boomTask   = "8ecce1f3-d730-49f3-93c8-1edb3ae6e7af"
	echoAction = "e62064df-0784-499b-a308-cc2d1ee2cd97"
	adhocRun   = "f25dcb48-d911-4a7d-bbd9-3ea7a15813f0"
	project    = "<default-project>"
)

const failInfo = "Failure caused by error in tasks: boom\n\n  boom [task_ex_id=8ecce1f3-d730-49f3-93c8-1edb3ae6e7af] -> The action raised an exception [action=Fail action, action_ex_id=676b08c2-d61f-4773-bcf7-18ddcef0e332, msg='Fail action expected exception.']\n    [action_ex_id=676b08c2-d61f-4773-bcf7-18ddcef0e332, idx=0]: The action raised an exception [action=Fail action, action_ex_id=676b08c2-d61f-4773-bcf7-18ddcef0e332, msg='Fail action expected exception.']\n"

// anchorRecords stores the records of the sample run.
func anchorRecords(t testing.TB, s *runtimeServer) {
	t.Helper()
	t43, t44 := at(t, "2026-11-23 18:02:43"), at(t, "2026-11-23 18:02:44")
	ex := &storage.Execution{ID: anchorEx, WorkflowID: anchorWf, WorkflowName: "sample_wf",
		Params: obj(t, `{"env": {"target": "mars", "retries": 3}, "namespace": ""}`), State: "SUCCESS",
		Input: obj(t, `{"name": "anchor"}`), Output: obj(t, `{"greeting": "Hello, anchor", "done": true}`),
		ProjectID: project, CreatedAt: t43, UpdatedAt: t44, Context: value.NewMap(0)}
	fail := &storage.Execution{ID: failEx, WorkflowID: "0189fda1-4262-46fc-9101-95e655d3ff37", WorkflowName: "sample_wf_fail",
		Params: obj(t, `{"namespace": "", "env": {}}`), State: "ERROR", StateInfo: failInfo, HasStateInfo: true,
		Input: value.NewMap(0), Output: value.MapOf("result", failInfo), ProjectID: project, CreatedAt: t44, UpdatedAt: t44}
	task := func(id, name string, created, updated int64, rc, published string, result any) *storage.Task {
		return &storage.Task{ID: id, Name: name, Type: "ACTION", WorkflowName: "sample_wf", WorkflowID: anchorWf,
			WorkflowExecutionID: anchorEx, State: "SUCCESS", ProjectID: project, RuntimeContext: obj(t, rc),
			Published: obj(t, published), Processed: true, CreatedAt: created, UpdatedAt: updated,
			StartedAt: created, FinishedAt: updated, Result: result}
	}
	t1 := task(sayHello, "say_hello", t43, t43, `{}`, `{"greeting": "Hello, anchor"}`, "Hello, anchor")
	t2 := task(waitABit, "wait_a_bit", t43, t44,
		`{"triggered_by": [{"task_id": "2626423b-471c-4196-9847-6f88f149bf21", "event": "on-success"}]}`, `{"done": true}`, nil)
	t3 := task(finishTask, "finish", t44, t44,
		`{"triggered_by": [{"task_id": "0a3119f9-2c71-4a26-afd1-65b5abe7a6a2", "event": "on-success"}]}`, `{}`, "Hello, anchor")
	boom := &storage.Task{ID: boomTask, Name: "boom", Type: "ACTION", WorkflowName: "sample_wf_fail",
		WorkflowID: fail.WorkflowID, WorkflowExecutionID: failEx, State: "ERROR",
		StateInfo:    "The action raised an exception [action=Fail action, action_ex_id=676b08c2-d61f-4773-bcf7-18ddcef0e332, msg='Fail action expected exception.']",
		HasStateInfo: true, ProjectID: project, RuntimeContext: value.NewMap(0), Published: value.NewMap(0),
		Processed: true, CreatedAt: t44, UpdatedAt: t44, StartedAt: t44, FinishedAt: t44}
	action := func(id, name, task, taskID, input, output string, created, updated int64) *storage.ActionExecution {
		return &storage.ActionExecution{ID: id, Name: name, WorkflowName: "sample_wf", TaskName: task,
			TaskExecutionID: taskID, WorkflowExecutionID: anchorEx, State: "SUCCESS", ProjectID: project,
			Accepted: true, Input: obj(t, input), Output: obj(t, output), CreatedAt: created, UpdatedAt: updated}
	}
	a1 := action(echoAction, "std.echo", "say_hello", sayHello, `{"output": "Hello, anchor"}`, `{"result": "Hello, anchor"}`, t43, t43)
	a2 := action("a415505b-5efd-43d6-8156-887ae0e2ecc0", "std.noop", "wait_a_bit", waitABit, `{}`, `{"result": null}`, t43, t44)
	a3 := action("ba990271-f878-47d2-92bd-d2b6b783f596", "std.echo", "finish", finishTask, `{"output": "Hello, anchor"}`, `{"result": "Hello, anchor"}`, t44, t44)
	t46 := at(t, "2026-11-23 18:02:46")
	adhoc := &storage.ActionExecution{ID: adhocRun, Name: "std.echo", State: "SUCCESS", ProjectID: project,
		Accepted: true, Input: obj(t, `{"output": "hi"}`), Output: obj(t, `{"result": "hi"}`), CreatedAt: t46, UpdatedAt: t46}
	s.putAll(t, ex, fail, t1, t2, t3, boom, a1, a2, a3, adhoc)
}

// sampleBody returns the response body of captured sample nn.
func sampleBody(t testing.TB, nn string) string {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", "reference", "mistral-15-samples")
	m, _ := filepath.Glob(filepath.Join(dir, nn+"_*.txt"))
	if len(m) != 1 {
		t.Skipf("sample %s not found in %s", nn, dir)
	}
	b, err := os.ReadFile(m[0])
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	i := strings.Index(text, "### Response")
	if i < 0 {
		t.Fatalf("sample %s has no response", nn)
	}
	resp := text[i:]
	j := strings.Index(resp, "\n\n")
	if j < 0 {
		return ""
	}
	return strings.TrimRight(resp[j+2:], "\n")
}

// TestRuntimeSamplesExact compares our answers with the captured ones
// byte for byte, over the same records.
func TestRuntimeSamplesExact(t *testing.T) {
	s := newRuntimeServer(t)
	anchorRecords(t, s)
	cases := []struct{ nn, path string }{
		{"47", "/v2/executions/" + anchorEx},
		{"50", "/v2/tasks/" + sayHello},
		{"51", "/v2/tasks/" + sayHello + "/action_executions"},
		{"52", "/v2/action_executions/" + echoAction},
		{"54", "/v2/executions/" + failEx},
		{"55", "/v2/executions/" + failEx + "/tasks"},
		{"56", "/v2/executions?limit=2"},
		{"57", "/v2/executions?workflow_name=sample_wf&state=SUCCESS"},
		{"58", "/v2/tasks?limit=2"},
		{"73", "/v2/action_executions/" + adhocRun},
		{"76", "/v2/action_executions?limit=2"},
		{"87", "/v2/executions/" + anchorEx + "/tasks?limit=1"},
	}
	for _, tc := range cases {
		got := s.must(t, 200, "GET", tc.path, "")
		if want := sampleBody(t, tc.nn); got != want {
			t.Errorf("sample %s GET %s:\n got %s\nwant %s", tc.nn, tc.path, got, want)
		}
	}
}

// TestRuntimeSamplesErrors checks the captured error answers.
func TestRuntimeSamplesErrors(t *testing.T) {
	s := newRuntimeServer(t)
	s.putAll(t, &storage.Execution{ID: "3b4903bb-da5f-4f7c-bace-90eff39536ff", State: "RUNNING", CreatedAt: 5})
	cases := []struct {
		nn, method, path, body string
		status                 int
	}{
		{"60", "DELETE", "/v2/executions/3b4903bb-da5f-4f7c-bace-90eff39536ff", "", 403},
		{"63", "PUT", "/v2/executions/3b4903bb-da5f-4f7c-bace-90eff39536ff", `{"state": "BOGUS"}`, 400},
		{"66", "GET", "/v2/executions/00000000-0000-0000-0000-000000000000", "", 404},
		{"67", "GET", "/v2/executions/not-a-uuid", "", 404},
		{"68", "POST", "/v2/executions", `{"workflow_name": "missing"}`, 404},
		{"70", "POST", "/v2/executions", "not json", 400},
	}
	for _, tc := range cases {
		a := s.serve(tc.method, tc.path, tc.body)
		want := sampleBody(t, tc.nn)
		if tc.nn == "68" {
			want = strings.ReplaceAll(want, "doesnotexist", "missing")
		}
		if a.status != tc.status || a.body != want {
			t.Errorf("sample %s %s %s: %d %s\nwant %d %s", tc.nn, tc.method, tc.path, a.status, a.body, tc.status, want)
		}
	}
}
