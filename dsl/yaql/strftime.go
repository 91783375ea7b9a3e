package yaql

import (
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

// strptime is datetime.strptime(s, f): a naive result (UTC unless %z).
func strptime(s, f string) (dateTime, error) {
	y, mo, d, h, mi, sec, us := int64(1900), int64(1), int64(1), int64(0), int64(0), int64(0), int64(0)
	offset, hasOff := 0, false
	pm, hasPM := false, false
	yday := int64(-1)
	mismatch := errValue("time data " + pyRepr(s) + " does not match format " + pyRepr(f))
	i := 0
	readNum := func(maxw int) (int64, bool) {
		j := i
		for j < len(s) && j-i < maxw && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == i {
			return 0, false
		}
		n, _ := strconv.ParseInt(s[i:j], 10, 64)
		i = j
		return n, true
	}
	readName := func(names []string, short bool) (int, bool) {
		for k, n := range names {
			if short {
				n = n[:3]
			}
			if len(s)-i >= len(n) && strings.EqualFold(s[i:i+len(n)], n) {
				i += len(n)
				return k, true
			}
		}
		return 0, false
	}
	for k := 0; k < len(f); k++ {
		c := f[k]
		if c == ' ' {
			for i < len(s) && s[i] == ' ' {
				i++
			}
			continue
		}
		if c != '%' || k+1 >= len(f) {
			if i >= len(s) || s[i] != c {
				return dateTime{}, mismatch
			}
			i++
			continue
		}
		k++
		var ok bool
		var n int64
		switch f[k] {
		case 'Y':
			n, ok = readNum(4)
			y = n
		case 'y':
			n, ok = readNum(2)
			if n < 69 {
				y = 2000 + n
			} else {
				y = 1900 + n
			}
		case 'm':
			n, ok = readNum(2)
			mo = n
		case 'd':
			n, ok = readNum(2)
			d = n
		case 'H':
			n, ok = readNum(2)
			h = n
		case 'I':
			n, ok = readNum(2)
			h = n
		case 'M':
			n, ok = readNum(2)
			mi = n
		case 'S':
			n, ok = readNum(2)
			sec = n
		case 'j':
			n, ok = readNum(3)
			yday = n
		case 'f':
			st := i
			n, ok = readNum(6)
			for w := i - st; w < 6; w++ {
				n *= 10
			}
			us = n
		case 'p':
			var k2 int
			k2, ok = readName([]string{"AM", "PM"}, false)
			pm, hasPM = k2 == 1, true
		case 'b', 'h':
			var k2 int
			k2, ok = readName(monthNames[:], true)
			mo = int64(k2 + 1)
		case 'B':
			var k2 int
			k2, ok = readName(monthNames[:], false)
			mo = int64(k2 + 1)
		case 'a':
			_, ok = readName(dayNames[:], true)
		case 'A':
			_, ok = readName(dayNames[:], false)
		case 'z':
			if i < len(s) && (s[i] == 'Z' || s[i] == 'z') {
				i++
				ok, hasOff = true, true
				break
			}
			if i < len(s) && (s[i] == '+' || s[i] == '-') {
				sign := 1
				if s[i] == '-' {
					sign = -1
				}
				i++
				hh, ok1 := readNum(2)
				if i < len(s) && s[i] == ':' {
					i++
				}
				mm, ok2 := readNum(2)
				ok, hasOff = ok1 && ok2, true
				offset = sign * int(hh*3600+mm*60)
			}
		case '%':
			ok = i < len(s) && s[i] == '%'
			i++
		default:
			return dateTime{}, errValue("'" + string(f[k]) + "' is a bad directive in format " + pyRepr(f))
		}
		if !ok {
			return dateTime{}, mismatch
		}
	}
	if i < len(s) {
		return dateTime{}, errValue("unconverted data remains: " + s[i:])
	}
	if hasPM {
		if h > 12 || h < 1 {
			return dateTime{}, mismatch
		}
		h %= 12
		if pm {
			h += 12
		}
	}
	if yday > 0 {
		t := time.Date(int(y), 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(yday-1))
		mo, d = int64(t.Month()), int64(t.Day())
	}
	dt, err := newDateTime(y, mo, d, h, mi, sec, us, offset, !hasOff || offset == 0)
	if err != nil {
		return dateTime{}, mismatch
	}
	return dt, nil
}

// parseDateText is a small dateutil.parser.parse: ISO 8601 dates and
// times and common "Mon D YYYY" forms. Without a zone it is UTC.
func parseDateText(s string) (dateTime, error) {
	orig := s
	s = strings.TrimSpace(s)
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
