package actions

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/mistral-go/mistral-go/value"
)

// Python's float() and int() as the std actions apply them to their
// input. A TypeError (None, list, dict) is an input error; a ValueError
// (a string that is not a number) is reported separately because the
// actions that convert treat it as 0.

// pyFloat converts like Python's float(v). valueErr reports a ValueError.
func pyFloat(v any) (f float64, valueErr bool, err error) {
	switch t := v.(type) {
	case bool:
		if t {
			return 1, false, nil
		}
		return 0, false, nil
	case int64:
		return float64(t), false, nil
	case float64:
		return t, false, nil
	case string:
		f, perr := strconv.ParseFloat(strings.TrimSpace(strings.ReplaceAll(t, "_", "")), 64)
		if perr != nil && !isRangeError(perr) {
			return 0, true, nil
		}
		return f, false, nil
	}
	return 0, false, &InputError{Msg: "float() argument must be a string or a real number, not '" + value.TypeName(v) + "'"}
}

// pyInt converts like Python's int(v). valueErr reports a ValueError.
func pyInt(v any) (n int64, valueErr bool, err error) {
	switch t := v.(type) {
	case bool:
		if t {
			return 1, false, nil
		}
		return 0, false, nil
	case int64:
		return t, false, nil
	case float64:
		switch {
		case math.IsNaN(t):
			return 0, true, nil
		case math.IsInf(t, 0):
			return 0, false, &InputError{Msg: "cannot convert float infinity to integer"}
		case t >= math.MaxInt64:
			return math.MaxInt64, false, nil
		case t <= math.MinInt64:
			return math.MinInt64, false, nil
		}
		return int64(t), false, nil
	case string:
		s := strings.TrimSpace(t)
		n, perr := strconv.ParseInt(strings.ReplaceAll(s, "_", ""), 10, 64)
		if perr != nil {
			if isRangeError(perr) {
				if strings.HasPrefix(s, "-") {
					return math.MinInt64, false, nil
				}
				return math.MaxInt64, false, nil
			}
			return 0, true, nil
		}
		return n, false, nil
	}
	return 0, false, &InputError{Msg: "int() argument must be a string, a bytes-like object or a real number, not '" + value.TypeName(v) + "'"}
}

func isRangeError(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// seconds turns a non-negative number of seconds into a Duration,
// saturating instead of overflowing.
func seconds(s float64) time.Duration {
	if s <= 0 || math.IsNaN(s) {
		return 0
	}
	if s >= float64(math.MaxInt64)/1e9 {
		return math.MaxInt64
	}
	return time.Duration(s * 1e9)
}

// pyIndex is Python's operator.index(v): what range() accepts.
func pyIndex(v any) (int64, error) {
	switch t := v.(type) {
	case int64:
		return t, nil
	case bool:
		if t {
			return 1, nil
		}
		return 0, nil
	}
	return 0, fmt.Errorf("'%s' object cannot be interpreted as an integer", value.TypeName(v))
}
