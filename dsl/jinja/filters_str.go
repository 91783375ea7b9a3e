package jinja

// Filters over strings and formatting.

import (
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/mistral-go/mistral-go/value"
)

func strFilter(name string, f func(string) string) filterFn {
	g := &sig{name: name, params: []string{"s"}, required: 1}
	return func(s *state, args []any, kw *value.Map) (any, error) {
		a, err := bindF(g, args, kw)
		if err != nil {
			return nil, err
		}
		str, err := softStr(a[0])
		if err != nil {
			return nil, err
		}
		return f(str), nil
	}
}

// softStr is markupsafe's soft_str: str() keeping strings as they are.
func softStr(v any) (string, error) { return str(v) }

// jinjaTitle is Jinja's title filter: words start after -, whitespace,
// or an opening bracket.
func jinjaTitle(s string) string {
	var b strings.Builder
	start := true
	for _, r := range s {
		if r == '-' || r == '(' || r == '{' || r == '[' || r == '<' || isPySpace(r) {
			b.WriteRune(r)
			start = true
			continue
		}
		if start {
			b.WriteString(pyUpper(string(r)))
		} else {
			b.WriteString(pyLower(string(r)))
		}
		start = false
	}
	return b.String()
}

var centerSig = &sig{name: "do_center", params: []string{"value", "width"}, required: 1}

func filterCenter(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(centerSig, args, kw)
	if err != nil {
		return nil, err
	}
	str, err := softStr(a[0])
	if err != nil {
		return nil, err
	}
	w, err := toInt(arg(a[1], int64(80)), "width")
	if err != nil {
		return nil, err
	}
	if w > maxOutput {
		return nil, errTooBig
	}
	return pad(str, int(w), " ", '^'), nil
}

func filterEscape(s *state, args []any, kw *value.Map) (any, error) {
	if err := oneArg("escape", args, kw); err != nil {
		return nil, err
	}
	if m, ok := args[0].(Markup); ok {
		return m, nil
	}
	str, err := softStr(args[0])
	if err != nil {
		return nil, err
	}
	return Markup(escapeHTML(str)), nil
}

var filesizeSig = &sig{name: "do_filesizeformat", params: []string{"value", "binary"}, required: 1}

func filterFilesize(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(filesizeSig, args, kw)
	if err != nil {
		return nil, err
	}
	b, err := pyFloat(a[0])
	if err != nil {
		return nil, err
	}
	bin, err := truthy(arg(a[1], false))
	if err != nil {
		return nil, err
	}
	base := 1000.0
	prefixes := []string{"kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"}
	if bin {
		base = 1024
		prefixes = []string{"KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"}
	}
	switch {
	case b == 1:
		return "1 Byte", nil
	case b < base:
		return strconv.FormatInt(int64(b), 10) + " Bytes", nil
	}
	unit := base
	prefix := prefixes[0]
	for i, p := range prefixes {
		unit = math.Pow(base, float64(i+2))
		prefix = p
		if b < unit {
			break
		}
	}
	return strconv.FormatFloat(base*b/unit, 'f', 1, 64) + " " + prefix, nil
}

func filterFormat(s *state, args []any, kw *value.Map) (any, error) {
	if len(args) > 1 && kw != nil && kw.Len() > 0 {
		return nil, errorf("can't handle positional and keyword arguments at the same time")
	}
	str, err := softStr(args[0])
	if err != nil {
		return nil, err
	}
	var fa any = Tuple(args[1:])
	if kw != nil && kw.Len() > 0 {
		fa = kw
	}
	out, err := percentFormat(str, fa)
	if err != nil {
		return nil, err
	}
	return out, s.chargeBytes(len(out))
}

var indentSig = &sig{name: "do_indent", params: []string{"s", "width", "first", "blank"}, required: 1}

func filterIndent(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(indentSig, args, kw)
	if err != nil {
		return nil, err
	}
	str, ok := isStr(a[0])
	if !ok {
		return nil, errorf("unsupported operand type(s) for +=: '" + typeName(a[0]) + "' and 'str'")
	}
	ind := "    "
	switch w := arg(a[1], int64(4)).(type) {
	case string:
		ind = w
	default:
		n, err := toInt(w, "width")
		if err != nil {
			return nil, errorf("can't multiply sequence by non-int of type '" + typeName(w) + "'")
		}
		if n < 0 {
			n = 0
		}
		if n > 1<<16 {
			return nil, errTooBig
		}
		ind = strings.Repeat(" ", int(n))
	}
	first, err := truthy(arg(a[2], false))
	if err != nil {
		return nil, err
	}
	blank, err := truthy(arg(a[3], false))
	if err != nil {
		return nil, err
	}
	lines := splitLines(str+"\n", false)
	var b strings.Builder
	if blank {
		for i, l := range lines {
			if i > 0 {
				b.WriteString("\n" + ind)
			}
			b.WriteString(l.(string))
		}
	} else {
		b.WriteString(lines[0].(string))
		for _, l := range lines[1:] {
			b.WriteByte('\n')
			if l.(string) != "" {
				b.WriteString(ind)
			}
			b.WriteString(l.(string))
		}
	}
	out := b.String()
	if first {
		out = ind + out
	}
	if _, ok := a[0].(Markup); ok {
		return Markup(out), s.chargeBytes(len(out))
	}
	return out, s.chargeBytes(len(out))
}

func filterPprint(s *state, args []any, kw *value.Map) (any, error) {
	g := &sig{name: "do_pprint", params: []string{"value"}, required: 1}
	a, err := bindF(g, args, kw)
	if err != nil {
		return nil, err
	}
	return pformat(a[0]), nil
}

var replaceSig = &sig{name: "do_replace", params: []string{"eval_ctx", "s", "old", "new", "count"}, required: 4}

func filterReplace(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(replaceSig, append([]any{nil}, args...), kw)
	if err != nil {
		return nil, err
	}
	n := int64(-1)
	if c := arg(a[4], nil); c != nil {
		if n, err = toInt(c, "count"); err != nil {
			return nil, err
		}
	}
	str, err := softStr(a[1])
	if err != nil {
		return nil, err
	}
	old, err := softStr(a[2])
	if err != nil {
		return nil, err
	}
	nw, err := softStr(a[3])
	if err != nil {
		return nil, err
	}
	return replaceBounded(s, str, old, nw, int(n))
}

func filterSafe(s *state, args []any, kw *value.Map) (any, error) {
	g := &sig{name: "do_mark_safe", params: []string{"value"}, required: 1}
	a, err := bindF(g, args, kw)
	if err != nil {
		return nil, err
	}
	str, err := softStr(a[0])
	return Markup(str), err
}

func filterString(s *state, args []any, kw *value.Map) (any, error) {
	if err := oneArg("soft_str", args, kw); err != nil {
		return nil, err
	}
	if m, ok := args[0].(Markup); ok {
		return m, nil
	}
	return str(args[0])
}

func filterStriptags(s *state, args []any, kw *value.Map) (any, error) {
	g := &sig{name: "do_striptags", params: []string{"value"}, required: 1}
	a, err := bindF(g, args, kw)
	if err != nil {
		return nil, err
	}
	str, err := softStr(a[0])
	if err != nil {
		return nil, err
	}
	// drop comments and tags, collapse whitespace, unescape entities
	var b strings.Builder
	for i := 0; i < len(str); {
		if strings.HasPrefix(str[i:], "<!--") {
			j := strings.Index(str[i:], "-->")
			if j >= 0 {
				i += j + 3
				continue
			}
		}
		if str[i] == '<' {
			j := strings.IndexByte(str[i:], '>')
			if j > 0 {
				i += j + 1
				continue
			}
		}
		b.WriteByte(str[i])
		i++
	}
	out := strings.Join(strings.Fields(b.String()), " ")
	out = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&", "&#39;", "'", "&#34;", "\"", "&quot;", "\"").Replace(out)
	return out, nil
}

var trimSig = &sig{name: "do_trim", params: []string{"value", "chars"}, required: 1}

func filterTrim(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(trimSig, args, kw)
	if err != nil {
		return nil, err
	}
	str, err := softStr(a[0])
	if err != nil {
		return nil, err
	}
	c := arg(a[1], nil)
	if c == nil {
		return strings.TrimFunc(str, isPySpace), nil
	}
	cs, ok := isStr(c)
	if !ok {
		return nil, errorf("strip arg must be None or str")
	}
	return strings.Trim(str, cs), nil
}

var truncateSig = &sig{name: "do_truncate", params: []string{"env", "s", "length", "killwords", "end", "leeway"}, required: 2}

func filterTruncate(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(truncateSig, append([]any{nil}, args...), kw)
	if err != nil {
		return nil, err
	}
	str, ok := isStr(a[1])
	if !ok {
		return nil, errorf("object of type '" + typeName(a[1]) + "' has no len()")
	}
	n, err := toInt(arg(a[2], int64(255)), "length")
	if err != nil {
		return nil, err
	}
	kill, err := truthy(arg(a[3], false))
	if err != nil {
		return nil, err
	}
	end, err := str2(arg(a[4], "..."))
	if err != nil {
		return nil, err
	}
	leeway, err := toInt(arg(a[5], int64(5)), "leeway")
	if err != nil {
		return nil, err
	}
	endLen := int64(runeLen(end))
	if n < endLen {
		return nil, errorf("expected length >= " + strconv.FormatInt(endLen, 10) + ", got " + strconv.FormatInt(n, 10))
	}
	if leeway < 0 {
		return nil, errorf("expected leeway >= 0, got " + strconv.FormatInt(leeway, 10))
	}
	rs := []rune(str)
	if int64(len(rs)) <= n+leeway {
		return str, nil
	}
	cut := string(rs[:n-endLen])
	if kill {
		return cut + end, nil
	}
	if i := strings.LastIndexByte(cut, ' '); i >= 0 {
		cut = cut[:i]
	}
	return cut + end, nil
}

func str2(v any) (string, error) {
	if s, ok := isStr(v); ok {
		return s, nil
	}
	return "", errorf("object of type '" + typeName(v) + "' has no len()")
}

func filterUrlencode(s *state, args []any, kw *value.Map) (any, error) {
	g := &sig{name: "do_urlencode", params: []string{"value"}, required: 1}
	a, err := bindF(g, args, kw)
	if err != nil {
		return nil, err
	}
	switch v := a[0].(type) {
	case *value.Map:
		var parts []string
		for i := 0; i < v.Len(); i++ {
			k, x := v.At(i)
			xs, err := str(x)
			if err != nil {
				return nil, err
			}
			parts = append(parts, urlQuote(k, true)+"="+urlQuote(xs, true))
		}
		return strings.Join(parts, "&"), nil
	case []any, Tuple:
		items, _ := iterate(s, v)
		var parts []string
		for _, it := range items {
			pair, err := iterate(s, it)
			if err != nil || len(pair) != 2 {
				return nil, errorf("too many values to unpack (expected 2)")
			}
			ks, _ := str(pair[0])
			vs, _ := str(pair[1])
			parts = append(parts, urlQuote(ks, true)+"="+urlQuote(vs, true))
		}
		return strings.Join(parts, "&"), nil
	}
	str, err := str(a[0])
	if err != nil {
		return nil, err
	}
	return urlQuote(str, false), nil
}

// urlQuote is Jinja's url_quote: UTF-8 percent-encoding keeping "/"
// (except in query strings, where spaces become "+").
func urlQuote(str string, forQS bool) string {
	const safe = "-._~"
	var b strings.Builder
	for i := 0; i < len(str); i++ {
		c := str[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(safe, c) >= 0:
			b.WriteByte(c)
		case c == '/' && !forQS:
			b.WriteByte(c)
		case c == ' ' && forQS:
			b.WriteByte('+')
		default:
			b.WriteString("%" + strings.ToUpper(string(hexDigit(rune(c>>4)))+string(hexDigit(rune(c&15)))))
		}
	}
	return b.String()
}

func filterWordcount(s *state, args []any, kw *value.Map) (any, error) {
	g := &sig{name: "do_wordcount", params: []string{"s"}, required: 1}
	a, err := bindF(g, args, kw)
	if err != nil {
		return nil, err
	}
	str, err := softStr(a[0])
	if err != nil {
		return nil, err
	}
	n := int64(0)
	in := false
	for _, r := range str {
		w := r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
		if w && !in {
			n++
		}
		in = w
	}
	return n, nil
}

var wordwrapSig = &sig{name: "do_wordwrap", params: []string{"environment", "s", "width", "break_long_words", "wrapstring", "break_on_hyphens"}, required: 2}

func filterWordwrap(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(wordwrapSig, append([]any{nil}, args...), kw)
	if err != nil {
		return nil, err
	}
	str, ok := isStr(a[1])
	if !ok {
		return nil, errorf("'" + typeName(a[1]) + "' object has no attribute 'splitlines'")
	}
	width, err := toInt(arg(a[2], int64(79)), "width")
	if err != nil {
		return nil, err
	}
	if width <= 0 {
		return nil, errorf("invalid width " + strconv.FormatInt(width, 10) + " (must be > 0)")
	}
	breakLong, err := truthy(arg(a[3], true))
	if err != nil {
		return nil, err
	}
	wrap, err := str2(arg(a[4], "\n"))
	if err != nil {
		return nil, err
	}
	var lines []string
	for _, l := range splitLines(str, false) {
		lines = append(lines, strings.Join(textWrap(l.(string), int(width), breakLong), wrap))
	}
	return strings.Join(lines, wrap), nil
}

// textWrap is a simplified textwrap.wrap: words split on whitespace,
// greedy filling, long words broken when allowed.
func textWrap(line string, width int, breakLong bool) []string {
	var out []string
	var cur []rune
	words := strings.FieldsFunc(line, isPySpace)
	for _, w := range words {
		wr := []rune(w)
		for breakLong && len(wr) > width {
			if len(cur) > 0 {
				space := width - len(cur) - 1
				if space > 0 {
					cur = append(append(cur, ' '), wr[:space]...)
					wr = wr[space:]
				}
				out = append(out, string(cur))
				cur = nil
				continue
			}
			out = append(out, string(wr[:width]))
			wr = wr[width:]
		}
		switch {
		case len(cur) == 0:
			cur = append(cur, wr...)
		case len(cur)+1+len(wr) <= width:
			cur = append(append(cur, ' '), wr...)
		default:
			out = append(out, string(cur))
			cur = append([]rune(nil), wr...)
		}
	}
	if len(cur) > 0 {
		out = append(out, string(cur))
	}
	return out
}

func filterXmlattr(s *state, args []any, kw *value.Map) (any, error) {
	g := &sig{name: "do_xmlattr", params: []string{"eval_ctx", "d", "autospace"}, required: 2}
	a, err := bindF(g, append([]any{nil}, args...), kw)
	if err != nil {
		return nil, err
	}
	m, ok := a[1].(*value.Map)
	if !ok {
		return nil, errorf("'" + typeName(a[1]) + "' object has no attribute 'items'")
	}
	var parts []string
	for i := 0; i < m.Len(); i++ {
		k, v := m.At(i)
		if v == nil {
			continue
		}
		if _, ok := v.(*Undefined); ok {
			continue
		}
		if strings.ContainsAny(k, " \t\n\r\f\v/>=") {
			return nil, errorf("Invalid character in attribute name: " + value.Repr(k))
		}
		vs, err := str(v)
		if err != nil {
			return nil, err
		}
		parts = append(parts, escapeHTML(k)+"=\""+escapeHTML(vs)+"\"")
	}
	out := strings.Join(parts, " ")
	auto, err := truthy(arg(a[2], true))
	if err != nil {
		return nil, err
	}
	if auto && out != "" {
		out = " " + out
	}
	return out, nil
}

var tojsonSig = &sig{name: "do_tojson", params: []string{"eval_ctx", "value", "indent"}, required: 2}

func filterTojson(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(tojsonSig, append([]any{nil}, args...), kw)
	if err != nil {
		return nil, err
	}
	indent, pretty := "", false
	if in := arg(a[2], nil); in != nil {
		pretty = true
		if is, ok := isStr(in); ok {
			indent = is
		} else {
			n, err := toInt(in, "indent")
			if err != nil {
				return nil, err
			}
			if n > 64 {
				n = 64
			}
			if n > 0 {
				indent = strings.Repeat(" ", int(n))
			}
		}
		if len(indent) > 64 {
			return nil, errTooBig
		}
	}
	b, err := dumpJSON(nil, a[1], indent, pretty, true, true, 0)
	if err != nil {
		return nil, err
	}
	out := strings.NewReplacer("<", `\u003c`, ">", `\u003e`, "&", `\u0026`, "'", `\u0027`).Replace(string(b))
	return Markup(out), s.chargeBytes(len(out))
}
