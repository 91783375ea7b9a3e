package storage

import (
	"errors"
	"fmt"
)

// Member is a workflow shared with another project (api.md §12.1): the
// owner's project shares resource ResourceID with project MemberID,
// which accepts or rejects it.
type Member struct {
	ID           string
	ResourceID   string
	ResourceType string // "workflow"
	Project      string // the owner
	MemberID     string
	Status       string // "pending", "accepted" or "rejected"
	CreatedAt    int64
	UpdatedAt    int64
}

// Member statuses.
const (
	MemberPending  = "pending"
	MemberAccepted = "accepted"
	MemberRejected = "rejected"
)

// Index names of the member collection.
const (
	// IndexResource indexes memberships by resource_id.
	IndexResource = "resource_id"
	// IndexMember indexes memberships by member_id (what was shared with
	// a project).
	IndexMember = "member_id"
)

type memberCodec struct{}

func (memberCodec) Append(b []byte, r *Member) []byte {
	e := Encoder{B: b}
	e.Byte(1)
	e.String(r.ID)
	e.String(r.ResourceID)
	e.String(r.ResourceType)
	e.String(r.Project)
	e.String(r.MemberID)
	e.String(r.Status)
	e.Int(r.CreatedAt)
	e.Int(r.UpdatedAt)
	return e.B
}

func (memberCodec) Decode(b []byte, r *Member) error {
	d := NewDecoder(b)
	if d.Byte() != 1 {
		return errCorrupt
	}
	r.ID = d.String()
	r.ResourceID = d.String()
	r.ResourceType = d.String()
	r.Project = d.String()
	r.MemberID = d.String()
	r.Status = d.String()
	r.CreatedAt = d.Int()
	r.UpdatedAt = d.Int()
	return d.Err
}

var memberSchema = Schema[Member]{
	Keyspace: "member",
	Codec:    memberCodec{},
	ID:       func(r *Member) string { return r.ID },
	Created:  func(r *Member) int64 { return r.CreatedAt },
	Fields: []Field[Member]{
		{Name: "id", Kind: KindText, Get: func(r *Member) any { return r.ID }},
		{Name: IndexResource, Kind: KindText, Get: func(r *Member) any { return r.ResourceID }},
		{Name: "resource_type", Kind: KindText, Get: func(r *Member) any { return r.ResourceType }},
		{Name: "project_id", Kind: KindText, Get: func(r *Member) any { return r.Project }},
		{Name: IndexMember, Kind: KindText, Get: func(r *Member) any { return r.MemberID }},
		{Name: "status", Kind: KindText, Get: func(r *Member) any { return r.Status }},
		{Name: "created_at", Kind: KindTime, Get: func(r *Member) any { return r.CreatedAt }},
		{Name: "updated_at", Kind: KindTime, Get: func(r *Member) any { return nullTime(r.UpdatedAt) }},
	},
	Uniques: []Unique[Member]{{
		Key: func(r *Member) []byte { return KeyOf(r.ResourceID, r.ResourceType, r.MemberID) },
		Conflict: func(r *Member) error {
			return &ConflictError{Msg: fmt.Sprintf("Duplicate entry for ResourceMember ['resource_id', 'resource_type', 'member_id']: %s, %s, %s",
				r.ResourceID, r.ResourceType, r.MemberID)}
		},
	}},
	Indexes: []Index{{Field: IndexResource}, {Field: IndexMember}},
}

func memberNotFound(resourceID, memberID string) error {
	return &NotFoundError{Msg: fmt.Sprintf("Resource member not found [resource_id=%s, member_id=%s]", resourceID, memberID)}
}

// SharedWith reports whether workflow id was shared with project and the
// project accepted it.
func (d *Definitions) SharedWith(id, project string) bool {
	if d.Members == nil {
		return false
	}
	m, err := d.Members.GetUnique(0, KeyOf(id, "workflow", project))
	return err == nil && m.Status == MemberAccepted
}

// WorkflowVisible reports whether project may see workflow wf: its own,
// a public one, or one shared with it and accepted (api.md §1.1).
func (d *Definitions) WorkflowVisible(wf *Workflow, project string) bool {
	return Visible(wf.Project, wf.Scope, project) || d.SharedWith(wf.ID, project)
}

// SharedIDs returns a membership test for project: the ids of the
// workflows shared with it and accepted (for list visibility).
func (d *Definitions) SharedIDs(project string) (func(id string) bool, error) {
	if d.Members == nil {
		return nil, nil
	}
	var ids map[string]bool
	err := d.Members.Scan(IndexMember, project, func(m *Member) bool {
		if m.Status == MemberAccepted && m.ResourceType == "workflow" {
			if ids == nil {
				ids = map[string]bool{}
			}
			ids[m.ResourceID] = true
		}
		return true
	})
	if err != nil || ids == nil {
		return nil, err
	}
	return func(id string) bool { return ids[id] }, nil
}

// AddMember shares workflow resourceID of project with project
// memberID (POST /v2/workflows/{id}/members): only the owner may, only a
// private workflow, once per member.
func (d *Definitions) AddMember(project, resourceID, memberID string, now int64, newID func() string) (*Member, error) {
	if memberID == "" {
		return nil, &InvalidError{Msg: "Member id must be provided."}
	}
	var out *Member
	err := d.DB.Update(func(w *Write) error {
		wf, err := d.Workflows.GetIn(w, resourceID)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		if wf == nil || !d.WorkflowVisible(wf, project) {
			return &NotFoundError{Msg: fmt.Sprintf("Workflow not found [workflow_identifier=%s, namespace=]", resourceID)}
		}
		if wf.Scope != "private" {
			return &InvalidError{Msg: "Only private resource could be shared."}
		}
		if wf.Project != project {
			// Mistral stores a membership owned by the caller, which
			// shares nothing; a workflow of another project is not the
			// caller's to share.
			return &ForbiddenError{Msg: fmt.Sprintf("Can not access WorkflowDefinition resource of other projects, ID: %s", resourceID)}
		}
		m := &Member{ID: newID(), ResourceID: resourceID, ResourceType: "workflow", Project: project,
			MemberID: memberID, Status: MemberPending, CreatedAt: now}
		if err := d.Members.Put(w, m); err != nil {
			return err
		}
		out = m
		return nil
	}, d.Members, d.Workflows)
	return out, err
}

// MembersOf returns the memberships of resourceID that project may see:
// all of them for the owner, its own for a member.
func (d *Definitions) MembersOf(project, resourceID string) ([]*Member, error) {
	var out []*Member
	err := d.Members.Scan(IndexResource, resourceID, func(m *Member) bool {
		if m.ResourceType == "workflow" && (m.Project == project || m.MemberID == project) {
			out = append(out, m)
		}
		return true
	})
	return out, err
}

// GetMember returns the membership of memberID in resourceID, as the
// owner or that member sees it.
func (d *Definitions) GetMember(project, resourceID, memberID string) (*Member, error) {
	m, err := d.Members.GetUnique(0, KeyOf(resourceID, "workflow", memberID))
	if errors.Is(err, ErrNotFound) || err == nil && m.Project != project && m.MemberID != project {
		return nil, memberNotFound(resourceID, memberID)
	}
	return m, err
}

// UpdateMember sets the status of a membership: only the member project
// itself may.
func (d *Definitions) UpdateMember(project, resourceID, memberID, status string, now int64) (*Member, error) {
	if status == "" {
		return nil, &InvalidError{Msg: "Status must be provided."}
	}
	if memberID != project {
		return nil, memberNotFound(resourceID, memberID)
	}
	var out *Member
	err := d.DB.Update(func(w *Write) error {
		m, err := d.Members.GetUniqueIn(w, 0, KeyOf(resourceID, "workflow", memberID))
		if errors.Is(err, ErrNotFound) {
			return memberNotFound(resourceID, memberID)
		}
		if err != nil {
			return err
		}
		if m.Status != status {
			m.Status = status
			m.UpdatedAt = now
		}
		out = m
		return d.Members.Put(w, m)
	}, d.Members)
	return out, err
}

// DeleteMember removes a membership: only the owner may.
func (d *Definitions) DeleteMember(project, resourceID, memberID string) error {
	return d.DB.Update(func(w *Write) error {
		m, err := d.Members.GetUniqueIn(w, 0, KeyOf(resourceID, "workflow", memberID))
		if errors.Is(err, ErrNotFound) || err == nil && m.Project != project {
			return memberNotFound(resourceID, memberID)
		}
		if err != nil {
			return err
		}
		return d.Members.Delete(w, m.ID)
	}, d.Members)
}

// DeleteMembersIn deletes every membership of workflow id inside w (the
// workflow is being deleted); the Members collection must be locked.
func (d *Definitions) DeleteMembersIn(w *Write, id string) error {
	if d.Members == nil {
		return nil
	}
	var ids []string
	err := d.Members.Scan(IndexResource, id, func(m *Member) bool {
		ids = append(ids, m.ID)
		return true
	})
	if err != nil {
		return err
	}
	for _, mid := range ids {
		if err := d.Members.Delete(w, mid); err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
	}
	return nil
}
