package httpd

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/mistral-go/mistral-go/value"
)

// body reads the whole request body, refusing more than the configured
// limit with 413.
func (c *call) body() ([]byte, error) {
	limit := c.s.cfg.MaxBody
	if c.r.ContentLength > limit {
		return nil, &tooLargeError{limit: limit}
	}
	b, err := io.ReadAll(http.MaxBytesReader(c.w, c.r.Body, limit))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, &tooLargeError{limit: limit}
		}
		return nil, invalid("Could not read the request body: %v", err)
	}
	return b, nil
}

// text reads a definition body: UTF-8 text.
func (c *call) text() (string, error) {
	b, err := c.body()
	if err != nil {
		return "", err
	}
	if !utf8.Valid(b) {
		return "", invalid("Definition is not valid UTF-8 text (invalid byte at offset %d).", invalidUTF8At(b))
	}
	return string(b), nil
}

func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// jsonObject reads a WSME JSON body: the argument named arg must be a
// JSON object.
func (c *call) jsonObject(arg string) (*value.Map, error) {
	b, err := c.body()
	if err != nil {
		return nil, err
	}
	if len(strings.TrimSpace(string(b))) == 0 {
		return nil, invalid("Missing argument: %q", arg)
	}
	if !utf8.Valid(b) {
		return nil, invalid("Request is not in valid JSON format")
	}
	v, err := value.Decode(b)
	if err != nil {
		return nil, invalid("Request is not in valid JSON format")
	}
	m, ok := v.(*value.Map)
	if !ok {
		return nil, invalid("Invalid input for field/attribute %s. Value: '%s'. The body must be a JSON object.", arg, value.Str(v))
	}
	return m, nil
}

// akind is the WSME type of a body attribute.
type akind uint8

const (
	aText  akind = iota // string or null
	aJSON               // object, or a string holding a JSON object (JSON-in-string)
	aScope              // "private" or "public"
)

// attr is one attribute of a WSME body type.
type attr struct {
	name     string
	kind     akind
	readOnly bool
}

// checkAttrs validates body m of argument arg against attrs as WSME does:
// unknown attributes first, then each attribute's type. JSON attributes
// are replaced in m by their decoded object (nil for null).
func checkAttrs(arg string, m *value.Map, attrs []attr) error {
	var unknown []string
	for _, k := range m.Keys() {
		if !containsAttr(attrs, k) {
			unknown = append(unknown, k)
		}
	}
	switch len(unknown) {
	case 0:
	case 1:
		return invalid("Unknown attribute for argument %s: %s", arg, unknown[0])
	default:
		return invalid("Unknown attributes for argument %s: %s", arg, strings.Join(unknown, ", "))
	}
	for _, a := range attrs {
		v, ok := m.Get(a.name)
		if !ok {
			continue
		}
		if a.readOnly {
			return invalid("Invalid input for field/attribute %s. Value: '%s'. Cannot set read only field.", a.name, value.Str(v))
		}
		if v == nil {
			continue
		}
		switch a.kind {
		case aText:
			if _, ok := v.(string); !ok {
				return wrongType(a.name, v)
			}
		case aScope:
			s, ok := v.(string)
			if !ok {
				return wrongType(a.name, v)
			}
			if s != "private" && s != "public" {
				return invalid("Invalid input for field/attribute %s. Value: '%s'. Value should be one of: public, private", a.name, s)
			}
		case aJSON:
			obj, err := jsonAttr(arg, m, v)
			if err != nil {
				return err
			}
			m.Set(a.name, obj)
		}
	}
	return nil
}

func containsAttr(attrs []attr, k string) bool {
	for _, a := range attrs {
		if a.name == k {
			return true
		}
	}
	return false
}

// pyType is the Python type name WSME prints for a JSON value.
func pyType(v any) string {
	switch v.(type) {
	case string:
		return "str"
	case bool:
		return "bool"
	case int64:
		return "int"
	case float64:
		return "float"
	case []any:
		return "list"
	case *value.Map:
		return "dict"
	}
	return "NoneType"
}

func wrongType(name string, v any) error {
	return invalid("Invalid input for field/attribute %s. Value: '%s'. Wrong type. Expected '<class 'str'>', got '<class '%s'>'", name, value.Str(v), pyType(v))
}

// jsonAttr decodes a JSON-typed attribute: an object, or a string holding
// JSON that must be an object (or null). An empty object stays empty.
func jsonAttr(arg string, body *value.Map, v any) (any, error) {
	switch x := v.(type) {
	case *value.Map:
		return x, nil
	case string:
		d, err := value.DecodeString(x)
		if err != nil {
			return nil, invalid("Invalid input for field/attribute %s. Value: '%s'. %v", arg, value.Str(body), err)
		}
		switch d := d.(type) {
		case nil:
			return nil, nil
		case *value.Map:
			return d, nil
		}
		if !value.Truthy(d) {
			return value.NewMap(0), nil
		}
		return nil, invalid("JsonType field value must be a dictionary [actual=%s]", value.Str(d))
	}
	return nil, invalid("Invalid input for field/attribute %s. Value: '%s'. the JSON object must be str, bytes or bytearray, not %s", arg, value.Str(body), pyType(v))
}
