package expr

import (
	"errors"
	"io"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/mistral-go/mistral-go/value"
)

// Limits of yaml_parse, so hostile input ends in an error.
const (
	maxYAMLSize  = 8 << 20
	maxYAMLNodes = 1_000_000 // values built, aliases expanded included
	maxYAMLDepth = 500
)

// loadYAML is yaml_parse: PyYAML's safe_load as Mistral 15 calls it
// (aliases expand), with YAML 1.1 scalar resolution. Dict keys become
// strings as JSON writes them; timestamps are kept as their text.
func loadYAML(text string) (any, error) {
	if len(text) > maxYAMLSize {
		return nil, ferr("YAML document too large")
	}
	dec := yaml.NewDecoder(strings.NewReader(text))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, yamlErr(err)
	}
	var next yaml.Node
	if err := dec.Decode(&next); err == nil {
		first := &doc
		if len(doc.Content) > 0 {
			first = doc.Content[0]
		}
		return nil, markedError(text, "expected a single document in the stream", first.Line, first.Column,
			"but found another document", next.Line, next.Column)
	} else if !errors.Is(err, io.EOF) {
		return nil, yamlErr(err)
	}
	c := &yamlConstructor{text: text}
	return c.construct(&doc, 0)
}

func yamlErr(err error) error {
	return ferr(strings.TrimPrefix(err.Error(), "yaml: "))
}

type yamlConstructor struct {
	text  string
	nodes int
}

func (c *yamlConstructor) construct(n *yaml.Node, depth int) (any, error) {
	c.nodes++
	if c.nodes > maxYAMLNodes {
		return nil, ferr("YAML document expands to too many values")
	}
	if depth > maxYAMLDepth {
		return nil, ferr("YAML document nested too deeply")
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return c.construct(n.Content[0], depth)
	case yaml.AliasNode:
		return c.construct(n.Alias, depth+1)
	case yaml.SequenceNode:
		if explicitTag(n) && n.ShortTag() != "!!seq" {
			return nil, badTag(n)
		}
		out := make([]any, 0, len(n.Content))
		for _, x := range n.Content {
			v, err := c.construct(x, depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.MappingNode:
		if explicitTag(n) && n.ShortTag() != "!!map" {
			return nil, badTag(n)
		}
		m := value.NewMap(len(n.Content) / 2)
		if err := c.mapping(m, n, depth); err != nil {
			return nil, err
		}
		return m, nil
	}
	return c.scalar(n)
}

// mapping fills m from a mapping node, with PyYAML's merge keys: merged
// entries come first, the node's own entries override them.
func (c *yamlConstructor) mapping(m *value.Map, n *yaml.Node, depth int) error {
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Kind == yaml.ScalarNode && isPlain(k) && !explicitTag(k) && k.Value == "<<" {
			merges = append(merges, n.Content[i+1])
		}
	}
	for _, mv := range merges {
		for mv.Kind == yaml.AliasNode {
			mv = mv.Alias
		}
		switch mv.Kind {
		case yaml.MappingNode:
			if err := c.mapping(m, mv, depth+1); err != nil {
				return err
			}
		case yaml.SequenceNode:
			for i := len(mv.Content) - 1; i >= 0; i-- {
				sub := mv.Content[i]
				for sub.Kind == yaml.AliasNode {
					sub = sub.Alias
				}
				if sub.Kind != yaml.MappingNode {
					return markedError(c.text, "while constructing a mapping", n.Line, n.Column,
						"expected a mapping for merging, but found "+nodeID(sub), sub.Line, sub.Column)
				}
				if err := c.mapping(m, sub, depth+1); err != nil {
					return err
				}
			}
		default:
			return markedError(c.text, "while constructing a mapping", n.Line, n.Column,
				"expected a mapping or list of mappings for merging, but found "+nodeID(mv), mv.Line, mv.Column)
		}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := n.Content[i], n.Content[i+1]
		if kn.Kind == yaml.ScalarNode && isPlain(kn) && !explicitTag(kn) && kn.Value == "<<" {
			continue
		}
		k, err := c.construct(kn, depth+1)
		if err != nil {
			return err
		}
		ks, ok := yamlKey(k)
		if !ok {
			return markedError(c.text, "while constructing a mapping", n.Line, n.Column, "found unhashable key", kn.Line, kn.Column)
		}
		v, err := c.construct(vn, depth+1)
		if err != nil {
			return err
		}
		m.Set(ks, v)
	}
	return nil
}

func nodeID(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "sequence"
	case yaml.MappingNode:
		return "mapping"
	}
	return "scalar"
}

// yamlKey converts a mapping key to the string JSON would write; lists
// and dicts are unhashable.
func yamlKey(k any) (string, bool) {
	switch t := k.(type) {
	case string:
		return t, true
	case []any, *value.Map:
		return "", false
	}
	return string(value.AppendPy(nil, k)), true
}

func isPlain(n *yaml.Node) bool {
	return n.Style&(yaml.SingleQuotedStyle|yaml.DoubleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) == 0
}

func explicitTag(n *yaml.Node) bool { return n.Style&yaml.TaggedStyle != 0 }

func badTag(n *yaml.Node) error {
	return ferr("could not determine a constructor for the tag '" + longTag(n.Tag) + "'")
}

func longTag(t string) string {
	if strings.HasPrefix(t, "!!") {
		return "tag:yaml.org,2002:" + t[2:]
	}
	return t
}

func (c *yamlConstructor) scalar(n *yaml.Node) (any, error) {
	tag := tagStr
	if explicitTag(n) {
		switch n.ShortTag() {
		case "!!str":
		case "!!int":
			tag = tagInt
		case "!!float":
			tag = tagFloat
		case "!!bool":
			tag = tagBool
		case "!!null":
			tag = tagNull
		case "!!timestamp":
			tag = tagTimestamp
		default:
			return nil, badTag(n)
		}
	} else if isPlain(n) {
		tag = resolvePlain(n.Value)
	}
	s := n.Value
	switch tag {
	case tagNull:
		return nil, nil
	case tagBool:
		switch strings.ToLower(s) {
		case "yes", "true", "on":
			return true, nil
		case "no", "false", "off":
			return false, nil
		}
		return nil, ferr(value.Repr(strings.ToLower(s)))
	case tagInt:
		v, err := constructInt(s)
		if err != nil {
			return nil, ferr("invalid literal for int() with base 10: " + value.Repr(s))
		}
		return v, nil
	case tagFloat:
		v, err := constructFloat(s)
		if err != nil {
			return nil, ferr("could not convert string to float: " + value.Repr(s))
		}
		return v, nil
	case tagMerge, tagValue:
		return nil, ferr("could not determine a constructor for the tag 'tag:yaml.org,2002:" + tag + "'")
	}
	return s, nil
}

// yamlMark is PyYAML's Mark printed in an error: where, and a snippet of
// the line with a caret under the column (line and col are 1-based).
func yamlMark(text string, line, col int) string {
	lines := strings.Split(text, "\n")
	where := "  in \"<unicode string>\", line " + itoa(line) + ", column " + itoa(col)
	if line < 1 || line > len(lines) {
		return where
	}
	buf := []rune(lines[line-1])
	ptr := col - 1
	if ptr > len(buf) {
		ptr = len(buf)
	}
	const maxLength = 75
	head, tail := "", ""
	start := ptr
	for start > 0 && !isYAMLLineEnd(buf[start-1]) {
		start--
		if float64(ptr-start) > maxLength/2-1 {
			head = " ... "
			start += 5
			break
		}
	}
	end := ptr
	for end < len(buf) && !isYAMLLineEnd(buf[end]) {
		end++
		if float64(end-ptr) > maxLength/2-1 {
			tail = " ... "
			end -= 5
			break
		}
	}
	return where + ":\n    " + head + string(buf[start:end]) + tail + "\n" +
		strings.Repeat(" ", 4+ptr-start+len(head)) + "^"
}

func isYAMLLineEnd(r rune) bool {
	return r == 0 || r == '\r' || r == 0x85 || r == 0x2028 || r == 0x2029
}

// markedError is PyYAML's MarkedYAMLError text.
func markedError(text, context string, cl, cc int, problem string, pl, pc int) error {
	var parts []string
	if context != "" {
		parts = append(parts, context)
		if cl != pl || cc != pc {
			parts = append(parts, yamlMark(text, cl, cc))
		}
	}
	parts = append(parts, problem, yamlMark(text, pl, pc))
	return ferr(strings.Join(parts, "\n"))
}

func itoa(n int) string { return strconv.Itoa(n) }
