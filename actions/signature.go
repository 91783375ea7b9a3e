package actions

import (
	"fmt"
	"strings"

	"github.com/mistral-go/mistral-go/value"
)

// Param is one parameter of an action: required, or optional with a
// default value (any value, shared and never mutated).
type Param struct {
	Name     string
	Required bool
	Default  any
}

// Signature is the parameter spec of an action, as Mistral shows it in the
// `input` field of GET /v2/actions ("output, delay=0"). A spec containing
// "**" (a Python **kwargs) accepts any input.
type Signature struct {
	spec   string
	params []Param
	anyKw  bool
}

// NewSignature builds a signature from parameters, rendering the spec
// string as Mistral does: required names bare, defaults as name=<JSON>
// (json.dumps form), joined with ", ".
func NewSignature(params []Param) *Signature {
	var b []byte
	for i, p := range params {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, p.Name...)
		if !p.Required {
			b = append(b, '=')
			b = value.AppendPy(b, p.Default)
		}
	}
	return &Signature{spec: string(b), params: params}
}

// ParseSignature parses a spec string such as
// `url, method="GET", params=null`. Defaults are JSON; a default that is
// not JSON is kept as a string (as Mistral does). Commas inside a JSON
// default ("x=[1, 2]") do not split parameters.
func ParseSignature(spec string) (*Signature, error) {
	s := &Signature{spec: spec, anyKw: strings.Contains(spec, "**")}
	for _, item := range splitTopLevel(spec) {
		item = strings.TrimSpace(item)
		if item == "" || strings.HasPrefix(item, "**") {
			continue
		}
		name, def, hasDef := strings.Cut(item, "=")
		name = strings.TrimSpace(name)
		if name == "" || strings.ContainsAny(name, " \t\"'[]{}") {
			return nil, fmt.Errorf("invalid parameter %q in action input spec %q", item, spec)
		}
		p := Param{Name: name, Required: !hasDef}
		if hasDef {
			def = strings.TrimSpace(def)
			if v, err := value.DecodeString(def); err == nil {
				p.Default = v
			} else {
				p.Default = def
			}
		}
		s.params = append(s.params, p)
	}
	return s, nil
}

// mustSignature parses a spec known to be valid (the std catalogue).
func mustSignature(spec string) *Signature {
	s, err := ParseSignature(spec)
	if err != nil {
		panic(err)
	}
	return s
}

// splitTopLevel splits at commas that are outside brackets and quotes.
func splitTopLevel(spec string) []string {
	var out []string
	depth, start := 0, 0
	var quote byte
	for i := 0; i < len(spec); i++ {
		c := spec[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
		case c == ',' && depth <= 0:
			out = append(out, spec[start:i])
			start = i + 1
		}
	}
	return append(out, spec[start:])
}

// String returns the spec string.
func (s *Signature) String() string { return s.spec }

// Params returns the parameters in declaration order; the slice must not
// be modified.
func (s *Signature) Params() []Param { return s.params }

// AcceptsAny reports whether the spec has "**": any input is accepted.
func (s *Signature) AcceptsAny() bool { return s.anyKw }

// Param returns the parameter called name.
func (s *Signature) Param(name string) (Param, bool) {
	for _, p := range s.params {
		if p.Name == name {
			return p, true
		}
	}
	return Param{}, false
}

// Check compares input with the signature and returns nil or an
// *InputError worded as Mistral words it:
//
//	Invalid input [name=std.echo, class=mistral.actions.std_actions.EchoAction, missing=['output'], unexpected=['x']]
//
// Missing names come in signature order, unexpected ones in input order.
// action and class are the action name and its (Python) class path.
func (s *Signature) Check(action, class string, input *value.Map) error {
	if s.anyKw {
		return nil
	}
	ok := true
	for i := range s.params {
		if s.params[i].Required && !input.Has(s.params[i].Name) {
			ok = false
			break
		}
	}
	if ok {
		for i := 0; i < input.Len(); i++ {
			k, _ := input.At(i)
			if _, known := s.Param(k); !known {
				ok = false
				break
			}
		}
	}
	if ok {
		return nil
	}
	var missing, unexpected []any
	for _, p := range s.params {
		if p.Required && !input.Has(p.Name) {
			missing = append(missing, p.Name)
		}
	}
	for i := 0; i < input.Len(); i++ {
		k, _ := input.At(i)
		if _, known := s.Param(k); !known {
			unexpected = append(unexpected, k)
		}
	}
	b := make([]byte, 0, 96)
	b = append(b, "Invalid input [name="...)
	b = append(b, action...)
	b = append(b, ", class="...)
	b = append(b, class...)
	if len(missing) > 0 {
		b = append(b, ", missing="...)
		b = value.AppendRepr(b, missing)
	}
	if len(unexpected) > 0 {
		b = append(b, ", unexpected="...)
		b = value.AppendRepr(b, unexpected)
	}
	b = append(b, ']')
	return &InputError{Msg: string(b)}
}
