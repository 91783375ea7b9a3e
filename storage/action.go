package storage

import "fmt"

// Action is a stored ad-hoc action definition.
type Action struct {
	ID        string
	Name      string // workbook actions are named "<workbook>.<action>"
	Namespace string
	Project   string
	Scope     string
	Workbook  string // name of the defining workbook, "" if standalone
	// Input is the input signature; HasInput is false when the action
	// declares no input (Mistral shows null then).
	Input    string
	HasInput bool
	// Description is null unless HasDescription.
	Description    string
	HasDescription bool
	Tags           []string
	Definition     string
	CreatedAt      int64
	UpdatedAt      int64
}

type actionCodec struct{}

func (actionCodec) Append(b []byte, r *Action) []byte {
	e := Encoder{B: b}
	e.Byte(1)
	e.String(r.ID)
	e.String(r.Name)
	e.String(r.Namespace)
	e.String(r.Project)
	e.String(r.Scope)
	e.String(r.Workbook)
	e.NullString(r.Input, r.HasInput)
	e.NullString(r.Description, r.HasDescription)
	e.Strings(r.Tags)
	e.String(r.Definition)
	e.Int(r.CreatedAt)
	e.Int(r.UpdatedAt)
	return e.B
}

func (actionCodec) Decode(b []byte, r *Action) error {
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
	r.Input, r.HasInput = d.NullString()
	r.Description, r.HasDescription = d.NullString()
	r.Tags = d.Strings()
	r.Definition = d.String()
	r.CreatedAt = d.Int()
	r.UpdatedAt = d.Int()
	return d.Err
}

func nullString(s string, ok bool) any {
	if !ok {
		return nil
	}
	return s
}

var actionSchema = Schema[Action]{
	Keyspace: "ac",
	Codec:    actionCodec{},
	ID:       func(r *Action) string { return r.ID },
	Created:  func(r *Action) int64 { return r.CreatedAt },
	Fields: []Field[Action]{
		{Name: "id", Kind: KindText, Get: func(r *Action) any { return r.ID }},
		{Name: "name", Kind: KindText, Get: func(r *Action) any { return r.Name }},
		{Name: "namespace", Kind: KindText, Get: func(r *Action) any { return r.Namespace }},
		{Name: "input", Kind: KindText, Get: func(r *Action) any { return nullString(r.Input, r.HasInput) }},
		{Name: "description", Kind: KindText, Get: func(r *Action) any { return nullString(r.Description, r.HasDescription) }},
		{Name: "definition", Kind: KindText, Get: func(r *Action) any { return r.Definition }},
		{Name: "tags", Kind: KindTags, Get: func(r *Action) any { return r.Tags }},
		{Name: "scope", Kind: KindText, Get: func(r *Action) any { return r.Scope }},
		{Name: "project_id", Kind: KindText, Get: func(r *Action) any { return r.Project }},
		{Name: "is_system", Kind: KindBool, Get: func(r *Action) any { return false }},
		{Name: "created_at", Kind: KindTime, Get: func(r *Action) any { return r.CreatedAt }},
		{Name: "updated_at", Kind: KindTime, Get: func(r *Action) any { return nullTime(r.UpdatedAt) }},
	},
	Uniques: []Unique[Action]{{
		Key: func(r *Action) []byte { return KeyOf(r.Project, r.Namespace, r.Name) },
		Conflict: func(r *Action) error {
			return &ConflictError{Msg: fmt.Sprintf("Duplicate entry for Action ['name', 'namespace', 'project_id']: %s, %s, %s", r.Name, r.Namespace, projectShown(r.Project))}
		},
	}},
}
