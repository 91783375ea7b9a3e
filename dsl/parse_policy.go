package dsl

import (
	"math"

	"github.com/mistral-go/mistral-go/dsl/expr"
	"github.com/mistral-go/mistral-go/value"
)

// policyKeys are the policy attributes, in the order Mistral groups them.
var policyKeys = [...]string{"retry", "wait-before", "wait-after", "timeout", "pause-before", "concurrency", "fail-on"}

// policies reads the policies of a task or task-defaults mapping as
// Mistral's PoliciesSpec does (only set, truthy values count) and keeps
// those a policy would be built for.
func (p *parser) policies(m *value.Map) (Policies, *Error) {
	var out Policies
	group := value.NewMap(len(policyKeys))
	for _, k := range policyKeys {
		if v, ok := m.Get(k); ok && value.Truthy(v) {
			group.Set(k, v)
		}
	}
	for _, k := range policyKeys[1:] {
		v, ok := group.Get(k)
		if !ok {
			continue
		}
		if err := p.checkExpr(v, p.lineOf(m, k)); err != nil {
			return out, err
		}
	}
	if rv, ok := group.Get("retry"); ok {
		r, err := p.retry(rv, p.lineOf(m, "retry"))
		if err != nil {
			return out, err
		}
		out.Retry = r
	}
	for i, k := range policyKeys[1:] {
		v, ok := group.Get(k)
		if !ok {
			continue
		}
		line := p.lineOf(m, k)
		integer := k == "wait-before" || k == "wait-after" || k == "timeout" || k == "concurrency"
		if integer {
			v = intConst(v)
		}
		d, err := p.compile(v, line)
		if err != nil {
			return out, err
		}
		switch i {
		case 0:
			out.WaitBefore = d
		case 1:
			out.WaitAfter = d
		case 2:
			out.Timeout = d
		case 3:
			out.PauseBefore = d
		case 4:
			out.Concurrency = d
		case 5:
			out.FailOn = d
		}
	}
	return out, nil
}

// intConst turns an integral float (1.0, which Mistral's schema accepts
// as an integer) into an int.
func intConst(v any) any {
	if f, ok := v.(float64); ok && f == math.Trunc(f) && math.Abs(f) < 1<<62 {
		return int64(f)
	}
	return v
}

// retry parses a retry policy: a mapping or the one-line form.
func (p *parser) retry(v any, line int) (*Retry, *Error) {
	if s, ok := v.(string); ok {
		_, params, err := parseCmd(s)
		if err != nil {
			err.Line = line
			return nil, err
		}
		v = params
	}
	if err := p.validate(v, sRetry); err != nil {
		if err.Line == 0 {
			err.Line = line
		}
		return nil, err
	}
	m := v.(*value.Map)
	r := &Retry{}
	for _, k := range []string{"count", "delay", "break-on", "continue-on"} {
		x, _ := m.Get(k)
		if err := p.checkExpr(x, line); err != nil {
			return nil, err
		}
	}
	var err *Error
	if r.Count, err = p.compileOpt(intConst(get(m, "count")), line); err != nil {
		return nil, err
	}
	if r.Delay, err = p.compileOpt(intConst(get(m, "delay")), line); err != nil {
		return nil, err
	}
	if r.BreakOn, err = p.compileOpt(get(m, "break-on"), line); err != nil {
		return nil, err
	}
	if r.ContinueOn, err = p.compileOpt(get(m, "continue-on"), line); err != nil {
		return nil, err
	}
	return r, nil
}

func get(m *value.Map, k string) any {
	v, _ := m.Get(k)
	return v
}

// mergePolicies applies Mistral's per-policy fallback: a policy the task
// does not build is taken from task-defaults.
func mergePolicies(task, defaults Policies) Policies {
	pick := func(a, b *expr.Data) *expr.Data {
		if a != nil {
			return a
		}
		return b
	}
	out := Policies{
		WaitBefore:  pick(task.WaitBefore, defaults.WaitBefore),
		WaitAfter:   pick(task.WaitAfter, defaults.WaitAfter),
		Timeout:     pick(task.Timeout, defaults.Timeout),
		PauseBefore: pick(task.PauseBefore, defaults.PauseBefore),
		Concurrency: pick(task.Concurrency, defaults.Concurrency),
		FailOn:      pick(task.FailOn, defaults.FailOn),
		Retry:       task.Retry,
	}
	if out.Retry == nil {
		out.Retry = defaults.Retry
	}
	return out
}
