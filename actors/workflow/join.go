package workflow

import (
	"github.com/mistral-go/mistral-go/dsl"
	"github.com/mistral-go/mistral-go/value"
)

// Join tasks (dsl.md §7.6, DirectWorkflowController._get_join_logical_state).

type logicalState struct {
	state       string
	info        string
	triggeredBy []any
}

// induced is what one inbound task says about a join.
type induced struct {
	name  string
	task  *Task
	state string
	depth int
	event string
}

const maxSearchDepth = 5

// logicalState is the state a waiting task should have given the other
// tasks: RUNNING (ready), ERROR (can no longer run) or WAITING.
func (x *Execution) logicalState(t *Task) logicalState {
	spec := t.Spec
	if spec.Join == 0 {
		return logicalState{state: t.Rec.State, info: t.Rec.StateInfo}
	}
	if len(spec.Inbound) == 0 {
		return logicalState{state: Running}
	}
	cache := x.parentCache(spec)
	var ind []induced
	for _, in := range spec.Inbound {
		te := cache[in.Name]
		st, depth, ev := x.inducedState(in, te, spec, cache)
		ind = append(ind, induced{in.Name, te, st, depth, ev})
	}
	count := func(state string) (n, depth int) {
		for _, s := range ind {
			if s.state == state {
				n++
				depth += s.depth
			}
		}
		return
	}
	errors, _ := count(Error)
	runnings, runDepth := count(Running)
	total := len(ind)
	triggered := func(state string) []any {
		out := []any{}
		for _, s := range ind {
			if s.state == state && s.task != nil {
				out = append(out, value.MapOf("task_id", s.task.Rec.ID, "event", s.event))
			}
		}
		return out
	}
	failed := func() string {
		var names []any
		for _, s := range ind {
			if s.state == Error {
				names = append(names, s.name)
			}
		}
		if names == nil {
			names = []any{}
		}
		return "Failed by tasks: " + value.Repr(names)
	}
	if spec.Join == dsl.JoinAll {
		if total == runnings {
			return logicalState{state: Running, triggeredBy: triggered(Running)}
		}
		if errors > 0 {
			return logicalState{state: Error, info: failed(), triggeredBy: triggered(Error)}
		}
		_ = runDepth
		return logicalState{state: Waiting}
	}
	card := spec.Join
	if runnings >= card {
		return logicalState{state: Running, triggeredBy: triggered(Running)}
	}
	if errors > total-card {
		return logicalState{state: Error, info: failed()}
	}
	return logicalState{state: Waiting}
}

// parentCache maps the names of the tasks upstream of spec (up to a
// depth of 5) to their newest execution (nil when none).
func (x *Execution) parentCache(spec *dsl.Task) map[string]*Task {
	names := map[string]bool{}
	var walk func(s *dsl.Task, depth int)
	walk = func(s *dsl.Task, depth int) {
		if depth == maxSearchDepth || len(s.Inbound) == 0 {
			names[s.Name] = true
			return
		}
		for _, in := range s.Inbound {
			walk(in, depth+1)
		}
		if depth > 1 {
			names[s.Name] = true
		}
	}
	walk(spec, 1)
	cache := make(map[string]*Task, len(names))
	for n := range names {
		cache[n] = nil
	}
	for _, t := range x.Tasks {
		if _, ok := cache[t.Rec.Name]; ok {
			cache[t.Rec.Name] = t
		}
	}
	return cache
}

func (x *Execution) inducedState(in *dsl.Task, te *Task, join *dsl.Task, cache map[string]*Task) (string, int, string) {
	if te == nil {
		possible, depth := x.possibleRoute(in, cache, 1, map[string]bool{})
		if possible {
			return Waiting, depth, ""
		}
		return Error, depth, "impossible route"
	}
	if !IsCompleted(te.Rec.State) {
		return Waiting, 1, ""
	}
	for _, n := range te.eng.Next {
		if n.Name == join.Name {
			return Running, 1, n.Event
		}
	}
	return Error, 1, "not triggered"
}

// possibleRoute reports whether some upstream path can still reach spec.
func (x *Execution) possibleRoute(spec *dsl.Task, cache map[string]*Task, depth int, seen map[string]bool) (bool, int) {
	if len(spec.Inbound) == 0 {
		return true, depth
	}
	if seen[spec.Name] {
		return false, depth
	}
	seen[spec.Name] = true
	for _, in := range spec.Inbound {
		te, ok := cache[in.Name]
		if !ok {
			te = x.lastTaskNamed(in.Name)
			cache[in.Name] = te
		}
		if te == nil {
			var possible bool
			possible, depth = x.possibleRoute(in, cache, depth+1, seen)
			if possible {
				return true, depth
			}
			continue
		}
		if !IsCompleted(te.Rec.State) {
			return true, depth
		}
		for _, n := range te.eng.Next {
			if n.Name == spec.Name {
				return true, depth
			}
		}
	}
	return false, depth
}
