package httpd

import "github.com/mistral-go/mistral-go/value"

// Body kinds of the runtime resources beyond those of checkAttrs: WSME
// booleans and lists of text. checkAttrs leaves them alone; checkRuntimeAttrs
// validates them.
const (
	aBool     akind = 100 + iota // bool ("true"/"1"/"yes"... as strings too)
	aTextList                    // [text]
)

// executionAttrs is the WSME body type of POST/PUT /v2/executions
// (argument wf_ex), in Mistral's attribute order.
var executionAttrs = []attr{
	{name: "id"}, {name: "workflow_id"}, {name: "workflow_name"}, {name: "workflow_namespace"},
	{name: "description"}, {name: "tags", kind: aTextList}, {name: "params", kind: aJSON},
	{name: "task_execution_id"}, {name: "root_execution_id"}, {name: "source_execution_id"},
	{name: "state"}, {name: "state_info"}, {name: "input", kind: aJSON}, {name: "output", kind: aJSON},
	{name: "created_at"}, {name: "updated_at"}, {name: "project_id", readOnly: true},
	{name: "published_global", kind: aJSON},
}

// taskAttrs is the WSME body type of PUT /v2/tasks/{id} (argument task).
var taskAttrs = []attr{
	{name: "id"}, {name: "name"}, {name: "type"}, {name: "workflow_name"}, {name: "workflow_namespace"},
	{name: "workflow_id"}, {name: "workflow_execution_id"}, {name: "tags", kind: aTextList},
	{name: "state"}, {name: "state_info"}, {name: "project_id", readOnly: true},
	{name: "runtime_context", kind: aJSON}, {name: "result"}, {name: "published", kind: aJSON},
	{name: "published_global", kind: aJSON}, {name: "processed", kind: aBool},
	{name: "created_at"}, {name: "updated_at"}, {name: "started_at"}, {name: "finished_at"},
	{name: "reset", kind: aBool}, {name: "env", kind: aJSON},
}

// actionExecutionAttrs is the WSME body type of POST/PUT
// /v2/action_executions (argument action_ex).
var actionExecutionAttrs = []attr{
	{name: "id"}, {name: "workflow_name"}, {name: "workflow_namespace"}, {name: "task_name"},
	{name: "task_execution_id"}, {name: "state"}, {name: "state_info"}, {name: "tags", kind: aTextList},
	{name: "name"}, {name: "description"}, {name: "project_id", readOnly: true},
	{name: "accepted", kind: aBool}, {name: "input", kind: aJSON}, {name: "output", kind: aJSON},
	{name: "created_at"}, {name: "updated_at"}, {name: "params", kind: aJSON},
}

// runtimeBody reads and validates a JSON body of argument arg. Mandatory
// attributes missing are reported first, as WSME does for the Task type;
// booleans are replaced by their Go value.
func (c *call) runtimeBody(arg string, attrs []attr, mandatory ...string) (*value.Map, error) {
	m, err := c.jsonObject(arg)
	if err != nil {
		return nil, err
	}
	for _, k := range mandatory {
		if _, ok := m.Get(k); !ok && unknownAttr(m, attrs) == "" {
			return nil, invalid("Invalid input for field/attribute %s. Value: 'None'. Mandatory field missing.", k)
		}
	}
	if err := checkAttrs(arg, m, attrs); err != nil {
		return nil, err
	}
	for _, a := range attrs {
		v, ok := m.Get(a.name)
		if !ok || v == nil {
			continue
		}
		switch a.kind {
		case aBool:
			b, ok := wsmeBool(v)
			if !ok {
				return nil, invalid("Invalid input for field/attribute %s. Value: '%s'. Value not an unambiguous boolean: %s", arg, value.Str(m), value.Str(v))
			}
			m.Set(a.name, b)
		case aTextList:
			l, ok := v.([]any)
			if !ok {
				return nil, invalid("Invalid input for field/attribute %s. Value: '%s'. Value not a valid list: %s", arg, value.Str(m), value.Str(v))
			}
			for _, x := range l {
				if _, ok := x.(string); !ok {
					return nil, wrongType(a.name, x)
				}
			}
		}
	}
	return m, nil
}

// unknownAttr returns the first attribute of m that attrs lacks ("" if
// none).
func unknownAttr(m *value.Map, attrs []attr) string {
	for _, k := range m.Keys() {
		if !containsAttr(attrs, k) {
			return k
		}
	}
	return ""
}

// wsmeBool converts a JSON value to a boolean as WSME does: integers are
// true unless zero, strings must be one of its unambiguous spellings.
func wsmeBool(v any) (bool, bool) {
	switch x := v.(type) {
	case bool:
		return x, true
	case int64:
		return x != 0, true
	case string:
		switch x {
		case "true", "t", "yes", "y", "on", "1":
			return true, true
		case "false", "f", "no", "n", "off", "0":
			return false, true
		}
	}
	return false, false
}

// bodyText returns the string attribute k of a checked body ("" when absent
// or null).
func bodyText(m *value.Map, k string) string {
	v, _ := m.Get(k)
	s, _ := v.(string)
	return s
}

// bodyMap returns the JSON attribute k of a checked body (nil when absent
// or null).
func bodyMap(m *value.Map, k string) *value.Map {
	v, _ := m.Get(k)
	mm, _ := v.(*value.Map)
	return mm
}
