package workflow

import (
	"strings"
	"testing"
)

// outcome is what a table test expects of a finished execution.
type outcome struct {
	name   string
	yaml   string
	wf     string
	input  string
	params string
	state  string
	info   string // "<null>" for null; a prefix when ending with "…"
	output string // Python json.dumps form
	tasks  string // "name=STATE ..." in creation order
}

func runOutcomes(t *testing.T, cases []outcome) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHost()
			h.addWorkflows(t, "", c.yaml)
			s := newSim(t, h)
			in, pa := obj(t, "{}"), obj(t, "{}")
			if c.input != "" {
				in = obj(t, c.input)
			}
			if c.params != "" {
				pa = obj(t, c.params)
			}
			wf := c.wf
			if wf == "" {
				wf = "wf"
			}
			x := s.start("", wf, in, pa)
			expect(t, "state", x.Rec.State, c.state)
			if strings.HasSuffix(c.info, "…") {
				if !strings.HasPrefix(info(x), strings.TrimSuffix(c.info, "…")) {
					t.Errorf("state_info:\n got  %q\n want prefix %q", info(x), c.info)
				}
			} else if c.info != "" {
				expect(t, "state_info", info(x), c.info)
			}
			if c.output != "" {
				expect(t, "output", js(x.Rec.Output), c.output)
			}
			if c.tasks != "" {
				expect(t, "tasks", states(x), c.tasks)
			}
			for _, tk := range x.Tasks {
				if IsCompleted(x.Rec.State) && x.Rec.State != Paused && !tk.Rec.Processed && IsCompleted(tk.Rec.State) && !strings.HasPrefix(tk.Rec.StateInfo, "Failed to") {
					t.Errorf("task %s completed but not processed", tk.Rec.Name)
				}
			}
		})
	}
}

func TestDirectWorkflows(t *testing.T) {
	runOutcomes(t, []outcome{
		{
			name: "echo chain publishes and outputs",
			yaml: `
version: '2.0'
wf:
  input: [name]
  output:
    greeting: <% $.greeting %>
  tasks:
    t1:
      action: std.echo output="Hello, <% $.name %>"
      publish:
        greeting: <% task().result %>
      on-success: t2
    t2:
      action: std.echo output=<% $.greeting %>
`,
			input: `{"name": "Bob"}`,
			state: "SUCCESS", info: "<null>",
			output: `{"greeting": "Hello, Bob"}`,
			tasks:  "t1=SUCCESS t2=SUCCESS",
		},
		{
			name: "input defaults and vars",
			yaml: `
version: '2.0'
wf:
  input:
    - a
    - b: 2
  vars:
    c: <% $.a + $.b %>
  tasks:
    t1:
      action: std.echo output=<% $.c %>
      publish:
        r: <% task().result %>
`,
			input: `{"a": 1}`, state: "SUCCESS", output: `{"r": 3}`,
		},
		{
			name: "on-error handles the failure",
			yaml: `
version: '2.0'
wf:
  tasks:
    risky:
      action: std.fail
      on-error: recover
      on-complete: always
    recover:
      action: std.noop
    always:
      action: std.noop
`,
			state: "SUCCESS", tasks: "risky=ERROR recover=SUCCESS always=SUCCESS",
		},
		{
			name: "on-complete does not handle errors",
			yaml: `
version: '2.0'
wf:
  tasks:
    risky:
      action: std.fail error_data="bad"
      on-complete: after
    after:
      action: std.noop
`,
			state: "ERROR",
			info:  "Failure caused by error in tasks: risky\n\n  risky [task_ex_id=00000000-0000-4000-8000-000000000002] -> bad\n    [action_ex_id=00000000-0000-4000-8000-000000000003, idx=0]: bad\n",
			tasks: "risky=ERROR after=SUCCESS",
		},
		{
			name: "failure without output-on-error outputs the context and result",
			yaml: `
version: '2.0'
wf:
  tasks:
    a:
      action: std.echo output=1
      publish: {x: 1}
      on-success: b
    b:
      action: std.fail error_data="nope"
      publish-on-error: {y: <% task().result %>}
`,
			state:  "ERROR",
			output: `{"result": "Failure caused by error in tasks: b\n\n  b [task_ex_id=00000000-0000-4000-8000-000000000004] -> nope\n    [action_ex_id=00000000-0000-4000-8000-000000000005, idx=0]: nope\n", "x": 1, "y": "nope"}`,
		},
		{
			name: "output-on-error",
			yaml: `
version: '2.0'
wf:
  output-on-error:
    why: <% $.err %>
  tasks:
    t:
      action: std.fail error_data="E"
      publish-on-error:
        err: <% task().result %>
`,
			state: "ERROR", output: `{"result": "Failure caused by error in tasks: t\n\n  t [task_ex_id=00000000-0000-4000-8000-000000000002] -> E\n    [action_ex_id=00000000-0000-4000-8000-000000000003, idx=0]: E\n", "why": "E"}`,
		},
		{
			name: "guards select transitions",
			yaml: `
version: '2.0'
wf:
  input: [n]
  tasks:
    t1:
      action: std.noop
      on-success:
        - big: <% $.n > 10 %>
        - small: <% $.n <= 10 %>
        - always
    big:
      action: std.noop
    small:
      action: std.noop
    always:
      action: std.noop
`,
			input: `{"n": 3}`, state: "SUCCESS", tasks: "t1=SUCCESS small=SUCCESS always=SUCCESS",
		},
		{
			name: "fail command with message",
			yaml: `
version: '2.0'
wf:
  tasks:
    t1:
      action: std.noop
      on-success:
        - started
        - fail msg="stop here"
        - dropped
    started:
      action: std.noop
    dropped:
      action: std.noop
`,
			state: "ERROR", info: "stop here", output: `{"result": "stop here"}`, tasks: "t1=SUCCESS started=SUCCESS",
		},
		{
			name: "bare fail leaves state_info null",
			yaml: `
version: '2.0'
wf:
  tasks:
    t1:
      action: std.noop
      on-success: fail
`,
			state: "ERROR", info: "<null>", output: `{"result": null}`,
		},
		{
			name: "succeed command with message",
			yaml: `
version: '2.0'
wf:
  tasks:
    t1:
      action: std.fail
      on-error: succeed msg="forced"
`,
			state: "SUCCESS", info: "forced", output: `{}`,
		},
		{
			name: "succeed with a bad output force-fails",
			yaml: `
version: '2.0'
wf:
  output:
    v: <% $.v %>
  tasks:
    t1:
      action: std.fail
      on-error:
        - succeed msg="forced success"
        - never
    never:
      action: std.noop
`,
			state: "ERROR", info: "Failed to handle action completion [error=Can not evaluate YAQL expression [expression=$.v, error=…",
			tasks: "t1=ERROR",
		},
		{
			name: "pause command stops the workflow",
			yaml: `
version: '2.0'
wf:
  tasks:
    t1:
      action: std.noop
      on-success:
        - pause msg="wait"
        - t2
    t2:
      action: std.noop
`,
			state: "PAUSED", info: "wait", tasks: "t1=SUCCESS",
		},
		{
			name: "bad output expression",
			yaml: `
version: '2.0'
wf:
  output:
    x: <% $.missing.deeper %>
  tasks:
    t1:
      action: std.noop
`,
			state: "ERROR", info: "Failed to check and complete [wf_ex_id=00000000-0000-4000-8000-000000000001, wf_name=wf]: Can not evaluate YAQL expression [expression=$.missing.deeper, error=…",
		},
		{
			name: "engine error: unknown action",
			yaml: `
version: '2.0'
wf:
  tasks:
    t1:
      action: nope.nope
`,
			state: "ERROR", info: "Failed to run task [error=Failed to find action [action_name=nope.nope, namespace=], wf=wf, task=t1]",
			output: `{"result": "Failed to run task [error=Failed to find action [action_name=nope.nope, namespace=], wf=wf, task=t1]"}`,
		},
		{
			name: "engine error: missing action parameter",
			yaml: `
version: '2.0'
wf:
  tasks:
    t1:
      action: std.echo
`,
			state: "ERROR", info: "Failed to run task [error=Invalid input [name=std.echo, class=mistral.actions.std_actions.EchoAction, missing=['output']], wf=wf, task=t1]",
		},
		{
			name: "engine error: bad publish expression",
			yaml: `
version: '2.0'
wf:
  tasks:
    t1:
      action: std.noop
      publish:
        x: <% $.nothing.here %>
      on-error: handler
    handler:
      action: std.noop
`,
			state: "ERROR", info: "Failed to handle action completion [error=Can not evaluate YAQL expression…",
			tasks: "t1=ERROR",
		},
		{
			name: "wrong dynamic input",
			yaml: `
version: '2.0'
wf:
  tasks:
    t1:
      action: std.echo
      input: <% "text" %>
`,
			state: "ERROR", info: "Failed to run task [error=Wrong dynamic input for task: t1. Dict type is expected. Actual type: <class 'str'>. Actual value: text, wf=wf, task=t1]",
		},
		{
			name: "advanced publish: branch and global",
			yaml: `
version: '2.0'
wf:
  output:
    b: <% $.b %>
    g: <% global(g) %>
  tasks:
    t1:
      action: std.echo output=5
      on-success:
        publish:
          branch: {b: <% task().result %>}
          global: {g: <% task().result * 2 %>}
        next: t2
    t2:
      action: std.noop
`,
			state: "SUCCESS", output: `{"b": 5, "g": 10}`,
		},
		{
			name: "fan-in without join runs the task twice",
			yaml: `
version: '2.0'
wf:
  tasks:
    a:
      on-success: c
    b:
      on-success: c
    c:
      action: std.noop
`,
			state: "SUCCESS", tasks: "a=SUCCESS b=SUCCESS c=SUCCESS c=SUCCESS",
		},
		{
			name: "loop with a counter",
			yaml: `
version: '2.0'
wf:
  vars:
    limit: 3
  tasks:
    init:
      action: std.noop
      publish: {i: 0}
      on-success: step
    step:
      action: std.echo output=<% $.i + 1 %>
      publish: {i: <% task().result %>}
      on-success:
        - step: <% $.i < $.limit %>
`,
			state: "SUCCESS", output: `{"i": 3}`, tasks: "init=SUCCESS step=SUCCESS step=SUCCESS step=SUCCESS",
		},
		{
			name: "task() sees other tasks",
			yaml: `
version: '2.0'
wf:
  tasks:
    t1:
      action: std.echo output="abc"
      on-success: t2
    t2:
      action: std.echo
      input:
        output: <% task(t1).result %>-<% task(t1).state %>
      publish: {r: <% task().result %>}
`,
			state: "SUCCESS", output: `{"r": "abc-SUCCESS"}`,
		},
	})
}

func TestPublishRecordsAndKeepResult(t *testing.T) {
	h := newHost()
	h.addWorkflows(t, "", `
version: '2.0'
wf:
  tasks:
    task1:
      action: std.echo output=["Hi", "John Doe!"]
      publish:
        hi: <% task(task1).result %>
      keep-result: false
      on-success: task2
    task2:
      action: std.echo output=<% task(task1).result %>
      publish:
        dropped: by Mistral's merge with a global-only clause publish
      on-success:
        publish:
          global:
            g: <% task().result[0] %>
        next: task3
    task3:
      action: std.noop
`)
	s := newSim(t, h)
	x := s.start("", "wf", nil, nil)
	t1, t2 := task(x, "task1"), task(x, "task2")
	expect(t, "task1 result after the event", js(t1.Rec.Result), "null")
	expect(t, "task1 action output", js(t1.Actions[0].Rec.Output), "{}")
	expect(t, "task1 published", js(t1.Rec.Published), `{"hi": ["Hi", "John Doe!"]}`)
	expect(t, "task2 saw the result", js(t2.Rec.Result), `["Hi", "John Doe!"]`)
	if t2.Rec.Published != nil {
		t.Errorf("global-only clause publish: published %s, want null", js(t2.Rec.Published))
	}
	expect(t, "published_global", js(t2.Rec.PublishedGlobal), `{"g": "Hi"}`)
	expect(t, "global context", js(x.Rec.Context), `{"__execution": {"id": "`+x.Rec.ID+`"}, "g": "Hi"}`)
}

func TestAdHocInputStoredWithDefaults(t *testing.T) {
	h := newHost()
	h.addActions(t, "", `
version: '2.0'
pair:
  base: std.echo
  input:
    - left
    - right: right-default
  base-input:
    output: "<% $.left %>/<% $.right %>"
`)
	h.addWorkflows(t, "", `
version: '2.0'
wf:
  tasks:
    t1:
      action: pair left="L"
`)
	s := newSim(t, h)
	x := s.start("", "wf", nil, nil)
	if len(task(x, "t1").Actions) == 0 {
		t.Fatalf("no action: %s", info(x))
	}
	a := task(x, "t1").Actions[0]
	expect(t, "stored input", js(a.Rec.Input), `{"left": "L", "right": "right-default"}`)
	expect(t, "result", js(task(x, "t1").Rec.Result), `"L/right-default"`)
}
