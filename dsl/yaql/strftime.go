package yaql

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

var (
	dayNames   = [...]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
	monthNames = [...]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
)

// strftime is datetime.strftime with the C (glibc) directives.
func (dt dateTime) strftime(f string) (string, error) {
	t := dt.t
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		c := f[i]
		if c != '%' || i+1 >= len(f) {
			b.WriteByte(c)
			continue
		}
		i++
		d := f[i]
		pad := byte('0')
		if d == '-' && i+1 < len(f) {
			pad = 0
			i++
			d = f[i]
		}
		num := func(n, w int) {
			s := strconv.Itoa(n)
			for len(s) < w && pad != 0 {
				s = string(pad) + s
			}
			b.WriteString(s)
		}
		switch d {
		case 'a':
			b.WriteString(dayNames[t.Weekday()][:3])
		case 'A':
			b.WriteString(dayNames[t.Weekday()])
		case 'w':
			num(int(t.Weekday()), 1)
		case 'u':
			w := int(t.Weekday())
			if w == 0 {
				w = 7
			}
			num(w, 1)
		case 'd':
			num(t.Day(), 2)
		case 'e':
			s := strconv.Itoa(t.Day())
			if len(s) < 2 {
				s = " " + s
			}
			b.WriteString(s)
		case 'b', 'h':
			b.WriteString(monthNames[t.Month()-1][:3])
		case 'B':
			b.WriteString(monthNames[t.Month()-1])
		case 'm':
			num(int(t.Month()), 2)
		case 'y':
			num(t.Year()%100, 2)
		case 'Y':
			num(t.Year(), 1)
		case 'C':
			num(t.Year()/100, 2)
		case 'G':
			y, _ := t.ISOWeek()
			num(y, 1)
		case 'g':
			y, _ := t.ISOWeek()
			num(y%100, 2)
		case 'V':
			_, w := t.ISOWeek()
			num(w, 2)
		case 'H':
			num(t.Hour(), 2)
		case 'k':
			s := strconv.Itoa(t.Hour())
			if len(s) < 2 {
				s = " " + s
			}
			b.WriteString(s)
		case 'I':
			h := t.Hour() % 12
			if h == 0 {
				h = 12
			}
			num(h, 2)
		case 'l':
			h := t.Hour() % 12
			if h == 0 {
				h = 12
			}
			s := strconv.Itoa(h)
			if len(s) < 2 {
				s = " " + s
			}
			b.WriteString(s)
		case 'p':
			if t.Hour() < 12 {
				b.WriteString("AM")
			} else {
				b.WriteString("PM")
			}
		case 'P':
			if t.Hour() < 12 {
				b.WriteString("am")
			} else {
				b.WriteString("pm")
			}
		case 'M':
			num(t.Minute(), 2)
		case 'S':
			num(t.Second(), 2)
		case 'f':
			b.Write(appendPad(nil, int64(dt.micro()), 6))
		case 'z':
			b.WriteString(offsetText(dt.offset, false))
		case 'Z':
			if dt.utc {
				b.WriteString("UTC")
			}
		case 'j':
			num(t.YearDay(), 3)
		case 'U':
			num((t.YearDay()+6-int(t.Weekday()))/7, 2)
		case 'W':
			num((t.YearDay()+6-(int(t.Weekday())+6)%7)/7, 2)
		case 'c':
			b.WriteString(t.Format("Mon Jan _2 15:04:05 2006"))
		case 'x', 'D':
			b.WriteString(t.Format("01/02/06"))
		case 'X', 'T':
			b.WriteString(t.Format("15:04:05"))
		case 'F':
			b.WriteString(t.Format("2006-01-02"))
		case 'R':
			b.WriteString(t.Format("15:04"))
		case 'r':
			b.WriteString(t.Format("03:04:05 PM"))
		case 's':
			b.WriteString(strconv.FormatInt(t.Unix(), 10))
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case '%':
			b.WriteByte('%')
		default:
			b.WriteByte('%')
			b.WriteByte(d)
		}
	}
	return b.String(), nil
}

// strptimeDirectives are the patterns Python's _strptime uses (C locale).
var strptimeDirectives = map[byte]string{
	'd': `(?P<d>3[0-1]|[1-2]\d|0[1-9]|[1-9]| [1-9])`,
	'f': `(?P<f>[0-9]{1,6})`,
	'H': `(?P<H>2[0-3]|[0-1]\d|\d)`,
	'I': `(?P<I>1[0-2]|0[1-9]|[1-9])`,
	'G': `(?P<G>\d\d\d\d)`,
	'j': `(?P<j>36[0-6]|3[0-5]\d|[1-2]\d\d|0[1-9]\d|00[1-9]|[1-9]\d|0[1-9]|[1-9])`,
	'm': `(?P<m>1[0-2]|0[1-9]|[1-9])`,
	'M': `(?P<M>[0-5]\d|\d)`,
	'S': `(?P<S>6[0-1]|[0-5]\d|\d)`,
	'U': `(?P<U>5[0-3]|[0-4]\d|\d)`,
	'W': `(?P<W>5[0-3]|[0-4]\d|\d)`,
	'w': `(?P<w>[0-6])`,
	'u': `(?P<u>[1-7])`,
	'V': `(?P<V>5[0-3]|0[1-9]|[1-4]\d|\d)`,
	'y': `(?P<y>\d\d)`,
	'Y': `(?P<Y>\d\d\d\d)`,
	'z': `(?P<z>[+-]\d\d:?[0-5]\d(?::?[0-5]\d(?:\.\d{1,6})?)?|(?-i:Z))`,
	'a': `(?P<a>monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)`,
	'A': `(?P<A>monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)`,
	'b': `(?P<b>january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)`,
	'B': `(?P<B>january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)`,
	'p': `(?P<p>am|pm)`,
	'Z': `(?P<Z>utc|gmt)`,
	'%': `%`,
}

// strptime is datetime.strptime(s, f), matching the format as a regular
// expression the way Python's _strptime does. Without %z the result is
// UTC.
func strptime(s, f string) (dateTime, error) {
	var b strings.Builder
	b.WriteString("(?i)^")
	seen := map[byte]bool{}
	for i := 0; i < len(f); i++ {
		c := f[i]
		switch {
		case c == '%' && i+1 < len(f):
			i++
			d := f[i]
			switch d {
			case 'c':
				f = f[:i-1] + "%a %b %d %H:%M:%S %Y" + f[i+1:]
				i -= 2
				continue
			case 'x':
				f = f[:i-1] + "%m/%d/%y" + f[i+1:]
				i -= 2
				continue
			case 'X':
				f = f[:i-1] + "%H:%M:%S" + f[i+1:]
				i -= 2
				continue
			}
			pat, ok := strptimeDirectives[d]
			if !ok {
				return dateTime{}, errValue("'" + string(d) + "' is a bad directive in format " + pyRepr(f))
			}
			if seen[d] && d != '%' {
				pat = "(?:" + pat[strings.IndexByte(pat, '>')+1:]
			} else if d == 'A' && seen['a'] || d == 'a' && seen['A'] || d == 'B' && seen['b'] || d == 'b' && seen['B'] {
				pat = "(?:" + pat[strings.IndexByte(pat, '>')+1:]
			}
			seen[d] = true
			b.WriteString(pat)
		case c == '%':
			return dateTime{}, errValue("stray % in format " + pyRepr(f))
		case c == ' ' || c == '\t' || c == '\n':
			for i+1 < len(f) && (f[i+1] == ' ' || f[i+1] == '\t' || f[i+1] == '\n') {
				i++
			}
			b.WriteString(`\s+`)
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	re, err := regexp.Compile(b.String())
	if err != nil {
		return dateTime{}, errValue("time data " + pyRepr(s) + " does not match format " + pyRepr(f))
	}
	m := re.FindStringSubmatchIndex(s)
	if m == nil {
		return dateTime{}, errValue("time data " + pyRepr(s) + " does not match format " + pyRepr(f))
	}
	if m[1] != len(s) {
		return dateTime{}, errValue("unconverted data remains: " + s[m[1]:])
	}
	get := func(name string) (string, bool) {
		k := re.SubexpIndex(name)
		if k < 0 || m[2*k] < 0 {
			return "", false
		}
		return s[m[2*k]:m[2*k+1]], true
	}
	num := func(name string) (int64, bool) {
		v, ok := get(name)
		if !ok {
			return 0, false
		}
		n, _ := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		return n, true
	}
	y, mo, d, h, mi, sec, us := int64(1900), int64(1), int64(1), int64(0), int64(0), int64(0), int64(0)
	if v, ok := num("Y"); ok {
		y = v
	} else if v, ok := num("y"); ok {
		if v < 69 {
			y = 2000 + v
		} else {
			y = 1900 + v
		}
	}
	if v, ok := num("m"); ok {
		mo = v
	} else if v, ok := get("B"); ok {
		mo = monthIndex(v)
	} else if v, ok := get("b"); ok {
		mo = monthIndex(v)
	}
	if v, ok := num("d"); ok {
		d = v
	}
	if v, ok := num("H"); ok {
		h = v
	} else if v, ok := num("I"); ok {
		h = v % 12
		if p, ok := get("p"); ok && strings.EqualFold(p, "pm") {
			h += 12
		}
	}
	if v, ok := num("M"); ok {
		mi = v
	}
	if v, ok := num("S"); ok {
		sec = v
		if sec > 59 {
			sec = 59
		}
	}
	if v, ok := get("f"); ok {
		for len(v) < 6 {
			v += "0"
		}
		us, _ = strconv.ParseInt(v, 10, 64)
	}
	offset, utc := 0, true
	if z, ok := get("z"); ok && !strings.EqualFold(z, "z") {
		sign := 1
		if z[0] == '-' {
			sign = -1
		}
		z = strings.ReplaceAll(z[1:], ":", "")
		hh, _ := strconv.Atoi(z[0:2])
		mm, _ := strconv.Atoi(z[2:4])
		ss := 0
		if len(z) >= 6 {
			ss, _ = strconv.Atoi(z[4:6])
		}
		offset = sign * (hh*3600 + mm*60 + ss)
		utc = offset == 0
	}
	if v, ok := num("j"); ok {
		t := time.Date(int(y), 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(v-1))
		mo, d = int64(t.Month()), int64(t.Day())
	}
	return newDateTime(y, mo, d, h, mi, sec, us, offset, utc)
}

func monthIndex(name string) int64 {
	for k, n := range monthNames {
		if strings.EqualFold(n, name) || strings.EqualFold(n[:3], name) {
			return int64(k + 1)
		}
	}
	return 1
}

// isoDate matches the ISO 8601 forms dateutil's parser reads.
var isoDate = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$`)

// parseDateText is a small dateutil.parser.parse: ISO 8601 dates and
// times and common "Mon D YYYY" forms. Without a zone it is UTC.
func parseDateText(s string) (dateTime, error) {
	orig := s
	s = strings.TrimSpace(s)
	if m := isoDate.FindStringSubmatch(s); m != nil {
		n := func(i int) int64 {
			v, _ := strconv.ParseInt(m[i], 10, 64)
			return v
		}
		us := int64(0)
		if m[7] != "" {
			frac := (m[7] + "000000")[:6]
			us, _ = strconv.ParseInt(frac, 10, 64)
		}
		off, utc := 0, true
		if z := m[8]; z != "" && z != "Z" {
			sign := 1
			if z[0] == '-' {
				sign = -1
			}
			z = strings.ReplaceAll(z[1:], ":", "")
			hh, _ := strconv.Atoi(z[:2])
			mm := 0
			if len(z) >= 4 {
				mm, _ = strconv.Atoi(z[2:4])
			}
			off = sign * (hh*3600 + mm*60)
			utc = off == 0
		}
		dt, err := newDateTime(n(1), n(2), n(3), n(4), n(5), n(6), us, off, utc)
		if err != nil {
			return dateTime{}, pyErr("ParserError", err.(*EvalError).Cause+": "+orig)
		}
		return dt, nil
	}
	layouts := []string{
		"2006-01-02T15:04:05.999999999Z07:00", "2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05.999999999Z0700",
		"2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05", "2006-01-02T15:04",
		"2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05.999999999",
		"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02", "20060102T150405", "20060102",
		"Jan 2 2006", "January 2 2006", "Jan 2, 2006", "January 2, 2006", "2 Jan 2006", "2 January 2006",
		"Mon, 02 Jan 2006 15:04:05 MST", "Mon, 02 Jan 2006 15:04:05 -0700", "Mon Jan 2 15:04:05 2006",
		"2006/01/02", "2006/01/02 15:04:05", "01/02/2006", "01/02/2006 15:04:05", "15:04:05", "15:04",
	}
	for _, l := range layouts {
		t, err := time.Parse(l, s)
		if err != nil {
			continue
		}
		if strings.HasPrefix(l, "15:04") {
			now := time.Now().UTC()
			t = time.Date(now.Year(), now.Month(), now.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
		}
		hasZone := strings.Contains(l, "Z07") || strings.Contains(l, "-0700") || strings.Contains(l, "MST")
		_, off := t.Zone()
		if !hasZone {
			off = 0
		}
		us := int64(t.Nanosecond()) / 1000
		return newDateTime(int64(t.Year()), int64(t.Month()), int64(t.Day()), int64(t.Hour()), int64(t.Minute()), int64(t.Second()), us, off, off == 0)
	}
	return dateTime{}, pyErr("ParserError", "Unknown string format: "+orig)
}
