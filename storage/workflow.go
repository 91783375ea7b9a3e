package storage

import "fmt"

// Workflow is a stored workflow definition.
type Workflow struct {
	ID        string
	Name      string // workbook workflows are named "<workbook>.<workflow>"
	Namespace string
	Project   string
	Scope     string // "private" or "public"
	// Workbook is the name of the workbook that defined the workflow, ""
	// for a standalone one; the DSL parser needs it to resolve short
	// names inside the workbook.
	Workbook string
	// Input is the human-readable input signature (`a, b="1"`).
	Input string
	// Interface is {"input": [...], "output": [...]} as Python json.dumps
	// text, ready to be sent as a JSON string or embedded as an object.
	Interface  string
	Definition string
	Tags       []string
	CreatedAt  int64 // Unix seconds
	UpdatedAt  int64 // Unix seconds, 0 until the first change
}

type workflowCodec struct{}

func (workflowCodec) Append(b []byte, r *Workflow) []byte {
	e := Encoder{B: b}
	e.Byte(1)
	e.String(r.ID)
	e.String(r.Name)
	e.String(r.Namespace)
	e.String(r.Project)
	e.String(r.Scope)
	e.String(r.Workbook)
	e.String(r.Input)
	e.String(r.Interface)
	e.String(r.Definition)
	e.Strings(r.Tags)
	e.Int(r.CreatedAt)
	e.Int(r.UpdatedAt)
	return e.B
}

func (workflowCodec) Decode(b []byte, r *Workflow) error {
	d := NewDecoder(b)
	if d.Byte() != 1 {
		return errCorrupt
	}
	r.ID = d.String()
	r.Name = d.String()
	r.Namespace = d.String()
	r.Project = d.String()
	r.Scope = d.String()
	r.Workbook = d.String()
	r.Input = d.String()
	r.Interface = d.String()
	r.Definition = d.String()
	r.Tags = d.Strings()
	r.CreatedAt = d.Int()
	r.UpdatedAt = d.Int()
	return d.Err
}

var workflowSchema = Schema[Workflow]{
	Keyspace: "wf",
	Codec:    workflowCodec{},
	ID:       func(r *Workflow) string { return r.ID },
	Created:  func(r *Workflow) int64 { return r.CreatedAt },
	Fields: []Field[Workflow]{
		{Name: "id", Kind: KindText, Get: func(r *Workflow) any { return r.ID }},
		{Name: "name", Kind: KindText, Get: func(r *Workflow) any { return r.Name }},
		{Name: "namespace", Kind: KindText, Get: func(r *Workflow) any { return r.Namespace }},
		{Name: "input", Kind: KindText, Get: func(r *Workflow) any { return r.Input }},
		{Name: "interface", Kind: KindJSON, Get: func(r *Workflow) any { return r.Interface }},
		{Name: "definition", Kind: KindText, Get: func(r *Workflow) any { return r.Definition }},
		{Name: "tags", Kind: KindTags, Get: func(r *Workflow) any { return r.Tags }},
		{Name: "scope", Kind: KindText, Get: func(r *Workflow) any { return r.Scope }},
		{Name: "project_id", Kind: KindText, Get: func(r *Workflow) any { return r.Project }},
		{Name: "created_at", Kind: KindTime, Get: func(r *Workflow) any { return r.CreatedAt }},
		{Name: "updated_at", Kind: KindTime, Get: func(r *Workflow) any { return nullTime(r.UpdatedAt) }},
	},
	Uniques: []Unique[Workflow]{{
		Key: func(r *Workflow) []byte { return KeyOf(r.Project, r.Namespace, r.Name) },
		Conflict: func(r *Workflow) error {
			return &ConflictError{Msg: fmt.Sprintf("Duplicate entry for WorkflowDefinition ['name', 'namespace', 'project_id']: %s, %s, %s", r.Name, r.Namespace, projectShown(r.Project))}
		},
	}},
	Indexes: []Index{{Field: "namespace"}},
}
