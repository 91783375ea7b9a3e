package golden

import (
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/mistral-go/mistral-go/value"
)

// The normalisation below mirrors record.py exactly: both sides of a
// comparison go through it, so what legitimately differs between runs
// (ids, timestamps, Python tracebacks, the data= dumps of Mistral 15
// expression errors) never shows up as a difference.

var (
	uuidRE = regexp.MustCompile(`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`)
	tsRE   = regexp.MustCompile(`\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d+)?`)
	idxRE  = regexp.MustCompile(`, idx=\d+\]`)
)

const tbHead = "Traceback (most recent call last):"

// NormString normalises one string: tracebacks and data dumps removed,
// UUIDs replaced by "<uuid>", timestamps by "<timestamp>" and the ", idx=N]"
// of failure messages by ", idx=<n>]".
func NormString(s string) string {
	s = stripTracebacks(s)
	s = stripData(s)
	s = uuidRE.ReplaceAllLiteralString(s, "<uuid>")
	// The idx of a failure message is the position in an unordered list.
	s = idxRE.ReplaceAllLiteralString(s, ", idx=<n>]")
	return tsRE.ReplaceAllLiteralString(s, "<timestamp>")
}

// Norm returns v with every string (and map key) normalised.
func Norm(v any) any {
	switch x := v.(type) {
	case string:
		return NormString(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = Norm(e)
		}
		return out
	case *value.Map:
		out := value.NewMap(x.Len())
		x.Range(func(k string, e any) bool {
			out.Set(NormString(k), Norm(e))
			return true
		})
		return out
	}
	return v
}

// stripTracebacks removes Python tracebacks (chained ones too) together
// with the ":\n" that introduces them.
func stripTracebacks(s string) string {
	for {
		i := strings.Index(s, tbHead)
		if i < 0 {
			return s
		}
		lines := strings.Split(s[i:], "\n")
		j := 1
		for {
			for j < len(lines) && (strings.HasPrefix(lines[j], " ") || strings.HasPrefix(lines[j], "\t")) {
				j++
			}
			j++ // the exception line
			if j+3 < len(lines) && lines[j] == "" &&
				(strings.HasPrefix(lines[j+1], "During handling") || strings.HasPrefix(lines[j+1], "The above")) &&
				lines[j+3] == tbHead {
				j += 4
				continue
			}
			break
		}
		head := s[:i]
		if strings.HasSuffix(head, ":\n") {
			head = head[:len(head)-2]
		} else if strings.HasSuffix(head, "\n") {
			head = head[:len(head)-1]
		}
		tail := ""
		if j < len(lines) {
			tail = strings.Join(lines[j:], "\n")
		}
		if tail != "" {
			s = head + "\n" + tail
		} else {
			s = head
		}
	}
}

// stripData removes the ", data=<context dump>" of Mistral 15 expression
// errors, up to the bracket that closes the enclosing "[...]".
func stripData(s string) string {
	const marker = ", data="
	for {
		i := strings.Index(s, marker)
		if i < 0 {
			return s
		}
		j, depth, quote := i+len(marker), 0, byte(0)
	scan:
		for ; j < len(s); j++ {
			c := s[j]
			switch {
			case quote != 0:
				if c == '\\' {
					j++
				} else if c == quote {
					quote = 0
				}
			case c == '\'' || c == '"':
				quote = c
			case c == '[' || c == '{' || c == '(':
				depth++
			case c == ']' || c == '}' || c == ')':
				if depth == 0 {
					break scan
				}
				depth--
			}
		}
		if j > len(s) {
			j = len(s)
		}
		s = s[:i] + s[j:]
	}
}

// decodeJSONString decodes a JSON-in-string field; other values (and
// strings that are not JSON) are returned as they are.
func decodeJSONString(v any) any {
	s, ok := v.(string)
	if !ok {
		return v
	}
	d, err := value.DecodeString(s)
	if err != nil {
		return v
	}
	return d
}

// canonical is a JSON encoding with sorted keys: a total order for
// sorting lists whose order carries no meaning.
func canonical(v any) []byte {
	return value.AppendCompact(nil, sortedKeys(v))
}

func sortedKeys(v any) any {
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = sortedKeys(e)
		}
		return out
	case *value.Map:
		keys := slices.Clone(x.Keys()) // Keys is the map's own slice
		sort.Strings(keys)
		out := value.NewMap(len(keys))
		for _, k := range keys {
			e, _ := x.Get(k)
			out.Set(k, sortedKeys(e))
		}
		return out
	}
	return v
}

// sortCanonical sorts a list by the canonical encoding of its elements.
func sortCanonical(l []any) {
	keys := make([]string, len(l))
	for i, e := range l {
		keys[i] = string(canonical(e))
	}
	sort.Sort(byKey{l, keys})
}

type byKey struct {
	l    []any
	keys []string
}

func (b byKey) Len() int           { return len(b.l) }
func (b byKey) Less(i, j int) bool { return b.keys[i] < b.keys[j] }
func (b byKey) Swap(i, j int) {
	b.l[i], b.l[j] = b.l[j], b.l[i]
	b.keys[i], b.keys[j] = b.keys[j], b.keys[i]
}

// Canonicalise sorts, in place, the lists of a recording whose order is
// not meaningful (tasks, action executions, sub-executions,
// triggered_by, observed task lists), so recordings made by record.py and
// by Replay compare equal whatever order each side listed them in.
func Canonicalise(rec *value.Map) {
	if ex, ok := field(rec, "execution").(*value.Map); ok {
		canonExecution(ex)
	}
	if steps, ok := field(rec, "steps").([]any); ok {
		for _, s := range steps {
			if m, ok := s.(*value.Map); ok {
				if l, ok := field(m, "tasks").([]any); ok {
					sortCanonical(l)
				}
			}
		}
	}
}

func canonExecution(ex *value.Map) {
	tasks, _ := field(ex, "tasks").([]any)
	for _, t := range tasks {
		tm, ok := t.(*value.Map)
		if !ok {
			continue
		}
		if rc, ok := field(tm, "runtime_context").(*value.Map); ok {
			if l, ok := field(rc, "triggered_by").([]any); ok {
				sortCanonical(l)
			}
		}
		if l, ok := field(tm, "actions").([]any); ok {
			sortCanonical(l)
		}
		if l, ok := field(tm, "executions").([]any); ok {
			for _, c := range l {
				if cm, ok := c.(*value.Map); ok {
					canonExecution(cm)
				}
			}
			sortCanonical(l)
		}
	}
	// Tasks by name, then by content.
	keys := make([]string, len(tasks))
	for i, t := range tasks {
		name := ""
		if tm, ok := t.(*value.Map); ok {
			name = str(tm, "name")
		}
		keys[i] = name + "\x00" + string(canonical(t))
	}
	sort.Sort(byKey{tasks, keys})
}
