package storage

import "fmt"

// Environment is a stored environment: named variables workflows run with.
type Environment struct {
	ID      string
	Name    string
	Project string
	Scope   string
	// Description is null unless HasDescription.
	Description    string
	HasDescription bool
	// Variables is the variables object as Python json.dumps text, nil
	// when null.
	Variables []byte
	CreatedAt int64
	UpdatedAt int64
}

type environmentCodec struct{}

func (environmentCodec) Append(b []byte, r *Environment) []byte {
	e := Encoder{B: b}
	e.Byte(1)
	e.String(r.ID)
	e.String(r.Name)
	e.String(r.Project)
	e.String(r.Scope)
	e.NullString(r.Description, r.HasDescription)
	e.Bytes(r.Variables)
	e.Int(r.CreatedAt)
	e.Int(r.UpdatedAt)
	return e.B
}

func (environmentCodec) Decode(b []byte, r *Environment) error {
	d := NewDecoder(b)
	if d.Byte() != 1 {
		return errCorrupt
	}
	r.ID = d.String()
	r.Name = d.String()
	r.Project = d.String()
	r.Scope = d.String()
	r.Description, r.HasDescription = d.NullString()
	r.Variables = d.Bytes()
	r.CreatedAt = d.Int()
	r.UpdatedAt = d.Int()
	return d.Err
}

var environmentSchema = Schema[Environment]{
	Keyspace: "env",
	Codec:    environmentCodec{},
	ID:       func(r *Environment) string { return r.ID },
	Created:  func(r *Environment) int64 { return r.CreatedAt },
	Fields: []Field[Environment]{
		{Name: "id", Kind: KindText, Get: func(r *Environment) any { return r.ID }},
		{Name: "name", Kind: KindText, Get: func(r *Environment) any { return r.Name }},
		{Name: "description", Kind: KindText, Get: func(r *Environment) any { return nullString(r.Description, r.HasDescription) }},
		{Name: "variables", Kind: KindJSON, Get: func(r *Environment) any {
			if r.Variables == nil {
				return nil
			}
			return string(r.Variables)
		}},
		{Name: "scope", Kind: KindText, Get: func(r *Environment) any { return r.Scope }},
		{Name: "project_id", Kind: KindText, Get: func(r *Environment) any { return r.Project }},
		{Name: "created_at", Kind: KindTime, Get: func(r *Environment) any { return r.CreatedAt }},
		{Name: "updated_at", Kind: KindTime, Get: func(r *Environment) any { return nullTime(r.UpdatedAt) }},
	},
	Uniques: []Unique[Environment]{{
		Key: func(r *Environment) []byte { return KeyOf(r.Project, r.Name) },
		Conflict: func(r *Environment) error {
			return &ConflictError{Msg: fmt.Sprintf("Duplicate entry for Environment ['name', 'project_id']: %s, %s", r.Name, projectShown(r.Project))}
		},
	}},
}
