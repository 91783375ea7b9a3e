package yaql

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Python str methods, with positions counted in characters.

func runeLen(s string) int { return utf8.RuneCountInString(s) }

// pySplit is str.split(sep, maxsplit); sep nil splits on whitespace runs.
func pySplit(s string, sep *string, max int64) ([]string, error) {
	if sep == nil {
		var out []string
		i := 0
		rs := []rune(s)
		n := len(rs)
		for {
			for i < n && isPySpace(rs[i]) {
				i++
			}
			if i >= n {
				return out, nil
			}
			if max >= 0 && int64(len(out)) >= max {
				return append(out, string(rs[i:])), nil
			}
			j := i
			for j < n && !isPySpace(rs[j]) {
				j++
			}
			out = append(out, string(rs[i:j]))
			i = j
		}
	}
	if *sep == "" {
		return nil, errValue("empty separator")
	}
	n := -1
	if max >= 0 {
		n = int(min(max, 1<<30)) + 1
	}
	return strings.SplitN(s, *sep, n), nil
}

// pyRSplit is str.rsplit(sep, maxsplit).
func pyRSplit(s string, sep *string, max int64) ([]string, error) {
	if max < 0 {
		return pySplit(s, sep, max)
	}
	if sep == nil {
		rs := []rune(s)
		var out []string
		j := len(rs)
		for {
			for j > 0 && isPySpace(rs[j-1]) {
				j--
			}
			if j <= 0 {
				break
			}
			if int64(len(out)) >= max {
				out = append(out, string(rs[:j]))
				break
			}
			i := j
			for i > 0 && !isPySpace(rs[i-1]) {
				i--
			}
			out = append(out, string(rs[i:j]))
			j = i
		}
		reverseStrings(out)
		return out, nil
	}
	if *sep == "" {
		return nil, errValue("empty separator")
	}
	var out []string
	rest := s
	for int64(len(out)) < max {
		k := strings.LastIndex(rest, *sep)
		if k < 0 {
			break
		}
		out = append(out, rest[k+len(*sep):])
		rest = rest[:k]
	}
	out = append(out, rest)
	reverseStrings(out)
	return out, nil
}

func reverseStrings(s []string) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}

// pyStrip is str.strip/lstrip/rstrip(chars).
func pyStrip(s string, chars *string, left, right bool) string {
	cut := isPySpace
	if chars != nil {
		set := *chars
		cut = func(r rune) bool { return strings.ContainsRune(set, r) }
	}
	if left {
		s = strings.TrimLeftFunc(s, cut)
	}
	if right {
		s = strings.TrimRightFunc(s, cut)
	}
	return s
}

// sliceBounds adjusts Python slice indices start:end for length n.
func sliceBounds(start, end, n int64) (int64, int64) {
	if start < 0 {
		start += n
		if start < 0 {
			start = 0
		}
	}
	if end < 0 {
		end += n
		if end < 0 {
			end = 0
		}
	}
	if end > n {
		end = n
	}
	return start, end
}

// pyFind is str.find(sub, start, end) (or rfind when last).
func pyFind(s, sub string, start, end int64, hasEnd, last bool) int64 {
	rs := []rune(s)
	n := int64(len(rs))
	if !hasEnd {
		end = n
	}
	start, end = sliceBounds(start, end, n)
	if start > n {
		return -1
	}
	if end-start < int64(runeLen(sub)) {
		return -1
	}
	hay := string(rs[start:end])
	var k int
	if last {
		k = strings.LastIndex(hay, sub)
	} else {
		k = strings.Index(hay, sub)
	}
	if k < 0 {
		return -1
	}
	return start + int64(runeLen(hay[:k]))
}

// pyReplace is str.replace(old, new, count).
func pyReplace(s, old, new string, count int64) string {
	n := -1
	if count >= 0 {
		n = int(min(count, 1<<30))
	}
	return strings.Replace(s, old, new, n)
}

// pyUpper and pyLower are str.upper() and str.lower().
func pyUpper(s string) string {
	if strings.ContainsRune(s, 'ß') {
		s = strings.ReplaceAll(s, "ß", "SS")
	}
	return strings.ToUpper(s)
}

func pyLower(s string) string {
	return strings.Map(func(r rune) rune {
		if r == 'İ' {
			return 'i'
		}
		return unicode.ToLower(r)
	}, s)
}
