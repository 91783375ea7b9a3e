// Package yaql is a YAQL 2.0 engine that gives what Python yaql 2.0.0
// gives as Mistral 15 configures it: keyword operator "=>", no delegates,
// no iterator or memory quotas, tuples and iterators converted to lists
// on output, sets kept as sets, input data converted to immutable
// mappings and tuples.
//
// Parse compiles an expression once into an immutable *Expr; Eval runs it
// any number of times, concurrently, against a data context ($). Errors
// carry Python yaql's wording: *GrammarError for the lexer and parser,
// *EvalError (Cause is the Python exception text) for evaluation.
//
// # How it works
//
// The lexer and the Pratt parser accept exactly yaql's grammar (checked
// against PLY-generated yaql on random token strings), including its
// quirks: bare words are strings, name( is a call only without a space,
// omitted arguments f(1,,2), lexical errors reported only when the parser
// reaches them. Every operator, indexer and literal is, as in yaql, a
// call of a function (#operator_+, #indexer, #list, …) resolved among
// overloads by the same rules yaql's runner applies (layers, arity,
// keyword names, parameter types before and after evaluating arguments,
// lazy lambda parameters, specialisation, ambiguity). The standard
// library (system, common, boolean, branching, strings, math,
// collections, queries, regex, date/time) is declared overload by
// overload in lib_*.go with yaql's parameter types, so that "No function
// … matches supplied arguments" appears exactly where yaql raises it.
//
// Values during evaluation are the value model plus the Python types
// yaql works with (types.go): tuples ([]any) versus lists, frozensets,
// dict views, lazy single-pass iterators and generators, datetimes,
// timedeltas, compiled regexes, contexts. The result is converted back to
// the value model as yaql's and Mistral's output conversion does.
//
// # Speed
//
// Hot operators (member access, comparisons, arithmetic, and/or,
// literals) have fast paths that compute what resolution would; other
// calls cache the static part of resolution per call site and receiver
// class. Evaluation state is pooled and lambdas reuse their scope when
// nothing kept it, so $.a.b allocates nothing.
//
// # Limits
//
// Limits bound steps (nodes evaluated, items drawn, bytes and elements
// copied), collection sizes, string sizes and nesting, so a hostile
// expression ends with an *EvalError: infinite sequence() cannot hang,
// 'a' * 10**9 cannot exhaust memory, exponential structures cannot be
// rendered or compared forever.
//
// # Where it differs from Python yaql
//
//   - Integers are int64: a result that would overflow becomes a float
//     (Python's are unbounded).
//   - Regular expressions run on Go's RE2 engine, translated from Python
//     syntax (\d \w \s are Unicode-aware, \Z, {,n}, (?P<name>…), \uXXXX
//     work). Backreferences, lookarounds and atomic groups are errors; \b
//     is ASCII-based; $ does not match before a final newline; only the
//     common compilation errors are worded as Python's re words them.
//   - Set iteration follows CPython's hash-table order for sets of
//     integers and insertion order otherwise (CPython's order for strings
//     changes from process to process anyway).
//   - datetime(string) reads ISO 8601 and a few common layouts, not
//     everything dateutil's parser guesses; \N{name} escapes in string
//     literals are not supported.
//   - Dicts are always hashable (yaql's own dicts are; Python dicts made
//     by toDict()/mergeWith() are not); lists returned by Functions behave
//     as tuples (Mistral's own functions return Python lists).
//   - A timespan result is returned as str(timedelta) and regexes and
//     contexts as their repr (Mistral cannot store these at all); object
//     addresses in reprs differ.
//   - Expressions nested deeper than 500 levels do not parse (Python yaql
//     parses them but fails to evaluate beyond about 150).
//
// testdata/corpus.json holds the cases (with expected values produced by
// the real Python yaql, see testdata/gen_corpus.py) that TestCorpus
// checks.
package yaql
