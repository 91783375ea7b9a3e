package yaql

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// pyFormat is Python's str.format(*args, **kwargs).
func pyFormat(f string, args []any, kw []kwVal) (string, error) {
	st := &fmtState{args: args, kw: kw, auto: -1}
	return st.format(f, 2)
}

type fmtState struct {
	args []any
	kw   []kwVal
	auto int // next automatic index; -1 before any field, -2 once manual
}

func (st *fmtState) format(f string, depth int) (string, error) {
	var b strings.Builder
	for i := 0; i < len(f); {
		c := f[i]
		switch c {
		case '{':
			if i+1 < len(f) && f[i+1] == '{' {
				b.WriteByte('{')
				i += 2
				continue
			}
			if i+1 == len(f) {
				return "", errValue("Single '{' encountered in format string")
			}
			end, err := fieldEnd(f, i+1)
			if err != nil {
				return "", err
			}
			s, err := st.field(f[i+1:end], depth)
			if err != nil {
				return "", err
			}
			b.WriteString(s)
			i = end + 1
		case '}':
			if i+1 < len(f) && f[i+1] == '}' {
				b.WriteByte('}')
				i += 2
				continue
			}
			return "", errValue("Single '}' encountered in format string")
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String(), nil
}

// fieldEnd finds the '}' closing a replacement field starting at i.
func fieldEnd(f string, i int) (int, error) {
	level := 1
	inBracket := false
	for j := i; j < len(f); j++ {
		switch f[j] {
		case '[':
			inBracket = true
		case ']':
			inBracket = false
		case '{':
			if !inBracket {
				level++
			}
		case '}':
			if !inBracket {
				level--
				if level == 0 {
					return j, nil
				}
			}
		}
	}
	if level > 0 {
		return 0, errValue("expected '}' before end of string")
	}
	return 0, errValue("Single '{' encountered in format string")
}

func (st *fmtState) field(field string, depth int) (string, error) {
	if depth <= 0 {
		return "", errValue("Max string recursion exceeded")
	}
	// split name!conv:spec (the name may hold [..] with any characters)
	name, conv, spec := field, "", ""
	hasConv := false
	j := 0
	for ; j < len(field); j++ {
		if field[j] == '[' {
			for j < len(field) && field[j] != ']' {
				j++
			}
			if j >= len(field) {
				break
			}
			continue
		}
		if field[j] == '!' || field[j] == ':' {
			break
		}
	}
	name = field[:j]
	rest := field[j:]
	if strings.HasPrefix(rest, "!") {
		hasConv = true
		if len(rest) < 2 {
			return "", errValue("end of string while looking for conversion specifier")
		}
		conv = rest[1:2]
		rest = rest[2:]
		if rest != "" && rest[0] != ':' {
			return "", errValue("expected ':' after conversion specifier")
		}
	}
	if strings.HasPrefix(rest, ":") {
		spec = rest[1:]
	}
	v, err := st.lookup(name)
	if err != nil {
		return "", err
	}
	if hasConv {
		switch conv {
		case "s":
			v = pyStr(v)
		case "r":
			v = pyRepr(v)
		case "a":
			v = asciiRepr(pyRepr(v))
		default:
			return "", errValue("Unknown conversion specifier " + conv)
		}
	}
	if strings.ContainsRune(spec, '{') {
		spec, err = st.format(spec, depth-1)
		if err != nil {
			return "", err
		}
	}
	return formatValue(v, spec)
}

func asciiRepr(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < 0x80:
			b.WriteRune(r)
		case r < 0x100:
			b.WriteString(`\x` + hex2(int(r), 2))
		case r < 0x10000:
			b.WriteString(`\u` + hex2(int(r), 4))
		default:
			b.WriteString(`\U` + hex2(int(r), 8))
		}
	}
	return b.String()
}

func hex2(v, n int) string {
	s := strconv.FormatInt(int64(v), 16)
	for len(s) < n {
		s = "0" + s
	}
	return s
}

// lookup resolves a field name: an index or keyword, then .attr and
// [key] parts.
func (st *fmtState) lookup(name string) (any, error) {
	first := name
	k := strings.IndexAny(name, ".[")
	if k >= 0 {
		first = name[:k]
	}
	var v any
	if first == "" {
		if st.auto == -2 {
			return nil, errValue("cannot switch from manual field specification to automatic field numbering")
		}
		if st.auto < 0 {
			st.auto = 0
		}
		idx := st.auto
		st.auto++
		if idx >= len(st.args) {
			return nil, errIndex("Replacement index " + strconv.Itoa(idx) + " out of range for positional args tuple")
		}
		v = st.args[idx]
	} else if n, err := strconv.Atoi(first); err == nil && first[0] != '-' && first[0] != '+' {
		if st.auto >= 0 {
			return nil, errValue("cannot switch from automatic field numbering to manual field specification")
		}
		st.auto = -2
		if n >= len(st.args) {
			return nil, errIndex("Replacement index " + strconv.Itoa(n) + " out of range for positional args tuple")
		}
		v = st.args[n]
	} else {
		found := false
		for _, kv := range st.kw {
			if kv.name == first {
				v, found = kv.v, true
			}
		}
		if !found {
			return nil, errKey(first)
		}
	}
	rest := ""
	if k >= 0 {
		rest = name[k:]
	}
	for rest != "" {
		switch rest[0] {
		case '.':
			e := strings.IndexAny(rest[1:], ".[")
			attr := rest[1:]
			if e >= 0 {
				attr = rest[1 : e+1]
				rest = rest[e+1:]
			} else {
				rest = ""
			}
			if attr == "" {
				return nil, errValue("Empty attribute in format string")
			}
			return nil, pyErr("AttributeError", "'"+typeName(v)+"' object has no attribute '"+attr+"'")
		case '[':
			e := strings.IndexByte(rest, ']')
			if e < 0 {
				return nil, errValue("Missing ']' in format string")
			}
			key := rest[1:e]
			rest = rest[e+1:]
			if rest != "" && rest[0] != '.' && rest[0] != '[' {
				return nil, errValue("Only '.' or '[' may follow ']' in format field specifier")
			}
			var kv any = key
			if n, err := strconv.Atoi(key); err == nil && key[0] != '-' && key[0] != '+' {
				kv = int64(n)
			}
			x, err := pyGetItem(v, kv)
			if err != nil {
				return nil, err
			}
			v = x
		default:
			return nil, errValue("Only '.' or '[' may follow ']' in format field specifier")
		}
	}
	return v, nil
}

// pyGetItem is Python's v[key] for format fields.
func pyGetItem(v, key any) (any, error) {
	if isMapping(v) {
		x, ok, err := mapGetErr(v, key)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, errKey(key)
		}
		return x, nil
	}
	if items, ok := seqItems(v); ok {
		i, ok := key.(int64)
		if !ok {
			return nil, errType(typeName(v) + " indices must be integers or slices, not str")
		}
		if i < 0 || i >= int64(len(items)) {
			return nil, errIndex(typeName(v) + " index out of range")
		}
		return items[i], nil
	}
	if s, ok := v.(string); ok {
		i, ok := key.(int64)
		if !ok {
			return nil, errType("string indices must be integers, not 'str'")
		}
		rs := []rune(s)
		if i < 0 || i >= int64(len(rs)) {
			return nil, errIndex("string index out of range")
		}
		return string(rs[i]), nil
	}
	return nil, errType("'" + typeName(v) + "' object is not subscriptable")
}

// fmtSpec is a parsed format specification.
type fmtSpec struct {
	fill      rune
	align     byte
	sign      byte
	z, alt    bool
	zero      bool
	width     int
	group     byte
	prec      int // -1 when absent
	typ       byte
	hasFill   bool
	hasAlign  bool
	precGiven bool
}

func parseSpec(spec string, v any) (fmtSpec, error) {
	s := fmtSpec{fill: ' ', prec: -1}
	i := 0
	rs := []rune(spec)
	isAlign := func(r rune) bool { return r == '<' || r == '>' || r == '^' || r == '=' }
	if len(rs) >= 2 && isAlign(rs[1]) {
		s.fill, s.align, s.hasFill, s.hasAlign = rs[0], byte(rs[1]), true, true
		i = 2
	} else if len(rs) >= 1 && isAlign(rs[0]) {
		s.align, s.hasAlign = byte(rs[0]), true
		i = 1
	}
	if i < len(rs) && (rs[i] == '+' || rs[i] == '-' || rs[i] == ' ') {
		s.sign = byte(rs[i])
		i++
	}
	if i < len(rs) && rs[i] == 'z' {
		s.z = true
		i++
	}
	if i < len(rs) && rs[i] == '#' {
		s.alt = true
		i++
	}
	if i < len(rs) && rs[i] == '0' {
		s.zero = true
		i++
	}
	st := i
	for i < len(rs) && rs[i] >= '0' && rs[i] <= '9' {
		i++
	}
	if i > st {
		s.width, _ = strconv.Atoi(string(rs[st:i]))
	}
	if i < len(rs) && (rs[i] == ',' || rs[i] == '_') {
		s.group = byte(rs[i])
		i++
		if i < len(rs) && (rs[i] == ',' || rs[i] == '_') {
			return s, errValue("Cannot specify both ',' and '_'.")
		}
	}
	if i < len(rs) && rs[i] == '.' {
		i++
		st := i
		for i < len(rs) && rs[i] >= '0' && rs[i] <= '9' {
			i++
		}
		if i == st {
			return s, errValue("Format specifier missing precision")
		}
		s.prec, _ = strconv.Atoi(string(rs[st:i]))
		s.precGiven = true
	}
	if s.width > maxFormatWidth || s.prec > maxFormatWidth {
		return s, errMemory()
	}
	if len(rs)-i > 1 {
		return s, errValue("Invalid format specifier '" + spec + "' for object of type '" + typeName(v) + "'")
	}
	if i < len(rs) {
		if rs[i] >= 0x80 {
			return s, errValue("Unknown format code '\\x" + strconv.FormatInt(int64(rs[i]), 16) + "' for object of type '" + typeName(v) + "'")
		}
		s.typ = byte(rs[i])
	}
	return s, nil
}

func unknownCode(s fmtSpec, v any) error {
	return errValue("Unknown format code '" + string(rune(s.typ)) + "' for object of type '" + typeName(v) + "'")
}

// formatValue is Python's format(v, spec).
func formatValue(v any, spec string) (string, error) {
	switch t := v.(type) {
	case string:
		if spec == "" {
			return t, nil
		}
		s, err := parseSpec(spec, v)
		if err != nil {
			return "", err
		}
		if s.typ != 0 && s.typ != 's' {
			return "", unknownCode(s, v)
		}
		if s.sign != 0 {
			return "", errValue("Sign not allowed in string format specifier")
		}
		if s.alt {
			return "", errValue("Alternate form (#) not allowed in string format specifier")
		}
		if s.group != 0 {
			return "", errValue("Cannot specify ',' with 's'.")
		}
		if s.hasAlign && s.align == '=' {
			return "", errValue("'=' alignment not allowed in string format specifier")
		}
		if s.precGiven && runeLen(t) > s.prec {
			t = string([]rune(t)[:s.prec])
		}
		if !s.hasAlign {
			s.align = '<'
		}
		return pad(t, "", s), nil
	case bool:
		if spec == "" {
			return pyStr(t), nil
		}
		if t {
			return formatInt(1, spec, v)
		}
		return formatInt(0, spec, v)
	case int64:
		return formatInt(t, spec, v)
	case float64:
		return formatFloat(t, spec, v)
	case dateTime:
		return t.strftime(spec)
	}
	if spec != "" {
		return "", errType("unsupported format string passed to " + typeName(v) + ".__format__")
	}
	return pyStr(v), nil
}

// pad applies width, fill and alignment; prefix (a sign) goes before the
// padding with '=' alignment.
// maxFormatWidth bounds field widths and precisions in format specs.
const maxFormatWidth = 1 << 20

func pad(body, prefix string, s fmtSpec) string {
	n := runeLen(body) + runeLen(prefix)
	if n >= s.width {
		return prefix + body
	}
	fill := strings.Repeat(string(s.fill), s.width-n)
	switch s.align {
	case '<':
		return prefix + body + fill
	case '^':
		l := (s.width - n) / 2
		return strings.Repeat(string(s.fill), l) + prefix + body + strings.Repeat(string(s.fill), s.width-n-l)
	case '=':
		return prefix + fill + body
	}
	return fill + prefix + body
}

func numSpec(s *fmtSpec) {
	if !s.hasAlign {
		s.align = '>'
		if s.zero {
			s.align = '='
		}
	}
	if s.zero && !s.hasFill {
		s.fill = '0'
	}
}

func signOf(neg bool, s fmtSpec) string {
	switch {
	case neg:
		return "-"
	case s.sign == '+':
		return "+"
	case s.sign == ' ':
		return " "
	}
	return ""
}

// group inserts separators every n digits from the right.
func group(digits string, sep byte, n int) string {
	if sep == 0 || len(digits) <= n {
		return digits
	}
	var b strings.Builder
	first := len(digits) % n
	if first > 0 {
		b.WriteString(digits[:first])
	}
	for i := first; i < len(digits); i += n {
		if b.Len() > 0 {
			b.WriteByte(sep)
		}
		b.WriteString(digits[i : i+n])
	}
	return b.String()
}

func formatInt(x int64, spec string, v any) (string, error) {
	s, err := parseSpec(spec, v)
	if err != nil {
		return "", err
	}
	switch s.typ {
	case 'e', 'E', 'f', 'F', 'g', 'G', '%':
		return formatFloatSpec(float64(x), s, v)
	case 'n':
		s.typ = 'd'
	case 0, 'd', 'b', 'o', 'x', 'X', 'c':
	default:
		return "", unknownCode(s, v)
	}
	if s.precGiven {
		return "", errValue("Precision not allowed in integer format specifier")
	}
	numSpec(&s)
	neg := x < 0
	u := uint64(x)
	if neg {
		u = uint64(-x)
	}
	var digits, prefix string
	switch s.typ {
	case 'b':
		digits, prefix = strconv.FormatUint(u, 2), "0b"
	case 'o':
		digits, prefix = strconv.FormatUint(u, 8), "0o"
	case 'x':
		digits, prefix = strconv.FormatUint(u, 16), "0x"
	case 'X':
		digits, prefix = strings.ToUpper(strconv.FormatUint(u, 16)), "0X"
	case 'c':
		if s.sign != 0 {
			return "", errValue("Sign not allowed with integer format specifier 'c'")
		}
		if x < 0 || x > 0x10ffff {
			return "", pyErr("OverflowError", "%c arg not in range(0x110000)")
		}
		return pad(string(rune(x)), "", s), nil
	default:
		digits = strconv.FormatUint(u, 10)
	}
	if s.group != 0 {
		n := 3
		if s.typ == 'b' || s.typ == 'o' || s.typ == 'x' || s.typ == 'X' {
			if s.group == ',' {
				return "", errValue("Cannot specify ',' with '" + string(rune(s.typ)) + "'.")
			}
			n = 4
		}
		digits = groupPadded(digits, s, n, len(signOf(neg, s)))
	}
	lead := signOf(neg, s)
	if s.alt && prefix != "" {
		lead += prefix
	}
	return pad(digits, lead, s), nil
}

// groupPadded groups digits; with zero padding the zeros are grouped too.
func groupPadded(digits string, s fmtSpec, n, signLen int) string {
	if s.align == '=' && s.fill == '0' && s.width > 0 {
		for {
			g := group(digits, s.group, n)
			if runeLen(g)+signLen >= s.width {
				return g
			}
			digits = "0" + digits
		}
	}
	return group(digits, s.group, n)
}

func formatFloat(f float64, spec string, v any) (string, error) {
	if spec == "" {
		return pyStr(f), nil
	}
	s, err := parseSpec(spec, v)
	if err != nil {
		return "", err
	}
	switch s.typ {
	case 0, 'e', 'E', 'f', 'F', 'g', 'G', '%', 'n':
	default:
		return "", unknownCode(s, v)
	}
	return formatFloatSpec(f, s, v)
}

func formatFloatSpec(f float64, s fmtSpec, v any) (string, error) {
	numSpec(&s)
	neg := math.Signbit(f)
	a := math.Abs(f)
	var body string
	typ := s.typ
	if typ == 'n' {
		typ = 'g'
	}
	prec := s.prec
	switch {
	case math.IsInf(a, 0) || math.IsNaN(a):
		body = "inf"
		if math.IsNaN(a) {
			body = "nan"
		}
		if typ == 'E' || typ == 'F' || typ == 'G' {
			body = strings.ToUpper(body)
		}
		if typ == '%' {
			body += "%"
		}
	case typ == 'f' || typ == 'F':
		if prec < 0 {
			prec = 6
		}
		body = strconv.FormatFloat(a, 'f', prec, 64)
		if s.alt && prec == 0 {
			body += "."
		}
	case typ == '%':
		if prec < 0 {
			prec = 6
		}
		body = strconv.FormatFloat(a*100, 'f', prec, 64)
		if s.alt && prec == 0 {
			body += "."
		}
		body += "%"
	case typ == 'e' || typ == 'E':
		if prec < 0 {
			prec = 6
		}
		body = strconv.FormatFloat(a, 'e', prec, 64)
		if s.alt && prec == 0 {
			body = strings.Replace(body, "e", ".e", 1)
		}
		if typ == 'E' {
			body = strings.ToUpper(body)
		}
	case typ == 'g' || typ == 'G':
		if prec < 0 {
			prec = 6
		}
		if prec == 0 {
			prec = 1
		}
		body = formatG(a, prec, s.alt, false)
		if typ == 'G' {
			body = strings.ToUpper(body)
		}
	default: // no type: like repr, or 'g' with at least one decimal
		if prec < 0 {
			body = pyStr(a)
		} else {
			if prec == 0 {
				prec = 1
			}
			body = formatG(a, prec, s.alt, true)
		}
	}
	if s.z && neg && isZeroText(body) {
		neg = false
	}
	if s.group != 0 {
		intPart, frac := body, ""
		if k := strings.IndexFunc(body, func(r rune) bool { return r < '0' || r > '9' }); k >= 0 {
			intPart, frac = body[:k], body[k:]
		}
		body = groupPadded(intPart, s, 3, len(signOf(neg, s))+utf8.RuneCountInString(frac)) + frac
	}
	return pad(body, signOf(neg, s), s), nil
}

func isZeroText(s string) bool {
	return strings.Trim(s, "0.%") == "" || strings.HasPrefix(strings.Trim(s, "0."), "e")
}

// formatG is Python's 'g' formatting (and the no-type form when
// keepPoint: fixed notation always shows a decimal digit).
func formatG(a float64, prec int, alt, keepPoint bool) string {
	e := strconv.FormatFloat(a, 'e', prec-1, 64)
	exp, _ := strconv.Atoi(e[strings.IndexByte(e, 'e')+1:])
	var body string
	if exp < -4 || exp >= prec {
		mant := e[:strings.IndexByte(e, 'e')]
		if !alt && strings.Contains(mant, ".") {
			mant = strings.TrimRight(strings.TrimRight(mant, "0"), ".")
		}
		sign := "+"
		if exp < 0 {
			sign = "-"
			exp = -exp
		}
		es := strconv.Itoa(exp)
		if len(es) < 2 {
			es = "0" + es
		}
		body = mant + "e" + sign + es
	} else {
		body = strconv.FormatFloat(a, 'f', max(prec-1-exp, 0), 64)
		if !alt && strings.Contains(body, ".") {
			body = strings.TrimRight(strings.TrimRight(body, "0"), ".")
		}
		if keepPoint && !strings.Contains(body, ".") {
			body += ".0"
		}
	}
	return body
}
