package workflow

import (
	"time"

	"github.com/mistral-go/mistral-go/dsl"
	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// Execution is the controller's state of one workflow execution. Its
// methods apply events; each takes the Output that collects the records
// changed and the effects to release. It is not safe for concurrent use:
// one actor owns it.
type Execution struct {
	// Rec is the execution record, kept current.
	Rec *storage.Execution
	// Def is the definition the execution runs.
	Def *Definition
	// Tasks are the task executions in creation order.
	Tasks []*Task

	// Saved and SavedState say whether Rec was persisted and in which
	// state (the state index key to replace); the persister sets them.
	Saved      bool
	SavedState string

	host     Host
	out      *Output
	dirty    bool
	byID     map[string]*Task
	actions  map[string]*Action
	children map[string]*Child
	joins    map[string]*Task // the one execution of each join task
	env      *value.Map       // the root execution's env (env(), __env)
	eng      execEngine

	notify    bool    // params.notify lists publishers: record changes
	needCheck bool    // run the completion check at the end of the event
	refresh   []*Task // joins to re-evaluate at the end of the event
	wipe      []*Task // keep-result: false tasks to empty at the end
}

// execEngine is the bookkeeping kept in Rec.Engine.
type execEngine struct {
	// ParentID is the parent workflow execution of a sub-workflow.
	ParentID string
	// Index is the with-items index of a sub-workflow.
	Index int
	// RootEnv is the root execution's env, for sub-workflows.
	RootEnv *value.Map
	// Backlog holds the commands saved by a "pause" command.
	Backlog []*command
	// Started is false until the start tasks were scheduled (a
	// sub-workflow created by its parent in the same event).
	Started bool
}

// Task is one task execution.
type Task struct {
	Rec  *storage.Task
	Spec *dsl.Task
	// Seq is the creation order within the execution.
	Seq int
	// Actions are the task's action executions (ACTION tasks), Children
	// its sub-workflow executions (WORKFLOW tasks), in creation order.
	Actions  []*Action
	Children []*Child

	// Saved says whether Rec was persisted, SavedState in which state;
	// the persister sets them.
	Saved      bool
	SavedState string

	dirty bool
	eng   taskEngine
	items []itemVar // evaluated with-items collections (not persisted)
	acc   acceptedCount
}

// taskEngine is the task bookkeeping kept in Rec.Engine.
type taskEngine struct {
	// Next are the transitions the task's completion took.
	Next []nextTask
	// ErrorHandled: ERROR with an on-error entry fired.
	ErrorHandled bool
	// Timers are the pending timers of the task.
	Timers []Timer
	// SkipWaitBefore and SkipWaitAfter say the wait policies already
	// delayed the task once.
	SkipWaitBefore bool
	SkipWaitAfter  bool
	// Children lists the sub-workflow executions and whether their
	// result is accepted.
	ChildIDs []childRef
}

type childRef struct {
	ID       string
	Index    int
	Accepted bool
}

// nextTask is one transition a completed task took.
type nextTask struct {
	Name  string
	Event string
}

// Action is one action execution of a task.
type Action struct {
	Rec  *storage.ActionExecution
	Task *Task
	// Def is the action run (nil after a recovery until needed).
	Def *ActionDef
	// Seq is the creation order within the execution.
	Seq int
	// SafeRerun and Async are recorded when the action is scheduled.
	SafeRerun bool
	Async     bool

	// Saved says whether Rec was persisted.
	Saved bool
	dirty bool
}

// Child is one sub-workflow execution of a task, as its parent knows it.
type Child struct {
	ID string
	// Name is the child's workflow name.
	Name     string
	Task     *Task
	Index    int
	Accepted bool
	// State, Output and StateInfo are the child's, once it reported.
	State        string
	Output       *value.Map
	StateInfo    string
	HasStateInfo bool
}

// Timer is a pending timer of a task.
type Timer struct {
	Kind TimerKind
	// Due is when it fires, in Unix nanoseconds.
	Due int64
	// State and StateInfo are what a wait-after timer completes the task
	// with.
	State     string
	StateInfo string
	HasInfo   bool
}

// TimerKind says what a timer does when it fires.
type TimerKind uint8

// Timer kinds.
const (
	// TimerContinue starts a task held by wait-before or a retry delay.
	TimerContinue TimerKind = iota + 1
	// TimerComplete completes a task held by wait-after.
	TimerComplete
	// TimerTimeout fails a task that ran too long.
	TimerTimeout
	// TimerRefresh re-checks a join held by a retry delay.
	TimerRefresh
)

// Output collects what one or more events changed: records to persist
// (in this order) and effects to release once they are durable.
type Output struct {
	Execs   []*Execution
	Tasks   []*Task
	Actions []*Action
	Effects []Effect
	// Changes are the state changes of executions that asked for
	// notifications (params.notify), in order.
	Changes []Change
}

// Change is one state change of an execution or of one of its tasks:
// snapshots of the records as the change left them, and the state before
// ("" for a record just created).
type Change struct {
	Execution storage.Execution
	// Task is nil for a change of the execution itself.
	Task *storage.Task
	From string
}

// Reset empties o, keeping its storage.
func (o *Output) Reset() {
	clear(o.Execs)
	clear(o.Tasks)
	clear(o.Actions)
	clear(o.Effects)
	clear(o.Changes)
	o.Execs, o.Tasks, o.Actions, o.Effects, o.Changes = o.Execs[:0], o.Tasks[:0], o.Actions[:0], o.Effects[:0], o.Changes[:0]
}

// Empty reports whether o holds nothing.
func (o *Output) Empty() bool {
	return len(o.Execs) == 0 && len(o.Tasks) == 0 && len(o.Actions) == 0 && len(o.Effects) == 0 && len(o.Changes) == 0
}

// wantsNotify reports whether params.notify lists publishers.
func wantsNotify(params *value.Map) bool {
	v, _ := params.Get("notify")
	l, ok := v.([]any)
	return ok && len(l) > 0
}

// recordChange notes a state change for the notification publishers.
func (x *Execution) recordChange(t *Task, from string) {
	if !x.notify {
		return
	}
	c := Change{Execution: *x.Rec, From: from}
	c.Execution.Engine = nil
	if t != nil {
		tc := *t.Rec
		tc.Engine = nil
		c.Task = &tc
	}
	x.out.Changes = append(x.out.Changes, c)
}

// ID returns the execution id.
func (x *Execution) ID() string { return x.Rec.ID }

// Spec returns the workflow spec.
func (x *Execution) Spec() *dsl.Workflow { return x.Def.Spec }

// Host returns the host the execution uses.
func (x *Execution) Host() Host { return x.host }

// ParentID returns the parent execution of a sub-workflow ("" for a
// top-level execution).
func (x *Execution) ParentID() string { return x.eng.ParentID }

// Task returns the task execution with the given id, or nil.
func (x *Execution) Task(id string) *Task { return x.byID[id] }

// Action returns the action execution with the given id, or nil.
func (x *Execution) Action(id string) *Action { return x.actions[id] }

// Child returns the sub-workflow execution with the given id, or nil.
func (x *Execution) Child(id string) *Child { return x.children[id] }

// Env returns the environment env() sees.
func (x *Execution) Env() *value.Map { return x.env }

// Completed reports whether the execution is in a terminal state.
func (x *Execution) Completed() bool { return IsCompleted(x.Rec.State) }

// Dirty reports whether the record changed since it was last drained;
// ClearDirty is called by the persister.
func (x *Execution) Dirty() bool { return x.dirty }

// ClearDirty marks the execution record as persisted.
func (x *Execution) ClearDirty() { x.dirty = false }

// ClearDirty marks the task record as persisted.
func (t *Task) ClearDirty() { t.dirty = false }

// ClearDirty marks the action execution record as persisted.
func (a *Action) ClearDirty() { a.dirty = false }

// Name returns the task name.
func (t *Task) Name() string { return t.Rec.Name }

// ID returns the task execution id.
func (t *Task) ID() string { return t.Rec.ID }

// Timers returns the task's pending timers.
func (t *Task) Timers() []Timer { return t.eng.Timers }

func (x *Execution) now() time.Time { return x.host.Now() }

func (x *Execution) nowSec() int64 { return x.host.Now().Unix() }

// touch marks the execution record changed.
func (x *Execution) touch() {
	x.Rec.UpdatedAt = x.nowSec()
	if !x.dirty {
		x.dirty = true
		x.out.Execs = append(x.out.Execs, x)
	}
}

func (x *Execution) touchTask(t *Task) {
	t.Rec.UpdatedAt = x.nowSec()
	if !t.dirty {
		t.dirty = true
		x.out.Tasks = append(x.out.Tasks, t)
	}
}

func (x *Execution) touchAction(a *Action) {
	a.Rec.UpdatedAt = x.nowSec()
	if !a.dirty {
		a.dirty = true
		x.out.Actions = append(x.out.Actions, a)
	}
}

func (x *Execution) emit(e Effect) { x.out.Effects = append(x.out.Effects, e) }

// lastTaskNamed returns the newest task execution of the named task.
func (x *Execution) lastTaskNamed(name string) *Task {
	for i := len(x.Tasks) - 1; i >= 0; i-- {
		if x.Tasks[i].Rec.Name == name {
			return x.Tasks[i]
		}
	}
	return nil
}
