package dsl

import (
	"fmt"
	"strings"

	"github.com/mistral-go/mistral-go/value"
)

// defaultsDraft is a task-defaults section being built.
type defaultsDraft struct {
	td                             *TaskDefaults
	onComplete, onSuccess, onError *rawClause
}

// workflow parses one workflow mapping ("name" and "version" already
// set on it) in Mistral's order of checks. fullName is the stored name.
func (p *parser) workflow(m *value.Map, fullName, workbook string) (*Workflow, *Error) {
	line := p.doc.MapLine(m)
	typ := Direct
	if v, ok := m.Get("type"); ok {
		s, _ := v.(string)
		if s != Direct && s != Reverse {
			return nil, &Error{Msg: fmt.Sprintf("Failed to find a specification class to instantiate [spec_cls=<class 'mistral.lang.v2.workflows.WorkflowSpec'>, data=%s]", value.Repr(m)), Line: p.lineOf(m, "type")}
		}
		typ = s
	}
	if err := p.validate(m, sWorkflow); err != nil {
		return nil, err
	}
	tasks := getMap(m, "tasks")
	if tasks.Len() == 0 {
		return nil, &Error{Msg: "Workflow doesn't have any tasks [data=" + value.Repr(m) + "]", Line: line}
	}
	for _, k := range []string{"output", "vars"} {
		if err := p.checkExpr(get(m, k), p.lineOf(m, k)); err != nil {
			return nil, err
		}
	}
	shortName := getString(m, "name")
	w := &Workflow{
		Name:        fullName,
		Workbook:    workbook,
		Type:        typ,
		Description: getString(m, "description"),
		Tags:        stringList(get(m, "tags")),
		Spec:        m,
		tasks:       make(map[string]*Task, tasks.Len()),
	}
	var defaults *defaultsDraft
	if v, ok := m.Get("task-defaults"); ok && v != nil {
		var err *Error
		if defaults, err = p.taskDefaults(v.(*value.Map)); err != nil {
			return nil, err
		}
		w.TaskDefaults = defaults.td
	}
	// Mistral marks every task with the workflow type before building any.
	for i := 0; i < tasks.Len(); i++ {
		_, tv := tasks.At(i)
		if tm, ok := tv.(*value.Map); ok {
			tm.Set("type", typ)
		}
	}
	drafts := make([]*taskDraft, 0, tasks.Len())
	for i := 0; i < tasks.Len(); i++ {
		name, tv := tasks.At(i)
		tm, ok := tv.(*value.Map)
		if !ok {
			return nil, &Error{Msg: "Invalid DSL: " + pyRepr(tv) + " is not of type 'object'", Line: p.doc.KeyLine(tasks, i)}
		}
		tm.Set("name", name)
		tm.Set("version", "2.0")
		d, err := p.task(tm, name, typ, i)
		if err != nil {
			return nil, err
		}
		drafts = append(drafts, d)
		w.Tasks = append(w.Tasks, d.t)
		w.tasks[name] = d.t
	}
	if isUUIDLike(shortName) {
		return nil, &Error{Msg: "Workflow name cannot be in the format of UUID.", Line: line}
	}
	if err := p.finishTasks(w, drafts, defaults); err != nil {
		return nil, err
	}
	if typ == Direct {
		if err := p.checkDirect(w, shortName, drafts, line); err != nil {
			return nil, err
		}
	} else if err := p.checkReverse(w, drafts, defaults); err != nil {
		return nil, err
	}
	var err *Error
	if w.Input, err = p.params(get(m, "input")); err != nil {
		return nil, err
	}
	if w.Output, err = p.compileOpt(get(m, "output"), p.lineOf(m, "output")); err != nil {
		return nil, err
	}
	if w.OutputOnError, err = p.compileOpt(get(m, "output-on-error"), p.lineOf(m, "output-on-error")); err != nil {
		return nil, err
	}
	if w.Vars, err = p.compileOpt(get(m, "vars"), p.lineOf(m, "vars")); err != nil {
		return nil, err
	}
	return w, nil
}

// params reads an input declaration list: names, or one-key mappings
// {name: default}. A repeated name keeps its first position and its last
// value, as Mistral's dict does.
func (p *parser) params(v any) ([]Param, *Error) {
	l, _ := v.([]any)
	out := make([]Param, 0, len(l))
	add := func(pa Param) {
		for i := range out {
			if out[i].Name == pa.Name {
				out[i] = pa
				return
			}
		}
		out = append(out, pa)
	}
	for _, it := range l {
		switch t := it.(type) {
		case string:
			add(Param{Name: t})
		case *value.Map:
			for i := 0; i < t.Len(); i++ {
				k, d := t.At(i)
				add(Param{Name: k, Default: p.doc.Plain(d, false), HasDefault: true})
			}
		}
	}
	return out, nil
}

// taskDefaults parses a task-defaults mapping.
func (p *parser) taskDefaults(m *value.Map) (*defaultsDraft, *Error) {
	if err := p.validate(m, sTaskDefaults); err != nil {
		return nil, err
	}
	if err := p.checkExpr(get(m, "safe-rerun"), p.lineOf(m, "safe-rerun")); err != nil {
		return nil, err
	}
	d := &defaultsDraft{td: &TaskDefaults{Spec: m}}
	var err *Error
	if d.td.Policies, err = p.policies(m); err != nil {
		return nil, err
	}
	if d.onComplete, d.onSuccess, d.onError, err = p.clauses(m); err != nil {
		return nil, err
	}
	if v, ok := m.Get("safe-rerun"); ok && v != nil {
		if d.td.SafeRerun, err = p.compile(v, p.lineOf(m, "safe-rerun")); err != nil {
			return nil, err
		}
	}
	d.td.Requires = stringList(get(m, "requires"))
	return d, nil
}

// finishTasks applies task-defaults and compiles what depends on the
// whole workflow: transitions, publishes, requires.
func (p *parser) finishTasks(w *Workflow, drafts []*taskDraft, defaults *defaultsDraft) *Error {
	var dOnComplete, dOnSuccess, dOnError *rawClause
	var dPolicies Policies
	if defaults != nil {
		dOnComplete, dOnSuccess, dOnError = defaults.onComplete, defaults.onSuccess, defaults.onError
		dPolicies = defaults.td.Policies
		var err *Error
		if defaults.td.OnComplete, err = p.transitions(dOnComplete.all(), w); err != nil {
			return err
		}
		if defaults.td.OnSuccess, err = p.transitions(dOnSuccess.all(), w); err != nil {
			return err
		}
		if defaults.td.OnError, err = p.transitions(dOnError.all(), w); err != nil {
			return err
		}
	}
	for _, d := range drafts {
		t := d.t
		t.Policies = mergePolicies(t.Policies, dPolicies)
		if t.SafeRerun == nil && defaults != nil {
			t.SafeRerun = defaults.td.SafeRerun
		}
		var err *Error
		if t.OnError, err = p.transitions(effective(d.onError, dOnError, t.Name), w); err != nil {
			return err
		}
		if t.OnSuccess, err = p.transitions(effective(d.onSuccess, dOnSuccess, t.Name), w); err != nil {
			return err
		}
		if t.OnComplete, err = p.transitions(effective(d.onComplete, dOnComplete, t.Name), w); err != nil {
			return err
		}
		if err := p.publishes(d); err != nil {
			return err
		}
	}
	return nil
}

func (c *rawClause) all() []rawEntry {
	if c == nil {
		return nil
	}
	return c.entries
}

// publishes computes what a task publishes on SUCCESS and on ERROR
// exactly as Mistral's get_publish merges "publish"/"publish-on-error"
// with the advanced publish of on-complete and then of on-success or
// on-error, including its quirk: a part (branch or global) missing on the
// receiving side of a merge stays missing, the other side is dropped.
func (p *parser) publishes(d *taskDraft) *Error {
	build := func(plain *value.Map, state *rawClause) (Publish, *Error) {
		var branch, global *value.Map
		spec := false
		if plain.Len() > 0 {
			branch, spec = plain, true
		}
		if oc := clausePublish(d.onComplete); oc != nil {
			if spec {
				branch = mistralMerge(branch, getMap(oc, "branch"))
				global = mistralMerge(global, getMap(oc, "global"))
			} else {
				branch, global, spec = getMap(oc, "branch"), getMap(oc, "global"), true
			}
		}
		if sc := clausePublish(state); sc != nil {
			b, g := getMap(sc, "branch"), getMap(sc, "global")
			if spec {
				b, g = mistralMerge(b, branch), mistralMerge(g, global)
			}
			branch, global = b, g
		}
		var out Publish
		var err *Error
		if branch.Len() > 0 {
			if out.Branch, err = p.compile(branch, d.line); err != nil {
				return out, err
			}
		}
		if global.Len() > 0 {
			if out.Global, err = p.compile(global, d.line); err != nil {
				return out, err
			}
		}
		return out, nil
	}
	var err *Error
	if d.t.OnSuccessPublish, err = build(d.publish, d.onSuccess); err != nil {
		return err
	}
	d.t.OnErrorPublish, err = build(d.publishOnError, d.onError)
	return err
}

func clausePublish(c *rawClause) *value.Map {
	if c == nil {
		return nil
	}
	return c.publish
}

// mistralMerge is PublishSpec.merge for one part: right deep-merged over
// left without changing either; nothing when left is missing.
func mistralMerge(left, right *value.Map) *value.Map {
	switch {
	case right.Len() == 0:
		return left
	case left == nil:
		return nil
	}
	return value.Merged(left, right)
}

// checkDirect runs a direct workflow's semantic checks: a start task,
// transition targets that exist, join cardinalities; and records the
// graph (start tasks, inbound and outbound tasks).
func (p *parser) checkDirect(w *Workflow, shortName string, drafts []*taskDraft, line int) *Error {
	for _, t := range w.Tasks {
		// Mistral's graph goes by name: an entry "fail" counts as a
		// transition to a task named "fail" even though it runs the
		// engine command.
		for _, tr := range t.allTransitions() {
			if tt := w.tasks[tr.Name]; tt != nil && !containsTask(t.Outbound, tt) {
				t.Outbound = append(t.Outbound, tt)
			}
		}
	}
	for _, t := range w.Tasks {
		for _, o := range t.Outbound {
			o.Inbound = append(o.Inbound, t)
		}
	}
	for _, t := range w.Tasks {
		if len(t.Inbound) == 0 {
			w.StartTasks = append(w.StartTasks, t)
		}
	}
	if len(w.StartTasks) == 0 {
		return &Error{Msg: "Failed to find start tasks in direct workflow. There must be at least one task without inbound transition.[workflow_name=" + shortName + "]", Line: line}
	}
	for _, d := range drafts {
		for _, tr := range d.t.allTransitions() {
			if tr.Command == RunTask && tr.Task == nil && w.tasks[tr.Name] == nil {
				return &Error{Msg: fmt.Sprintf("Task '%s' not found.", tr.Name), Line: d.line}
			}
		}
	}
	var msgs []string
	errLine := 0
	for _, d := range drafts {
		t := d.t
		switch {
		case t.Join == JoinAll:
			if len(t.Inbound) == 0 {
				msgs = append(msgs, fmt.Sprintf("No inbound tasks for task with 'join: all' [task_name=%s]", t.Name))
			}
		case t.Join > 0:
			if len(t.Inbound) < t.Join {
				msgs = append(msgs, fmt.Sprintf("Not enough inbound tasks for task with 'join' [task_name=%s, join=%s, inbound_tasks=%d]", t.Name, joinRepr(d.m), len(t.Inbound)))
			}
		default:
			continue
		}
		if errLine == 0 && len(msgs) > 0 {
			errLine = d.line
		}
	}
	if len(msgs) > 0 {
		return &Error{Msg: strings.Join(msgs, "\n"), Line: errLine}
	}
	return nil
}

// joinRepr is the join value as Mistral prints it ("one" is 1).
func joinRepr(m *value.Map) string {
	j := get(m, "join")
	if j == "one" {
		return "1"
	}
	return value.Str(j)
}

func containsTask(l []*Task, t *Task) bool {
	for _, x := range l {
		if x == t {
			return true
		}
	}
	return false
}

// allTransitions lists every transition of a task (on-error, on-success,
// on-complete).
func (t *Task) allTransitions() []*Transition {
	out := make([]*Transition, 0, len(t.OnError)+len(t.OnSuccess)+len(t.OnComplete))
	out = append(out, t.OnError...)
	out = append(out, t.OnSuccess...)
	return append(out, t.OnComplete...)
}

// checkReverse resolves "requires" (task-defaults' added, the task itself
// removed) and checks that every required task exists.
func (p *parser) checkReverse(w *Workflow, drafts []*taskDraft, defaults *defaultsDraft) *Error {
	for _, d := range drafts {
		names := append([]string(nil), d.requires...)
		if defaults != nil {
			names = append(names, defaults.td.Requires...)
		}
		seen := map[string]bool{}
		for _, n := range names {
			if n == d.t.Name || seen[n] {
				continue
			}
			seen[n] = true
			rt := w.tasks[n]
			if rt == nil {
				return &Error{Msg: fmt.Sprintf("Task '%s' not found.", n), Line: d.line}
			}
			d.t.Requires = append(d.t.Requires, rt)
			rt.Outbound = append(rt.Outbound, d.t)
			d.t.Inbound = append(d.t.Inbound, rt)
		}
	}
	return nil
}
