package yaql

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// decodeEscapes decodes the backslash escapes yaql recognises in quoted
// strings (\n \t \\ \' \" \a \b \f \r \v, octal \ooo, \xhh, \uhhhh,
// \Uhhhhhhhh); any other backslash stays as written. Invalid hex escapes
// are errors worded as Python's unicode-escape codec words them. Named
// escapes (\N{…}) are not supported and are reported as unknown names.
func decodeEscapes(raw []rune) (string, error) {
	if !containsRune(raw, '\\') {
		return string(raw), nil
	}
	var b strings.Builder
	for i := 0; i < len(raw); {
		c := raw[i]
		if c != '\\' || i+1 >= len(raw) {
			b.WriteRune(c)
			i++
			continue
		}
		n, r, err := escapeAt(raw[i:])
		if err != nil {
			return "", err
		}
		if n == 0 {
			b.WriteRune(c)
			i++
			continue
		}
		if r >= 0 {
			b.WriteRune(r)
		}
		i += n
	}
	return b.String(), nil
}

func containsRune(rs []rune, r rune) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

func codecError(end int, reason string) error {
	return &GrammarError{Msg: "'unicodeescape' codec can't decode bytes in position 0-" + strconv.Itoa(end) + ": " + reason}
}

// escapeAt decodes the escape at the start of s (s[0] == '\\'); n is the
// number of runes consumed, 0 when nothing matches.
func escapeAt(s []rune) (n int, r rune, err error) {
	switch s[1] {
	case 'U':
		return hexEscape(s, 8, "truncated \\UXXXXXXXX escape")
	case 'u':
		return hexEscape(s, 4, "truncated \\uXXXX escape")
	case 'x':
		return hexEscape(s, 2, "truncated \\xXX escape")
	case 'N':
		if len(s) > 3 && s[2] == '{' {
			for j := 3; j < len(s); j++ {
				if s[j] == '}' {
					if j == 3 {
						return 0, 0, nil
					}
					return 0, 0, codecError(j, "unknown Unicode character name")
				}
			}
		}
		return 0, 0, nil
	case '\\':
		return 2, '\\', nil
	case '\'':
		return 2, '\'', nil
	case '"':
		return 2, '"', nil
	case 'a':
		return 2, 7, nil
	case 'b':
		return 2, 8, nil
	case 'f':
		return 2, 12, nil
	case 'n':
		return 2, '\n', nil
	case 'r':
		return 2, '\r', nil
	case 't':
		return 2, '\t', nil
	case 'v':
		return 2, 11, nil
	}
	if s[1] >= '0' && s[1] <= '7' {
		v := rune(0)
		j := 1
		for ; j < len(s) && j <= 3 && s[j] >= '0' && s[j] <= '7'; j++ {
			v = v*8 + (s[j] - '0')
		}
		return j, v, nil
	}
	return 0, 0, nil
}

// hexEscape decodes \x, \u or \U followed by exactly digits characters
// (any characters match the pattern; they must then be hex digits).
func hexEscape(s []rune, digits int, truncated string) (int, rune, error) {
	if len(s) < 2+digits {
		return 0, 0, nil
	}
	for _, c := range s[2 : 2+digits] {
		if c == '\n' {
			return 0, 0, nil
		}
	}
	v := rune(0)
	for k := 0; k < digits; k++ {
		d := hexVal(s[2+k])
		if d < 0 {
			return 0, 0, codecError(1+k, truncated)
		}
		v = v*16 + rune(d)
	}
	if v > utf8.MaxRune {
		return 0, 0, codecError(1+digits, "illegal Unicode character")
	}
	return 2 + digits, v, nil
}

func hexVal(c rune) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}
