package storage

import "fmt"

// Workbook is a stored workbook: its own row only (its workflows and
// actions are stored as Workflow and Action records).
type Workbook struct {
	ID         string
	Name       string
	Namespace  string
	Project    string
	Scope      string
	Definition string
	Tags       []string
	CreatedAt  int64
	UpdatedAt  int64
}

type workbookCodec struct{}

func (workbookCodec) Append(b []byte, r *Workbook) []byte {
	e := Encoder{B: b}
	e.Byte(1)
	e.String(r.ID)
	e.String(r.Name)
	e.String(r.Namespace)
	e.String(r.Project)
	e.String(r.Scope)
	e.String(r.Definition)
	e.Strings(r.Tags)
	e.Int(r.CreatedAt)
	e.Int(r.UpdatedAt)
	return e.B
}

func (workbookCodec) Decode(b []byte, r *Workbook) error {
	d := NewDecoder(b)
	if d.Byte() != 1 {
		return errCorrupt
	}
	r.ID = d.String()
	r.Name = d.String()
	r.Namespace = d.String()
	r.Project = d.String()
	r.Scope = d.String()
	r.Definition = d.String()
	r.Tags = d.Strings()
	r.CreatedAt = d.Int()
	r.UpdatedAt = d.Int()
	return d.Err
}

var workbookSchema = Schema[Workbook]{
	Keyspace: "wb",
	Codec:    workbookCodec{},
	ID:       func(r *Workbook) string { return r.ID },
	Created:  func(r *Workbook) int64 { return r.CreatedAt },
	Fields: []Field[Workbook]{
		{Name: "id", Kind: KindText, Get: func(r *Workbook) any { return r.ID }},
		{Name: "name", Kind: KindText, Get: func(r *Workbook) any { return r.Name }},
		{Name: "namespace", Kind: KindText, Get: func(r *Workbook) any { return r.Namespace }},
		{Name: "definition", Kind: KindText, Get: func(r *Workbook) any { return r.Definition }},
		{Name: "tags", Kind: KindTags, Get: func(r *Workbook) any { return r.Tags }},
		{Name: "scope", Kind: KindText, Get: func(r *Workbook) any { return r.Scope }},
		{Name: "project_id", Kind: KindText, Get: func(r *Workbook) any { return r.Project }},
		{Name: "created_at", Kind: KindTime, Get: func(r *Workbook) any { return r.CreatedAt }},
		{Name: "updated_at", Kind: KindTime, Get: func(r *Workbook) any { return nullTime(r.UpdatedAt) }},
	},
	Uniques: []Unique[Workbook]{{
		Key: func(r *Workbook) []byte { return KeyOf(r.Project, r.Namespace, r.Name) },
		Conflict: func(r *Workbook) error {
			return &ConflictError{Msg: fmt.Sprintf("Duplicate entry for WorkbookDefinition ['name', 'namespace', 'project_id']: %s, %s, %s", r.Name, r.Namespace, projectShown(r.Project))}
		},
	}},
}
