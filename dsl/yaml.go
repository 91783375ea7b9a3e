package dsl

import (
	"errors"
	"unicode/utf8"

	"github.com/mistral-go/mistral-go/dsl/pyyaml"
	"github.com/mistral-go/mistral-go/value"
)

// MaxDefinitionSize is the largest definition text accepted, in bytes.
const MaxDefinitionSize = 8 << 20

// parseYAML reads text as Mistral's definition loader does (PyYAML's
// safe loader with anchors, aliases and '@' as plain text), recording
// where things were written. An empty or false-ish document is {}.
func parseYAML(text string) (*pyyaml.Document, *Error) {
	if len(text) > MaxDefinitionSize {
		return nil, errorf("Definition could not be parsed: the definition is larger than %d bytes", MaxDefinitionSize)
	}
	if !utf8.ValidString(text) {
		return nil, errorf("Definition could not be parsed: the definition is not valid UTF-8 text")
	}
	doc, err := pyyaml.Load(text, pyyaml.LoadOptions{Hardened: true, Lines: true})
	if err != nil {
		line := 0
		var ye *pyyaml.Error
		if errors.As(err, &ye) {
			line = ye.Line
		}
		return nil, &Error{Msg: "Definition could not be parsed: " + err.Error() + "\n", Line: line}
	}
	if !value.Truthy(doc.Root) {
		doc.Root = value.NewMap(0)
	}
	return doc, nil
}

// dumpYAML renders v as PyYAML's yaml.dump(v, sort_keys=False) does, the
// keys doc read as non-strings written with their type: the form Mistral
// stores for each workflow of a multi-workflow upload.
func dumpYAML(v any, doc *pyyaml.Document) string {
	return pyyaml.Dump(v, pyyaml.DumpOptions{Source: doc})
}
