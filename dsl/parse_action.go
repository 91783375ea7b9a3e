package dsl

import (
	"github.com/mistral-go/mistral-go/value"
)

// action parses one ad-hoc action mapping ("name" and "version" already
// set on it). fullName is the stored name.
func (p *parser) action(v any, fullName, workbook string) (*Action, *Error) {
	if err := p.validate(v, sAction); err != nil {
		return nil, err
	}
	m := v.(*value.Map)
	base := getString(m, "base")
	baseLine := p.lineOf(m, "base")
	_, params, err := parseCmd(base)
	if err != nil {
		err.Line = baseLine
		return nil, err
	}
	if err := p.checkExpr(params, baseLine); err != nil {
		return nil, err
	}
	if err := p.checkExpr(get(m, "base-input"), p.lineOf(m, "base-input")); err != nil {
		return nil, err
	}
	if out, ok := get(m, "output").(string); ok {
		if err := p.checkExpr(out, p.lineOf(m, "output")); err != nil {
			return nil, err
		}
	}
	a := &Action{
		Name:        fullName,
		Workbook:    workbook,
		Description: getString(m, "description"),
		Tags:        stringList(get(m, "tags")),
		Spec:        m,
	}
	a.Base = cmdName(base)
	baseInput := getMap(m, "base-input")
	if baseInput != nil {
		mergeInto(baseInput, params)
	} else {
		baseInput = params
	}
	if baseInput.Len() > 0 {
		if a.BaseInput, err = p.compile(baseInput, p.lineOf(m, "base-input")); err != nil {
			return nil, err
		}
	}
	if a.Input, err = p.params(get(m, "input")); err != nil {
		return nil, err
	}
	if a.Output, err = p.compileOpt(get(m, "output"), p.lineOf(m, "output")); err != nil {
		return nil, err
	}
	return a, nil
}

// cmdName is the name part of an inline-parameter string.
func cmdName(s string) string {
	name, _, err := parseCmd(s)
	if err != nil {
		return s
	}
	return name
}
