package httpd

import (
	"errors"
	"slices"

	"github.com/google/uuid"

	"github.com/mistral-go/mistral-go/dsl"
	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// This file turns parsed definitions (package dsl) into stored records,
// each request's records in one atomic write: the logic behind the
// workbook, workflow and action handlers.

// definition reads a definition upload: its text and its scope.
func (c *call) definition() (text, scope string, err error) {
	if text, err = c.text(); err != nil {
		return "", "", err
	}
	scope, err = c.scope()
	return text, scope, err
}

// scope checks the scope query parameter of a definition upload.
func (c *call) scope() (string, error) {
	s := "private"
	if c.has("scope") {
		s = c.get("scope")
	}
	if s != "private" && s != "public" {
		return "", invalid("Scope must be one of the following: {'public', 'private'}; actual: %s", s)
	}
	if s == "public" && !c.admin() {
		return "", errForbidden
	}
	return s, nil
}

// namespaceArg returns the namespace of a request: the query parameter,
// else the extra path segment pecan maps to it, else "".
func (c *call) namespaceArg() string {
	if c.has("namespace") {
		return c.get("namespace")
	}
	return c.ps.ByName("namespace")
}

func tagsOrEmpty(t []string) []string {
	if t == nil {
		return []string{}
	}
	return t
}

// workflowRecord is the record of a parsed workflow (ID and times unset).
func workflowRecord(wf *dsl.Workflow, project, namespace, scope string) *storage.Workflow {
	return &storage.Workflow{
		Name:       wf.Name,
		Namespace:  namespace,
		Project:    project,
		Scope:      scope,
		Workbook:   wf.Workbook,
		Input:      wf.InputString(),
		Interface:  string(value.AppendPy(nil, wf.Interface())),
		Definition: wf.Definition,
		Tags:       tagsOrEmpty(wf.Tags),
	}
}

// actionRecord is the record of a parsed ad-hoc action.
func actionRecord(a *dsl.Action, project, namespace, scope string) *storage.Action {
	in := a.InputString()
	desc, hasDesc := a.Description, a.Description != ""
	if !hasDesc && a.Spec != nil {
		if v, ok := a.Spec.Get("description"); ok {
			s, isStr := v.(string)
			desc, hasDesc = s, isStr
		}
	}
	return &storage.Action{
		Name:           a.Name,
		Namespace:      namespace,
		Project:        project,
		Scope:          scope,
		Workbook:       a.Workbook,
		Input:          in,
		HasInput:       in != "",
		Description:    desc,
		HasDescription: hasDesc,
		Tags:           tagsOrEmpty(a.Tags),
		Definition:     a.Definition,
	}
}

// newIdentity gives a fresh record its id and creation time.
func newID() string { return uuid.NewString() }

// mergeWorkflow copies the definition fields of src into dst and says
// whether anything changed (Mistral only bumps updated_at then).
func mergeWorkflow(dst, src *storage.Workflow) bool {
	changed := dst.Name != src.Name || dst.Scope != src.Scope || dst.Workbook != src.Workbook ||
		dst.Input != src.Input || dst.Interface != src.Interface || dst.Definition != src.Definition ||
		!slices.Equal(dst.Tags, src.Tags) || dst.Namespace != src.Namespace
	dst.Name, dst.Scope, dst.Workbook, dst.Namespace = src.Name, src.Scope, src.Workbook, src.Namespace
	dst.Input, dst.Interface, dst.Definition, dst.Tags = src.Input, src.Interface, src.Definition, src.Tags
	return changed
}

func mergeAction(dst, src *storage.Action) bool {
	changed := dst.Name != src.Name || dst.Scope != src.Scope || dst.Workbook != src.Workbook ||
		dst.Input != src.Input || dst.HasInput != src.HasInput || dst.Description != src.Description ||
		dst.HasDescription != src.HasDescription || dst.Definition != src.Definition ||
		!slices.Equal(dst.Tags, src.Tags) || dst.Namespace != src.Namespace
	id, created, updated, project := dst.ID, dst.CreatedAt, dst.UpdatedAt, dst.Project
	*dst = *src
	dst.ID, dst.CreatedAt, dst.UpdatedAt, dst.Project = id, created, updated, project
	return changed
}

// createWorkflows stores every workflow of text, or none.
func (s *Server) storeWorkflows(project, namespace, scope, text string) ([]*storage.Workflow, error) {
	wfs, err := dsl.ParseWorkflows(text)
	if err != nil {
		return nil, err
	}
	now := storage.Now()
	recs := make([]*storage.Workflow, len(wfs))
	for i, wf := range wfs {
		recs[i] = workflowRecord(wf, project, namespace, scope)
		recs[i].ID, recs[i].CreatedAt = newID(), now
	}
	err = s.defs.DB.Update(func(w *storage.Write) error {
		for _, r := range recs {
			if err := s.defs.Workflows.Put(w, r); err != nil {
				return err
			}
			if err := s.recordVersion(w, r, now); err != nil {
				return err
			}
		}
		return nil
	}, s.defs.Workflows)
	return recs, err
}

// updateWorkflows updates every workflow of text (each must exist), or
// none; with an identifier the text must hold exactly one workflow, which
// replaces the workflow identified.
func (s *Server) updateWorkflows(project, namespace, scope, text, identifier string) ([]*storage.Workflow, error) {
	wfs, err := dsl.ParseWorkflows(text)
	if err != nil {
		return nil, err
	}
	if identifier != "" && len(wfs) > 1 {
		return nil, invalid("More than one workflows are not supported for update with identifier. [identifier: %s]", identifier)
	}
	now := storage.Now()
	out := make([]*storage.Workflow, 0, len(wfs))
	err = s.defs.DB.Update(func(w *storage.Write) error {
		for _, wf := range wfs {
			id := identifier
			if id == "" {
				id = wf.Name
			}
			cur, err := s.findWorkflowIn(w, project, namespace, id)
			if err != nil {
				return err
			}
			if err := s.rescopeWorkflow(cur, scope, id, namespace); err != nil {
				return err
			}
			if mergeWorkflow(cur, workflowRecord(wf, project, namespace, scope)) {
				cur.UpdatedAt = now
			}
			if err := s.defs.Workflows.Put(w, cur); err != nil {
				return err
			}
			if err := s.recordVersion(w, cur, now); err != nil {
				return err
			}
			out = append(out, cur)
		}
		return nil
	}, s.defs.Workflows)
	return out, err
}

// findWorkflowIn is FindWorkflow as seen by a write.
func (s *Server) findWorkflowIn(w *storage.Write, project, namespace, identifier string) (*storage.Workflow, error) {
	if storage.LooksLikeUUID(identifier) {
		wf, err := s.defs.Workflows.GetIn(w, identifier)
		if err == nil && s.defs.WorkflowVisible(wf, project) {
			if wf.Project != project {
				return nil, foreignWorkflow(wf)
			}
			return wf, nil
		}
		if err != nil && !errors.Is(err, storage.ErrNotFound) {
			return nil, err
		}
	}
	wf, err := s.defs.Workflows.GetUniqueIn(w, 0, storage.KeyOf(project, namespace, identifier))
	if errors.Is(err, storage.ErrNotFound) {
		return nil, notFound("Workflow not found [workflow_identifier=%s, namespace=%s]", identifier, namespace)
	}
	return wf, err
}

// upsertWorkflow creates or updates the workflow named like rec.
func (s *Server) upsertWorkflow(w *storage.Write, rec *storage.Workflow, now int64) (*storage.Workflow, error) {
	cur, err := s.defs.Workflows.GetUniqueIn(w, 0, storage.KeyOf(rec.Project, rec.Namespace, rec.Name))
	switch {
	case errors.Is(err, storage.ErrNotFound):
		rec.ID, rec.CreatedAt = newID(), now
		cur = rec
	case err != nil:
		return nil, err
	default:
		if mergeWorkflow(cur, rec) {
			cur.UpdatedAt = now
		}
	}
	if err := s.defs.Workflows.Put(w, cur); err != nil {
		return nil, err
	}
	return cur, s.recordVersion(w, cur, now)
}

// upsertAction creates or updates the ad-hoc action named like rec.
func (s *Server) upsertAction(w *storage.Write, rec *storage.Action, now int64) (*storage.Action, error) {
	cur, err := s.defs.Actions.GetUniqueIn(w, 0, storage.KeyOf(rec.Project, rec.Namespace, rec.Name))
	switch {
	case errors.Is(err, storage.ErrNotFound):
		rec.ID, rec.CreatedAt = newID(), now
		cur = rec
	case err != nil:
		return nil, err
	default:
		if mergeAction(cur, rec) {
			cur.UpdatedAt = now
		}
	}
	return cur, s.defs.Actions.Put(w, cur)
}

// saveWorkbook creates (create) or updates a workbook and upserts its
// workflows and actions, all in one write.
func (s *Server) saveWorkbook(project, namespace, scope, text string, create bool) (*storage.Workbook, error) {
	wb, err := dsl.ParseWorkbook(text)
	if err != nil {
		return nil, err
	}
	now := storage.Now()
	var out *storage.Workbook
	err = s.defs.DB.Update(func(w *storage.Write) error {
		rec := &storage.Workbook{Name: wb.Name, Namespace: namespace, Project: project, Scope: scope,
			Definition: wb.Definition, Tags: tagsOrEmpty(wb.Tags)}
		if create {
			rec.ID, rec.CreatedAt = newID(), now
		} else {
			cur, err := s.defs.Workbooks.GetUniqueIn(w, 0, storage.KeyOf(project, namespace, wb.Name))
			if errors.Is(err, storage.ErrNotFound) {
				return notFound("Workbook not found [name=%s, namespace=%s]", wb.Name, namespace)
			}
			if err != nil {
				return err
			}
			rec.ID, rec.CreatedAt, rec.UpdatedAt = cur.ID, cur.CreatedAt, cur.UpdatedAt
			if cur.Definition != rec.Definition || cur.Scope != rec.Scope || !slices.Equal(cur.Tags, rec.Tags) {
				rec.UpdatedAt = now
			}
		}
		if err := s.defs.Workbooks.Put(w, rec); err != nil {
			return err
		}
		for _, a := range wb.Actions {
			if _, err := s.upsertAction(w, actionRecord(a, project, namespace, scope), now); err != nil {
				return err
			}
		}
		for _, wf := range wb.Workflows {
			if _, err := s.upsertWorkflow(w, workflowRecord(wf, project, namespace, scope), now); err != nil {
				return err
			}
		}
		out = rec
		return nil
	}, s.defs.Workbooks, s.defs.Workflows, s.defs.Actions)
	return out, err
}

// createActions stores every ad-hoc action of text, or none.
func (s *Server) createActions(project, namespace, scope, text string) ([]*storage.Action, error) {
	acts, err := dsl.ParseActions(text)
	if err != nil {
		return nil, err
	}
	now := storage.Now()
	recs := make([]*storage.Action, len(acts))
	for i, a := range acts {
		recs[i] = actionRecord(a, project, namespace, scope)
		recs[i].ID, recs[i].CreatedAt = newID(), now
	}
	err = s.defs.DB.Update(func(w *storage.Write) error {
		for _, r := range recs {
			if s.isSystemAction(r.Name) {
				return invalid("Attempt to modify a system action: %s", r.Name)
			}
			if err := s.defs.Actions.Put(w, r); err != nil {
				return err
			}
		}
		return nil
	}, s.defs.Actions)
	return recs, err
}

// updateActions updates every ad-hoc action of text (each must exist).
func (s *Server) updateActions(project, namespace, scope, text, identifier string) ([]*storage.Action, error) {
	acts, err := dsl.ParseActions(text)
	if err != nil {
		return nil, err
	}
	if identifier != "" && len(acts) > 1 {
		return nil, invalid("More than one actions are not supported for update with identifier. [identifier: %s]", identifier)
	}
	now := storage.Now()
	out := make([]*storage.Action, 0, len(acts))
	err = s.defs.DB.Update(func(w *storage.Write) error {
		for _, a := range acts {
			if s.isSystemAction(a.Name) {
				return invalid("Attempt to modify a system action: %s", a.Name)
			}
			id := identifier
			if id == "" {
				id = a.Name
			}
			cur, err := s.findActionIn(w, project, namespace, id)
			if err != nil {
				return err
			}
			if mergeAction(cur, actionRecord(a, project, namespace, scope)) {
				cur.UpdatedAt = now
			}
			if err := s.defs.Actions.Put(w, cur); err != nil {
				return err
			}
			out = append(out, cur)
		}
		return nil
	}, s.defs.Actions)
	return out, err
}

func (s *Server) findActionIn(w *storage.Write, project, namespace, identifier string) (*storage.Action, error) {
	if storage.LooksLikeUUID(identifier) {
		a, err := s.defs.Actions.GetIn(w, identifier)
		if err == nil && storage.Visible(a.Project, a.Scope, project) {
			return a, nil
		}
		if err != nil && !errors.Is(err, storage.ErrNotFound) {
			return nil, err
		}
	}
	a, err := s.defs.Actions.GetUniqueIn(w, 0, storage.KeyOf(project, namespace, identifier))
	if errors.Is(err, storage.ErrNotFound) {
		return nil, actionDefNotFound(identifier, namespace)
	}
	return a, err
}

func actionDefNotFound(name, namespace string) error {
	return notFound("Action definition not found [action_name=%s, namespace=%s]", name, namespace)
}
