package pyyaml

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// resolvePlain gives a plain (unquoted) scalar its YAML 1.1 type as
// PyYAML's implicit resolvers do, and constructs it as SafeConstructor
// does. Timestamps become Timestamp values. The returned error has no
// position yet.
func resolvePlain(s string) (any, *Error) {
	if s == "" {
		return nil, nil
	}
	switch s {
	case "~", "null", "Null", "NULL":
		return nil, nil
	case "=", "<<":
		tag := "value"
		if s == "<<" {
			tag = "merge"
		}
		return nil, &Error{Problem: "could not determine a constructor for the tag 'tag:yaml.org,2002:" + tag + "'"}
	}
	if b, ok := parseBool(s); ok {
		return b, nil
	}
	if c := s[0]; c == '-' || c == '+' || c == '.' || isDigit(c) {
		if isInt(s) {
			return constructInt(s)
		}
		if isFloat(s) {
			return constructFloat(s), nil
		}
		if t, ok, err := parseTimestamp(s); ok || err != nil {
			return t, err
		}
	}
	return s, nil
}

// isPlainString reports whether s, written plain, reads back as the
// same string.
func isPlainString(s string) bool {
	v, err := resolvePlain(s)
	_, ok := v.(string)
	return ok && err == nil
}

func parseBool(s string) (bool, bool) {
	switch s {
	case "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON":
		return true, true
	case "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF":
		return false, true
	}
	return false, false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// digits is the length of the run of s[i:] of digits and underscores.
func digits(s string, i int) int {
	j := i
	for j < len(s) && (isDigit(s[j]) || s[j] == '_') {
		j++
	}
	return j - i
}

// sexagesimalTail matches (:[0-5]?[0-9])+ at the start of s and returns
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

// isInt matches PyYAML's int resolver:
// [-+]?0b[0-1_]+ | [-+]?0[0-7_]+ | [-+]?(0|[1-9][0-9_]*) |
// [-+]?0x[0-9a-fA-F_]+ | [-+]?[1-9][0-9_]*(:[0-5]?[0-9])+
func isInt(s string) bool {
	if s[0] == '-' || s[0] == '+' {
		s = s[1:]
	}
	all := func(s string, ok func(byte) bool) bool {
		for i := 0; i < len(s); i++ {
			if !ok(s[i]) {
				return false
			}
		}
		return s != ""
	}
	switch {
	case s == "":
		return false
	case s == "0":
		return true
	case strings.HasPrefix(s, "0b"):
		return all(s[2:], func(c byte) bool { return c == '0' || c == '1' || c == '_' })
	case strings.HasPrefix(s, "0x"):
		return all(s[2:], func(c byte) bool {
			return isDigit(c) || c == '_' || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
		})
	case s[0] == '0':
		return all(s[1:], func(c byte) bool { return (c >= '0' && c <= '7') || c == '_' })
	case !isDigit(s[0]):
		return false
	}
	i := 1 + digits(s, 1)
	if i == len(s) {
		return true
	}
	n := sexagesimalTail(s[i:])
	return n > 0 && i+n == len(s)
}

// isFloat matches PyYAML's float resolver:
// [-+]?[0-9][0-9_]*\.[0-9_]*([eE][-+][0-9]+)? | \.[0-9][0-9_]*([eE][-+][0-9]+)? |
// [-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]* | [-+]?\.(inf|Inf|INF) | \.(nan|NaN|NAN)
func isFloat(s string) bool {
	switch s {
	case ".nan", ".NaN", ".NAN":
		return true
	}
	if s[0] == '.' && len(s) > 1 && isDigit(s[1]) {
		return floatExponent(s[1+digits(s, 1):])
	}
	if s[0] == '-' || s[0] == '+' {
		s = s[1:]
	}
	switch {
	case s == ".inf" || s == ".Inf" || s == ".INF":
		return true
	case s == "" || !isDigit(s[0]):
		return false
	}
	i := 1 + digits(s, 1)
	if i < len(s) && s[i] == ':' {
		n := sexagesimalTail(s[i:])
		i += n
		return n > 0 && i < len(s) && s[i] == '.' && i+1+digits(s, i+1) == len(s)
	}
	return i < len(s) && s[i] == '.' && floatExponent(s[i+1+digits(s, i+1):])
}

// floatExponent matches an optional [eE][-+][0-9]+ filling all of s.
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

// sign splits a leading sign off s.
func sign(s string) (float64, string) {
	if s != "" && (s[0] == '-' || s[0] == '+') {
		if s[0] == '-' {
			return -1, s[1:]
		}
		return 1, s[1:]
	}
	return 1, s
}

// constructInt converts an int scalar as PyYAML does. Values beyond int64
// become floats (the value model has no big integers).
func constructInt(s string) (any, *Error) {
	sg, v := sign(strings.ReplaceAll(s, "_", ""))
	base := 10
	switch {
	case v == "0":
		return int64(0), nil
	case strings.HasPrefix(v, "0b"):
		base, v = 2, v[2:]
	case strings.HasPrefix(v, "0x"):
		base, v = 16, v[2:]
	case strings.HasPrefix(v, "0"):
		base, v = 8, v[1:]
	case strings.IndexByte(v, ':') >= 0:
		var n big.Int
		for _, part := range strings.Split(v, ":") {
			d, _ := strconv.ParseInt(part, 10, 64)
			n.Mul(&n, big.NewInt(60))
			n.Add(&n, big.NewInt(d))
		}
		return bigInt(sg, &n), nil
	}
	var n big.Int
	if _, ok := n.SetString(v, base); !ok {
		return nil, valueError(fmt.Sprintf("invalid literal for int() with base %d: '%s'", base, v))
	}
	return bigInt(sg, &n), nil
}

// bigInt is sg×n as an int64, or a float64 beyond int64.
func bigInt(sg float64, n *big.Int) any {
	if sg < 0 {
		n.Neg(n)
	}
	if n.IsInt64() {
		return n.Int64()
	}
	f, _ := new(big.Float).SetInt(n).Float64()
	return f
}

// constructFloat converts a float scalar as PyYAML does.
func constructFloat(s string) float64 {
	sg, v := sign(strings.ToLower(strings.ReplaceAll(s, "_", "")))
	switch {
	case v == ".inf":
		return sg * math.Inf(1)
	case v == ".nan":
		return math.NaN()
	case strings.IndexByte(v, ':') >= 0:
		total := 0.0
		for _, p := range strings.Split(v, ":") {
			d, _ := strconv.ParseFloat(p, 64)
			total = total*60 + d
		}
		return sg * total
	}
	if strings.HasSuffix(v, ".") {
		v += "0"
	}
	// ParseFloat gives ±Inf or 0 out of range, as Python does.
	f, _ := strconv.ParseFloat(v, 64)
	return sg * f
}
