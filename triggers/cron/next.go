package cron

import (
	"errors"
	"math/bits"
	"time"
)

// ErrNoNext is returned by Next when the pattern matches no time within
// the search horizon (croniter's "failed to find next date").
var ErrNoNext = errors.New("failed to find next date")

// horizonYears bounds the search, as croniter's
// max_years_between_matches does.
const horizonYears = 50

// Next returns the first time strictly after t (in whole minutes for a
// five-field pattern, whole seconds for a six-field one) that the
// pattern matches, in UTC.
func (s *Schedule) Next(t time.Time) (time.Time, error) {
	t = t.UTC()
	var start time.Time
	if s.seconds {
		start = t.Truncate(time.Second).Add(time.Second)
	} else {
		start = t.Truncate(time.Minute).Add(time.Minute)
	}
	if s.orDays() {
		// croniter searches with each day condition alone and keeps the
		// earlier answer; both searches must succeed.
		a, err := s.search(start, s.domMatch, s.hasNth)
		if err != nil {
			return time.Time{}, err
		}
		b, err := s.search(start, func(time.Time, int) bool { return true }, true)
		if err != nil {
			return time.Time{}, err
		}
		if b.Before(a) {
			return b, nil
		}
		return a, nil
	}
	return s.search(start, s.domMatch, true)
}

// Matches reports whether the pattern matches t (to the second; a
// five-field pattern matches second 0 only).
func (s *Schedule) Matches(t time.Time) bool {
	t = t.UTC()
	if !s.timeMatch(t.Hour(), t.Minute(), t.Second()) || !s.has(fMonth, int(t.Month())) {
		return false
	}
	last := daysIn(t.Year(), t.Month())
	if s.orDays() {
		return s.domMatch(t, last) && (!s.hasNth || s.dowMatch(t, last)) || s.dowMatch(t, last)
	}
	return s.domMatch(t, last) && s.dowMatch(t, last)
}

// orDays reports whether both day fields are restricted: a day then
// matches either (croniter's day_or).
func (s *Schedule) orDays() bool { return !s.star[fDom] && !s.star[fDow] }

func (s *Schedule) has(f, v int) bool { return s.star[f] || s.sets[f]&(1<<v) != 0 }

func (s *Schedule) timeMatch(h, m, sec int) bool {
	return s.has(fHour, h) && s.has(fMinute, m) && s.secondSet()&(1<<sec) != 0
}

// domMatch tests the day of month of d (last is the month's length).
func (s *Schedule) domMatch(d time.Time, last int) bool {
	if s.star[fDom] {
		return true
	}
	day := d.Day()
	return s.sets[fDom]&(1<<day) != 0 || s.sets[fDom]&(1<<lastDay) != 0 && day == last
}

// dowMatch tests the day of week of d: the n-th occurrences when the
// pattern names some ("d#n", "ld"), else the plain weekday set.
func (s *Schedule) dowMatch(d time.Time, last int) bool {
	wd := int(d.Weekday())
	if s.hasNth {
		want := s.nth[wd]
		if want == 0 {
			return false
		}
		occ := (d.Day()-1)/7 + 1
		if want&(1<<occ) != 0 {
			return true
		}
		return want&(1<<6) != 0 && d.Day()+7 > last
	}
	return s.has(fDow, wd)
}

// search finds the first time at or after start whose day passes the
// month test, dom(day) and, when withDow, the day-of-week test, and
// whose time of day matches.
func (s *Schedule) search(start time.Time, dom func(time.Time, int) bool, withDow bool) (time.Time, error) {
	limit := start.Year() + horizonYears
	day := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, time.UTC)
	first := true
	for day.Year() <= limit {
		if !s.has(fMonth, int(day.Month())) {
			day = time.Date(day.Year(), day.Month()+1, 1, 0, 0, 0, 0, time.UTC)
			first = false
			continue
		}
		last := daysIn(day.Year(), day.Month())
		if dom(day, last) && (!withDow || s.dowMatch(day, last)) {
			from := 0
			if first {
				from = start.Hour()*3600 + start.Minute()*60 + start.Second()
			}
			if sec, ok := s.firstTime(from); ok {
				return day.Add(time.Duration(sec) * time.Second), nil
			}
		}
		day = day.AddDate(0, 0, 1)
		first = false
	}
	return time.Time{}, ErrNoNext
}

// firstTime returns the first second of the day at or after from (in
// seconds since midnight) that matches the hour, minute and second
// fields.
func (s *Schedule) firstTime(from int) (int, bool) {
	h, m, sec := from/3600, from/60%60, from%60
	for ; h < 24; h, m, sec = h+1, 0, 0 {
		if !s.has(fHour, h) {
			continue
		}
		for ; m < 60; m, sec = m+1, 0 {
			if !s.has(fMinute, m) {
				continue
			}
			if x, ok := nextBit(s.secondSet(), sec, 59); ok {
				return h*3600 + m*60 + x, true
			}
		}
	}
	return 0, false
}

// secondSet is the set of matching seconds (only 0 for five fields).
func (s *Schedule) secondSet() uint64 {
	if s.star[fSecond] {
		return 1<<60 - 1
	}
	return s.sets[fSecond]
}

// nextBit returns the lowest set bit of set at or above from, if it is
// at most max.
func nextBit(set uint64, from, max int) (int, bool) {
	rest := set >> from << from
	if rest == 0 {
		return 0, false
	}
	b := bits.TrailingZeros64(rest)
	return b, b <= max
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
