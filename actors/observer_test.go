package actors

import (
	"testing"

	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

func TestEventNames(t *testing.T) {
	wf := []struct{ from, to, want string }{
		{"", "RUNNING", WorkflowLaunched}, {"IDLE", "RUNNING", WorkflowLaunched}, {"PAUSED", "RUNNING", WorkflowResumed},
		{"ERROR", "RUNNING", WorkflowRerun}, {"RUNNING", "SUCCESS", WorkflowSucceeded}, {"RUNNING", "ERROR", WorkflowFailed},
		{"RUNNING", "CANCELLED", WorkflowCancelled}, {"RUNNING", "PAUSED", WorkflowPaused}, {"", "IDLE", ""},
	}
	for _, c := range wf {
		if got := workflowEventName(c.from, c.to); got != c.want {
			t.Errorf("workflow %s->%s: %q, want %q", c.from, c.to, got, c.want)
		}
	}
	task := []struct{ from, to, want string }{
		{"", "RUNNING", TaskLaunched}, {"WAITING", "RUNNING", TaskResumed}, {"IDLE", "RUNNING", TaskResumed},
		{"PAUSED", "RUNNING", TaskResumed}, {"ERROR", "RUNNING", TaskRerun}, {"RUNNING_DELAYED", "RUNNING", TaskLaunched},
		{"RUNNING", "SUCCESS", TaskSucceeded}, {"RUNNING", "ERROR", TaskFailed}, {"RUNNING", "CANCELLED", TaskCancelled},
		{"RUNNING", "PAUSED", TaskPaused}, {"", "WAITING", ""}, {"RUNNING", "RUNNING_DELAYED", ""},
	}
	for _, c := range task {
		if got := taskEventName(c.from, c.to); got != c.want {
			t.Errorf("task %s->%s: %q, want %q", c.from, c.to, got, c.want)
		}
	}
}

func TestEventsOnlyForNotifyingExecutions(t *testing.T) {
	ex := &storage.Execution{ID: "e", State: "RUNNING", Params: value.MapOf("env", value.NewMap(0))}
	if WorkflowEvent(ex, "") != nil {
		t.Fatal("event without params.notify")
	}
	ex.Params = value.MapOf("notify", []any{value.MapOf("type", "webhook", "url", "u", "event_types", []any{"TASK_FAILED"})})
	if WorkflowEvent(ex, "") != nil {
		t.Fatal("event no publisher wants")
	}
	task := &storage.Task{ID: "t", Name: "t1", Type: "ACTION", State: "ERROR", StateInfo: "boom", HasStateInfo: true,
		WorkflowExecutionID: "e", CreatedAt: 1_800_000_000, StartedAt: 1_800_000_000, FinishedAt: 1_800_000_005}
	ev := TaskEvent(ex, task, "RUNNING")
	if ev == nil || ev.Name != TaskFailed || len(ev.Publishers) != 1 || ev.RootID != "e" {
		t.Fatalf("task event %+v", ev)
	}
	want := `{"id": "t", "name": "t1", "workflow_execution_id": "e", "workflow_name": "", "workflow_namespace": "", "workflow_id": "", ` +
		`"state": "ERROR", "state_info": "boom", "type": "ACTION", "project_id": "", "created_at": "2027-01-15 08:00:00", ` +
		`"updated_at": null, "started_at": "2027-01-15 08:00:00", "finished_at": "2027-01-15 08:00:05"}`
	if got := string(value.AppendPy(nil, ev.Data)); got != want {
		t.Errorf("payload\n got %s\nwant %s", got, want)
	}
	sub := &storage.Execution{ID: "s", RootExecutionID: "e", TaskExecutionID: "t", State: "SUCCESS",
		Params: value.MapOf("notify", []any{value.MapOf("type", "webhook", "url", "u")})}
	if ev := WorkflowEvent(sub, "RUNNING"); ev == nil || ev.RootID != "e" || ev.Name != WorkflowSucceeded {
		t.Fatalf("sub-workflow event %+v", ev)
	}
}
