package dsl

import (
	"strings"

	"github.com/mistral-go/mistral-go/dsl/pyyaml"
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
	root, _ := doc.Root.(*value.Map)
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

// slicer cuts the text of workflows and actions out of a workbook as
// Mistral does (see slice); it indexes each section's lines once.
type slicer struct {
	text     string
	sections map[string]map[string]int
	repeats  map[string]bool // "section\x00line" seen more than once
	fresh    *value.Map      // a fresh parse of text, when needed
	freshDoc *pyyaml.Document
}

func newSlicer(text string) *slicer {
	return &slicer{text: text, sections: map[string]map[string]int{}, repeats: map[string]bool{}}
}

// index maps each stripped line after the first "<section>" to the
// offset of its first occurrence (only lines ending with ':' matter).
func (sl *slicer) index(section string) map[string]int {
	if idx, ok := sl.sections[section]; ok {
		return idx
	}
	var idx map[string]int
	if i := strings.Index(sl.text, section); i >= 0 {
		idx = map[string]int{}
		off := i
		if nl := strings.IndexByte(sl.text[i:], '\n'); nl >= 0 {
			off = i + nl + 1
		} else {
			off = len(sl.text)
		}
		for off < len(sl.text) {
			end := strings.IndexByte(sl.text[off:], '\n')
			line := sl.text[off:]
			if end >= 0 {
				line = sl.text[off : off+end+1]
			}
			if t := strings.TrimFunc(line, isPySpace); strings.HasSuffix(t, ":") {
				if _, seen := idx[t]; !seen {
					idx[t] = off
				} else {
					sl.repeats[section+"\x00"+t] = true
				}
			}
			off += len(line)
		}
	}
	sl.sections[section] = idx
	return idx
}

// slice cuts the text of one workflow or action out of the workbook as
// Mistral does: from the line "<name>:" after the first "<section>:" to
// the next line indented no deeper, dedented. When that does not give the
// item (flow style, comments or quotes on the key line), the item is
// dumped as PyYAML would write it instead.
func (sl *slicer) slice(section, name string) string {
	itemLine := name + ":"
	if off, ok := sl.index(section)[itemLine]; ok {
		s := pySlice(sl.text[off:], itemLine)
		// Where the text could mislead Mistral's search (the section or
		// the item line written twice), keep the cut only if it reads
		// back as the item.
		if !sl.repeats[section+"\x00"+itemLine] && strings.Count(sl.text, section) == 1 {
			return s
		}
		if d, err := parseYAML(s); err == nil {
			if m, ok := d.Root.(*value.Map); ok && m.Len() == 1 {
				if got, ok := m.Get(name); ok && jsonEqual(pyyaml.Plain(got, false), sl.item(section, name)) {
					return s
				}
			}
		}
	}
	// The parsed specs carry Mistral's additions: dump a fresh parse.
	one := value.NewMap(1)
	one.Set(name, sl.item(section, name))
	return dumpYAML(one, sl.freshDoc)
}

// item returns a section item as written (from a fresh parse: the specs
// carry Mistral's additions).
func (sl *slicer) item(section, name string) any {
	if sl.fresh == nil {
		doc, err := parseYAML(sl.text)
		if err != nil {
			return nil
		}
		sl.freshDoc = doc
		sl.fresh, _ = pyyaml.Plain(doc.Root, false).(*value.Map)
	}
	item, _ := getMap(sl.fresh, strings.TrimSuffix(section, ":")).Get(name)
	return item
}

// pySlice is the cutting loop of Mistral's _parse_def_from_wb, from the
// item line on.
func pySlice(text, itemLine string) string {
	var out strings.Builder
	nl := strings.IndexByte(text, '\n')
	first := text
	if nl >= 0 {
		first = text[:nl+1]
	}
	ident := len([]rune(first[:strings.Index(first, itemLine)]))
	out.WriteString(strings.TrimLeftFunc(first, isPySpace))
	for off := len(first); off < len(text); {
		end := strings.IndexByte(text[off:], '\n')
		line := text[off:]
		if end >= 0 {
			line = text[off : off+end+1]
		}
		off += len(line)
		stripped := strings.TrimFunc(line, isPySpace)
		switch {
		case stripped == "":
			out.WriteString(line)
		case strings.HasPrefix(stripped, "#"):
			hash := len([]rune(line[:strings.Index(line, "#")]))
			if ident > hash {
				out.WriteString(line)
			} else {
				out.WriteString(string([]rune(line)[ident:]))
			}
		default:
			lead := len(line) - len(strings.TrimLeftFunc(line, isPySpace))
			if ident < len([]rune(line[:lead])) {
				out.WriteString(string([]rune(line)[ident:]))
			} else {
				return strings.TrimRightFunc(out.String(), isPySpace) + "\n"
			}
		}
	}
	return strings.TrimRightFunc(out.String(), isPySpace) + "\n"
}
