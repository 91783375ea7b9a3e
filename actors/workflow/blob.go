package workflow

import (
	"fmt"
	"strconv"

	"github.com/mistral-go/mistral-go/dsl"
	"github.com/mistral-go/mistral-go/value"
)

// The controller's bookkeeping travels in the Engine field of each
// record as compact JSON: small, versionable, and decoded only when an
// execution is loaded back (recovery, late events).

func getInt(m *value.Map, k string) int {
	v, _ := m.Get(k)
	switch n := v.(type) {
	case int64:
		return int(n)
	case float64:
		return int(n)
	}
	return 0
}

func getStr(m *value.Map, k string) string {
	v, _ := m.Get(k)
	s, _ := v.(string)
	return s
}

func getBool(m *value.Map, k string) bool {
	v, _ := m.Get(k)
	b, _ := v.(bool)
	return b
}

func getMap(m *value.Map, k string) *value.Map {
	v, _ := m.Get(k)
	mm, _ := v.(*value.Map)
	return mm
}

func getList(m *value.Map, k string) []any {
	v, _ := m.Get(k)
	l, _ := v.([]any)
	return l
}

func decodeBlob(b []byte) (*value.Map, error) {
	if len(b) == 0 {
		return value.NewMap(0), nil
	}
	v, err := value.Decode(b)
	if err != nil {
		return nil, fmt.Errorf("engine record: %w", err)
	}
	m, ok := v.(*value.Map)
	if !ok {
		return nil, fmt.Errorf("engine record: not a mapping")
	}
	return m, nil
}

func (x *Execution) encodeEngine() {
	m := value.NewMap(8)
	m.Set("v", int64(1))
	if x.eng.ParentID != "" {
		m.Set("parent", x.eng.ParentID)
		m.Set("index", int64(x.eng.Index))
		m.Set("root_env", x.eng.RootEnv)
	}
	if x.eng.Started {
		m.Set("started", true)
	}
	if len(x.eng.Backlog) > 0 {
		l := make([]any, len(x.eng.Backlog))
		for i, c := range x.eng.Backlog {
			l[i] = c.toMap()
		}
		m.Set("backlog", l)
	}
	if x.Def.TextID != "" {
		m.Set("definition_id", x.Def.TextID)
	} else {
		m.Set("definition", x.Def.Text)
	}
	m.Set("workbook", x.Def.Workbook)
	x.Rec.Engine = value.AppendCompact(x.Rec.Engine[:0], m)
}

func (t *Task) encodeEngine() {
	b := append(t.Rec.Engine[:0], `{"seq":`...)
	b = strconv.AppendInt(b, int64(t.Seq), 10)
	if len(t.eng.Next) > 0 {
		b = append(b, `,"next":[`...)
		for i, n := range t.eng.Next {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '[')
			b = value.AppendJSONString(b, n.Name, false)
			b = append(b, ',')
			b = value.AppendJSONString(b, n.Event, false)
			b = append(b, ']')
		}
		b = append(b, ']')
	}
	if t.eng.ErrorHandled {
		b = append(b, `,"error_handled":true`...)
	}
	if t.eng.SkipWaitBefore {
		b = append(b, `,"skip_wait_before":true`...)
	}
	if t.eng.SkipWaitAfter {
		b = append(b, `,"skip_wait_after":true`...)
	}
	if len(t.eng.Timers) > 0 {
		l := make([]any, len(t.eng.Timers))
		for i, tm := range t.eng.Timers {
			l[i] = []any{int64(tm.Kind), tm.Due, tm.State, tm.StateInfo, tm.HasInfo}
		}
		b = append(b, `,"timers":`...)
		b = value.AppendCompact(b, l)
	}
	if len(t.Children) > 0 {
		l := make([]any, len(t.Children))
		for i, c := range t.Children {
			l[i] = []any{c.ID, int64(c.Index), c.Accepted}
		}
		b = append(b, `,"children":`...)
		b = value.AppendCompact(b, l)
	}
	t.Rec.Engine = append(b, '}')
}

func (t *Task) decodeEngine(m *value.Map) {
	t.Seq = getInt(m, "seq")
	for _, n := range getList(m, "next") {
		if p, ok := n.([]any); ok && len(p) == 2 {
			name, _ := p[0].(string)
			ev, _ := p[1].(string)
			t.eng.Next = append(t.eng.Next, nextTask{name, ev})
		}
	}
	t.eng.ErrorHandled = getBool(m, "error_handled")
	t.eng.SkipWaitBefore = getBool(m, "skip_wait_before")
	t.eng.SkipWaitAfter = getBool(m, "skip_wait_after")
	for _, n := range getList(m, "timers") {
		if p, ok := n.([]any); ok && len(p) == 5 {
			tm := Timer{}
			k, _ := p[0].(int64)
			tm.Kind = TimerKind(k)
			tm.Due, _ = p[1].(int64)
			tm.State, _ = p[2].(string)
			tm.StateInfo, _ = p[3].(string)
			tm.HasInfo, _ = p[4].(bool)
			t.eng.Timers = append(t.eng.Timers, tm)
		}
	}
	for _, n := range getList(m, "children") {
		if p, ok := n.([]any); ok && len(p) == 3 {
			c := &Child{Task: t}
			c.ID, _ = p[0].(string)
			idx, _ := p[1].(int64)
			c.Index = int(idx)
			c.Accepted, _ = p[2].(bool)
			t.Children = append(t.Children, c)
		}
	}
}

func (a *Action) encodeEngine() {
	b := append(a.Rec.Engine[:0], `{"seq":`...)
	b = strconv.AppendInt(b, int64(a.Seq), 10)
	if a.SafeRerun {
		b = append(b, `,"safe_rerun":true`...)
	}
	if a.Async {
		b = append(b, `,"async":true`...)
	}
	a.Rec.Engine = append(b, '}')
}

func (a *Action) decodeEngine(m *value.Map) {
	a.SafeRerun = getBool(m, "safe_rerun")
	a.Async = getBool(m, "async")
}

// command kinds.
type cmdKind uint8

const (
	cmdRunTask cmdKind = iota
	cmdRunExisting
	cmdNoop
	cmdFail
	cmdSucceed
	cmdPause
)

var cmdNames = [...]string{"run_task", "run_existing_task", "noop", "fail", "succeed", "pause"}

// command is a workflow command (Mistral's workflow/commands.py): run a
// task, or change the workflow state.
type command struct {
	kind cmdKind
	// spec is the task to run, or the task whose transition produced an
	// engine command.
	spec         *dsl.Task
	ctx          *value.Map
	triggeredBy  []any
	handlesError bool
	// wait marks a join task (one execution, WAITING until ready).
	wait bool
	// task, reset and rerun describe a run of an existing execution.
	task  *Task
	reset bool
	rerun bool
	// msg is the msg parameter of fail/succeed/pause.
	msg    any
	hasMsg bool
}

func (c *command) isStateChange() bool {
	return c.kind == cmdFail || c.kind == cmdSucceed || c.kind == cmdPause
}

func (c *command) toMap() *value.Map {
	m := value.NewMap(6)
	m.Set("cmd", cmdNames[c.kind])
	if c.spec != nil {
		m.Set("task", c.spec.Name)
	}
	if c.task != nil {
		m.Set("task_ex", c.task.Rec.ID)
		m.Set("reset", c.reset)
	}
	m.Set("ctx", c.ctx)
	if c.triggeredBy != nil {
		m.Set("triggered_by", c.triggeredBy)
	}
	if c.hasMsg {
		m.Set("msg", c.msg)
	}
	return m
}

func (x *Execution) commandFromMap(m *value.Map) (*command, error) {
	if m == nil {
		return nil, fmt.Errorf("engine record: bad command")
	}
	c := &command{ctx: getMap(m, "ctx"), triggeredBy: getList(m, "triggered_by")}
	name := getStr(m, "cmd")
	for i, n := range cmdNames {
		if n == name {
			c.kind = cmdKind(i)
		}
	}
	if tn := getStr(m, "task"); tn != "" {
		c.spec = x.Def.Spec.Task(tn)
		if c.spec == nil {
			return nil, fmt.Errorf("engine record: unknown task %q", tn)
		}
	}
	if id := getStr(m, "task_ex"); id != "" {
		c.task = x.byID[id]
		c.reset = getBool(m, "reset")
	}
	if v, ok := m.Get("msg"); ok {
		c.msg, c.hasMsg = v, true
	}
	if c.kind == cmdRunTask && c.spec != nil && c.spec.Join != 0 {
		c.wait = true
	}
	return c, nil
}
