package workflow

import (
	"fmt"
	"time"

	"github.com/mistral-go/mistral-go/dsl/expr"
	"github.com/mistral-go/mistral-go/value"
)

// Task policies (dsl.md §10, Mistral's engine/policies.py). Before a task
// starts: pause-before, wait-before, timeout, concurrency. After it
// completes: wait-after, fail-on, retry.

// policyInt evaluates an integer policy value (≥ 0).
func (x *Execution) policyInt(t *Task, d *expr.Data, class string, view func() *value.Map) (int64, error) {
	if view == nil {
		view = func() *value.Map { return x.taskCtx(t, nil) }
	}
	v, err := x.eval(d, t, view)
	if err != nil {
		return 0, err
	}
	switch n := v.(type) {
	case int64:
		if n >= 0 {
			return n, nil
		}
		return 0, policyTypeError(class, fmt.Sprintf("%d is less than the minimum of 0", n))
	case bool:
	case nil:
		return 0, nil
	}
	return 0, policyTypeError(class, fmt.Sprintf("%s is not of type 'integer'", value.Repr(v)))
}

func (x *Execution) policyBool(t *Task, d *expr.Data, class string) (bool, error) {
	v, err := x.eval(d, t, func() *value.Map { return x.taskCtx(t, nil) })
	if err != nil {
		return false, err
	}
	switch b := v.(type) {
	case bool:
		return b, nil
	case nil:
		return false, nil
	}
	return false, policyTypeError(class, fmt.Sprintf("%s is not of type 'boolean'", value.Repr(v)))
}

func policyTypeError(class, detail string) error {
	return fmt.Errorf("Invalid data type in %s: %s. Value(s) can be shown after YAQL evaluating. If you use YAQL here, please correct it.", class, detail)
}

// policyFlags are the internal skip flags of wait-before and wait-after
// (kept out of the visible runtime context, as Mistral 15 never persists
// them).
func (x *Execution) setTimer(t *Task, tm Timer) {
	t.eng.Timers = append(t.eng.Timers, tm)
	x.touchTask(t)
	x.emit(&ArmTimer{TaskID: t.Rec.ID, Kind: tm.Kind, Due: tm.Due})
}

func (x *Execution) dueIn(seconds int64) int64 {
	return x.now().Add(time.Duration(seconds) * time.Second).UnixNano()
}

// beforeTaskStart applies the before-start policies.
func (x *Execution) beforeTaskStart(t *Task) error {
	p := &t.Spec.Policies
	if p.PauseBefore != nil {
		on, err := x.policyBool(t, p.PauseBefore, "PauseBeforePolicy")
		if err != nil {
			return err
		}
		if on {
			x.setTaskState(t, Idle, "Set by 'pause-before' policy", true, false, nil)
			if err := x.pause(nil, false); err != nil {
				return err
			}
		}
	}
	if p.WaitBefore != nil {
		delay, err := x.policyInt(t, p.WaitBefore, "WaitBeforePolicy", nil)
		if err != nil {
			return err
		}
		if delay > 0 {
			switch {
			case t.eng.SkipWaitBefore:
				x.setTaskState(t, Running, "", false, false, nil)
			case t.Rec.State != Idle:
				t.eng.SkipWaitBefore = true
				x.setTaskState(t, Delayed, fmt.Sprintf("Delayed by 'wait-before' policy [delay=%d]", delay), true, false, nil)
				x.setTimer(t, Timer{Kind: TimerContinue, Due: x.dueIn(delay)})
			}
		}
	}
	if p.Timeout != nil {
		n, err := x.policyInt(t, p.Timeout, "TimeoutPolicy", nil)
		if err != nil {
			return err
		}
		if n > 0 {
			x.setTimer(t, Timer{Kind: TimerTimeout, Due: x.dueIn(n), State: fmt.Sprint(n)})
		}
	}
	if p.Concurrency != nil {
		n, err := x.policyInt(t, p.Concurrency, "ConcurrencyPolicy", nil)
		if err != nil {
			return err
		}
		if n != 0 {
			x.runtimeContext(t).Set("concurrency", n)
		}
	}
	return nil
}

// afterTaskComplete applies the after-completion policies.
func (x *Execution) afterTaskComplete(t *Task) error {
	p := &t.Spec.Policies
	if p.WaitAfter != nil {
		delay, err := x.policyInt(t, p.WaitAfter, "WaitAfterPolicy", nil)
		if err != nil {
			return err
		}
		if delay > 0 && !t.eng.SkipWaitAfter {
			t.eng.SkipWaitAfter = true
			st, info, has := t.Rec.State, t.Rec.StateInfo, t.Rec.HasStateInfo
			x.setTaskState(t, Delayed, fmt.Sprintf("Delayed by 'wait-after' policy [delay=%d]", delay), true, false, nil)
			x.setTimer(t, Timer{Kind: TimerComplete, Due: x.dueIn(delay), State: st, StateInfo: info, HasInfo: has})
		}
	}
	if p.FailOn != nil {
		on, err := x.policyBool(t, p.FailOn, "FailOnPolicy")
		if err != nil {
			return err
		}
		if t.Rec.State == Success && on {
			x.setTaskState(t, Error, "Failed by 'fail-on' policy", true, false, nil)
		}
	}
	if p.Retry != nil {
		return x.retry(t)
	}
	return nil
}

// retry is the retry policy (dsl.md §10.1).
func (x *Execution) retry(t *Task) error {
	r := t.Spec.Policies.Retry
	count, err := x.policyInt(t, r.Count, "RetryPolicy", nil)
	if err != nil {
		return err
	}
	delay, err := x.policyInt(t, r.Delay, "RetryPolicy", nil)
	if err != nil {
		return err
	}
	if count == 0 {
		return nil
	}
	var view *value.Map
	outView := func() *value.Map {
		if view == nil {
			view = x.taskCtx(t, outbound(t))
		}
		return view
	}
	var cont, brk any
	if r.ContinueOn != nil {
		if cont, err = x.eval(r.ContinueOn, t, outView); err != nil {
			return err
		}
	}
	if r.BreakOn != nil {
		if brk, err = x.eval(r.BreakOn, t, outView); err != nil {
			return err
		}
	}
	st := t.Rec.State
	if !IsCompleted(st) || st == Cancelled {
		return nil
	}
	rc := x.runtimeContext(t)
	pc, _ := rc.Get("retry_task_policy")
	policy, _ := pc.(*value.Map)
	if policy == nil {
		policy = value.NewMap(1)
	}
	retryNo := int64(getInt(policy, "retry_no"))
	stop := retryNo >= count ||
		(st == Success && r.ContinueOn == nil) ||
		(r.ContinueOn != nil && !value.Truthy(cont)) ||
		(st == Error && value.Truthy(brk))
	if stop {
		rc.Set("retry_task_policy", policy)
		return nil
	}
	t.acc.valid = false
	for _, a := range t.Actions {
		if a.Rec.Accepted {
			a.Rec.Accepted = false
			x.touchAction(a)
		}
	}
	for _, c := range t.Children {
		c.Accepted = false
	}
	policy = policy.Clone()
	policy.Set("retry_no", retryNo+1)
	rc.Set("retry_task_policy", policy)
	info := fmt.Sprintf("Delayed by 'retry' policy [delay=%d]", delay)
	if t.Spec.Join != 0 {
		x.setTaskState(t, Waiting, info, true, false, nil)
		x.setTimer(t, Timer{Kind: TimerRefresh, Due: x.dueIn(delay)})
		return nil
	}
	x.setTaskState(t, Delayed, info, true, false, nil)
	x.setTimer(t, Timer{Kind: TimerContinue, Due: x.dueIn(delay)})
	return nil
}
