package cron

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
)

// Field positions in a pattern.
const (
	fMinute = iota
	fHour
	fDom
	fMonth
	fDow
	fSecond
)

// bounds are the value ranges of each field, as croniter checks them
// (the day of week admits 7).
var bounds = [6][2]int{{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}, {0, 59}}

// allCount is how many distinct values make a field mean "every value".
var allCount = [6]int{60, 24, 31, 12, 7, 60}

var aliases = map[string]string{
	"@midnight": "0 0 * * *",
	"@hourly":   "0 * * * *",
	"@daily":    "0 0 * * *",
	"@weekly":   "0 0 * * 0",
	"@monthly":  "0 0 1 * *",
	"@yearly":   "0 0 1 1 *",
	"@annually": "0 0 1 1 *",
}

var monthNames = map[string]int{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
	"jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}

var dayNames = map[string]int{"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6}

// lastDay stands for "l" (the last day of the month) in a day-of-month
// set.
const lastDay = 63

// Schedule is a parsed pattern. It is immutable and safe for concurrent
// use.
type Schedule struct {
	expr    string
	seconds bool // six fields
	// sets are bit sets of the allowed values of each field; star marks
	// the fields croniter reads as "*" (unrestricted).
	sets [6]uint64
	star [6]bool
	// nth maps a weekday to the bit set of its wanted occurrences in the
	// month (bit n for "#n", bit 6 for the last one).
	nth    [7]uint8
	hasNth bool
}

// String returns the pattern as it was given.
func (s *Schedule) String() string { return s.expr }

// ErrInvalid is wrapped by every Parse error.
var ErrInvalid = errors.New("invalid cron pattern")

func bad(expr, why string) error { return fmt.Errorf("%w [%s]: %s", ErrInvalid, expr, why) }

// Parse reads a pattern; an error wraps ErrInvalid.
func Parse(expr string) (*Schedule, error) {
	efl := strings.ToLower(expr)
	if a, ok := aliases[efl]; ok {
		efl = a
	}
	fields := strings.Fields(efl)
	if len(fields) != 5 && len(fields) != 6 {
		return nil, bad(expr, "exactly 5 or 6 columns has to be specified")
	}
	s := &Schedule{expr: expr, seconds: len(fields) == 6}
	for i, f := range fields {
		f, err := expandRandom(expr, i, f)
		if err != nil {
			return nil, err
		}
		if err := s.parseField(expr, i, len(fields), f); err != nil {
			return nil, err
		}
	}
	if s.hasNth && popcount(s.sets[fDow]) != allCount[fDow] {
		for d := 0; d < 8; d++ {
			if s.sets[fDow]&(1<<d) != 0 && (d == 7 || s.nth[d] == 0) {
				return nil, bad(expr, "day-of-week field does not support mixing literal values and nth day of week syntax")
			}
		}
	}
	if !s.seconds {
		s.sets[fSecond], s.star[fSecond] = 1, false
	}
	return s, nil
}

// expandRandom replaces croniter's random forms "r", "r(a-b)", "r/n" and
// "r(a-b)/n" by the values they stand for; the hashed forms ("h…") need
// an id Mistral never gives, so they are errors.
func expandRandom(expr string, i int, f string) (string, error) {
	if f == "" || (f[0] != 'h' && f[0] != 'r') {
		return f, nil
	}
	rest := f[1:]
	lo, hi, div := -1, -1, -1
	if strings.HasPrefix(rest, "(") {
		end := strings.IndexByte(rest, ')')
		if end < 0 {
			return f, nil
		}
		a, b, ok := strings.Cut(rest[1:end], "-")
		if !ok || !digits(a) || !digits(b) {
			return f, nil
		}
		lo, hi = atoi(a), atoi(b)
		rest = rest[end+1:]
	}
	if strings.HasPrefix(rest, "/") {
		if !digits(rest[1:]) {
			return f, nil
		}
		div = atoi(rest[1:])
		rest = ""
	}
	if rest != "" {
		return f, nil
	}
	if f[0] == 'h' {
		return "", bad(expr, "hashed definitions must include hash_id")
	}
	pick := func(begin, end int) int {
		if end-begin+1 <= 0 {
			return begin
		}
		return rand.IntN(end-begin+1) + begin
	}
	min, max := bounds[i][0], bounds[i][1]
	switch {
	case lo >= 0 && div >= 0:
		if div == 0 {
			return "", bad(expr, "bad expression "+f)
		}
		return fmt.Sprintf("%d-%d/%d", pick(min, div)+lo, hi, div), nil
	case lo >= 0:
		return strconv.Itoa(pick(lo, hi)), nil
	case div >= 0:
		if div == 0 {
			return "", bad(expr, "bad expression "+f)
		}
		return fmt.Sprintf("%d-%d/%d", pick(min, div), max, div), nil
	}
	return strconv.Itoa(pick(min, max)), nil
}

// item is one value of a field list waiting to be read: text, or a value
// a range produced.
type item struct {
	text  string
	num   int
	isNum bool
}

// parseField reads field i of an n-field pattern.
func (s *Schedule) parseField(expr string, i, n int, f string) error {
	var set uint64
	star := false
	todo := []item{}
	for _, p := range strings.Split(f, ",") {
		todo = append(todo, item{text: p})
	}
	for len(todo) > 0 {
		it := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		nth := 0 // 1..5, or 6 for "last"
		e := it.text
		if it.isNum {
			e = strconv.Itoa(it.num)
		}
		if i == fDow && !it.isNum {
			var err error
			if e, nth, err = weekdaySpecial(expr, e); err != nil {
				return err
			}
		}
		t := e
		if strings.HasPrefix(e, "*/") {
			t = fmt.Sprintf("%d-%d%s", bounds[i][0], bounds[i][1], e[1:])
		}
		lowS, highS, step, ok := splitRange(t)
		if !ok {
			if a, b, cut := lastCut(e, '/'); cut && a != "" && b != "" {
				t = fmt.Sprintf("%s-%d/%s", a, bounds[i][1], b)
				lowS, highS, step, ok = splitRange(t)
			}
		}
		if ok {
			if i == fDom && highS == "l" {
				highS = "31"
			}
			low, err := s.rangeEnd(expr, i, lowS, n)
			if err != nil {
				return err
			}
			high, err := s.rangeEnd(expr, i, highS, n)
			if err != nil {
				return err
			}
			if low > high {
				if i == fDow && high == 0 {
					high = 7
				} else {
					return bad(expr, "not acceptable")
				}
			}
			if max(low, high) > bounds[i][1] {
				return bad(expr, "out of bands")
			}
			if step == 0 {
				return bad(expr, "invalid range: step must not be zero")
			}
			for v := low; v <= high; v += step {
				if i == fDow && nth > 0 && nth < 6 {
					todo = append(todo, item{text: fmt.Sprintf("%d#%d", v, nth)})
				} else {
					todo = append(todo, item{num: v, isNum: true})
				}
			}
			continue
		}
		if strings.HasPrefix(t, "-") {
			return bad(expr, "negative numbers not allowed")
		}
		if t == "*" {
			star = true
			continue
		}
		var v int
		switch {
		case digits(t):
			v = atoi(t)
		case i == fDom && t == "l":
			v = lastDay
		default:
			var known bool
			if v, known = alpha(i, t); !known {
				return bad(expr, "not acceptable")
			}
		}
		if v != lastDay {
			// croniter's low map: a day of month or month 0 is 1 only in
			// six-field patterns, a weekday 7 is 0 only in five-field ones.
			if i == fDom && v == 0 && n == 6 {
				v = 1
			}
			if i == fDow && v == 7 && n == 5 {
				v = 0
			}
			if v < bounds[i][0] || v > bounds[i][1] {
				return bad(expr, "out of range")
			}
		}
		set |= 1 << v
		if i == fDow && nth > 0 {
			s.nth[v] |= 1 << nth
			s.hasNth = true
		}
	}
	if star || popcount(set) == allCount[i] {
		star = true
	}
	s.sets[i], s.star[i] = set, star
	return nil
}

// weekdaySpecial reads "d#n" and "ld" in a day-of-week item: the weekday
// text and the occurrence (0 for none, 6 for the last one). Like
// croniter's pattern, "d#n" only needs to start the item.
func weekdaySpecial(expr, e string) (string, int, error) {
	w := 0
	for w < len(e) && isWord(e[w]) {
		w++
	}
	if w > 0 && w < len(e) && e[w] == '#' {
		d := w + 1
		for d < len(e) && e[d] >= '0' && e[d] <= '9' {
			d++
		}
		if d > w+1 {
			n, err := strconv.Atoi(e[w+1 : d])
			if err != nil || n < 1 || n > 5 {
				return "", 0, bad(expr, "invalid day_of_week value: '"+e+"'")
			}
			return e[:w], n, nil
		}
	}
	if len(e) > 1 && e[0] == 'l' && digits(e[1:]) {
		return e[1:], 6, nil
	}
	return e, 0, nil
}

// rangeEnd reads one end of a range: a number or a name ("l" is only
// kept for the day of month, where it cannot be a number).
func (s *Schedule) rangeEnd(expr string, i int, t string, n int) (int, error) {
	if digits(t) {
		return atoi(t), nil
	}
	if v, ok := alpha(i, t); ok {
		return v, nil
	}
	return 0, bad(expr, "not acceptable")
}

// alpha converts a name of field i.
func alpha(i int, t string) (int, bool) {
	switch i {
	case fMonth:
		v, ok := monthNames[t]
		return v, ok
	case fDow:
		v, ok := dayNames[t]
		return v, ok
	}
	return 0, false
}

// splitRange matches croniter's "low-high[/step]" (low without '-',
// high without '-' and '/', step digits).
func splitRange(t string) (low, high string, step int, ok bool) {
	dash := strings.IndexByte(t, '-')
	if dash <= 0 {
		return "", "", 0, false
	}
	low, rest := t[:dash], t[dash+1:]
	high, stepS, hasStep := strings.Cut(rest, "/")
	if high == "" || strings.ContainsAny(high, "-") {
		return "", "", 0, false
	}
	step = 1
	if hasStep {
		if !digits(stepS) {
			return "", "", 0, false
		}
		step = atoi(stepS)
	}
	return low, high, step, true
}

// lastCut splits s around its last sep (a greedy "(.+)/(.+)").
func lastCut(s string, sep byte) (string, string, bool) {
	i := strings.LastIndexByte(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+1:], true
}

func isWord(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// atoi reads a string of digits; values too large for any field are
// capped (they are out of range either way).
func atoi(s string) int {
	s = strings.TrimLeft(s, "0")
	if len(s) > 9 {
		return 1 << 30
	}
	v, _ := strconv.Atoi(s)
	return v
}

func popcount(x uint64) int {
	n := 0
	for ; x != 0; x &= x - 1 {
		n++
	}
	return n
}
