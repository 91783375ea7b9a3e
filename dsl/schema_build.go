package dsl

import (
	"strconv"
	"strings"

	"github.com/mistral-go/mistral-go/value"
)

// Schema builders. A schema is written as its keywords in Python dict
// order; obj derives the lookups additionalProperties needs.

func obj(kws ...keyword) *schema {
	s := &schema{kws: kws}
	for _, k := range kws {
		switch k.name {
		case "properties":
			s.props = append(s.props, k.props...)
		case "patternProperties":
			s.patterns = append(s.patterns, k.patterns...)
		case "type":
			s.typ = k.types
		}
	}
	return s
}

func kType(t string) keyword            { return keyword{name: "type", types: []string{t}} }
func kMinLength(n int) keyword          { return keyword{name: "minLength", n: n} }
func kMinProperties(n int) keyword      { return keyword{name: "minProperties", n: n} }
func kMaxProperties(n int) keyword      { return keyword{name: "maxProperties", n: n} }
func kMinItems(n int) keyword           { return keyword{name: "minItems", n: n} }
func kUniqueItems() keyword             { return keyword{name: "uniqueItems"} }
func kPattern(p *pyPattern) keyword     { return keyword{name: "pattern", pattern: p} }
func kEnum(vals ...any) keyword         { return keyword{name: "enum", enum: vals} }
func kRequired(names ...string) keyword { return keyword{name: "required", required: names} }
func kItems(s *schema) keyword          { return keyword{name: "items", sub: s} }
func kNot(s *schema) keyword            { return keyword{name: "not", sub: s} }
func kOneOf(subs ...*schema) keyword    { return keyword{name: "oneOf", subs: subs} }
func kAnyOf(subs ...*schema) keyword    { return keyword{name: "anyOf", subs: subs} }
func kDescription(t string) keyword     { return keyword{name: "description", text: t} }
func kNoAdditional() keyword            { return keyword{name: "additionalProperties", noAdd: true} }
func kAdditional(s *schema) keyword     { return keyword{name: "additionalProperties", sub: s} }

func kMinimum(f float64, repr string) keyword {
	return keyword{name: "minimum", min: f, minRepr: repr}
}

// prop is one entry of a "properties" keyword.
func prop(name string, s *schema) namedSchema { return namedSchema{name: name, s: s} }

func kProperties(props ...namedSchema) keyword {
	return keyword{name: "properties", props: props}
}

func kPatternProperties(pairs ...patternSchema) keyword {
	return keyword{name: "patternProperties", patterns: pairs}
}

func patternProp(p *pyPattern, s *schema) patternSchema { return patternSchema{p: p, s: s} }

// repr is Python's repr of the schema dict (used in "valid under each of"
// messages).
func (s *schema) repr() string {
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range s.kws {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(value.Repr(k.name))
		b.WriteString(": ")
		b.WriteString(k.repr())
	}
	b.WriteByte('}')
	return b.String()
}

func (k *keyword) repr() string {
	switch k.name {
	case "type":
		if len(k.types) == 1 {
			return value.Repr(k.types[0])
		}
		l := make([]any, len(k.types))
		for i, t := range k.types {
			l[i] = t
		}
		return value.Repr(l)
	case "minLength", "minProperties", "maxProperties", "minItems":
		return strconv.Itoa(k.n)
	case "minimum":
		return k.minRepr
	case "pattern":
		return value.Repr(k.pattern.src)
	case "enum":
		return value.Repr(k.enum)
	case "required":
		l := make([]any, len(k.required))
		for i, r := range k.required {
			l[i] = r
		}
		return value.Repr(l)
	case "uniqueItems":
		return "True"
	case "description":
		return value.Repr(k.text)
	case "items", "not":
		return k.sub.repr()
	case "additionalProperties":
		if k.sub != nil {
			return k.sub.repr()
		}
		return "False"
	case "oneOf", "anyOf":
		parts := make([]string, len(k.subs))
		for i, s := range k.subs {
			parts[i] = s.repr()
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case "properties":
		parts := make([]string, len(k.props))
		for i, p := range k.props {
			parts[i] = value.Repr(p.name) + ": " + p.s.repr()
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case "patternProperties":
		parts := make([]string, len(k.patterns))
		for i, p := range k.patterns {
			parts[i] = value.Repr(p.p.src) + ": " + p.s.repr()
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return "None"
}
