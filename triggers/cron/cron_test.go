package cron

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

const layout = "2006-01-02 15:04:05"

type croniterCase struct {
	P      string   `json:"p"`
	Start  string   `json:"start"`
	Valid  bool     `json:"valid"`
	Next   []string `json:"next"`
	NoDate bool     `json:"nodate"`
}

func loadCases(t *testing.T) []croniterCase {
	t.Helper()
	f, err := os.Open("testdata/croniter.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []croniterCase
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var c croniterCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	if len(out) < 1000 {
		t.Fatalf("only %d cases", len(out))
	}
	return out
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(layout, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestCroniterCorpus replays what croniter answered: the same patterns
// are accepted and rejected, and the next times agree, except where
// croniter skips a valid time (its day-of-month jump bug): there ours is
// earlier, and both times match the pattern.
func TestCroniterCorpus(t *testing.T) {
	skipped := 0
	for _, c := range loadCases(t) {
		s, err := Parse(c.P)
		if (err == nil) != c.Valid {
			t.Errorf("Parse(%q): err=%v, croniter valid=%v", c.P, err, c.Valid)
			continue
		}
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("Parse(%q): %v does not wrap ErrInvalid", c.P, err)
			}
			continue
		}
		cur := mustTime(t, c.Start)
		for i, want := range c.Next {
			got, err := s.Next(cur)
			if err != nil {
				t.Errorf("%q after %s (#%d): %v, croniter %s", c.P, cur, i, err, want)
				break
			}
			w := mustTime(t, want)
			if !got.Equal(w) {
				if got.Before(w) && s.Matches(got) && s.Matches(w) {
					skipped++
					break
				}
				t.Errorf("%q after %s (#%d): got %s, croniter %s", c.P, cur.Format(layout), i, got.Format(layout), want)
				break
			}
			if !s.Matches(got) {
				t.Errorf("%q: Next gave %s, which Matches rejects", c.P, got)
			}
			cur = got
		}
		if c.NoDate && len(c.Next) < 5 {
			if got, err := s.Next(cur); err == nil && len(c.Next) > 0 && !s.Matches(got) {
				t.Errorf("%q after %s: got %s, croniter found none", c.P, cur, got)
			} else if err == nil && len(c.Next) == 0 {
				t.Errorf("%q after %s: got %s, croniter found none", c.P, cur, got)
			}
		}
	}
	if skipped == 0 {
		t.Error("no case of croniter's skipped days: the corpus lost its bug cases")
	}
	t.Logf("%d cases where croniter skips a valid time", skipped)
}

func TestNext(t *testing.T) {
	cases := []struct{ p, from, want string }{
		// Strictly after, in whole minutes.
		{"* * * * *", "2026-11-23 18:02:00", "2026-11-23 18:03:00"},
		{"* * * * *", "2026-11-23 18:02:59", "2026-11-23 18:03:00"},
		{"0 0 1 1 *", "2026-11-23 18:02:48", "2027-01-01 00:00:00"},
		// croniter would say 2026-03-30: it jumps over 1 March.
		{"0 0 1,30 * *", "2026-02-10 00:00:00", "2026-03-01 00:00:00"},
		{"0 0 29 2 *", "2026-01-01 00:00:00", "2028-02-29 00:00:00"},
		{"0 0 * * 5#2", "2026-01-01 00:00:00", "2026-01-09 00:00:00"},
		{"0 0 * * l5", "2026-01-01 00:00:00", "2026-01-30 00:00:00"},
		{"0 0 L * *", "2026-02-01 00:00:00", "2026-02-28 00:00:00"},
		{"*/15 * * * * 30", "2026-01-01 00:00:30", "2026-01-01 00:15:30"},
		// Either day condition, when both are restricted.
		{"0 0 1 * 1", "2026-01-20 00:00:00", "2026-01-26 00:00:00"},
		{"0 0 1 * 1", "2026-01-27 00:00:00", "2026-02-01 00:00:00"},
	}
	for _, c := range cases {
		s, err := Parse(c.p)
		if err != nil {
			t.Fatalf("Parse(%q): %v", c.p, err)
		}
		got, err := s.Next(mustTime(t, c.from))
		if err != nil || got.Format(layout) != c.want {
			t.Errorf("Next(%q, %s) = %s, %v; want %s", c.p, c.from, got.Format(layout), err, c.want)
		}
	}
}

func TestNoNext(t *testing.T) {
	for _, p := range []string{"0 0 30 2 0", "0 0 31 4 *", "0 0 15 * 5#2", "0 0 * * 7 0"} {
		s, err := Parse(p)
		if err != nil {
			t.Fatalf("Parse(%q): %v", p, err)
		}
		if _, err := s.Next(mustTime(t, "2026-01-01 00:00:00")); !errors.Is(err, ErrNoNext) {
			t.Errorf("Next(%q) = %v, want ErrNoNext", p, err)
		}
	}
}

func TestRandomForms(t *testing.T) {
	for _, p := range []string{"r * * * *", "R(10-20) * * * *", "r/15 * * * *", "0 r(1-5) * * *"} {
		for i := 0; i < 50; i++ {
			s, err := Parse(p)
			if err != nil {
				if p == "r/15 * * * *" || strings.Contains(p, "(") {
					t.Fatalf("Parse(%q): %v", p, err)
				}
				t.Fatalf("Parse(%q): %v", p, err)
			}
			if s.String() != p {
				t.Fatalf("String() = %q", s.String())
			}
		}
	}
	s, _ := Parse("R(10-20) * * * *")
	got, _ := s.Next(mustTime(t, "2026-01-01 00:00:00"))
	if got.Minute() < 10 || got.Minute() > 20 {
		t.Errorf("R(10-20) gave minute %d", got.Minute())
	}
	for _, p := range []string{"h * * * *", "r/0 * * * *", "H(0-5)/2 * * * *"} {
		if _, err := Parse(p); err == nil {
			t.Errorf("Parse(%q) accepted", p)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, p := range []string{"* * * * *", "0 0 * * 5#2", "0 0 l * *", "*/5 1-3/2 * jan-mar mon-fri", "r(1-5)/2 * * * * 3"} {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, p string) {
		s, err := Parse(p)
		if err != nil {
			return
		}
		got, err := s.Next(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		if err == nil && !s.Matches(got) {
			t.Fatalf("%q: Next gave %s which does not match", p, got)
		}
	})
}

func BenchmarkNext(b *testing.B) {
	s, _ := Parse("*/5 9-17 * * mon-fri")
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Next(t0); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("*/5 9-17 1,15,l jan-jun mon-fri"); err != nil {
			b.Fatal(err)
		}
	}
}
