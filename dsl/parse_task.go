package dsl

import (
	"fmt"
	"strings"

	"github.com/mistral-go/mistral-go/value"
)

const (
	maxTaskName     = 255
	maxJoinTaskName = maxTaskName - 47
)

// withItemsPattern is Mistral's with-items entry pattern (matched at the
// start of the entry only).
var withItemsPattern = pyRegexp(`^\s*([\w\d_\-]+)\s*in\s*(\[.+\]|(\{\{(.*?)\}\})|<%.*?%>)`)

// taskDraft is a task being built: its clauses wait for the whole
// workflow to be known.
type taskDraft struct {
	t                              *Task
	m                              *value.Map
	onComplete, onSuccess, onError *rawClause
	requires                       []string
	publish, publishOnError        *value.Map
	line                           int
}

// task parses and validates one task mapping (with "type", "name" and
// "version" already set on it), in Mistral's order of checks.
func (p *parser) task(m *value.Map, name, typ string, index int) (*taskDraft, *Error) {
	line := p.doc.MapLine(m)
	s := sDirectTask
	if typ == Reverse {
		s = sReverseTask
	}
	if err := p.validate(m, s); err != nil {
		return nil, err
	}
	if len([]rune(name)) > maxTaskName {
		return nil, &Error{Msg: fmt.Sprintf("The length of a '%s' task name must not exceed %d symbols", name, maxTaskName), Line: line}
	}
	action, _ := m.Get("action")
	workflow, _ := m.Get("workflow")
	if cmdStr := firstString(action, workflow); cmdStr != "" {
		k := "action"
		if !value.Truthy(action) {
			k = "workflow"
		}
		_, params, err := parseCmd(cmdStr)
		if err != nil {
			err.Line = p.lineOf(m, k)
			return nil, err
		}
		if err := p.checkExpr(params, p.lineOf(m, k)); err != nil {
			return nil, err
		}
	}
	for _, k := range []string{"input", "publish", "publish-on-error", "keep-result", "safe-rerun"} {
		if err := p.checkExpr(get(m, k), p.lineOf(m, k)); err != nil {
			return nil, err
		}
	}
	t := &Task{Name: name, Index: index, Spec: m}
	d := &taskDraft{t: t, m: m, line: line}
	t.Description = getString(m, "description")
	t.Tags = stringList(get(m, "tags"))

	var err *Error
	if t.WithItems, err = p.withItems(m); err != nil {
		return nil, err
	}
	if t.Policies, err = p.policies(m); err != nil {
		return nil, err
	}
	if t.Target, err = p.compileOpt(get(m, "target"), p.lineOf(m, "target")); err != nil {
		return nil, err
	}
	keep := any(true)
	if v, ok := m.Get("keep-result"); ok {
		keep = v
	}
	if t.KeepResult, err = p.compile(keep, p.lineOf(m, "keep-result")); err != nil {
		return nil, err
	}
	if v, ok := m.Get("safe-rerun"); ok && v != nil {
		if t.SafeRerun, err = p.compile(v, p.lineOf(m, "safe-rerun")); err != nil {
			return nil, err
		}
	}
	if err := p.actionAndInput(d, action, workflow); err != nil {
		return nil, err
	}
	d.publish = getMap(m, "publish")
	d.publishOnError = getMap(m, "publish-on-error")

	if typ == Reverse {
		d.requires = stringList(get(m, "requires"))
		return d, nil
	}
	if j, ok := m.Get("join"); ok {
		switch v := j.(type) {
		case string:
			if v == "all" {
				t.Join = JoinAll
			} else {
				t.Join = 1
			}
		case int64:
			t.Join = int(v)
		case float64:
			t.Join = int(v)
		}
	}
	if d.onComplete, d.onSuccess, d.onError, err = p.clauses(m); err != nil {
		return nil, err
	}
	if t.Join != 0 && len([]rune(name)) > maxJoinTaskName {
		return nil, &Error{Msg: fmt.Sprintf("The length of a '%s' join task name must not exceed %d symbols", name, maxJoinTaskName), Line: line}
	}
	return d, nil
}

func firstString(vs ...any) string {
	for _, v := range vs {
		if s, ok := v.(string); ok && s != "" {
			return s
		}
	}
	return ""
}

// withItems parses with-items entries: "var in [json, list]" or
// "var in <expression>".
func (p *parser) withItems(m *value.Map) ([]WithItem, *Error) {
	raw, ok := m.Get("with-items")
	if !ok || raw == nil {
		return nil, nil
	}
	line := p.lineOf(m, "with-items")
	items := []any{raw}
	if l, ok := raw.([]any); ok {
		items = l
	}
	var out []WithItem
	for _, it := range items {
		s, ok := it.(string)
		if !ok {
			return nil, &Error{Msg: "'with-items' elements should be strings: " + value.Str(m), Line: line}
		}
		g := withItemsPattern.FindStringSubmatch(s)
		if g == nil {
			return nil, &Error{Msg: "Wrong format of 'with-items' property. Please use format 'var in {[some, list] | <% $.array %> }: " + value.Str(m), Line: line}
		}
		name, array := g[1], g[2]
		if err := p.checkExpr(array, line); err != nil {
			return nil, err
		}
		var coll any = array
		if strings.HasPrefix(array, "[") {
			v, err := value.DecodeString(array)
			if err != nil {
				return nil, &Error{Msg: fmt.Sprintf("Invalid array in 'with-items' clause: %s, error: %s", array, err), Line: line}
			}
			coll = v
		}
		d, err := p.compile(coll, line)
		if err != nil {
			return nil, err
		}
		replaced := false
		for i := range out {
			if out[i].Var == name {
				out[i].Values, replaced = d, true
			}
		}
		if !replaced {
			out = append(out, WithItem{Var: name, Values: d})
		}
	}
	return out, nil
}

// actionAndInput resolves what the task runs and its input: inline
// parameters are merged into "input" in place (the inline value wins), as
// Mistral's spec does.
func (p *parser) actionAndInput(d *taskDraft, action, workflow any) *Error {
	t, m := d.t, d.m
	params := value.NewMap(0)
	key := "action"
	switch {
	case value.Truthy(action):
		s, _ := action.(string)
		name, ps, err := parseCmd(s)
		if err != nil {
			err.Line = p.lineOf(m, "action")
			return err
		}
		t.Kind, t.Action, params = ActionTask, name, ps
	case value.Truthy(workflow):
		s, _ := workflow.(string)
		name, ps, err := parseCmd(s)
		if err != nil {
			err.Line = p.lineOf(m, "workflow")
			return err
		}
		t.Kind, t.Workflow, params, key = WorkflowTask, name, ps, "workflow"
	default:
		t.Kind, t.Action = ActionTask, "std.noop"
	}
	line := p.lineOf(m, key)
	nameExpr, err := p.compile(t.Action+t.Workflow, line)
	if err != nil {
		return err
	}
	t.NameExpr = nameExpr
	input, hasInput := m.Get("input")
	switch in := input.(type) {
	case string:
		if params.Len() > 0 {
			return &Error{Msg: fmt.Sprintf("Invalid DSL: task '%s' has inline parameters in '%s' and an expression as 'input'; use an 'input' mapping instead", t.Name, key), Line: p.lineOf(m, "input")}
		}
		d, err := p.compile(in, p.lineOf(m, "input"))
		if err != nil {
			return err
		}
		t.Input, t.DynamicInput = d, true
		return nil
	case *value.Map:
		mergeInto(in, params)
		params = in
	default:
		if hasInput && input != nil {
			return &Error{Msg: "Invalid DSL: " + pyRepr(input) + " is not valid under any of the given schemas", Line: p.lineOf(m, "input")}
		}
	}
	if params.Len() == 0 {
		return nil
	}
	in, err := p.compile(params, p.lineOf(m, "input"))
	if err != nil {
		return err
	}
	t.Input = in
	return nil
}
