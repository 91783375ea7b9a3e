package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/mistral-go/mistral-go/value"
)

const eapiWorkflows = `---
version: '2.0'
eapi_hello:
  input:
    - name
    - greeting: Hello
  output:
    msg: <% $.msg %>
  tasks:
    t1:
      action: std.echo output="<% $.greeting %>, <% $.name %>"
      publish:
        msg: <% task().result %>
      on-success: [t2]
    t2:
      action: std.noop
eapi_sub:
  tasks:
    s1:
      action: std.echo output=1
eapi_parent:
  tasks:
    p1:
      workflow: eapi_sub
    p2:
      action: std.fail
eapi_async:
  tasks:
    a1:
      action: std.async_noop
      publish:
        got: <% task().result %>
  output:
    got: <% $.got %>
eapi_env:
  tasks:
    e1:
      action: std.echo output=<% env().val.toUpper() %>
`

// execution keys as Mistral shows them.
const (
	execGetKeys  = "id,workflow_id,workflow_name,workflow_namespace,description,tags,params,task_execution_id,root_execution_id,state,state_info,input,output,created_at,updated_at,project_id,published_global"
	execPostKeys = "id,workflow_id,workflow_name,workflow_namespace,description,tags,params,task_execution_id,root_execution_id,state,state_info,input,output,created_at,updated_at,project_id"
	execListKeys = "id,workflow_id,workflow_name,workflow_namespace,description,tags,params,task_execution_id,root_execution_id,state,state_info,input,created_at,updated_at,project_id"
	taskListKeys = "id,name,type,workflow_name,workflow_namespace,workflow_id,workflow_execution_id,tags,state,state_info,project_id,runtime_context,published,processed,created_at,updated_at,started_at,finished_at"
	taskGetKeys  = "id,name,type,workflow_name,workflow_namespace,workflow_id,workflow_execution_id,tags,state,state_info,project_id,runtime_context,result,published,processed,created_at,updated_at,started_at,finished_at"
	actGetKeys   = "id,workflow_name,workflow_namespace,task_name,task_execution_id,state,state_info,tags,name,description,project_id,accepted,input,output,created_at,updated_at"
	actListKeys  = "id,workflow_name,workflow_namespace,task_name,task_execution_id,state,state_info,tags,name,description,project_id,accepted,input,created_at,updated_at"
	actRunKeys   = "id,workflow_name,workflow_namespace,task_execution_id,state,state_info,tags,name,description,project_id,accepted,input,output,created_at,updated_at"
)

func TestExecutionsOverHTTP(t *testing.T) {
	srv := startEngine(t)
	srv.createWorkflows(t, eapiWorkflows)

	created := srv.startExecution(t, map[string]any{"workflow_name": "eapi_hello", "input": `{"name": "x"}`, "description": "d1"})
	if keys(created) != execPostKeys || str(created, "state") != "RUNNING" || str(created, "output") != "{}" ||
		str(created, "input") != `{"name": "x", "greeting": "Hello"}` || str(created, "description") != "d1" {
		t.Errorf("POST: %s", value.MarshalPy(created))
	}
	id := str(created, "id")
	done := srv.waitState(t, id, "SUCCESS")
	if keys(done) != execGetKeys || str(done, "output") != `{"msg": "Hello, x"}` || str(done, "published_global") != "{}" {
		t.Errorf("GET: %s", value.MarshalPy(done))
	}
	// POST with that id returns the execution as it is.
	again := srv.startExecution(t, map[string]any{"id": id, "workflow_name": "eapi_hello"})
	if str(again, "state") != "SUCCESS" {
		t.Errorf("POST with an existing id: %s", value.MarshalPy(again))
	}

	list := srv.Expect(t, 200, "GET", "/v2/executions?workflow_name=eapi_hello&state=SUCCESS", nil).Map(t)
	exs := items(t, list, "executions")
	if len(exs) != 1 || keys(exs[0]) != execListKeys {
		t.Errorf("list: %s", value.MarshalPy(list))
	}
	out := items(t, srv.Expect(t, 200, "GET", "/v2/executions?workflow_name=eapi_hello&include_output=true&fields=output", nil).Map(t), "executions")
	if len(out) != 1 || keys(out[0]) != "id,output" {
		t.Errorf("fields: %v", out)
	}
	paged := srv.Expect(t, 200, "GET", "/v2/executions?limit=1&nulls=task_execution_id", nil).Map(t)
	if n := str(paged, "next"); !strings.Contains(n, "/v2/executions?sort_keys=created_at,id&sort_dirs=asc,asc&task_execution_id=eq:None&limit=1&marker=") {
		t.Errorf("next: %s", n)
	}

	// Tasks of the execution, one task, its action executions.
	tasks := items(t, srv.Expect(t, 200, "GET", "/v2/executions/"+id+"/tasks", nil).Map(t), "tasks")
	if len(tasks) != 2 || keys(tasks[0]) != taskListKeys {
		t.Fatalf("tasks: %v", tasks)
	}
	t1 := srv.taskOf(t, id, "t1")
	task := srv.Expect(t, 200, "GET", "/v2/tasks/"+str(t1, "id"), nil).Map(t)
	if keys(task) != taskGetKeys || str(task, "result") != `"Hello, x"` || str(task, "published") != `{"msg": "Hello, x"}` {
		t.Errorf("task: %s", value.MarshalPy(task))
	}
	t2 := srv.taskOf(t, id, "t2")
	if rc := decodeText(t, t2, "runtime_context"); !strings.Contains(value.MarshalPy(rc), `"event": "on-success"`) {
		t.Errorf("runtime_context of t2: %s", value.MarshalPy(rc))
	}
	acts := items(t, srv.Expect(t, 200, "GET", "/v2/tasks/"+str(t1, "id")+"/action_executions", nil).Map(t), "action_executions")
	if len(acts) != 1 || keys(acts[0]) != actListKeys || str(acts[0], "task_name") != "t1" {
		t.Fatalf("action executions: %v", acts)
	}
	aid := str(acts[0], "id")
	act := srv.Expect(t, 200, "GET", "/v2/action_executions/"+aid, nil).Map(t)
	if keys(act) != actGetKeys || str(act, "output") != `{"result": "Hello, x"}` {
		t.Errorf("action execution: %s", value.MarshalPy(act))
	}
	same := srv.Expect(t, 200, "GET", "/v2/tasks/"+str(t1, "id")+"/action_executions/"+aid, nil)
	if string(same.Body) != string(srv.Expect(t, 200, "GET", "/v2/action_executions/"+aid, nil).Body) {
		t.Errorf("nested action execution differs: %s", same.Body)
	}
	taskList := srv.Expect(t, 200, "GET", "/v2/tasks?workflow_execution_id="+id+"&name=t1", nil).Map(t)
	if l := items(t, taskList, "tasks"); len(l) != 1 {
		t.Errorf("/v2/tasks filtered: %v", l)
	}
	nested := srv.Expect(t, 200, "GET", "/v2/executions/"+id+"/tasks?limit=1", nil).Map(t)
	if n := str(nested, "next"); !strings.Contains(n, "/v2/tasks?sort_keys=created_at,id&sort_dirs=asc,asc&workflow_execution_id=eq:"+id+"&limit=1&marker=") {
		t.Errorf("nested next: %s", n)
	}

	// Report.
	rep := srv.Expect(t, 200, "GET", "/v2/executions/"+id+"/report", nil).Map(t)
	if !strings.HasPrefix(value.MarshalPy(rep), `{"statistics": {"total_tasks_count": 2, "running_tasks_count": 0, "success_tasks_count": 2, "error_tasks_count": 0, "idle_tasks_count": 0, "paused_tasks_count": 0, "estimated_time": 0}, "root_workflow_execution": {"id": "`+id+`", "name": "eapi_hello"`) {
		t.Errorf("report: %s", value.MarshalPy(rep))
	}

	// Description update, then delete.
	upd := srv.Expect(t, 200, "PUT", "/v2/executions/"+id, []byte(`{"description": "new"}`), jsonCT).Map(t)
	if str(upd, "description") != "new" || upd.Has("params") || upd.Has("output") {
		t.Errorf("PUT description: %s", value.MarshalPy(upd))
	}
	srv.Expect(t, 204, "DELETE", "/v2/executions/"+id, nil)
	wantFault(t, srv.Do(t, "GET", "/v2/executions/"+id, nil), 404, "WorkflowExecution not found [id="+id+"]")
	wantFault(t, srv.Do(t, "GET", "/v2/tasks/"+str(t1, "id"), nil), 404, "Task execution not found [id="+str(t1, "id")+"]")
	wantFault(t, srv.Do(t, "GET", "/v2/action_executions/"+aid, nil), 404, "ActionExecution not found [id="+aid+"]")

	// Errors.
	wantFault(t, srv.Do(t, "GET", "/v2/executions/not-a-uuid", nil), 404, "WorkflowExecution not found [id=not-a-uuid]")
	wantFault(t, srv.Do(t, "POST", "/v2/executions", []byte(`{"workflow_name": "eapi_nosuch"}`), jsonCT), 404,
		"Workflow not found [workflow_identifier=eapi_nosuch, namespace=]")
	wantFault(t, srv.Do(t, "POST", "/v2/executions", []byte(`{"workflow_name": "eapi_hello"}`), jsonCT), 400,
		"Invalid input [name=eapi_hello, class=DirectWorkflowSpec, missing=['name']]")
	wantFault(t, srv.Do(t, "POST", "/v2/executions", []byte(`{"workflow_name": "eapi_hello", "input": {"name": 1, "nope": 2}}`), jsonCT), 400,
		"Invalid input [name=eapi_hello, class=DirectWorkflowSpec, unexpected=['nope']]")
	wantFault(t, srv.Do(t, "POST", "/v2/executions", []byte(`not json`), jsonCT), 400, "Request is not in valid JSON format")
	wantFault(t, srv.Do(t, "POST", "/v2/executions", []byte(`{"workflow_name": "eapi_hello", "input": "abc"}`), jsonCT), 400,
		"Invalid input for field/attribute wf_ex. Value: '{'workflow_name': 'eapi_hello', 'input': 'abc'}'. Expecting value: line 1 column 1 (char 0)")
	wantFault(t, srv.Do(t, "GET", "/v2/executions?all_projects=true", nil), 403, "Operation forbidden (insufficient permissions)")
	wantFault(t, srv.Do(t, "GET", "/v2/executions?nulls=bogus", nil), 400, "'bogus' is not a valid field name.")
}

func TestSubExecutionsOverHTTP(t *testing.T) {
	srv := startEngine(t)
	srv.createWorkflows(t, eapiWorkflows)
	id := str(srv.startExecution(t, map[string]any{"workflow_name": "eapi_parent"}), "id")
	ex := srv.waitState(t, id, "ERROR")
	if !strings.HasPrefix(str(ex, "state_info"), "Failure caused by error in tasks: p2") {
		t.Errorf("state_info: %s", str(ex, "state_info"))
	}
	all := items(t, srv.Expect(t, 200, "GET", "/v2/executions/"+id+"/executions", nil).Map(t), "executions")
	if len(all) != 2 || str(all[0], "id") != id || str(all[1], "workflow_name") != "eapi_sub" ||
		str(all[1], "root_execution_id") != id || str(all[1], "description") != "sub-workflow execution" || all[1].Has("output") {
		t.Errorf("sub-executions: %v", all)
	}
	if l := items(t, srv.Expect(t, 200, "GET", "/v2/executions/"+id+"/executions?max_depth=0", nil).Map(t), "executions"); len(l) != 1 {
		t.Errorf("max_depth=0: %d executions", len(l))
	}
	if l := items(t, srv.Expect(t, 200, "GET", "/v2/executions/"+id+"/executions?errors_only=true", nil).Map(t), "executions"); len(l) != 1 {
		t.Errorf("errors_only: %d executions", len(l))
	}
	p1 := srv.taskOf(t, id, "p1")
	if str(p1, "type") != "WORKFLOW" {
		t.Errorf("p1 type %s", str(p1, "type"))
	}
	wfx := items(t, srv.Expect(t, 200, "GET", "/v2/tasks/"+str(p1, "id")+"/workflow_executions", nil).Map(t), "executions")
	if len(wfx) != 1 || wfx[0].Has("params") || wfx[0].Has("input") || str(wfx[0], "task_execution_id") != str(p1, "id") {
		t.Errorf("workflow_executions: %v", wfx)
	}
	if l := items(t, srv.Expect(t, 200, "GET", "/v2/tasks/"+str(p1, "id")+"/executions?include_output=true", nil).Map(t), "executions"); len(l) != 1 || !l[0].Has("output") {
		t.Errorf("task sub-executions: %v", l)
	}
	rep := value.MarshalPy(srv.Expect(t, 200, "GET", "/v2/executions/"+id+"/report", nil).JSON(t))
	if !strings.HasPrefix(rep, `{"statistics": {"total_tasks_count": 3, "running_tasks_count": 0, "success_tasks_count": 2, "error_tasks_count": 1,`) ||
		!strings.Contains(rep, `"name": "eapi_sub"`) {
		t.Errorf("report: %s", rep)
	}
	stats := value.MarshalPy(srv.Expect(t, 200, "GET", "/v2/executions/"+id+"/report?statistics_only=true&errors_only=true", nil).JSON(t))
	if stats != `{"statistics": {"total_tasks_count": 1, "running_tasks_count": 0, "success_tasks_count": 0, "error_tasks_count": 1, "idle_tasks_count": 0, "paused_tasks_count": 0, "estimated_time": 0}}` {
		t.Errorf("statistics: %s", stats)
	}
	wantFault(t, srv.Do(t, "GET", "/v2/executions/nope/report", nil), 400,
		"Invalid input for field/attribute workflow_execution_id. Value: 'nope'. unable to convert to uuid. Error: Expected a uuid but received nope.")
}

func TestExecutionControlOverHTTP(t *testing.T) {
	srv := startEngine(t)
	srv.createWorkflows(t, eapiWorkflows)
	id := str(srv.startExecution(t, map[string]any{"workflow_name": "eapi_async"}), "id")
	u := "/v2/executions/" + id
	wantFault(t, srv.Do(t, "DELETE", u, nil), 403,
		"Only completed executions can be deleted. Use --force to override this. Execution "+id+" is in RUNNING state")
	wantFault(t, srv.Do(t, "PUT", u, []byte(`{"state": "BOGUS"}`), jsonCT), 400,
		"Cannot change state to BOGUS. Allowed states are: 'RUNNING, PAUSED, SUCCESS, ERROR, CANCELLED")
	wantFault(t, srv.Do(t, "PUT", u, []byte(`{}`), jsonCT), 400, "The property state, description, or env is not provided for update.")
	wantFault(t, srv.Do(t, "PUT", u, []byte(`{"params": {"env": {"k": 1}}}`), jsonCT), 403,
		"Updating env to workflow execution is only permitted if it is in IDLE, PAUSED, or ERROR state.")

	if m := srv.Expect(t, 200, "PUT", u, []byte(`{"state": "PAUSED"}`), jsonCT).Map(t); str(m, "state") != "PAUSED" || keys(m) != execPostKeys {
		t.Errorf("pause: %s", value.MarshalPy(m))
	}
	if m := srv.Expect(t, 200, "PUT", u, []byte(`{"params": {"env": {"k": 1}}}`), jsonCT).Map(t); str(m, "params") != `{"namespace": "", "env": {"k": 1}}` || m.Has("input") {
		t.Errorf("env update: %s", value.MarshalPy(m))
	}
	if m := srv.Expect(t, 200, "PUT", u, []byte(`{"state": "RUNNING"}`), jsonCT).Map(t); str(m, "state") != "RUNNING" {
		t.Errorf("resume: %s", value.MarshalPy(m))
	}
	// The async action completes through PUT /v2/action_executions.
	a1 := srv.taskOf(t, id, "a1")
	acts := items(t, srv.Expect(t, 200, "GET", "/v2/tasks/"+str(a1, "id")+"/action_executions", nil).Map(t), "action_executions")
	if len(acts) != 1 || str(acts[0], "state") != "RUNNING" {
		t.Fatalf("async action: %v", acts)
	}
	aid := str(acts[0], "id")
	wantFault(t, srv.Do(t, "PUT", "/v2/action_executions/"+aid, []byte(`{"state": "BOGUS"}`), jsonCT), 400,
		"Error. Expected one of ['SUCCESS', 'ERROR', 'CANCELLED', 'PAUSED', 'RUNNING'], actual: BOGUS")
	put := srv.Expect(t, 200, "PUT", "/v2/action_executions/"+aid, []byte(`{"state": "SUCCESS", "output": {"v": 42}}`), jsonCT).Map(t)
	if keys(put) != actRunKeys || str(put, "state") != "SUCCESS" || str(put, "output") != `{"result": {"v": 42}}` {
		t.Errorf("PUT action execution: %s", value.MarshalPy(put))
	}
	done := srv.waitState(t, id, "SUCCESS")
	if str(done, "output") != `{"got": {"v": 42}}` {
		t.Errorf("output after the async result: %s", str(done, "output"))
	}
	srv.Expect(t, 204, "DELETE", u, nil)

	// Cancel, and force-delete a running execution.
	id2 := str(srv.startExecution(t, map[string]any{"workflow_name": "eapi_async"}), "id")
	c := srv.Expect(t, 200, "PUT", "/v2/executions/"+id2, []byte(`{"state": "CANCELLED", "state_info": "bye"}`), jsonCT).Map(t)
	if str(c, "state") != "CANCELLED" || str(c, "state_info") != "bye" || str(c, "output") != `{"result": "bye"}` {
		t.Errorf("cancel: %s", value.MarshalPy(c))
	}
	id3 := str(srv.startExecution(t, map[string]any{"workflow_name": "eapi_async"}), "id")
	srv.Expect(t, 204, "DELETE", "/v2/executions/"+id3+"?force=true", nil)
	srv.Expect(t, 404, "GET", "/v2/executions/"+id3, nil)
}

func TestTaskRerunOverHTTP(t *testing.T) {
	srv := startEngine(t)
	srv.createWorkflows(t, eapiWorkflows)
	id := str(srv.startExecution(t, map[string]any{"workflow_name": "eapi_env"}), "id")
	srv.waitState(t, id, "ERROR")
	e1 := srv.taskOf(t, id, "e1")
	u := "/v2/tasks/" + str(e1, "id")
	wantFault(t, srv.Do(t, "PUT", u, []byte(`{"state": "RUNNING"}`), jsonCT), 400,
		"Invalid input for field/attribute reset. Value: 'None'. Mandatory field missing.")
	wantFault(t, srv.Do(t, "PUT", u, []byte(`{"state": "RUNNING", "reset": false}`), jsonCT), 400,
		"Only with-items task has the option to not reset.")
	wantFault(t, srv.Do(t, "PUT", u, []byte(`{"state": "RUNNING", "reset": true, "name": "x"}`), jsonCT), 400, "Task name does not match.")
	wantFault(t, srv.Do(t, "PUT", u, []byte(`{"state": "SKIPPED", "reset": true}`), jsonCT), 400,
		"Invalid task state. Only updating task to rerun is supported.")
	r := srv.Expect(t, 200, "PUT", u, []byte(`{"state": "RUNNING", "reset": true, "env": {"val": "fixed"}}`), jsonCT).Map(t)
	if keys(r) != taskGetKeys || str(r, "id") != str(e1, "id") {
		t.Errorf("rerun: %s", value.MarshalPy(r))
	}
	srv.waitState(t, id, "SUCCESS")
	task := srv.Expect(t, 200, "GET", u, nil).Map(t)
	if str(task, "state") != "SUCCESS" || str(task, "result") != `"FIXED"` {
		t.Errorf("task after rerun: %s", value.MarshalPy(task))
	}
	wantFault(t, srv.Do(t, "PUT", u, []byte(`{"state": "RUNNING", "reset": true}`), jsonCT), 400,
		"The current task execution must be in ERROR for rerun. Only updating task to rerun is supported.")
}

func TestActionExecutionsOverHTTP(t *testing.T) {
	srv := startEngine(t, "--allow-action-execution-deletion")
	run := func(body string) *value.Map {
		t.Helper()
		return srv.Expect(t, 201, "POST", "/v2/action_executions", []byte(body), jsonCT).Map(t)
	}
	sync := run(`{"name": "std.echo", "input": "{\"output\": \"hi\"}"}`)
	if value.MarshalPy(sync) != `{"id": null, "workflow_name": null, "workflow_namespace": "", "task_execution_id": null, "state": "SUCCESS", "state_info": null, "tags": null, "name": "std.echo", "description": null, "project_id": null, "accepted": null, "input": "{\"output\": \"hi\"}", "output": "{\"result\": \"hi\"}", "created_at": null, "updated_at": null}` {
		t.Errorf("sync run: %s", value.MarshalPy(sync))
	}
	fail := run(`{"name": "std.fail"}`)
	if str(fail, "state") != "ERROR" || !strings.Contains(str(fail, "output"), "Fail action expected exception.") {
		t.Errorf("std.fail: %s", value.MarshalPy(fail))
	}
	saved := run(`{"name": "std.echo", "input": {"output": "hi"}, "params": {"save_result": true}}`)
	if keys(saved) != actRunKeys || str(saved, "state") != "RUNNING" || str(saved, "id") == "" {
		t.Fatalf("saved run: %s", value.MarshalPy(saved))
	}
	sid := str(saved, "id")
	got := srv.waitFor(t, "/v2/action_executions/"+sid, 10*time.Second, func(m *value.Map) bool { return str(m, "state") == "SUCCESS" })
	if keys(got) != actGetKeys || str(got, "output") != `{"result": "hi"}` {
		t.Errorf("saved run later: %s", value.MarshalPy(got))
	}
	async := run(`{"name": "std.async_noop"}`)
	aid := str(async, "id")
	if str(async, "state") != "RUNNING" || aid == "" {
		t.Fatalf("async run: %s", value.MarshalPy(async))
	}
	wantFault(t, srv.Do(t, "DELETE", "/v2/action_executions/"+aid, nil), 403, "Only completed action execution can be deleted.")
	srv.Expect(t, 200, "PUT", "/v2/action_executions/"+aid, []byte(`{"state": "ERROR"}`), jsonCT)
	if m := srv.Expect(t, 200, "GET", "/v2/action_executions/"+aid, nil).Map(t); str(m, "output") != `{"result": "Unknown error"}` {
		t.Errorf("ERROR without output: %s", value.MarshalPy(m))
	}
	srv.Expect(t, 204, "DELETE", "/v2/action_executions/"+aid, nil)
	srv.Expect(t, 404, "GET", "/v2/action_executions/"+aid, nil)

	wantFault(t, srv.Do(t, "POST", "/v2/action_executions", []byte(`{"name": "std.nosuch", "input": "{}"}`), jsonCT), 400,
		"Failed to find action [action_name=std.nosuch]")
	wantFault(t, srv.Do(t, "POST", "/v2/action_executions", []byte(`{"name": "std.echo", "input": {"x": 1}}`), jsonCT), 400,
		"Invalid input [name=std.echo, class=mistral.actions.std_actions.EchoAction, missing=['output'], unexpected=['x']]")
	wantFault(t, srv.Do(t, "POST", "/v2/action_executions", []byte(`{"name": "std.async_noop", "params": {"run_sync": true}}`), jsonCT), 400,
		"Action does not support synchronous execution.")
	wantFault(t, srv.Do(t, "POST", "/v2/action_executions", []byte(`{"input": {}}`), jsonCT), 400,
		"Please provide at least action name to run action.")

	list := srv.Expect(t, 200, "GET", "/v2/action_executions?limit=1", nil).Map(t)
	if l := items(t, list, "action_executions"); len(l) != 1 || keys(l[0]) != actListKeys || !strings.Contains(str(list, "next"), "/v2/action_executions?sort_keys=created_at,id") {
		t.Errorf("list: %s", value.MarshalPy(list))
	}

	// Deletion is refused unless configured.
	plain := startEngine(t)
	wantFault(t, plain.Do(t, "DELETE", "/v2/action_executions/"+sid, nil), 403, "Action execution deletion is not allowed.")
}

// TestGracefulRestart: SIGTERM stops the engine cleanly (exit 0) and an
// execution waiting for an asynchronous action resumes after the restart.
func TestGracefulRestart(t *testing.T) {
	srv := startEngine(t)
	srv.createWorkflows(t, eapiWorkflows)
	id := str(srv.startExecution(t, map[string]any{"workflow_name": "eapi_async"}), "id")
	a1 := srv.taskOf(t, id, "a1")
	acts := srv.waitFor(t, "/v2/tasks/"+str(a1, "id")+"/action_executions", 10*time.Second, func(m *value.Map) bool {
		return len(items(t, m, "action_executions")) == 1
	})
	aid := str(items(t, acts, "action_executions")[0], "id")
	srv.Stop(t)
	srv.Restart(t)
	if ex := srv.Expect(t, 200, "GET", "/v2/executions/"+id, nil).Map(t); str(ex, "state") != "RUNNING" {
		t.Fatalf("after the restart: %s", value.MarshalPy(ex))
	}
	srv.Expect(t, 200, "PUT", "/v2/action_executions/"+aid, []byte(`{"state": "SUCCESS", "output": {"v": 1}}`), jsonCT)
	if done := srv.waitState(t, id, "SUCCESS"); str(done, "output") != `{"got": {"v": 1}}` {
		t.Errorf("output: %s", str(done, "output"))
	}
}
