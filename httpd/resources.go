package httpd

import "github.com/mistral-go/mistral-go/storage"

// Wire forms of the definition resources, field by field in Mistral's
// order.

var workflowFields = []field[storage.Workflow]{
	{"id", func(b []byte, r *storage.Workflow) []byte { return appendStr(b, r.ID) }},
	{"name", func(b []byte, r *storage.Workflow) []byte { return appendStr(b, r.Name) }},
	{"namespace", func(b []byte, r *storage.Workflow) []byte { return appendStr(b, r.Namespace) }},
	{"input", func(b []byte, r *storage.Workflow) []byte { return appendStr(b, r.Input) }},
	{"interface", func(b []byte, r *storage.Workflow) []byte { return appendStr(b, r.Interface) }},
	{"definition", func(b []byte, r *storage.Workflow) []byte { return appendStr(b, r.Definition) }},
	{"tags", func(b []byte, r *storage.Workflow) []byte { return appendTags(b, r.Tags) }},
	{"scope", func(b []byte, r *storage.Workflow) []byte { return appendStr(b, r.Scope) }},
	{"project_id", func(b []byte, r *storage.Workflow) []byte { return appendStr(b, r.Project) }},
	{"created_at", func(b []byte, r *storage.Workflow) []byte { return appendTime(b, r.CreatedAt) }},
	{"updated_at", func(b []byte, r *storage.Workflow) []byte { return appendNullTime(b, r.UpdatedAt) }},
}

// workflowTextFields is the workflow as the YAML endpoints (POST/PUT)
// answer it: "interface" is a JSON object there, not a string.
var workflowTextFields = func() []field[storage.Workflow] {
	fs := append([]field[storage.Workflow](nil), workflowFields...)
	fs[4].enc = func(b []byte, r *storage.Workflow) []byte { return append(b, r.Interface...) }
	return fs
}()

var workbookFields = []field[storage.Workbook]{
	{"id", func(b []byte, r *storage.Workbook) []byte { return appendStr(b, r.ID) }},
	{"name", func(b []byte, r *storage.Workbook) []byte { return appendStr(b, r.Name) }},
	{"namespace", func(b []byte, r *storage.Workbook) []byte { return appendStr(b, r.Namespace) }},
	{"definition", func(b []byte, r *storage.Workbook) []byte { return appendStr(b, r.Definition) }},
	{"tags", func(b []byte, r *storage.Workbook) []byte { return appendTags(b, r.Tags) }},
	{"scope", func(b []byte, r *storage.Workbook) []byte { return appendStr(b, r.Scope) }},
	{"project_id", func(b []byte, r *storage.Workbook) []byte { return appendStr(b, r.Project) }},
	{"created_at", func(b []byte, r *storage.Workbook) []byte { return appendTime(b, r.CreatedAt) }},
	{"updated_at", func(b []byte, r *storage.Workbook) []byte { return appendNullTime(b, r.UpdatedAt) }},
}

var actionFields = []field[storage.Action]{
	{"id", func(b []byte, r *storage.Action) []byte { return appendStr(b, r.ID) }},
	{"name", func(b []byte, r *storage.Action) []byte { return appendStr(b, r.Name) }},
	{"is_system", func(b []byte, r *storage.Action) []byte { return append(b, "false"...) }},
	{"input", func(b []byte, r *storage.Action) []byte { return appendNullStr(b, r.Input, r.HasInput) }},
	{"description", func(b []byte, r *storage.Action) []byte {
		return appendNullStr(b, r.Description, r.HasDescription)
	}},
	{"tags", func(b []byte, r *storage.Action) []byte { return appendTags(b, r.Tags) }},
	{"definition", func(b []byte, r *storage.Action) []byte { return appendStr(b, r.Definition) }},
	{"scope", func(b []byte, r *storage.Action) []byte { return appendStr(b, r.Scope) }},
	{"project_id", func(b []byte, r *storage.Action) []byte { return appendStr(b, r.Project) }},
	{"created_at", func(b []byte, r *storage.Action) []byte { return appendTime(b, r.CreatedAt) }},
	{"updated_at", func(b []byte, r *storage.Action) []byte { return appendNullTime(b, r.UpdatedAt) }},
	{"namespace", func(b []byte, r *storage.Action) []byte { return appendStr(b, r.Namespace) }},
}

var environmentFields = []field[storage.Environment]{
	{"id", func(b []byte, r *storage.Environment) []byte { return appendStr(b, r.ID) }},
	{"name", func(b []byte, r *storage.Environment) []byte { return appendStr(b, r.Name) }},
	{"description", func(b []byte, r *storage.Environment) []byte {
		return appendNullStr(b, r.Description, r.HasDescription)
	}},
	{"variables", func(b []byte, r *storage.Environment) []byte { return appendJSONText(b, r.Variables) }},
	{"scope", func(b []byte, r *storage.Environment) []byte { return appendStr(b, r.Scope) }},
	{"project_id", func(b []byte, r *storage.Environment) []byte { return appendStr(b, r.Project) }},
	{"created_at", func(b []byte, r *storage.Environment) []byte { return appendTime(b, r.CreatedAt) }},
	{"updated_at", func(b []byte, r *storage.Environment) []byte { return appendNullTime(b, r.UpdatedAt) }},
}

func names[T any](fs []field[T]) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.name
	}
	return out
}
