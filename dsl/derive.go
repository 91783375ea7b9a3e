package dsl

import (
	"strings"

	"github.com/mistral-go/mistral-go/value"
)

// What the REST API derives from definitions (api.md §7).

// InputString is the workflow's "input" field: the declared inputs
// joined by ", ", with name="<Python str of default>" for defaults.
func (w *Workflow) InputString() string {
	var b strings.Builder
	for i, it := range rawInput(w.Spec) {
		if i > 0 {
			b.WriteString(", ")
		}
		switch t := it.(type) {
		case string:
			b.WriteString(t)
		case *value.Map:
			for j := 0; j < t.Len(); j++ {
				if j > 0 {
					b.WriteString(", ")
				}
				k, v := t.At(j)
				b.WriteString(k)
				b.WriteString(`="`)
				b.WriteString(value.Str(v))
				b.WriteByte('"')
			}
		}
	}
	return b.String()
}

// Interface is the workflow's "interface" field: {"input": [the input
// list as written], "output": [the output keys]}.
func (w *Workflow) Interface() *value.Map {
	in := rawInput(w.Spec)
	if in == nil {
		in = []any{}
	}
	var keys []any
	if out := getMap(w.Spec, "output"); out != nil {
		keys = make([]any, 0, out.Len())
		for i := 0; i < out.Len(); i++ {
			k, _ := out.At(i)
			keys = append(keys, k)
		}
	}
	if keys == nil {
		keys = []any{}
	}
	return value.MapOf("input", in, "output", keys)
}

func rawInput(spec *value.Map) []any {
	l, _ := get(spec, "input").([]any)
	return l
}

// InputString is the ad-hoc action's "input" field: names, and
// name=<JSON default> for defaults, joined by ", " ("" when the action
// declares no input; Mistral shows null then).
func (a *Action) InputString() string {
	var b strings.Builder
	for i, it := range rawInput(a.Spec) {
		if i > 0 {
			b.WriteString(", ")
		}
		switch t := it.(type) {
		case string:
			b.WriteString(t)
		case *value.Map:
			for j := 0; j < t.Len(); j++ {
				if j > 0 {
					b.WriteString(", ")
				}
				k, v := t.At(j)
				b.WriteString(k)
				b.WriteByte('=')
				b.Write(value.AppendPy(nil, v))
			}
		}
	}
	return b.String()
}

// regenerateDefinitions gives each workflow of a multi-workflow upload
// the document Mistral stores for it: "version" and that workflow, dumped
// by PyYAML in block style from a fresh parse of the text.
func regenerateDefinitions(text string, wfs []*Workflow) *Error {
	doc, err := parseYAML(text)
	if err != nil {
		return err
	}
	root, _ := doc.root.(*value.Map)
	version, _ := root.Get("version")
	for _, w := range wfs {
		item, _ := root.Get(w.Name)
		one := value.NewMap(2)
		one.Set("version", version)
		one.Set(w.Name, item)
		w.Definition = dumpYAML(one, doc)
	}
	return nil
}

// sliceDefinition cuts the text of one workflow or action out of a
// workbook as Mistral does: from the line "<name>:" after the first
// "<section>:" to the next line indented no deeper, dedented. When that
// does not give the item (flow style, comments or quotes on the key
// line), the item is dumped as PyYAML would write it instead.
func sliceDefinition(text, section, name string) string {
	if s, ok := pySlice(text, section, name+":"); ok {
		return s
	}
	doc, err := parseYAML(text)
	if err != nil {
		return ""
	}
	root, _ := doc.root.(*value.Map)
	sec := getMap(root, strings.TrimSuffix(section, ":"))
	item, _ := sec.Get(name)
	one := value.NewMap(1)
	one.Set(name, item)
	return dumpYAML(one, doc)
}

// pySlice is Mistral's _parse_def_from_wb; ok is false when the item line
// is not found.
func pySlice(text, section, itemLine string) (string, bool) {
	i := strings.Index(text, section)
	if i < 0 {
		return "", false
	}
	lines := splitLinesKeepEnds(text[i:])
	if len(lines) > 0 {
		lines = lines[1:]
	}
	var out strings.Builder
	ident := 0
	found := false
	for len(lines) > 0 {
		line := lines[0]
		lines = lines[1:]
		if strings.TrimFunc(line, isPySpace) == itemLine {
			ident = len([]rune(line[:strings.Index(line, itemLine)]))
			out.WriteString(strings.TrimLeftFunc(line, isPySpace))
			found = true
			break
		}
	}
	if !found {
		return "", false
	}
	for _, line := range lines {
		stripped := strings.TrimFunc(line, isPySpace)
		switch {
		case stripped == "":
			out.WriteString(line)
		case strings.HasPrefix(stripped, "#"):
			r := []rune(line)
			hash := len([]rune(line[:strings.Index(line, "#")]))
			if ident > hash {
				out.WriteString(line)
			} else {
				out.WriteString(string(r[ident:]))
			}
		default:
			r := []rune(line)
			lead := len(r) - len([]rune(strings.TrimLeftFunc(line, isPySpace)))
			if ident < lead {
				out.WriteString(string(r[ident:]))
			} else {
				return strings.TrimRightFunc(out.String(), isPySpace) + "\n", true
			}
		}
	}
	return strings.TrimRightFunc(out.String(), isPySpace) + "\n", true
}

// splitLinesKeepEnds splits text after each "\n", as iterating a Python
// StringIO does.
func splitLinesKeepEnds(text string) []string {
	var out []string
	for len(text) > 0 {
		i := strings.IndexByte(text, '\n')
		if i < 0 {
			out = append(out, text)
			break
		}
		out = append(out, text[:i+1])
		text = text[i+1:]
	}
	return out
}
