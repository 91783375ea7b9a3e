package storage

import "errors"

// WorkflowMeta holds the attributes of a workflow that only the v1 API
// knows: its display name, description and archived flag. Its ID is the
// workflow's id; a workflow without one has the defaults (display name =
// name, no description, not archived).
type WorkflowMeta struct {
	ID             string
	DisplayName    string
	HasDisplayName bool
	Description    string
	HasDescription bool
	Archived       bool
	CreatedAt      int64
	UpdatedAt      int64
}

type workflowMetaCodec struct{}

func (workflowMetaCodec) Append(b []byte, r *WorkflowMeta) []byte {
	e := Encoder{B: b}
	e.Byte(1)
	e.String(r.ID)
	e.NullString(r.DisplayName, r.HasDisplayName)
	e.NullString(r.Description, r.HasDescription)
	e.Bool(r.Archived)
	e.Int(r.CreatedAt)
	e.Int(r.UpdatedAt)
	return e.B
}

func (workflowMetaCodec) Decode(b []byte, r *WorkflowMeta) error {
	d := NewDecoder(b)
	if d.Byte() != 1 {
		return errCorrupt
	}
	r.ID = d.String()
	r.DisplayName, r.HasDisplayName = d.NullString()
	r.Description, r.HasDescription = d.NullString()
	r.Archived = d.Bool()
	r.CreatedAt = d.Int()
	r.UpdatedAt = d.Int()
	return d.Err
}

var workflowMetaSchema = Schema[WorkflowMeta]{
	Keyspace: "wfv1",
	Codec:    workflowMetaCodec{},
	ID:       func(r *WorkflowMeta) string { return r.ID },
	Created:  func(r *WorkflowMeta) int64 { return r.CreatedAt },
	Fields: []Field[WorkflowMeta]{
		{Name: "id", Kind: KindText, Get: func(r *WorkflowMeta) any { return r.ID }},
		{Name: "archived", Kind: KindBool, Get: func(r *WorkflowMeta) any { return r.Archived }},
		{Name: "created_at", Kind: KindTime, Get: func(r *WorkflowMeta) any { return r.CreatedAt }},
	},
}

// Meta returns the v1 attributes of a workflow (the defaults when none
// were set).
func (s *Surface) Meta(workflowID string) (*WorkflowMeta, error) {
	m, err := s.WorkflowMeta.Get(workflowID)
	if errors.Is(err, ErrNotFound) {
		return &WorkflowMeta{ID: workflowID}, nil
	}
	return m, err
}
