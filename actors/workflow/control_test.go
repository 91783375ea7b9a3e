package workflow

import (
	"strings"
	"testing"

	"github.com/mistral-go/mistral-go/actions"
	"github.com/mistral-go/mistral-go/storage"
)

const asyncYAML = `
version: '2.0'
wf:
  tasks:
    t1:
      action: std.async_noop
      on-success: t2
    t2:
      action: std.noop
parent:
  tasks:
    call:
      workflow: wf
`

func TestAPIPauseDefersCompletion(t *testing.T) {
	h := newHost()
	h.addWorkflows(t, "", asyncYAML)
	s := newSim(t, h)
	x := s.start("", "wf", nil, nil)
	s.do(func(out *Output) {
		if err := x.Pause(out); err != nil {
			t.Fatal(err)
		}
	})
	expect(t, "paused", x.Rec.State, "PAUSED")
	if err := s.complete(s.pendingIDs()[0], "SUCCESS", nil); err != nil {
		t.Fatal(err)
	}
	t1 := task(x, "t1")
	expect(t, "completed while paused", x.Rec.State+" "+states(x), "PAUSED t1=SUCCESS")
	if t1.Rec.Processed {
		t.Errorf("task processed while paused")
	}
	s.do(func(out *Output) {
		if err := x.Resume(out, nil); err != nil {
			t.Fatal(err)
		}
	})
	expect(t, "resumed", x.Rec.State+" "+states(x), "SUCCESS t1=SUCCESS t2=SUCCESS")
	var err error
	s.do(func(out *Output) { err = x.Pause(out) })
	if err == nil || err.Error() != "Can't change workflow execution state from SUCCESS to PAUSED. [workflow=wf, execution_id="+x.Rec.ID+"]" {
		t.Errorf("pause of a finished workflow: %v", err)
	}
}

func TestAPICancelAndForceFail(t *testing.T) {
	h := newHost()
	h.addWorkflows(t, "", asyncYAML)
	s := newSim(t, h)
	x := s.start("", "parent", nil, nil)
	child := s.execs[task(x, "call").Children[0].ID]
	s.do(func(out *Output) {
		if err := x.Stop(out, Cancelled, "enough", true); err != nil {
			t.Fatal(err)
		}
	})
	expect(t, "parent", x.Rec.State+" "+info(x)+" "+js(x.Rec.Output), `CANCELLED enough {"result": "enough"}`)
	expect(t, "child", child.Rec.State+" "+info(child), "CANCELLED enough")
	expect(t, "task of the cancelled child", task(x, "call").Rec.State, "CANCELLED")

	x = s.start("", "wf", nil, nil)
	s.do(func(out *Output) {
		if err := x.Stop(out, Error, "forced", true); err != nil {
			t.Fatal(err)
		}
	})
	expect(t, "force fail", x.Rec.State+" "+js(x.Rec.Output), `ERROR {"result": "forced"}`)

	x = s.start("", "wf", nil, nil)
	s.do(func(out *Output) { _ = x.Pause(out) })
	var err error
	s.do(func(out *Output) { err = x.Stop(out, Success, "", false) })
	if err == nil || !strings.HasPrefix(err.Error(), "Can't change workflow execution state from PAUSED to SUCCESS.") {
		t.Errorf("succeed a paused workflow: %v", err)
	}
	s.do(func(out *Output) { err = x.Stop(out, Error, "ignored", true) })
	expect(t, "force fail while paused is ignored", x.Rec.State, "PAUSED")
	s.do(func(out *Output) { err = x.UpdateEnv(out, obj(t, `{"k": 1}`)) })
	if err != nil {
		t.Fatal(err)
	}
	expect(t, "env updated", js(x.Rec.Params), `{"namespace": "", "env": {"k": 1}}`)
	s.do(func(out *Output) { _ = x.Resume(out, nil) })
	s.do(func(out *Output) { err = x.UpdateEnv(out, obj(t, `{"k": 2}`)) })
	if _, ok := err.(*storage.ForbiddenError); !ok {
		t.Errorf("env update while running: %v", err)
	}
}

func TestRerunFailedTask(t *testing.T) {
	h := newHost()
	h.addWorkflows(t, "", `
version: '2.0'
wf:
  input: [fail]
  tasks:
    t1:
      action: std.echo output=<% env().v %>
      on-success: t2
    t2:
      action: std.noop
`)
	s := newSim(t, h)
	x := s.start("", "wf", obj(t, `{"fail": 1}`), nil)
	expect(t, "first run", x.Rec.State, "ERROR")
	t1 := task(x, "t1")
	// The first run failed at input evaluation (no env); rerun with env.
	s.do(func(out *Output) {
		if err := x.Rerun(out, t1.Rec.ID, true, obj(t, `{"v": "ok"}`)); err != nil {
			t.Fatal(err)
		}
	})
	expect(t, "after rerun", x.Rec.State+" "+states(x), "SUCCESS t1=SUCCESS t2=SUCCESS")
	if t1.Rec.FinishedAt == 0 || !t1.Rec.Processed {
		t.Errorf("rerun task not finished: %+v", t1.Rec)
	}
}

// reload rebuilds x from copies of its records, as the engine does after
// a restart.
func reload(t *testing.T, s *sim, x *Execution) *Execution {
	t.Helper()
	rec := *x.Rec
	r := &Records{Execution: &rec}
	for _, tk := range x.Tasks {
		c := *tk.Rec
		r.Tasks = append(r.Tasks, &c)
		for _, a := range tk.Actions {
			ca := *a.Rec
			r.Actions = append(r.Actions, &ca)
		}
		for _, ch := range tk.Children {
			if cx := s.execs[ch.ID]; cx != nil {
				cc := *cx.Rec
				r.Children = append(r.Children, &cc)
			}
		}
	}
	_, text, wb, err := DefinitionText(&rec)
	if err != nil || text != x.Def.Text || wb != x.Def.Workbook {
		t.Fatalf("definition text: %q %q %v", text, wb, err)
	}
	y, err := Load(s.h, x.Def, r)
	if err != nil {
		t.Fatal(err)
	}
	s.execs[y.Rec.ID] = y
	return y
}

func TestReloadAndRecover(t *testing.T) {
	h := newHost()
	h.addWorkflows(t, "", `
version: '2.0'
wf:
  tasks:
    slow:
      action: std.sleep seconds=0
      safe-rerun: true
      on-success: next
    unsafe:
      action: std.sleep seconds=0
    next:
      action: std.noop
`)
	s := newSim(t, h)
	def, _ := h.FindWorkflow("", "", "wf")
	var out Output
	x, err := Start(h, StartParams{ID: h.NewID(), Def: def, Input: obj(t, "{}"), Params: obj(t, "{}")}, &out)
	if err != nil {
		t.Fatal(err)
	}
	out.Seal()
	// Crash: the actions were dispatched but their results never came.
	y := reload(t, s, x)
	expect(t, "reloaded", y.Rec.State+" "+states(y), "RUNNING slow=RUNNING unsafe=RUNNING")
	var rec Output
	y.Recover(&rec)
	var reruns int
	for _, e := range rec.Effects {
		if _, ok := e.(*RunAction); ok {
			reruns++
		}
	}
	if reruns != 1 {
		t.Fatalf("re-dispatched %d actions, want 1 (the safe-rerun one)", reruns)
	}
	u := task(y, "unsafe")
	if u.Rec.State != Error || !strings.HasPrefix(u.Rec.StateInfo, "Request to run an action was redelivered, but it cannot be re-run safely.") {
		t.Fatalf("unsafe task: %s %q", u.Rec.State, u.Rec.StateInfo)
	}
	s.apply(&rec)
	s.run()
	expect(t, "after recovery", y.Rec.State+" "+states(y), "ERROR slow=SUCCESS unsafe=ERROR next=SUCCESS")
	if s.runs["std.sleep"] != 1 {
		t.Errorf("sleep ran %d times after recovery", s.runs["std.sleep"])
	}
}

func TestReloadKeepsTimers(t *testing.T) {
	h := newHost()
	h.addWorkflows(t, "", `
version: '2.0'
wf:
  tasks:
    t1:
      action: std.noop
      wait-before: 60
`)
	s := newSim(t, h)
	def, _ := h.FindWorkflow("", "", "wf")
	var out Output
	x, _ := Start(h, StartParams{ID: h.NewID(), Def: def, Params: obj(t, "{}")}, &out)
	out.Seal()
	var due int64
	for _, e := range out.Effects {
		if a, ok := e.(*ArmTimer); ok {
			due = a.Due
		}
	}
	y := reload(t, s, x)
	var rec Output
	y.Recover(&rec)
	found := false
	for _, e := range rec.Effects {
		if a, ok := e.(*ArmTimer); ok && a.Due == due && a.Kind == TimerContinue {
			found = true
		}
	}
	if !found || due == 0 {
		t.Fatalf("timer not re-armed at its due time %d: %+v", due, rec.Effects)
	}
	s.apply(&rec)
	s.run()
	expect(t, "state", y.Rec.State, "SUCCESS")
}

func TestOnActionResultIgnoresStale(t *testing.T) {
	h := newHost()
	h.addWorkflows(t, "", asyncYAML)
	s := newSim(t, h)
	x := s.start("", "wf", nil, nil)
	id := s.pendingIDs()[0]
	var out Output
	x.OnActionResult(&out, "no-such-id", actions.StateSuccess, nil)
	x.OnActionResult(&out, id, actions.StatePending, nil)
	if !out.Empty() {
		t.Fatalf("stale results changed something: %+v", out)
	}
}

func TestRerunInsideSubworkflow(t *testing.T) {
	h := newHost()
	h.addWorkflows(t, "", `
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
	s := newSim(t, h)
	x := s.start("", "parent", nil, nil)
	if err := s.complete(s.pendingIDs()[0], "ERROR", obj(t, `{"first": "failed"}`)); err != nil {
		t.Fatal(err)
	}
	expect(t, "failed", x.Rec.State, "ERROR")
	child := s.execs[task(x, "call").Children[0].ID]
	s.do(func(out *Output) {
		if err := child.Rerun(out, task(child, "c").Rec.ID, true, nil); err != nil {
			t.Fatal(err)
		}
	})
	expect(t, "rerun", x.Rec.State+" "+child.Rec.State+" "+task(x, "call").Rec.State, "RUNNING RUNNING RUNNING")
	if err := s.complete(s.pendingIDs()[0], "SUCCESS", obj(t, `{"second": "ok"}`)); err != nil {
		t.Fatal(err)
	}
	expect(t, "after rerun", x.Rec.State+" "+js(x.Rec.Output), `SUCCESS {"out": {"v": {"second": "ok"}}}`)
}

func TestChildPausePropagates(t *testing.T) {
	h := newHost()
	h.addWorkflows(t, "", asyncYAML)
	s := newSim(t, h)
	x := s.start("", "parent", nil, nil)
	child := s.execs[task(x, "call").Children[0].ID]
	s.do(func(out *Output) { _ = child.Pause(out) })
	expect(t, "paused", x.Rec.State+" "+task(x, "call").Rec.State, "PAUSED PAUSED")
	// The child is resumed before anything else reaches it.
	var out Output
	_ = child.Resume(&out, nil)
	for _, e := range out.Effects {
		if _, ok := e.(*ControlChild); ok {
			t.Fatalf("resume sent a control message: %+v", e)
		}
	}
	s.apply(&out)
	s.run()
	expect(t, "resumed", x.Rec.State+" "+task(x, "call").Rec.State, "RUNNING RUNNING")
	if err := s.complete(s.pendingIDs()[0], "SUCCESS", obj(t, `{}`)); err != nil {
		t.Fatal(err)
	}
	expect(t, "done", x.Rec.State, "SUCCESS")
}

func TestRecoverProcessesCompletedTasks(t *testing.T) {
	h := newHost()
	h.addWorkflows(t, "", `
version: '2.0'
wf:
  tasks:
    t1:
      action: std.noop
      on-success: t2
    t2:
      action: std.noop
`)
	s := newSim(t, h)
	def, _ := h.FindWorkflow("", "", "wf")
	var out Output
	x, _ := Start(h, StartParams{ID: h.NewID(), Def: def, Params: obj(t, "{}")}, &out)
	// t1 completed but, as if the process had died in between, was
	// never processed.
	t1 := task(x, "t1")
	t1.Rec.State, t1.Rec.Processed = Success, false
	out.Seal()
	y := reload(t, s, x)
	var rec Output
	y.Recover(&rec)
	s.apply(&rec)
	s.run()
	expect(t, "recovered", y.Rec.State+" "+states(y), "SUCCESS t1=SUCCESS t2=SUCCESS")
}
