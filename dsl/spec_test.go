package dsl

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/mistral-go/mistral-go/dsl/expr"
	"github.com/mistral-go/mistral-go/value"
)

func mustWorkflows(t *testing.T, text string) []*Workflow {
	t.Helper()
	wfs, err := ParseWorkflows(text)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return wfs
}

func raw(d *expr.Data) string {
	if d == nil {
		return "<nil>"
	}
	return value.MarshalPy(d.Value())
}

func names(ts []*Task) string {
	var b []string
	for _, t := range ts {
		b = append(b, t.Name)
	}
	return strings.Join(b, ",")
}

func entries(trs []*Transition) string {
	var b []string
	for _, tr := range trs {
		s := tr.Command.String() + ":" + tr.Name
		if tr.Guard != nil {
			s += " if " + raw(tr.Guard)
		}
		if tr.Params != nil {
			s += " " + raw(tr.Params)
		}
		b = append(b, s)
	}
	return strings.Join(b, "; ")
}

func TestTaskDefaultsFallback(t *testing.T) {
	w := mustWorkflows(t, `version: '2.0'
wf:
  task-defaults:
    on-error: [t3, fail msg="default"]
    on-complete: t3
    wait-before: 5
    timeout: <% $.t %>
    retry: count=2 delay=1
    safe-rerun: true
  tasks:
    t1:
      action: std.noop
      on-error: t2
      wait-before: 0
      timeout: 10
    t2:
      action: std.noop
      retry:
        count: 5
        delay: 3
        break-on: <% $.stop %>
      safe-rerun: false
    t3:
      action: std.noop
`)[0]
	t1, t2, t3 := w.Task("t1"), w.Task("t2"), w.Task("t3")
	if got := entries(t1.OnError); got != "task:t2" {
		t.Errorf("t1 on-error %s", got)
	}
	if got := entries(t2.OnError); got != `task:t3; fail:fail {"msg": "default"}` {
		t.Errorf("t2 on-error %s", got)
	}
	if got := entries(t3.OnError); got != `fail:fail {"msg": "default"}` {
		t.Errorf("t3 on-error (self removed) %s", got)
	}
	if got := entries(t3.OnComplete); got != "" {
		t.Errorf("t3 on-complete %s", got)
	}
	if !t1.HasErrorHandler() || !t3.HasErrorHandler() {
		t.Error("error handlers")
	}
	// wait-before: 0 builds no policy, so the default applies (Mistral).
	if raw(t1.Policies.WaitBefore) != "5" || raw(t1.Policies.Timeout) != "10" {
		t.Errorf("t1 policies %s %s", raw(t1.Policies.WaitBefore), raw(t1.Policies.Timeout))
	}
	if raw(t2.Policies.Timeout) != `"<% $.t %>"` || raw(t2.Policies.Retry.Count) != "5" ||
		raw(t2.Policies.Retry.BreakOn) != `"<% $.stop %>"` {
		t.Errorf("t2 policies")
	}
	if raw(t1.Policies.Retry.Count) != "2" || raw(t1.Policies.Retry.Delay) != "1" || t1.Policies.Retry.BreakOn != nil {
		t.Errorf("t1 retry from defaults")
	}
	if raw(t1.SafeRerun) != "true" || raw(t2.SafeRerun) != "false" {
		t.Errorf("safe-rerun %s %s", raw(t1.SafeRerun), raw(t2.SafeRerun))
	}
	if t3.Policies.PauseBefore != nil || t3.Policies.Concurrency != nil || t3.Policies.FailOn != nil {
		t.Error("unset policies must be nil")
	}
	// Defaults count for the graph: t2 and t3 have inbound transitions.
	if names(w.StartTasks) != "t1" || names(t3.Inbound) != "t1,t2" {
		t.Errorf("start %s, t3 inbound %s", names(w.StartTasks), names(t3.Inbound))
	}
	if raw(w.TaskDefaults.Policies.Retry.Count) != "2" || len(w.TaskDefaults.OnError) != 2 {
		t.Errorf("task-defaults as written")
	}
}

func TestTransitions(t *testing.T) {
	w := mustWorkflows(t, `version: '2.0'
wf:
  tasks:
    t1:
      action: std.noop
      on-success:
        - t2: <% $.x > 1 %>
        - fail msg="boom <% $.e %>"
        - noop
        - succeed
        - pause
      on-complete: t3 foo=1
      on-error:
        t2: <% $.ignored %>
    t2:
      action: std.noop
      on-success:
        next:
          t3: <% $.lost %>
    t3:
      action: std.noop
      on-success: fail(msg="a b")
    fail:
      action: std.noop
`)[0]
	t1, t2, t3 := w.Task("t1"), w.Task("t2"), w.Task("t3")
	want := `task:t2 if "<% $.x > 1 %>"; fail:fail {"msg": "boom <% $.e %>"}; noop:noop; succeed:succeed; pause:pause`
	if got := entries(t1.OnSuccess); got != want {
		t.Errorf("on-success\n%s\nwant\n%s", got, want)
	}
	if t1.OnSuccess[0].Task != t2 || t1.OnSuccess[1].Task != nil {
		t.Error("targets")
	}
	if got := entries(t1.OnComplete); got != `task:t3 {"foo": 1}` {
		t.Errorf("on-complete %s", got)
	}
	// A clause that is a single mapping is Mistral's advanced form: no
	// entries. A mapping under "next" loses its guards.
	if len(t1.OnError) != 0 || t1.HasErrorHandler() {
		t.Errorf("on-error %s", entries(t1.OnError))
	}
	if got := entries(t2.OnSuccess); got != "task:t3" {
		t.Errorf("next mapping %s", got)
	}
	if got := entries(t3.OnSuccess); got != `fail:fail {"msg": "a b"}` {
		t.Errorf("func form %s", got)
	}
	// The task named "fail" counts as a target of "fail" entries in the
	// graph, though the engine command runs.
	if names(w.Task("fail").Inbound) != "t1,t3" || names(w.StartTasks) != "t1" {
		t.Errorf("fail inbound %s start %s", names(w.Task("fail").Inbound), names(w.StartTasks))
	}
	if names(t1.Outbound) != "t2,fail,t3" {
		t.Errorf("t1 outbound %s", names(t1.Outbound))
	}
}

func TestTaskInputAndAction(t *testing.T) {
	w := mustWorkflows(t, `version: '2.0'
wf:
  tasks:
    a:
      action: std.echo output="inline" extra=[1, 2]
      input:
        output: from input
        other: <% $.x %>
    b:
      workflow: sub param=1
    c:
      action: <% $.name %> x=1
    d:
      input: <% $.all %>
      action: std.http
    e:
      description: noop task
`)[0]
	a, b, c, d, e := w.Task("a"), w.Task("b"), w.Task("c"), w.Task("d"), w.Task("e")
	if a.Kind != ActionTask || a.Action != "std.echo" || raw(a.Input) != `{"output": "inline", "other": "<% $.x %>", "extra": [1, 2]}` {
		t.Errorf("a: %v %s %s", a.Kind, a.Action, raw(a.Input))
	}
	// Mistral merges the inline parameters into the spec's input too.
	if got := value.MarshalPy(get(a.Spec, "input")); got != `{"output": "inline", "other": "<% $.x %>", "extra": [1, 2]}` {
		t.Errorf("a spec input %s", got)
	}
	if b.Kind != WorkflowTask || b.Workflow != "sub" || b.Action != "" || raw(b.Input) != `{"param": 1}` || b.Kind.String() != "WORKFLOW" {
		t.Errorf("b: %v %q %q %s", b.Kind, b.Workflow, b.Action, raw(b.Input))
	}
	if c.Action != "<% $.name %>" || raw(c.NameExpr) != `"<% $.name %>"` {
		t.Errorf("c: %q", c.Action)
	}
	if !d.DynamicInput || raw(d.Input) != `"<% $.all %>"` {
		t.Errorf("d: %v %s", d.DynamicInput, raw(d.Input))
	}
	if e.Action != "std.noop" || e.Input != nil || e.Description != "noop task" || raw(e.KeepResult) != "true" {
		t.Errorf("e: %q %v %q", e.Action, e.Input, e.Description)
	}
	// The spec keeps Mistral's additions, in Mistral's order.
	if got := strings.Join(e.Spec.Keys(), ","); got != "description,type,name,version" {
		t.Errorf("spec keys %s", got)
	}
	if got := strings.Join(w.Spec.Keys(), ","); got != "tasks,name,version" {
		t.Errorf("workflow spec keys %s", got)
	}
}

func TestPublishMerge(t *testing.T) {
	w := mustWorkflows(t, `version: '2.0'
wf:
  tasks:
    t1:
      action: std.noop
      publish:
        a: 1
        b: 1
      publish-on-error:
        e: 1
      on-complete:
        publish:
          branch: {b: 2, c: 2}
          global: {g: 2}
      on-success:
        publish:
          branch: {a: 3, s: 3}
          global: {g: 3, h: 3}
        next: t2
      on-error:
        publish:
          atomic: {z: 1}
    t2:
      action: std.noop
`)[0]
	t1 := w.Task("t1")
	// on-success < publish < on-complete, on-success's keys first.
	if got := raw(t1.OnSuccessPublish.Branch); got != `{"a": 1, "s": 3, "b": 2, "c": 2}` {
		t.Errorf("success branch %s", got)
	}
	// Mistral's quirk: the plain publish has no global part, so
	// on-complete's global is dropped; on-error's publish has no branch
	// or global part, so everything else is dropped on ERROR.
	if got := raw(t1.OnSuccessPublish.Global); got != `{"g": 3, "h": 3}` {
		t.Errorf("success global %s", got)
	}
	if t1.OnErrorPublish.Branch != nil || t1.OnErrorPublish.Global != nil {
		t.Errorf("error publish %s %s", raw(t1.OnErrorPublish.Branch), raw(t1.OnErrorPublish.Global))
	}
	if t2 := w.Task("t2"); t2.OnSuccessPublish.Branch != nil || t2.OnErrorPublish.Global != nil {
		t.Error("t2 publishes nothing")
	}
}

func TestWithItemsJoinAndPolicies(t *testing.T) {
	w := mustWorkflows(t, `version: '2.0'
wf:
  tasks:
    a:
      with-items:
        - 'x in [1, "two", {"k": null}]'
        - y in <% $.ys %>
      concurrency: 2.0
      pause-before: yes
      fail-on: <% $.bad %>
      keep-result: false
      target: <% $.host %>
      on-success: [c, d]
    b:
      with-items: z in {{ _.zs }}
      on-success: [c, d]
    c:
      join: all
    d:
      join: one
`)[0]
	a, b, c, d := w.Task("a"), w.Task("b"), w.Task("c"), w.Task("d")
	if len(a.WithItems) != 2 || a.WithItems[0].Var != "x" || raw(a.WithItems[0].Values) != `[1, "two", {"k": null}]` ||
		a.WithItems[1].Var != "y" || raw(a.WithItems[1].Values) != `"<% $.ys %>"` {
		t.Errorf("with-items %+v", a.WithItems)
	}
	if b.WithItems[0].Var != "z" || raw(b.WithItems[0].Values) != `"{{ _.zs }}"` {
		t.Errorf("jinja with-items")
	}
	if raw(a.Policies.Concurrency) != "2" || raw(a.Policies.PauseBefore) != "true" || raw(a.Policies.FailOn) != `"<% $.bad %>"` {
		t.Errorf("policies %s %s %s", raw(a.Policies.Concurrency), raw(a.Policies.PauseBefore), raw(a.Policies.FailOn))
	}
	if raw(a.KeepResult) != "false" || raw(a.Target) != `"<% $.host %>"` {
		t.Error("keep-result/target")
	}
	if c.Join != JoinAll || d.Join != 1 || a.Join != 0 {
		t.Errorf("join %d %d %d", c.Join, d.Join, a.Join)
	}
	if names(c.Inbound) != "a,b" || names(w.StartTasks) != "a,b" || c.IsStart() || !a.IsStart() {
		t.Errorf("inbound %s start %s", names(c.Inbound), names(w.StartTasks))
	}
}

func TestReverseRequires(t *testing.T) {
	w := mustWorkflows(t, `version: '2.0'
wf:
  type: reverse
  task-defaults:
    requires: [setup]
  tasks:
    setup:
      action: std.noop
    a:
      action: std.noop
    b:
      requires: a
    c:
      requires: [b, a]
    lone:
      action: std.noop
`)[0]
	if w.Type != Reverse || len(w.StartTasks) != 0 {
		t.Errorf("type %s start %d", w.Type, len(w.StartTasks))
	}
	if got := names(w.Task("c").Requires); got != "b,a,setup" {
		t.Errorf("c requires %s", got)
	}
	if got := names(w.Task("setup").Requires); got != "" {
		t.Errorf("setup requires itself: %s", got)
	}
	if got := names(w.RequiredTasks(w.Task("c"))); got != "setup,a,b,c" {
		t.Errorf("closure %s", got)
	}
	if got := names(w.RequiredTasks(w.Task("lone"))); got != "setup,lone" {
		t.Errorf("lone closure %s", got)
	}
}

func TestWorkbook(t *testing.T) {
	text := `---
version: '2.0'
name: my_wb
description: The workbook
tags: [a, b]

actions:
  greet:
    base: std.echo output="Hello, <% $.name %>"
    input:
      - name
    output: <% $ %>

workflows:
  main:
    # comment inside
    input: [name]
    tasks:
      t1:
        action: greet name=<% $.name %>
        on-success: t2

      t2:
        workflow: sub
  sub:
    tasks:
      only:
        action: std.noop
`
	wb, err := ParseWorkbook(text)
	if err != nil {
		t.Fatal(err)
	}
	if wb.Name != "my_wb" || wb.Description != "The workbook" || strings.Join(wb.Tags, ",") != "a,b" || wb.Definition != text {
		t.Errorf("workbook %+v", wb)
	}
	if len(wb.Actions) != 1 || wb.Actions[0].Name != "my_wb.greet" || wb.Actions[0].Workbook != "my_wb" ||
		wb.Actions[0].Base != "std.echo" || raw(wb.Actions[0].BaseInput) != `{"output": "Hello, <% $.name %>"}` {
		t.Errorf("action %+v", wb.Actions[0])
	}
	wantAction := "greet:\n  base: std.echo output=\"Hello, <% $.name %>\"\n  input:\n    - name\n  output: <% $ %>\n"
	if wb.Actions[0].Definition != wantAction {
		t.Errorf("action definition %q", wb.Actions[0].Definition)
	}
	main := wb.Workflows[0]
	if main.Name != "my_wb.main" || main.Workbook != "my_wb" || getString(main.Spec, "name") != "main" {
		t.Errorf("workflow %s %s", main.Name, main.Workbook)
	}
	wantMain := "main:\n  # comment inside\n  input: [name]\n  tasks:\n    t1:\n      action: greet name=<% $.name %>\n      on-success: t2\n\n    t2:\n      workflow: sub\n"
	if main.Definition != wantMain {
		t.Errorf("main definition %q", main.Definition)
	}
	again, err := ParseWorkflowDefinition(main.Definition, "my_wb")
	if err != nil {
		t.Fatal(err)
	}
	if again.Name != "my_wb.main" || again.Workbook != "my_wb" || len(again.Tasks) != 2 || again.Definition != main.Definition {
		t.Errorf("re-parsed %s %s %d", again.Name, again.Workbook, len(again.Tasks))
	}
	if _, err := ParseWorkbook(strings.Replace(text, "name: my_wb", "name: my wb", 1)); err == nil ||
		err.Error() != "Name 'my wb' must not contain spaces" {
		t.Errorf("spaces: %v", err)
	}
	if err := ValidateWorkbook(strings.Replace(text, "name: my_wb", "name: my wb", 1)); err != nil {
		t.Errorf("validate does not check spaces: %v", err)
	}
}

func TestWorkbookSliceFallback(t *testing.T) {
	// A flow-style workflow cannot be cut out of the text as Mistral does;
	// its definition is the dumped workflow instead, which reads back.
	text := "version: '2.0'\nname: wb\nworkflows:\n  wf: {tasks: {t1: {action: std.noop}}}\n"
	wb, err := ParseWorkbook(text)
	if err != nil {
		t.Fatal(err)
	}
	if got := wb.Workflows[0].Definition; got != "wf:\n  tasks:\n    t1:\n      action: std.noop\n" {
		t.Errorf("definition %q", got)
	}
	if _, err := ParseWorkflowDefinition(wb.Workflows[0].Definition, "wb"); err != nil {
		t.Error(err)
	}
}

func TestErrorLines(t *testing.T) {
	cases := []struct {
		text string
		line int
	}{
		{"version: '2.0'\nwf:\n  tasks:\n    t1:\n      action: std.noop\n      foo: 1\n", 4},
		{"version: '2.0'\nwf:\n  tasks:\n    t1:\n      action: std.noop\n      on-success:\n        - t2: true\n", 7},
		{"version: '2.0'\nwf:\n  tasks:\n    t1:\n      action: std.noop\n      wait-before: -1\n", 6},
		{"version: '2.0'\nwf:\n  tasks:\n    t1:\n      action: std.noop\n      on-success: t9\n", 4},
		{"version: '2.0'\nwf:\n  input: [a, a]\n  tasks:\n    t1:\n      action: std.noop\n", 3},
	}
	for _, c := range cases {
		_, err := ParseWorkflows(c.text)
		e, ok := err.(*Error)
		if !ok {
			t.Errorf("%q: %v", c.text, err)
			continue
		}
		if e.Line != c.line {
			t.Errorf("%q: line %d, want %d (%s)", c.text, e.Line, c.line, firstLine(e.Msg))
		}
	}
}

func TestSpecHoldsOnlyValues(t *testing.T) {
	w := mustWorkflows(t, "version: '2.0'\nwf:\n  note: [2020-01-02]\n  input:\n    - d: [2020-01-01]\n  tasks:\n    t1:\n      action: std.noop\n")[0]
	if got := value.MarshalPy(w.Spec); !strings.Contains(got, `"note": ["2020-01-02"]`) || !strings.Contains(got, `"d": ["2020-01-01"]`) {
		t.Errorf("spec %s", got)
	}
	if got := value.MarshalPy(w.Interface()); got != `{"input": [{"d": ["2020-01-01"]}], "output": []}` {
		t.Errorf("interface %s", got)
	}
}

func TestParseActionDefinition(t *testing.T) {
	list := "version: '2.0'\na1:\n  base: std.echo output=1\nA2:\n  base: std.noop\n  input: [x]\n"
	a, err := ParseActionDefinition(list, "A2", "")
	if err != nil || a.Name != "A2" || a.Base != "std.noop" || len(a.Input) != 1 || a.Definition != list {
		t.Fatalf("%v %+v", err, a)
	}
	if _, err := ParseActionDefinition(list, "nope", ""); err == nil {
		t.Error("unknown action")
	}
	wb, err := ParseWorkbook("version: '2.0'\nname: wb\nactions:\n  act:\n    base: std.echo output=\"x\"\n    output: <% $ %>\n")
	if err != nil {
		t.Fatal(err)
	}
	a, err = ParseActionDefinition(wb.Actions[0].Definition, "wb.act", "wb")
	if err != nil || a.Name != "wb.act" || a.Workbook != "wb" || raw(a.BaseInput) != `{"output": "x"}` || raw(a.Output) != `"<% $ %>"` {
		t.Fatalf("%v %+v", err, a)
	}
}

func TestWorkbookSliceMisleadingText(t *testing.T) {
	// "workflows:" in the description makes Mistral's search start there;
	// the cut still reads back as the workflow, or the workflow is dumped.
	text := "version: '2.0'\nname: wb\ndescription: |\n  workflows:\n  wf:\n    junk\nworkflows:\n  wf:\n    tasks:\n      t1:\n        action: std.noop\n"
	wb, err := ParseWorkbook(text)
	if err != nil {
		t.Fatal(err)
	}
	w, err := ParseWorkflowDefinition(wb.Workflows[0].Definition, "wb")
	if err != nil || len(w.Tasks) != 1 {
		t.Fatalf("%v %q", err, wb.Workflows[0].Definition)
	}
}

// TestPublishAsMistral compares what tasks publish with Mistral 15's
// get_publish on every combination of publish, on-complete and
// on-success/on-error advanced publish (testdata/publish_cases.json).
func TestPublishAsMistral(t *testing.T) {
	b, err := os.ReadFile("testdata/publish_cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Text   string          `json:"text"`
		State  string          `json:"state"`
		Result json.RawMessage `json:"result"`
	}
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		w := mustWorkflows(t, c.Text)[0]
		pub := w.Task("t1").OnSuccessPublish
		if c.State == "ERROR" {
			pub = w.Task("t1").OnErrorPublish
		}
		want, err := value.Decode(c.Result)
		if err != nil {
			t.Fatal(err)
		}
		got := "[" + rawOrNull(pub.Branch) + ", " + rawOrNull(pub.Global) + "]"
		if got != value.MarshalPy(want) {
			t.Errorf("%s\n%s: got %s, Mistral %s", c.Text, c.State, got, value.MarshalPy(want))
		}
	}
}

func rawOrNull(d *expr.Data) string {
	if d == nil {
		return "null"
	}
	return raw(d)
}
