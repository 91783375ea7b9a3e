package httpd

import (
	"net/http"

	"github.com/mistral-go/mistral-go/storage"
)

// Workflow definition history: every create or update that changes a
// workflow's definition records a registration (storage.Registration),
// in the same write. The v1 API calls them workflow registrations; v2
// users read them at GET /v2/workflows/{id}/versions (ours, not
// Mistral's).

// recordVersion records wf's definition as a new version when it
// changed; the caller's write holds the workflows' lock.
func (s *Server) recordVersion(w *storage.Write, wf *storage.Workflow, now int64) error {
	_, err := s.surf.store.RecordVersion(w, wf, now)
	return err
}

// ensureVersion returns the newest registration of wf, recording one
// first for a workflow stored before registrations existed.
func (s *Server) ensureVersion(wf *storage.Workflow) (*storage.Registration, error) {
	// Every definition write records a version: only a workflow from
	// before versions existed has none.
	reg, err := s.surf.store.LatestVersion(wf.ID)
	if err != nil || reg != nil {
		return reg, err
	}
	err = s.defs.DB.Update(func(w *storage.Write) error {
		cur, err := s.defs.Workflows.GetIn(w, wf.ID)
		if err != nil {
			return notFound("Workflow not found [workflow_identifier=%s, namespace=%s]", wf.ID, wf.Namespace)
		}
		reg, err = s.surf.store.RecordVersion(w, cur, storage.Now())
		return err
	}, s.defs.Workflows)
	return reg, err
}

var versionFields = []field[storage.Registration]{
	{"id", func(b []byte, r *storage.Registration) []byte { return appendStr(b, r.ID) }},
	{"workflow_id", func(b []byte, r *storage.Registration) []byte { return appendStr(b, r.WorkflowID) }},
	{"version", func(b []byte, r *storage.Registration) []byte { return appendInt(b, r.Version) }},
	{"name", func(b []byte, r *storage.Registration) []byte { return appendStr(b, r.Name) }},
	{"namespace", func(b []byte, r *storage.Registration) []byte { return appendStr(b, r.Namespace) }},
	{"input", func(b []byte, r *storage.Registration) []byte { return appendStr(b, r.Input) }},
	{"interface", func(b []byte, r *storage.Registration) []byte { return appendStr(b, r.Interface) }},
	{"definition", func(b []byte, r *storage.Registration) []byte { return appendStr(b, r.Definition) }},
	{"tags", func(b []byte, r *storage.Registration) []byte { return appendTags(b, r.Tags) }},
	{"scope", func(b []byte, r *storage.Registration) []byte { return appendStr(b, r.Scope) }},
	{"project_id", func(b []byte, r *storage.Registration) []byte { return appendStr(b, r.Project) }},
	{"created_at", func(b []byte, r *storage.Registration) []byte { return appendTime(b, r.CreatedAt) }},
}

// getWorkflowSub serves GET /v2/workflows/{id}/{x}: the definition
// history when x is "versions", else the workflow in namespace x.
func (s *Server) getWorkflowSub(c *call) error {
	if c.ps.ByName("ns") == "versions" {
		return s.listWorkflowVersions(c)
	}
	return s.getWorkflow(c)
}

// listWorkflowVersions answers {"versions": [...]}, oldest first.
func (s *Server) listWorkflowVersions(c *call) error {
	wf, err := s.defs.FindWorkflow(c.project(), c.get("namespace"), c.ps.ByName("id"))
	if err != nil {
		return err
	}
	if _, err := s.ensureVersion(wf); err != nil {
		return err
	}
	regs, err := s.surf.store.Versions(wf.ID)
	if err != nil {
		return err
	}
	writeJSON(c.w, http.StatusOK, append(appendObjects(nil, "versions", versionFields, regs, nil), "]}"...))
	return nil
}
