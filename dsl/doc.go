// Package dsl parses and validates Mistral workflow language v2 documents
// (workflow lists, workbooks and ad-hoc action lists) into typed specs.
//
// Parsing follows Mistral 15 closely: YAML is read with PyYAML's YAML 1.1
// safe-loader semantics (anchors and aliases read as plain text), the
// documents are checked against the same JSON schemas Mistral uses (with
// the same first-line messages), and the semantic checks of the language
// (transition targets, start tasks, join cardinality, names, with-items,
// expression syntax) run in Mistral's order so the first error reported is
// the one Mistral reports.
//
// Every expression-bearing field is compiled once with dsl/expr and kept
// as *expr.Data; the specs are immutable after parsing and safe for
// concurrent use by the engine.
package dsl
