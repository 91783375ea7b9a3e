package dsl

import (
	"unicode/utf8"

	"github.com/mistral-go/mistral-go/value"
)

// ok reports whether v is valid under s without building any error: the
// fast path for the common, valid case; errors() only runs (and only
// descends into) the parts that fail.
func (vd *validator) ok(v any, s *schema) bool {
	for i := range s.kws {
		if !vd.okKeyword(v, s, &s.kws[i]) {
			return false
		}
	}
	return true
}

func (vd *validator) okKeyword(v any, s *schema, k *keyword) bool {
	switch k.name {
	case "type":
		for _, t := range k.types {
			if isType(v, t) {
				return true
			}
		}
		return false
	case "minLength":
		if str, ok := v.(string); ok {
			return len(str) >= k.n && (k.n <= 1 || utf8.RuneCountInString(str) >= k.n)
		}
	case "pattern":
		if str, ok := v.(string); ok {
			return k.pattern.match(str)
		}
	case "minimum":
		if f, ok := number(v); ok {
			return f >= k.min
		}
	case "enum":
		for _, e := range k.enum {
			if jsonEqual(v, e) {
				return true
			}
		}
		return false
	case "properties":
		if m, ok := v.(*value.Map); ok {
			for _, p := range k.props {
				if x, ok := m.Get(p.name); ok && !vd.ok(x, p.s) {
					return false
				}
			}
		}
	case "patternProperties":
		if m, ok := v.(*value.Map); ok {
			for i := 0; i < m.Len(); i++ {
				key, x := m.At(i)
				if _, bad := vd.doc.NonStringKey(m, i); bad {
					return false
				}
				for _, p := range k.patterns {
					if p.p.match(key) && !vd.ok(x, p.s) {
						return false
					}
				}
			}
		}
	case "additionalProperties":
		if m, ok := v.(*value.Map); ok {
			for i := 0; i < m.Len(); i++ {
				key, x := m.At(i)
				if s.hasProperty(key) {
					continue
				}
				if len(s.patterns) > 0 {
					if _, bad := vd.doc.NonStringKey(m, i); bad {
						return false
					}
					if s.matchesPattern(key) {
						continue
					}
				}
				if k.noAdd {
					return false
				}
				if k.sub != nil && !vd.ok(x, k.sub) {
					return false
				}
			}
		}
	case "required":
		if m, ok := v.(*value.Map); ok {
			for _, r := range k.required {
				if !m.Has(r) {
					return false
				}
			}
		}
	case "minProperties":
		if m, ok := v.(*value.Map); ok {
			return m.Len() >= k.n
		}
	case "maxProperties":
		if m, ok := v.(*value.Map); ok {
			return m.Len() <= k.n
		}
	case "items":
		if l, ok := v.([]any); ok {
			for _, x := range l {
				if !vd.ok(x, k.sub) {
					return false
				}
			}
		}
	case "uniqueItems":
		if l, ok := v.([]any); ok {
			return unique(l)
		}
	case "minItems":
		if l, ok := v.([]any); ok {
			return len(l) >= k.n
		}
	case "anyOf":
		for _, sub := range k.subs {
			if vd.ok(v, sub) {
				return true
			}
		}
		return false
	case "oneOf":
		n := 0
		for _, sub := range k.subs {
			if vd.ok(v, sub) {
				n++
				if n > 1 {
					return false
				}
			}
		}
		return n == 1
	case "not":
		return !vd.ok(v, k.sub)
	}
	return true
}
