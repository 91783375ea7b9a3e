package dsl

// RequiredTasks returns, for a reverse workflow, the tasks target needs
// directly or transitively and target itself, each before the tasks that
// require it (definition order among independent tasks). Requirement
// cycles are cut; such tasks never become runnable in Mistral either.
func (w *Workflow) RequiredTasks(target *Task) []*Task {
	if target == nil {
		return nil
	}
	state := make([]uint8, len(w.Tasks)) // 0 new, 1 visiting, 2 done
	var out []*Task
	var visit func(t *Task)
	visit = func(t *Task) {
		if state[t.Index] != 0 {
			return
		}
		state[t.Index] = 1
		for _, r := range t.Requires {
			visit(r)
		}
		state[t.Index] = 2
		out = append(out, t)
	}
	visit(target)
	return out
}

// IsStart reports whether t is a start task of its (direct) workflow.
func (t *Task) IsStart() bool { return len(t.Inbound) == 0 }
