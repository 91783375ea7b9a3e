package dsl

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mistral-go/mistral-go/dsl/pyyaml"
	"github.com/mistral-go/mistral-go/value"
)

// schema is a JSON schema (the subset Mistral's language uses) whose
// keywords are kept in the order Mistral's Python dicts have them: the
// jsonschema library reports errors in that order, and the first of the
// most relevant errors is the message users see.
type schema struct {
	kws []keyword
	// Lookups for additionalProperties.
	props    []namedSchema
	patterns []patternSchema
	typ      []string
}

type namedSchema struct {
	name string
	s    *schema
}

type patternSchema struct {
	p *pyPattern
	s *schema
}

// keyword is one validation keyword of a schema.
type keyword struct {
	name string
	// payloads, by keyword
	types    []string        // type
	n        int             // minLength, minProperties, maxProperties, minItems
	min      float64         // minimum
	minRepr  string          // minimum as Python writes it
	pattern  *pyPattern      // pattern
	enum     []any           // enum
	props    []namedSchema   // properties
	patterns []patternSchema // patternProperties
	sub      *schema         // additionalProperties (schema), items, not
	noAdd    bool            // additionalProperties: false
	required []string        // required
	subs     []*schema       // oneOf, anyOf
	text     string          // description
}

// vError is a jsonschema ValidationError.
type vError struct {
	msg        string
	validator  string
	path       []any // relative to where the error's parent validator ran
	schemaPath []any
	instance   any
	schema     *schema
	context    []*vError
}

// validator runs schemas over a parsed document.
type validator struct {
	doc *pyyaml.Document
}

// errors yields every error of s on v, in jsonschema's order.
func (vd *validator) errors(v any, s *schema) []*vError {
	if vd.ok(v, s) {
		return nil
	}
	var out []*vError
	for i := range s.kws {
		k := &s.kws[i]
		for _, e := range vd.keyword(v, s, k) {
			if e.validator == "" {
				e.validator = k.name
			}
			if e.schema == nil {
				e.schema = s
				e.instance = v
			}
			e.schemaPath = append([]any{k.name}, e.schemaPath...)
			out = append(out, e)
		}
	}
	return out
}

// descend validates v against s and prefixes the errors' paths.
func (vd *validator) descend(v any, s *schema, path any, schemaPath any) []*vError {
	errs := vd.errors(v, s)
	for _, e := range errs {
		if path != nil {
			e.path = append([]any{path}, e.path...)
		}
		if schemaPath != nil {
			e.schemaPath = append([]any{schemaPath}, e.schemaPath...)
		}
	}
	return errs
}

func msgErr(msg string) []*vError { return []*vError{{msg: msg}} }

func (vd *validator) keyword(v any, s *schema, k *keyword) []*vError {
	switch k.name {
	case "type":
		for _, t := range k.types {
			if isType(v, t) {
				return nil
			}
		}
		reprs := make([]string, len(k.types))
		for i, t := range k.types {
			reprs[i] = value.Repr(t)
		}
		return msgErr(pyRepr(v) + " is not of type " + strings.Join(reprs, ", "))
	case "minLength":
		if str, ok := v.(string); ok && utf8.RuneCountInString(str) < k.n {
			return msgErr(pyRepr(v) + " is too short")
		}
	case "pattern":
		if str, ok := v.(string); ok && !k.pattern.match(str) {
			return msgErr(pyRepr(v) + " does not match " + value.Repr(k.pattern.src))
		}
	case "minimum":
		if f, ok := number(v); ok && f < k.min {
			return msgErr(pyRepr(v) + " is less than the minimum of " + k.minRepr)
		}
	case "enum":
		for _, e := range k.enum {
			if jsonEqual(v, e) {
				return nil
			}
		}
		return msgErr(pyRepr(v) + " is not one of " + pyRepr(k.enum))
	case "properties":
		m, ok := v.(*value.Map)
		if !ok {
			return nil
		}
		var out []*vError
		for _, p := range k.props {
			if x, ok := m.Get(p.name); ok {
				out = append(out, vd.descend(x, p.s, p.name, p.name)...)
			}
		}
		return out
	case "patternProperties":
		m, ok := v.(*value.Map)
		if !ok {
			return nil
		}
		var out []*vError
		for _, p := range k.patterns {
			for i := 0; i < m.Len(); i++ {
				key, x := m.At(i)
				if nk, bad := vd.doc.NonStringKey(m, i); bad {
					return msgErr(pyRepr(nk) + " is not a valid key: keys must be strings")
				}
				if p.p.match(key) {
					out = append(out, vd.descend(x, p.s, key, p.p.src)...)
				}
			}
		}
		return out
	case "additionalProperties":
		m, ok := v.(*value.Map)
		if !ok {
			return nil
		}
		var extras []string
		for i := 0; i < m.Len(); i++ {
			key, _ := m.At(i)
			if s.hasProperty(key) {
				continue
			}
			if len(s.patterns) > 0 {
				if nk, bad := vd.doc.NonStringKey(m, i); bad {
					return msgErr(pyRepr(nk) + " is not a valid key: keys must be strings")
				}
				if s.matchesPattern(key) {
					continue
				}
			}
			extras = append(extras, key)
		}
		if k.sub != nil {
			var out []*vError
			for _, key := range extras {
				x, _ := m.Get(key)
				out = append(out, vd.descend(x, k.sub, key, nil)...)
			}
			return out
		}
		if k.noAdd && len(extras) > 0 {
			sorted := sortedStrings(extras)
			reprs := make([]string, len(sorted))
			for i, e := range sorted {
				reprs[i] = value.Repr(e)
			}
			if len(s.patterns) > 0 {
				verb := "does"
				if len(extras) > 1 {
					verb = "do"
				}
				pats := make([]string, len(s.patterns))
				for i, p := range s.patterns {
					pats[i] = p.p.src
				}
				pats = sortedStrings(pats)
				for i, p := range pats {
					pats[i] = value.Repr(p)
				}
				return msgErr(strings.Join(reprs, ", ") + " " + verb + " not match any of the regexes: " + strings.Join(pats, ", "))
			}
			verb := "was"
			if len(extras) > 1 {
				verb = "were"
			}
			return msgErr("Additional properties are not allowed (" + strings.Join(reprs, ", ") + " " + verb + " unexpected)")
		}
	case "required":
		m, ok := v.(*value.Map)
		if !ok {
			return nil
		}
		var out []*vError
		for _, r := range k.required {
			if !m.Has(r) {
				out = append(out, &vError{msg: value.Repr(r) + " is a required property"})
			}
		}
		return out
	case "minProperties":
		if m, ok := v.(*value.Map); ok && m.Len() < k.n {
			return msgErr(pyRepr(v) + " does not have enough properties")
		}
	case "maxProperties":
		if m, ok := v.(*value.Map); ok && m.Len() > k.n {
			return msgErr(pyRepr(v) + " has too many properties")
		}
	case "items":
		l, ok := v.([]any)
		if !ok {
			return nil
		}
		var out []*vError
		for i, x := range l {
			out = append(out, vd.descend(x, k.sub, i, nil)...)
		}
		return out
	case "uniqueItems":
		if l, ok := v.([]any); ok && !unique(l) {
			return msgErr(pyRepr(v) + " has non-unique elements")
		}
	case "minItems":
		if l, ok := v.([]any); ok && len(l) < k.n {
			return msgErr(pyRepr(v) + " is too short")
		}
	case "anyOf":
		if vd.okKeyword(v, s, k) {
			return nil
		}
		var all []*vError
		for i, sub := range k.subs {
			errs := vd.descend(v, sub, nil, i)
			if len(errs) == 0 {
				return nil
			}
			all = append(all, errs...)
		}
		return []*vError{{msg: pyRepr(v) + " is not valid under any of the given schemas", context: all}}
	case "oneOf":
		var all []*vError
		first := -1
		for i, sub := range k.subs {
			errs := vd.descend(v, sub, nil, i)
			if len(errs) == 0 {
				first = i
				break
			}
			all = append(all, errs...)
		}
		if first < 0 {
			return []*vError{{msg: pyRepr(v) + " is not valid under any of the given schemas", context: all}}
		}
		var more []string
		for _, sub := range k.subs[first+1:] {
			if vd.ok(v, sub) {
				more = append(more, sub.repr())
			}
		}
		if len(more) > 0 {
			more = append(more, k.subs[first].repr())
			return msgErr(pyRepr(v) + " is valid under each of " + strings.Join(more, ", "))
		}
	case "not":
		if vd.ok(v, k.sub) {
			return msgErr(pyRepr(v) + " should not be valid under the given schema")
		}
	}
	return nil
}

func (s *schema) hasProperty(k string) bool {
	for _, p := range s.props {
		if p.name == k {
			return true
		}
	}
	return false
}

func (s *schema) matchesPattern(k string) bool {
	for _, p := range s.patterns {
		if p.p.match(k) {
			return true
		}
	}
	return false
}

func sortedStrings(in []string) []string {
	out := append([]string(nil), in...)
	// Python sorts str by code point, as Go's byte order of UTF-8 does.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// pyRepr is Python's repr of a parsed value (timestamps included).
func pyRepr(v any) string { return value.Repr(v) }

// isType is jsonschema's draft 2020-12 type check over Python values.
func isType(v any, t string) bool {
	switch t {
	case "object":
		_, ok := v.(*value.Map)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "string":
		_, ok := v.(string)
		return ok
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "null":
		return v == nil
	case "integer":
		switch n := v.(type) {
		case int64:
			return true
		case float64:
			return !math.IsInf(n, 0) && !math.IsNaN(n) && n == math.Trunc(n)
		}
	case "number":
		switch v.(type) {
		case int64, float64:
			return true
		}
	}
	return false
}

func number(v any) (float64, bool) {
	switch n := v.(type) {
	case int64:
		return float64(n), true
	case float64:
		return n, true
	}
	return 0, false
}

// jsonEqual is jsonschema's equal(): Python equality except that booleans
// are not numbers.
func jsonEqual(a, b any) bool {
	switch x := a.(type) {
	case string:
		y, ok := b.(string)
		return ok && x == y
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !jsonEqual(x[i], y[i]) {
				return false
			}
		}
		return true
	case *value.Map:
		y, ok := b.(*value.Map)
		if !ok || x.Len() != y.Len() {
			return false
		}
		for i := 0; i < x.Len(); i++ {
			k, xv := x.At(i)
			yv, ok := y.Get(k)
			if !ok || !jsonEqual(xv, yv) {
				return false
			}
		}
		return true
	case nil:
		return b == nil
	case pyyaml.Timestamp:
		y, ok := b.(pyyaml.Timestamp)
		return ok && x.Repr == y.Repr
	}
	if _, ok := b.(bool); ok {
		return false
	}
	fa, oka := number(a)
	fb, okb := number(b)
	return oka && okb && fa == fb
}

func unique(l []any) bool {
	for i := range l {
		for j := 0; j < i; j++ {
			if jsonEqual(l[i], l[j]) {
				return false
			}
		}
	}
	return true
}

// relevance is jsonschema's default relevance key of an error; bigger
// is more relevant.
type relevance struct {
	negLen   int
	notWeak  bool
	mismatch bool
}

func (e *vError) relevance() relevance {
	return relevance{
		negLen:   -len(e.path),
		notWeak:  e.validator != "anyOf" && e.validator != "oneOf",
		mismatch: !e.matchesType(),
	}
}

func (e *vError) matchesType() bool {
	if e.schema == nil || len(e.schema.typ) == 0 {
		return false
	}
	for _, t := range e.schema.typ {
		if isType(e.instance, t) {
			return true
		}
	}
	return false
}

func less(a, b relevance) bool {
	if a.negLen != b.negLen {
		return a.negLen < b.negLen
	}
	if a.notWeak != b.notWeak {
		return !a.notWeak
	}
	if a.mismatch != b.mismatch {
		return !a.mismatch
	}
	return false
}

// bestMatch is jsonschema's best_match: the most relevant error, then, as
// long as its context has a single least relevant error, that one. It
// returns the error and its path from the validated instance.
func bestMatch(errs []*vError) (*vError, []any) {
	if len(errs) == 0 {
		return nil, nil
	}
	best := errs[0]
	for _, e := range errs[1:] {
		if less(best.relevance(), e.relevance()) {
			best = e
		}
	}
	path := append([]any(nil), best.path...)
	for len(best.context) > 0 {
		// The two least relevant errors (first ones win ties).
		i0 := -1
		for i, e := range best.context {
			if i0 < 0 || less(e.relevance(), best.context[i0].relevance()) {
				i0 = i
			}
		}
		if len(best.context) > 1 {
			i1 := -1
			for i, e := range best.context {
				if i == i0 {
					continue
				}
				if i1 < 0 || less(e.relevance(), best.context[i1].relevance()) {
					i1 = i
				}
			}
			if best.context[i0].relevance() == best.context[i1].relevance() {
				return best, path
			}
		}
		best = best.context[i0]
		path = append(path, best.path...)
	}
	return best, path
}

// pathRepr renders an error path as jsonschema does: ['a'][0].
func pathRepr(path []any) string {
	var b strings.Builder
	for _, p := range path {
		b.WriteByte('[')
		switch t := p.(type) {
		case string:
			b.WriteString(value.Repr(t))
		case int:
			b.WriteString(strconv.Itoa(t))
		}
		b.WriteByte(']')
	}
	return b.String()
}
