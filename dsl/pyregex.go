package dsl

import (
	"regexp"
	"strings"
	"unicode"
)

// pyPattern is a regular expression of Mistral's schemas or parsers with
// Python's semantics (Unicode \w and \s, "$" also matching before a final
// newline). src is the pattern as Python writes it, for messages.
type pyPattern struct {
	src   string
	re    *regexp.Regexp
	match func(string) bool
}

// Python's \s and \w for str patterns, as Go character class contents.
const (
	pySpace = `\t\n\v\f\r\x1c-\x1f \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}`
	pyWord  = `\p{L}\p{N}_`
)

// pyRegexp translates a Python pattern that uses only \w, \S, \s, \d,
// "." and a final "$" into Go syntax.
func pyRegexp(src string) *regexp.Regexp {
	var b strings.Builder
	inClass := false
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '\\' && i+1 < len(src):
			i++
			switch src[i] {
			case 'w':
				if inClass {
					b.WriteString(pyWord)
				} else {
					b.WriteString("[" + pyWord + "]")
				}
			case 's':
				if inClass {
					b.WriteString(pySpace)
				} else {
					b.WriteString("[" + pySpace + "]")
				}
			case 'S':
				b.WriteString("[^" + pySpace + "]")
			case 'd':
				b.WriteString(`\p{Nd}`)
			default:
				b.WriteByte('\\')
				b.WriteByte(src[i])
			}
		case c == '[' && !inClass:
			inClass = true
			b.WriteByte(c)
		case c == ']' && inClass:
			inClass = false
			b.WriteByte(c)
		case c == '$' && !inClass && (i+1 == len(src) || src[i+1] == ')' || src[i+1] == '|'):
			b.WriteString(`(?:\n?\z)`)
		default:
			b.WriteByte(c)
		}
	}
	return regexp.MustCompile(b.String())
}

// newPattern compiles a Python pattern for re.search semantics.
func newPattern(src string) *pyPattern {
	re := pyRegexp(src)
	return &pyPattern{src: src, re: re, match: re.MatchString}
}

// isPyWord is Python's \w for one character.
func isPyWord(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r)
}

// withFinalNewline returns s without one trailing "\n": Python's "$"
// also matches before it.
func withoutFinalNewline(s string) string {
	return strings.TrimSuffix(s, "\n")
}

// matchWord is ^\w+$.
func matchWord(s string) bool {
	s = withoutFinalNewline(s)
	if s == "" {
		return false
	}
	for _, r := range s {
		if !isPyWord(r) {
			return false
		}
	}
	return true
}

// matchNonSpace is ^\S+$.
func matchNonSpace(s string) bool {
	s = withoutFinalNewline(s)
	if s == "" {
		return false
	}
	for _, r := range s {
		if isPySpace(r) {
			return false
		}
	}
	return true
}

// wholeExpression matches ^OPEN(.*?)CLOSE\s*$ (no newline inside).
func wholeExpression(s, open, close string) bool {
	t := strings.TrimRightFunc(s, isPySpace)
	if len(t) < len(open)+len(close) || !strings.HasPrefix(t, open) || !strings.HasSuffix(t, close) {
		return false
	}
	return !strings.Contains(t[len(open):len(t)-len(close)], "\n")
}

// Patterns of Mistral's language.
var (
	// wordKeyPattern is the key pattern of Mistral's mappings (^\w+$).
	wordKeyPattern = &pyPattern{src: `^\w+$`, match: matchWord}
	// versionKeyPattern and nonVersionWordPattern are the workbook's
	// workflows/actions key patterns.
	versionKeyPattern     = newPattern(`^version$`)
	nonVersionWordPattern = &pyPattern{
		src: `^(?!version$)[\w-]+$`,
		match: func(s string) bool {
			return s != "version" && s != "version\n" && wordDashRe.MatchString(s)
		},
	}
	wordDashRe = pyRegexp(`^[\w-]+$`)

	// The expression patterns of Mistral's schema (type EXPRESSION):
	// a whole string that is one Jinja or one YAQL expression.
	jinjaWholePattern = &pyPattern{src: `^({{(.*?)}})\s*$`,
		match: func(s string) bool { return wholeExpression(s, "{{", "}}") }}
	yaqlWholePattern = &pyPattern{src: `^<%.*?%>\s*$`,
		match: func(s string) bool { return wholeExpression(s, "<%", "%>") }}

	// Transition entry patterns (NEXT_TASK).
	nextTaskPattern       = &pyPattern{src: `^\S+$`, match: matchNonSpace}
	nextTaskParamsPattern = newPattern(`^\w+ \w+=(.*)$`)
	nextTaskFuncPattern   = newPattern(`^\w+\(\w+=(.*)\)$`)
)
