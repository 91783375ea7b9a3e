package storage

import (
	"errors"

	"github.com/google/uuid"
)

// Registration is an immutable version of a workflow definition: every
// create or update of a workflow that changes its definition records
// one, so that a past version can still be listed and executed (the v1
// API's workflow registrations, and GET /v2/workflows/{id}/versions).
type Registration struct {
	ID         string // a time-ordered UUID (version 7)
	WorkflowID string
	// Version numbers the registrations of a workflow from 1.
	Version   int64
	Name      string
	Namespace string
	Project   string
	Scope     string
	Workbook  string
	// Input, Interface and Definition are the workflow's as of this
	// version (see Workflow).
	Input      string
	Interface  string
	Definition string
	Tags       []string
	CreatedAt  int64
}

type registrationCodec struct{}

func (registrationCodec) Append(b []byte, r *Registration) []byte {
	e := Encoder{B: b}
	e.Byte(1)
	e.String(r.ID)
	e.String(r.WorkflowID)
	e.Int(r.Version)
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
	return e.B
}

func (registrationCodec) Decode(b []byte, r *Registration) error {
	d := NewDecoder(b)
	if d.Byte() != 1 {
		return errCorrupt
	}
	r.ID = d.String()
	r.WorkflowID = d.String()
	r.Version = d.Int()
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
	return d.Err
}

// IndexWorkflow indexes registrations by workflow_id.
const IndexWorkflow = "workflow_id"

var registrationSchema = Schema[Registration]{
	Keyspace: "wfreg",
	Codec:    registrationCodec{},
	ID:       func(r *Registration) string { return r.ID },
	Created:  func(r *Registration) int64 { return r.CreatedAt },
	Fields: []Field[Registration]{
		{Name: "id", Kind: KindText, Get: func(r *Registration) any { return r.ID }},
		{Name: "workflow_id", Kind: KindText, Get: func(r *Registration) any { return r.WorkflowID }},
		{Name: "version", Kind: KindInt, Get: func(r *Registration) any { return r.Version }},
		{Name: "name", Kind: KindText, Get: func(r *Registration) any { return r.Name }},
		{Name: "namespace", Kind: KindText, Get: func(r *Registration) any { return r.Namespace }},
		{Name: "project_id", Kind: KindText, Get: func(r *Registration) any { return r.Project }},
		{Name: "scope", Kind: KindText, Get: func(r *Registration) any { return r.Scope }},
		{Name: "created_at", Kind: KindTime, Get: func(r *Registration) any { return r.CreatedAt }},
	},
	Indexes: []Index{{Field: IndexWorkflow}},
}

// Versions returns the registrations of a workflow, oldest first.
func (s *Surface) Versions(workflowID string) ([]*Registration, error) {
	var out []*Registration
	err := s.Registrations.Scan(IndexWorkflow, workflowID, func(r *Registration) bool {
		out = append(out, r)
		return true
	})
	return out, err
}

// LatestVersion returns the newest registration of a workflow, or nil.
func (s *Surface) LatestVersion(workflowID string) (*Registration, error) {
	var last *Registration
	err := s.Registrations.Scan(IndexWorkflow, workflowID, func(r *Registration) bool {
		if last == nil || r.Version > last.Version {
			last = r
		}
		return true
	})
	return last, err
}

// RecordVersion records wf's current definition as a new registration
// in w, unless its newest registration already holds the same
// definition; it returns the registration that now describes wf. The
// caller must hold the workflows' lock in w (every workflow write does),
// so that version numbers are not handed out twice.
func (s *Surface) RecordVersion(w *Write, wf *Workflow, now int64) (*Registration, error) {
	last, err := s.LatestVersion(wf.ID)
	if err != nil {
		return nil, err
	}
	if last != nil && last.Definition == wf.Definition && last.Name == wf.Name &&
		last.Namespace == wf.Namespace && last.Workbook == wf.Workbook && last.Scope == wf.Scope {
		return last, nil
	}
	id, err := uuid.NewV7()
	if err != nil {
		return nil, err
	}
	r := &Registration{
		ID: id.String(), WorkflowID: wf.ID, Version: 1, Name: wf.Name, Namespace: wf.Namespace,
		Project: wf.Project, Scope: wf.Scope, Workbook: wf.Workbook, Input: wf.Input,
		Interface: wf.Interface, Definition: wf.Definition, Tags: wf.Tags, CreatedAt: now,
	}
	if last != nil {
		r.Version = last.Version + 1
	}
	return r, s.Registrations.Put(w, r)
}

// DeleteVersions deletes every registration of a workflow, and its v1
// attributes, in w.
func (s *Surface) DeleteVersions(w *Write, workflowID string) error {
	regs, err := s.Versions(workflowID)
	if err != nil {
		return err
	}
	for _, r := range regs {
		if err := s.Registrations.Delete(w, r.ID); err != nil {
			return err
		}
	}
	if err := s.WorkflowMeta.Delete(w, workflowID); err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	return nil
}
