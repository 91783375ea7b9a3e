package storage

import "fmt"

// DynamicAction is a stored dynamic action: an action name bound to a
// class of a code source (api.md §12.3).
type DynamicAction struct {
	ID             string
	Name           string
	Namespace      string
	Project        string
	Scope          string
	ClassName      string
	CodeSourceID   string
	CodeSourceName string
	// Input is the class's parameter spec and Description its docstring,
	// read from the Python class when the action or its code source was
	// last written; Inspected is false when that was not possible (no
	// python3, or the class could not be loaded).
	Input          string
	Description    string
	HasDescription bool
	Inspected      bool
	CreatedAt      int64
	UpdatedAt      int64
}

type dynamicActionCodec struct{}

func (dynamicActionCodec) Append(b []byte, r *DynamicAction) []byte {
	e := Encoder{B: b}
	e.Byte(1)
	e.String(r.ID)
	e.String(r.Name)
	e.String(r.Namespace)
	e.String(r.Project)
	e.String(r.Scope)
	e.String(r.ClassName)
	e.String(r.CodeSourceID)
	e.String(r.CodeSourceName)
	e.String(r.Input)
	e.NullString(r.Description, r.HasDescription)
	e.Bool(r.Inspected)
	e.Int(r.CreatedAt)
	e.Int(r.UpdatedAt)
	return e.B
}

func (dynamicActionCodec) Decode(b []byte, r *DynamicAction) error {
	d := NewDecoder(b)
	if d.Byte() != 1 {
		return errCorrupt
	}
	r.ID = d.String()
	r.Name = d.String()
	r.Namespace = d.String()
	r.Project = d.String()
	r.Scope = d.String()
	r.ClassName = d.String()
	r.CodeSourceID = d.String()
	r.CodeSourceName = d.String()
	r.Input = d.String()
	r.Description, r.HasDescription = d.NullString()
	r.Inspected = d.Bool()
	r.CreatedAt = d.Int()
	r.UpdatedAt = d.Int()
	return d.Err
}

// IndexCodeSource indexes dynamic actions by code_source_id.
const IndexCodeSource = "code_source_id"

var dynamicActionSchema = Schema[DynamicAction]{
	Keyspace: "dyn",
	Codec:    dynamicActionCodec{},
	ID:       func(r *DynamicAction) string { return r.ID },
	Created:  func(r *DynamicAction) int64 { return r.CreatedAt },
	Fields: []Field[DynamicAction]{
		{Name: "id", Kind: KindText, Get: func(r *DynamicAction) any { return r.ID }},
		{Name: "name", Kind: KindText, Get: func(r *DynamicAction) any { return r.Name }},
		{Name: "namespace", Kind: KindText, Get: func(r *DynamicAction) any { return r.Namespace }},
		{Name: "code_source_id", Kind: KindText, Get: func(r *DynamicAction) any { return r.CodeSourceID }},
		{Name: "code_source_name", Kind: KindText, Get: func(r *DynamicAction) any { return r.CodeSourceName }},
		{Name: "class_name", Kind: KindText, Get: func(r *DynamicAction) any { return r.ClassName }},
		{Name: "project_id", Kind: KindText, Get: func(r *DynamicAction) any { return r.Project }},
		{Name: "scope", Kind: KindText, Get: func(r *DynamicAction) any { return r.Scope }},
		{Name: "tags", Kind: KindTags, Get: func(r *DynamicAction) any { return []string(nil) }},
		{Name: "created_at", Kind: KindTime, Get: func(r *DynamicAction) any { return r.CreatedAt }},
		{Name: "updated_at", Kind: KindTime, Get: func(r *DynamicAction) any { return nullTime(r.UpdatedAt) }},
	},
	Uniques: []Unique[DynamicAction]{{
		Key: func(r *DynamicAction) []byte { return KeyOf(r.Project, r.Namespace, r.Name) },
		Conflict: func(r *DynamicAction) error {
			return &ConflictError{Msg: fmt.Sprintf("Duplicate entry for dynamic action definition [name=%s, namespace=%s, project_id=%s]",
				r.Name, r.Namespace, projectShown(r.Project))}
		},
	}},
	Indexes: []Index{{Field: IndexCodeSource}},
}

// FindDynamicAction returns the dynamic action whose id is identifier, or
// whose name is identifier in namespace (seen by w when w is not nil); a
// NotFoundError in Mistral's words otherwise.
func (s *Surface) FindDynamicAction(w *Write, project, namespace, identifier string) (*DynamicAction, error) {
	return findByIDOrName(w, s.DynamicActions, project, namespace, identifier,
		func(r *DynamicAction) (string, string) { return r.Project, r.Scope },
		func() error {
			return &NotFoundError{Msg: fmt.Sprintf("Dynamic Action not found [name=%s,namespace=%s]", identifier, namespace)}
		})
}
