// Package load is a load generator for any Mistral v2 REST API: it
// defines workflows of a given shape under unique names, starts their
// executions in a burst or at a steady rate, detects their completion
// without dominating the server, and reports executions/s, task
// transitions/s, start (API acknowledgement) and completion latency
// percentiles, errors, and the server's CPU time per execution read from
// /proc when the server runs on the same machine. GET scenarios measure
// request latency under concurrent keep-alive clients.
//
// The method follows the real Mistral's bench.py (shared/reference), so
// the same run measures mistrald and Mistral 15 alike.
package load
