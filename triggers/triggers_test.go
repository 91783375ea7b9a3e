package triggers

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/mistral-go/mistral-go/actors"
	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// fakeEngine records the executions it is asked to start; a start with
// an id that exists returns the existing execution, as the engine does.
type fakeEngine struct {
	mu    sync.Mutex
	execs map[string]actors.StartRequest
	order []string
	n     int
	// fail, when set, may refuse a start; created says whether the
	// execution was created before the error (a crash after the engine's
	// commit).
	fail func(req actors.StartRequest) (err error, created bool)
}

func newFakeEngine() *fakeEngine { return &fakeEngine{execs: map[string]actors.StartRequest{}} }

func (f *fakeEngine) StartExecution(ctx context.Context, req actors.StartRequest) (*storage.Execution, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.execs[req.ID]; ok && req.ID != "" {
		return &storage.Execution{ID: req.ID}, nil
	}
	if req.ID == "" {
		f.n++
		req.ID = fmt.Sprintf("ex-%d", f.n)
	}
	if f.fail != nil {
		if err, created := f.fail(req); err != nil {
			if created {
				f.execs[req.ID] = req
				f.order = append(f.order, req.ID)
			}
			return nil, err
		}
	}
	f.execs[req.ID] = req
	f.order = append(f.order, req.ID)
	return &storage.Execution{ID: req.ID, Description: req.Description, ProjectID: req.ProjectID}, nil
}

func (f *fakeEngine) setFail(fail func(req actors.StartRequest) (error, bool)) {
	f.mu.Lock()
	f.fail = fail
	f.mu.Unlock()
}

func (f *fakeEngine) started() []actors.StartRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]actors.StartRequest, len(f.order))
	for i, id := range f.order {
		out[i] = f.execs[id]
	}
	return out
}

// clock is a settable time.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

// Now returns the set time, or the real one when none is set.
func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.t.IsZero() {
		return time.Now()
	}
	return c.t
}
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

const wfText = `---
version: '2.0'
sched_wf:
  input:
    - name
    - greeting: hi
  tasks:
    t1:
      action: std.noop
`

const wfID = "11111111-2222-4333-8444-555555555555"

// env is a database with one workflow, reopened at will.
type env struct {
	t      testing.TB
	dir    string
	db     *storage.DB
	defs   *storage.Definitions
	store  *storage.Triggers
	engine *fakeEngine
	clock  *clock
	svc    *Service
}

func newEnv(t testing.TB, now time.Time) *env {
	e := &env{t: t, dir: t.TempDir(), engine: newFakeEngine(), clock: &clock{t: now}}
	e.open()
	wf := &storage.Workflow{ID: wfID, Name: "sched_wf", Project: "p1", Scope: "private", Definition: wfText,
		Interface: `{"input": ["name", {"greeting": "hi"}], "output": []}`, Input: `name, greeting="hi"`, CreatedAt: now.Unix()}
	if err := e.db.Update(func(w *storage.Write) error { return e.defs.Workflows.Put(w, wf) }, e.defs.Workflows); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.close() })
	return e
}

func (e *env) open() {
	var err error
	if e.db, err = storage.Open(storage.Options{Dir: e.dir, Quiet: true}); err != nil {
		e.t.Fatal(err)
	}
	if e.defs, err = storage.OpenDefinitions(e.db); err != nil {
		e.t.Fatal(err)
	}
	if e.store, err = storage.OpenTriggers(e.db); err != nil {
		e.t.Fatal(err)
	}
	n := 0
	e.svc, err = New(Config{Defs: e.defs, Store: e.store, Engine: e.engine, Now: e.clock.Now,
		NewID: func() string { n++; return fmt.Sprintf("%08d-0000-4000-8000-%012d", time.Now().UnixNano()%1e8, n) }})
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.svc.Start(context.Background()); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) close() {
	if e.db == nil {
		return
	}
	e.svc.Stop()
	e.db.Close()
	e.db = nil
}

// restart stops everything and opens the same directory again.
func (e *env) restart() { e.close(); e.open() }

// settle lets the scheduler goroutine act on the current clock.
func (e *env) fireNow() {
	e.t.Helper()
	e.svc.startPending(context.Background())
	e.svc.fireDue(context.Background(), e.clock.Now())
}

var p1 = Caller{Project: "p1"}

func minuteAfter(t time.Time, n int) time.Time {
	return t.Truncate(time.Minute).Add(time.Duration(n) * time.Minute)
}

// TestCronAcrossRestart is issue 7's case in process: a trigger with
// remaining_executions 2 and an every-minute pattern fires at its first
// time, the server restarts, it fires once more and is gone.
func TestCronAcrossRestart(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 18, 0, 30, 0, time.UTC)
	e := newEnv(t, t0)
	first := minuteAfter(t0, 2)
	two := int64(2)
	ct, err := e.svc.CreateCron(p1, CronRequest{Name: "c", WorkflowName: "sched_wf", HasPattern: true, Pattern: "* * * * *",
		FirstExecutionTime: first.Format("2006-01-02 15:04"), RemainingExecutions: &two,
		WorkflowInput: value.MapOf("name", "cron"), WorkflowParams: value.MapOf("env", value.MapOf("a", int64(1)))})
	if err != nil {
		t.Fatal(err)
	}
	if ct.NextExecutionTime != first.Unix() || ct.FirstExecutionTime != first.Unix() || ct.WorkflowID != wfID {
		t.Fatalf("created %+v", ct)
	}
	e.clock.Set(first.Add(-3 * time.Second))
	e.fireNow()
	if n := len(e.engine.started()); n != 0 {
		t.Fatalf("%d executions 3 s early", n)
	}
	e.clock.Set(first.Add(-time.Second)) // within Mistral's 2 s
	e.fireNow()
	e.fireNow()
	got := e.engine.started()
	if len(got) != 1 {
		t.Fatalf("%d executions after the first time", len(got))
	}
	cur, err := e.svc.FindCron(p1, "c")
	if err != nil || cur.RemainingExecutions != 1 || cur.NextExecutionTime != first.Add(time.Minute).Unix() {
		t.Fatalf("after the first firing: %+v, %v", cur, err)
	}
	e.restart()
	e.clock.Set(first.Add(40 * time.Second))
	e.fireNow()
	if n := len(e.engine.started()); n != 1 {
		t.Fatalf("%d executions before the second time", n)
	}
	e.clock.Set(first.Add(time.Minute))
	e.fireNow()
	e.restart()
	e.clock.Set(first.Add(10 * time.Minute))
	e.fireNow()
	got = e.engine.started()
	if len(got) != 2 {
		t.Fatalf("%d executions in all, want 2", len(got))
	}
	if _, err := e.svc.FindCron(p1, "c"); err == nil {
		t.Fatal("the trigger outlived its last execution")
	}
	wantDesc := fmt.Sprintf(`{"description": "Workflow execution created by cron trigger '(%s)'.", "triggered_by": {"type": "cron_trigger", "id": "%s", "name": "c"}}`, ct.ID, ct.ID)
	for _, r := range got {
		if r.Description != wantDesc || r.WorkflowID != wfID || r.ProjectID != "p1" ||
			value.Repr(r.Input) != "{'name': 'cron'}" || value.Repr(r.Params) != "{'env': {'a': 1}}" {
			t.Errorf("start request %+v", r)
		}
	}
	if got[0].ID == got[1].ID {
		t.Error("both firings used one execution id")
	}
}

// TestCrashBetweenFiringAndStart: the engine committed the execution but
// the answer was lost (the process died); after the restart the firing
// is started again under the same id and gives no second execution.
func TestCrashBetweenFiringAndStart(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 10, 0, 30, 0, time.UTC)
	e := newEnv(t, t0)
	if _, err := e.svc.CreateCron(p1, CronRequest{Name: "c", WorkflowID: wfID, HasPattern: true, Pattern: "*/5 * * * *",
		WorkflowInput: value.MapOf("name", "x")}); err != nil {
		t.Fatal(err)
	}
	e.engine.setFail(func(actors.StartRequest) (error, bool) { return context.Canceled, true })
	e.clock.Set(time.Date(2026, 1, 1, 10, 5, 0, 0, time.UTC))
	e.fireNow()
	n := 0
	_ = e.store.Firings.ScanAll(func(*storage.CronFiring) bool { n++; return true })
	if n != 1 {
		t.Fatalf("%d firings kept after an interrupted start", n)
	}
	e.engine.setFail(nil)
	e.restart()
	e.fireNow()
	if got := e.engine.started(); len(got) != 1 {
		t.Fatalf("%d executions, want 1", len(got))
	}
	n = 0
	_ = e.store.Firings.ScanAll(func(*storage.CronFiring) bool { n++; return true })
	if n != 0 {
		t.Fatalf("%d firings left", n)
	}
	cur, _ := e.svc.FindCron(p1, "c")
	if want := time.Date(2026, 1, 1, 10, 10, 0, 0, time.UTC).Unix(); cur.NextExecutionTime != want {
		t.Fatalf("next %s", time.Unix(cur.NextExecutionTime, 0).UTC())
	}
}

// TestCatchUpFiresOnce: a trigger due many times while the server was
// down fires once, and its next time counts from now.
func TestCatchUpFiresOnce(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 10, 0, 30, 0, time.UTC)
	e := newEnv(t, t0)
	if _, err := e.svc.CreateCron(p1, CronRequest{Name: "c", WorkflowID: wfID, HasPattern: true, Pattern: "* * * * *",
		WorkflowInput: value.MapOf("name", "x")}); err != nil {
		t.Fatal(err)
	}
	e.close()
	e.clock.Set(time.Date(2026, 1, 1, 10, 30, 15, 0, time.UTC))
	e.open()
	e.fireNow()
	e.fireNow()
	if got := e.engine.started(); len(got) != 1 {
		t.Fatalf("%d executions after the outage, want 1", len(got))
	}
	cur, _ := e.svc.FindCron(p1, "c")
	if want := time.Date(2026, 1, 1, 10, 31, 0, 0, time.UTC).Unix(); cur.NextExecutionTime != want || cur.UpdatedAt != e.clock.Now().Unix() {
		t.Fatalf("next %s, updated %d", time.Unix(cur.NextExecutionTime, 0).UTC(), cur.UpdatedAt)
	}
}

// TestSchedulerLoop runs the real goroutine on the real clock: a
// six-field every-second pattern fires without any call from the test.
func TestSchedulerLoop(t *testing.T) {
	e := newEnv(t, time.Now())
	e.clock.Set(time.Time{})
	three := int64(3)
	if _, err := e.svc.CreateCron(p1, CronRequest{Name: "c", WorkflowID: wfID, HasPattern: true, Pattern: "* * * * * *",
		RemainingExecutions: &three, WorkflowInput: value.MapOf("name", "x")}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for len(e.engine.started()) < 3 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if got := len(e.engine.started()); got != 3 {
		t.Fatalf("%d executions", got)
	}
	if _, err := e.svc.FindCron(p1, "c"); err == nil {
		t.Fatal("trigger still there")
	}
}

func TestCreateCronValidation(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 18, 2, 48, 0, time.UTC)
	e := newEnv(t, t0)
	one := int64(1)
	two := int64(2)
	in := value.MapOf("name", "x")
	cases := []struct {
		req  CronRequest
		want string
	}{
		{CronRequest{Name: "a", WorkflowName: "sched_wf", WorkflowInput: in}, "Pattern or first_execution_time must be specified."},
		{CronRequest{Name: "a", WorkflowName: "sched_wf", WorkflowInput: in, HasPattern: true, Pattern: "bad"}, "The specified pattern is not valid: bad"},
		{CronRequest{Name: "a", WorkflowName: "sched_wf", WorkflowInput: in, FirstExecutionTime: "2026-11-23 18:03"}, "first_execution_time must be at least 1 minute in the future."},
		{CronRequest{Name: "a", WorkflowName: "sched_wf", WorkflowInput: in, FirstExecutionTime: "2030-01-01 00:00", RemainingExecutions: &two}, "Pattern must be provided if count is superior to 1."},
		{CronRequest{Name: "a", WorkflowName: "sched_wf", WorkflowInput: in, FirstExecutionTime: "2030-01-01 00:00:00"}, "unconverted data remains: :00"},
		{CronRequest{Name: "a", WorkflowName: "sched_wf", WorkflowInput: in, FirstExecutionTime: "tomorrow"}, "time data 'tomorrow' does not match format '%Y-%m-%d %H:%M'"},
		{CronRequest{Name: "a", WorkflowName: "nosuch_wf", HasPattern: true, Pattern: "* * * * *"}, "Workflow not found [workflow_identifier=nosuch_wf, namespace=]"},
		{CronRequest{Name: "a", WorkflowName: "sched_wf", HasPattern: true, Pattern: "* * * * *"}, "Invalid input [name=sched_wf, class=DirectWorkflowSpec, missing=['name']]"},
		{CronRequest{Name: "a", WorkflowName: "sched_wf", WorkflowInput: value.MapOf("name", "x", "zzz", int64(1)), HasPattern: true, Pattern: "* * * * *"},
			"Invalid input [name=sched_wf, class=DirectWorkflowSpec, unexpected=['zzz']]"},
		{CronRequest{Name: "a", WorkflowName: "sched_wf", WorkflowInput: in, HasPattern: true, Pattern: "0 0 31 4 *"},
			"The specified pattern is not valid: 0 0 31 4 * (failed to find next date)"},
	}
	for _, c := range cases {
		_, err := e.svc.CreateCron(p1, c.req)
		if err == nil || err.Error() != c.want {
			t.Errorf("%+v: got %v, want %s", c.req, err, c.want)
		}
	}
	// Only a first time: count 1, Mistral's never pattern.
	ct, err := e.svc.CreateCron(p1, CronRequest{Name: "g", WorkflowName: "sched_wf", WorkflowInput: in, FirstExecutionTime: "2030-01-01 00:00"})
	if err != nil || ct.Pattern != NeverPattern || !ct.HasRemaining || ct.RemainingExecutions != 1 {
		t.Fatalf("first time only: %+v, %v", ct, err)
	}
	// The same trigger under another name: Mistral's second constraint.
	_, err = e.svc.CreateCron(p1, CronRequest{Name: "g2", WorkflowName: "sched_wf", WorkflowInput: in, FirstExecutionTime: "2030-01-01 00:00"})
	var conflict *storage.ConflictError
	if !errors.As(err, &conflict) || err.Error() != "Duplicate entry for cron trigger ['name', 'project_id']: g2, p1" {
		t.Fatalf("duplicate: %v", err)
	}
	ct, err = e.svc.CreateCron(p1, CronRequest{Name: "k", WorkflowID: wfID, WorkflowInput: in, HasPattern: true, Pattern: "*/5 * * * *", RemainingExecutions: &one})
	if err != nil || time.Unix(ct.NextExecutionTime, 0).UTC().Format(time.DateTime) != "2026-11-23 18:05:00" {
		t.Fatalf("pattern trigger: %+v, %v", ct, err)
	}
	// Another project sees neither, by name nor by id.
	p2 := Caller{Project: "p2"}
	if _, err := e.svc.FindCron(p2, "k"); err == nil {
		t.Fatal("p2 sees p1's trigger by name")
	}
	if _, err := e.svc.FindCron(p2, ct.ID); err == nil {
		t.Fatal("p2 sees p1's trigger by id")
	}
	if err := e.svc.DeleteCron(p2, ct.ID); err == nil {
		t.Fatal("p2 deleted p1's trigger")
	}
	if _, err := e.svc.CreateCron(p2, CronRequest{Name: "x", WorkflowID: wfID, WorkflowInput: in, HasPattern: true, Pattern: "* * * * *"}); err == nil {
		t.Fatal("p2 made a trigger of p1's private workflow")
	}
	if err := e.svc.DeleteCron(p1, "k"); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.DeleteCron(p1, "k"); err == nil || err.Error() != "Cron trigger not found [identifier=k]" {
		t.Fatalf("second delete: %v", err)
	}
}

func TestEventTriggers(t *testing.T) {
	e := newEnv(t, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	_, err := e.svc.CreateEvent(p1, EventRequest{WorkflowID: wfID, Exchange: "nova"})
	if err == nil || err.Error() != "Params {'topic', 'exchange', 'workflow_id', 'event'} must be provided for creating event trigger." {
		t.Fatalf("missing params: %v", err)
	}
	base := EventRequest{HasName: true, Name: "e1", WorkflowID: wfID, Exchange: "nova", Topic: "notifications", Event: "compute.instance.create.end"}
	if _, err := e.svc.CreateEvent(p1, base); err == nil || err.Error() != "Invalid input [name=sched_wf, class=DirectWorkflowSpec, missing=['name']]" {
		t.Fatalf("input: %v", err)
	}
	base.WorkflowInput = value.MapOf("name", "ev")
	base.WorkflowParams = value.MapOf("env", value.MapOf("k", int64(1)))
	et, err := e.svc.CreateEvent(p1, base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.CreateEvent(p1, base); err == nil {
		t.Fatal("duplicate event trigger accepted")
	}
	if _, err := e.svc.UpdateEvent(p1, et.ID, EventRequest{Topic: "x"}); err == nil || err.Error() != "Can not update fields ['exchange', 'topic', 'event'] of event trigger." {
		t.Fatalf("update topic: %v", err)
	}
	up, err := e.svc.UpdateEvent(p1, et.ID, EventRequest{HasName: true, Name: "e1b", HasParams: true, WorkflowParams: value.MapOf("p", int64(1))})
	if err != nil || up.Name != "e1b" || string(up.WorkflowParams) != `{"p": 1}` || up.UpdatedAt == 0 {
		t.Fatalf("update: %+v, %v", up, err)
	}
	if _, err := e.svc.FindEvent(Caller{Project: "p2"}, et.ID); err == nil {
		t.Fatal("p2 sees p1's event trigger")
	}
	// An oslo.messaging envelope from another service of project p1.
	inner := `{"message_id": "m1", "publisher_id": "compute.host1", "event_type": "compute.instance.create.end", "priority": "INFO",
		"payload": {"instance_id": "i-1"}, "timestamp": "2026-01-01 00:00:01.000000", "_context_project_id": "p1", "_context_user_id": "u1"}`
	msg := value.MapOf("oslo.version", "2.0", "oslo.message", inner)
	ev, err := ParseNotification(msg, "now")
	if err != nil {
		t.Fatal(err)
	}
	started, err := e.svc.Deliver(context.Background(), Caller{Project: "other"}, "nova", "notifications", ev)
	if err != nil || len(started) != 1 || started[0].Err != nil {
		t.Fatalf("deliver: %+v, %v", started, err)
	}
	// Another exchange, another type, another project: nothing.
	for _, c := range []struct{ ex, topic, project string }{{"glance", "notifications", "p1"}, {"nova", "other", "p1"}} {
		if s, _ := e.svc.Deliver(context.Background(), Caller{Project: c.project}, c.ex, c.topic, ev); len(s) != 0 {
			t.Errorf("%+v fired %d", c, len(s))
		}
	}
	ev2, _ := ParseNotification(value.MapOf("event_type", "compute.instance.create.end", "publisher_id", "x"), "now")
	if s, _ := e.svc.Deliver(context.Background(), Caller{Project: "p2"}, "nova", "notifications", ev2); len(s) != 0 {
		t.Errorf("p2's event fired p1's private trigger")
	}
	got := e.engine.started()
	if len(got) != 1 {
		t.Fatalf("%d executions", len(got))
	}
	r := got[0]
	wantParams := "{'p': 1, 'event_params': {'service': 'compute.host1', 'project_id': 'p1', 'user_id': 'u1', 'timestamp': '2026-01-01 00:00:01.000000'}}"
	if value.Repr(r.Params) != wantParams || value.Repr(r.Input) != "{'name': 'ev'}" || r.ProjectID != "p1" {
		t.Fatalf("start %+v\nparams %s", r, value.Repr(r.Params))
	}
	wantDesc := fmt.Sprintf(`{"description": "Workflow execution created by event trigger '(%s)'.", "triggered_by": {"type": "event_trigger", "id": "%s", "name": "e1b"}}`, et.ID, et.ID)
	if r.Description != wantDesc {
		t.Fatalf("description %s", r.Description)
	}
	if err := e.svc.DeleteEvent(Caller{Project: "p2"}, et.ID); err == nil {
		t.Fatal("p2 deleted p1's trigger")
	}
	if err := e.svc.DeleteEvent(p1, et.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := ParseNotification(value.MapOf("payload", int64(1)), "now"); err == nil {
		t.Fatal("a notification without event_type parsed")
	}
}

// BenchmarkFire measures one firing: the batch that advances the trigger
// and records the firing, the start, and the batch that forgets it.
func BenchmarkFire(b *testing.B) {
	e := newEnv(b, time.Date(2026, 1, 1, 0, 0, 30, 0, time.UTC))
	ct, err := e.svc.CreateCron(p1, CronRequest{Name: "c", WorkflowID: wfID, HasPattern: true, Pattern: "* * * * *",
		WorkflowInput: value.MapOf("name", "x")})
	if err != nil {
		b.Fatal(err)
	}
	now := time.Unix(ct.NextExecutionTime, 0)
	b.ReportAllocs()
	for b.Loop() {
		f, err := e.svc.fire(ct.ID, now)
		if err != nil || f == nil {
			b.Fatalf("fire: %v, %v", f, err)
		}
		e.svc.startFiring(context.Background(), f)
		now = now.Add(time.Minute)
	}
}
