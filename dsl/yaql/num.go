package yaql

import "math"

// Python arithmetic on int64 and float64. Python integers are unbounded;
// an int64 result that would overflow becomes a float instead.

func toFloat(v any) float64 {
	switch t := v.(type) {
	case int64:
		return float64(t)
	case float64:
		return t
	case bool:
		if t {
			return 1
		}
	}
	return 0
}

func bothInts(a, b any) (int64, int64, bool) {
	x, ok1 := intOf(a)
	y, ok2 := intOf(b)
	return x, y, ok1 && ok2
}

// intOf reads an int (or bool) value.
func intOf(v any) (int64, bool) {
	switch t := v.(type) {
	case int64:
		return t, true
	case bool:
		if t {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

func numAdd(a, b any) any {
	if x, y, ok := bothInts(a, b); ok {
		r := x + y
		if (x >= 0) == (y >= 0) && (r >= 0) != (x >= 0) {
			return float64(x) + float64(y)
		}
		return r
	}
	return toFloat(a) + toFloat(b)
}

func numSub(a, b any) any {
	if x, y, ok := bothInts(a, b); ok {
		r := x - y
		if (x >= 0) != (y >= 0) && (r >= 0) != (x >= 0) {
			return float64(x) - float64(y)
		}
		return r
	}
	return toFloat(a) - toFloat(b)
}

func numMul(a, b any) any {
	if x, y, ok := bothInts(a, b); ok {
		if x == 0 || y == 0 {
			return int64(0)
		}
		r := x * y
		if r/y != x || (x == -1 && y == math.MinInt64) || (y == -1 && x == math.MinInt64) {
			return float64(x) * float64(y)
		}
		return r
	}
	return toFloat(a) * toFloat(b)
}

// numDiv is yaql's /: floor division for two ints, else true division.
func numDiv(a, b any) (any, error) {
	if x, y, ok := bothInts(a, b); ok {
		if y == 0 {
			return nil, pyErr("ZeroDivisionError", "integer division or modulo by zero")
		}
		if x == math.MinInt64 && y == -1 {
			return -float64(x), nil
		}
		q := x / y
		if (x%y != 0) && ((x < 0) != (y < 0)) {
			q--
		}
		return q, nil
	}
	fb := toFloat(b)
	if fb == 0 {
		return nil, pyErr("ZeroDivisionError", "float division by zero")
	}
	return toFloat(a) / fb, nil
}

// numMod is Python's %: the result has the sign of the divisor.
func numMod(a, b any) (any, error) {
	if x, y, ok := bothInts(a, b); ok {
		if y == 0 {
			return nil, pyErr("ZeroDivisionError", "integer modulo by zero")
		}
		if y == -1 {
			return int64(0), nil
		}
		r := x % y
		if r != 0 && (r < 0) != (y < 0) {
			r += y
		}
		return r, nil
	}
	fa, fb := toFloat(a), toFloat(b)
	if fb == 0 {
		return nil, pyErr("ZeroDivisionError", "float modulo")
	}
	m := math.Mod(fa, fb)
	if m != 0 {
		if (fb < 0) != (m < 0) {
			m += fb
		}
	} else {
		m = math.Copysign(0, fb)
	}
	return m, nil
}

func numNeg(a any) any {
	if x, ok := intOf(a); ok {
		if x == math.MinInt64 {
			return -float64(x)
		}
		return -x
	}
	return -toFloat(a)
}

// numCmp compares two numbers exactly: -1, 0 or 1; ok is false when a
// NaN is involved (every comparison is then false).
func numCmp(a, b any) (int, bool) {
	if x, y, ok := bothInts(a, b); ok {
		switch {
		case x < y:
			return -1, true
		case x > y:
			return 1, true
		}
		return 0, true
	}
	xi, xok := intOf(a)
	yi, yok := intOf(b)
	switch {
	case xok:
		c, ok := cmpFloatInt(toFloat(b), xi)
		return -c, ok
	case yok:
		return cmpFloatInt(toFloat(a), yi)
	}
	fa, fb := toFloat(a), toFloat(b)
	switch {
	case math.IsNaN(fa) || math.IsNaN(fb):
		return 0, false
	case fa < fb:
		return -1, true
	case fa > fb:
		return 1, true
	}
	return 0, true
}

// cmpFloatInt compares a float with an int exactly.
func cmpFloatInt(f float64, i int64) (int, bool) {
	switch {
	case math.IsNaN(f):
		return 0, false
	case f >= 9.3e18:
		return 1, true
	case f <= -9.3e18:
		return -1, true
	}
	t := math.Trunc(f)
	ti := int64(t)
	switch {
	case ti < i:
		return -1, true
	case ti > i:
		return 1, true
	case f > t:
		return 1, true
	case f < t:
		return -1, true
	}
	return 0, true
}
