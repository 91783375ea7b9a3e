package jinja

import (
	"math"
	"strconv"
	"strings"

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
		return s.undefinedAttr(a[1], a[2]), nil
	}
	if v, ok := pyAttr(s, a[1], name); ok {
		return v, nil
	}
	return s.undefinedAttr(a[1], name), nil
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
