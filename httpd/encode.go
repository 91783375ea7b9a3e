package httpd

import (
	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// field is one attribute of a resource as sent on the wire.
type field[T any] struct {
	name string
	enc  func(b []byte, r *T) []byte
}

// appendObject appends r as a JSON object of the fields want accepts (all
// when want is nil), in Python json.dumps form.
func appendObject[T any](b []byte, fs []field[T], r *T, want func(string) bool) []byte {
	b = append(b, '{')
	first := true
	for i := range fs {
		f := &fs[i]
		if want != nil && !want(f.name) {
			continue
		}
		if !first {
			b = append(b, ", "...)
		}
		first = false
		b = append(b, '"')
		b = append(b, f.name...)
		b = append(b, `": `...)
		b = f.enc(b, r)
	}
	return append(b, '}')
}

// without returns a filter that drops the named fields.
func without(names ...string) func(string) bool {
	return func(n string) bool {
		for _, x := range names {
			if n == x {
				return false
			}
		}
		return true
	}
}

func appendStr(b []byte, s string) []byte { return value.AppendJSONString(b, s, true) }

func appendNullStr(b []byte, s string, ok bool) []byte {
	if !ok {
		return append(b, "null"...)
	}
	return value.AppendJSONString(b, s, true)
}

func appendTime(b []byte, sec int64) []byte {
	b = append(b, '"')
	b = storage.AppendTime(b, sec)
	return append(b, '"')
}

func appendNullTime(b []byte, sec int64) []byte {
	if sec == 0 {
		return append(b, "null"...)
	}
	return appendTime(b, sec)
}

func appendTags(b []byte, tags []string) []byte {
	b = append(b, '[')
	for i, t := range tags {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = value.AppendJSONString(b, t, true)
	}
	return append(b, ']')
}

// appendJSONText appends Python json.dumps text as a JSON string (the
// JSON-in-string fields), or null.
func appendJSONText(b []byte, text []byte) []byte {
	if text == nil {
		return append(b, "null"...)
	}
	return value.AppendJSONString(b, string(text), true)
}

// listKey appends `{"<key>": [` for a list response.
// appendObjects appends {"key": [ and the objects of recs (the fields
// want keeps), leaving the list open for the caller to close.
func appendObjects[T any](b []byte, key string, fs []field[T], recs []*T, want func(string) bool) []byte {
	b = listKey(b, key)
	for i, r := range recs {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = appendObject(b, fs, r, want)
	}
	return b
}

func listKey(b []byte, key string) []byte {
	b = append(b, `{"`...)
	b = append(b, key...)
	return append(b, `": [`...)
}
