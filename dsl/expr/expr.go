// Package expr compiles and evaluates the expressions embedded in Mistral
// definitions: YAQL between <% %> and Jinja between {{ }} / {% %}.
//
// Definitions are compiled once, when they are stored (Compile), and the
// compiled Data is evaluated many times (Eval) with a Context that holds
// the data the expression sees and Mistral's functions (env(), task(), …).
//
// Strings are recognised as Mistral 15 does: Jinja first ({{ }} or
// {% %}), then YAQL (<% %>). A string that is exactly one expression
// evaluates to the expression's typed value; otherwise YAQL expressions
// are replaced by Python's str() of their values and Jinja strings are
// rendered as templates. A string mixing both languages, or with a syntax
// error, fails to compile with Mistral's upload message (*SyntaxError).
// Evaluation errors are *EvalError with Mistral's wording, without the
// data dump Mistral 15 appends.
//
// Mistral's functions (env execution executions global json_dump
// json_parse json_pp task tasks uuid yaml_dump yaml_parse) are available
// in both languages: plain functions with camelCase keywords in YAQL,
// globals and filters in Jinja. Those reading engine state call
// Context.Funcs. YAQL runs on dsl/yaql, Jinja on dsl/jinja.
package expr

import (
	"fmt"

	"github.com/mistral-go/mistral-go/value"
)

// Lang is an expression language.
type Lang uint8

// The languages.
const (
	None Lang = iota
	YAQL
	Jinja
)

func (l Lang) String() string {
	switch l {
	case YAQL:
		return "YAQL"
	case Jinja:
		return "Jinja"
	}
	return "none"
}

// Functions are Mistral's expression functions, implemented by the engine
// for the execution and task an expression is evaluated for. Values
// returned are in the value model.
type Functions interface {
	// Env is env(): the root execution's environment (never nil).
	Env() *value.Map
	// Execution is execution().
	Execution() (any, error)
	// Task is task(name); name "" means the task being evaluated.
	// Unknown names give nil.
	Task(name string) (any, error)
	// Tasks is tasks(workflow_execution_id, recursive, state, flat).
	Tasks(workflowExecutionID string, recursive bool, state string, flat bool) (any, error)
	// Executions is executions(id, root_execution_id, state, from_time, to_time).
	Executions(id, rootExecutionID, state, fromTime, toTime string) (any, error)
	// Global is global(name).
	Global(name string) (any, error)
}

// Context is what an expression is evaluated against.
type Context struct {
	// Root is $ in YAQL and _ in Jinja.
	Root any
	// Funcs provides Mistral's functions; nil makes them fail with an
	// evaluation error (for example when validating).
	Funcs Functions
	// ContextView makes Jinja name Root as Mistral's data context class
	// in its messages ("'mistral.workflow.data_flow.ContextView object'
	// has no attribute 'x'") rather than a plain dict.
	ContextView bool
}

// SyntaxError is an expression that does not parse. Its Error() is the
// message Mistral gives at upload time.
type SyntaxError struct {
	Lang Lang
	Expr string
	Msg  string
}

func (e *SyntaxError) Error() string { return e.Msg }

// EvalError is an expression that failed to evaluate. Its Error() is
// "Can not evaluate YAQL expression [expression=…, error=…]" (or Jinja),
// Mistral's wording without the data dump (we never echo the context).
type EvalError struct {
	Lang  Lang
	Expr  string
	Cause string
}

func (e *EvalError) Error() string {
	return fmt.Sprintf("Can not evaluate %s expression [expression=%s, error=%s]", e.Lang, e.Expr, e.Cause)
}
