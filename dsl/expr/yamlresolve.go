package expr

import (
	"math"
	"regexp"
	"strconv"
	"strings"
)

// PyYAML's YAML 1.1 implicit resolvers (yaml/resolver.py): the type a
// plain scalar has, tried in PyYAML's order for the scalar's first
// character.

var (
	reYAMLBool  = regexp.MustCompile(`^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$`)
	reYAMLFloat = regexp.MustCompile(`^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$`)
	reYAMLInt   = regexp.MustCompile(`^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$`)
	reYAMLNull  = regexp.MustCompile(`^(?:~|null|Null|NULL|)$`)
	reYAMLTime  = regexp.MustCompile(`^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$`)
)

// YAML tags, short forms.
const (
	tagStr       = "str"
	tagBool      = "bool"
	tagInt       = "int"
	tagFloat     = "float"
	tagNull      = "null"
	tagTimestamp = "timestamp"
	tagMerge     = "merge"
	tagValue     = "value"
)

// resolvePlain returns the tag PyYAML gives the plain scalar s.
func resolvePlain(s string) string {
	if s == "" {
		return tagNull
	}
	c := s[0]
	if strings.IndexByte("yYnNtTfFoO", c) >= 0 && reYAMLBool.MatchString(s) {
		return tagBool
	}
	if strings.IndexByte("-+0123456789.", c) >= 0 && reYAMLFloat.MatchString(s) {
		return tagFloat
	}
	if strings.IndexByte("-+0123456789", c) >= 0 && reYAMLInt.MatchString(s) {
		return tagInt
	}
	if s == "<<" {
		return tagMerge
	}
	if strings.IndexByte("~nN", c) >= 0 && reYAMLNull.MatchString(s) {
		return tagNull
	}
	if c >= '0' && c <= '9' && reYAMLTime.MatchString(s) {
		return tagTimestamp
	}
	if s == "=" {
		return tagValue
	}
	return tagStr
}

// constructInt is SafeConstructor.construct_yaml_int.
func constructInt(s string) (any, error) {
	v := strings.ReplaceAll(s, "_", "")
	sign := int64(1)
	if v != "" && v[0] == '-' {
		sign = -1
	}
	if v != "" && (v[0] == '+' || v[0] == '-') {
		v = v[1:]
	}
	var n int64
	var err error
	switch {
	case v == "0":
		return int64(0), nil
	case strings.HasPrefix(v, "0b"):
		n, err = strconv.ParseInt(v[2:], 2, 64)
	case strings.HasPrefix(v, "0x"):
		n, err = strconv.ParseInt(v[2:], 16, 64)
	case v != "" && v[0] == '0':
		n, err = strconv.ParseInt(v, 8, 64)
	case strings.Contains(v, ":"):
		base := int64(1)
		parts := strings.Split(v, ":")
		for i := len(parts) - 1; i >= 0; i-- {
			d, e := strconv.ParseInt(parts[i], 10, 64)
			if e != nil {
				return nil, e
			}
			n += d * base
			base *= 60
		}
	default:
		n, err = strconv.ParseInt(v, 10, 64)
	}
	if err != nil {
		// beyond int64: Python keeps an exact integer, the value model a float
		f, ferr := strconv.ParseFloat(v, 64)
		if ferr != nil {
			return nil, ferr
		}
		return float64(sign) * f, nil
	}
	return sign * n, nil
}

// constructFloat is SafeConstructor.construct_yaml_float.
func constructFloat(s string) (any, error) {
	v := strings.ToLower(strings.ReplaceAll(s, "_", ""))
	sign := 1.0
	if v != "" && v[0] == '-' {
		sign = -1
	}
	if v != "" && (v[0] == '+' || v[0] == '-') {
		v = v[1:]
	}
	switch {
	case v == ".inf":
		return sign * math.Inf(1), nil
	case v == ".nan":
		return math.NaN(), nil
	case strings.Contains(v, ":"):
		base, out := 1.0, 0.0
		parts := strings.Split(v, ":")
		for i := len(parts) - 1; i >= 0; i-- {
			d, err := strconv.ParseFloat(parts[i], 64)
			if err != nil {
				return nil, err
			}
			out += d * base
			base *= 60
		}
		return sign * out, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); !ok || ne.Err != strconv.ErrRange {
			return nil, err
		}
	}
	return sign * f, nil
}
