package workflow

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/mistral-go/mistral-go/actions"
	"github.com/mistral-go/mistral-go/dsl"
	"github.com/mistral-go/mistral-go/value"
)

// A simulated runtime for controller tests: a fake Host over plain data
// and a loop that plays the effects back as events (actions run inline,
// timers fire by advancing a fake clock, sub-workflows and their parents
// talk through a queue). No disk, no goroutines.

type fakeHost struct {
	now       time.Time
	n         int
	workflows map[string]*Definition // namespace + "/" + name
	reg       *actions.Registry
	adhoc     map[string]*dsl.Action // namespace + "/" + name
	envs      map[string]*value.Map
}

func newHost() *fakeHost {
	return &fakeHost{
		now:       time.Unix(1_700_000_000, 0),
		workflows: map[string]*Definition{},
		reg:       actions.Std(actions.Config{}),
		adhoc:     map[string]*dsl.Action{},
		envs:      map[string]*value.Map{},
	}
}

func (h *fakeHost) Now() time.Time { return h.now }

func (h *fakeHost) NewID() string {
	h.n++
	return fmt.Sprintf("00000000-0000-4000-8000-%012d", h.n)
}

func (h *fakeHost) FindWorkflow(project, ns, name string) (*Definition, error) {
	if d := h.workflows[ns+"/"+name]; d != nil {
		return d, nil
	}
	return h.workflows["/"+name], nil
}

func (h *fakeHost) FindAction(project, ns, name string) (*ActionDef, error) {
	if a, ok := h.reg.Lookup(name); ok {
		return &ActionDef{Std: a}, nil
	}
	d := h.adhoc[ns+"/"+name]
	if d == nil {
		d = h.adhoc["/"+name]
	}
	if d == nil {
		return nil, nil
	}
	ah, err := actions.NewAdHoc(d, ns, func(from *dsl.Action, base string) (*dsl.Action, *actions.Action, error) {
		if a, ok := h.reg.Lookup(base); ok {
			return nil, a, nil
		}
		if from.Workbook != "" {
			if d := h.adhoc[ns+"/"+from.Workbook+"."+base]; d != nil {
				return d, nil, nil
			}
		}
		if d := h.adhoc[ns+"/"+base]; d != nil {
			return d, nil, nil
		}
		return h.adhoc["/"+base], nil, nil
	})
	if err != nil {
		return nil, err
	}
	return &ActionDef{AdHoc: ah}, nil
}

func (h *fakeHost) FindEnvironment(project, name string) (*value.Map, error) {
	return h.envs[name], nil
}

func (h *fakeHost) Tasks(q TasksQuery) ([]any, error) { return nil, nil }

func (h *fakeHost) Executions(q ExecutionsQuery) ([]any, error) { return nil, nil }

// addWorkflows parses a workflow list document into namespace ns.
func (h *fakeHost) addWorkflows(t *testing.T, ns, text string) {
	t.Helper()
	wfs, err := dsl.ParseWorkflows(text)
	if err != nil {
		t.Fatalf("parse workflows: %v", err)
	}
	for _, w := range wfs {
		h.workflows[ns+"/"+w.Name] = &Definition{ID: "wf-" + w.Name, Name: w.Name, Namespace: ns, Tags: w.Tags, Spec: w, Text: w.Definition}
	}
}

func (h *fakeHost) addWorkbook(t *testing.T, ns, text string) {
	t.Helper()
	wb, err := dsl.ParseWorkbook(text)
	if err != nil {
		t.Fatalf("parse workbook: %v", err)
	}
	for _, w := range wb.Workflows {
		h.workflows[ns+"/"+w.Name] = &Definition{ID: "wf-" + w.Name, Name: w.Name, Namespace: ns, Spec: w, Text: w.Definition, Workbook: wb.Name}
	}
	for _, a := range wb.Actions {
		h.adhoc[ns+"/"+a.Name] = a
	}
}

func (h *fakeHost) addActions(t *testing.T, ns, text string) {
	t.Helper()
	acts, err := dsl.ParseActions(text)
	if err != nil {
		t.Fatalf("parse actions: %v", err)
	}
	for _, a := range acts {
		h.adhoc[ns+"/"+a.Name] = a
	}
}

type simTimer struct {
	exec, task string
	kind       TimerKind
	due        int64
}

type sim struct {
	t       *testing.T
	h       *fakeHost
	execs   map[string]*Execution
	order   []*Execution
	queue   []func(out *Output)
	timers  []simTimer
	pending map[string]*RunAction // async actions waiting for the API
	events  int
	// runs counts action runs by action name.
	runs map[string]int
}

func newSim(t *testing.T, h *fakeHost) *sim {
	return &sim{t: t, h: h, execs: map[string]*Execution{}, pending: map[string]*RunAction{}, runs: map[string]int{}}
}

func (s *sim) add(x *Execution) {
	if s.execs[x.Rec.ID] == nil {
		s.order = append(s.order, x)
	}
	s.execs[x.Rec.ID] = x
}

// start starts a workflow and runs it until nothing is left to do.
func (s *sim) start(ns, name string, input, params *value.Map) *Execution {
	s.t.Helper()
	x, err := s.tryStart(ns, name, input, params)
	if err != nil {
		s.t.Fatalf("start %s: %v", name, err)
	}
	return x
}

func (s *sim) tryStart(ns, name string, input, params *value.Map) (*Execution, error) {
	def, _ := s.h.FindWorkflow("", ns, name)
	if def == nil {
		s.t.Fatalf("no workflow %s", name)
	}
	if params == nil {
		params = value.NewMap(0)
	}
	var out Output
	x, err := Start(s.h, StartParams{ID: s.h.NewID(), Def: def, Input: input, Params: params, ProjectID: "p"}, &out)
	if err != nil {
		return nil, err
	}
	s.add(x)
	s.apply(&out)
	s.run()
	return x, nil
}

// apply plays the effects of out.
func (s *sim) apply(out *Output) {
	out.Seal()
	s.effects(out.Effects)
	out.Reset()
}

func (s *sim) effects(effects []Effect) {
	for _, e := range effects {
		switch e := e.(type) {
		case *RunAction:
			s.runs[e.Call.Action.Name]++
			x := s.execs[e.Context.WorkflowExecutionID]
			res := e.Call.Run(context.Background(), &e.Context, 0)
			id := e.Action.Rec.ID
			if res.State == actions.StatePending {
				s.pending[id] = e
				continue
			}
			s.queue = append(s.queue, func(out *Output) { x.OnActionResult(out, id, res.State, res.Data) })
		case *SpawnChild:
			s.add(e.Child)
			s.effects(e.Effects)
		case *NotifyParent:
			n := e
			s.queue = append(s.queue, func(out *Output) { s.execs[n.ParentID].OnChildResult(out, n) })
		case *ControlChild:
			c := e
			s.queue = append(s.queue, func(out *Output) {
				x := s.execs[c.ID]
				switch c.Op {
				case ChildPause:
					_ = x.Pause(out)
				case ChildResume:
					_ = x.Resume(out, nil)
				case ChildCancel:
					_ = x.Stop(out, Cancelled, c.Msg, c.HasMsg)
				}
			})
		case *ArmTimer:
			x := s.execOfTask(e.TaskID)
			s.timers = append(s.timers, simTimer{x.Rec.ID, e.TaskID, e.Kind, e.Due})
		}
	}
}

func (s *sim) execOfTask(id string) *Execution {
	for _, x := range s.execs {
		if x.Task(id) != nil {
			return x
		}
	}
	s.t.Fatalf("no execution has task %s", id)
	return nil
}

// run plays queued events, then due timers (advancing the clock), until
// nothing is left.
func (s *sim) run() {
	for {
		for len(s.queue) > 0 {
			f := s.queue[0]
			s.queue = s.queue[1:]
			var out Output
			f(&out)
			s.apply(&out)
			s.events++
			if s.events > 100000 {
				s.t.Fatal("runaway simulation")
			}
		}
		if len(s.timers) == 0 {
			return
		}
		sort.SliceStable(s.timers, func(i, j int) bool { return s.timers[i].due < s.timers[j].due })
		tm := s.timers[0]
		s.timers = s.timers[1:]
		if due := time.Unix(0, tm.due); due.After(s.h.now) {
			s.h.now = due
		}
		s.queue = append(s.queue, func(out *Output) { s.execs[tm.exec].OnTimer(out, tm.task, tm.kind, tm.due) })
	}
}

// do runs fn as an event and everything that follows.
func (s *sim) do(fn func(out *Output)) {
	s.queue = append(s.queue, fn)
	s.run()
}

// complete delivers the result of a pending async action through the
// API path.
func (s *sim) complete(actionID, state string, output any) error {
	ra := s.pending[actionID]
	if ra == nil {
		s.t.Fatalf("no pending action %s", actionID)
	}
	x := s.execs[ra.Context.WorkflowExecutionID]
	var err error
	s.do(func(out *Output) { err = x.UpdateAction(out, actionID, state, output, true) })
	if IsCompleted(state) && err == nil {
		delete(s.pending, actionID)
	}
	return err
}

func (s *sim) pendingIDs() []string {
	var ids []string
	for id := range s.pending {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// task returns the newest execution of a task by name.
func task(x *Execution, name string) *Task {
	t := x.lastTaskNamed(name)
	if t == nil {
		panic("no task " + name)
	}
	return t
}

func js(v any) string { return string(value.AppendPy(nil, v)) }

func obj(t *testing.T, s string) *value.Map {
	t.Helper()
	v, err := value.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return v.(*value.Map)
}

// states lists "name=STATE" of every task in creation order.
func states(x *Execution) string {
	var b []string
	for _, t := range x.Tasks {
		b = append(b, t.Rec.Name+"="+t.Rec.State)
	}
	return strings.Join(b, " ")
}

func info(x *Execution) string {
	if !x.Rec.HasStateInfo {
		return "<null>"
	}
	return x.Rec.StateInfo
}

func expect(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s:\n got  %s\n want %s", what, got, want)
	}
}
