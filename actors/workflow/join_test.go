package workflow

import (
	"testing"
)

func TestJoins(t *testing.T) {
	runOutcomes(t, []outcome{
		{
			name: "join all merges branch contexts",
			yaml: `
version: '2.0'
wf:
  tasks:
    a:
      action: std.echo output="a"
      publish: {a: <% task().result %>, shared: from-a}
      on-success: j
    b:
      action: std.echo output="b"
      publish: {b: <% task().result %>}
      on-success: b2
    b2:
      action: std.noop
      publish: {shared: from-b2}
      on-success: j
    j:
      join: all
      action: std.echo output="<% $.a %>+<% $.b %>"
      publish: {joined: <% task().result %>}
`,
			state: "SUCCESS", output: `{"a": "a", "shared": "from-b2", "b": "b", "joined": "a+b"}`,
			tasks: "a=SUCCESS b=SUCCESS j=SUCCESS b2=SUCCESS",
		},
		{
			name: "join all fails when a route is not taken",
			yaml: `
version: '2.0'
wf:
  tasks:
    a:
      action: std.noop
      on-success: j
    b:
      action: std.noop
      on-success:
        - j: <% false %>
    j:
      join: all
      action: std.noop
`,
			state: "ERROR", tasks: "a=SUCCESS b=SUCCESS j=ERROR",
			info: "Failure caused by error in tasks: j\n\n  j [task_ex_id=00000000-0000-4000-8000-000000000006] -> Failed by tasks: ['b']\n",
		},
		{
			name: "join one runs once",
			yaml: `
version: '2.0'
wf:
  tasks:
    a:
      on-complete: j
    b:
      on-complete: j
    c:
      on-complete: j
    j:
      join: one
      action: std.noop
`,
			state: "SUCCESS", tasks: "a=SUCCESS b=SUCCESS c=SUCCESS j=SUCCESS",
		},
		{
			name: "join 2 of 3",
			yaml: `
version: '2.0'
wf:
  tasks:
    a:
      on-complete: j
    b:
      action: std.fail
      on-error: noop
    c:
      on-complete: j
    j:
      join: 2
      action: std.noop
`,
			state: "SUCCESS", tasks: "a=SUCCESS b=ERROR c=SUCCESS j=SUCCESS",
		},
		{
			name: "impossible route upstream",
			yaml: `
version: '2.0'
wf:
  tasks:
    a:
      action: std.noop
      on-success: j
    b:
      action: std.fail
      on-success: b2
      on-error: noop
    b2:
      action: std.noop
      on-success: j
    j:
      join: all
      action: std.noop
      on-error: handled
    handled:
      action: std.noop
`,
			state: "SUCCESS", tasks: "a=SUCCESS b=ERROR j=ERROR handled=SUCCESS",
		},
	})
}

func TestJoinTriggeredBy(t *testing.T) {
	h := newHost()
	h.addWorkflows(t, "", `
version: '2.0'
wf:
  tasks:
    a:
      on-success: j
    b:
      on-success: j
    j:
      join: all
      action: std.noop
`)
	s := newSim(t, h)
	x := s.start("", "wf", nil, nil)
	j := task(x, "j")
	tb, _ := j.Rec.RuntimeContext.Get("triggered_by")
	want := `[{"task_id": "` + task(x, "a").Rec.ID + `", "event": "on-success"}, {"task_id": "` + task(x, "b").Rec.ID + `", "event": "on-success"}]`
	expect(t, "triggered_by", js(tb), want)
	if j.Rec.StartedAt == 0 || !j.Rec.Processed {
		t.Errorf("join task not started/processed: %+v", j.Rec)
	}
}
