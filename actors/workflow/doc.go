// Package workflow is the workflow controller: the pure decision logic of
// Mistral's engine for one workflow execution. It holds the in-memory
// state of an execution (its record, its task executions and their
// action executions or sub-workflow executions) and applies events to it
// — start, action results, sub-workflow results, timers, API commands —
// producing changed records (to persist) and effects (to release once
// those records are durable): run an action, start a sub-workflow, arm a
// timer, tell the parent execution, control a child.
//
// It does no I/O, runs no goroutines and reads no clock: the current time,
// new ids and every lookup (workflow and action definitions,
// environments, other executions) come through a Host. So it is tested
// with plain data, and the actors package adds mailboxes, persistence,
// timers and the executor around it.
//
// Errors raised while processing (a bad expression, an unknown action,
// wrong action input) follow Mistral: the task goes to ERROR and the
// whole workflow is forced to ERROR with "Failed to run task [...]",
// "Failed to handle action completion [...]" and friends (dsl.md §15).
package workflow
