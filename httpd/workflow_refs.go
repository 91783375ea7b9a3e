package httpd

import "github.com/mistral-go/mistral-go/storage"

// What else refers to a workflow: cron and event triggers keep it from
// being deleted (or made private while other projects use it), and its
// memberships go with it (api.md §7.2).

// workflowLocks are the collections an Update that deletes or rescopes
// a workflow must lock, so that no trigger or membership appears in
// between.
func (s *Server) workflowLocks() []storage.Locker {
	l := []storage.Locker{s.defs.Workflows, s.defs.Members}
	if s.cfg.Triggers != nil {
		st := s.cfg.Triggers.Store()
		l = append(l, st.Cron, st.Events)
	}
	return l
}

// releaseWorkflow refuses to delete wf while triggers use it, and deletes
// its memberships, inside w.
func (s *Server) releaseWorkflow(w *storage.Write, wf *storage.Workflow, identifier, namespace string) error {
	if s.cfg.Triggers != nil {
		if err := s.cfg.Triggers.Store().CheckWorkflowDelete(wf, identifier, namespace); err != nil {
			return err
		}
	}
	return s.defs.DeleteMembersIn(w, wf.ID)
}

// rescopeWorkflow refuses to make public workflow wf private while
// triggers of other projects use it.
func (s *Server) rescopeWorkflow(wf *storage.Workflow, scope, identifier, namespace string) error {
	if s.cfg.Triggers == nil || wf.Scope != "public" || scope != "private" {
		return nil
	}
	return s.cfg.Triggers.Store().CheckWorkflowPrivate(wf, identifier, namespace)
}
