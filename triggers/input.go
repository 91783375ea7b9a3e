package triggers

import (
	"strings"

	"github.com/mistral-go/mistral-go/actions"
	"github.com/mistral-go/mistral-go/dsl"
	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// checkInput checks a trigger's workflow input against the workflow's
// declared input, as an execution start does: "Invalid input
// [name=wf, class=DirectWorkflowSpec, missing=['a'], unexpected=['b']]".
func checkInput(wf *storage.Workflow, input *value.Map) error {
	spec, err := dsl.ParseWorkflowDefinition(wf.Definition, wf.Workbook)
	if err != nil {
		return err
	}
	ps := make([]actions.Param, len(spec.Input))
	for i, in := range spec.Input {
		ps[i] = actions.Param{Name: in.Name, Required: !in.HasDefault, Default: in.Default}
	}
	name := spec.Name
	if wf.Workbook != "" {
		name = strings.TrimPrefix(name, wf.Workbook+".")
	}
	class := "DirectWorkflowSpec"
	if spec.Type == dsl.Reverse {
		class = "ReverseWorkflowSpec"
	}
	if input == nil {
		input = value.NewMap(0)
	}
	if err := actions.NewSignature(ps).Check(name, class, input); err != nil {
		return &storage.InvalidError{Msg: err.Error()}
	}
	return nil
}

// pyText returns a JSON object as Python json.dumps text ("{}" for nil).
func pyText(m *value.Map) []byte {
	if m == nil {
		return []byte("{}")
	}
	return value.AppendPy(nil, m)
}

// mapOf decodes stored JSON object text (nil or bad text gives an empty
// map).
func mapOf(text []byte) *value.Map {
	if len(text) == 0 {
		return value.NewMap(0)
	}
	v, err := value.Decode(text)
	if m, ok := v.(*value.Map); ok && err == nil {
		return m
	}
	return value.NewMap(0)
}

// description is the execution description a trigger gives, in Mistral's
// words: JSON with "description" and "triggered_by".
// name is a string, or nil for a trigger without one.
func description(kind, what, id string, name any) string {
	d := value.MapOf(
		"description", "Workflow execution created by "+what+" trigger '("+id+")'.",
		"triggered_by", value.MapOf("type", kind, "id", id, "name", name),
	)
	return string(value.AppendPy(nil, d))
}
