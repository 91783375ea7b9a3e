package expr

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mistral-go/mistral-go/value"
)

// parsePyJSON is Python's json.loads (json_parse): NaN and Infinity
// accepted, duplicate keys keep the first position and the last value,
// and errors worded as JSONDecodeError words them.
func parsePyJSON(s string) (any, error) {
	d := &jsonDecoder{s: s}
	if strings.HasPrefix(s, "\ufeff") {
		return nil, d.fail("Unexpected UTF-8 BOM (decode using utf-8-sig)", 0)
	}
	i := d.ws(0)
	v, end, err := d.value(i, 0)
	if err != nil {
		return nil, err
	}
	end = d.ws(end)
	if end != len(s) {
		return nil, d.fail("Extra data", end)
	}
	return v, nil
}

type jsonDecoder struct{ s string }

const maxJSONDepth = 1000

// fail builds the JSONDecodeError message for byte offset pos.
func (d *jsonDecoder) fail(msg string, pos int) error {
	before := d.s[:pos]
	p := utf8.RuneCountInString(before)
	line := strings.Count(before, "\n") + 1
	col := p + 1
	if nl := strings.LastIndexByte(before, '\n'); nl >= 0 {
		col = p - utf8.RuneCountInString(before[:nl])
	}
	return ferr(msg + ": line " + strconv.Itoa(line) + " column " + strconv.Itoa(col) + " (char " + strconv.Itoa(p) + ")")
}

func (d *jsonDecoder) ws(i int) int {
	for i < len(d.s) {
		switch d.s[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

func (d *jsonDecoder) value(i, depth int) (any, int, error) {
	s := d.s
	if i >= len(s) {
		return nil, 0, d.fail("Expecting value", i)
	}
	switch c := s[i]; {
	case c == '"':
		return d.str(i + 1)
	case c == '{':
		if depth >= maxJSONDepth {
			return nil, 0, ferr("maximum recursion depth exceeded while decoding a JSON object from a unicode string")
		}
		return d.object(i+1, depth+1)
	case c == '[':
		if depth >= maxJSONDepth {
			return nil, 0, ferr("maximum recursion depth exceeded while decoding a JSON array from a unicode string")
		}
		return d.array(i+1, depth+1)
	case strings.HasPrefix(s[i:], "null"):
		return nil, i + 4, nil
	case strings.HasPrefix(s[i:], "true"):
		return true, i + 4, nil
	case strings.HasPrefix(s[i:], "false"):
		return false, i + 5, nil
	case strings.HasPrefix(s[i:], "NaN"):
		return nanValue(), i + 3, nil
	case strings.HasPrefix(s[i:], "Infinity"):
		return infValue(1), i + 8, nil
	case strings.HasPrefix(s[i:], "-Infinity"):
		return infValue(-1), i + 9, nil
	case c == '-' || c >= '0' && c <= '9':
		return d.number(i)
	}
	return nil, 0, d.fail("Expecting value", i)
}

// number matches -?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?.
func (d *jsonDecoder) number(i int) (any, int, error) {
	s := d.s
	j := i
	if s[j] == '-' {
		j++
	}
	switch {
	case j < len(s) && s[j] == '0':
		j++
	case j < len(s) && s[j] >= '1' && s[j] <= '9':
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
	default:
		return nil, 0, d.fail("Expecting value", i)
	}
	isFloat := false
	if j+1 < len(s) && s[j] == '.' && s[j+1] >= '0' && s[j+1] <= '9' {
		j += 2
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		isFloat = true
	}
	if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
		k := j + 1
		if k < len(s) && (s[k] == '+' || s[k] == '-') {
			k++
		}
		if k < len(s) && s[k] >= '0' && s[k] <= '9' {
			for k < len(s) && s[k] >= '0' && s[k] <= '9' {
				k++
			}
			j = k
			isFloat = true
		}
	}
	text := s[i:j]
	if !isFloat {
		if n, err := strconv.ParseInt(text, 10, 64); err == nil {
			return n, j, nil
		}
	}
	f, _ := strconv.ParseFloat(text, 64)
	return f, j, nil
}

func (d *jsonDecoder) str(i int) (any, int, error) {
	s := d.s
	begin := i - 1
	var b []byte
	start := i
	for {
		if i >= len(s) {
			return nil, 0, d.fail("Unterminated string starting at", begin)
		}
		c := s[i]
		switch {
		case c == '"':
			if b == nil {
				return s[start:i], i + 1, nil
			}
			return string(append(b, s[start:i]...)), i + 1, nil
		case c < 0x20:
			return nil, 0, d.fail("Invalid control character at", i)
		case c != '\\':
			i++
			continue
		}
		b = append(b, s[start:i]...)
		if i+1 >= len(s) {
			return nil, 0, d.fail("Unterminated string starting at", begin)
		}
		esc := s[i+1]
		switch esc {
		case '"', '\\', '/':
			b = append(b, esc)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, ok := hex4(s, i+2)
			if !ok {
				return nil, 0, d.fail("Invalid \\uXXXX escape", i+1)
			}
			n := i + 6
			if r >= 0xd800 && r <= 0xdbff && strings.HasPrefix(s[n:], `\u`) {
				r2, ok := hex4(s, n+2)
				if !ok {
					return nil, 0, d.fail("Invalid \\uXXXX escape", n+1)
				}
				if r2 >= 0xdc00 && r2 <= 0xdfff {
					r = 0x10000 + ((r - 0xd800) << 10) | (r2 - 0xdc00)
					n += 6
				}
			}
			b = utf8.AppendRune(b, r)
			i = n
			start = i
			continue
		default:
			return nil, 0, d.fail("Invalid \\escape", i)
		}
		i += 2
		start = i
	}
}

func hex4(s string, i int) (rune, bool) {
	if i+4 > len(s) || s[i+1] == 'x' || s[i+1] == 'X' {
		return 0, false
	}
	n, err := strconv.ParseUint(s[i:i+4], 16, 32)
	if err != nil || strings.ContainsAny(s[i:i+4], "+-_") {
		return 0, false
	}
	return rune(n), true
}

func (d *jsonDecoder) object(i, depth int) (any, int, error) {
	s := d.s
	m := value.NewMap(0)
	i = d.ws(i)
	if i < len(s) && s[i] == '}' {
		return m, i + 1, nil
	}
	for {
		if i >= len(s) || s[i] != '"' {
			return nil, 0, d.fail("Expecting property name enclosed in double quotes", i)
		}
		k, end, err := d.str(i + 1)
		if err != nil {
			return nil, 0, err
		}
		i = d.ws(end)
		if i >= len(s) || s[i] != ':' {
			return nil, 0, d.fail("Expecting ':' delimiter", i)
		}
		i = d.ws(i + 1)
		v, end, err := d.value(i, depth)
		if err != nil {
			return nil, 0, err
		}
		m.Set(k.(string), v)
		i = d.ws(end)
		if i < len(s) && s[i] == '}' {
			return m, i + 1, nil
		}
		if i >= len(s) || s[i] != ',' {
			return nil, 0, d.fail("Expecting ',' delimiter", i)
		}
		i = d.ws(i + 1)
	}
}

func (d *jsonDecoder) array(i, depth int) (any, int, error) {
	s := d.s
	out := []any{}
	i = d.ws(i)
	if i < len(s) && s[i] == ']' {
		return out, i + 1, nil
	}
	for {
		v, end, err := d.value(i, depth)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, v)
		i = d.ws(end)
		if i < len(s) && s[i] == ']' {
			return out, i + 1, nil
		}
		if i >= len(s) || s[i] != ',' {
			return nil, 0, d.fail("Expecting ',' delimiter", i)
		}
		i = d.ws(i + 1)
	}
}
