package jinja

import (
	"sort"
	"strings"

	"github.com/mistral-go/mistral-go/value"
)

// pySorted returns items sorted by keys as Python's sorted(…, key=…,
// reverse=…) does: stable, and (for short lists, the common case) making
// the same comparisons in the same order, so a type error names the
// operand types Python names.
func pySorted(items, keys []any, reverse bool) ([]any, error) {
	n := len(items)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	if reverse {
		reverseInts(idx)
	}
	var err error
	lt := func(a, b int) bool {
		if err != nil {
			return false
		}
		c, e := cmp3("<", keys[a], keys[b])
		if e != nil {
			err = e
			return false
		}
		return c == -1
	}
	if n < 64 {
		binarySort(idx, lt)
	} else {
		sort.SliceStable(idx, func(i, j int) bool { return lt(idx[i], idx[j]) })
	}
	if err != nil {
		return nil, err
	}
	if reverse {
		reverseInts(idx)
	}
	out := make([]any, n)
	for i, k := range idx {
		out[i] = items[k]
	}
	return out, nil
}

func reverseInts(a []int) {
	for i, j := 0, len(a)-1; i < j; i, j = i+1, j-1 {
		a[i], a[j] = a[j], a[i]
	}
}

// binarySort is CPython's small-list sort: detect the leading run, then
// binary insertion.
func binarySort(a []int, lt func(a, b int) bool) {
	n := len(a)
	if n < 2 {
		return
	}
	run := 2
	if lt(a[1], a[0]) {
		for run < n && lt(a[run], a[run-1]) {
			run++
		}
		reverseInts(a[:run])
	} else {
		for run < n && !lt(a[run], a[run-1]) {
			run++
		}
	}
	for start := run; start < n; start++ {
		pivot := a[start]
		l, r := 0, start
		for l < r {
			p := l + (r-l)/2
			if lt(pivot, a[p]) {
				r = p
			} else {
				l = p + 1
			}
		}
		copy(a[l+1:start+1], a[l:start])
		a[l] = pivot
	}
}

// pformat is pprint.pformat for values that fit on a line: repr with
// dict keys sorted.
func pformat(v any) string {
	var b strings.Builder
	var rec func(v any)
	rec = func(v any) {
		switch t := v.(type) {
		case *value.Map:
			keys := append([]string(nil), t.Keys()...)
			sort.Strings(keys)
			b.WriteByte('{')
			for i, k := range keys {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString(value.Repr(k))
				b.WriteString(": ")
				x, _ := t.Get(k)
				rec(x)
			}
			b.WriteByte('}')
		case []any:
			b.WriteByte('[')
			for i, x := range t {
				if i > 0 {
					b.WriteString(", ")
				}
				rec(x)
			}
			b.WriteByte(']')
		default:
			b.WriteString(repr(v))
		}
	}
	rec(v)
	return b.String()
}
