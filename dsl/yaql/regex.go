package yaql

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Python re flags as yaql sets them.
const (
	reIgnoreCase = 2
	reMultiline  = 8
	reDotAll     = 16
	reUnicode    = 32
)

// compileRegex compiles a Python regular expression with Go's RE2
// engine. Python syntax is translated where RE2 has an equivalent
// (\d \w \s are Unicode-aware as in Python, \Z, {,n}, \uXXXX); features
// RE2 lacks (backreferences, lookarounds, atomic groups) are errors.
func compileRegex(pattern string, flags int) (*regexVal, error) {
	goPat, err := translateRegex(pattern)
	if err != nil {
		return nil, err
	}
	prefix := ""
	if flags&reIgnoreCase != 0 {
		prefix += "i"
	}
	if flags&reMultiline != 0 {
		prefix += "m"
	}
	if flags&reDotAll != 0 {
		prefix += "s"
	}
	if prefix != "" {
		goPat = "(?" + prefix + ")" + goPat
	}
	re, err := regexp.Compile(goPat)
	if err != nil {
		return nil, pyRegexError(pattern, err)
	}
	return &regexVal{pattern: pattern, flags: flags | reUnicode, re: re, groups: re.NumSubexp(), names: re.SubexpNames()}, nil
}

const (
	pyWordClass  = `\p{L}\p{N}_`
	pySpaceClass = `\t\n\v\f\r \x{1c}-\x{1f}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}`
)

func translateRegex(p string) (string, error) {
	var b strings.Builder
	inClass := false
	unsupported := func(what string) error {
		return pyErr("error", what+" is not supported")
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '\\' && i+1 < len(p):
			i++
			d := p[i]
			switch d {
			case 'd':
				b.WriteString(`\p{Nd}`)
			case 'D':
				b.WriteString(`\P{Nd}`)
			case 'w':
				if inClass {
					b.WriteString(pyWordClass)
				} else {
					b.WriteString("[" + pyWordClass + "]")
				}
			case 'W':
				if inClass {
					b.WriteString(`\W`)
				} else {
					b.WriteString("[^" + pyWordClass + "]")
				}
			case 's':
				if inClass {
					b.WriteString(pySpaceClass)
				} else {
					b.WriteString("[" + pySpaceClass + "]")
				}
			case 'S':
				if inClass {
					b.WriteString(`\S`)
				} else {
					b.WriteString("[^" + pySpaceClass + "]")
				}
			case 'Z':
				b.WriteString(`\z`)
			case 'u', 'U':
				n := 4
				if d == 'U' {
					n = 8
				}
				if i+n >= len(p)+0 && i+n > len(p)-1+1 {
					return "", pyErr("error", "incomplete escape \\"+string(d)+p[i+1:]+" at position "+strconv.Itoa(i-1))
				}
				hex := p[i+1 : i+1+n]
				if _, err := strconv.ParseUint(hex, 16, 32); err != nil {
					return "", pyErr("error", "incomplete escape \\"+string(d)+hex+" at position "+strconv.Itoa(i-1))
				}
				b.WriteString(`\x{` + hex + `}`)
				i += n
			case '1', '2', '3', '4', '5', '6', '7', '8', '9':
				if inClass {
					b.WriteByte('\\')
					b.WriteByte(d)
				} else {
					return "", unsupported("backreference")
				}
			default:
				b.WriteByte('\\')
				b.WriteByte(d)
			}
		case inClass:
			if c == ']' {
				inClass = false
			}
			if c == '[' {
				b.WriteString(`\[`)
				continue
			}
			b.WriteByte(c)
		case c == '[':
			inClass = true
			b.WriteByte(c)
			if i+1 < len(p) && p[i+1] == '^' {
				b.WriteByte('^')
				i++
			}
			if i+1 < len(p) && p[i+1] == ']' {
				b.WriteString(`\]`)
				i++
			}
		case c == '(' && strings.HasPrefix(p[i:], "(?#"):
			end := strings.IndexByte(p[i:], ')')
			if end < 0 {
				return "", pyErr("error", "missing ), unterminated comment at position "+strconv.Itoa(i))
			}
			i += end
		case c == '(' && (strings.HasPrefix(p[i:], "(?=") || strings.HasPrefix(p[i:], "(?!") ||
			strings.HasPrefix(p[i:], "(?<=") || strings.HasPrefix(p[i:], "(?<!")):
			return "", unsupported("lookaround")
		case c == '(' && strings.HasPrefix(p[i:], "(?P="):
			return "", unsupported("backreference")
		case c == '(' && strings.HasPrefix(p[i:], "(?>"):
			return "", unsupported("atomic group")
		case c == '{' && i+1 < len(p) && p[i+1] == ',':
			j := i + 2
			for j < len(p) && p[j] >= '0' && p[j] <= '9' {
				j++
			}
			if j < len(p) && p[j] == '}' && j > i+2 {
				b.WriteString("{0," + p[i+2:j] + "}")
				i = j
			} else {
				b.WriteString(`\{`)
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

func (r *regexVal) appendRepr(b []byte) []byte {
	b = append(b, "re.compile("...)
	b = appendRepr(b, r.pattern)
	var names []string
	if r.flags&reIgnoreCase != 0 {
		names = append(names, "re.IGNORECASE")
	}
	if r.flags&reMultiline != 0 {
		names = append(names, "re.MULTILINE")
	}
	if r.flags&reDotAll != 0 {
		names = append(names, "re.DOTALL")
	}
	if len(names) > 0 {
		b = append(b, ", "...)
		b = append(b, strings.Join(names, "|")...)
	}
	return append(b, ')')
}

// match is one regex match with byte offsets (-1 for unmatched groups).
type match struct {
	s   string
	idx []int
}

func (m match) group(i int) any {
	if m.idx[2*i] < 0 {
		return nil
	}
	return m.s[m.idx[2*i]:m.idx[2*i+1]]
}

// pos converts a byte offset to a character index.
func (m match) pos(off int) int64 {
	if off < 0 {
		return -1
	}
	return int64(utf8.RuneCountInString(m.s[:off]))
}

// findAll returns the successive matches as Python's finditer does.
// Go's FindAll drops an empty match that directly follows a non-empty
// one; Python (3.7+) keeps it, so it is added back.
func (r *regexVal) findAll(s string, limit int) []match {
	all := r.re.FindAllStringSubmatchIndex(s, -1)
	out := make([]match, 0, len(all))
	for i, loc := range all {
		out = append(out, match{s: s, idx: loc})
		if loc[1] == loc[0] {
			continue
		}
		e := loc[1]
		if i+1 < len(all) && all[i+1][0] == e {
			continue
		}
		if sub := r.re.FindStringSubmatchIndex(s[e:]); sub != nil && sub[0] == 0 && sub[1] == 0 {
			for k := range sub {
				if sub[k] >= 0 {
					sub[k] += e
				}
			}
			out = append(out, match{s: s, idx: sub})
		}
	}
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

// search is re.search: the first match or nil.
func (r *regexVal) search(s string) *match {
	loc := r.re.FindStringSubmatchIndex(s)
	if loc == nil {
		return nil
	}
	return &match{s: s, idx: loc}
}

// sub is re.sub with a replacement function.
func (r *regexVal) sub(s string, count int64, repl func(m match) (string, error)) (string, error) {
	limit := 0
	if count > 0 {
		limit = int(min(count, 1<<30))
	}
	ms := r.findAll(s, limit)
	var b strings.Builder
	last := 0
	for _, m := range ms {
		b.WriteString(s[last:m.idx[0]])
		t, err := repl(m)
		if err != nil {
			return "", err
		}
		b.WriteString(t)
		last = m.idx[1]
	}
	b.WriteString(s[last:])
	return b.String(), nil
}

// expandTemplate expands a Python re replacement template for a match.
func (r *regexVal) expandTemplate(tpl string, m match) (string, error) {
	var b strings.Builder
	for i := 0; i < len(tpl); i++ {
		c := tpl[i]
		if c != '\\' || i+1 >= len(tpl) {
			if c == '\\' {
				return "", pyErr("error", "bad escape (end of pattern) at position "+strconv.Itoa(i))
			}
			b.WriteByte(c)
			continue
		}
		i++
		d := tpl[i]
		switch {
		case d >= '0' && d <= '9':
			j := i
			for j < len(tpl) && j < i+2 && tpl[j] >= '0' && tpl[j] <= '9' {
				j++
			}
			if d == '0' || j-i == 3 {
				n, _ := strconv.ParseInt(tpl[i:min(i+3, len(tpl))], 8, 32)
				b.WriteRune(rune(n))
				i = min(i+2, len(tpl)-1)
				continue
			}
			n, _ := strconv.Atoi(tpl[i:j])
			if n > r.groups {
				return "", pyErr("error", "invalid group reference "+strconv.Itoa(n)+" at position "+strconv.Itoa(i))
			}
			if g, ok := m.group(n).(string); ok {
				b.WriteString(g)
			}
			i = j - 1
		case d == 'g':
			if i+1 >= len(tpl) || tpl[i+1] != '<' {
				return "", pyErr("error", "missing < at position "+strconv.Itoa(i+1))
			}
			end := strings.IndexByte(tpl[i:], '>')
			if end < 0 {
				return "", pyErr("error", "missing >, unterminated name at position "+strconv.Itoa(i+2))
			}
			name := tpl[i+2 : i+end]
			n, err := strconv.Atoi(name)
			if err != nil {
				n = -1
				for k, nm := range r.names {
					if nm == name && name != "" {
						n = k
					}
				}
				if n < 0 {
					return "", pyErr("IndexError", "unknown group name '"+name+"'")
				}
			} else if n > r.groups {
				return "", pyErr("error", "invalid group reference "+name+" at position "+strconv.Itoa(i+2))
			}
			if g, ok := m.group(n).(string); ok {
				b.WriteString(g)
			}
			i += end
		default:
			esc := map[byte]string{'n': "\n", 't': "\t", 'r': "\r", 'f': "\f", 'v': "\v", 'a': "\a", 'b': "\b", '\\': "\\"}
			if e, ok := esc[d]; ok {
				b.WriteString(e)
			} else if d >= 'a' && d <= 'z' || d >= 'A' && d <= 'Z' {
				return "", pyErr("error", "bad escape \\"+string(d)+" at position "+strconv.Itoa(i-1))
			} else {
				b.WriteByte('\\')
				b.WriteByte(d)
			}
		}
	}
	return b.String(), nil
}

// split is re.split(pattern, s, maxsplit).
func (r *regexVal) split(s string, max int64) pyList {
	limit := 0
	if max > 0 {
		limit = int(min(max, 1<<30))
	}
	var out pyList
	last := 0
	for _, m := range r.findAll(s, limit) {
		out = append(out, s[last:m.idx[0]])
		for g := 1; g <= r.groups; g++ {
			out = append(out, m.group(g))
		}
		last = m.idx[1]
	}
	return append(out, s[last:])
}

// escapeRegex is Python's re.escape.
func escapeRegex(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 128 && strings.ContainsRune("()[]{}?*+-|^$\\.&~# \t\n\r\v\f", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// pyRegexError words a compilation error as Python's re module does, for
// the errors both engines detect; the position is that of the offending
// text in the pattern as written.
func pyRegexError(pattern string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "error parsing regexp: ")
	code, text, _ := strings.Cut(msg, ": `")
	text = strings.TrimSuffix(text, "`")
	at := func(s string) string {
		k := strings.Index(pattern, s)
		if k < 0 {
			k = 0
		}
		return strconv.Itoa(utf8.RuneCountInString(pattern[:k]))
	}
	switch code {
	case "missing argument to repetition operator":
		return pyErr("error", "nothing to repeat at position "+at(text))
	case "invalid nested repetition operator":
		k := strings.Index(pattern, text)
		if k < 0 {
			k = 0
		}
		return pyErr("error", "multiple repeat at position "+strconv.Itoa(utf8.RuneCountInString(pattern[:k])+1))
	case "missing closing )":
		return pyErr("error", "missing ), unterminated subpattern at position "+at(text))
	case "unexpected )":
		depth, pos, inClass := 0, 0, false
		rs := []rune(pattern)
		for k := 0; k < len(rs); k++ {
			switch {
			case rs[k] == '\\':
				k++
			case inClass:
				inClass = rs[k] != ']'
			case rs[k] == '[':
				inClass = true
			case rs[k] == '(':
				depth++
			case rs[k] == ')':
				depth--
				if depth < 0 {
					pos, k = k, len(rs)
				}
			}
		}
		return pyErr("error", "unbalanced parenthesis at position "+strconv.Itoa(pos))
	case "missing closing ]":
		return pyErr("error", "unterminated character set at position "+at(text))
	case "invalid escape sequence":
		return pyErr("error", "bad escape "+text+" at position "+at(text))
	case "invalid character class range":
		return pyErr("error", "bad character range "+text+" at position "+at(text))
	case "invalid repeat count":
		k, _ := strconv.Atoi(at(text))
		return pyErr("error", "min repeat greater than max repeat at position "+strconv.Itoa(k+1))
	}
	return pyErr("error", msg)
}
