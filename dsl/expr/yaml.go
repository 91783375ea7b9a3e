package expr

import "github.com/mistral-go/mistral-go/dsl/pyyaml"

// Bounds of yaml_parse, so hostile input ends in an error (PyYAML itself
// gives up at about 450 levels of nesting).
const (
	maxYAMLSize  = 8 << 20
	maxYAMLDepth = 500
)

// loadYAML is yaml_parse: PyYAML's safe_load as Mistral 15 calls it
// (aliases expand). Dict keys become strings as JSON writes them;
// timestamps are kept as their text (Mistral 15 builds datetime objects
// it then cannot store).
func loadYAML(text string) (any, error) {
	if len(text) > maxYAMLSize {
		return nil, ferr("YAML document too large")
	}
	doc, err := pyyaml.Load(text, pyyaml.LoadOptions{MaxDepth: maxYAMLDepth})
	if err != nil {
		return nil, ferr(err.Error())
	}
	return doc.Plain(doc.Root, true), nil
}

// dumpYAML is yaml_dump: PyYAML's safe_dump(v, default_flow_style=False).
func dumpYAML(v any) string {
	return pyyaml.Dump(v, pyyaml.DumpOptions{SortKeys: true})
}
