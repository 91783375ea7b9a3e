package httpd

import (
	"strings"
	"testing"

	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// fault returns the WSME error body of a client error.
func fault(msg string) string {
	return `{"faultcode": "Client", "faultstring": ` + string(value.AppendJSONString(nil, msg, true)) + `, "debuginfo": null}`
}

type exchange struct {
	method, path, body string
	status             int
	// want is the whole body, or a substring when it starts with "~".
	want string
	// call is the engine call expected ("" for none, "-" for no check).
	call string
}

func (s *runtimeServer) check(t *testing.T, cases []exchange) {
	t.Helper()
	for _, tc := range cases {
		before := s.eng.lastCall()
		a := s.serve(tc.method, tc.path, tc.body)
		ok := a.status == tc.status
		if sub, found := strings.CutPrefix(tc.want, "~"); found {
			ok = ok && strings.Contains(a.body, sub)
		} else if tc.want != "" {
			ok = ok && a.body == tc.want
		}
		if !ok {
			t.Errorf("%s %s %s:\n got %d %s\nwant %d %s", tc.method, tc.path, tc.body, a.status, a.body, tc.status, tc.want)
		}
		after := s.eng.lastCall()
		switch {
		case tc.call == "-":
		case tc.call == "" && after != before:
			t.Errorf("%s %s %s: unexpected engine call %q", tc.method, tc.path, tc.body, after)
		case tc.call != "" && (after == before || after != tc.call):
			t.Errorf("%s %s %s: engine call %q, want %q", tc.method, tc.path, tc.body, after, tc.call)
		}
	}
}

const (
	runningEx = "22222222-2222-4222-8222-222222222222"
	pausedEx  = "33333333-3333-4333-8333-333333333333"
	zeroID    = "00000000-0000-0000-0000-000000000000"
)

func TestExecutionCreate(t *testing.T) {
	s := newRuntimeServer(t)
	anchorRecords(t, s)
	s.check(t, []exchange{
		{"POST", "/v2/executions", `{"workflow_name": "wf", "input": "{\"a\": 1}", "params": {"env": "e1"}, "description": "d"}`, 201,
			`{"id": "00000000-0000-4000-8000-000000000001", "workflow_id": "11111111-1111-4111-8111-111111111111", "workflow_name": "wf", "workflow_namespace": "", "description": "d", "tags": [], "params": "{\"namespace\": \"\", \"env\": {}}", "task_execution_id": null, "root_execution_id": null, "state": "RUNNING", "state_info": null, "input": "{\"a\": 1}", "output": "{}", "created_at": "1970-01-01 00:16:40", "updated_at": "1970-01-01 00:16:40", "project_id": "<default-project>"}`,
			`start id= wf_id= wf=wf ns= input={"a": 1} params={"env": "e1"} desc="d" source=`},
		{"POST", "/v2/executions", `{"workflow_id": "` + anchorWf + `", "workflow_namespace": "ns", "input": {}, "params": {}}`, 201, "~",
			`start id= wf_id=` + anchorWf + ` wf= ns=ns input={} params={} desc="" source=`},
		// An existing id: the execution is returned as it is.
		{"POST", "/v2/executions", `{"id": "` + anchorEx + `", "workflow_name": "other"}`, 201, "~\"workflow_name\": \"sample_wf\"", ""},
		// From a source execution: its workflow, input and params.
		{"POST", "/v2/executions", `{"source_execution_id": "` + anchorEx + `", "description": "again"}`, 201,
			"~\"source_execution_id\": \"" + anchorEx + "\"",
			`start id= wf_id=` + anchorWf + ` wf=sample_wf ns= input={"name": "anchor"} params={"env": {"target": "mars", "retries": 3}} desc="again Based on the execution '` + anchorEx + `'" source=` + anchorEx},
		{"POST", "/v2/executions", `{"source_execution_id": "` + zeroID + `"}`, 404, fault("WorkflowExecution not found [id=" + zeroID + "]"), ""},
		{"POST", "/v2/executions", `{"input": {"name": "y"}}`, 400,
			fault("Workflow ID or workflow name must be provided. Workflow ID is recommended."), ""},
		{"POST", "/v2/executions", `{"workflow_name": "wf", "input": "abc"}`, 400,
			fault("Invalid input for field/attribute wf_ex. Value: '{'workflow_name': 'wf', 'input': 'abc'}'. Expecting value: line 1 column 1 (char 0)"), ""},
		{"POST", "/v2/executions", `{"workflow_name": "wf", "input": [1]}`, 400,
			fault("Invalid input for field/attribute wf_ex. Value: '{'workflow_name': 'wf', 'input': [1]}'. the JSON object must be str, bytes or bytearray, not list"), ""},
		{"POST", "/v2/executions", `{"workflow_name": "wf", "input": "[1]"}`, 400, fault("JsonType field value must be a dictionary [actual=[1]]"), ""},
		{"POST", "/v2/executions", `{"workflow_name": "wf", "bogus": 1}`, 400, fault("Unknown attribute for argument wf_ex: bogus"), ""},
		{"POST", "/v2/executions", `{"workflow_name": "wf", "project_id": "x"}`, 400,
			fault("Invalid input for field/attribute project_id. Value: 'x'. Cannot set read only field."), ""},
		{"POST", "/v2/executions", `{"workflow_name": 5}`, 400,
			fault("Invalid input for field/attribute workflow_name. Value: '5'. Wrong type. Expected '<class 'str'>', got '<class 'int'>'"), ""},
		{"POST", "/v2/executions", `{"workflow_name": "wf", "tags": "x"}`, 400,
			fault("Invalid input for field/attribute wf_ex. Value: '{'workflow_name': 'wf', 'tags': 'x'}'. Value not a valid list: x"), ""},
		{"POST", "/v2/executions", ``, 400, fault(`Missing argument: "wf_ex"`), ""},
		{"POST", "/v2/executions", `[]`, 400, "~The body must be a JSON object", ""},
		{"POST", "/v2/executions?x=1", `{}`, 400, fault(`Unknown argument: "x"`), ""},
	})
	s.eng.err = &storage.InvalidError{Msg: "Invalid input [name=wf, class=DirectWorkflowSpec, missing=['name']]"}
	s.check(t, []exchange{{"POST", "/v2/executions", `{"workflow_name": "wf"}`, 400,
		fault("Invalid input [name=wf, class=DirectWorkflowSpec, missing=['name']]"), "-"}})
}

func TestExecutionUpdate(t *testing.T) {
	s := newRuntimeServer(t)
	s.putAll(t, &storage.Execution{ID: runningEx, WorkflowName: "w", State: "RUNNING", Params: obj(t, `{"namespace": "", "env": {}}`),
		Input: value.NewMap(0), Output: value.NewMap(0), CreatedAt: 10})
	u := "/v2/executions/" + runningEx
	s.check(t, []exchange{
		{"PUT", u, `{}`, 400, fault("The property state, description, or env is not provided for update."), ""},
		{"PUT", u, `{"state_info": "x", "description": "", "params": {"foo": 1}}`, 400,
			fault("The property state, description, or env is not provided for update."), ""},
		{"PUT", u, `{"description": "x", "state": "PAUSED"}`, 400, fault("The property description must be updated separately from state."), ""},
		{"PUT", u, `{"params": {"env": {"k": 1}}, "state": "PAUSED"}`, 400,
			fault("The property env can only be updated when workflow execution is not running or on resume from pause."), ""},
		{"PUT", u, `{"state": "IDLE"}`, 400, fault("Cannot change state to IDLE. Allowed states are: 'RUNNING, PAUSED, SUCCESS, ERROR, CANCELLED"), ""},
		{"PUT", u, `{"state": 5}`, 400,
			fault("Invalid input for field/attribute state. Value: '5'. Wrong type. Expected '<class 'str'>', got '<class 'int'>'"), ""},
		{"PUT", u, `{"params": {"env": "name"}}`, 400, fault("The property env must be a JSON object [actual=name]"), ""},
		{"PUT", "/v2/executions/nope", `{"state": "PAUSED"}`, 404, fault("WorkflowExecution not found [id=nope]"), ""},
		{"PUT", "/v2/executions/" + zeroID, `{}`, 404, fault("WorkflowExecution not found [id=" + zeroID + "]"), ""},
		{"PUT", u, `{"state": "PAUSED"}`, 200, "~\"state\": \"PAUSED\"", "update " + runningEx + " state=PAUSED"},
		// A description alone: no params, input or output in the answer.
		{"PUT", u, `{"description": "new"}`, 200,
			`{"id": "22222222-2222-4222-8222-222222222222", "workflow_id": "", "workflow_name": "w", "workflow_namespace": "", "description": "new", "tags": [], "task_execution_id": null, "root_execution_id": null, "state": "PAUSED", "state_info": null, "created_at": "1970-01-01 00:00:10", "updated_at": null, "project_id": ""}`,
			"update " + runningEx + " description=new"},
		// env alone: params, no input or output.
		{"PUT", u, `{"params": "{\"env\": {\"k\": 1}}"}`, 200,
			`{"id": "22222222-2222-4222-8222-222222222222", "workflow_id": "", "workflow_name": "w", "workflow_namespace": "", "description": "new", "tags": [], "params": "{\"namespace\": \"\", \"env\": {\"k\": 1}}", "task_execution_id": null, "root_execution_id": null, "state": "PAUSED", "state_info": null, "created_at": "1970-01-01 00:00:10", "updated_at": null, "project_id": ""}`,
			"update " + runningEx + ` env={"k": 1}`},
		{"PUT", u, `{"state": "RUNNING", "params": {"env": {"k": 2}}}`, 200, "~\"output\": \"{}\"", "update " + runningEx + ` state=RUNNING env={"k": 2}`},
		{"PUT", u, `{"state": "CANCELLED", "state_info": "bye"}`, 200, "~\"state_info\": \"bye\"", "update " + runningEx + " state=CANCELLED state_info=bye"},
	})
}

func TestExecutionDelete(t *testing.T) {
	s := newRuntimeServer(t)
	s.putAll(t, &storage.Execution{ID: runningEx, State: "RUNNING", CreatedAt: 10},
		&storage.Execution{ID: pausedEx, State: "SUCCESS", CreatedAt: 10})
	s.check(t, []exchange{
		{"DELETE", "/v2/executions/" + runningEx, "", 403, fault("Only completed executions can be deleted. Use --force to override this. Execution " +
			runningEx + " is in RUNNING state"), ""},
		{"DELETE", "/v2/executions/nope", "", 404, fault("WorkflowExecution not found [id=nope]"), ""},
		{"DELETE", "/v2/executions", "", 400, fault(`Missing argument: "id"`), ""},
		{"DELETE", "/v2/executions/" + runningEx + "?force=maybe", "", 400, "~unable to convert to bool", ""},
		{"DELETE", "/v2/executions/" + runningEx + "?force=true", "", 204, "", "delete " + runningEx + " force=true"},
		{"DELETE", "/v2/executions/" + pausedEx, "", 204, "", "delete " + pausedEx + " force=false"},
		{"GET", "/v2/executions/" + pausedEx, "", 404, "", ""},
	})
}

func TestExecutionList(t *testing.T) {
	s := newRuntimeServer(t)
	anchorRecords(t, s)
	sub := &storage.Execution{ID: "44444444-4444-4444-8444-444444444444", WorkflowName: "sub", State: "RUNNING",
		TaskExecutionID: sayHello, RootExecutionID: anchorEx, Tags: []string{"a", "b"}, CreatedAt: 9e9}
	s.putAll(t, sub)
	next := func(b string) string {
		_, n, _ := strings.Cut(b, `"next": "`)
		n, _, _ = strings.Cut(n, `"`)
		return n
	}
	ids := func(b string) string {
		var out []string
		for _, part := range strings.Split(b, `{"id": "`)[1:] {
			out = append(out, part[:8])
		}
		return strings.Join(out, ",")
	}
	cases := []struct{ query, ids, next string }{
		{"nulls=task_execution_id", "1526a980,7c8bcf6e", ""},
		{"nulls=task_execution_id,root_execution_id&limit=1&workflow_name=in:sample_wf,sub", "1526a980",
			"http://127.0.0.1:8989/v2/executions?sort_keys=created_at,id&sort_dirs=asc,asc&workflow_name=in:['sample_wf', 'sub']&task_execution_id=eq:None&root_execution_id=eq:None&limit=1&marker=" + anchorEx},
		{"tags=B,a&limit=1", "44444444",
			"http://127.0.0.1:8989/v2/executions?sort_keys=created_at,id&sort_dirs=asc,asc&tags=eq:['b', 'a']&limit=1&marker=44444444-4444-4444-8444-444444444444"},
		{"tags=a,c", "", ""},
		{"tags=", "1526a980,7c8bcf6e,44444444", ""},
		{"input={\"name\":\"anchor\"}&limit=1", "1526a980",
			"http://127.0.0.1:8989/v2/executions?sort_keys=created_at,id&sort_dirs=asc,asc&input=eq:{'name': 'anchor'}&limit=1&marker=" + anchorEx},
		{"task_execution_id=" + sayHello, "44444444", ""},
		{"root_execution_id=gt:" + anchorEx, "44444444", ""},
		{"state=ERROR", "7c8bcf6e", ""},
		{"state_info=has:boom", "7c8bcf6e", ""},
		{"sort_keys=workflow_name&sort_dirs=desc", "44444444,7c8bcf6e,1526a980", ""},
		{"created_at=gt:2026-11-23 18:02:43", "7c8bcf6e,44444444", ""},
		{"params={\"namespace\": \"\", \"env\": {}}", "7c8bcf6e", ""},
		{"all_projects=true", "", "forbidden"},
		{"project_id=" + zeroID, "", "forbidden"},
	}
	for _, tc := range cases {
		a := s.serve("GET", "/v2/executions?"+strings.ReplaceAll(tc.query, " ", "%20"), "")
		if tc.next == "forbidden" {
			if a.status != 403 || a.body != fault("Operation forbidden (insufficient permissions)") {
				t.Errorf("%s: %d %s", tc.query, a.status, a.body)
			}
			continue
		}
		if a.status != 200 || ids(a.body) != tc.ids || next(a.body) != tc.next {
			t.Errorf("%s:\n got %d ids=%s next=%s\nwant ids=%s next=%s\n%s", tc.query, a.status, ids(a.body), next(a.body), tc.ids, tc.next, a.body)
		}
	}
	// Admins may list all projects or filter on one.
	b := s.must(t, 200, "GET", "/v2/executions?project_id="+zeroID, "", "X-Roles: member,admin")
	if b != `{"executions": []}` {
		t.Errorf("project_id as admin: %s", b)
	}
	s.must(t, 200, "GET", "/v2/executions?all_projects=1", "", "X-Roles: admin")
	// Lists omit output unless asked; published_global never.
	b = s.must(t, 200, "GET", "/v2/executions?workflow_name=sample_wf", "")
	if strings.Contains(b, `"output"`) || strings.Contains(b, "published_global") {
		t.Errorf("list shows output: %s", b)
	}
	b = s.must(t, 200, "GET", "/v2/executions?workflow_name=sample_wf&include_output=true", "")
	if !strings.Contains(b, `"output": "{\"greeting\": \"Hello, anchor\", \"done\": true}"`) {
		t.Errorf("include_output: %s", b)
	}
	b = s.must(t, 200, "GET", "/v2/executions?workflow_name=sample_wf&fields=output,state,published_global,source_execution_id", "")
	want := `{"executions": [{"id": "1526a980-4ea1-45b2-ae34-44fd37771327", "state": "SUCCESS", "output": "{\"greeting\": \"Hello, anchor\", \"done\": true}"}]}`
	if b != want {
		t.Errorf("fields:\n got %s\nwant %s", b, want)
	}
	s.check(t, []exchange{
		{"GET", "/v2/executions?nulls=bogus", "", 400, fault("'bogus' is not a valid field name."), ""},
		{"GET", "/v2/executions?nulls=id", "", 400, fault("The field 'id' can't hold None value."), ""},
		{"GET", "/v2/executions?params=x", "", 400,
			fault("Invalid input for field/attribute params. Value: 'x'. unable to convert to json. Error: Expecting value: line 1 column 1 (char 0)"), ""},
		{"GET", "/v2/executions?workflow_id=nope", "", 400,
			fault("Invalid input for field/attribute workflow_id. Value: 'nope'. unable to convert to uuid. Error: Expected a uuid but received nope."), ""},
		{"GET", "/v2/executions?fields=bogus", "", 400, fault("Some fields do not exist  [bogus], please choose from [id, workflow_id, workflow_name, workflow_namespace, description, tags, params, task_execution_id, root_execution_id, source_execution_id, state, state_info, input, output, created_at, updated_at, project_id, published_global]"), ""},
		{"GET", "/v2/executions?sort_keys=bogus", "", 400, fault("Sort key supplied is invalid: bogus"), ""},
		{"GET", "/v2/executions?marker=" + zeroID, "", 404, fault("WorkflowExecution not found [id=" + zeroID + "]"), ""},
		{"GET", "/v2/executions/" + anchorEx + "?fields=state", "", 400, fault(`Unknown argument: "fields"`), ""},
	})
}

func TestTasks(t *testing.T) {
	s := newRuntimeServer(t)
	anchorRecords(t, s)
	s.check(t, []exchange{
		{"GET", "/v2/executions/nope/tasks", "", 400,
			fault("Invalid input for field/attribute workflow_execution_id. Value: 'nope'. unable to convert to uuid. Error: Expected a uuid but received nope."), ""},
		{"GET", "/v2/executions/" + zeroID + "/tasks", "", 200, `{"tasks": []}`, ""},
		{"GET", "/v2/executions/" + anchorEx + "/tasks?fields=name,state", "", 200, `{"tasks": [{"id": "0a3119f9-2c71-4a26-afd1-65b5abe7a6a2", "name": "wait_a_bit", "state": "SUCCESS"}, {"id": "2626423b-471c-4196-9847-6f88f149bf21", "name": "say_hello", "state": "SUCCESS"}, {"id": "cb2f482c-c1ff-4f85-b5c4-2991cd3dc245", "name": "finish", "state": "SUCCESS"}]}`, ""},
		{"GET", "/v2/executions/" + anchorEx + "/tasks?limit=1&name=finish&fields=name", "", 200, `{"tasks": [{"id": "cb2f482c-c1ff-4f85-b5c4-2991cd3dc245", "name": "finish"}], "next": "http://127.0.0.1:8989/v2/tasks?sort_keys=created_at,id&sort_dirs=asc,asc&workflow_execution_id=eq:1526a980-4ea1-45b2-ae34-44fd37771327&name=eq:finish&limit=1&marker=cb2f482c-c1ff-4f85-b5c4-2991cd3dc245&fields=id,name"}`, ""},
		{"GET", "/v2/tasks?limit=1&processed=1&name=finish&workflow_execution_id=" + anchorEx + "&fields=processed", "", 200, `{"tasks": [{"id": "cb2f482c-c1ff-4f85-b5c4-2991cd3dc245", "processed": true}], "next": "http://127.0.0.1:8989/v2/tasks?sort_keys=created_at,id&sort_dirs=asc,asc&name=eq:finish&workflow_execution_id=eq:1526a980-4ea1-45b2-ae34-44fd37771327&processed=eq:True&limit=1&marker=cb2f482c-c1ff-4f85-b5c4-2991cd3dc245&fields=id,processed"}`, ""},
		{"GET", "/v2/tasks?processed=false", "", 200, `{"tasks": []}`, ""},
		{"GET", "/v2/tasks?published={\"done\":true}&fields=name", "", 200, `{"tasks": [{"id": "0a3119f9-2c71-4a26-afd1-65b5abe7a6a2", "name": "wait_a_bit"}]}`, ""},
		{"GET", "/v2/tasks?state=ERROR&fields=name,result,published_global,reset,env", "", 200, `{"tasks": [{"id": "8ecce1f3-d730-49f3-93c8-1edb3ae6e7af", "name": "boom", "result": "null"}]}`, ""},
		{"GET", "/v2/tasks?reset=true", "", 400, "~reset", ""},
		{"GET", "/v2/tasks?fields=bogus", "", 400, fault("Some fields do not exist  [bogus], please choose from [id, name, type, workflow_name, workflow_namespace, workflow_id, workflow_execution_id, tags, state, state_info, project_id, runtime_context, result, published, published_global, processed, created_at, updated_at, started_at, finished_at, reset, env]"), ""},
		{"GET", "/v2/tasks/nope", "", 404, fault("Task execution not found [id=nope]"), ""},
		{"GET", "/v2/tasks/" + zeroID + "/action_executions", "", 200, `{"action_executions": []}`, ""},
		{"GET", "/v2/tasks/nope/action_executions", "", 400,
			fault("Invalid input for field/attribute task_execution_id. Value: 'nope'. unable to convert to uuid. Error: Expected a uuid but received nope."), ""},
		{"GET", "/v2/tasks/" + sayHello + "/action_executions?limit=1&name=std.echo&state=SUCCESS&accepted=true", "", 200,
			"~\"next\": \"http://127.0.0.1:8989/v2/action_executions?sort_keys=created_at,id&sort_dirs=asc,asc&name=eq:std.echo&task_execution_id=eq:2626423b-471c-4196-9847-6f88f149bf21&state=eq:SUCCESS&accepted=eq:True&limit=1&marker=e62064df-0784-499b-a308-cc2d1ee2cd97\"", ""},
		{"GET", "/v2/tasks/nope/action_executions/" + echoAction, "", 200, sampleBody(t, "52"), ""},
		{"GET", "/v2/tasks/nope/action_executions/nope2", "", 404, fault("ActionExecution not found [id=nope2]"), ""},
		{"GET", "/v2/tasks/nope/workflow_executions", "", 400,
			fault("Invalid input for field/attribute task_execution_id. Value: 'nope'. unable to convert to uuid. Error: Expected a uuid but received nope."), ""},
		{"GET", "/v2/tasks/" + sayHello + "/workflow_executions?include_output=true", "", 400, fault(`Unknown argument: "include_output"`), ""},
		{"POST", "/v2/tasks", "{}", 405, "", ""},
	})
}

func TestTaskRerun(t *testing.T) {
	s := newRuntimeServer(t)
	anchorRecords(t, s)
	u := "/v2/tasks/" + boomTask
	s.check(t, []exchange{
		{"PUT", u, `{}`, 400, fault("Invalid input for field/attribute reset. Value: 'None'. Mandatory field missing."), ""},
		{"PUT", u, `{"state": "RUNNING"}`, 400, fault("Invalid input for field/attribute reset. Value: 'None'. Mandatory field missing."), ""},
		{"PUT", u, `{"bogus": 1}`, 400, fault("Unknown attribute for argument task: bogus"), ""},
		{"PUT", "/v2/tasks/nope", `{}`, 400, fault("Invalid input for field/attribute reset. Value: 'None'. Mandatory field missing."), ""},
		{"PUT", "/v2/tasks/nope", `{"state": "RUNNING", "reset": true}`, 404, fault("Task execution not found [id=nope]"), ""},
		{"PUT", u, `{"state": "SKIPPED", "reset": true}`, 400, fault("Invalid task state. Only updating task to rerun is supported."), ""},
		{"PUT", u, `{"reset": true}`, 400, fault("Invalid task state. Only updating task to rerun is supported."), ""},
		{"PUT", u, `{"state": "RUNNING", "reset": "x"}`, 400,
			fault("Invalid input for field/attribute task. Value: '{'state': 'RUNNING', 'reset': 'x'}'. Value not an unambiguous boolean: x"), ""},
		{"PUT", u, `{"state": "RUNNING", "reset": true, "name": "other"}`, 400, fault("Task name does not match."), ""},
		{"PUT", u, `{"reset": true, "state": "PAUSED", "name": "other"}`, 400, fault("Task name does not match."), ""},
		{"PUT", u, `{"state": "RUNNING", "reset": true, "workflow_name": "other"}`, 400, fault("Workflow name does not match."), ""},
		{"PUT", u, `{"state": "RUNNING", "reset": true, "env": "x"}`, 400,
			fault("Invalid input for field/attribute task. Value: '{'state': 'RUNNING', 'reset': True, 'env': 'x'}'. Expecting value: line 1 column 1 (char 0)"), ""},
		{"PUT", u, `{"state": "RUNNING", "reset": true, "project_id": "x"}`, 400,
			fault("Invalid input for field/attribute project_id. Value: 'x'. Cannot set read only field."), ""},
		{"PUT", "/v2/tasks/" + sayHello, `{"state": "RUNNING", "reset": true}`, 400,
			fault("The current task execution must be in ERROR for rerun. Only updating task to rerun is supported."), ""},
		{"PUT", u, `{"state": "RUNNING", "reset": "yes", "name": "boom", "workflow_name": "sample_wf_fail", "env": {"a": 1}}`, 200,
			`{"id": "8ecce1f3-d730-49f3-93c8-1edb3ae6e7af", "name": "boom", "type": "ACTION", "workflow_name": "sample_wf_fail", "workflow_namespace": "", "workflow_id": "0189fda1-4262-46fc-9101-95e655d3ff37", "workflow_execution_id": "7c8bcf6e-fd98-47f0-a107-da85135ae4ae", "tags": [], "state": "RUNNING", "state_info": "The action raised an exception [action=Fail action, action_ex_id=676b08c2-d61f-4773-bcf7-18ddcef0e332, msg='Fail action expected exception.']", "project_id": "<default-project>", "runtime_context": "{}", "result": "[]", "published": "{}", "processed": false, "created_at": "2026-11-23 18:02:44", "updated_at": "2026-11-23 18:02:44", "started_at": "2026-11-23 18:02:44", "finished_at": null}`,
			"rerun " + boomTask + ` state=RUNNING reset=true env={"a": 1}`},
	})
	// A null reset counts as false (the engine then refuses it unless the
	// task has with-items).
	s.putAll(t, &storage.Task{ID: zeroID, Name: "z", State: "ERROR", WorkflowExecutionID: failEx, CreatedAt: 1})
	s.check(t, []exchange{{"PUT", "/v2/tasks/" + zeroID, `{"state": "RUNNING", "reset": null}`, 200, "~", "rerun " + zeroID + " state=RUNNING reset=false env=nil"}})
}

func TestActionExecutions(t *testing.T) {
	s := newRuntimeServer(t)
	anchorRecords(t, s)
	s.check(t, []exchange{
		// Sample 71: a synchronous run, not stored.
		{"POST", "/v2/action_executions", `{"name": "std.echo", "input": "{\"output\": \"hi\"}"}`, 201, sampleBody(t, "71"),
			`run std.echo input={"output": "hi"} params=null desc="" ns=""`},
		{"POST", "/v2/action_executions", `{"name": "std.echo", "input": {"output": 1}, "params": {"save_result": true}, "description": "dd"}`, 201,
			`{"id": "00000000-0000-4000-8000-000000000001", "workflow_name": null, "workflow_namespace": "", "task_execution_id": null, "state": "RUNNING", "state_info": null, "tags": null, "name": "std.echo", "description": "dd", "project_id": "<default-project>", "accepted": false, "input": "{\"output\": 1}", "output": null, "created_at": "1970-01-01 00:33:20", "updated_at": null}`,
			`run std.echo input={"output": 1} params={"save_result": true} desc="dd" ns=""`},
		{"POST", "/v2/action_executions", `{"name": "std.noop", "workflow_namespace": "ns"}`, 201, "~", `run std.noop input={} params=null desc="" ns="ns"`},
		{"POST", "/v2/action_executions", `{"input": {"x": 1}}`, 400, fault("Please provide at least action name to run action."), ""},
		{"POST", "/v2/action_executions", `{"name": ""}`, 400, fault("Please provide at least action name to run action."), ""},
		{"POST", "/v2/action_executions", `{"name": "std.echo", "bogus": 1}`, 400, fault("Unknown attribute for argument action_ex: bogus"), ""},
		{"POST", "/v2/action_executions", `{"name": "std.echo", "accepted": "x"}`, 400, "~Value not an unambiguous boolean: x", ""},
		{"POST", "/v2/action_executions", `{"name": "std.echo", "input": "[1]"}`, 400, fault("JsonType field value must be a dictionary [actual=[1]]"), ""},
		{"POST", "/v2/action_executions", ``, 400, fault(`Missing argument: "action_ex"`), ""},
		{"PUT", "/v2/action_executions/" + adhocRun, `{}`, 400,
			fault("Error. Expected one of ['SUCCESS', 'ERROR', 'CANCELLED', 'PAUSED', 'RUNNING'], actual: Unset"), ""},
		{"PUT", "/v2/action_executions/nope", `{"state": "BOGUS"}`, 400,
			fault("Error. Expected one of ['SUCCESS', 'ERROR', 'CANCELLED', 'PAUSED', 'RUNNING'], actual: BOGUS"), ""},
		{"PUT", "/v2/action_executions/nope", `{"state": "SUCCESS", "output": "plain"}`, 400,
			fault("Invalid input for field/attribute action_ex. Value: '{'state': 'SUCCESS', 'output': 'plain'}'. Expecting value: line 1 column 1 (char 0)"), ""},
		{"PUT", "/v2/action_executions/nope", `{"state": "SUCCESS", "output": 5}`, 400,
			fault("Invalid input for field/attribute action_ex. Value: '{'state': 'SUCCESS', 'output': 5}'. the JSON object must be str, bytes or bytearray, not int"), ""},
		{"PUT", "/v2/action_executions/00000000-0000-4000-8000-000000000001", `{"state": "SUCCESS", "output": "{\"a\": 1}"}`, 200,
			`{"id": "00000000-0000-4000-8000-000000000001", "workflow_name": null, "workflow_namespace": "", "task_execution_id": null, "state": "SUCCESS", "state_info": null, "tags": null, "name": "std.echo", "description": "dd", "project_id": "<default-project>", "accepted": true, "input": "{\"output\": 1}", "output": "{\"result\": {\"a\": 1}}", "created_at": "1970-01-01 00:33:20", "updated_at": "1970-01-01 00:33:21"}`,
			`action 00000000-0000-4000-8000-000000000001 state=SUCCESS output={"a": 1} has=true`},
		{"PUT", "/v2/action_executions/" + adhocRun, `{"state": "ERROR"}`, 200, "~", "action " + adhocRun + ` state=ERROR output="Unknown error" has=true`},
		{"PUT", "/v2/action_executions/" + adhocRun, `{"state": "CANCELLED", "output": {"x": 1}}`, 200, "~", "action " + adhocRun + " state=CANCELLED output=null has=false"},
		{"PUT", "/v2/action_executions/" + zeroID, `{"state": "SUCCESS"}`, 404, fault("ActionExecution not found [id=" + zeroID + "]"), "-"},
		{"DELETE", "/v2/action_executions/" + adhocRun, "", 403, fault("Action execution deletion is not allowed."), ""},
		{"DELETE", "/v2/action_executions", "", 400, fault(`Missing argument: "id"`), ""},
		{"GET", "/v2/action_executions?limit=1&task_name=finish&include_output=true&fields=name,output,task_name,params", "", 200,
			`{"action_executions": [{"id": "ba990271-f878-47d2-92bd-d2b6b783f596", "name": "std.echo", "output": "{\"result\": \"Hello, anchor\"}"}], "next": "http://127.0.0.1:8989/v2/action_executions?sort_keys=created_at,id&sort_dirs=asc,asc&task_name=eq:finish&limit=1&marker=ba990271-f878-47d2-92bd-d2b6b783f596&fields=id,name,output,task_name,params"}`, ""},
		{"GET", "/v2/action_executions?fields=bogus", "", 400, fault("Some fields do not exist  [bogus], please choose from [id, workflow_name, workflow_namespace, task_name, task_execution_id, state, state_info, tags, name, description, project_id, accepted, input, output, created_at, updated_at, params]"), ""},
		{"GET", "/v2/action_executions/nope", "", 404, fault("ActionExecution not found [id=nope]"), ""},
	})
	b := s.must(t, 200, "GET", "/v2/action_executions?include_output=true&task_execution_id="+sayHello, "")
	if !strings.Contains(b, `"output": "{\"result\": \"Hello, anchor\"}"`) || strings.Contains(b, `"params"`) {
		t.Errorf("include_output: %s", b)
	}
}

func TestActionExecutionDelete(t *testing.T) {
	s := newRuntimeServer(t, func(c *Config) { c.AllowActionExecutionDeletion = true })
	anchorRecords(t, s)
	s.putAll(t, &storage.ActionExecution{ID: zeroID, Name: "std.async_noop", State: "RUNNING", CreatedAt: 1})
	s.check(t, []exchange{
		{"DELETE", "/v2/action_executions/nope", "", 404, fault("ActionExecution not found [id=nope]"), ""},
		{"DELETE", "/v2/action_executions/" + echoAction, "", 403, fault("Only ad-hoc action execution can be deleted."), ""},
		{"DELETE", "/v2/action_executions/" + zeroID, "", 403, fault("Only completed action execution can be deleted."), ""},
		{"DELETE", "/v2/action_executions/" + adhocRun, "", 204, "", ""},
		{"GET", "/v2/action_executions/" + adhocRun, "", 404, "", ""},
	})
}

// TestRuntimeRoutesNeedEngine: without an engine the runtime routes do
// not exist.
func TestRuntimeRoutesNeedEngine(t *testing.T) {
	s := newRuntimeServer(t, func(c *Config) { c.Engine = nil })
	if a := s.serve("GET", "/v2/executions", ""); a.status != 404 {
		t.Errorf("GET /v2/executions without engine: %d", a.status)
	}
}

// TestPublishedGlobal: an execution's published_global is its context
// without the internal keys and the workflow's vars.
func TestPublishedGlobal(t *testing.T) {
	s := newRuntimeServer(t)
	wfs := s.must(t, 201, "POST", "/v2/workflows", "version: '2.0'\nwf_vars:\n  vars:\n    v1: 1\n    v2: <% 1 + 1 %>\n  tasks:\n    t:\n      action: std.noop\n",
		"Content-Type: text/plain")
	_, rest, _ := strings.Cut(wfs, `"id": "`)
	wfID, _, _ := strings.Cut(rest, `"`)
	s.putAll(t, &storage.Execution{ID: runningEx, WorkflowID: wfID, WorkflowName: "wf_vars", State: "SUCCESS", CreatedAt: 1,
		Context: obj(t, `{"__execution": {"id": "x"}, "v1": 1, "g": "global", "v2": 2, "openstack": {}}`)})
	b := s.must(t, 200, "GET", "/v2/executions/"+runningEx, "")
	if !strings.HasSuffix(b, `"published_global": "{\"g\": \"global\"}"}`) {
		t.Errorf("published_global: %s", b)
	}
	// A task shows what its publish block made global, once finished.
	s.putAll(t, &storage.Task{ID: pausedEx, Name: "t", State: "SUCCESS", WorkflowExecutionID: runningEx, CreatedAt: 1,
		Published: value.NewMap(0), PublishedGlobal: obj(t, `{"g": "global"}`)},
		&storage.Task{ID: zeroID, Name: "u", State: "RUNNING", WorkflowExecutionID: runningEx, CreatedAt: 1,
			PublishedGlobal: obj(t, `{"g": "global"}`)})
	if b := s.must(t, 200, "GET", "/v2/tasks/"+pausedEx, ""); !strings.Contains(b, `"published": "{}", "published_global": "{\"g\": \"global\"}", "processed": false`) {
		t.Errorf("task published_global: %s", b)
	}
	for _, path := range []string{"/v2/tasks/" + zeroID, "/v2/tasks?fields=published_global", "/v2/tasks"} {
		if b := s.must(t, 200, "GET", path, ""); strings.Contains(b, "published_global") {
			t.Errorf("GET %s shows published_global: %s", path, b)
		}
	}
}

// TestTaskPublishedNull: a task whose publish block had only a global
// part shows published as null, as Mistral 15 records it.
func TestTaskPublishedNull(t *testing.T) {
	s := newRuntimeServer(t)
	s.putAll(t, &storage.Task{ID: zeroID, Name: "a", State: "SUCCESS", WorkflowExecutionID: runningEx, CreatedAt: 1})
	if b := s.must(t, 200, "GET", "/v2/tasks/"+zeroID, ""); !strings.Contains(b, `"published": null, "processed"`) {
		t.Errorf("published: %s", b)
	}
}
