// Package cron reads cron patterns as Mistral's cron triggers do (Python
// croniter 1.3, which Mistral 15 calls) and computes their next
// occurrence.
//
// A pattern has five fields (minute, hour, day of month, month, day of
// week) or six (a sixth field of seconds). Each field is a comma list of
// values, names (jan…dec, sun…sat), ranges "a-b", steps "a-b/n", "*/n"
// and "a/n"; the day of month accepts "l" (its last day) and the day of
// week "d#n" (the n-th such weekday of the month) and "ld" (the last
// one). "@hourly", "@daily", "@midnight", "@weekly", "@monthly",
// "@yearly" and "@annually" name common patterns, and "r", "r(a-b)" and
// "r/n" pick a random value each time a pattern is read, as croniter
// does. Everything is case-insensitive and every time is UTC.
//
// Parse accepts and rejects exactly the patterns croniter accepts and
// rejects, keeping its quirks (a day-of-week 7 is Sunday in five-field
// patterns only; a field listing every value counts as "*"; when both
// the day of month and the day of week are restricted a day matches
// either, and the next time is the earlier of the two searches, each of
// which must succeed within 50 years).
//
// One croniter behaviour is not kept, because it is a plain bug: when a
// day-of-month list holds a day past the end of the current month,
// croniter jumps over the first days of the next month ("0 0 1,30 * *"
// from 10 February gives 30 March, not 1 March). Next always returns the
// earliest matching time.
package cron
