package yaql

import "strconv"

// GrammarError is an expression that does not lex or parse. Msg is yaql's
// message, e.g. "Parse error: unexpected end of statement".
type GrammarError struct{ Msg string }

func (e *GrammarError) Error() string { return e.Msg }

// EvalError is an expression that failed to evaluate. Cause is the text
// Python yaql's exception gives (what Mistral prints after "error="), for
// example `'key'` for a missing key or `Unknown function "foo"`. Kind is
// the Python exception class it stands for (KeyError,
// NoMatchingFunctionException, …), useful to callers that branch on it.
type EvalError struct {
	Kind  string
	Cause string
}

func (e *EvalError) Error() string { return e.Cause }

func pyErr(kind, cause string) *EvalError { return &EvalError{Kind: kind, Cause: cause} }

func errUnknownFunction(name string) error {
	return pyErr("NoFunctionRegisteredException", `Unknown function "`+name+`"`)
}

func errUnknownMethod(name string, recv any) error {
	return pyErr("NoMethodRegisteredException", `Unknown method "`+name+`" for receiver `+pyStr(recv))
}

func errNoMatchingFunction(name string) error {
	return pyErr("NoMatchingFunctionException", `No function "`+name+`" matches supplied arguments`)
}

func errNoMatchingMethod(name string, recv any) error {
	return pyErr("NoMatchingMethodException", `No method "`+name+`" for receiver `+pyStr(recv)+` matches supplied arguments`)
}

func errAmbiguous(name string, recv any, isMethod bool) error {
	if isMethod {
		return pyErr("AmbiguousMethodException", `Ambiguous method "`+name+`" for receiver `+pyStr(recv))
	}
	return pyErr("AmbiguousFunctionException", `Ambiguous function "`+name+`"`)
}

func errMappingTranslation() error {
	return pyErr("MappingTranslationException", "Cannot convert mapping to keyword argument")
}

func errArgument(name string) error {
	return pyErr("ArgumentException", "Invalid argument "+name)
}

// errStop is Python's bare StopIteration (an empty message).
func errStop(msg string) error { return pyErr("StopIteration", msg) }

func errKey(key any) error { return pyErr("KeyError", pyRepr(key)) }

func errType(msg string) error { return pyErr("TypeError", msg) }

func errValue(msg string) error { return pyErr("ValueError", msg) }

func errIndex(msg string) error { return pyErr("IndexError", msg) }

func errTooLarge(n int) error {
	return pyErr("CollectionTooLargeException", "Collection length exceeds "+itoa(n)+" elements")
}

func errMemory() error {
	return pyErr("MemoryQuotaExceededException", "Expression consumed too much memory")
}

func errSteps() error {
	return pyErr("EvaluationLimitExceeded", "Expression evaluation exceeded its step limit")
}

func errDepth() error {
	return pyErr("RecursionError", "maximum recursion depth exceeded")
}

func itoa(n int) string { return strconv.Itoa(n) }
