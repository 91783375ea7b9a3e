package dsl

import (
	"github.com/mistral-go/mistral-go/value"
)

// rawEntry is one transition entry as Mistral's prepare_next_clause
// leaves it: a name, a guard ("" when none) and inline parameters.
type rawEntry struct {
	name   string
	guard  any
	params *value.Map
	line   int
}

// rawClause is a parsed on-* clause.
type rawClause struct {
	entries []rawEntry
	// publish is the advanced-form publish mapping (nil if none).
	publish *value.Map
	line    int
}

// onClause parses an on-success/on-error/on-complete value as Mistral's
// OnClauseSpec does. Quirks kept: a clause that is a single mapping is
// taken as the advanced form, so "on-success: {t2: <% … %>}" has no
// entries, and a mapping under "next" loses its guards.
func (p *parser) onClause(v any, line int) (*rawClause, *Error) {
	if err := p.validate(v, sOnClause); err != nil {
		return nil, err
	}
	c := &rawClause{line: line}
	next := v
	if m, ok := v.(*value.Map); ok {
		if pub, ok := m.Get("publish"); ok && pub != nil {
			pm, _ := pub.(*value.Map)
			pline := p.lineOf(m, "publish")
			if err := p.validate(pub, sPublish); err != nil {
				return nil, err
			}
			branch, _ := pm.Get("branch")
			global, _ := pm.Get("global")
			atomic, _ := pm.Get("atomic")
			if !value.Truthy(branch) && !value.Truthy(global) && !value.Truthy(atomic) {
				return nil, &Error{Msg: "Either 'branch', 'global' or 'atomic' must be specified: ", Line: pline}
			}
			for _, part := range []any{branch, global, atomic} {
				if err := p.checkExpr(part, pline); err != nil {
					return nil, err
				}
			}
			c.publish = pm
		}
		next, _ = m.Get("next")
	}
	if !value.Truthy(next) {
		return c, nil
	}
	add := func(item any, line int) *Error {
		name, guard := "", any("")
		switch t := item.(type) {
		case *value.Map:
			if t.Len() > 0 {
				name, guard = t.At(0)
			}
		case string:
			name = t
		}
		cmd, params, err := parseCmd(name)
		if err != nil {
			err.Line = line
			return err
		}
		c.entries = append(c.entries, rawEntry{name: cmd, guard: guard, params: params, line: line})
		return nil
	}
	switch t := next.(type) {
	case string:
		if err := add(t, line); err != nil {
			return nil, err
		}
	case []any:
		for i, item := range t {
			l := p.doc.ItemLine(t, i)
			if l == 0 {
				l = line
			}
			if err := add(item, l); err != nil {
				return nil, err
			}
		}
	case *value.Map:
		// Iterating a mapping yields its keys: guards are dropped.
		for i := 0; i < t.Len(); i++ {
			k, _ := t.At(i)
			if err := add(k, p.doc.KeyLine(t, i)); err != nil {
				return nil, err
			}
		}
	}
	return c, nil
}

// checkClauseExprs is _validate_transitions: the name and the guard of
// every entry must be valid expressions (parameters are not checked).
func (p *parser) checkClauseExprs(c *rawClause) *Error {
	if c == nil {
		return nil
	}
	for _, e := range c.entries {
		if err := p.checkExpr(e.name, e.line); err != nil {
			return err
		}
		if err := p.checkExpr(e.guard, e.line); err != nil {
			return err
		}
	}
	return nil
}

// withoutTask is _remove_task_from_clause.
func withoutTask(c *rawClause, name string) []rawEntry {
	if c == nil {
		return nil
	}
	out := make([]rawEntry, 0, len(c.entries))
	for _, e := range c.entries {
		if e.name != name {
			out = append(out, e)
		}
	}
	return out
}

// effective returns a task's entries for one clause after the
// task-defaults fallback.
func effective(own, defaults *rawClause, task string) []rawEntry {
	if own != nil && len(own.entries) > 0 {
		return own.entries
	}
	return withoutTask(defaults, task)
}

// transitions compiles entries once their targets are known.
func (p *parser) transitions(entries []rawEntry, w *Workflow) ([]*Transition, *Error) {
	if len(entries) == 0 {
		return nil, nil
	}
	out := make([]*Transition, 0, len(entries))
	for _, e := range entries {
		t := &Transition{Name: e.name, Command: engineCommand(e.name)}
		if t.Command == RunTask {
			t.Task = w.tasks[e.name]
		}
		if g, ok := e.guard.(string); ok && g != "" {
			d, err := p.compile(g, e.line)
			if err != nil {
				return nil, err
			}
			t.Guard = d
		}
		if e.params.Len() > 0 {
			d, err := p.compile(e.params, e.line)
			if err != nil {
				return nil, err
			}
			t.Params = d
		}
		out = append(out, t)
	}
	return out, nil
}

// clauses parses the on-complete, on-success and on-error clauses of a
// task or task-defaults mapping, then checks their expressions, in
// Mistral's order.
func (p *parser) clauses(m *value.Map) (onComplete, onSuccess, onError *rawClause, err *Error) {
	out := [3]*rawClause{}
	for i, key := range [...]string{"on-complete", "on-success", "on-error"} {
		v, ok := m.Get(key)
		if !ok || v == nil {
			continue
		}
		if out[i], err = p.onClause(v, p.lineOf(m, key)); err != nil {
			return nil, nil, nil, err
		}
	}
	for _, c := range out {
		if err := p.checkClauseExprs(c); err != nil {
			return nil, nil, nil, err
		}
	}
	return out[0], out[1], out[2], nil
}
