package golden

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/mistral-go/mistral-go/value"
)

// Case is one golden case, read from cases/NNN_name.yaml.
type Case struct {
	// Name is the file name without ".yaml", e.g. "001_echo_chain".
	Name string
	// Description is the leading comment block.
	Description string
	// Docs are the definitions to upload, in file order.
	Docs []Doc
	// Environments are stored environments to create first
	// ({"name", "description", "variables"}).
	Environments []*value.Map
	// Execution is the execution to start ({"workflow", "input",
	// "params", "namespace", "description"}); nil when there is none.
	Execution *value.Map
	// Steps are the operator steps, in order.
	Steps []*value.Map
	// End lists the execution states that end the case (default: the
	// terminal ones).
	End []string
	// Timeout bounds every wait of the case.
	Timeout time.Duration
	// Settle bounds the wait for tasks still running after the end;
	// negative means the default.
	Settle time.Duration
}

// Doc is one definition document of a case.
type Doc struct {
	// Key is the case key ("workflows", "workbook2", "default_actions").
	Key string
	// Kind is "workflows", "workbook" or "actions".
	Kind string
	// Default uploads to the default namespace instead of the case's.
	Default bool
	// Text is the YAML text uploaded as is.
	Text string
}

// Namespace is the namespace the case's definitions live in.
func (c *Case) Namespace() string {
	num, _, _ := strings.Cut(c.Name, "_")
	return "golden_" + num
}

var (
	keyRE = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*):(?: (.*))?$`)
	docRE = regexp.MustCompile(`^(default_)?(workflows|workbook|actions)\d*$`)
)

// LoadCases reads every case of dir, sorted by name.
func LoadCases(dir string) ([]*Case, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	cases := make([]*Case, 0, len(names))
	for _, n := range names {
		text, err := os.ReadFile(n)
		if err != nil {
			return nil, err
		}
		c, err := ParseCase(strings.TrimSuffix(filepath.Base(n), ".yaml"), string(text))
		if err != nil {
			return nil, err
		}
		cases = append(cases, c)
	}
	return cases, nil
}

// entry is one top-level key of a case file with its raw value.
type entry struct {
	key string
	val any
}

// ParseCase reads a case file: the YAML subset described in README.md
// (top-level keys only; values are one JSON value, a `|` block, or a
// list of JSON values).
func ParseCase(name, text string) (*Case, error) {
	desc, entries, err := parseEntries(text)
	if err != nil {
		return nil, fmt.Errorf("case %s: %w", name, err)
	}
	c := &Case{Name: name, Description: desc, Timeout: 60 * time.Second, Settle: -1}
	for _, e := range entries {
		if err := c.set(e); err != nil {
			return nil, fmt.Errorf("case %s: %s: %w", name, e.key, err)
		}
	}
	return c, nil
}

func (c *Case) set(e entry) error {
	if m := docRE.FindStringSubmatch(e.key); m != nil {
		s, ok := e.val.(string)
		if !ok {
			return fmt.Errorf("want a | block")
		}
		c.Docs = append(c.Docs, Doc{Key: e.key, Kind: m[2], Default: m[1] != "", Text: s})
		return nil
	}
	switch e.key {
	case "environments":
		l, err := mapList(e.val)
		c.Environments = l
		return err
	case "execution":
		m, ok := e.val.(*value.Map)
		if !ok {
			return fmt.Errorf("want a JSON object")
		}
		c.Execution = m
	case "steps":
		l, err := mapList(e.val)
		c.Steps = l
		return err
	case "end":
		l, ok := e.val.([]any)
		if !ok {
			return fmt.Errorf("want a list of states")
		}
		for _, s := range l {
			st, ok := s.(string)
			if !ok {
				return fmt.Errorf("want a list of states")
			}
			c.End = append(c.End, st)
		}
	case "timeout", "settle":
		secs, ok := number(e.val)
		if !ok {
			return fmt.Errorf("want seconds")
		}
		d := time.Duration(secs * float64(time.Second))
		if e.key == "timeout" {
			c.Timeout = d
		} else {
			c.Settle = d
		}
	default:
		return fmt.Errorf("unknown key")
	}
	return nil
}

func mapList(v any) ([]*value.Map, error) {
	l, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("want a list of JSON objects")
	}
	out := make([]*value.Map, 0, len(l))
	for _, x := range l {
		m, ok := x.(*value.Map)
		if !ok {
			return nil, fmt.Errorf("want a list of JSON objects")
		}
		out = append(out, m)
	}
	return out, nil
}

func number(v any) (float64, bool) {
	switch n := v.(type) {
	case int64:
		return float64(n), true
	case float64:
		return n, true
	}
	return 0, false
}

// parseEntries splits a case file into its description and entries; it
// mirrors parse_case of record.py line for line.
func parseEntries(text string) (string, []entry, error) {
	lines := strings.Split(text, "\n")
	var desc []string
	var entries []entry
	seenKey := false
	for i := 0; i < len(lines); {
		line := lines[i]
		if strings.TrimSpace(line) == "" {
			i++
			continue
		}
		if strings.HasPrefix(line, "#") {
			if !seenKey {
				desc = append(desc, strings.TrimSpace(line[1:]))
			}
			i++
			continue
		}
		m := keyRE.FindStringSubmatch(line)
		if m == nil {
			return "", nil, fmt.Errorf("line %d: expected 'key: value'", i+1)
		}
		seenKey = true
		key, rest := m[1], strings.TrimSpace(m[2])
		i++
		var body []string
		for i < len(lines) && (strings.TrimSpace(lines[i]) == "" || strings.HasPrefix(lines[i], " ")) {
			body = append(body, lines[i])
			i++
		}
		for len(body) > 0 && strings.TrimSpace(body[len(body)-1]) == "" {
			body = body[:len(body)-1]
		}
		val, err := entryValue(key, rest, body)
		if err != nil {
			return "", nil, err
		}
		entries = append(entries, entry{key, val})
	}
	return strings.TrimSpace(strings.Join(desc, "\n")), entries, nil
}

func entryValue(key, rest string, body []string) (any, error) {
	switch rest {
	case "|", "|-":
		ind := -1
		for _, b := range body {
			if strings.TrimSpace(b) != "" {
				n := len(b) - len(strings.TrimLeft(b, " "))
				if ind < 0 || n < ind {
					ind = n
				}
			}
		}
		if ind < 0 {
			ind = 0
		}
		out := make([]string, len(body))
		for j, b := range body {
			if len(b) >= ind {
				out[j] = b[ind:]
			}
		}
		s := strings.Join(out, "\n")
		if rest == "|" {
			s += "\n"
		}
		return s, nil
	case "":
		var items []any
		cur, have := "", false
		flush := func() error {
			if !have {
				return nil
			}
			v, err := value.DecodeString(cur)
			if err != nil {
				return fmt.Errorf("%s: list item %d: %w", key, len(items)+1, err)
			}
			items = append(items, v)
			return nil
		}
		for _, b := range body {
			s := strings.TrimSpace(b)
			switch {
			case s == "" || strings.HasPrefix(s, "#"):
			case strings.HasPrefix(s, "- "):
				if err := flush(); err != nil {
					return nil, err
				}
				cur, have = s[2:], true
			case !have:
				return nil, fmt.Errorf("key %s: list item expected", key)
			default:
				cur += "\n" + s
			}
		}
		if err := flush(); err != nil {
			return nil, err
		}
		return items, nil
	}
	parts := []string{rest}
	for _, b := range body {
		parts = append(parts, strings.TrimSpace(b))
	}
	v, err := value.DecodeString(strings.Join(parts, "\n"))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", key, err)
	}
	return v, nil
}
