package dsl

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// timestamp is a YAML 1.1 timestamp scalar. PyYAML turns these into
// datetime objects, which Mistral's JSON schemas reject wherever they
// check a value's type; elsewhere we keep them as their Python str() text.
type timestamp struct {
	text string // the scalar as written
	str  string // Python str() of the datetime/date
	repr string // Python repr()
}

// PyRepr is Python's repr of the datetime (used in schema messages).
func (t timestamp) PyRepr() string { return t.repr }

// resolvePlain gives a plain (unquoted) scalar its YAML 1.1 type, as
// PyYAML's implicit resolvers do.
func resolvePlain(s string) (any, error) {
	if s == "" {
		return nil, nil
	}
	switch s[0] {
	case '~', 'n', 'N':
		if s == "~" || s == "null" || s == "Null" || s == "NULL" {
			return nil, nil
		}
	case '=':
		if s == "=" {
			return nil, &yamlError{msg: "could not determine a constructor for the tag 'tag:yaml.org,2002:value'"}
		}
	}
	if b, ok := yamlBool(s); ok {
		return b, nil
	}
	c := s[0]
	if c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9') {
		if isYAMLInt(s) {
			return constructInt(s)
		}
		if isYAMLFloat(s) {
			return constructFloat(s), nil
		}
		if t, ok, err := parseTimestamp(s); ok || err != nil {
			return t, err
		}
	}
	return s, nil
}

func yamlBool(s string) (bool, bool) {
	switch s {
	case "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON":
		return true, true
	case "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF":
		return false, true
	}
	return false, false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isSexagesimalTail matches (:[0-5]?[0-9])+ at the start of s and returns
// the length consumed.
func sexagesimalTail(s string) int {
	n := 0
	for n < len(s) && s[n] == ':' {
		i := n + 1
		switch {
		case i+1 < len(s) && s[i] >= '0' && s[i] <= '5' && isDigit(s[i+1]):
			i += 2
		case i < len(s) && isDigit(s[i]):
			i++
		default:
			return n
		}
		n = i
	}
	return n
}

// isYAMLInt reports whether s matches PyYAML's int resolver:
// [-+]?0b[0-1_]+ | [-+]?0[0-7_]+ | [-+]?(0|[1-9][0-9_]*) |
// [-+]?0x[0-9a-fA-F_]+ | [-+]?[1-9][0-9_]*(:[0-5]?[0-9])+
func isYAMLInt(s string) bool {
	if s[0] == '-' || s[0] == '+' {
		s = s[1:]
	}
	if s == "" {
		return false
	}
	if s == "0" {
		return true
	}
	all := func(s string, ok func(byte) bool) bool {
		if s == "" {
			return false
		}
		for i := 0; i < len(s); i++ {
			if !ok(s[i]) {
				return false
			}
		}
		return true
	}
	if strings.HasPrefix(s, "0b") {
		return all(s[2:], func(c byte) bool { return c == '0' || c == '1' || c == '_' })
	}
	if strings.HasPrefix(s, "0x") {
		return all(s[2:], func(c byte) bool {
			return isDigit(c) || c == '_' || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
		})
	}
	if s[0] == '0' {
		return all(s[1:], func(c byte) bool { return (c >= '0' && c <= '7') || c == '_' })
	}
	if s[0] < '1' || s[0] > '9' {
		return false
	}
	i := 1
	for i < len(s) && (isDigit(s[i]) || s[i] == '_') {
		i++
	}
	if i == len(s) {
		return true
	}
	n := sexagesimalTail(s[i:])
	return n > 0 && i+n == len(s)
}

// isYAMLFloat reports whether s matches PyYAML's float resolver:
// [-+]?([0-9][0-9_]*)\.[0-9_]*([eE][-+][0-9]+)? | \.[0-9_]+([eE][-+][0-9]+)? |
// [-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]* | [-+]?\.(inf|Inf|INF) | \.(nan|NaN|NAN)
func isYAMLFloat(s string) bool {
	switch s {
	case ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF":
		return true
	}
	if s[0] == '.' {
		// \.[0-9_]+ exponent?
		i := 1
		for i < len(s) && (isDigit(s[i]) || s[i] == '_') {
			i++
		}
		return i > 1 && floatExponent(s[i:])
	}
	t := s
	if t[0] == '-' || t[0] == '+' {
		t = t[1:]
	}
	switch t {
	case ".inf", ".Inf", ".INF":
		return true
	}
	if t == "" || !isDigit(t[0]) {
		return false
	}
	i := 1
	for i < len(t) && (isDigit(t[i]) || t[i] == '_') {
		i++
	}
	if i < len(t) && t[i] == ':' {
		n := sexagesimalTail(t[i:])
		if n == 0 {
			return false
		}
		i += n
		if i >= len(t) || t[i] != '.' {
			return false
		}
		i++
		for i < len(t) && (isDigit(t[i]) || t[i] == '_') {
			i++
		}
		return i == len(t)
	}
	if i >= len(t) || t[i] != '.' {
		return false
	}
	i++
	for i < len(t) && (isDigit(t[i]) || t[i] == '_') {
		i++
	}
	return floatExponent(t[i:])
}

// floatExponent matches an optional ([eE][-+][0-9]+) filling all of s.
func floatExponent(s string) bool {
	if s == "" {
		return true
	}
	if len(s) < 3 || (s[0] != 'e' && s[0] != 'E') || (s[1] != '-' && s[1] != '+') {
		return false
	}
	for i := 2; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// constructInt converts a resolved int scalar the way PyYAML does. Values
// beyond int64 become floats (the value model has no big integers).
func constructInt(s string) (any, error) {
	v := strings.ReplaceAll(s, "_", "")
	sign := int64(1)
	if v != "" && (v[0] == '-' || v[0] == '+') {
		if v[0] == '-' {
			sign = -1
		}
		v = v[1:]
	}
	if v == "" {
		return nil, &yamlError{msg: fmt.Sprintf("invalid literal for int() with base 10: %s", pyQuote(s))}
	}
	base := 10
	switch {
	case v == "0":
		return int64(0), nil
	case strings.HasPrefix(v, "0b"):
		base, v = 2, v[2:]
	case strings.HasPrefix(v, "0x"):
		base, v = 16, v[2:]
	case v[0] == '0':
		base, v = 8, v[1:]
	case strings.IndexByte(v, ':') >= 0:
		var total float64
		var exact int64
		overflow := false
		for _, part := range strings.Split(v, ":") {
			d, _ := strconv.ParseInt(part, 10, 64)
			total = total*60 + float64(d)
			if exact > math.MaxInt64/60-60 {
				overflow = true
			}
			exact = exact*60 + d
		}
		if overflow {
			return float64(sign) * total, nil
		}
		return sign * exact, nil
	}
	if v == "" {
		return nil, &yamlError{msg: fmt.Sprintf("invalid literal for int() with base %d: %s", base, pyQuote(s))}
	}
	n, err := strconv.ParseInt(v, base, 64)
	if err != nil {
		u, uerr := strconv.ParseUint(v, base, 64)
		if uerr == nil {
			return float64(sign) * float64(u), nil
		}
		f, ferr := strconv.ParseFloat(v, 64)
		if base == 10 && ferr == nil {
			return float64(sign) * f, nil
		}
		return float64(sign) * math.Inf(1), nil
	}
	return sign * n, nil
}

// pyQuote quotes s as Python's error messages do.
func pyQuote(s string) string { return "'" + s + "'" }

// constructFloat converts a resolved float scalar the way PyYAML does.
func constructFloat(s string) float64 {
	v := strings.ToLower(strings.ReplaceAll(s, "_", ""))
	sign := 1.0
	if v != "" && (v[0] == '-' || v[0] == '+') {
		if v[0] == '-' {
			sign = -1
		}
		v = v[1:]
	}
	switch {
	case v == ".inf":
		return sign * math.Inf(1)
	case v == ".nan":
		return math.NaN()
	case strings.IndexByte(v, ':') >= 0:
		parts := strings.Split(v, ":")
		total := 0.0
		for i, p := range parts {
			var d float64
			if i == len(parts)-1 {
				d, _ = strconv.ParseFloat(p, 64)
			} else {
				n, _ := strconv.ParseInt(p, 10, 64)
				d = float64(n)
			}
			total = total*60 + d
		}
		return sign * total
	}
	if strings.HasSuffix(v, ".") {
		v += "0"
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		// ParseFloat reports range errors with ±Inf or 0, as Python does.
		return sign * f
	}
	return sign * f
}

// parseTimestamp recognises PyYAML's timestamp forms:
// YYYY-MM-DD, or YYYY-M-D(T| +)H:MM:SS(.frac)?( *(Z|±H(:MM)?))?
func parseTimestamp(s string) (timestamp, bool, error) {
	if len(s) < 8 || !isDigit(s[0]) {
		return timestamp{}, false, nil
	}
	num := func(s string, i, min, max int) (int, int, bool) {
		j := i
		for j < len(s) && isDigit(s[j]) && j-i < max {
			j++
		}
		if j-i < min {
			return 0, i, false
		}
		n, _ := strconv.Atoi(s[i:j])
		return n, j, true
	}
	year, i, ok := num(s, 0, 4, 4)
	if !ok || i >= len(s) || s[i] != '-' {
		return timestamp{}, false, nil
	}
	if len(s) == 10 && isDigit(s[5]) && isDigit(s[6]) && s[7] == '-' && isDigit(s[8]) && isDigit(s[9]) {
		month, _ := strconv.Atoi(s[5:7])
		day, _ := strconv.Atoi(s[8:10])
		if err := checkDate(year, month, day); err != nil {
			return timestamp{}, false, err
		}
		return timestamp{
			text: s,
			str:  fmt.Sprintf("%04d-%02d-%02d", year, month, day),
			repr: fmt.Sprintf("datetime.date(%d, %d, %d)", year, month, day),
		}, true, nil
	}
	month, i, ok := num(s, i+1, 1, 2)
	if !ok || i >= len(s) || s[i] != '-' {
		return timestamp{}, false, nil
	}
	day, i, ok := num(s, i+1, 1, 2)
	if !ok || i >= len(s) {
		return timestamp{}, false, nil
	}
	if s[i] == 'T' || s[i] == 't' {
		i++
	} else {
		j := i
		for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
			j++
		}
		if j == i {
			return timestamp{}, false, nil
		}
		i = j
	}
	hour, i, ok := num(s, i, 1, 2)
	if !ok || i >= len(s) || s[i] != ':' {
		return timestamp{}, false, nil
	}
	minute, i, ok := num(s, i+1, 2, 2)
	if !ok || i >= len(s) || s[i] != ':' {
		return timestamp{}, false, nil
	}
	second, i, ok := num(s, i+1, 2, 2)
	if !ok {
		return timestamp{}, false, nil
	}
	frac := ""
	if i < len(s) && s[i] == '.' {
		j := i + 1
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		frac = s[i+1 : j]
		i = j
	}
	j := i
	for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
		j++
	}
	tz := ""
	tzMinutes, hasTZ := 0, false
	if j < len(s) {
		switch s[j] {
		case 'Z':
			if j+1 != len(s) {
				return timestamp{}, false, nil
			}
			hasTZ = true
		case '-', '+':
			th, k, ok := num(s, j+1, 1, 2)
			if !ok {
				return timestamp{}, false, nil
			}
			tm := 0
			if k < len(s) {
				if s[k] != ':' {
					return timestamp{}, false, nil
				}
				tm, k, ok = num(s, k+1, 2, 2)
				if !ok {
					return timestamp{}, false, nil
				}
			}
			if k != len(s) {
				return timestamp{}, false, nil
			}
			hasTZ = true
			tzMinutes = th*60 + tm
			if s[j] == '-' {
				tzMinutes = -tzMinutes
			}
		default:
			return timestamp{}, false, nil
		}
	} else if j != i {
		return timestamp{}, false, nil
	}
	if err := checkDate(year, month, day); err != nil {
		return timestamp{}, false, err
	}
	switch {
	case hour > 23:
		return timestamp{}, false, &yamlError{msg: "hour must be in 0..23"}
	case minute > 59:
		return timestamp{}, false, &yamlError{msg: "minute must be in 0..59"}
	case second > 59:
		return timestamp{}, false, &yamlError{msg: "second must be in 0..59"}
	}
	micro := 0
	if frac != "" {
		f := frac
		if len(f) > 6 {
			f = f[:6]
		}
		for len(f) < 6 {
			f += "0"
		}
		micro, _ = strconv.Atoi(f)
	}
	str := fmt.Sprintf("%04d-%02d-%02d %02d:%02d:%02d", year, month, day, hour, minute, second)
	if micro != 0 {
		str += fmt.Sprintf(".%06d", micro)
	}
	repr := fmt.Sprintf("datetime.datetime(%d, %d, %d, %d, %d", year, month, day, hour, minute)
	if second != 0 || micro != 0 {
		repr += fmt.Sprintf(", %d", second)
	}
	if micro != 0 {
		repr += fmt.Sprintf(", %d", micro)
	}
	if hasTZ {
		sign := '+'
		m := tzMinutes
		if m < 0 {
			sign, m = '-', -m
		}
		tz = fmt.Sprintf("%c%02d:%02d", sign, m/60, m%60)
		str += tz
		switch {
		case tzMinutes == 0:
			repr += ", tzinfo=datetime.timezone.utc"
		case tzMinutes > 0:
			repr += fmt.Sprintf(", tzinfo=datetime.timezone(datetime.timedelta(seconds=%d))", tzMinutes*60)
		default:
			repr += fmt.Sprintf(", tzinfo=datetime.timezone(datetime.timedelta(days=-1, seconds=%d))", 86400+tzMinutes*60)
		}
	}
	repr += ")"
	return timestamp{text: s, str: str, repr: repr}, true, nil
}

// checkDate rejects impossible dates with Python's datetime messages.
func checkDate(y, m, d int) error {
	if y < 1 {
		return &yamlError{msg: fmt.Sprintf("year %d is out of range", y)}
	}
	if m < 1 || m > 12 {
		return &yamlError{msg: "month must be in 1..12"}
	}
	days := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1]
	if m == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		days = 29
	}
	if d < 1 || d > days {
		return &yamlError{msg: "day is out of range for month"}
	}
	return nil
}
