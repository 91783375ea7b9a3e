package value

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// MarshalPy returns v as Python's json.dumps(v) writes it: separators
// ", " and ": ", non-ASCII escaped, keys in map order. This is the byte
// form of every JSON-in-string field Mistral returns, and of its response
// bodies.
func MarshalPy(v any) string { return string(AppendPy(nil, v)) }

// AppendPy appends json.dumps(v) to b.
func AppendPy(b []byte, v any) []byte { return appendJSON(b, v, jsonPy, 0) }

// AppendPyIndent appends json.dumps(v, indent=n): items separated by ","
// and a newline, keys by ": ".
func AppendPyIndent(b []byte, v any, n int) []byte {
	return appendJSON(b, v, jsonStyle{indent: n, ascii: true}, 0)
}

// AppendCompact appends compact JSON (no spaces, UTF-8 kept as is), the
// storage form: smaller and faster than the wire form.
func AppendCompact(b []byte, v any) []byte { return appendJSON(b, v, jsonCompact, 0) }

// MarshalCompact returns the compact JSON of v.
func MarshalCompact(v any) []byte { return AppendCompact(nil, v) }

type jsonStyle struct {
	indent int  // 0: single line
	ascii  bool // ensure_ascii
	spaced bool // ", " and ": " on one line
}

var (
	jsonPy      = jsonStyle{ascii: true, spaced: true}
	jsonCompact = jsonStyle{}
)

func (s jsonStyle) newline(b []byte, depth int) []byte {
	b = append(b, '\n')
	for i := 0; i < depth*s.indent; i++ {
		b = append(b, ' ')
	}
	return b
}

func (s jsonStyle) sep(b []byte, depth int) []byte {
	b = append(b, ',')
	if s.indent > 0 {
		return s.newline(b, depth)
	}
	if s.spaced {
		b = append(b, ' ')
	}
	return b
}

func appendJSON(b []byte, v any, s jsonStyle, depth int) []byte {
	switch t := v.(type) {
	case nil:
		return append(b, "null"...)
	case bool:
		if t {
			return append(b, "true"...)
		}
		return append(b, "false"...)
	case int64:
		return strconv.AppendInt(b, t, 10)
	case int:
		return strconv.AppendInt(b, int64(t), 10)
	case float64:
		switch {
		case math.IsNaN(t):
			return append(b, "NaN"...)
		case math.IsInf(t, 1):
			return append(b, "Infinity"...)
		case math.IsInf(t, -1):
			return append(b, "-Infinity"...)
		}
		return AppendFloat(b, t)
	case string:
		return appendJSONString(b, t, s.ascii)
	case []any:
		if len(t) == 0 {
			return append(b, "[]"...)
		}
		b = append(b, '[')
		if s.indent > 0 {
			b = s.newline(b, depth+1)
		}
		for i, x := range t {
			if i > 0 {
				b = s.sep(b, depth+1)
			}
			b = appendJSON(b, x, s, depth+1)
		}
		if s.indent > 0 {
			b = s.newline(b, depth)
		}
		return append(b, ']')
	case *Map:
		if t.Len() == 0 {
			return append(b, "{}"...)
		}
		b = append(b, '{')
		if s.indent > 0 {
			b = s.newline(b, depth+1)
		}
		for i := 0; i < t.Len(); i++ {
			if i > 0 {
				b = s.sep(b, depth+1)
			}
			k, x := t.At(i)
			b = appendJSONString(b, k, s.ascii)
			b = append(b, ':')
			if s.spaced || s.indent > 0 {
				b = append(b, ' ')
			}
			b = appendJSON(b, x, s, depth+1)
		}
		if s.indent > 0 {
			b = s.newline(b, depth)
		}
		return append(b, '}')
	case RawJSON:
		return append(b, t...)
	}
	return appendJSON(b, FromGo(v), s, depth)
}

// RawJSON is already-encoded JSON, written as is by the encoders.
type RawJSON []byte

// AppendJSONString appends s as a JSON string literal; with ascii set,
// every character outside ' '..'~' is escaped as Python does.
func AppendJSONString(b []byte, s string, ascii bool) []byte { return appendJSONString(b, s, ascii) }

func appendJSONString(b []byte, s string, ascii bool) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f && c != '"' && c != '\\' {
			i++
			continue
		}
		if c >= utf8.RuneSelf && !ascii {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError || size != 1 {
				i += size
				continue
			}
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"':
			b = append(b, '\\', '"')
			i++
		case '\\':
			b = append(b, '\\', '\\')
			i++
		case '\n':
			b = append(b, '\\', 'n')
			i++
		case '\r':
			b = append(b, '\\', 'r')
			i++
		case '\t':
			b = append(b, '\\', 't')
			i++
		case '\b':
			b = append(b, '\\', 'b')
			i++
		case '\f':
			b = append(b, '\\', 'f')
			i++
		default:
			if c < utf8.RuneSelf {
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
				i++
				break
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			if r >= 0x10000 {
				r -= 0x10000
				b = append(b, '\\', 'u')
				b = appendHex(b, uint32(0xd800+(r>>10)), 4)
				b = append(b, '\\', 'u')
				b = appendHex(b, uint32(0xdc00+(r&0x3ff)), 4)
			} else {
				b = append(b, '\\', 'u')
				b = appendHex(b, uint32(r), 4)
			}
			i += size
		}
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
