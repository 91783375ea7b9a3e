package workflow

import (
	"testing"

	"github.com/mistral-go/mistral-go/value"
)

func TestSubworkflows(t *testing.T) {
	runOutcomes(t, []outcome{
		{
			name: "input split and output as result",
			wf:   "parent",
			yaml: `
version: '2.0'
parent:
  output:
    res: <% $.res %>
  tasks:
    call:
      workflow: child a=1
      input:
        b: two
      publish:
        res: <% task().result %>
child:
  input:
    - a
    - b
    - c: default_c
  output:
    sum: <% $.a %>-<% $.b %>-<% $.c %>
  tasks:
    inner:
      action: std.echo output=<% $.a + 1 %>
`,
			state: "SUCCESS", output: `{"res": {"sum": "1-two-default_c"}}`,
		},
		{
			name: "child failure fails the task with the child's result",
			wf:   "parent",
			yaml: `
version: '2.0'
parent:
  tasks:
    call:
      workflow: child
      publish-on-error:
        err: <% task().result %>
      on-error: handled
    handled:
      action: std.noop
child:
  tasks:
    boom:
      action: std.fail error_data="child broke"
`,
			state: "SUCCESS", tasks: "call=ERROR handled=SUCCESS",
		},
		{
			name: "child input error force-fails the parent",
			wf:   "parent",
			yaml: `
version: '2.0'
parent:
  tasks:
    call:
      workflow: child
child:
  input: [a]
  tasks:
    t:
      action: std.noop
`,
			state: "ERROR", info: "Failed to run task [error=Invalid input [name=child, class=DirectWorkflowSpec, missing=['a']], wf=parent, task=call]",
		},
		{
			name: "unknown sub-workflow",
			wf:   "parent",
			yaml: `
version: '2.0'
parent:
  tasks:
    call:
      workflow: nowhere
`,
			state: "ERROR", info: "Failed to run task [error=Failed to find workflow [name=nowhere] [namespace=], wf=parent, task=call]",
		},
		{
			name: "nested sub-workflows",
			wf:   "top",
			yaml: `
version: '2.0'
top:
  output: {v: <% $.v %>}
  tasks:
    t:
      workflow: middle
      publish: {v: <% task().result.v %>}
middle:
  output: {v: <% $.v %>}
  tasks:
    t:
      workflow: leaf
      publish: {v: <% task().result.v %>}
leaf:
  output: {v: 42}
  tasks:
    t:
      action: std.noop
`,
			state: "SUCCESS", output: `{"v": 42}`,
		},
	})
}

func TestSubworkflowRecordsAndEnv(t *testing.T) {
	h := newHost()
	h.addWorkflows(t, "ns", `
version: '2.0'
parent:
  tasks:
    call:
      workflow: child
      input:
        x: 1
        env: {ignored: true}
child:
  input: [x]
  output:
    e: <% env().k %>
  tasks:
    t:
      action: std.noop
`)
	s := newSim(t, h)
	x := s.start("ns", "parent", nil, obj(t, `{"env": {"k": "root-env"}}`))
	expect(t, "state", x.Rec.State, "SUCCESS")
	call := task(x, "call")
	if len(call.Children) != 1 {
		t.Fatalf("children: %d", len(call.Children))
	}
	child := s.execs[call.Children[0].ID]
	expect(t, "child description", child.Rec.Description, "sub-workflow execution")
	expect(t, "child params", js(child.Rec.Params), `{"root_execution_id": "`+x.Rec.ID+`", "task_execution_id": "`+call.Rec.ID+`", "index": 0, "namespace": "ns", "env": {"ignored": true}}`)
	expect(t, "child input", js(child.Rec.Input), `{"x": 1}`)
	expect(t, "child output (root env)", js(child.Rec.Output), `{"e": "root-env"}`)
	expect(t, "task result", js(call.Rec.Result), `{"e": "root-env"}`)
	expect(t, "root id", child.Rec.RootExecutionID, x.Rec.ID)
}

func TestWorkbookNameResolution(t *testing.T) {
	h := newHost()
	h.addWorkbook(t, "", `
version: '2.0'
name: wb
workflows:
  main:
    output: {r: <% $.r %>}
    tasks:
      t1:
        workflow: sub
        publish: {r: <% task().result.r %>}
  sub:
    output: {r: <% $.r %>}
    tasks:
      t:
        action: greet
        publish: {r: <% task().result %>}
actions:
  greet:
    base: std.echo output="hi from wb"
`)
	s := newSim(t, h)
	x := s.start("", "wb.main", nil, nil)
	expect(t, "state", x.Rec.State, "SUCCESS")
	expect(t, "output", js(x.Rec.Output), `{"r": "hi from wb"}`)
}

func TestEnvironments(t *testing.T) {
	h := newHost()
	h.envs["stored"] = obj(t, `{"url": "http://x", "__actions": {"std.echo": {"output": "from env"}}}`)
	h.addWorkflows(t, "", `
version: '2.0'
wf:
  output:
    url: <% env().url %>
    echoed: <% $.echoed %>
  tasks:
    t1:
      action: std.echo
      publish:
        echoed: <% task().result %>
`)
	s := newSim(t, h)
	x := s.start("", "wf", nil, obj(t, `{"env": "stored"}`))
	expect(t, "state", x.Rec.State, "SUCCESS")
	expect(t, "output", js(x.Rec.Output), `{"url": "http://x", "echoed": "from env"}`)
	expect(t, "params", js(x.Rec.Params), `{"env": {"url": "http://x", "__actions": {"std.echo": {"output": "from env"}}}, "namespace": ""}`)

	if _, err := s.tryStart("", "wf", nil, obj(t, `{"env": "missing"}`)); err == nil || err.Error() != "Environment is not found: missing" {
		t.Errorf("missing env: %v", err)
	}

	h.addWorkflows(t, "", `
version: '2.0'
envwf:
  output:
    v: <% env().derived %>
  tasks:
    t:
      action: std.noop
`)
	x = s.start("", "envwf", nil, obj(t, `{"env": {"base": 2, "derived": "<% env().base * 3 %>"}}`))
	expect(t, "evaluated env", js(x.Rec.Output), `{"v": 6}`)
	x = s.start("", "envwf", nil, obj(t, `{"env": {"base": 2, "derived": "<% env().base * 3 %>"}, "evaluate_env": false}`))
	expect(t, "raw env", js(x.Rec.Output), `{"v": "<% env().base * 3 %>"}`)
}

func TestInputValidation(t *testing.T) {
	h := newHost()
	h.addWorkflows(t, "", `
version: '2.0'
wf:
  input: [a, b]
  tasks:
    t: {action: std.noop}
rev:
  type: reverse
  tasks:
    t1: {action: std.noop}
`)
	s := newSim(t, h)
	_, err := s.tryStart("", "wf", obj(t, `{"a": 1, "zz": 2}`), nil)
	expect(t, "error", err.Error(), "Invalid input [name=wf, class=DirectWorkflowSpec, missing=['b'], unexpected=['zz']]")
	_, err = s.tryStart("", "rev", nil, nil)
	expect(t, "reverse", err.Error(), "Invalid task name [wf_spec=ReverseWorkflowSpec {'type': 'reverse', 'tasks': {'t1': {'action': 'std.noop', 'type': 'reverse', 'name': 't1', 'version': '2.0'}}, 'name': 'rev', 'version': '2.0'}, task_name=None]")
	if len(s.execs) != 0 {
		t.Errorf("a failed start left executions behind")
	}
}

func TestReverseWorkflow(t *testing.T) {
	h := newHost()
	h.addWorkflows(t, "", `
version: '2.0'
rev:
  type: reverse
  tasks:
    a:
      action: std.echo output="A"
      publish: {a: <% task().result %>}
    b:
      action: std.echo output="B"
      publish: {b: <% task().result %>}
      requires: [a]
    c:
      action: std.echo output="<% $.a %><% $.b %>"
      publish: {c: <% task().result %>}
      requires: [a, b]
    unrelated:
      action: std.noop
`)
	s := newSim(t, h)
	x := s.start("", "rev", nil, obj(t, `{"task_name": "c"}`))
	expect(t, "state", x.Rec.State, "SUCCESS")
	expect(t, "tasks", states(x), "a=SUCCESS b=SUCCESS c=SUCCESS")
	expect(t, "output", js(x.Rec.Output), `{"a": "A", "b": "B", "c": "AB"}`)
}

func TestAdHocActions(t *testing.T) {
	h := newHost()
	h.addActions(t, "", `
version: '2.0'
greet:
  base: std.echo
  base-input:
    output: "Hello, <% $.name %>! (<% env().from %>)"
  input:
    - name
  output: <% $.toUpper() %>
shout:
  base: greet
  input:
    - who: World
  base-input:
    name: <% $.who %>
  output:
    said: <% $ %>
`)
	h.addWorkflows(t, "", `
version: '2.0'
wf:
  output: {r: <% $.r %>}
  tasks:
    t:
      action: shout
      publish: {r: <% task().result %>}
bad:
  tasks:
    t:
      action: greet unknown=1
`)
	s := newSim(t, h)
	x := s.start("", "wf", nil, obj(t, `{"env": {"from": "env"}}`))
	expect(t, "state", x.Rec.State, "SUCCESS")
	expect(t, "output", js(x.Rec.Output), `{"r": {"said": "HELLO, WORLD! (ENV)"}}`)
	a := task(x, "t").Actions[0]
	expect(t, "action name", a.Rec.Name, "shout")
	x = s.start("", "bad", nil, nil)
	expect(t, "bad input", info(x), "Failed to run task [error=Invalid input [name=greet, class=mistral.actions.adhoc.AdHocAction, missing=['name'], unexpected=['unknown']], wf=bad, task=t]")
}

func TestAdHocCycle(t *testing.T) {
	h := newHost()
	h.addActions(t, "", `
version: '2.0'
a1:
  base: a2
a2:
  base: a1
`)
	_, err := h.FindAction("", "", "a1")
	if err == nil || err.Error() != "Found a cycle in an ad-hoc action chain [action_name=a1, duplicate_action_name=a1]" {
		t.Fatalf("cycle: %v", err)
	}
}

func TestAsyncActionCompletedThroughAPI(t *testing.T) {
	h := newHost()
	h.addWorkflows(t, "", `
version: '2.0'
wf:
  output: {r: <% $.r %>}
  tasks:
    wait:
      action: std.async_noop
      publish: {r: <% task().result %>}
      on-success: after
      on-error: failed
    after:
      action: std.noop
    failed:
      action: std.noop
`)
	s := newSim(t, h)
	x := s.start("", "wf", nil, nil)
	expect(t, "state while waiting", x.Rec.State, "RUNNING")
	ids := s.pendingIDs()
	if len(ids) != 1 {
		t.Fatalf("pending: %v", ids)
	}
	if err := s.complete(ids[0], "PAUSED", nil); err != nil {
		t.Fatal(err)
	}
	expect(t, "paused by its action", x.Rec.State+" "+states(x), "PAUSED wait=PAUSED")
	if err := s.complete(ids[0], "RUNNING", nil); err != nil {
		t.Fatal(err)
	}
	expect(t, "resumed by its action", x.Rec.State+" "+states(x), "RUNNING wait=RUNNING")
	if err := s.complete(ids[0], "SUCCESS", value.MapOf("x", int64(1))); err != nil {
		t.Fatal(err)
	}
	expect(t, "state", x.Rec.State, "SUCCESS")
	expect(t, "output", js(x.Rec.Output), `{"r": {"x": 1}}`)
	expect(t, "tasks", states(x), "wait=SUCCESS after=SUCCESS")
	if err := x.UpdateAction(&Output{}, ids[0], "SUCCESS", nil, true); err == nil {
		t.Errorf("completing twice succeeded")
	}

	x = s.start("", "wf", nil, nil)
	ids = s.pendingIDs()
	if err := s.complete(ids[0], "ERROR", nil); err != nil {
		t.Fatal(err)
	}
	expect(t, "error path", states(x), "wait=ERROR failed=SUCCESS")
	expect(t, "error info", task(x, "wait").Rec.StateInfo, "Unknown error")
}
