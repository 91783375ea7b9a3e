package yaql

import (
	"strconv"
	"strings"
	"time"
)

const (
	usPerSec = 1_000_000
	usPerDay = 86_400 * usPerSec
	maxDays  = 999_999_999
)

// newDateTime builds an aware datetime from wall-clock fields.
func newDateTime(y, mo, d, h, mi, s, us int64, offset int, utc bool) (dateTime, error) {
	switch {
	case y < 1 || y > 9999:
		return dateTime{}, errValue("year " + strconv.FormatInt(y, 10) + " is out of range")
	case mo < 1 || mo > 12:
		return dateTime{}, errValue("month must be in 1..12")
	case d < 1 || d > int64(daysIn(int(y), int(mo))):
		return dateTime{}, errValue("day is out of range for month")
	case h < 0 || h > 23:
		return dateTime{}, errValue("hour must be in 0..23")
	case mi < 0 || mi > 59:
		return dateTime{}, errValue("minute must be in 0..59")
	case s < 0 || s > 59:
		return dateTime{}, errValue("second must be in 0..59")
	case us < 0 || us > 999999:
		return dateTime{}, errValue("microsecond must be in 0..999999")
	}
	loc := time.FixedZone("", offset)
	t := time.Date(int(y), time.Month(mo), int(d), int(h), int(mi), int(s), int(us)*1000, loc)
	return dateTime{t: t, offset: offset, utc: utc}, nil
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// zoneFor is yaql's _get_tz: a zero offset is tzutc().
func zoneFor(ts timeSpan) (int, bool, error) {
	if ts == 0 {
		return 0, true, nil
	}
	if ts <= -usPerDay || ts >= usPerDay {
		return 0, false, errValue("offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24), not " + pyRepr(ts) + ".")
	}
	return int(int64(ts) / usPerSec), false, nil
}

// at returns dt's instant shown in another zone.
func (dt dateTime) in(offset int, utc bool) dateTime {
	return dateTime{t: dt.t.In(time.FixedZone("", offset)), offset: offset, utc: utc}
}

// addSpan is dt + ts (wall clock arithmetic in dt's zone).
func (dt dateTime) addSpan(ts timeSpan) (dateTime, error) {
	t := dt.t.Add(time.Duration(ts) * time.Microsecond)
	if int64(ts)/usPerDay > 4_000_000 || t.Year() < 1 || t.Year() > 9999 {
		return dateTime{}, pyErr("OverflowError", "date value out of range")
	}
	return dateTime{t: t, offset: dt.offset, utc: dt.utc}, nil
}

// sub is dt - other, exact between instants.
func (dt dateTime) sub(o dateTime) timeSpan {
	return timeSpan(dt.t.Sub(o.t) / time.Microsecond)
}

func (dt dateTime) micro() int { return dt.t.Nanosecond() / 1000 }

// isoformat is datetime.isoformat(sep).
func (dt dateTime) isoformat(sep byte) string {
	b := dt.t.AppendFormat(nil, "2006-01-02")
	b = append(b, sep)
	b = dt.t.AppendFormat(b, "15:04:05")
	if us := dt.micro(); us != 0 {
		b = append(b, '.')
		b = appendPad(b, int64(us), 6)
	}
	return string(b) + offsetText(dt.offset, true)
}

// storageString is the datetime as Mistral stores it in JSON.
func (dt dateTime) storageString() string {
	b := dt.t.AppendFormat(nil, "2006-01-02T15:04:05.")
	return string(appendPad(b, int64(dt.micro()), 6))
}

func offsetText(off int, colon bool) string {
	sign := "+"
	if off < 0 {
		sign = "-"
		off = -off
	}
	h, m, s := off/3600, off/60%60, off%60
	out := sign + pad2(h)
	if colon {
		out += ":"
	}
	out += pad2(m)
	if s != 0 {
		if colon {
			out += ":"
		}
		out += pad2(s)
	}
	return out
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func appendPad(b []byte, n int64, width int) []byte {
	s := strconv.FormatInt(n, 10)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

func (dt dateTime) tzRepr() string {
	if dt.utc {
		return "tzutc()"
	}
	return "tzoffset(None, " + strconv.Itoa(dt.offset) + ")"
}

func (dt dateTime) appendRepr(b []byte) []byte {
	t := dt.t
	b = append(b, "datetime.datetime("...)
	b = strconv.AppendInt(b, int64(t.Year()), 10)
	for _, n := range []int{int(t.Month()), t.Day(), t.Hour(), t.Minute()} {
		b = append(b, ", "...)
		b = strconv.AppendInt(b, int64(n), 10)
	}
	if t.Second() != 0 || dt.micro() != 0 {
		b = append(b, ", "...)
		b = strconv.AppendInt(b, int64(t.Second()), 10)
	}
	if dt.micro() != 0 {
		b = append(b, ", "...)
		b = strconv.AppendInt(b, int64(dt.micro()), 10)
	}
	b = append(b, ", tzinfo="...)
	b = append(b, dt.tzRepr()...)
	return append(b, ')')
}

// parts splits a timedelta into Python's normalised days, seconds and
// microseconds.
func (ts timeSpan) parts() (days, secs, us int64) {
	v := int64(ts)
	days = v / usPerDay
	rem := v % usPerDay
	if rem < 0 {
		rem += usPerDay
		days--
	}
	return days, rem / usPerSec, rem % usPerSec
}

// String is str(timedelta).
func (ts timeSpan) String() string {
	d, s, us := ts.parts()
	var b strings.Builder
	if d != 0 {
		b.WriteString(strconv.FormatInt(d, 10))
		if d == 1 || d == -1 {
			b.WriteString(" day, ")
		} else {
			b.WriteString(" days, ")
		}
	}
	b.WriteString(strconv.FormatInt(s/3600, 10))
	b.WriteString(":" + pad2(int(s/60%60)) + ":" + pad2(int(s%60)))
	if us != 0 {
		b.Write(appendPad([]byte{'.'}, us, 6))
	}
	return b.String()
}

func (ts timeSpan) appendRepr(b []byte) []byte {
	d, s, us := ts.parts()
	b = append(b, "datetime.timedelta("...)
	first := true
	add := func(name string, v int64) {
		if v == 0 {
			return
		}
		if !first {
			b = append(b, ", "...)
		}
		first = false
		b = append(b, name...)
		b = append(b, '=')
		b = strconv.AppendInt(b, v, 10)
	}
	add("days", d)
	add("seconds", s)
	add("microseconds", us)
	if first {
		b = append(b, '0')
	}
	return append(b, ')')
}

// spanFromMicros builds a timedelta from a (possibly fractional) number
// of microseconds, rounding half to even as Python does.
func spanFromMicros(us float64) (timeSpan, error) {
	r := roundHalfEven(us)
	if r > float64(maxDays+1)*usPerDay || r < -float64(maxDays+1)*usPerDay {
		return 0, pyErr("OverflowError", "Python int too large to convert to C int")
	}
	ts := timeSpan(int64(r))
	if d, _, _ := ts.parts(); d > maxDays || d < -maxDays {
		return 0, pyErr("OverflowError", "days="+strconv.FormatInt(d, 10)+"; must have magnitude <= 999999999")
	}
	return ts, nil
}

func roundHalfEven(f float64) float64 {
	t := float64(int64(f))
	diff := f - t
	switch {
	case diff > 0.5 || diff == 0.5 && int64(t)%2 != 0:
		return t + 1
	case diff < -0.5 || diff == -0.5 && int64(t)%2 != 0:
		return t - 1
	}
	return t
}
