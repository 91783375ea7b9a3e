package workflow

import (
	"fmt"
	"iter"
	"slices"

	"github.com/mistral-go/mistral-go/value"
)

// with-items (dsl.md §9, Mistral's WithItemsTask): one action or
// sub-workflow per item, at most "concurrency" in flight, the capacity
// bookkeeping kept in the task's runtime_context as Mistral shows it.

type itemVar struct {
	name string
	vals []any
}

// withItemsValues evaluates the with-items collections (cached for the
// life of the in-memory task; re-evaluated after a reload, as Mistral
// re-evaluates them at each scheduling).
func (x *Execution) withItemsValues(t *Task) ([]itemVar, error) {
	if t.items != nil {
		return t.items, nil
	}
	evaluated := value.NewMap(len(t.Spec.WithItems))
	for _, wi := range t.Spec.WithItems {
		v, err := x.eval(wi.Values, t, func() *value.Map { return x.taskCtx(t, nil) })
		if err != nil {
			return nil, err
		}
		evaluated.Set(wi.Var, v)
	}
	out := make([]itemVar, 0, evaluated.Len())
	sofar := value.NewMap(0)
	for i := 0; i < evaluated.Len(); i++ {
		k, v := evaluated.At(i)
		var list []any
		switch c := v.(type) {
		case []any:
			list = c
		case string:
			for _, r := range c {
				list = append(list, string(r))
			}
		case *value.Map:
			for _, key := range c.Keys() {
				list = append(list, key)
			}
		default:
			return nil, fmt.Errorf("Wrong input format for: %s. Iterable type is expected for each value.", value.Str(sofar))
		}
		if list == nil {
			list = []any{}
		}
		if len(out) > 0 && len(list) != len(out[0].vals) {
			return nil, fmt.Errorf("Wrong input format for: %s. All arrays must have the same length.", value.Str(evaluated))
		}
		sofar.Set(k, list)
		out = append(out, itemVar{k, list})
	}
	t.items = out
	return out, nil
}

func (x *Execution) withItemsCtx(t *Task) *value.Map {
	m, _ := t.Rec.RuntimeContext.Get("with_items")
	wm, _ := m.(*value.Map)
	return wm
}

func (x *Execution) concurrency(t *Task) int {
	v, _ := t.Rec.RuntimeContext.Get("concurrency")
	n, _ := v.(int64)
	return int(n)
}

// capacity returns the with-items capacity; ok is false for None
// (unlimited).
func (x *Execution) capacity(t *Task) (int, bool) {
	v, _ := x.withItemsCtx(t).Get("capacity")
	n, ok := v.(int64)
	return int(n), ok
}

func (x *Execution) setCapacity(t *Task, c int) {
	wi := x.withItemsCtx(t).Clone()
	wi.Set("capacity", int64(c))
	x.runtimeContext(t).Set("with_items", wi)
}

func (x *Execution) itemCount(t *Task) int { return getInt(x.withItemsCtx(t), "count") }

// scheduleWithItems schedules the next iterations of a with-items task.
func (x *Execution) scheduleWithItems(t *Task) error {
	vars, err := x.withItemsValues(t)
	if err != nil {
		return err
	}
	if x.withItemsCtx(t).Len() == 0 {
		n := 0
		if len(vars) > 0 {
			n = len(vars[0].vals)
		}
		var capacity any
		if c := x.concurrency(t); c > 0 {
			capacity = int64(c)
		}
		x.runtimeContext(t).Set("with_items", value.MapOf("capacity", capacity, "count", int64(n)))
	}
	indexes := x.nextIndexes(t)
	if len(indexes) == 0 {
		return x.completeTask(t, Success, "", false)
	}
	inputs := make([]*value.Map, len(indexes))
	for j, i := range indexes {
		item := value.NewMap(len(vars))
		for _, v := range vars {
			item.Set(v.name, v.vals[i])
		}
		in, err := x.actionInput(t, value.Merged(item, t.Rec.InContext))
		if err != nil {
			return err
		}
		inputs[j] = in
	}
	for j, i := range indexes {
		if err := x.evalTarget(t, inputs[j]); err != nil {
			return err
		}
		if err := x.scheduleOne(t, inputs[j], i); err != nil {
			return err
		}
		if c, ok := x.capacity(t); ok {
			if c < 1 {
				return fmt.Errorf("Can't decrease with-items capacity [capacity=%d, count=1]", c)
			}
			x.setCapacity(t, c-1)
		}
	}
	return nil
}

// execution is one action or sub-workflow execution of a task, as
// with-items bookkeeping sees it.
type execution struct {
	index    int
	state    string
	accepted bool
}

func (x *Execution) executions(t *Task) iter.Seq[execution] {
	// An iterator, not a slice: the with-items checks run on every
	// iteration's result, and a slice per check made a 10,000-item task
	// allocate gigabytes.
	return func(yield func(execution) bool) {
		for _, a := range t.Actions {
			if !yield(execution{a.Rec.Index, a.Rec.State, a.Rec.Accepted}) {
				return
			}
		}
		for _, c := range t.Children {
			st := c.State
			if st == "" {
				st = Running
			}
			if !yield(execution{c.Index, st, c.Accepted}) {
				return
			}
		}
	}
}

// nextIndexes are the iterations to schedule now (_get_next_indexes).
func (x *Execution) nextIndexes(t *Task) []int {
	count := x.itemCount(t)
	if c := x.counts(t); c.unaccDone == 0 {
		// No iteration to run again: the next ones in order, as many
		// as the window allows.
		end := count
		if capa, ok := x.capacity(t); ok && c.started+capa < end {
			end = c.started + capa
		}
		var idx []int
		for i := c.started; i < end; i++ {
			idx = append(idx, i)
		}
		return idx
	}
	var accepted, unaccepted []int
	started := 0
	for e := range x.executions(t) {
		if e.accepted && IsCompleted(e.state) {
			accepted = append(accepted, e.index)
		}
		if !e.accepted && IsCompleted(e.state) {
			unaccepted = append(unaccepted, e.index)
		}
		if e.accepted || IsRunning(e.state) || e.state == Idle {
			started++
		}
	}
	var candidates []int
	for _, i := range unaccepted {
		if !slices.Contains(accepted, i) && !slices.Contains(candidates, i) {
			candidates = append(candidates, i)
		}
	}
	slices.Sort(candidates)
	var idx []int
	if len(candidates) > 0 {
		idx = candidates
		if last := candidates[len(candidates)-1]; last < count-1 {
			for i := last + 1; i < count; i++ {
				idx = append(idx, i)
			}
		}
	} else {
		for i := started; i < count; i++ {
			idx = append(idx, i)
		}
	}
	if c, ok := x.capacity(t); ok && c < len(idx) {
		idx = idx[:c]
	}
	return idx
}

// acceptedCount caches the counts the with-items checks need over a
// task's executions, so that handling one iteration's result costs O(1)
// rather than a scan of every iteration: creation and acceptance of a
// RUNNING execution count them forward; any other change of state or
// acceptance (retry, rerun, reset, PUT, pause) invalidates them and the
// next check counts again.
type acceptedCount struct {
	valid bool
	// n are accepted, cancelled of them CANCELLED.
	n, cancelled int
	// unaccDone are completed and not accepted.
	unaccDone int
	// started are accepted, running or idle (_get_next_start_index).
	started int
	// accOrRun are accepted or RUNNING (_has_more_iterations).
	accOrRun int
}

// noteAccepted counts an execution accepted in state: forward when it
// was RUNNING and not accepted, else by invalidating.
func (t *Task) noteAccepted(was bool, prev, state string) {
	if !t.acc.valid {
		return
	}
	if was || (prev != Running && prev != "") {
		t.acc.valid = false
		return
	}
	t.acc.n++
	if state == Cancelled {
		t.acc.cancelled++
	}
}

// noteCreated counts a new execution of the task.
func (t *Task) noteCreated(state string) {
	if !t.acc.valid {
		return
	}
	if state != Running && state != "" {
		t.acc.valid = false
		return
	}
	t.acc.started++
	t.acc.accOrRun++
}

// counts returns the task's execution counts, counting them if needed.
func (x *Execution) counts(t *Task) acceptedCount {
	if !t.acc.valid {
		c := acceptedCount{valid: true}
		for e := range x.executions(t) {
			done := IsCompleted(e.state)
			switch {
			case e.accepted:
				c.n++
				if e.state == Cancelled {
					c.cancelled++
				}
			case done:
				c.unaccDone++
			}
			if e.accepted || IsRunning(e.state) || e.state == Idle {
				c.started++
			}
			if e.accepted || e.state == Running {
				c.accOrRun++
			}
		}
		t.acc = c
	}
	return t.acc
}

// withItemsDone is is_with_items_completed.
func (x *Execution) withItemsDone(t *Task) bool {
	acc := x.counts(t)
	if acc.cancelled > 0 {
		return true
	}
	count := x.itemCount(t)
	if count == 0 {
		count = 1
	}
	conc := x.concurrency(t)
	c, _ := x.capacity(t)
	return count == acc.n && (conc == 0 || c == conc)
}

// withItemsFinalState is CANCELLED if any accepted iteration was
// cancelled, else ERROR if any failed, else SUCCESS.
func (x *Execution) withItemsFinalState(t *Task) (string, string, bool) {
	st := Success
	for e := range x.executions(t) {
		if !e.accepted {
			continue
		}
		if e.state == Cancelled {
			return Cancelled, "One or more actions was cancelled.", true
		}
		if e.state == Error {
			st = Error
		}
	}
	if st == Error {
		return Error, "One or more actions had failed.", true
	}
	return Success, "", false
}

func (x *Execution) hasMoreIterations(t *Task) bool {
	return x.itemCount(t) > x.counts(t).accOrRun
}

// onWithItemsResult handles the completion of one iteration.
func (x *Execution) onWithItemsResult(t *Task) error {
	if IsCompleted(t.Rec.State) {
		return nil
	}
	if conc := x.concurrency(t); conc > 0 {
		if c, ok := x.capacity(t); ok && c < conc {
			x.setCapacity(t, c+1)
		}
	}
	if x.withItemsDone(t) {
		st, info, has := x.withItemsFinalState(t)
		x.refreshResult(t)
		return x.completeTask(t, st, info, has)
	}
	if x.concurrency(t) > 0 && x.hasMoreIterations(t) {
		return x.scheduleWithItems(t)
	}
	return nil
}
