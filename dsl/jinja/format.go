package jinja

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mistral-go/mistral-go/value"
)

// Python's str.format (through the sandbox's attribute rules) and the %
// operator, for the types templates handle.

// pyFormat is fmt.format(*args, **kw).
func pyFormat(s *state, f string, args []any, kw *value.Map) (string, error) {
	var b strings.Builder
	auto := 0
	mode := 0 // 0 unknown, 1 automatic, 2 manual
	for i := 0; i < len(f); {
		c := f[i]
		if c == '}' {
			if i+1 < len(f) && f[i+1] == '}' {
				b.WriteByte('}')
				i += 2
				continue
			}
			return "", errorf("Single '}' encountered in format string")
		}
		if c != '{' {
			b.WriteByte(c)
			i++
			continue
		}
		if i+1 < len(f) && f[i+1] == '{' {
			b.WriteByte('{')
			i += 2
			continue
		}
		// find the matching close brace, allowing one level of nesting
		depth := 1
		j := i + 1
		for ; j < len(f) && depth > 0; j++ {
			switch f[j] {
			case '{':
				depth++
			case '}':
				depth--
			}
		}
		if depth > 0 {
			if strings.IndexByte(f[i+1:], '}') < 0 {
				return "", errorf("Single '{' encountered in format string")
			}
			return "", errorf("expected '}' before end of string")
		}
		field := f[i+1 : j-1]
		i = j
		name, conv, spec := field, byte(0), ""
		if k := strings.IndexAny(name, "!:"); k >= 0 {
			rest := name[k:]
			name = name[:k]
			if rest[0] == '!' {
				if len(rest) < 2 {
					return "", errorf("end of string while looking for conversion specifier")
				}
				conv = rest[1]
				rest = rest[2:]
				if rest != "" && rest[0] != ':' {
					return "", errorf("expected ':' after conversion specifier")
				}
			}
			if rest != "" {
				spec = rest[1:]
			}
		}
		// the first part of the name selects the argument
		first := name
		k := strings.IndexAny(name, ".[")
		if k >= 0 {
			first = name[:k]
		}
		var v any
		switch {
		case first == "":
			if mode == 2 {
				return "", errorf("cannot switch from manual field specification to automatic field numbering")
			}
			mode = 1
			if auto >= len(args) {
				return "", errorf("tuple index out of range")
			}
			v = args[auto]
			auto++
		case isAllDigits(first):
			if mode == 1 {
				return "", errorf("cannot switch from automatic field numbering to manual field specification")
			}
			mode = 2
			n, _ := strconv.Atoi(first)
			if n >= len(args) {
				return "", errorf("tuple index out of range")
			}
			v = args[n]
		default:
			var ok bool
			if kw != nil {
				v, ok = kw.Get(first)
			}
			if !ok {
				return "", errorf(value.Repr(first))
			}
		}
		if k >= 0 {
			var err error
			if v, err = formatField(s, v, name[k:]); err != nil {
				return "", err
			}
		}
		switch conv {
		case 0, 's':
			if conv == 's' {
				sv, err := str(v)
				if err != nil {
					return "", err
				}
				v = sv
			}
		case 'r':
			v = repr(v)
		case 'a':
			v = asciiRepr(repr(v))
		default:
			return "", errorf("Unknown conversion specifier " + string(conv))
		}
		if strings.IndexByte(spec, '{') >= 0 {
			inner, err := pyFormat(s, spec, args[min(auto, len(args)):], kw)
			if err != nil {
				return "", err
			}
			spec = inner
		}
		out, err := formatValue(v, spec)
		if err != nil {
			return "", err
		}
		b.WriteString(out)
		if b.Len() > maxOutput {
			return "", errTooBig
		}
	}
	return b.String(), nil
}

func isAllDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// formatField applies ".attr" and "[key]" parts of a format field name.
func formatField(s *state, v any, rest string) (any, error) {
	for rest != "" {
		switch rest[0] {
		case '.':
			k := strings.IndexAny(rest[1:], ".[")
			name := rest[1:]
			if k >= 0 {
				name = rest[1 : k+1]
				rest = rest[k+1:]
			} else {
				rest = ""
			}
			if name == "" {
				return nil, errorf("Empty attribute in format string")
			}
			x, err := getattr(s, v, name)
			if err != nil {
				return nil, err
			}
			if u, ok := x.(*Undefined); ok {
				return nil, u.err()
			}
			v = x
		case '[':
			k := strings.IndexByte(rest, ']')
			if k < 0 {
				return nil, errorf("Missing ']' in format string")
			}
			key := rest[1:k]
			rest = rest[k+1:]
			var kv any = key
			if isAllDigits(key) {
				n, _ := strconv.ParseInt(key, 10, 64)
				kv = n
			}
			x, found, err := item(s, v, kv)
			if err != nil {
				return nil, err
			}
			if !found {
				return nil, errorf(repr(kv))
			}
			v = x
		default:
			return nil, errorf("Only '.' or '[' may follow ']' in format field specifier")
		}
	}
	return v, nil
}

func asciiRepr(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < 0x80:
			b.WriteRune(r)
		case r < 0x100:
			b.WriteString(`\x` + string(hexDigit(r>>4)) + string(hexDigit(r&15)))
		case r < 0x10000:
			b.WriteString(`\u` + strconv.FormatInt(int64(r)+0x10000, 16)[1:])
		default:
			b.WriteString(`\U` + strconv.FormatInt(int64(r)+0x100000000, 16)[1:])
		}
	}
	return b.String()
}

// formatSpec is a parsed format specification.
type formatSpec struct {
	fill      string
	align     byte
	sign      byte
	alt       bool
	zero      bool
	width     int
	grouping  byte
	precision int // -1 when absent
	typ       byte
}

func parseSpec(spec string) (formatSpec, error) {
	fs := formatSpec{fill: " ", precision: -1}
	i := 0
	if r, n := utf8.DecodeRuneInString(spec); n > 0 && n < len(spec) && strings.IndexByte("<>=^", spec[n]) >= 0 {
		fs.fill = string(r)
		fs.align = spec[n]
		i = n + 1
	} else if len(spec) > 0 && strings.IndexByte("<>=^", spec[0]) >= 0 {
		fs.align = spec[0]
		i = 1
	}
	if i < len(spec) && strings.IndexByte("+- ", spec[i]) >= 0 {
		fs.sign = spec[i]
		i++
	}
	if i < len(spec) && spec[i] == '#' {
		fs.alt = true
		i++
	}
	if i < len(spec) && spec[i] == '0' {
		fs.zero = true
		i++
	}
	j := i
	for j < len(spec) && spec[j] >= '0' && spec[j] <= '9' {
		j++
	}
	if j > i {
		w, err := strconv.Atoi(spec[i:j])
		if err != nil || w > maxOutput {
			return fs, errorf("Too many decimal digits in format string")
		}
		fs.width = w
		i = j
	}
	if i < len(spec) && (spec[i] == ',' || spec[i] == '_') {
		fs.grouping = spec[i]
		i++
	}
	if i < len(spec) && spec[i] == '.' {
		i++
		j = i
		for j < len(spec) && spec[j] >= '0' && spec[j] <= '9' {
			j++
		}
		if j == i {
			return fs, errorf("Format specifier missing precision")
		}
		p, err := strconv.Atoi(spec[i:j])
		if err != nil || p > maxOutput {
			return fs, errorf("Too many decimal digits in format string")
		}
		fs.precision = p
		i = j
	}
	if i < len(spec) {
		fs.typ = spec[i]
		i++
	}
	if i < len(spec) {
		return fs, errorf("Invalid format specifier")
	}
	return fs, nil
}

// formatValue is Python's format(v, spec).
func formatValue(v any, spec string) (string, error) {
	if spec == "" {
		return str(v)
	}
	fs, err := parseSpec(spec)
	if err != nil {
		return "", err
	}
	switch t := v.(type) {
	case string, Markup:
		sv, _ := isStr(t)
		if fs.typ != 0 && fs.typ != 's' {
			return "", errorf("Unknown format code '" + string(fs.typ) + "' for object of type 'str'")
		}
		if fs.sign != 0 {
			return "", errorf("Sign not allowed in string format specifier")
		}
		if fs.precision >= 0 {
			rs := []rune(sv)
			if len(rs) > fs.precision {
				sv = string(rs[:fs.precision])
			}
		}
		if fs.align == 0 {
			fs.align = '<'
		}
		return fs.pad(sv, ""), nil
	case bool, int64:
		_, i, _, _ := numberOf(t)
		if fs.typ == 0 && fs.precision < 0 {
			if _, isBool := t.(bool); isBool && fs.width == 0 {
				return str(t)
			}
		}
		switch fs.typ {
		case 0, 'd', 'n', 'b', 'o', 'x', 'X', 'c':
			if fs.precision >= 0 {
				return "", errorf("Precision not allowed in integer format specifier")
			}
			return fs.formatInt(i)
		case 'e', 'E', 'f', 'F', 'g', 'G', '%':
			return fs.formatFloat(float64(i))
		}
		return "", errorf("Unknown format code '" + string(fs.typ) + "' for object of type 'int'")
	case float64:
		switch fs.typ {
		case 0, 'e', 'E', 'f', 'F', 'g', 'G', '%', 'n':
			return fs.formatFloat(t)
		}
		return "", errorf("Unknown format code '" + string(fs.typ) + "' for object of type 'float'")
	}
	return "", errorf("unsupported format string passed to " + typeName(v) + ".__format__")
}

// pad applies width, fill and alignment; prefix (a sign) goes before
// the fill for '=' alignment.
func (fs *formatSpec) pad(body, prefix string) string {
	n := runeLen(body) + len(prefix)
	if fs.width <= n {
		return prefix + body
	}
	fill := strings.Repeat(fs.fill, fs.width-n)
	switch fs.align {
	case '<':
		return prefix + body + fill
	case '^':
		left := (fs.width - n) / 2
		return strings.Repeat(fs.fill, left) + prefix + body + strings.Repeat(fs.fill, fs.width-n-left)
	case '=':
		return prefix + fill + body
	}
	return fill + prefix + body
}

func (fs *formatSpec) signOf(neg bool) string {
	switch {
	case neg:
		return "-"
	case fs.sign == '+':
		return "+"
	case fs.sign == ' ':
		return " "
	}
	return ""
}

func (fs *formatSpec) numeric(digits string, neg bool, prefix string) string {
	if fs.zero && fs.align == 0 {
		fs.fill, fs.align = "0", '='
	}
	if fs.align == 0 {
		fs.align = '>'
	}
	if fs.grouping != 0 {
		digits = group(digits, fs.grouping)
	}
	return fs.pad(digits, fs.signOf(neg)+prefix)
}

// group inserts thousands separators into the integer part of digits.
func group(digits string, sep byte) string {
	end := strings.IndexAny(digits, ".eE%")
	if end < 0 {
		end = len(digits)
	}
	ip := digits[:end]
	if len(ip) <= 3 {
		return digits
	}
	var b strings.Builder
	for i, c := range ip {
		if i > 0 && (len(ip)-i)%3 == 0 {
			b.WriteByte(sep)
		}
		b.WriteRune(c)
	}
	return b.String() + digits[end:]
}

func (fs *formatSpec) formatInt(i int64) (string, error) {
	neg := i < 0
	u := uint64(i)
	if neg {
		u = uint64(-i)
	}
	prefix := ""
	var digits string
	switch fs.typ {
	case 'b':
		digits = strconv.FormatUint(u, 2)
		if fs.alt {
			prefix = "0b"
		}
	case 'o':
		digits = strconv.FormatUint(u, 8)
		if fs.alt {
			prefix = "0o"
		}
	case 'x':
		digits = strconv.FormatUint(u, 16)
		if fs.alt {
			prefix = "0x"
		}
	case 'X':
		digits = strings.ToUpper(strconv.FormatUint(u, 16))
		if fs.alt {
			prefix = "0X"
		}
	case 'c':
		if i < 0 || i > 0x10FFFF {
			return "", errorf("%c arg not in range(0x110000)")
		}
		if fs.align == 0 {
			fs.align = '<'
		}
		return fs.pad(string(rune(i)), ""), nil
	default:
		digits = strconv.FormatUint(u, 10)
	}
	return fs.numeric(digits, neg, prefix), nil
}

func (fs *formatSpec) formatFloat(f float64) (string, error) {
	neg := math.Signbit(f) && !math.IsNaN(f)
	a := math.Abs(f)
	prec := fs.precision
	var digits string
	switch {
	case math.IsInf(a, 0) || math.IsNaN(a):
		digits = "inf"
		if math.IsNaN(a) {
			digits = "nan"
		}
		if fs.typ == 'E' || fs.typ == 'F' || fs.typ == 'G' {
			digits = strings.ToUpper(digits)
		}
		if fs.typ == '%' {
			digits += "%"
		}
	default:
		switch fs.typ {
		case 'f', 'F':
			if prec < 0 {
				prec = 6
			}
			digits = strconv.FormatFloat(a, 'f', prec, 64)
		case 'e', 'E':
			if prec < 0 {
				prec = 6
			}
			digits = strconv.FormatFloat(a, 'e', prec, 64)
			if fs.typ == 'E' {
				digits = strings.ToUpper(digits)
			}
		case '%':
			if prec < 0 {
				prec = 6
			}
			digits = strconv.FormatFloat(a*100, 'f', prec, 64) + "%"
		case 'g', 'G', 'n':
			if prec < 0 {
				prec = 6
			}
			digits = formatG(a, prec, fs.alt)
			if fs.typ == 'G' {
				digits = strings.ToUpper(digits)
			}
		default:
			if prec < 0 {
				digits = string(value.AppendFloat(nil, a))
			} else {
				digits = formatG(a, prec, fs.alt)
				if !strings.ContainsAny(digits, ".e") {
					digits += ".0"
				}
			}
		}
	}
	return fs.numeric(digits, neg, ""), nil
}

// formatG is Python's 'g' presentation.
func formatG(a float64, prec int, alt bool) string {
	if prec == 0 {
		prec = 1
	}
	if a == 0 {
		if alt {
			return "0." + strings.Repeat("0", prec-1)
		}
		return "0"
	}
	e := strconv.FormatFloat(a, 'e', prec-1, 64)
	exp, _ := strconv.Atoi(e[strings.IndexByte(e, 'e')+1:])
	var out string
	if exp < -4 || exp >= prec {
		mant := e[:strings.IndexByte(e, 'e')]
		if !alt && strings.IndexByte(mant, '.') >= 0 {
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
		out = mant + "e" + sign + es
	} else {
		out = strconv.FormatFloat(a, 'f', prec-1-exp, 64)
		if !alt && strings.IndexByte(out, '.') >= 0 {
			out = strings.TrimRight(strings.TrimRight(out, "0"), ".")
		}
	}
	return out
}

// percentFormat is Python's fmt % args.
func percentFormat(f string, args any) (string, error) {
	var list []any
	var mapping *value.Map
	switch t := args.(type) {
	case Tuple:
		list = t
	case *value.Map:
		mapping = t
		list = []any{t}
	default:
		list = []any{args}
	}
	var b strings.Builder
	next := 0
	for i := 0; i < len(f); i++ {
		c := f[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(f) {
			return "", errorf("incomplete format")
		}
		var v any
		haveV := false
		if f[i] == '(' {
			if mapping == nil {
				return "", errorf("format requires a mapping")
			}
			depth := 1
			j := i + 1
			for ; j < len(f) && depth > 0; j++ {
				if f[j] == '(' {
					depth++
				} else if f[j] == ')' {
					depth--
				}
			}
			if depth > 0 {
				return "", errorf("incomplete format key")
			}
			key := f[i+1 : j-1]
			x, ok := mapping.Get(key)
			if !ok {
				return "", errorf(value.Repr(key))
			}
			v, haveV = x, true
			i = j
		}
		fs := formatSpec{fill: " ", precision: -1}
		for ; i < len(f) && strings.IndexByte("-+ #0", f[i]) >= 0; i++ {
			switch f[i] {
			case '-':
				fs.align = '<'
			case '+':
				fs.sign = '+'
			case ' ':
				if fs.sign == 0 {
					fs.sign = ' '
				}
			case '#':
				fs.alt = true
			case '0':
				fs.zero = true
			}
		}
		j := i
		for j < len(f) && f[j] >= '0' && f[j] <= '9' {
			j++
		}
		if j > i {
			fs.width, _ = strconv.Atoi(f[i:j])
			if fs.width > maxOutput {
				return "", errTooBig
			}
			i = j
		}
		if i < len(f) && f[i] == '.' {
			i++
			j = i
			for j < len(f) && f[j] >= '0' && f[j] <= '9' {
				j++
			}
			fs.precision, _ = strconv.Atoi(f[i:j])
			i = j
		}
		if i >= len(f) {
			return "", errorf("incomplete format")
		}
		conv := f[i]
		if conv == '%' {
			b.WriteByte('%')
			continue
		}
		if !haveV {
			if next >= len(list) {
				return "", errorf("not enough arguments for format string")
			}
			v = list[next]
			next++
		}
		if fs.align == '<' {
			fs.zero = false
		}
		var out string
		var err error
		switch conv {
		case 's', 'r', 'a':
			switch conv {
			case 's':
				out, err = str(v)
			case 'r':
				out = repr(v)
			default:
				out = asciiRepr(repr(v))
			}
			if fs.precision >= 0 {
				rs := []rune(out)
				if len(rs) > fs.precision {
					out = string(rs[:fs.precision])
				}
			}
			if fs.align == 0 {
				fs.align = '>'
			}
			out = fs.pad(out, "")
		case 'd', 'i', 'u', 'x', 'X', 'o':
			fv, iv, isInt, ok := numberOf(v)
			if !ok {
				if conv == 'd' || conv == 'i' || conv == 'u' {
					return "", errorf("%" + string(conv) + " format: a real number is required, not " + typeName(v))
				}
				return "", errorf("%" + string(conv) + " format: an integer is required, not " + typeName(v))
			}
			if !isInt {
				if conv != 'd' && conv != 'i' && conv != 'u' {
					return "", errorf("%" + string(conv) + " format: an integer is required, not float")
				}
				if math.IsInf(fv, 0) || math.IsNaN(fv) {
					return "", errorf("cannot convert float " + string(value.AppendFloat(nil, fv)) + " to integer")
				}
				iv = int64(fv)
			}
			fs.typ = conv
			if conv == 'u' || conv == 'i' {
				fs.typ = 'd'
			}
			if fs.precision >= 0 {
				fs.precision = -1
			}
			out, err = fs.formatInt(iv)
		case 'e', 'E', 'f', 'F', 'g', 'G':
			fv, _, _, ok := numberOf(v)
			if !ok {
				return "", errorf("must be real number, not " + typeName(v))
			}
			fs.typ = conv
			out, err = fs.formatFloat(fv)
		case 'c':
			if sv, ok := isStr(v); ok && utf8.RuneCountInString(sv) == 1 {
				out = sv
			} else {
				iv, e := toInt(v, "")
				if e != nil {
					return "", errorf("%c requires int or char")
				}
				out = string(rune(iv))
			}
			if fs.align == 0 {
				fs.align = '>'
			}
			out = fs.pad(out, "")
		default:
			return "", errorf("unsupported format character '" + string(conv) + "' (0x" + strconv.FormatInt(int64(conv), 16) + ") at index " + strconv.Itoa(i))
		}
		if err != nil {
			return "", err
		}
		b.WriteString(out)
		if b.Len() > maxOutput {
			return "", errTooBig
		}
	}
	if mapping == nil && next < len(list) {
		return "", errorf("not all arguments converted during string formatting")
	}
	return b.String(), nil
}
