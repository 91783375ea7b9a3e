package jinja

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// unescapePy decodes a string literal body as Jinja2 does: non-ASCII
// characters are first written as backslash escapes, then the whole text is
// decoded with Python's unicode-escape codec. It returns the codec's error
// text on failure.
func unescapePy(s string) (string, string) {
	if strings.IndexByte(s, '\\') < 0 {
		return s, ""
	}
	// backslashreplace: a backslash right before a non-ASCII character
	// escapes the backslash of that character's escape, so do it literally.
	var a []byte
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			a = append(a, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == utf8.RuneError && n == 1:
			a = append(a, `\ufffd`...)
		case r < 0x100:
			a = append(a, '\\', 'x', hexDigit(r>>4), hexDigit(r&15))
		case r < 0x10000:
			a = append(a, '\\', 'u')
			for k := 12; k >= 0; k -= 4 {
				a = append(a, hexDigit((r>>k)&15))
			}
		default:
			a = append(a, '\\', 'U')
			for k := 28; k >= 0; k -= 4 {
				a = append(a, hexDigit((r>>k)&15))
			}
		}
	}
	var b strings.Builder
	b.Grow(len(a))
	for i := 0; i < len(a); i++ {
		c := a[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(a) {
			return "", `\ at end of string`
		}
		c = a[i]
		switch c {
		case '\n':
		case '\\', '\'', '"':
			b.WriteByte(c)
		case 'a':
			b.WriteByte(7)
		case 'b':
			b.WriteByte(8)
		case 'f':
			b.WriteByte(12)
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'v':
			b.WriteByte(11)
		case '0', '1', '2', '3', '4', '5', '6', '7':
			v := rune(c - '0')
			for k := 0; k < 2 && i+1 < len(a) && a[i+1] >= '0' && a[i+1] <= '7'; k++ {
				i++
				v = v*8 + rune(a[i]-'0')
			}
			b.WriteRune(v)
		case 'x', 'u', 'U':
			n, msg := 2, `truncated \xXX escape`
			if c == 'u' {
				n, msg = 4, `truncated \uXXXX escape`
			} else if c == 'U' {
				n, msg = 8, `truncated \UXXXXXXXX escape`
			}
			if i+n >= len(a) {
				return "", msg
			}
			hex := string(a[i+1 : i+1+n])
			v, err := strconv.ParseUint(hex, 16, 32)
			if err != nil || strings.ContainsAny(hex, "+-_") {
				return "", msg
			}
			if v > 0x10FFFF {
				return "", "illegal Unicode character"
			}
			b.WriteRune(rune(v))
			i += n
		case 'N':
			end := strings.IndexByte(string(a[i:]), '}')
			if i+1 >= len(a) || a[i+1] != '{' || end < 0 {
				return "", `malformed \N character escape`
			}
			r, ok := unicodeName(string(a[i+2 : i+end]))
			if !ok {
				return "", "unknown Unicode character name"
			}
			b.WriteRune(r)
			i += end
		default:
			b.WriteByte('\\')
			b.WriteByte(c)
		}
	}
	return b.String(), ""
}

func hexDigit(v rune) byte { return "0123456789abcdef"[v&15] }

// unicodeName resolves the few \N{...} names templates realistically use.
func unicodeName(name string) (rune, bool) {
	switch strings.ToUpper(name) {
	case "SPACE":
		return ' ', true
	case "NO-BREAK SPACE":
		return 0xa0, true
	case "LINE FEED", "LF":
		return '\n', true
	case "CHARACTER TABULATION", "TAB":
		return '\t', true
	case "CARRIAGE RETURN", "CR":
		return '\r', true
	case "BULLET":
		return 0x2022, true
	case "EM DASH":
		return 0x2014, true
	case "EN DASH":
		return 0x2013, true
	case "HORIZONTAL ELLIPSIS":
		return 0x2026, true
	case "EURO SIGN":
		return 0x20ac, true
	case "COPYRIGHT SIGN":
		return 0xa9, true
	case "DEGREE SIGN":
		return 0xb0, true
	}
	return 0, false
}
