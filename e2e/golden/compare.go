package golden

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/mistral-go/mistral-go/value"
)

// Diff is one difference between a recorded and a replayed value.
type Diff struct {
	// Path locates the value, e.g. "execution.tasks[t2].state_info" or
	// "steps[0].responses[0].error"; list elements that carry a name are
	// addressed by it ("tasks[t1]", "tasks[t1#2]" for the second one).
	Path string
	// Want is the recorded value, Got the replayed one; Absent marks a
	// side without the value.
	Want, Got any
}

// absent stands for a missing map key or list element.
type absent struct{}

// Absent is the Want or Got of a Diff where that side has no value.
var Absent any = absent{}

// String renders the difference on one line (long values shortened).
func (d Diff) String() string {
	return fmt.Sprintf("%s: want %s, got %s", d.Path, show(d.Want), show(d.Got))
}

func show(v any) string {
	if _, ok := v.(absent); ok {
		return "(absent)"
	}
	b := value.AppendPy(nil, v)
	if len(b) > 400 {
		b = append(b[:400], "..."...)
	}
	return string(b)
}

// Compare returns every difference between want and got. Maps compare
// key by key (order does not matter), lists element by element, scalars
// by type and value (1 and 1.0 differ, as they do on the wire).
func Compare(want, got any) []Diff {
	var out []Diff
	compare("", want, got, &out)
	return out
}

func compare(path string, want, got any, out *[]Diff) {
	switch w := want.(type) {
	case *value.Map:
		g, ok := got.(*value.Map)
		if !ok {
			*out = append(*out, Diff{path, want, got})
			return
		}
		w.Range(func(k string, wv any) bool {
			gv, ok := g.Get(k)
			if !ok {
				gv = Absent
			}
			compare(join(path, k), wv, gv, out)
			return true
		})
		g.Range(func(k string, gv any) bool {
			if !w.Has(k) {
				*out = append(*out, Diff{join(path, k), Absent, gv})
			}
			return true
		})
	case []any:
		g, ok := got.([]any)
		if !ok {
			*out = append(*out, Diff{path, want, got})
			return
		}
		compareLists(path, w, g, out)
	default:
		if !sameScalar(want, got) {
			*out = append(*out, Diff{path, want, got})
		}
	}
}

// compareLists pairs elements by label (name, workflow name, or index).
func compareLists(path string, want, got []any, out *[]Diff) {
	wl, gl := labels(want), labels(got)
	gi := make(map[string]int, len(gl))
	for i, l := range gl {
		gi[l] = i
	}
	seen := make(map[string]bool, len(wl))
	for i, l := range wl {
		seen[l] = true
		p := path + "[" + l + "]"
		j, ok := gi[l]
		if !ok {
			*out = append(*out, Diff{p, want[i], Absent})
			continue
		}
		compare(p, want[i], got[j], out)
	}
	for j, l := range gl {
		if !seen[l] {
			*out = append(*out, Diff{path + "[" + l + "]", Absent, got[j]})
		}
	}
}

// labels names list elements: a map's "name" (or "workflow_name"),
// numbered "#2", "#3"... from its second occurrence; otherwise the index.
func labels(l []any) []string {
	out := make([]string, len(l))
	count := map[string]int{}
	for i, e := range l {
		name := ""
		if m, ok := e.(*value.Map); ok {
			if s, ok := field(m, "name").(string); ok {
				name = s
			} else if s, ok := field(m, "workflow_name").(string); ok {
				name = s
			}
		}
		if name == "" {
			out[i] = strconv.Itoa(i)
			continue
		}
		count[name]++
		if n := count[name]; n > 1 {
			name += "#" + strconv.Itoa(n)
		}
		out[i] = name
	}
	return out
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func sameScalar(a, b any) bool {
	switch x := a.(type) {
	case nil:
		return b == nil
	case bool, string, int64:
		return a == b
	case float64:
		y, ok := b.(float64)
		return ok && (x == y || (x != x && y != y))
	case absent:
		_, ok := b.(absent)
		return ok
	}
	return value.Equal(a, b)
}

// Report renders differences one per line, for test failures.
func Report(diffs []Diff) string {
	var b strings.Builder
	for _, d := range diffs {
		b.WriteString("  ")
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}
