package jinja

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode"

	"github.com/mistral-go/mistral-go/value"
)

// filterFn implements a filter; args[0] is the piped value.
type filterFn func(s *state, args []any, kw *value.Map) (any, error)

// builtinFilters are Jinja2's standard filters.
var builtinFilters map[string]filterFn

// undefinedOK are the filters that accept a strict undefined value; every
// other filter fails with the undefined error, as Jinja2's do.
var undefinedOK = map[string]bool{"default": true, "d": true, "items": true, "tojson": true, "abs": true}

// guard wraps a filter so that a strict undefined input fails.
func guard(name string, f filterFn) filterFn {
	if undefinedOK[name] {
		return f
	}
	return func(s *state, args []any, kw *value.Map) (any, error) {
		if u, ok := args[0].(*Undefined); ok && u.strict {
			return nil, u.err()
		}
		return f(s, args, kw)
	}
}

func init() {
	fs := map[string]filterFn{
		"abs":            filterAbs,
		"attr":           filterAttr,
		"batch":          filterBatch,
		"capitalize":     strFilter("do_capitalize", pyCapitalize),
		"center":         filterCenter,
		"count":          filterLen,
		"d":              filterDefault,
		"default":        filterDefault,
		"dictsort":       filterDictsort,
		"e":              filterEscape,
		"escape":         filterEscape,
		"filesizeformat": filterFilesize,
		"first":          filterFirst,
		"float":          filterFloat,
		"forceescape":    filterEscape,
		"format":         filterFormat,
		"groupby":        filterGroupby,
		"indent":         filterIndent,
		"int":            filterInt,
		"join":           filterJoin,
		"last":           filterLast,
		"length":         filterLen,
		"list":           filterList,
		"lower":          strFilter("do_lower", pyLower),
		"items":          filterItems,
		"map":            filterMap,
		"min":            minMax("do_min", "<"),
		"max":            minMax("do_max", ">"),
		"pprint":         filterPprint,
		"random":         filterRandom,
		"reject":         selectOrReject("sync_do_reject", false, true),
		"rejectattr":     selectOrReject("sync_do_rejectattr", true, true),
		"replace":        filterReplace,
		"reverse":        filterReverse,
		"round":          filterRound,
		"safe":           filterSafe,
		"select":         selectOrReject("sync_do_select", false, false),
		"selectattr":     selectOrReject("sync_do_selectattr", true, false),
		"slice":          filterSlice,
		"sort":           filterSort,
		"string":         filterString,
		"striptags":      filterStriptags,
		"sum":            filterSum,
		"title":          strFilter("do_title", jinjaTitle),
		"trim":           filterTrim,
		"truncate":       filterTruncate,
		"unique":         filterUnique,
		"upper":          strFilter("do_upper", pyUpper),
		"urlencode":      filterUrlencode,
		"wordcount":      filterWordcount,
		"wordwrap":       filterWordwrap,
		"xmlattr":        filterXmlattr,
		"tojson":         filterTojson,
	}
	builtinFilters = make(map[string]filterFn, len(fs))
	for n, f := range fs {
		builtinFilters[n] = guard(n, f)
	}
}

// bindF binds filter arguments to a Python signature.
func bindF(g *sig, args []any, kw *value.Map) ([]any, error) {
	a, _, _, err := g.bind(args, kw)
	return a, err
}

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

func oneArg(name string, args []any, kw *value.Map) error {
	if err := noKwargs(name, kw); err != nil {
		return err
	}
	if len(args) != 1 {
		return errorf(name + "() takes exactly one argument (" + strconv.Itoa(len(args)) + " given)")
	}
	return nil
}

func filterAbs(s *state, args []any, kw *value.Map) (any, error) {
	if err := oneArg("abs", args, kw); err != nil {
		return nil, err
	}
	f, i, isInt, ok := numberOf(args[0])
	if !ok {
		return nil, errorf("bad operand type for abs(): '" + typeName(args[0]) + "'")
	}
	if isInt {
		if i == math.MinInt64 {
			return nil, errIntOverflow
		}
		if i < 0 {
			i = -i
		}
		return i, nil
	}
	return math.Abs(f), nil
}

func filterLen(s *state, args []any, kw *value.Map) (any, error) {
	if err := oneArg("len", args, kw); err != nil {
		return nil, err
	}
	return length(args[0])
}

var attrSig = &sig{name: "do_attr", params: []string{"environment", "obj", "name"}, required: 3}

func filterAttr(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(attrSig, append([]any{nil}, args...), kw)
	if err != nil {
		return nil, err
	}
	name, ok := isStr(a[2])
	if !ok {
		return undefinedAttr(a[1], a[2]), nil
	}
	if v, ok := pyAttr(s, a[1], name); ok {
		return v, nil
	}
	return undefinedAttr(a[1], name), nil
}

var defaultSig = &sig{name: "do_default", params: []string{"value", "default_value", "boolean"}, required: 1}

func filterDefault(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(defaultSig, args, kw)
	if err != nil {
		return nil, err
	}
	def := arg(a[1], "")
	if _, ok := a[0].(*Undefined); ok {
		return def, nil
	}
	b, err := truthy(arg(a[2], false))
	if err != nil {
		return nil, err
	}
	if b {
		t, err := truthy(a[0])
		if err != nil {
			return nil, err
		}
		if !t {
			return def, nil
		}
	}
	return a[0], nil
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

var dictsortSig = &sig{name: "do_dictsort", params: []string{"value", "case_sensitive", "by", "reverse"}, required: 1}

func filterDictsort(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(dictsortSig, args, kw)
	if err != nil {
		return nil, err
	}
	pos := 0
	switch arg(a[2], "key") {
	case "key":
	case "value":
		pos = 1
	default:
		return nil, errorf(`You can only sort by either "key" or "value"`)
	}
	cs, err := truthy(arg(a[1], false))
	if err != nil {
		return nil, err
	}
	rev, err := truthy(arg(a[3], false))
	if err != nil {
		return nil, err
	}
	m, ok := a[0].(*value.Map)
	if !ok {
		return nil, errorf("'" + typeName(a[0]) + "' object has no attribute 'items'")
	}
	pairs := dictView{m: m, kind: 'i'}.items()
	keys := make([]any, len(pairs))
	for i, p := range pairs {
		k := p.(Tuple)[pos]
		if !cs {
			k = ignoreCase(k)
		}
		keys[i] = k
	}
	return pySorted(pairs, keys, rev)
}

func ignoreCase(v any) any {
	if s, ok := isStr(v); ok {
		return pyLower(s)
	}
	return v
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

var seqSig = &sig{name: "sync_do_first", params: []string{"environment", "seq"}, required: 2}

func filterFirst(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(seqSig, append([]any{nil}, args...), kw)
	if err != nil {
		return nil, err
	}
	if g, ok := a[1].(*generator); ok {
		if g.consumed || len(g.items) == 0 {
			g.consumed = true
			return &Undefined{hint: "No first item, sequence was empty.", strict: true}, nil
		}
		first := g.items[0]
		g.items = g.items[1:]
		return first, nil
	}
	items, err := iterate(s, a[1])
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return &Undefined{hint: "No first item, sequence was empty.", strict: true}, nil
	}
	return items[0], nil
}

var lastSig = &sig{name: "do_last", params: []string{"environment", "seq"}, required: 2}

func filterLast(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(lastSig, append([]any{nil}, args...), kw)
	if err != nil {
		return nil, err
	}
	switch a[1].(type) {
	case *generator:
		return nil, errorf("'generator' object is not reversible")
	case *value.Map, []any, Tuple, string, Markup, rangeVal, dictView:
	default:
		if _, err := iterate(s, a[1]); err != nil {
			return nil, err
		}
		return nil, errorf("'" + typeName(a[1]) + "' object is not reversible")
	}
	items, err := iterate(s, a[1])
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return &Undefined{hint: "No last item, sequence was empty.", strict: true}, nil
	}
	return items[len(items)-1], nil
}

var floatSig = &sig{name: "do_float", params: []string{"value", "default"}, required: 1}

func filterFloat(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(floatSig, args, kw)
	if err != nil {
		return nil, err
	}
	f, err := pyFloat(a[0])
	if err != nil {
		if e, ok := err.(*Error); ok && e.undefined {
			return nil, err
		}
		return arg(a[1], 0.0), nil
	}
	return f, nil
}

// pyFloat is Python's float(v).
func pyFloat(v any) (float64, error) {
	switch t := v.(type) {
	case string, Markup:
		str, _ := isStr(t)
		return parsePyFloat(str)
	case *Undefined:
		return 0, t.err()
	}
	f, _, _, ok := numberOf(v)
	if !ok {
		return 0, errorf("float() argument must be a string or a real number, not '" + typeName(v) + "'")
	}
	return f, nil
}

func parsePyFloat(str string) (float64, error) {
	t := strings.TrimFunc(str, isPySpace)
	bad := errorf("could not convert string to float: " + value.Repr(str))
	if t == "" {
		return 0, bad
	}
	if strings.Contains(t, "_") {
		if strings.HasPrefix(t, "_") || strings.HasSuffix(t, "_") || strings.Contains(t, "__") {
			return 0, bad
		}
		t = strings.ReplaceAll(t, "_", "")
	}
	low := strings.ToLower(strings.TrimLeft(t, "+-"))
	switch low {
	case "inf", "infinity", "nan":
	default:
		for _, c := range low {
			if !(c >= '0' && c <= '9' || c == '.' || c == 'e' || c == '+' || c == '-') {
				return 0, bad
			}
		}
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return f, nil
		}
		return 0, bad
	}
	return f, nil
}

var intSig = &sig{name: "do_int", params: []string{"value", "default", "base"}, required: 1}

func filterInt(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(intSig, args, kw)
	if err != nil {
		return nil, err
	}
	def := arg(a[1], int64(0))
	v := a[0]
	if str, ok := isStr(v); ok {
		base, err := toInt(arg(a[2], int64(10)), "base")
		if err != nil {
			return def, nil
		}
		if n, ok := parsePyInt(str, base); ok {
			return n, nil
		}
		f, err := parsePyFloat(str)
		if err != nil {
			return def, nil
		}
		return floatToInt(f, def)
	}
	switch t := v.(type) {
	case int64:
		return t, nil
	case bool:
		if t {
			return int64(1), nil
		}
		return int64(0), nil
	case float64:
		return floatToInt(t, def)
	}
	return def, nil
}

func floatToInt(f float64, def any) (any, error) {
	if math.IsNaN(f) {
		return def, nil
	}
	if math.IsInf(f, 0) {
		return nil, errorf("cannot convert float infinity to integer")
	}
	if f >= 9.223372036854775807e18 || f < -9.223372036854775808e18 {
		return nil, errIntOverflow
	}
	return int64(f), nil
}

// parsePyInt is Python's int(str, base) for bases 0 and 2..36.
func parsePyInt(str string, base int64) (int64, bool) {
	t := strings.TrimFunc(str, isPySpace)
	neg := false
	if t != "" && (t[0] == '+' || t[0] == '-') {
		neg = t[0] == '-'
		t = t[1:]
	}
	low := strings.ToLower(t)
	if len(low) > 2 && low[0] == '0' {
		p := low[1]
		if (p == 'x' && (base == 16 || base == 0)) || (p == 'o' && (base == 8 || base == 0)) || (p == 'b' && (base == 2 || base == 0)) {
			t = t[2:]
			if strings.HasPrefix(t, "_") {
				t = t[1:]
			}
			switch p {
			case 'x':
				base = 16
			case 'o':
				base = 8
			default:
				base = 2
			}
		}
	}
	if base == 0 {
		base = 10
		if len(t) > 1 && t[0] == '0' && strings.Trim(t, "0_") != "" {
			return 0, false
		}
	}
	if base < 2 || base > 36 || t == "" || strings.HasPrefix(t, "_") || strings.HasSuffix(t, "_") || strings.Contains(t, "__") {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.ReplaceAll(t, "_", ""), int(base), 64)
	if err != nil {
		return 0, false
	}
	if neg {
		n = -n
	}
	return n, true
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

var joinSig = &sig{name: "sync_do_join", params: []string{"eval_ctx", "value", "d", "attribute"}, required: 2}

func filterJoin(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(joinSig, append([]any{nil}, args...), kw)
	if err != nil {
		return nil, err
	}
	items, err := iterate(s, a[1])
	if err != nil {
		return nil, err
	}
	if at := arg(a[3], nil); at != nil {
		get := attrGetter(s, at, nil)
		mapped := make([]any, len(items))
		for i, it := range items {
			if mapped[i], err = get(it); err != nil {
				return nil, err
			}
		}
		items = mapped
	}
	sep, err := str(arg(a[2], ""))
	if err != nil {
		return nil, err
	}
	var b []byte
	for i, it := range items {
		if i > 0 {
			b = append(b, sep...)
		}
		if b, err = appendStr(b, it); err != nil {
			return nil, err
		}
		if len(b) > maxOutput {
			return nil, errTooBig
		}
	}
	return string(b), s.chargeBytes(len(b))
}

var listSig = &sig{name: "sync_do_list", params: []string{"value"}, required: 1}

func filterList(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(listSig, args, kw)
	if err != nil {
		return nil, err
	}
	items, err := iterate(s, a[0])
	if err != nil {
		return nil, err
	}
	if l, ok := a[0].([]any); ok {
		return append([]any(nil), l...), nil
	}
	if items == nil {
		items = []any{}
	}
	return items, nil
}

var itemsSig = &sig{name: "do_items", params: []string{"value"}, required: 1}

func filterItems(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(itemsSig, args, kw)
	if err != nil {
		return nil, err
	}
	switch v := a[0].(type) {
	case *Undefined:
		return &generator{fn: "do_items", items: []any{}}, nil
	case *value.Map:
		return &generator{fn: "do_items", items: dictView{m: v, kind: 'i'}.items()}, nil
	}
	return nil, errorf("Can only get item pairs from a mapping.")
}

// attrGetter is Jinja's make_attrgetter: a dotted path of getitem steps.
func attrGetter(s *state, attribute any, def any) func(any) (any, error) {
	var parts []any
	switch at := attribute.(type) {
	case nil:
	case string:
		for _, p := range strings.Split(at, ".") {
			if isAllDigits(p) {
				n, _ := strconv.ParseInt(p, 10, 64)
				parts = append(parts, n)
			} else {
				parts = append(parts, p)
			}
		}
	default:
		parts = []any{attribute}
	}
	return func(item any) (any, error) {
		var err error
		for _, p := range parts {
			if item, err = getitem(s, item, p); err != nil {
				return nil, err
			}
			if def != nil {
				if _, ok := item.(*Undefined); ok {
					item = def
				}
			}
		}
		return item, nil
	}
}

func filterMap(s *state, args []any, kw *value.Map) (any, error) {
	if len(args) < 1 {
		return nil, errorf("sync_do_map() missing 1 required positional argument: 'value'")
	}
	v := args[0]
	ok, err := truthy(v)
	if err != nil {
		return nil, err
	}
	g := &generator{fn: "sync_do_map", items: []any{}}
	if !ok {
		return g, nil
	}
	items, err := iterate(s, v)
	if err != nil {
		return nil, err
	}
	var fn func(any) (any, error)
	rest := args[1:]
	if len(rest) == 0 && kw != nil && kw.Has("attribute") {
		at, _ := kw.Get("attribute")
		def, _ := kw.Get("default")
		for i := 0; i < kw.Len(); i++ {
			k, _ := kw.At(i)
			if k != "attribute" && k != "default" {
				return nil, errorf("Unexpected keyword argument '" + k + "'")
			}
		}
		fn = attrGetter(s, at, def)
	} else {
		if len(rest) == 0 {
			return nil, errorf("map requires a filter argument")
		}
		name, ok := rest[0].(string)
		f := s.env.filter(name)
		if !ok || f == nil {
			return nil, errorf("No filter named " + repr(rest[0]) + ".")
		}
		extra := rest[1:]
		fn = func(x any) (any, error) {
			fa := make([]any, 0, len(extra)+1)
			fa = append(append(fa, x), extra...)
			return f(s, fa, kw)
		}
	}
	out := make([]any, len(items))
	for i, it := range items {
		if err := s.charge(1); err != nil {
			return nil, err
		}
		if out[i], err = fn(it); err != nil {
			return nil, err
		}
	}
	g.items = out
	return g, nil
}

// selectOrReject implements select, reject, selectattr and rejectattr.
func selectOrReject(name string, byAttr, reject bool) filterFn {
	return func(s *state, args []any, kw *value.Map) (any, error) {
		if len(args) < 1 {
			return nil, errorf(name + "() missing 1 required positional argument: 'value'")
		}
		v := args[0]
		fnName := "select_or_reject"
		g := &generator{fn: fnName, items: []any{}}
		ok, err := truthy(v)
		if err != nil {
			return nil, err
		}
		if !ok {
			return g, nil
		}
		rest := args[1:]
		trans := func(x any) (any, error) { return x, nil }
		if byAttr {
			if len(rest) == 0 {
				return nil, errorf("Missing parameter for attribute name")
			}
			trans = attrGetter(s, rest[0], nil)
			rest = rest[1:]
		}
		test := func(x any) (bool, error) { return truthy(x) }
		if len(rest) > 0 {
			tname, _ := rest[0].(string)
			t := s.env.test(tname)
			if t == nil {
				return nil, errorf("No test named " + repr(rest[0]) + ".")
			}
			extra := rest[1:]
			test = func(x any) (bool, error) {
				ta := make([]any, 0, len(extra)+1)
				r, err := t(s, append(append(ta, x), extra...), kw)
				if err != nil {
					return false, err
				}
				return truthy(r)
			}
		}
		items, err := iterate(s, v)
		if err != nil {
			return nil, err
		}
		g.items = make([]any, 0, len(items))
		for _, it := range items {
			if err := s.charge(1); err != nil {
				return nil, err
			}
			x, err := trans(it)
			if err != nil {
				return nil, err
			}
			ok, err := test(x)
			if err != nil {
				return nil, err
			}
			if ok != reject {
				g.items = append(g.items, it)
			}
		}
		return g, nil
	}
}

func minMax(name, op string) filterFn {
	g := &sig{name: name, params: []string{"environment", "value", "case_sensitive", "attribute"}, required: 2}
	return func(s *state, args []any, kw *value.Map) (any, error) {
		a, err := bindF(g, append([]any{nil}, args...), kw)
		if err != nil {
			return nil, err
		}
		items, err := iterate(s, a[1])
		if err != nil {
			return nil, err
		}
		if len(items) == 0 {
			return &Undefined{hint: "No aggregated item, sequence was empty.", strict: true}, nil
		}
		cs, err := truthy(arg(a[2], false))
		if err != nil {
			return nil, err
		}
		get := attrGetter(s, arg(a[3], nil), nil)
		key := func(x any) (any, error) {
			k, err := get(x)
			if err != nil || cs {
				return k, err
			}
			return ignoreCase(k), nil
		}
		best := items[0]
		bk, err := key(best)
		if err != nil {
			return nil, err
		}
		for _, it := range items[1:] {
			k, err := key(it)
			if err != nil {
				return nil, err
			}
			better, err := less(map[string]string{"<": "lt", ">": "gt"}[op], k, bk)
			if err != nil {
				return nil, err
			}
			if better {
				best, bk = it, k
			}
		}
		return best, nil
	}
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

func filterReverse(s *state, args []any, kw *value.Map) (any, error) {
	g := &sig{name: "do_reverse", params: []string{"value"}, required: 1}
	a, err := bindF(g, args, kw)
	if err != nil {
		return nil, err
	}
	if str, ok := isStr(a[0]); ok {
		rs := []rune(str)
		for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
			rs[i], rs[j] = rs[j], rs[i]
		}
		return string(rs), nil
	}
	items, err := iterate(s, a[0])
	if err != nil {
		return nil, errorf("argument must be iterable")
	}
	out := make([]any, len(items))
	for i, x := range items {
		out[len(items)-1-i] = x
	}
	switch a[0].(type) {
	case *generator:
		return out, nil
	}
	return &generator{fn: "reversed", items: out}, nil
}

var roundSig = &sig{name: "do_round", params: []string{"value", "precision", "method"}, required: 1}

func filterRound(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(roundSig, args, kw)
	if err != nil {
		return nil, err
	}
	method := arg(a[2], "common")
	if method != "common" && method != "ceil" && method != "floor" {
		return nil, errorf("method must be common, ceil or floor")
	}
	prec, err := toInt(arg(a[1], int64(0)), "precision")
	if err != nil {
		return nil, err
	}
	f, i, isInt, ok := numberOf(a[0])
	if !ok {
		if method == "common" {
			return nil, errorf("type " + typeName(a[0]) + " doesn't define __round__ method")
		}
		return nil, errorf("can't multiply sequence by non-int of type 'float'")
	}
	if method == "common" {
		if isInt {
			if prec >= 0 {
				return i, nil
			}
			p := math.Pow(10, float64(-prec))
			return int64(math.RoundToEven(float64(i)/p) * p), nil
		}
		return pyRound(f, prec), nil
	}
	p := math.Pow(10, float64(prec))
	if method == "ceil" {
		return math.Ceil(f*p) / p, nil
	}
	return math.Floor(f*p) / p, nil
}

// pyRound is Python's round(f, n) for floats: correctly rounded, ties to
// even on the exact binary value.
func pyRound(f float64, n int64) float64 {
	if math.IsInf(f, 0) || math.IsNaN(f) || n > 300 {
		return f
	}
	if n >= 0 {
		r, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'f', int(n), 64), 64)
		return r
	}
	p := math.Pow(10, float64(-n))
	return math.RoundToEven(f/p) * p
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

var sliceSig = &sig{name: "sync_do_slice", params: []string{"value", "slices", "fill_with"}, required: 2}

func filterSlice(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(sliceSig, args, kw)
	if err != nil {
		return nil, err
	}
	seq, err := iterate(s, a[0])
	if err != nil {
		return nil, err
	}
	n, err := toInt(a[1], "slices")
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, errorf("integer division or modulo by zero")
	}
	if n < 0 || n > maxRange {
		return &generator{fn: "sync_do_slice", items: []any{}}, nil
	}
	fill := arg(a[2], nil)
	length := int64(len(seq))
	per := length / n
	extra := length % n
	offset := int64(0)
	var out []any
	for i := int64(0); i < n; i++ {
		start := offset + i*per
		if i < extra {
			offset++
		}
		end := offset + (i+1)*per
		tmp := append([]any{}, seq[start:end]...)
		if fill != nil && i >= extra {
			tmp = append(tmp, fill)
		}
		out = append(out, tmp)
	}
	return &generator{fn: "sync_do_slice", items: out}, nil
}

var batchSig = &sig{name: "do_batch", params: []string{"value", "linecount", "fill_with"}, required: 2}

func filterBatch(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(batchSig, args, kw)
	if err != nil {
		return nil, err
	}
	seq, err := iterate(s, a[0])
	if err != nil {
		return nil, err
	}
	n, err := toInt(a[1], "linecount")
	if err != nil {
		return nil, err
	}
	fill := arg(a[2], nil)
	var out []any
	var tmp []any
	for _, x := range seq {
		if int64(len(tmp)) == n {
			out = append(out, tmp)
			tmp = nil
		}
		tmp = append(tmp, x)
	}
	if len(tmp) > 0 {
		if fill != nil && int64(len(tmp)) < n {
			if n > maxRange {
				return nil, errTooBig
			}
			for int64(len(tmp)) < n {
				tmp = append(tmp, fill)
			}
		}
		out = append(out, tmp)
	}
	if out == nil {
		out = []any{}
	}
	return &generator{fn: "do_batch", items: out}, nil
}

var sortSig = &sig{name: "do_sort", params: []string{"environment", "value", "reverse", "case_sensitive", "attribute"}, required: 2}

func filterSort(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(sortSig, append([]any{nil}, args...), kw)
	if err != nil {
		return nil, err
	}
	items, err := iterate(s, a[1])
	if err != nil {
		return nil, err
	}
	rev, err := truthy(arg(a[2], false))
	if err != nil {
		return nil, err
	}
	cs, err := truthy(arg(a[3], false))
	if err != nil {
		return nil, err
	}
	keys, err := multiKeys(s, items, arg(a[4], nil), !cs)
	if err != nil {
		return nil, err
	}
	return pySorted(items, keys, rev)
}

// multiKeys computes make_multi_attrgetter keys: a list per item.
func multiKeys(s *state, items []any, attribute any, lower bool) ([]any, error) {
	var getters []func(any) (any, error)
	if at, ok := attribute.(string); ok {
		for _, p := range strings.Split(at, ",") {
			getters = append(getters, attrGetter(s, p, nil))
		}
	} else {
		getters = append(getters, attrGetter(s, attribute, nil))
	}
	keys := make([]any, len(items))
	for i, it := range items {
		k := make([]any, len(getters))
		for j, g := range getters {
			v, err := g(it)
			if err != nil {
				return nil, err
			}
			if lower {
				v = ignoreCase(v)
			}
			k[j] = v
		}
		keys[i] = k
	}
	return keys, s.charge(int64(len(items)))
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

var sumSig = &sig{name: "sync_do_sum", params: []string{"environment", "iterable", "attribute", "start"}, required: 2}

func filterSum(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(sumSig, append([]any{nil}, args...), kw)
	if err != nil {
		return nil, err
	}
	items, err := iterate(s, a[1])
	if err != nil {
		return nil, err
	}
	total := arg(a[3], int64(0))
	if _, ok := isStr(total); ok {
		return nil, errorf("sum() can't sum strings [use ''.join(seq) instead]")
	}
	var get func(any) (any, error)
	if at := arg(a[2], nil); at != nil {
		get = attrGetter(s, at, nil)
	}
	for _, it := range items {
		if get != nil {
			if it, err = get(it); err != nil {
				return nil, err
			}
		}
		if total, err = add(s, total, it); err != nil {
			return nil, err
		}
	}
	return total, nil
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

var uniqueSig = &sig{name: "do_unique", params: []string{"environment", "value", "case_sensitive", "attribute"}, required: 2}

func filterUnique(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(uniqueSig, append([]any{nil}, args...), kw)
	if err != nil {
		return nil, err
	}
	items, err := iterate(s, a[1])
	if err != nil {
		return nil, err
	}
	cs, err := truthy(arg(a[2], false))
	if err != nil {
		return nil, err
	}
	get := attrGetter(s, arg(a[3], nil), nil)
	var seen []any
	out := []any{}
	for _, it := range items {
		k, err := get(it)
		if err != nil {
			return nil, err
		}
		if !cs {
			k = ignoreCase(k)
		}
		if err := unhashable(k); err != nil {
			return nil, err
		}
		dup, err := seqContains(seen, k)
		if err != nil {
			return nil, err
		}
		if !dup {
			seen = append(seen, k)
			out = append(out, it)
		}
		if err := s.charge(int64(len(seen))/16 + 1); err != nil {
			return nil, err
		}
	}
	return &generator{fn: "do_unique", items: out}, nil
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

var groupbySig = &sig{name: "sync_do_groupby", params: []string{"environment", "value", "attribute", "default", "case_sensitive"}, required: 3}

// groupTuple is Jinja's _GroupTuple (grouper, list); it prints as a tuple.
func filterGroupby(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(groupbySig, append([]any{nil}, args...), kw)
	if err != nil {
		return nil, err
	}
	items, err := iterate(s, a[1])
	if err != nil {
		return nil, err
	}
	cs, err := truthy(arg(a[4], false))
	if err != nil {
		return nil, err
	}
	get := attrGetter(s, a[2], arg(a[3], nil))
	keys := make([]any, len(items))
	for i, it := range items {
		k, err := get(it)
		if err != nil {
			return nil, err
		}
		if !cs {
			k = ignoreCase(k)
		}
		keys[i] = k
	}
	sorted, err := pySorted(items, keys, false)
	if err != nil {
		return nil, err
	}
	var out []any
	var curKey any
	var cur []any
	for _, it := range sorted {
		k, err := get(it)
		if err != nil {
			return nil, err
		}
		if !cs {
			k = ignoreCase(k)
		}
		if cur != nil {
			eq, err := equal(k, curKey)
			if err != nil {
				return nil, err
			}
			if eq {
				cur = append(cur, it)
				continue
			}
			out = append(out, &groupTuple{curKey, cur})
		}
		curKey, cur = k, []any{it}
	}
	if cur != nil {
		out = append(out, &groupTuple{curKey, cur})
	}
	if !cs {
		for _, g := range out {
			t := g.(*groupTuple)
			k, err := get(t.list[0])
			if err != nil {
				return nil, err
			}
			t.grouper = k
		}
	}
	if out == nil {
		out = []any{}
	}
	return out, nil
}

var randomSig = &sig{name: "do_random", params: []string{"context", "seq"}, required: 2}

func filterRandom(s *state, args []any, kw *value.Map) (any, error) {
	a, err := bindF(randomSig, append([]any{nil}, args...), kw)
	if err != nil {
		return nil, err
	}
	switch a[1].(type) {
	case *value.Map, *generator, dictView:
		return nil, errorf("'" + typeName(a[1]) + "' object is not subscriptable")
	}
	items, err := iterate(s, a[1])
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return &Undefined{hint: "No random item, sequence was empty.", strict: true}, nil
	}
	return items[rand.IntN(len(items))], nil
}
