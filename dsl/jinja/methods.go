package jinja

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mistral-go/mistral-go/value"
)

// lookupMethod returns the Python method name of obj's type, or nil.
func lookupMethod(obj any, name string) methodFn {
	switch obj.(type) {
	case string, Markup:
		return strMethods[name]
	case *value.Map:
		switch name {
		case "keys", "values", "items", "get", "copy", "update", "pop", "popitem", "setdefault", "clear":
			return dictMethods[name]
		}
		return nil
	case []any:
		return listMethods[name]
	case Tuple:
		return tupleMethods[name]
	case rangeVal:
		return rangeMethods[name]
	case int64, bool:
		return intMethods[name]
	case float64:
		return floatMethods[name]
	case dictView:
		if name == "mapping" {
			return nil
		}
	}
	return nil
}

// immutable data: mutating methods of the context's dicts and lists are
// refused (the data is shared with the engine).
func refuseMutation(kind, name string) methodFn {
	return func(s *state, recv any, args []any, kw *value.Map) (any, error) {
		return nil, errorf("access to attribute '" + name + "' of '" + kind + "' object is unsafe.")
	}
}

var dictMethods, listMethods, tupleMethods, rangeMethods, intMethods, floatMethods, strMethods map[string]methodFn

func init() {
	dictMethods = map[string]methodFn{
		"keys":   dictViewMethod("keys", 'k'),
		"values": dictViewMethod("values", 'v'),
		"items":  dictViewMethod("items", 'i'),
		"get": func(s *state, recv any, args []any, kw *value.Map) (any, error) {
			if err := arity("get", args, kw, 1, 2); err != nil {
				return nil, err
			}
			var def any
			if len(args) == 2 {
				def = args[1]
			}
			m := recv.(*value.Map)
			k, ok := isStr(args[0])
			if !ok {
				if u, isU := args[0].(*Undefined); isU {
					return nil, u.err()
				}
				if err := unhashable(args[0]); err != nil {
					return nil, err
				}
				return def, nil
			}
			if v, ok := m.Get(k); ok {
				return v, nil
			}
			return def, nil
		},
		"copy": func(s *state, recv any, args []any, kw *value.Map) (any, error) {
			if err := noArgs("dict.copy", args, kw); err != nil {
				return nil, err
			}
			return recv.(*value.Map).Clone(), nil
		},
	}
	for _, n := range []string{"update", "pop", "popitem", "setdefault", "clear"} {
		dictMethods[n] = refuseMutation("dict", n)
	}
	listMethods = map[string]methodFn{
		"index": seqIndexMethod("list"),
		"count": seqCountMethod("list"),
		"copy": func(s *state, recv any, args []any, kw *value.Map) (any, error) {
			if err := noArgs("list.copy", args, kw); err != nil {
				return nil, err
			}
			return append([]any(nil), recv.([]any)...), nil
		},
	}
	for _, n := range []string{"append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse"} {
		listMethods[n] = refuseMutation("list", n)
	}
	tupleMethods = map[string]methodFn{
		"index": seqIndexMethod("tuple"),
		"count": seqCountMethod("tuple"),
	}
	rangeMethods = map[string]methodFn{
		"index": seqIndexMethod("range"),
		"count": seqCountMethod("range"),
	}
	intMethods = map[string]methodFn{
		"bit_length": func(s *state, recv any, args []any, kw *value.Map) (any, error) {
			if err := noArgs("int.bit_length", args, kw); err != nil {
				return nil, err
			}
			_, i, _, _ := numberOf(recv)
			if i < 0 {
				i = -i
			}
			n := int64(0)
			for ; i > 0; i >>= 1 {
				n++
			}
			return n, nil
		},
		"conjugate": func(s *state, recv any, args []any, kw *value.Map) (any, error) {
			_, i, _, _ := numberOf(recv)
			return i, noArgs("int.conjugate", args, kw)
		},
	}
	floatMethods = map[string]methodFn{
		"is_integer": func(s *state, recv any, args []any, kw *value.Map) (any, error) {
			f := recv.(float64)
			return f == math.Trunc(f) && !math.IsInf(f, 0), noArgs("float.is_integer", args, kw)
		},
		"conjugate": func(s *state, recv any, args []any, kw *value.Map) (any, error) {
			return recv, noArgs("float.conjugate", args, kw)
		},
	}
	initStrMethods()
}

func dictViewMethod(name string, kind byte) methodFn {
	return func(s *state, recv any, args []any, kw *value.Map) (any, error) {
		if err := noArgs("dict."+name, args, kw); err != nil {
			return nil, err
		}
		return dictView{m: recv.(*value.Map), kind: kind}, nil
	}
}

func seqOf(s *state, recv any) []any {
	l, _ := iterate(s, recv)
	return l
}

func seqIndexMethod(kind string) methodFn {
	return func(s *state, recv any, args []any, kw *value.Map) (any, error) {
		if err := arity("index", args, kw, 1, 3); err != nil {
			return nil, err
		}
		l := seqOf(s, recv)
		lo, hi := int64(0), int64(len(l))
		if len(args) > 1 {
			sl := sliceVal{lo: args[1]}
			if len(args) > 2 {
				sl.hi = args[2]
			}
			start, stop, _, _, err := sl.indices(int64(len(l)))
			if err != nil {
				return nil, err
			}
			lo, hi = start, stop
		}
		for i := lo; i < hi; i++ {
			eq, err := equal(l[i], args[0])
			if err != nil {
				return nil, err
			}
			if eq {
				return i, nil
			}
		}
		if kind == "tuple" {
			return nil, errorf("tuple.index(x): x not in tuple")
		}
		if kind == "range" {
			return nil, errorf(repr(args[0]) + " is not in range")
		}
		return nil, errorf(repr(args[0]) + " is not in list")
	}
}

func seqCountMethod(kind string) methodFn {
	return func(s *state, recv any, args []any, kw *value.Map) (any, error) {
		if err := noKwargs(kind+".count", kw); err != nil {
			return nil, err
		}
		if len(args) != 1 {
			return nil, errorf(kind + ".count() takes exactly one argument (" + strconv.Itoa(len(args)) + " given)")
		}
		n := int64(0)
		for _, x := range seqOf(s, recv) {
			eq, err := equal(x, args[0])
			if err != nil {
				return nil, err
			}
			if eq {
				n++
			}
		}
		return n, nil
	}
}

// ---- str ----

// strRecv returns the receiver string and a wrapper keeping Markup.
func strResult(recv any, s string) any {
	if _, ok := recv.(Markup); ok {
		return Markup(s)
	}
	return s
}

func strArg(name string, v any, what string) (string, error) {
	if s, ok := isStr(v); ok {
		return s, nil
	}
	if u, ok := v.(*Undefined); ok {
		return "", u.err()
	}
	return "", errorf(what + " must be str, not " + typeName(v))
}

// optChars returns the chars argument of strip methods (nil = whitespace).
func optChars(name string, args []any, kw *value.Map) (*string, error) {
	if err := noKwargs(name, kw); err != nil {
		return nil, err
	}
	if len(args) > 1 {
		return nil, errorf(name + " expected at most 1 argument, got " + strconv.Itoa(len(args)))
	}
	if len(args) == 0 || args[0] == nil {
		return nil, nil
	}
	c, ok := isStr(args[0])
	if !ok {
		return nil, errorf(name + " arg must be None or str")
	}
	return &c, nil
}

func stripFn(name string, left, right bool) methodFn {
	return func(s *state, recv any, args []any, kw *value.Map) (any, error) {
		str, _ := isStr(recv)
		chars, err := optChars(name, args, kw)
		if err != nil {
			return nil, err
		}
		cut := isPySpace
		if chars != nil {
			set := *chars
			cut = func(r rune) bool { return strings.ContainsRune(set, r) }
		}
		if left {
			str = strings.TrimLeftFunc(str, cut)
		}
		if right {
			str = strings.TrimRightFunc(str, cut)
		}
		return strResult(recv, str), nil
	}
}

func caseFn(name string, f func(string) string) methodFn {
	return func(s *state, recv any, args []any, kw *value.Map) (any, error) {
		if err := noArgs("str."+name, args, kw); err != nil {
			return nil, err
		}
		str, _ := isStr(recv)
		return strResult(recv, f(str)), nil
	}
}

func predFn(name string, f func(string) bool) methodFn {
	return func(s *state, recv any, args []any, kw *value.Map) (any, error) {
		if err := noArgs("str."+name, args, kw); err != nil {
			return nil, err
		}
		str, _ := isStr(recv)
		return f(str), nil
	}
}

func allRunes(s string, f func(rune) bool) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !f(r) {
			return false
		}
	}
	return true
}

func isCased(r rune) bool { return unicode.IsUpper(r) || unicode.IsLower(r) || unicode.IsTitle(r) }

// pyTitle is Python's str.title.
func pyTitle(s string) string {
	var b strings.Builder
	prevCased := false
	for _, r := range s {
		if prevCased {
			b.WriteString(pyLower(string(r)))
		} else {
			titleRune(&b, r)
		}
		prevCased = isCased(r)
	}
	return b.String()
}

// pyCapitalize is Python's str.capitalize.
func pyCapitalize(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	var b strings.Builder
	titleRune(&b, r)
	return b.String() + pyLower(s[n:])
}

func pySwapcase(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsUpper(r):
			b.WriteString(pyLower(string(r)))
		case unicode.IsLower(r):
			b.WriteString(pyUpper(string(r)))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// splitWhitespace is Python's str.split() with no separator.
func splitWhitespace(s string, max int) []any {
	var out []any
	i := 0
	for {
		for i < len(s) {
			r, n := utf8.DecodeRuneInString(s[i:])
			if !isPySpace(r) {
				break
			}
			i += n
		}
		if i >= len(s) {
			return out
		}
		if max >= 0 && len(out) == max {
			out = append(out, rstripPy(s[i:]))
			return out
		}
		j := i
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if isPySpace(r) {
				break
			}
			j += n
		}
		out = append(out, s[i:j])
		i = j
	}
}

// rsplitWhitespace is Python's str.rsplit() with no separator.
func rsplitWhitespace(s string, max int) []any {
	var rev []any
	j := len(s)
	for {
		for j > 0 {
			r, n := utf8.DecodeLastRuneInString(s[:j])
			if !isPySpace(r) {
				break
			}
			j -= n
		}
		if j <= 0 {
			break
		}
		if max >= 0 && len(rev) == max {
			rev = append(rev, strings.TrimLeftFunc(s[:j], isPySpace))
			break
		}
		i := j
		for i > 0 {
			r, n := utf8.DecodeLastRuneInString(s[:i])
			if isPySpace(r) {
				break
			}
			i -= n
		}
		rev = append(rev, s[i:j])
		j = i
	}
	out := make([]any, len(rev))
	for k := range rev {
		out[k] = rev[len(rev)-1-k]
	}
	return out
}

var splitSig = &sig{name: "split", params: []string{"sep", "maxsplit"}}
var rsplitSig = &sig{name: "rsplit", params: []string{"sep", "maxsplit"}}

func splitFn(right bool) methodFn {
	g := splitSig
	if right {
		g = rsplitSig
	}
	return func(s *state, recv any, args []any, kw *value.Map) (any, error) {
		if len(args) > 2 {
			return nil, errorf(g.name + "() takes at most 2 arguments (" + strconv.Itoa(len(args)) + " given)")
		}
		a, _, _, err := g.bind(args, kw)
		if err != nil {
			return nil, err
		}
		str, _ := isStr(recv)
		max := -1
		if m := arg(a[1], int64(-1)); m != nil {
			mi, err := toInt(m, "maxsplit")
			if err != nil {
				return nil, err
			}
			max = int(mi)
		}
		sep := arg(a[0], nil)
		if sep == nil {
			if right {
				return rsplitWhitespace(str, max), nil
			}
			return splitWhitespace(str, max), nil
		}
		sp, ok := isStr(sep)
		if !ok {
			return nil, errorf("must be str or None, not " + typeName(sep))
		}
		if sp == "" {
			return nil, errorf("empty separator")
		}
		var parts []string
		if right {
			parts = rsplitN(str, sp, max)
		} else {
			parts = strings.SplitN(str, sp, max+1)
			if max < 0 {
				parts = strings.Split(str, sp)
			}
		}
		out := make([]any, len(parts))
		for i, p := range parts {
			out[i] = strResult(recv, p)
		}
		return out, nil
	}
}

func rsplitN(s, sep string, max int) []string {
	if max < 0 {
		return strings.Split(s, sep)
	}
	var rev []string
	for len(rev) < max {
		i := strings.LastIndex(s, sep)
		if i < 0 {
			break
		}
		rev = append(rev, s[i+len(sep):])
		s = s[:i]
	}
	rev = append(rev, s)
	out := make([]string, len(rev))
	for i := range rev {
		out[i] = rev[len(rev)-1-i]
	}
	return out
}

// runeSlice resolves Python's optional start/end arguments of find-like
// methods to byte offsets of s.
func findRange(s string, args []any) (string, int, error) {
	rs := []rune(s)
	sl := sliceVal{}
	if len(args) > 0 {
		sl.lo = args[0]
	}
	if len(args) > 1 {
		sl.hi = args[1]
	}
	start, stop, _, _, err := sl.indices(int64(len(rs)))
	if err != nil {
		return "", 0, err
	}
	if stop < start {
		return "", -1, nil
	}
	return string(rs[start:stop]), int(start), nil
}

func findFn(name string, last, raise bool) methodFn {
	return func(s *state, recv any, args []any, kw *value.Map) (any, error) {
		if err := arity(name, args, kw, 1, 3); err != nil {
			return nil, err
		}
		str, _ := isStr(recv)
		sub, ok := isStr(args[0])
		if !ok {
			return nil, errorf("must be str, not " + typeName(args[0]))
		}
		part, off, err := findRange(str, args[1:])
		if err != nil {
			return nil, err
		}
		i := -1
		if off >= 0 {
			if last {
				i = strings.LastIndex(part, sub)
			} else {
				i = strings.Index(part, sub)
			}
		}
		if i < 0 {
			if raise {
				return nil, errorf("substring not found")
			}
			return int64(-1), nil
		}
		return int64(off + utf8.RuneCountInString(part[:i])), nil
	}
}

func affixFn(name string, suffix bool) methodFn {
	return func(s *state, recv any, args []any, kw *value.Map) (any, error) {
		if err := arity(name, args, kw, 1, 3); err != nil {
			return nil, err
		}
		str, _ := isStr(recv)
		part, off, err := findRange(str, args[1:])
		if err != nil {
			return nil, err
		}
		if off < 0 {
			return false, nil
		}
		return hasAffix(part, args[0], suffix, name)
	}
}

func padFn(name string, align byte) methodFn {
	return func(s *state, recv any, args []any, kw *value.Map) (any, error) {
		if err := arity(name, args, kw, 1, 2); err != nil {
			return nil, err
		}
		str, _ := isStr(recv)
		w, err := toInt(args[0], "width")
		if err != nil {
			return nil, err
		}
		fill := " "
		if len(args) > 1 {
			f, ok := isStr(args[1])
			if !ok || utf8.RuneCountInString(f) != 1 {
				return nil, errorf("The fill character must be exactly one character long")
			}
			fill = f
		}
		if w > maxOutput {
			return nil, errTooBig
		}
		return strResult(recv, pad(str, int(w), fill, align)), nil
	}
}

// pad aligns s in width w as str.ljust/rjust/center do.
func pad(s string, w int, fill string, align byte) string {
	n := runeLen(s)
	if w <= n {
		return s
	}
	total := w - n
	var left int
	switch align {
	case '<':
		left = 0
	case '>':
		left = total
	default:
		// CPython's center: extra space goes left when width is odd
		left = total/2 + (total & w & 1)
	}
	return strings.Repeat(fill, left) + s + strings.Repeat(fill, total-left)
}

func initStrMethods() {
	strMethods = map[string]methodFn{
		"upper":      caseFn("upper", pyUpper),
		"lower":      caseFn("lower", pyLower),
		"casefold":   caseFn("casefold", pyCasefold),
		"title":      caseFn("title", pyTitle),
		"capitalize": caseFn("capitalize", pyCapitalize),
		"swapcase":   caseFn("swapcase", pySwapcase),
		"strip":      stripFn("strip", true, true),
		"lstrip":     stripFn("lstrip", true, false),
		"rstrip":     stripFn("rstrip", false, true),
		"split":      splitFn(false),
		"rsplit":     splitFn(true),
		"find":       findFn("find", false, false),
		"rfind":      findFn("rfind", true, false),
		"index":      findFn("index", false, true),
		"rindex":     findFn("rindex", true, true),
		"startswith": affixFn("startswith", false),
		"endswith":   affixFn("endswith", true),
		"ljust":      padFn("ljust", '<'),
		"rjust":      padFn("rjust", '>'),
		"center":     padFn("center", '^'),
		"isdigit":    predFn("isdigit", func(s string) bool { return allRunes(s, unicode.IsDigit) }),
		"isdecimal":  predFn("isdecimal", func(s string) bool { return allRunes(s, unicode.IsDigit) }),
		"isnumeric":  predFn("isnumeric", func(s string) bool { return allRunes(s, unicode.IsNumber) }),
		"isalpha":    predFn("isalpha", func(s string) bool { return allRunes(s, unicode.IsLetter) }),
		"isalnum": predFn("isalnum", func(s string) bool {
			return allRunes(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) })
		}),
		"isspace": predFn("isspace", func(s string) bool { return allRunes(s, isPySpace) }),
		"islower": predFn("islower", func(s string) bool {
			cased := false
			for _, r := range s {
				if unicode.IsUpper(r) || unicode.IsTitle(r) {
					return false
				}
				cased = cased || unicode.IsLower(r)
			}
			return cased
		}),
		"isupper": predFn("isupper", func(s string) bool {
			cased := false
			for _, r := range s {
				if unicode.IsLower(r) || unicode.IsTitle(r) {
					return false
				}
				cased = cased || unicode.IsUpper(r)
			}
			return cased
		}),
		"istitle": predFn("istitle", func(s string) bool { return s != "" && pyTitle(s) == s && strings.ToLower(s) != s }),
		"isidentifier": predFn("isidentifier", func(s string) bool {
			if s == "" || nameLen(s, 0) != len(s) {
				return false
			}
			r, _ := utf8.DecodeRuneInString(s)
			return r == '_' || unicode.IsLetter(r)
		}),
		"join": func(s *state, recv any, args []any, kw *value.Map) (any, error) {
			if err := noKwargs("str.join", kw); err != nil {
				return nil, err
			}
			if len(args) != 1 {
				return nil, errorf("str.join() takes exactly one argument (" + strconv.Itoa(len(args)) + " given)")
			}
			sep, _ := isStr(recv)
			items, err := iterate(s, args[0])
			if err != nil {
				if _, ok := err.(*Error); ok && !strings.Contains(err.Error(), "undefined") {
					return nil, errorf("can only join an iterable")
				}
				return nil, err
			}
			var b strings.Builder
			for i, it := range items {
				is, ok := isStr(it)
				if !ok {
					return nil, errorf("sequence item " + strconv.Itoa(i) + ": expected str instance, " + typeName(it) + " found")
				}
				if i > 0 {
					b.WriteString(sep)
				}
				b.WriteString(is)
				if b.Len() > maxOutput {
					return nil, errTooBig
				}
			}
			return strResult(recv, b.String()), nil
		},
		"replace": func(s *state, recv any, args []any, kw *value.Map) (any, error) {
			if err := arity("replace", args, kw, 2, 3); err != nil {
				return nil, err
			}
			str, _ := isStr(recv)
			old, err := strArg("replace", args[0], "replace() argument 1")
			if err != nil {
				return nil, err
			}
			nw, err := strArg("replace", args[1], "replace() argument 2")
			if err != nil {
				return nil, err
			}
			n := -1
			if len(args) == 3 {
				c, err := toInt(args[2], "count")
				if err != nil {
					return nil, err
				}
				n = int(c)
			}
			out, err := replaceBounded(s, str, old, nw, n)
			if err != nil {
				return nil, err
			}
			return strResult(recv, out), nil
		},
		"count": func(s *state, recv any, args []any, kw *value.Map) (any, error) {
			if err := arity("count", args, kw, 1, 3); err != nil {
				return nil, err
			}
			str, _ := isStr(recv)
			sub, ok := isStr(args[0])
			if !ok {
				return nil, errorf("must be str, not " + typeName(args[0]))
			}
			part, off, err := findRange(str, args[1:])
			if err != nil || off < 0 {
				return int64(0), err
			}
			return int64(strings.Count(part, sub)), nil
		},
		"zfill": func(s *state, recv any, args []any, kw *value.Map) (any, error) {
			if err := noKwargs("str.zfill", kw); err != nil {
				return nil, err
			}
			if len(args) != 1 {
				return nil, errorf("str.zfill() takes exactly one argument (" + strconv.Itoa(len(args)) + " given)")
			}
			w, err := toInt(args[0], "width")
			if err != nil {
				return nil, err
			}
			if w > maxOutput {
				return nil, errTooBig
			}
			str, _ := isStr(recv)
			n := runeLen(str)
			if int(w) <= n {
				return strResult(recv, str), nil
			}
			sign := ""
			if str != "" && (str[0] == '+' || str[0] == '-') {
				sign, str = str[:1], str[1:]
			}
			return strResult(recv, sign+strings.Repeat("0", int(w)-n)+str), nil
		},
		"splitlines": func(s *state, recv any, args []any, kw *value.Map) (any, error) {
			g := &sig{name: "splitlines", params: []string{"keepends"}}
			a, _, _, err := g.bind(args, kw)
			if err != nil {
				return nil, err
			}
			keep, err := truthy(arg(a[0], false))
			if err != nil {
				return nil, err
			}
			str, _ := isStr(recv)
			return splitLines(str, keep), nil
		},
		"partition":  partitionFn("partition", false),
		"rpartition": partitionFn("rpartition", true),
		"removeprefix": func(s *state, recv any, args []any, kw *value.Map) (any, error) {
			if err := arity("removeprefix", args, kw, 1, 1); err != nil {
				return nil, err
			}
			str, _ := isStr(recv)
			p, err := strArg("removeprefix", args[0], "removeprefix() argument")
			if err != nil {
				return nil, err
			}
			return strResult(recv, strings.TrimPrefix(str, p)), nil
		},
		"removesuffix": func(s *state, recv any, args []any, kw *value.Map) (any, error) {
			if err := arity("removesuffix", args, kw, 1, 1); err != nil {
				return nil, err
			}
			str, _ := isStr(recv)
			p, err := strArg("removesuffix", args[0], "removesuffix() argument")
			if err != nil {
				return nil, err
			}
			return strResult(recv, strings.TrimSuffix(str, p)), nil
		},
		"format": func(s *state, recv any, args []any, kw *value.Map) (any, error) {
			str, _ := isStr(recv)
			out, err := pyFormat(s, str, args, kw)
			if err != nil {
				return nil, err
			}
			return strResult(recv, out), nil
		},
		"format_map": func(s *state, recv any, args []any, kw *value.Map) (any, error) {
			if err := arity("format_map", args, kw, 1, 1); err != nil {
				return nil, err
			}
			m, ok := args[0].(*value.Map)
			if !ok {
				return nil, errorf("'" + typeName(args[0]) + "' object is not subscriptable")
			}
			str, _ := isStr(recv)
			out, err := pyFormat(s, str, nil, m)
			if err != nil {
				return nil, err
			}
			return strResult(recv, out), nil
		},
	}
}

func partitionFn(name string, last bool) methodFn {
	return func(s *state, recv any, args []any, kw *value.Map) (any, error) {
		if err := noKwargs("str."+name, kw); err != nil {
			return nil, err
		}
		if len(args) != 1 {
			return nil, errorf("str." + name + "() takes exactly one argument (" + strconv.Itoa(len(args)) + " given)")
		}
		str, _ := isStr(recv)
		sep, ok := isStr(args[0])
		if !ok {
			return nil, errorf("must be str, not " + typeName(args[0]))
		}
		if sep == "" {
			return nil, errorf("empty separator")
		}
		var i int
		if last {
			i = strings.LastIndex(str, sep)
			if i < 0 {
				return Tuple{"", "", str}, nil
			}
		} else {
			i = strings.Index(str, sep)
			if i < 0 {
				return Tuple{str, "", ""}, nil
			}
		}
		return Tuple{str[:i], sep, str[i+len(sep):]}, nil
	}
}

// splitLines is Python's str.splitlines.
func splitLines(s string, keep bool) []any {
	var out []any
	start := 0
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		brk := 0
		switch r {
		case '\n', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029:
			brk = n
		case '\r':
			brk = 1
			if i+1 < len(s) && s[i+1] == '\n' {
				brk = 2
			}
		}
		if brk == 0 {
			i += n
			continue
		}
		end := i
		if keep {
			end = i + brk
		}
		out = append(out, s[start:end])
		i += brk
		start = i
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	if out == nil {
		out = []any{}
	}
	return out
}

// replaceBounded is strings.Replace with the output size bounded.
func replaceBounded(s *state, str, old, nw string, n int) (string, error) {
	cnt := strings.Count(str, old)
	if old == "" {
		cnt = utf8.RuneCountInString(str) + 1
	}
	if n >= 0 && n < cnt {
		cnt = n
	}
	size := len(str) + cnt*(len(nw)-len(old))
	if err := s.chargeBytes(size); err != nil {
		return "", err
	}
	return strings.Replace(str, old, nw, n), nil
}
