// Package pyyaml reads and writes YAML as PyYAML does for Mistral, on
// the value model of package value.
//
// Load is PyYAML's safe loader in two flavours: Mistral's definition
// loader (LoadOptions.Hardened: anchors, aliases and '@' read as plain
// text) and plain yaml.safe_load (yaql's yaml_parse: aliases expanded,
// within a bound). Both have YAML 1.1 scalar resolution (yes/no/on/off
// booleans, octal and sexagesimal numbers, timestamps), merge keys,
// Python's idea of equal keys, and PyYAML's error messages with their
// marks (*Error).
//
// Dump is PyYAML's emitter in block style, with sorted keys (yaml_dump)
// or in insertion order with the original types of non-string keys
// (definitions Mistral regenerates).
//
// Both flavours parse with github.com/goccy/go-yaml: its syntax tree
// keeps anchors, aliases and merge keys as nodes, so the loader expands
// aliases itself (anew each time, counting the values built) and applies
// merges as PyYAML's constructor does. goccy is laxer than PyYAML's
// scanner in places; the checks of scan.go reject what PyYAML rejects.
package pyyaml
