package workflow

import (
	"time"

	"github.com/mistral-go/mistral-go/actions"
	"github.com/mistral-go/mistral-go/value"
)

// Effect is something the controller asks for once the records changed
// by the same events are durable.
type Effect interface{ effect() }

// RunAction runs an action for an action execution now RUNNING and
// reports its result to the execution (OnActionResult). Async actions
// report nothing unless they fail to start.
type RunAction struct {
	Action  *Action
	Call    *actions.Call
	Timeout time.Duration
	Context actions.ExecContext
}

// SpawnChild starts the actor of a sub-workflow execution created by
// this event (its records are in the same Output) and hands it its own
// effects to release.
type SpawnChild struct {
	Child   *Execution
	Effects []Effect
}

// ChildOp is what ControlChild asks of a sub-workflow.
type ChildOp uint8

// Child operations.
const (
	ChildPause ChildOp = iota + 1
	ChildResume
	ChildCancel
)

// ControlChild pauses, resumes or cancels a sub-workflow execution.
type ControlChild struct {
	ID     string
	Op     ChildOp
	Msg    string
	HasMsg bool
}

// NotifyParent tells the parent execution that this sub-workflow
// changed state: completed (SUCCESS, ERROR, CANCELLED) or PAUSED /
// RUNNING again.
type NotifyParent struct {
	ParentID     string
	TaskID       string
	ChildID      string
	State        string
	Output       *value.Map
	StateInfo    string
	HasStateInfo bool
	// Rerun says the child is being rerun: the parent goes RUNNING
	// again with the task that ran it.
	Rerun bool
}

// ArmTimer asks for OnTimer(TaskID, Kind, Due) at Due (Unix nanoseconds).
type ArmTimer struct {
	TaskID string
	Kind   TimerKind
	Due    int64
}

// Finished says the execution reached a terminal state.
type Finished struct {
	State string
}

func (*RunAction) effect()    {}
func (*SpawnChild) effect()   {}
func (*ControlChild) effect() {}
func (*NotifyParent) effect() {}
func (*ArmTimer) effect()     {}
func (*Finished) effect()     {}
