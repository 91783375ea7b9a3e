package dsl

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/mistral-go/mistral-go/dsl/pyyaml"
	"github.com/mistral-go/mistral-go/value"
)

// ParseWorkflows parses and validates a workflow list document (the body
// of POST/PUT /v2/workflows). Every error is an *Error.
func ParseWorkflows(text string) ([]*Workflow, error) {
	wfs, err := parseWorkflowList(text)
	return stored(wfs, err, func(w *Workflow) string { return w.Name })
}

// ValidateWorkflows is what POST /v2/workflows/validate checks: the
// checks of ParseWorkflows except those Mistral only makes when it stores
// the workflows (names without spaces). It returns nil or an *Error.
func ValidateWorkflows(text string) error { return valid(parseWorkflowList(text)) }

func parseWorkflowList(text string) ([]*Workflow, *Error) {
	return twice(func(strict bool) ([]*Workflow, *Error) {
		wfs, _, err := listOf(text, strict, func(p *parser, it item) (*Workflow, *Error) {
			return p.workflowItem(it.name, it.value, "", it.line)
		})
		if err != nil {
			return nil, err
		}
		if len(wfs) == 1 {
			wfs[0].Definition = text
		} else if err := regenerateDefinitions(text, wfs); err != nil {
			return nil, err
		}
		return wfs, nil
	})
}

// listOf parses a workflow or action list document, building each item.
func listOf[T any](text string, strict bool, build func(*parser, item) (T, *Error)) ([]T, *pyyaml.Document, *Error) {
	doc, err := parseYAML(text)
	if err != nil {
		return nil, nil, err
	}
	p := newParser(doc, strict)
	items, err := p.list(doc.Root)
	if err != nil {
		return nil, nil, err
	}
	out := make([]T, 0, len(items))
	for _, it := range items {
		v, err := build(p, it)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, v)
	}
	doc.Plain(doc.Root, false)
	return out, doc, nil
}

// stored applies the checks Mistral's database makes to stored names.
func stored[T any](items []T, err *Error, name func(T) string) ([]T, error) {
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		if err := checkStoredName(name(it)); err != nil {
			return nil, err
		}
	}
	return items, nil
}

// valid turns a parse result into a validation result.
func valid[T any](_ T, err *Error) error {
	if err != nil {
		return err
	}
	return nil
}

// item is one entry of a list document or workbook section.
type item struct {
	name  string
	value any
	line  int
}

// list validates a workflow or action list document and returns its
// items (every key but "version").
func (p *parser) list(root any) ([]item, *Error) {
	if err := p.validate(root, sItemList); err != nil {
		return nil, err
	}
	m := root.(*value.Map)
	if m.Len() < 2 {
		return nil, &Error{Msg: fmt.Sprintf("At least one item must be in the list [data=%s].", value.Repr(m)), Line: p.doc.MapLine(m)}
	}
	return p.items(m), nil
}

// items lists the entries of m other than "version", marking each
// mapping with its name and version as Mistral does.
func (p *parser) items(m *value.Map) []item {
	out := make([]item, 0, m.Len())
	for i := 0; i < m.Len(); i++ {
		k, v := m.At(i)
		if k == "version" {
			continue
		}
		if vm, ok := v.(*value.Map); ok {
			vm.Set("name", k)
			vm.Set("version", "2.0")
		}
		out = append(out, item{name: k, value: v, line: p.doc.KeyLine(m, i)})
	}
	return out
}

// workflowItem parses one workflow of a list or workbook.
func (p *parser) workflowItem(name string, v any, workbook string, line int) (*Workflow, *Error) {
	m, ok := v.(*value.Map)
	if !ok {
		return nil, &Error{Msg: fmt.Sprintf("A specification with polymorphic key must be backed by a dictionary [spec_cls=<class 'mistral.lang.v2.workflows.WorkflowSpec'>, data=%s]", value.Str(v)), Line: line}
	}
	full := name
	if workbook != "" {
		full = workbook + "." + name
	}
	return p.workflow(m, full, workbook)
}

// maxNameLength is the size of Mistral's name columns.
const maxNameLength = 255

// checkStoredName is the check Mistral's database makes on stored names
// (and the column size, which Mistral 15 turns into a 500).
func checkStoredName(name string) *Error {
	if strings.Contains(name, " ") {
		return errorf("Name '%s' must not contain spaces", name)
	}
	if n := len([]rune(name)); n > maxNameLength {
		return errorf("Name '%s' is %d characters long; at most %d are allowed", name, n, maxNameLength)
	}
	return nil
}

// ParseActions parses and validates an ad-hoc action list document (the
// body of POST/PUT /v2/actions). Each action's Definition is the whole
// text, as Mistral stores it.
func ParseActions(text string) ([]*Action, error) {
	acts, err := parseActionList(text)
	return stored(acts, err, func(a *Action) string { return a.Name })
}

// ValidateActions is what POST /v2/actions/validate checks.
func ValidateActions(text string) error { return valid(parseActionList(text)) }

func parseActionList(text string) ([]*Action, *Error) {
	return twice(func(strict bool) ([]*Action, *Error) {
		acts, _, err := listOf(text, strict, func(p *parser, it item) (*Action, *Error) {
			a, err := p.action(it.value, it.name, "")
			if a != nil {
				a.Definition = text
			}
			return a, err
		})
		return acts, err
	})
}

// ParseWorkbook parses and validates a workbook (the body of POST/PUT
// /v2/workbooks). Its workflows are named "<workbook>.<name>" and their
// definitions are the slices of the text Mistral stores.
func ParseWorkbook(text string) (*Workbook, error) {
	wb, err := parseWorkbook(text)
	if err != nil {
		return nil, err
	}
	if err := checkStoredName(wb.Name); err != nil {
		return nil, err
	}
	for _, a := range wb.Actions {
		if err := checkStoredName(a.Name); err != nil {
			return nil, err
		}
	}
	for _, w := range wb.Workflows {
		if err := checkStoredName(w.Name); err != nil {
			return nil, err
		}
	}
	return wb, nil
}

// ValidateWorkbook is what POST /v2/workbooks/validate checks.
func ValidateWorkbook(text string) error { return valid(parseWorkbook(text)) }

func parseWorkbook(text string) (*Workbook, *Error) {
	return twice(func(strict bool) (*Workbook, *Error) { return workbook(text, strict) })
}

func workbook(text string, strict bool) (*Workbook, *Error) {
	doc, err := parseYAML(text)
	if err != nil {
		return nil, err
	}
	p := newParser(doc, strict)
	root := doc.Root
	if m, ok := root.(*value.Map); ok {
		if v, ok := m.Get("version"); ok {
			if !isVersion2(v) {
				return nil, &Error{Msg: "Unsupported DSL version: " + value.Str(v), Line: p.lineOf(m, "version")}
			}
			// Mistral skips validating workbooks whose version is 2.0
			// written otherwise ("2", 2, 2.0) and then fails to store
			// them; we validate them as version "2.0".
			if s, ok := v.(string); !ok || s != "2.0" {
				m.Set("version", "2.0")
			}
		}
	}
	if err := p.validate(root, sWorkbook); err != nil {
		return nil, err
	}
	m := root.(*value.Map)
	for _, k := range []string{"actions", "workflows"} {
		if sm := getMap(m, k); sm != nil {
			sm.Set("version", "2.0")
		}
	}
	wb := &Workbook{
		Name:        getString(m, "name"),
		Description: getString(m, "description"),
		Tags:        stringList(get(m, "tags")),
		Definition:  text,
		Spec:        m,
	}
	sl := newSlicer(text)
	if am := getMap(m, "actions"); am != nil {
		for _, it := range p.items(am) {
			a, err := p.action(it.value, wb.Name+"."+it.name, wb.Name)
			if err != nil {
				return nil, err
			}
			a.Definition = sl.slice("actions:", it.name)
			wb.Actions = append(wb.Actions, a)
		}
	}
	if wm := getMap(m, "workflows"); wm != nil {
		for _, it := range p.items(wm) {
			w, err := p.workflowItem(it.name, it.value, wb.Name, it.line)
			if err != nil {
				return nil, err
			}
			w.Definition = sl.slice("workflows:", it.name)
			wb.Workflows = append(wb.Workflows, w)
		}
	}
	doc.Plain(doc.Root, false)
	return wb, nil
}

// isVersion2 is Mistral's workbook version check: str(float(v)) == "2.0".
func isVersion2(v any) bool {
	switch t := v.(type) {
	case int64:
		return t == 2
	case float64:
		return t == 2
	case string:
		f, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimFunc(t, isPySpace), "_", ""), 64)
		return err == nil && f == 2
	}
	return false
}

// ParseWorkflowDefinition re-parses one stored workflow definition text:
// a workflow list document with one workflow, or the slice of a workbook
// Mistral stores for a workbook's workflow ("name:\n  tasks: …").
// workbook is the workbook name ("" if none); a workbook workflow is
// named "<workbook>.<name>".
func ParseWorkflowDefinition(definition, workbook string) (*Workflow, error) {
	w, err := twice(func(strict bool) (*Workflow, *Error) { return workflowDefinition(definition, workbook, strict) })
	if err != nil {
		return nil, err
	}
	return w, nil
}

func workflowDefinition(definition, workbook string, strict bool) (*Workflow, *Error) {
	doc, err := parseYAML(definition)
	if err != nil {
		return nil, err
	}
	p := newParser(doc, strict)
	var items []item
	if m, ok := doc.Root.(*value.Map); ok && !m.Has("version") {
		if err := p.validate(m, obj(kType("object"), kMinProperties(1))); err != nil {
			return nil, err
		}
		items = p.items(m)
	} else {
		items, err = p.list(doc.Root)
		if err != nil {
			return nil, err
		}
	}
	if len(items) != 1 {
		return nil, errorf("A stored workflow definition must hold exactly one workflow, found %d", len(items))
	}
	w, err := p.workflowItem(items[0].name, items[0].value, workbook, items[0].line)
	if err != nil {
		return nil, err
	}
	doc.Plain(doc.Root, false)
	w.Definition = definition
	return w, nil
}

// ParseActionDefinition re-parses one stored ad-hoc action definition:
// an action list document (name picks the action) or the slice of a
// workbook Mistral stores for a workbook's action. name is the stored
// name ("wb.act" for an action of workbook "wb"); workbook is the
// workbook name ("" if none).
func ParseActionDefinition(definition, name, workbook string) (*Action, error) {
	a, err := twice(func(strict bool) (*Action, *Error) { return actionDefinition(definition, name, workbook, strict) })
	if err != nil {
		return nil, err
	}
	return a, nil
}

func actionDefinition(definition, name, workbook string, strict bool) (*Action, *Error) {
	doc, err := parseYAML(definition)
	if err != nil {
		return nil, err
	}
	p := newParser(doc, strict)
	short := name
	if workbook != "" {
		short = strings.TrimPrefix(name, workbook+".")
	}
	var items []item
	if m, ok := doc.Root.(*value.Map); ok && !m.Has("version") {
		items = p.items(m)
	} else if items, err = p.list(doc.Root); err != nil {
		return nil, err
	}
	for _, it := range items {
		if it.name != short {
			continue
		}
		a, err := p.action(it.value, name, workbook)
		if err != nil {
			return nil, err
		}
		doc.Plain(doc.Root, false)
		a.Definition = definition
		return a, nil
	}
	return nil, errorf("Action %q is not in its stored definition", name)
}

// twice runs a parse without Mistral's early expression checks (every
// expression is compiled once, later, anyway) and, only when that fails,
// again with them, so that the error reported is the one Mistral reports
// first.
func twice[T any](parse func(strict bool) (T, *Error)) (T, *Error) {
	v, err := parse(false)
	if err == nil {
		return v, nil
	}
	return parse(true)
}
