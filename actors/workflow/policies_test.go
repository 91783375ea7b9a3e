package workflow

import (
	"testing"
	"time"
)

func TestWithItems(t *testing.T) {
	runOutcomes(t, []outcome{
		{
			name: "results in index order",
			yaml: `
version: '2.0'
wf:
  output: {r: <% $.r %>}
  tasks:
    t:
      with-items: x in <% [1, 2, 3] %>
      action: std.echo output=<% $.x * 10 %>
      publish: {r: <% task().result %>}
`,
			state: "SUCCESS", output: `{"r": [10, 20, 30]}`,
		},
		{
			name: "several arrays",
			yaml: `
version: '2.0'
wf:
  output: {r: <% $.r %>}
  tasks:
    t:
      with-items:
        - x in [1, 2]
        - y in <% ['a', 'b'] %>
      action: std.echo output="<% $.x %><% $.y %>"
      publish: {r: <% task().result %>}
`,
			state: "SUCCESS", output: `{"r": ["1a", "2b"]}`,
		},
		{
			name: "empty collection",
			yaml: `
version: '2.0'
wf:
  output: {r: <% $.r %>}
  tasks:
    t:
      with-items: x in <% [] %>
      action: std.echo output=<% $.x %>
      publish: {r: <% task().result %>}
`,
			state: "SUCCESS", output: `{"r": []}`,
		},
		{
			name: "a failing item fails the task after all ran",
			yaml: `
version: '2.0'
wf:
  tasks:
    t:
      with-items: x in <% [1, 2, 3] %>
      action: std.fail error_data=<% $.x %>
      input:
        error_data: <% $.x %>
`,
			state: "ERROR", info: "Failure caused by error in tasks: t\n\n  t [task_ex_id=00000000-0000-4000-8000-000000000002] -> One or more actions had failed.\n…",
		},
		{
			name: "mismatched lengths",
			yaml: `
version: '2.0'
wf:
  tasks:
    t:
      with-items:
        - x in [1, 2]
        - y in [1]
      action: std.noop
`,
			state: "ERROR", info: "Failed to run task [error=Wrong input format for: {'x': [1, 2], 'y': [1]}. All arrays must have the same length., wf=wf, task=t]",
		},
	})
}

func TestWithItemsConcurrency(t *testing.T) {
	h := newHost()
	h.addWorkflows(t, "", `
version: '2.0'
wf:
  tasks:
    t:
      with-items: x in <% range(5) %>
      concurrency: 2
      action: std.async_noop
`)
	s := newSim(t, h)
	x := s.start("", "wf", nil, nil)
	tk := task(x, "t")
	if n := len(s.pending); n != 2 {
		t.Fatalf("in flight: %d, want 2", n)
	}
	for i := 0; i < 5; i++ {
		ids := s.pendingIDs()
		if len(ids) == 0 || len(ids) > 2 {
			t.Fatalf("round %d: %d in flight", i, len(ids))
		}
		if err := s.complete(ids[0], "SUCCESS", i); err != nil {
			t.Fatal(err)
		}
	}
	expect(t, "state", x.Rec.State, "SUCCESS")
	expect(t, "runtime context", js(tk.Rec.RuntimeContext), `{"concurrency": 2, "with_items": {"capacity": 2, "count": 5}}`)
	if len(tk.Actions) != 5 {
		t.Fatalf("actions: %d", len(tk.Actions))
	}
}

func TestRetryPolicy(t *testing.T) {
	h := newHost()
	h.addWorkflows(t, "", `
version: '2.0'
wf:
  tasks:
    t1:
      action: std.fail error_data="always"
      retry:
        count: 2
        delay: 5
      publish-on-error:
        last: <% task().result %>
brk:
  tasks:
    t1:
      action: std.fail error_data="stop"
      publish-on-error: {err: <% task().result %>}
      retry:
        count: 5
        delay: 1
        break-on: <% $.err = "stop" %>
`)
	s := newSim(t, h)
	start := h.now
	x := s.start("", "wf", nil, nil)
	expect(t, "state", x.Rec.State, "ERROR")
	tk := task(x, "t1")
	expect(t, "runtime context", js(tk.Rec.RuntimeContext), `{"retry_task_policy": {"retry_no": 2}}`)
	if len(tk.Actions) != 3 || tk.Actions[0].Rec.Accepted || !tk.Actions[2].Rec.Accepted {
		t.Fatalf("actions: %d", len(tk.Actions))
	}
	if got := h.now.Sub(start); got != 10*time.Second {
		t.Errorf("two 5 s delays took %v", got)
	}
	x = s.start("", "brk", nil, nil)
	tk = task(x, "t1")
	expect(t, "break-on", js(tk.Rec.RuntimeContext)+" "+x.Rec.State, `{"retry_task_policy": {}} ERROR`)
	if len(tk.Actions) != 1 {
		t.Errorf("break-on retried: %d actions", len(tk.Actions))
	}
}

func TestWaitPoliciesAndTimeout(t *testing.T) {
	h := newHost()
	h.addWorkflows(t, "", `
version: '2.0'
before:
  tasks:
    t1:
      action: std.echo output="after delay"
      wait-before: 2
      publish: {r: <% task().result %>}
after:
  tasks:
    t1:
      action: std.echo output="done"
      wait-after: 3
      publish: {r: <% task().result %>}
      on-success: t2
    t2:
      action: std.echo output=<% $.r %>
timeout:
  tasks:
    t1:
      action: std.async_noop
      timeout: 1
      on-error: handle
    handle:
      action: std.noop
failon:
  tasks:
    t1:
      action: std.echo output=7
      fail-on: <% task().result > 5 %>
`)
	s := newSim(t, h)
	t0 := h.now
	x := s.start("", "before", nil, nil)
	expect(t, "wait-before", x.Rec.State+" "+js(x.Rec.Output), `SUCCESS {"r": "after delay"}`)
	if d := h.now.Sub(t0); d != 2*time.Second {
		t.Errorf("wait-before waited %v", d)
	}
	x = s.start("", "after", nil, nil)
	expect(t, "wait-after", x.Rec.State+" "+states(x), "SUCCESS t1=SUCCESS t2=SUCCESS")
	x = s.start("", "timeout", nil, nil)
	expect(t, "timeout", x.Rec.State+" "+states(x), "SUCCESS t1=ERROR handle=SUCCESS")
	expect(t, "timeout info", task(x, "t1").Rec.StateInfo, "Task timed out [timeout(s)=1].")
	expect(t, "timeout result", js(task(x, "t1").Rec.Result), "[]")
	x = s.start("", "failon", nil, nil)
	expect(t, "fail-on", task(x, "t1").Rec.State+" "+task(x, "t1").Rec.StateInfo, "ERROR Failed by 'fail-on' policy")
}

func TestPauseBeforeAndResume(t *testing.T) {
	h := newHost()
	h.addWorkflows(t, "", `
version: '2.0'
wf:
  tasks:
    task1:
      action: std.echo output="Hi!"
      on-success: task2
    task2:
      action: std.echo output="Bye!"
      pause-before: true
`)
	s := newSim(t, h)
	x := s.start("", "wf", nil, nil)
	expect(t, "paused", x.Rec.State+" "+states(x), "PAUSED task1=SUCCESS task2=IDLE")
	expect(t, "task info", task(x, "task2").Rec.StateInfo, "Set by 'pause-before' policy")
	s.do(func(out *Output) {
		if err := x.Resume(out, nil); err != nil {
			t.Fatal(err)
		}
	})
	expect(t, "resumed", x.Rec.State+" "+states(x), "SUCCESS task1=SUCCESS task2=SUCCESS")
}
