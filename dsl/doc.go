// Package dsl parses and validates Mistral workflow language v2 documents
// (workflow lists, workbooks and ad-hoc action lists) into typed specs.
//
// Entry points: ParseWorkflows, ParseWorkbook and ParseActions for
// POST/PUT bodies; ValidateWorkflows, ValidateWorkbook and
// ValidateActions for the /validate endpoints (the same checks minus
// those Mistral makes only when storing: names without spaces, at most
// 255 characters); ParseWorkflowDefinition and ParseActionDefinition to
// read a stored definition back. Every error is an *Error whose Error()
// is Mistral's faultstring (HTTP 400).
//
// Parsing follows Mistral 15 closely: YAML is read with PyYAML's YAML 1.1
// safe-loader semantics (anchors, aliases and '@' read as plain text),
// the documents are checked against the same JSON schemas Mistral uses
// (with jsonschema's choice of the error to report), and the semantic
// checks (transition targets, start tasks, join cardinality, names,
// with-items, expression syntax) run in Mistral's order, so the first
// error reported is the one Mistral reports.
//
// Quirks of Mistral 15 that are kept because clients can see them:
//   - a clause written as one mapping ("on-success: {t2: <% … %>}") is
//     the advanced form and has no transitions; a mapping under "next"
//     loses its guards;
//   - inline parameters win over "input"; unquoted words, floats and
//     mappings in inline parameters are dropped or truncated;
//   - a policy whose value builds nothing (wait-before: 0, pause-before:
//     false) falls back to task-defaults;
//   - what a task publishes follows Mistral's get_publish merge, which
//     drops a part (branch/global) missing on the receiving side;
//   - the graph goes by names: an entry "fail" counts as a transition to a
//     task named "fail" (the engine command still runs).
//
// Every expression-bearing field is compiled once with dsl/expr and kept
// as *expr.Data; the specs are immutable after parsing and safe for
// concurrent use by the engine.
package dsl
