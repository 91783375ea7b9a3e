package actors

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/mistral-go/mistral-go/actions"
	"github.com/mistral-go/mistral-go/actors/workflow"
	"github.com/mistral-go/mistral-go/cluster"
	"github.com/mistral-go/mistral-go/dsl"
	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

const project = storage.DefaultProject

// env is an engine over a Pebble database in a temporary directory.
type env struct {
	t    testing.TB
	dir  string
	db   *storage.DB
	defs *storage.Definitions
	rt   *storage.Runtime
	e    *Engine
	reg  *prometheus.Registry
}

func newEnv(t testing.TB) *env {
	t.Helper()
	v := &env{t: t, dir: t.TempDir()}
	v.open()
	t.Cleanup(v.close)
	return v
}

func (v *env) open() {
	v.t.Helper()
	db, err := storage.Open(storage.Options{Dir: v.dir, Quiet: true})
	if err != nil {
		v.t.Fatal(err)
	}
	v.db = db
	if v.defs, err = storage.OpenDefinitions(db); err != nil {
		v.t.Fatal(err)
	}
	if v.rt, err = storage.OpenRuntime(db); err != nil {
		v.t.Fatal(err)
	}
	v.reg = prometheus.NewRegistry()
	v.e, err = New(Config{Defs: v.defs, Runtime: v.rt, Registerer: v.reg, NodeTag: 7,
		ExecutorConfig: actions.ExecutorConfig{Workers: 16}})
	if err != nil {
		v.t.Fatal(err)
	}
	if err := v.e.Start(context.Background()); err != nil {
		v.t.Fatal(err)
	}
}

func (v *env) close() {
	if v.e == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_ = v.e.Stop(ctx)
	v.db.Close()
	v.e = nil
}

// crash freezes the engine as a kill would (nothing more is written),
// closes the database and opens a new engine on it.
func (v *env) crash() {
	v.t.Helper()
	v.e.halted.Store(true)
	v.e.stopping.Store(true)
	v.e.commits.Wait()
	v.db.Close()
	old := v.e
	go func() {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_ = old.exec.Stop(ctx)
		old.system.Shutdown()
	}()
	v.open()
}

func (v *env) workflows(text string) {
	v.t.Helper()
	wfs, err := dsl.ParseWorkflows(text)
	if err != nil {
		v.t.Fatal(err)
	}
	err = v.db.Update(func(w *storage.Write) error {
		for _, wf := range wfs {
			r := &storage.Workflow{ID: cluster.NewID(7), Name: wf.Name, Project: project, Scope: "private",
				Definition: wf.Definition, Tags: []string{}, CreatedAt: storage.Now()}
			if err := v.defs.Workflows.Put(w, r); err != nil {
				return err
			}
		}
		return nil
	}, v.defs.Workflows)
	if err != nil {
		v.t.Fatal(err)
	}
}

func (v *env) start(name string, input, params string) *storage.Execution {
	v.t.Helper()
	req := StartRequest{WorkflowName: name, ProjectID: project}
	if input != "" {
		req.Input = mustMap(v.t, input)
	}
	if params != "" {
		req.Params = mustMap(v.t, params)
	}
	ex, err := v.e.StartExecution(context.Background(), req)
	if err != nil {
		v.t.Fatalf("start %s: %v", name, err)
	}
	return ex
}

func mustMap(t testing.TB, s string) *value.Map {
	t.Helper()
	x, err := value.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return x.(*value.Map)
}

// wait polls storage until the execution is in a terminal state.
func (v *env) wait(id string) *storage.Execution {
	v.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		ex, err := v.rt.Executions.Get(id)
		if err == nil && workflow.IsCompleted(ex.State) {
			return ex
		}
		time.Sleep(5 * time.Millisecond)
	}
	ex, _ := v.rt.Executions.Get(id)
	v.t.Fatalf("execution %s did not finish: %+v", id, ex)
	return nil
}

// until polls storage until cond holds.
func (v *env) until(what string, cond func() bool) {
	v.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	v.t.Fatalf("timed out waiting for %s", what)
}

func (v *env) tasks(execID string) []*storage.Task {
	var out []*storage.Task
	_ = v.rt.Tasks.Scan(storage.IndexWorkflowExecution, execID, func(t *storage.Task) bool {
		out = append(out, t)
		return true
	})
	return out
}

func (v *env) actionsOf(taskID string) []*storage.ActionExecution {
	var out []*storage.ActionExecution
	_ = v.rt.ActionExecutions.Scan(storage.IndexTask, taskID, func(a *storage.ActionExecution) bool {
		out = append(out, a)
		return true
	})
	return out
}

func (v *env) task(execID, name string) *storage.Task {
	v.t.Helper()
	for _, t := range v.tasks(execID) {
		if t.Name == name {
			return t
		}
	}
	v.t.Fatalf("no task %s", name)
	return nil
}

func js(x any) string { return string(value.AppendPy(nil, x)) }

func TestLinearWorkflowEndToEnd(t *testing.T) {
	v := newEnv(t)
	v.workflows(`
version: '2.0'
wf:
  input:
    - name
  output:
    greeting: <% $.greeting %>
  tasks:
    t1:
      action: std.echo output="Hello, <% $.name %>"
      publish:
        greeting: <% task().result %>
      on-success: t2
    t2:
      action: std.noop
`)
	ex := v.start("wf", `{"name": "Ann"}`, "")
	if ex.State != "RUNNING" || ex.Params.Len() != 2 || js(ex.Input) != `{"name": "Ann"}` {
		t.Fatalf("started: %+v", ex)
	}
	if _, err := v.rt.Executions.Get(ex.ID); err != nil {
		t.Fatalf("the answered execution is not durable: %v", err)
	}
	if tag, _ := cluster.OwnerTag(ex.ID); tag != 7 {
		t.Errorf("id %s not tagged with the node", ex.ID)
	}
	done := v.wait(ex.ID)
	if done.State != "SUCCESS" || js(done.Output) != `{"greeting": "Hello, Ann"}` || done.HasStateInfo {
		t.Fatalf("finished: %s %s", done.State, js(done.Output))
	}
	t1, t2 := v.task(ex.ID, "t1"), v.task(ex.ID, "t2")
	if t1.State != "SUCCESS" || !t1.Processed || js(t1.Published) != `{"greeting": "Hello, Ann"}` || t1.Result != "Hello, Ann" || t1.FinishedAt == 0 {
		t.Errorf("t1: %+v", t1)
	}
	if js(t2.RuntimeContext) != `{"triggered_by": [{"task_id": "`+t1.ID+`", "event": "on-success"}]}` || t2.WorkflowName != "wf" || t2.Type != "ACTION" {
		t.Errorf("t2: %s %+v", js(t2.RuntimeContext), t2)
	}
	as := v.actionsOf(t1.ID)
	if len(as) != 1 || as[0].State != "SUCCESS" || !as[0].Accepted || js(as[0].Output) != `{"result": "Hello, Ann"}` ||
		as[0].TaskName != "t1" || as[0].WorkflowExecutionID != ex.ID {
		t.Errorf("action executions: %+v", as)
	}
	v.until("actor passivated", func() bool { return v.e.Live() == 0 })
	mfs, err := v.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]float64{}
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			key := mf.GetName()
			for _, l := range m.GetLabel() {
				key += "," + l.GetValue()
			}
			seen[key] = m.GetCounter().GetValue() + m.GetGauge().GetValue() + float64(m.GetHistogram().GetSampleCount())
		}
	}
	for k, want := range map[string]float64{
		"mistral_engine_executions_started_total":           1,
		"mistral_engine_executions_completed_total,SUCCESS": 1,
		"mistral_engine_task_transitions_total,SUCCESS":     2,
		"mistral_engine_actors":                             0,
	} {
		if seen[k] != want {
			t.Errorf("metric %s = %v, want %v", k, seen[k], want)
		}
	}
	if seen["mistral_engine_commit_seconds"] == 0 {
		t.Errorf("no commit latency observed")
	}
	// Reads of lists by state go through the state index.
	var running []string
	_ = v.rt.Executions.Scan(storage.IndexState, "RUNNING", func(r *storage.Execution) bool { running = append(running, r.ID); return true })
	if len(running) != 0 {
		t.Errorf("finished execution still indexed as RUNNING")
	}
}

func TestStartErrors(t *testing.T) {
	v := newEnv(t)
	v.workflows(`
version: '2.0'
wf:
  input: [a]
  tasks:
    t: {action: std.noop}
`)
	_, err := v.e.StartExecution(context.Background(), StartRequest{WorkflowName: "wf", ProjectID: project})
	if _, ok := err.(*storage.InvalidError); !ok || err.Error() != "Invalid input [name=wf, class=DirectWorkflowSpec, missing=['a']]" {
		t.Fatalf("missing input: %v", err)
	}
	_, err = v.e.StartExecution(context.Background(), StartRequest{WorkflowName: "nope", ProjectID: project})
	if _, ok := err.(*storage.NotFoundError); !ok {
		t.Fatalf("unknown workflow: %v", err)
	}
	n := 0
	_ = v.rt.Executions.ScanAll(func(*storage.Execution) bool { n++; return true })
	if n != 0 {
		t.Errorf("a failed start stored %d executions", n)
	}
	// A caller-chosen id: the second start returns the first execution.
	id := cluster.NewID(7)
	a, err := v.e.StartExecution(context.Background(), StartRequest{ID: id, WorkflowName: "wf", Input: mustMap(t, `{"a": 1}`), ProjectID: project})
	if err != nil {
		t.Fatal(err)
	}
	b, err := v.e.StartExecution(context.Background(), StartRequest{ID: id, WorkflowName: "wf", Input: mustMap(t, `{"a": 2}`), ProjectID: project})
	if err != nil || a.ID != id || b.ID != id || js(b.Input) != `{"a": 1}` {
		t.Fatalf("same id twice: %+v %+v %v", a, b, err)
	}
}

func TestSubworkflowEndToEnd(t *testing.T) {
	v := newEnv(t)
	v.workflows(`
version: '2.0'
parent:
  output: {r: <% $.r %>}
  tasks:
    call:
      workflow: child x=2
      publish: {r: <% task().result.y %>}
child:
  input: [x]
  output: {y: <% $.x * 21 %>}
  tasks:
    inner:
      action: std.noop
`)
	ex := v.start("parent", "", "")
	done := v.wait(ex.ID)
	if done.State != "SUCCESS" || js(done.Output) != `{"r": 42}` {
		t.Fatalf("parent: %s %s %s", done.State, done.StateInfo, js(done.Output))
	}
	call := v.task(ex.ID, "call")
	var kids []*storage.Execution
	_ = v.rt.Executions.Scan(storage.IndexParentTask, call.ID, func(c *storage.Execution) bool { kids = append(kids, c); return true })
	if len(kids) != 1 || kids[0].RootExecutionID != ex.ID || kids[0].State != "SUCCESS" || kids[0].Description != "sub-workflow execution" {
		t.Fatalf("child: %+v", kids)
	}
	if call.Type != "WORKFLOW" || js(call.Result) != `{"y": 42}` {
		t.Errorf("call task: %+v", call)
	}
}

func TestAsyncActionAndAPIUpdates(t *testing.T) {
	v := newEnv(t)
	v.workflows(`
version: '2.0'
wf:
  output: {r: <% $.r %>}
  tasks:
    wait:
      action: std.async_noop
      publish: {r: <% task().result %>}
      on-success: after
    after:
      action: std.noop
`)
	ctx := context.Background()
	ex := v.start("wf", "", "")
	var ax *storage.ActionExecution
	v.until("async action running", func() bool {
		for _, tk := range v.tasks(ex.ID) {
			if as := v.actionsOf(tk.ID); len(as) == 1 {
				ax = as[0]
				return true
			}
		}
		return false
	})
	if _, err := v.e.UpdateExecution(ctx, ex.ID, ExecutionUpdate{State: ptr("PAUSED")}); err != nil {
		t.Fatal(err)
	}
	got, err := v.e.UpdateActionExecution(ctx, ax.ID, ActionUpdate{State: "SUCCESS", Output: mustMap(t, `{"v": 1}`), HasOutput: true})
	if err != nil || got.State != "SUCCESS" || js(got.Output) != `{"result": {"v": 1}}` || !got.Accepted {
		t.Fatalf("update action: %+v %v", got, err)
	}
	if _, err := v.e.UpdateActionExecution(ctx, ax.ID, ActionUpdate{State: "SUCCESS", HasOutput: true}); err == nil {
		t.Errorf("completing an action twice succeeded")
	}
	paused, _ := v.rt.Executions.Get(ex.ID)
	if paused.State != "PAUSED" {
		t.Fatalf("completed while paused, execution is %s", paused.State)
	}
	// A description and an env in one update: both are applied.
	if _, err := v.e.UpdateExecution(ctx, ex.ID, ExecutionUpdate{Description: ptr("both"), Env: mustMap(t, `{"k": "v"}`)}); err != nil {
		t.Fatal(err)
	}
	if d, _ := v.rt.Executions.Get(ex.ID); d.Description != "both" || js(getParam(d, "env")) != `{"k": "v"}` {
		t.Errorf("description and env: %q %s", d.Description, js(d.Params))
	}
	r, err := v.e.UpdateExecution(ctx, ex.ID, ExecutionUpdate{State: ptr("RUNNING")})
	if err != nil || r.State != "RUNNING" && r.State != "SUCCESS" {
		t.Fatalf("resume: %+v %v", r, err)
	}
	done := v.wait(ex.ID)
	if done.State != "SUCCESS" || js(done.Output) != `{"r": {"v": 1}}` {
		t.Fatalf("finished: %s %s", done.State, js(done.Output))
	}
	if _, err := v.e.UpdateExecution(ctx, ex.ID, ExecutionUpdate{State: ptr("PAUSED")}); err == nil ||
		!strings.HasPrefix(err.Error(), "Can't change workflow execution state from SUCCESS to PAUSED.") {
		t.Errorf("pause of a finished execution: %v", err)
	}
	if _, err := v.e.UpdateExecution(ctx, ex.ID, ExecutionUpdate{Description: ptr("new")}); err != nil {
		t.Fatal(err)
	}
	if d, _ := v.rt.Executions.Get(ex.ID); d.Description != "new" {
		t.Errorf("description: %q", d.Description)
	}
}

func ptr[T any](x T) *T { return &x }

// getParam returns params[name] of an execution record.
func getParam(ex *storage.Execution, name string) any {
	v, _ := ex.Params.Get(name)
	return v
}

func TestRunActionDecisionTable(t *testing.T) {
	v := newEnv(t)
	ctx := context.Background()
	a, err := v.e.RunAction(ctx, RunActionRequest{Name: "std.echo", Input: mustMap(t, `{"output": "hi"}`), ProjectID: project})
	if err != nil || a.ID != "" || a.State != "SUCCESS" || js(a.Output) != `{"result": "hi"}` {
		t.Fatalf("sync unsaved: %+v %v", a, err)
	}
	a, err = v.e.RunAction(ctx, RunActionRequest{Name: "std.fail", Input: value.NewMap(0), ProjectID: project})
	if err != nil || a.State != "ERROR" || js(a.Output) != `{"result": "The action raised an exception [action=Fail action, action_ex_id=None, msg='Fail action expected exception.']"}` {
		t.Fatalf("failing sync action: %+v %v", a, err)
	}
	a, err = v.e.RunAction(ctx, RunActionRequest{Name: "std.echo", Input: mustMap(t, `{"output": 5}`), Params: mustMap(t, `{"save_result": true}`), ProjectID: project})
	if err != nil || a.ID == "" || a.State != "RUNNING" {
		t.Fatalf("saved async run: %+v %v", a, err)
	}
	id := a.ID
	v.until("saved run finished", func() bool {
		r, err := v.rt.ActionExecutions.Get(id)
		return err == nil && r.State == "SUCCESS" && js(r.Output) == `{"result": 5}`
	})
	a, err = v.e.RunAction(ctx, RunActionRequest{Name: "std.async_noop", Input: value.NewMap(0), ProjectID: project})
	if err != nil || a.State != "RUNNING" {
		t.Fatalf("async action: %+v %v", a, err)
	}
	u, err := v.e.UpdateActionExecution(ctx, a.ID, ActionUpdate{State: "ERROR", Output: "bad", HasOutput: true})
	if err != nil || u.State != "ERROR" || js(u.Output) != `{"result": "bad"}` {
		t.Fatalf("update async run: %+v %v", u, err)
	}
	if _, err := v.e.RunAction(ctx, RunActionRequest{Name: "std.async_noop", Params: mustMap(t, `{"run_sync": true}`), ProjectID: project}); err == nil ||
		err.Error() != "Action does not support synchronous execution." {
		t.Errorf("run_sync async: %v", err)
	}
	if _, err := v.e.RunAction(ctx, RunActionRequest{Name: "std.echo", Input: mustMap(t, `{"x": 1}`), ProjectID: project}); err == nil ||
		err.Error() != "Invalid input [name=std.echo, class=mistral.actions.std_actions.EchoAction, missing=['output'], unexpected=['x']]" {
		t.Errorf("bad input: %v", err)
	}
	if _, err := v.e.RunAction(ctx, RunActionRequest{Name: "nope", ProjectID: project}); err == nil || err.Error() != "Failed to find action [action_name=nope]" {
		t.Errorf("unknown action: %v", err)
	}
}

func TestDeleteExecution(t *testing.T) {
	v := newEnv(t)
	v.workflows(`
version: '2.0'
parent:
  tasks:
    call:
      workflow: child
child:
  tasks:
    wait:
      action: std.async_noop
`)
	ctx := context.Background()
	ex := v.start("parent", "", "")
	v.until("child started", func() bool {
		n := 0
		_ = v.rt.Executions.Scan(storage.IndexRoot, ex.ID, func(*storage.Execution) bool { n++; return true })
		return n == 1
	})
	err := v.e.DeleteExecution(ctx, ex.ID, false)
	if _, ok := err.(*storage.ForbiddenError); !ok {
		t.Fatalf("delete running without force: %v", err)
	}
	if err := v.e.DeleteExecution(ctx, ex.ID, true); err != nil {
		t.Fatal(err)
	}
	counts := func() string {
		n := [3]int{}
		_ = v.rt.Executions.ScanAll(func(*storage.Execution) bool { n[0]++; return true })
		_ = v.rt.Tasks.ScanAll(func(*storage.Task) bool { n[1]++; return true })
		_ = v.rt.ActionExecutions.ScanAll(func(*storage.ActionExecution) bool { n[2]++; return true })
		return fmt.Sprint(n)
	}
	if c := counts(); c != "[0 0 0]" {
		t.Fatalf("left after delete: %s", c)
	}
	if _, err := v.e.UpdateExecution(ctx, ex.ID, ExecutionUpdate{State: ptr("PAUSED")}); err == nil {
		t.Errorf("update of a deleted execution succeeded")
	}
}

func TestRecoveryAfterCrash(t *testing.T) {
	v := newEnv(t)
	v.workflows(`
version: '2.0'
safe:
  tasks:
    t1:
      action: std.sleep seconds=30
      safe-rerun: true
      on-success: t2
    t2:
      action: std.echo output="after"
unsafe:
  tasks:
    t1:
      action: std.sleep seconds=30
      on-error: handled
    handled:
      action: std.noop
delayed:
  tasks:
    t1:
      action: std.noop
      wait-before: 1
`)
	safe := v.start("safe", "", "")
	unsafe := v.start("unsafe", "", "")
	delayed := v.start("delayed", "", "")
	v.until("sleeps dispatched", func() bool {
		return len(v.tasks(safe.ID)) == 1 && len(v.tasks(unsafe.ID)) == 1 && v.task(delayed.ID, "t1").State == "DELAYED"
	})
	v.crash()
	// The safe task's action is re-run; it sleeps 30 s, so make the
	// second run short: complete it as an operator would not; instead
	// check it was re-dispatched, then finish it through the API.
	v.until("unsafe execution finished", func() bool {
		ex, _ := v.rt.Executions.Get(unsafe.ID)
		return ex.State == "SUCCESS"
	})
	t1 := v.task(unsafe.ID, "t1")
	if t1.State != "ERROR" || !strings.HasPrefix(t1.StateInfo, "Request to run an action was redelivered, but it cannot be re-run safely.") {
		t.Fatalf("unsafe task: %s %q", t1.State, t1.StateInfo)
	}
	if d := v.wait(delayed.ID); d.State != "SUCCESS" {
		t.Fatalf("delayed task after recovery: %s", d.State)
	}
	st := v.task(safe.ID, "t1")
	if st.State != "RUNNING" {
		t.Fatalf("safe task: %s", st.State)
	}
	as := v.actionsOf(st.ID)
	if len(as) != 1 || as[0].State != "RUNNING" {
		t.Fatalf("safe action: %+v", as)
	}
	if v.e.exec.Running() != 1 {
		t.Fatalf("the safe action was not re-run (%d running)", v.e.exec.Running())
	}
}

func TestRerunInSubworkflowEndToEnd(t *testing.T) {
	v := newEnv(t)
	v.workflows(`
version: '2.0'
parent:
  tasks:
    call:
      workflow: child
      publish:
        out: <% task().result %>
child:
  output:
    v: <% $.v %>
  tasks:
    c:
      action: std.async_noop
      publish:
        v: <% task().result %>
`)
	ctx := context.Background()
	ex := v.start("parent", "", "")
	var child *storage.Execution
	var action *storage.ActionExecution
	findAction := func() bool {
		_ = v.rt.Executions.Scan(storage.IndexRoot, ex.ID, func(c *storage.Execution) bool { child = c; return false })
		if child == nil {
			return false
		}
		for _, tk := range v.tasks(child.ID) {
			for _, a := range v.actionsOf(tk.ID) {
				if a.State == "RUNNING" {
					action = a
					return true
				}
			}
		}
		return false
	}
	v.until("child action", findAction)
	if _, err := v.e.UpdateActionExecution(ctx, action.ID, ActionUpdate{State: "ERROR", Output: mustMap(t, `{"first": "failed"}`), HasOutput: true}); err != nil {
		t.Fatal(err)
	}
	if d := v.wait(ex.ID); d.State != "ERROR" {
		t.Fatalf("parent: %s", d.State)
	}
	v.until("actors passivated", func() bool { return v.e.Live() == 0 })
	if _, err := v.e.RerunTask(ctx, v.task(child.ID, "c").ID, RerunRequest{State: "RUNNING", Reset: ptr(true)}); err != nil {
		t.Fatal(err)
	}
	action = nil
	v.until("rerun action", findAction)
	if _, err := v.e.UpdateActionExecution(ctx, action.ID, ActionUpdate{State: "SUCCESS", Output: mustMap(t, `{"second": "ok"}`), HasOutput: true}); err != nil {
		t.Fatal(err)
	}
	d := v.wait(ex.ID)
	if d.State != "SUCCESS" || js(d.Output) != `{"out": {"v": {"second": "ok"}}}` {
		t.Fatalf("after rerun: %s %s", d.State, js(d.Output))
	}
}

type recorder struct {
	mu     sync.Mutex
	events []string
}

func (r *recorder) Notify(ev *Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	name, _ := ev.Data.Get("name")
	r.events = append(r.events, ev.Name+":"+fmt.Sprint(name))
}

func TestNotificationsReachTheObserver(t *testing.T) {
	v := newEnv(t)
	v.close()
	rec := &recorder{}
	db, err := storage.Open(storage.Options{Dir: v.dir, Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	v.db = db
	v.defs, _ = storage.OpenDefinitions(db)
	v.rt, _ = storage.OpenRuntime(db)
	if v.e, err = New(Config{Defs: v.defs, Runtime: v.rt, Observer: rec}); err != nil {
		t.Fatal(err)
	}
	_ = v.e.Start(context.Background())
	v.workflows(`
version: '2.0'
wf:
  tasks:
    t1:
      action: std.noop
      on-success: t2
    t2:
      action: std.noop
quiet:
  tasks:
    t1:
      action: std.noop
`)
	ex := v.start("wf", "", `{"notify": [{"type": "webhook", "url": "http://x", "event_types": ["WORKFLOW_SUCCEEDED", "TASK_LAUNCHED", "TASK_SUCCEEDED"]}]}`)
	v.wait(ex.ID)
	v.wait(v.start("quiet", "", "").ID)
	v.until("events", func() bool {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		return len(rec.events) == 5
	})
	got := strings.Join(rec.events, " ")
	if got != "TASK_LAUNCHED:t1 TASK_SUCCEEDED:t1 TASK_LAUNCHED:t2 TASK_SUCCEEDED:t2 WORKFLOW_SUCCEEDED:wf" {
		t.Fatalf("events: %s", got)
	}
}

func TestStartAPastDefinition(t *testing.T) {
	v := newEnv(t)
	v.workflows(`
version: '2.0'
wf:
  output: {v: 2}
  tasks:
    t: {action: std.noop}
`)
	old := "version: '2.0'\nwf:\n  output: {v: 1}\n  tasks:\n    t: {action: std.noop}\n"
	ex, err := v.e.StartExecution(context.Background(), StartRequest{WorkflowName: "wf", Definition: old, ProjectID: project})
	if err != nil {
		t.Fatal(err)
	}
	if d := v.wait(ex.ID); js(d.Output) != `{"v": 1}` || d.WorkflowName != "wf" {
		t.Fatalf("past version: %s %s", d.WorkflowName, js(d.Output))
	}
	// A reload runs the same version.
	v.until("passivated", func() bool { return v.e.Live() == 0 })
	x, err := v.e.load(ex.ID)
	if err != nil || x.Def.Text != old {
		t.Fatalf("reloaded definition: %v", err)
	}
}

// TestAdHocRunRecovery checks that a saved run outside any workflow that
// was running at a crash fails on restart (its executor is gone), while
// an asynchronous one keeps waiting for its result.
func TestAdHocRunRecovery(t *testing.T) {
	v := newEnv(t)
	ctx := context.Background()
	save := mustMap(t, `{"save_result": true}`)
	sleep, err := v.e.RunAction(ctx, RunActionRequest{Name: "std.sleep", Input: mustMap(t, `{"seconds": 60}`), Params: save, ProjectID: project})
	if err != nil || sleep.State != "RUNNING" {
		t.Fatalf("sleep: %+v %v", sleep, err)
	}
	async, err := v.e.RunAction(ctx, RunActionRequest{Name: "std.async_noop", Input: value.NewMap(0), Params: save, ProjectID: project})
	if err != nil || async.State != "RUNNING" {
		t.Fatalf("async: %+v %v", async, err)
	}
	v.crash()
	got, err := v.rt.ActionExecutions.Get(sleep.ID)
	if err != nil || got.State != "ERROR" || js(got.Output) != `{"result": "Heartbeat wasn't received."}` {
		t.Fatalf("sleep after the crash: %+v %v", got, err)
	}
	if got, err := v.rt.ActionExecutions.Get(async.ID); err != nil || got.State != "RUNNING" {
		t.Fatalf("async after the crash: %+v %v", got, err)
	}
	// The finished run left the index: a second restart finds nothing.
	n, err := v.e.recoverAdHoc()
	if err != nil || n != 0 {
		t.Fatalf("second recovery: %d %v", n, err)
	}
}
