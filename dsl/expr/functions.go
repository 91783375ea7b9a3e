package expr

import (
	"strconv"
	"strings"

	"github.com/mistral-go/mistral-go/dsl/jinja"
	"github.com/mistral-go/mistral-go/dsl/yaql"
	"github.com/mistral-go/mistral-go/value"
)

// Mistral's expression functions (mistral.expressions.std_functions).
// Each is a Python function whose first parameter is the evaluation
// context: in YAQL the interpreter's context (hidden), in a Jinja global
// call the data context `_`, in a Jinja filter the piped value.

// noArg marks a parameter that was not passed.
type noArgT struct{}

var noArg any = noArgT{}

// mfunc is one Mistral function.
type mfunc struct {
	name     string   // as called: env, task, …
	pyName   string   // the Python function, for binding errors: task_
	params   []string // after the context
	required int
	// ctxOptional: the context parameter itself has a default (uuid_).
	ctxOptional bool
	// sigBind: the function is wrapped by Mistral's tx_cached decorator,
	// whose argument errors are inspect.Signature.bind's.
	sigBind bool
	impl    func(c *Context, lang Lang, context any, a []any) (any, error)
}

var mfuncs = []*mfunc{
	{name: "env", pyName: "env_", impl: fnEnv},
	{name: "execution", pyName: "execution_", sigBind: true, impl: fnExecution},
	{name: "executions", pyName: "executions_", sigBind: true, params: []string{"id", "root_execution_id", "state", "from_time", "to_time"}, impl: fnExecutions},
	{name: "global", pyName: "global_", params: []string{"var_name"}, required: 1, impl: fnGlobal},
	{name: "json_dump", pyName: "json_dump_", params: []string{"data"}, required: 1, impl: fnJSONDump},
	{name: "json_parse", pyName: "json_parse_", params: []string{"data"}, required: 1, impl: fnJSONParse},
	{name: "json_pp", pyName: "json_pp_", params: []string{"data"}, impl: fnJSONPP},
	{name: "task", pyName: "task_", sigBind: true, params: []string{"task_name"}, impl: fnTask},
	{name: "tasks", pyName: "tasks_", sigBind: true, params: []string{"workflow_execution_id", "recursive", "state", "flat"}, impl: fnTasks},
	{name: "uuid", pyName: "uuid_", ctxOptional: true, impl: fnUUID},
	{name: "yaml_dump", pyName: "yaml_dump_", params: []string{"data"}, required: 1, impl: fnYAMLDump},
	{name: "yaml_parse", pyName: "yaml_parse_", params: []string{"data"}, required: 1, impl: fnYAMLParse},
}

var (
	jinjaEnv  = jinja.NewEnv()
	yaqlFuncs = yaql.Functions{}
)

func init() {
	for _, f := range mfuncs {
		f := f
		jinjaEnv.AddGlobal(f.name, func(user any, args []any, kw *value.Map) (any, error) {
			c := user.(*Context)
			a, err := f.bindPy(args, kw, 1)
			if err != nil {
				return nil, err
			}
			return f.impl(c, Jinja, c.Root, a)
		})
		jinjaEnv.AddFilter(f.name, func(user any, args []any, kw *value.Map) (any, error) {
			c := user.(*Context)
			a, err := f.bindPy(args[1:], kw, 1)
			if err != nil {
				return nil, err
			}
			return f.impl(c, Jinja, args[0], a)
		})
		yaqlFuncs[f.name] = func(user any, args []any, kw *value.Map) (any, error) {
			c := user.(*Context)
			a, ok := f.bindYAQL(args, kw)
			if !ok {
				return nil, &yaql.EvalError{Kind: "NoMatchingFunctionException", Cause: `No function "` + f.name + `" matches supplied arguments`}
			}
			return f.impl(c, YAQL, c.Root, a)
		}
	}
}

// funcError is a Python exception raised by a Mistral function.
type funcError struct{ msg string }

func (e *funcError) Error() string { return e.msg }

func ferr(msg string) error { return &funcError{msg} }

// bindPy binds arguments as CPython does, with its error messages;
// bound is the number of leading parameters already supplied (the
// context).
func (f *mfunc) bindPy(args []any, kw *value.Map, bound int) ([]any, error) {
	out := make([]any, len(f.params))
	for i := range out {
		out[i] = noArg
	}
	total := len(f.params) + 1
	required := f.required + 1
	if f.ctxOptional {
		required = 0
	}
	given := len(args) + bound
	if f.sigBind {
		return f.bindSignature(args, kw)
	}
	if len(args) > len(f.params) {
		var takes string
		if required == total {
			takes = strconv.Itoa(total) + " positional argument" + plural(total)
		} else {
			takes = "from " + strconv.Itoa(required) + " to " + strconv.Itoa(total) + " positional arguments"
		}
		was := "were"
		if given == 1 {
			was = "was"
		}
		return nil, ferr(f.pyName + "() takes " + takes + " but " + strconv.Itoa(given) + " " + was + " given")
	}
	copy(out, args)
	if kw != nil {
		for i := 0; i < kw.Len(); i++ {
			k, v := kw.At(i)
			if k == "context" {
				return nil, ferr(f.pyName + "() got multiple values for argument 'context'")
			}
			idx := -1
			for j, p := range f.params {
				if p == k {
					idx = j
				}
			}
			if idx < 0 {
				return nil, ferr(f.pyName + "() got an unexpected keyword argument '" + k + "'")
			}
			if idx < len(args) {
				return nil, ferr(f.pyName + "() got multiple values for argument '" + k + "'")
			}
			out[idx] = v
		}
	}
	var missing []string
	for i := 0; i < f.required; i++ {
		if out[i] == noArg {
			missing = append(missing, "'"+f.params[i]+"'")
		}
	}
	if len(missing) > 0 {
		names := strings.Join(missing, " and ")
		if len(missing) > 2 {
			names = strings.Join(missing[:len(missing)-1], ", ") + ", and " + missing[len(missing)-1]
		}
		return nil, ferr(f.pyName + "() missing " + strconv.Itoa(len(missing)) + " required positional argument" + plural(len(missing)) + ": " + names)
	}
	return out, nil
}

// bindSignature binds as inspect.Signature.bind does, with its messages.
func (f *mfunc) bindSignature(args []any, kw *value.Map) ([]any, error) {
	if len(args) > len(f.params) {
		return nil, ferr("too many positional arguments")
	}
	out := make([]any, len(f.params))
	for i := range out {
		out[i] = noArg
	}
	copy(out, args)
	if kw != nil {
		for i := 0; i < kw.Len(); i++ {
			k, v := kw.At(i)
			idx := -1
			for j, p := range f.params {
				if p == k {
					idx = j
				}
			}
			switch {
			case k == "context" || idx >= 0 && idx < len(args):
				return nil, ferr("multiple values for argument '" + k + "'")
			case idx < 0:
				return nil, ferr("got an unexpected keyword argument '" + k + "'")
			}
			out[idx] = v
		}
	}
	for i := 0; i < f.required; i++ {
		if out[i] == noArg {
			return nil, ferr("missing a required argument: '" + f.params[i] + "'")
		}
	}
	return out, nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// camel converts a Python parameter name to yaql's camelCase keyword.
func camel(s string) string {
	parts := strings.Split(s, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

// bindYAQL binds arguments as yaql matches a Python function: positional
// arguments then camelCase keywords; any mismatch means the function
// does not match.
func (f *mfunc) bindYAQL(args []any, kw *value.Map) ([]any, bool) {
	if len(args) > len(f.params) {
		return nil, false
	}
	out := make([]any, len(f.params))
	for i := range out {
		out[i] = noArg
	}
	copy(out, args)
	if kw != nil {
		for i := 0; i < kw.Len(); i++ {
			k, v := kw.At(i)
			idx := -1
			for j, p := range f.params {
				if camel(p) == k {
					idx = j
				}
			}
			if idx < 0 || out[idx] != noArg {
				return nil, false
			}
			out[idx] = v
		}
	}
	for i := 0; i < f.required; i++ {
		if out[i] == noArg {
			return nil, false
		}
	}
	return out, true
}

// opt returns a bound argument, nil when not passed.
func opt(v any) any {
	if v == noArg {
		return nil
	}
	return v
}

// optStr converts an optional argument to the string the engine API
// takes ("" for None).
func optStr(v any) string {
	v = opt(v)
	if v == nil {
		return ""
	}
	if s, ok := v.(string); ok {
		return s
	}
	return value.Str(v)
}

// contextKey is context['<key>'] on the context argument: the yaql
// context's variable (None when absent) or the Jinja data dict (KeyError
// when absent).
func contextKey(lang Lang, context any, key string) (any, error) {
	if m, ok := context.(*value.Map); ok {
		if v, ok := m.Get(key); ok {
			return v, nil
		}
	}
	if lang == YAQL {
		return nil, nil
	}
	if _, ok := context.(*value.Map); ok || context == nil {
		return nil, ferr("'" + key + "'")
	}
	if _, ok := context.([]any); ok {
		return nil, ferr("list indices must be integers or slices, not str")
	}
	if _, ok := context.(string); ok {
		return nil, ferr("string indices must be integers")
	}
	return nil, ferr("'" + pyTypeName(context) + "' object is not subscriptable")
}

func pyTypeName(v any) string { return value.TypeName(v) }

// needFuncs returns the engine functions or the error Mistral gives when
// the context has no execution.
func needFuncs(c *Context, lang Lang, context any, key string) (Functions, error) {
	if c.Funcs != nil {
		return c.Funcs, nil
	}
	v, err := contextKey(lang, context, key)
	if err != nil {
		return nil, err
	}
	if v == nil {
		return nil, ferr("'NoneType' object is not subscriptable")
	}
	return nil, ferr("no engine context to evaluate " + key + " in")
}

func fnEnv(c *Context, lang Lang, context any, a []any) (any, error) {
	if m, ok := context.(*value.Map); ok {
		if v, ok := m.Get("__env"); ok {
			return v, nil
		}
	}
	if c.Funcs != nil {
		return c.Funcs.Env(), nil
	}
	return contextKey(lang, context, "__env")
}

func fnExecution(c *Context, lang Lang, context any, a []any) (any, error) {
	f, err := needFuncs(c, lang, context, "__execution")
	if err != nil {
		return nil, err
	}
	return f.Execution()
}

func fnExecutions(c *Context, lang Lang, context any, a []any) (any, error) {
	f, err := needFuncs(c, lang, context, "__execution")
	if err != nil {
		return nil, err
	}
	return f.Executions(optStr(a[0]), optStr(a[1]), optStr(a[2]), optStr(a[3]), optStr(a[4]))
}

func fnGlobal(c *Context, lang Lang, context any, a []any) (any, error) {
	f, err := needFuncs(c, lang, context, "__execution")
	if err != nil {
		return nil, err
	}
	return f.Global(optStr(a[0]))
}

func fnTask(c *Context, lang Lang, context any, a []any) (any, error) {
	f, err := needFuncs(c, lang, context, "__execution")
	if err != nil {
		return nil, err
	}
	return f.Task(optStr(a[0]))
}

func fnTasks(c *Context, lang Lang, context any, a []any) (any, error) {
	f, err := needFuncs(c, lang, context, "__execution")
	if err != nil {
		return nil, err
	}
	id := opt(a[0])
	if !value.Truthy(id) {
		id = nil
	}
	return f.Tasks(optStr(id), value.Truthy(opt(a[1])), optStr(a[2]), value.Truthy(opt(a[3])))
}

func fnUUID(c *Context, lang Lang, context any, a []any) (any, error) {
	return newUUID(), nil
}

func fnJSONDump(c *Context, lang Lang, context any, a []any) (any, error) {
	return string(value.AppendPyIndent(nil, a[0], 4)), nil
}

func fnJSONPP(c *Context, lang Lang, context any, a []any) (any, error) {
	data := opt(a[0])
	if !value.Truthy(data) {
		if lang == YAQL {
			return nil, ferr("Circular reference detected")
		}
		data = context
	}
	s := string(value.AppendPyIndent(nil, data, 4))
	s = strings.ReplaceAll(s, `\n`, "\n")
	return strings.ReplaceAll(s, " \n", "\n"), nil
}

func fnJSONParse(c *Context, lang Lang, context any, a []any) (any, error) {
	s, ok := a[0].(string)
	if !ok {
		return nil, ferr("<class '" + pyTypeName(a[0]) + "'> can't be decoded")
	}
	return parsePyJSON(s)
}

func fnYAMLDump(c *Context, lang Lang, context any, a []any) (any, error) {
	return dumpYAML(a[0]), nil
}

func fnYAMLParse(c *Context, lang Lang, context any, a []any) (any, error) {
	s, ok := a[0].(string)
	if !ok {
		return nil, ferr("'" + pyTypeName(a[0]) + "' object has no attribute 'read'")
	}
	return loadYAML(s)
}
