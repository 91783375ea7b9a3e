package actors

import (
	"fmt"
	"runtime/debug"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/mistral-go/mistral-go/actions"
	"github.com/mistral-go/mistral-go/actors/workflow"
	"github.com/mistral-go/mistral-go/storage"
)

// Messages of an execution actor.
type (
	// actionResultMsg is an action's result from the executor.
	actionResultMsg struct {
		id  string
		res actions.Result
	}
	// childMsg is a sub-workflow's report to its parent.
	childMsg struct{ n *workflow.NotifyParent }
	// controlMsg pauses, resumes or cancels a sub-workflow.
	controlMsg struct{ c *workflow.ControlChild }
	// timerMsg is a task timer firing.
	timerMsg struct {
		task string
		kind workflow.TimerKind
		due  int64
	}
	// apiMsg runs an API command against the controller; the reply is
	// sent once the changes it made are durable.
	apiMsg struct {
		fn    func(x *workflow.Execution, out *workflow.Output) (any, error)
		reply chan apiReply
	}
	apiReply struct {
		v   any
		err error
	}
	// recoverMsg starts the recovery of an execution loaded at Start.
	recoverMsg struct{}
	// committedMsg reports the end of the batch commit in flight.
	committedMsg struct{ err error }
	// passivateMsg stops an actor whose execution is finished.
	passivateMsg struct{}
	// pokeMsg makes a fresh actor look at its state once its first
	// messages are handled.
	pokeMsg struct{}
	// shutdownMsg stops the actor once its last batch is durable.
	shutdownMsg struct{ done chan struct{} }
	// deleteMsg deletes the execution's records and stops the actor.
	deleteMsg struct {
		force bool
		reply chan error
	}
)

// batchState is one batch being filled or committed: the records, the
// effects they cause and the API replies waiting for them.
type batchState struct {
	b       *storage.Batch
	effects []workflow.Effect
	replies []pendingReply
	specs   []string // definition texts this batch stores
	events  []*Event // notifications of the changes this batch holds
}

// pendingReply is an API answer waiting for a batch to be durable.
type pendingReply struct {
	ch chan apiReply
	r  apiReply
}

func (b *batchState) empty() bool {
	return (b.b == nil || b.b.Empty()) && len(b.effects) == 0 && len(b.replies) == 0 && len(b.events) == 0
}

// execActor is the actor of one workflow execution.
type execActor struct {
	e    *Engine
	ref  *execRef
	x    *workflow.Execution
	init func(a *execActor)
	self *actor.PID
	ctx  actor.Context

	out    workflow.Output
	pend   batchState
	fly    *batchState
	timers map[timerKey]*time.Timer

	closing  bool // the ref is closed: no new message can arrive
	drained  bool // every message sent before closing was handled
	shutdown []chan struct{}
	failed   bool
}

type timerKey struct {
	task string
	kind workflow.TimerKind
	due  int64
}

func newExecActor(e *Engine, ref *execRef, x *workflow.Execution, init func(a *execActor)) *execActor {
	return &execActor{e: e, ref: ref, x: x, init: init}
}

// Receive handles one message.
func (a *execActor) Receive(ctx actor.Context) {
	a.ctx = ctx
	defer func() {
		if p := recover(); p != nil {
			a.e.log.Error("engine: execution actor panicked", "id", a.ref.id, "panic", p, "stack", string(debug.Stack()))
			a.fail(fmt.Errorf("internal error: %v", p))
		}
	}()
	switch m := ctx.Message().(type) {
	case *actor.Started:
		a.self = ctx.Self()
		if a.init != nil {
			a.init(a)
			a.init = nil
			a.absorb()
		}
		ctx.Send(a.self, &pokeMsg{})
	case *actor.Stopped:
		a.stopped()
		return
	case *actionResultMsg:
		a.e.m.mailbox.Dec()
		if a.x != nil && !a.failed {
			a.x.OnActionResult(&a.out, m.id, m.res.State, m.res.Data)
			a.absorb()
		}
	case *childMsg:
		a.e.m.mailbox.Dec()
		if a.x != nil && !a.failed {
			a.x.OnChildResult(&a.out, m.n)
			a.absorb()
		}
	case *controlMsg:
		a.e.m.mailbox.Dec()
		if a.x != nil && !a.failed {
			a.control(m.c)
			a.absorb()
		}
	case *timerMsg:
		a.e.m.mailbox.Dec()
		delete(a.timers, timerKey{m.task, m.kind, m.due})
		if a.x != nil && !a.failed {
			a.x.OnTimer(&a.out, m.task, m.kind, m.due)
			a.absorb()
		}
	case *apiMsg:
		a.e.m.mailbox.Dec()
		a.api(m)
	case *recoverMsg:
		a.e.m.mailbox.Dec()
		if a.x != nil && !a.failed {
			a.x.Recover(&a.out)
			a.absorb()
		}
	case *deleteMsg:
		a.e.m.mailbox.Dec()
		a.delete(m)
	case *shutdownMsg:
		a.e.m.mailbox.Dec()
		a.shutdown = append(a.shutdown, m.done)
		a.close()
	case *committedMsg:
		a.committed(m.err)
	case *passivateMsg:
		a.drained = true
	case *pokeMsg:
	}
	a.flush()
	a.maybeStop()
}

func (a *execActor) control(c *workflow.ControlChild) {
	switch c.Op {
	case workflow.ChildPause:
		_ = a.x.Pause(&a.out)
	case workflow.ChildResume:
		_ = a.x.Resume(&a.out, nil)
	case workflow.ChildCancel:
		_ = a.x.Stop(&a.out, workflow.Cancelled, c.Msg, c.HasMsg)
	}
}

// api runs an API command; its reply waits for the batch holding what
// the command (and every event before it) changed.
func (a *execActor) api(m *apiMsg) {
	if a.x == nil || a.failed {
		m.reply <- apiReply{err: errGone}
		return
	}
	v, err := m.fn(a.x, &a.out)
	a.absorb()
	a.pend.replies = append(a.pend.replies, pendingReply{m.reply, apiReply{v, err}})
}

// absorb moves what the controller produced into the pending batch: the
// changed records are encoded now (the actor may change them again
// before the batch commits), the effects wait for the commit.
func (a *execActor) absorb() {
	o := &a.out
	if o.Empty() {
		return
	}
	a.runInline()
	o.Seal()
	if a.pend.b == nil && (len(o.Execs) > 0 || len(o.Tasks) > 0 || len(o.Actions) > 0) {
		a.pend.b = a.e.rt.DB.NewBatch()
	}
	rt := a.e.rt
	var err error
	for _, x := range o.Execs {
		var prev *storage.Execution
		if x.Saved {
			p := *x.Rec
			p.State = x.SavedState
			prev = &p
		}
		if err = rt.Executions.PutInBatch(a.pend.b, x.Rec, prev); err != nil {
			break
		}
		if !x.Saved {
			a.e.m.started.Inc()
			if id := x.Def.TextID; id != "" {
				if _, ok := a.e.host.saved.Load(id); !ok {
					st := &storage.SpecText{ID: id, Text: x.Def.Text, Workbook: x.Def.Workbook, CreatedAt: x.Rec.CreatedAt}
					if err = rt.Specs.PutInBatch(a.pend.b, st, nil); err != nil {
						break
					}
					a.pend.specs = append(a.pend.specs, id)
				}
			}
		}
		x.Saved, x.SavedState = true, x.Rec.State
		x.ClearDirty()
	}
	for _, t := range o.Tasks {
		if err != nil {
			break
		}
		var prev *storage.Task
		if t.Saved {
			prev = t.Rec
		}
		if err = rt.Tasks.PutInBatch(a.pend.b, t.Rec, prev); err != nil {
			break
		}
		if t.SavedState != t.Rec.State {
			a.e.m.transition(t.Rec.State)
			t.SavedState = t.Rec.State
		}
		t.Saved = true
		t.ClearDirty()
	}
	for _, ac := range o.Actions {
		if err != nil {
			break
		}
		var prev *storage.ActionExecution
		if ac.Saved {
			prev = ac.Rec
		}
		if err = rt.ActionExecutions.PutInBatch(a.pend.b, ac.Rec, prev); err != nil {
			break
		}
		ac.Saved = true
		ac.ClearDirty()
	}
	a.pend.effects = append(a.pend.effects, o.Effects...)
	if a.e.cfg.Observer != nil {
		for i := range o.Changes {
			c := &o.Changes[i]
			var ev *Event
			if c.Task != nil {
				ev = TaskEvent(&c.Execution, c.Task, c.From)
			} else {
				ev = WorkflowEvent(&c.Execution, c.From)
			}
			if ev != nil {
				a.pend.events = append(a.pend.events, ev)
			}
		}
	}
	o.Reset()
	if err != nil {
		a.fail(err)
	}
}

// flush starts committing the pending batch when no commit is in flight;
// a batch with no records releases its effects at once (everything
// before it is durable).
func (a *execActor) flush() {
	if a.fly != nil || a.pend.empty() || a.e.halted.Load() {
		return
	}
	if a.pend.b == nil || a.pend.b.Empty() {
		p := a.pend
		a.pend = batchState{}
		if p.b != nil {
			p.b.Close()
		}
		a.release(&p)
		return
	}
	fly := a.pend
	a.pend = batchState{}
	a.fly = &fly
	self, root, e := a.self, a.e.root, a.e
	e.commits.Add(1)
	e.committer.submit(fly.b, func(err error) {
		root.Send(self, &committedMsg{err: err})
		e.commits.Done()
	})
}

func (a *execActor) committed(err error) {
	fly := a.fly
	a.fly = nil
	if fly == nil {
		return
	}
	if err != nil {
		a.e.log.Error("engine: commit failed", "id", a.ref.id, "err", err)
		for _, r := range fly.replies {
			r.ch <- apiReply{err: err}
		}
		a.fail(err)
		return
	}
	for _, id := range fly.specs {
		a.e.host.saved.Store(id, true)
	}
	a.release(fly)
}

// release carries out the effects of a durable batch, in order, then
// answers the API callers waiting for it.
func (a *execActor) release(b *batchState) {
	for _, ev := range b.events {
		a.e.cfg.Observer.Notify(ev)
	}
	for _, ef := range b.effects {
		a.effect(ef)
	}
	for _, r := range b.replies {
		r.ch <- r.r
	}
}

func (a *execActor) effect(ef workflow.Effect) {
	e := a.e
	switch ef := ef.(type) {
	case *workflow.RunAction:
		e.dispatch(a.ref.id, ef)
	case *workflow.SpawnChild:
		e.adopt(ef.Child, ef.Effects)
	case *workflow.ControlChild:
		e.deliver(ef.ID, &controlMsg{c: ef})
	case *workflow.NotifyParent:
		e.deliver(ef.ParentID, &childMsg{n: ef})
	case *workflow.ArmTimer:
		a.arm(ef)
	case *workflow.Finished:
		e.m.completed(ef.State)
		if e.cfg.OnFinished != nil {
			e.cfg.OnFinished(a.ref.id, ef.State)
		}
	}
}

// adopt starts the actor of a sub-workflow created (and persisted) by its
// parent's batch and hands it the effects it produced.
func (e *Engine) adopt(child *workflow.Execution, effects []workflow.Effect) {
	_, _, err := e.spawn(child.ID(), child, func(a *execActor) {
		a.pend.effects = append(a.pend.effects, effects...)
	})
	if err != nil {
		e.log.Error("engine: cannot start sub-workflow actor", "id", child.ID(), "err", err)
	}
}

func (a *execActor) arm(t *workflow.ArmTimer) {
	if a.timers == nil {
		a.timers = map[timerKey]*time.Timer{}
	}
	k := timerKey{t.TaskID, t.Kind, t.Due}
	if _, ok := a.timers[k]; ok {
		return
	}
	e, id := a.e, a.ref.id
	d := time.Until(time.Unix(0, t.Due))
	a.timers[k] = time.AfterFunc(d, func() {
		e.deliver(id, &timerMsg{task: k.task, kind: k.kind, due: k.due})
	})
}

// fail puts the actor out of service after an error it cannot recover
// from (a failed commit, a bug): its memory may be ahead of storage, so
// it stops and the next message rehydrates the execution from storage.
func (a *execActor) fail(err error) {
	if a.failed {
		return
	}
	a.failed = true
	for _, r := range a.pend.replies {
		r.ch <- apiReply{err: err}
	}
	if a.pend.b != nil {
		a.pend.b.Close()
	}
	a.pend = batchState{}
	a.close()
}

// close closes the ref (no new message can arrive) and queues a marker
// behind the messages already sent.
func (a *execActor) close() {
	if a.closing {
		return
	}
	a.closing = true
	a.ref.close()
	a.ctx.Send(a.self, &passivateMsg{})
}

// maybeStop stops the actor once its execution is finished (or it is
// shutting down) and nothing is left to commit.
func (a *execActor) maybeStop() {
	if a.fly != nil || !a.pend.empty() {
		return
	}
	if !a.closing {
		// A rehydrated actor starts with the message that woke it queued:
		// it stops after handling messages, never on start.
		if _, starting := a.ctx.Message().(*actor.Started); !starting && a.x != nil && a.x.Completed() {
			a.close()
		}
		return
	}
	if a.drained {
		a.ctx.Stop(a.self)
	}
}

func (a *execActor) stopped() {
	for _, t := range a.timers {
		t.Stop()
	}
	a.timers = nil
	a.e.refs.CompareAndDelete(a.ref.id, a.ref)
	a.e.m.live.Dec()
	close(a.ref.done)
	for _, d := range a.shutdown {
		close(d)
	}
}
