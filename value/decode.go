package value

import (
	"fmt"
	"math"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxDepth bounds the nesting of decoded documents, so hostile input
// cannot exhaust the stack.
const MaxDepth = 1000

// SyntaxError is a JSON syntax error worded like Python's json module
// ("Expecting value: line 1 column 1 (char 0)"), which Mistral echoes in
// its 400 messages.
type SyntaxError struct {
	Msg    string
	Offset int // byte offset of the error
	Line   int
	Column int
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%s: line %d column %d (char %d)", e.Msg, e.Line, e.Column, e.Offset)
}

// Decode parses one JSON document. Objects become *Map (key order kept,
// a repeated key keeps its first position and last value), integers
// without fraction or exponent become int64 (float64 when out of range),
// other numbers float64. NaN, Infinity and -Infinity are accepted, as
// Python does.
func Decode(data []byte) (any, error) {
	d := decoder{data: data}
	d.skipSpace()
	v, err := d.value(0)
	if err != nil {
		return nil, err
	}
	d.skipSpace()
	if d.pos < len(d.data) {
		return nil, d.err("Extra data", d.pos)
	}
	return v, nil
}

// DecodeString is Decode for a string.
func DecodeString(s string) (any, error) { return Decode([]byte(s)) }

type decoder struct {
	data []byte
	pos  int
}

func (d *decoder) err(msg string, at int) error {
	line, col := 1, 1
	for i := 0; i < at && i < len(d.data); i++ {
		if d.data[i] == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	// Python counts characters, not bytes.
	char := utf8.RuneCount(d.data[:min(at, len(d.data))])
	return &SyntaxError{Msg: msg, Offset: char, Line: line, Column: col}
}

func (d *decoder) skipSpace() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

func (d *decoder) value(depth int) (any, error) {
	if depth > MaxDepth {
		return nil, d.err("Nesting too deep", d.pos)
	}
	if d.pos >= len(d.data) {
		return nil, d.err("Expecting value", d.pos)
	}
	switch c := d.data[d.pos]; {
	case c == '{':
		return d.object(depth)
	case c == '[':
		return d.array(depth)
	case c == '"':
		return d.str()
	case c == '-' || (c >= '0' && c <= '9'):
		if d.hasPrefix("-Infinity") {
			d.pos += 9
			return math.Inf(-1), nil
		}
		return d.number()
	case d.hasPrefix("true"):
		d.pos += 4
		return true, nil
	case d.hasPrefix("false"):
		d.pos += 5
		return false, nil
	case d.hasPrefix("null"):
		d.pos += 4
		return nil, nil
	case d.hasPrefix("NaN"):
		d.pos += 3
		return math.NaN(), nil
	case d.hasPrefix("Infinity"):
		d.pos += 8
		return math.Inf(1), nil
	}
	return nil, d.err("Expecting value", d.pos)
}

func (d *decoder) hasPrefix(s string) bool {
	return len(d.data)-d.pos >= len(s) && string(d.data[d.pos:d.pos+len(s)]) == s
}

func (d *decoder) object(depth int) (any, error) {
	start := d.pos
	d.pos++
	m := NewMap(4)
	d.skipSpace()
	if d.pos < len(d.data) && d.data[d.pos] == '}' {
		d.pos++
		return m, nil
	}
	for {
		if d.pos >= len(d.data) || d.data[d.pos] != '"' {
			if d.pos >= len(d.data) && start == 0 && m.Len() == 0 {
				return nil, d.err("Expecting property name enclosed in double quotes", d.pos)
			}
			return nil, d.err("Expecting property name enclosed in double quotes", d.pos)
		}
		k, err := d.str()
		if err != nil {
			return nil, err
		}
		d.skipSpace()
		if d.pos >= len(d.data) || d.data[d.pos] != ':' {
			return nil, d.err("Expecting ':' delimiter", d.pos)
		}
		d.pos++
		d.skipSpace()
		v, err := d.value(depth + 1)
		if err != nil {
			return nil, err
		}
		m.Set(k.(string), v)
		d.skipSpace()
		if d.pos >= len(d.data) {
			return nil, d.err("Expecting ',' delimiter", d.pos)
		}
		switch d.data[d.pos] {
		case ',':
			d.pos++
			d.skipSpace()
		case '}':
			d.pos++
			return m, nil
		default:
			return nil, d.err("Expecting ',' delimiter", d.pos)
		}
	}
}

func (d *decoder) array(depth int) (any, error) {
	d.pos++
	out := make([]any, 0, 4)
	d.skipSpace()
	if d.pos < len(d.data) && d.data[d.pos] == ']' {
		d.pos++
		return out, nil
	}
	for {
		v, err := d.value(depth + 1)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
		d.skipSpace()
		if d.pos >= len(d.data) {
			return nil, d.err("Expecting ',' delimiter", d.pos)
		}
		switch d.data[d.pos] {
		case ',':
			d.pos++
			d.skipSpace()
		case ']':
			d.pos++
			return out, nil
		default:
			return nil, d.err("Expecting ',' delimiter", d.pos)
		}
	}
}

func (d *decoder) number() (any, error) {
	start := d.pos
	if d.data[d.pos] == '-' {
		d.pos++
	}
	digits := d.pos
	for d.pos < len(d.data) && d.data[d.pos] >= '0' && d.data[d.pos] <= '9' {
		d.pos++
	}
	if d.pos == digits {
		return nil, d.err("Expecting value", start)
	}
	// A leading zero ends the number, as in Python ("01" is "0" then extra data).
	if d.data[digits] == '0' && d.pos > digits+1 {
		d.pos = digits + 1
	}
	isFloat := false
	if d.pos < len(d.data) && d.data[d.pos] == '.' && d.pos+1 < len(d.data) && isDigit(d.data[d.pos+1]) {
		isFloat = true
		d.pos++
		for d.pos < len(d.data) && isDigit(d.data[d.pos]) {
			d.pos++
		}
	}
	if d.pos < len(d.data) && (d.data[d.pos] == 'e' || d.data[d.pos] == 'E') {
		p := d.pos + 1
		if p < len(d.data) && (d.data[p] == '+' || d.data[p] == '-') {
			p++
		}
		if p < len(d.data) && isDigit(d.data[p]) {
			isFloat = true
			for p < len(d.data) && isDigit(d.data[p]) {
				p++
			}
			d.pos = p
		}
	}
	text := string(d.data[start:d.pos])
	if !isFloat {
		if n, err := strconv.ParseInt(text, 10, 64); err == nil {
			return n, nil
		}
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil && !isRangeErr(err) {
		return nil, d.err("Expecting value", start)
	}
	return f, nil
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func (d *decoder) str() (any, error) {
	start := d.pos
	d.pos++
	// Fast path: no escapes.
	i := d.pos
	for i < len(d.data) {
		c := d.data[i]
		if c == '"' {
			s := string(d.data[d.pos:i])
			d.pos = i + 1
			return s, nil
		}
		if c == '\\' || c < 0x20 {
			break
		}
		i++
	}
	buf := make([]byte, 0, i-d.pos+16)
	buf = append(buf, d.data[d.pos:i]...)
	d.pos = i
	for {
		if d.pos >= len(d.data) {
			return nil, d.err("Unterminated string starting at", start)
		}
		c := d.data[d.pos]
		switch {
		case c == '"':
			d.pos++
			return string(buf), nil
		case c < 0x20:
			return nil, d.err("Invalid control character at", d.pos)
		case c != '\\':
			buf = append(buf, c)
			d.pos++
			continue
		}
		if d.pos+1 >= len(d.data) {
			return nil, d.err("Unterminated string starting at", start)
		}
		esc := d.data[d.pos+1]
		switch esc {
		case '"', '\\', '/':
			buf = append(buf, esc)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, ok := d.hex4(d.pos + 2)
			if !ok {
				return nil, d.err("Invalid \\uXXXX escape", d.pos+1)
			}
			d.pos += 6
			if utf16.IsSurrogate(r) {
				if r2, ok := d.lowSurrogate(); ok {
					r = utf16.DecodeRune(r, r2)
					d.pos += 6
				} else {
					r = utf8.RuneError
				}
			}
			buf = utf8.AppendRune(buf, r)
			continue
		default:
			return nil, d.err("Invalid \\escape", d.pos)
		}
		d.pos += 2
	}
}

func (d *decoder) lowSurrogate() (rune, bool) {
	if d.pos+1 < len(d.data) && d.data[d.pos] == '\\' && d.data[d.pos+1] == 'u' {
		if r, ok := d.hex4(d.pos + 2); ok && r >= 0xdc00 && r < 0xe000 {
			return r, true
		}
	}
	return 0, false
}

func (d *decoder) hex4(at int) (rune, bool) {
	if at+4 > len(d.data) {
		return 0, false
	}
	n, err := strconv.ParseUint(string(d.data[at:at+4]), 16, 32)
	if err != nil {
		return 0, false
	}
	return rune(n), true
}
