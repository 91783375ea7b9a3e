package pyyaml

import (
	"fmt"
	"strconv"

	"github.com/mistral-go/mistral-go/value"
)

// Timestamp is a YAML 1.1 timestamp scalar, which PyYAML turns into a
// datetime (or date) object.
type Timestamp struct {
	Text string // the scalar as written
	Str  string // Python's str() of the datetime or date
	Repr string // Python's repr()
}

// PyRepr is Python's repr of the datetime (value.Repr uses it).
func (t Timestamp) PyRepr() string { return t.Repr }

// parseTimestamp recognises PyYAML's timestamp forms:
// YYYY-MM-DD, or YYYY-M-D(T| +)H:MM:SS(.frac)?( *(Z|±H(:MM)?))?
func parseTimestamp(s string) (Timestamp, bool, *Error) {
	if len(s) < 8 || !isDigit(s[0]) {
		return Timestamp{}, false, nil
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
		return Timestamp{}, false, nil
	}
	if len(s) == 10 && isDigit(s[5]) && isDigit(s[6]) && s[7] == '-' && isDigit(s[8]) && isDigit(s[9]) {
		month, _ := strconv.Atoi(s[5:7])
		day, _ := strconv.Atoi(s[8:10])
		if err := checkDate(year, month, day); err != nil {
			return Timestamp{}, false, err
		}
		return Timestamp{
			Text: s,
			Str:  fmt.Sprintf("%04d-%02d-%02d", year, month, day),
			Repr: fmt.Sprintf("datetime.date(%d, %d, %d)", year, month, day),
		}, true, nil
	}
	month, i, ok := num(s, i+1, 1, 2)
	if !ok || i >= len(s) || s[i] != '-' {
		return Timestamp{}, false, nil
	}
	day, i, ok := num(s, i+1, 1, 2)
	if !ok || i >= len(s) {
		return Timestamp{}, false, nil
	}
	if s[i] == 'T' || s[i] == 't' {
		i++
	} else {
		j := i
		for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
			j++
		}
		if j == i {
			return Timestamp{}, false, nil
		}
		i = j
	}
	hour, i, ok := num(s, i, 1, 2)
	if !ok || i >= len(s) || s[i] != ':' {
		return Timestamp{}, false, nil
	}
	minute, i, ok := num(s, i+1, 2, 2)
	if !ok || i >= len(s) || s[i] != ':' {
		return Timestamp{}, false, nil
	}
	second, i, ok := num(s, i+1, 2, 2)
	if !ok {
		return Timestamp{}, false, nil
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
				return Timestamp{}, false, nil
			}
			hasTZ = true
		case '-', '+':
			th, k, ok := num(s, j+1, 1, 2)
			if !ok {
				return Timestamp{}, false, nil
			}
			tm := 0
			if k < len(s) {
				if s[k] != ':' {
					return Timestamp{}, false, nil
				}
				tm, k, ok = num(s, k+1, 2, 2)
				if !ok {
					return Timestamp{}, false, nil
				}
			}
			if k != len(s) {
				return Timestamp{}, false, nil
			}
			hasTZ = true
			tzMinutes = th*60 + tm
			if s[j] == '-' {
				tzMinutes = -tzMinutes
			}
		default:
			return Timestamp{}, false, nil
		}
	} else if j != i {
		return Timestamp{}, false, nil
	}
	if err := checkDate(year, month, day); err != nil {
		return Timestamp{}, false, err
	}
	switch {
	case hour > 23:
		return Timestamp{}, false, valueError("hour must be in 0..23")
	case minute > 59:
		return Timestamp{}, false, valueError("minute must be in 0..59")
	case second > 59:
		return Timestamp{}, false, valueError("second must be in 0..59")
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
	return Timestamp{Text: s, Str: str, Repr: repr}, true, nil
}

// checkDate rejects impossible dates with Python's datetime messages.
func checkDate(y, m, d int) *Error {
	if y < 1 {
		return valueError(fmt.Sprintf("year %d is out of range", y))
	}
	if m < 1 || m > 12 {
		return valueError("month must be in 1..12")
	}
	days := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1]
	if m == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		days = 29
	}
	if d < 1 || d > days {
		return valueError("day is out of range for month")
	}
	return nil
}

// Plain replaces the Timestamps in v by Python's str() of them, or by
// their text as written with asWritten, in place where it can, so that v
// holds only value-model types. It returns v (a string when v is a
// Timestamp).
func Plain(v any, asWritten bool) any {
	switch t := v.(type) {
	case Timestamp:
		if asWritten {
			return t.Text
		}
		return t.Str
	case *value.Map:
		for i := 0; i < t.Len(); i++ {
			k, x := t.At(i)
			if ts, ok := x.(Timestamp); ok {
				t.Set(k, Plain(ts, asWritten))
			} else {
				Plain(x, asWritten)
			}
		}
	case []any:
		for i, x := range t {
			t[i] = Plain(x, asWritten)
		}
	}
	return v
}

// Plain is the package's Plain for values of d: a no-op when d read no
// timestamp (the common case).
func (d *Document) Plain(v any, asWritten bool) any {
	if d == nil || !d.Timestamps {
		return v
	}
	return Plain(v, asWritten)
}
