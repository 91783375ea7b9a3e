package triggers

import (
	"errors"
	"fmt"
	"time"

	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/triggers/cron"
	"github.com/mistral-go/mistral-go/value"
)

// NeverPattern is the pattern Mistral stores for a trigger given only a
// first execution time: the 30th of February, a date that never comes.
const NeverPattern = "0 0 30 2 0"

// CronRequest is the body of POST /v2/cron_triggers, decoded: empty
// strings and nil pointers are absent (or null) attributes.
type CronRequest struct {
	Name         string
	WorkflowName string
	WorkflowID   string
	// WorkflowInput and WorkflowParams are JSON objects (nil: none).
	WorkflowInput  *value.Map
	WorkflowParams *value.Map
	// Pattern is the cron pattern; HasPattern tells "" from absent.
	Pattern    string
	HasPattern bool
	// FirstExecutionTime is "YYYY-MM-DD HH:MM" (UTC), or "".
	FirstExecutionTime  string
	RemainingExecutions *int64
	Scope               string
}

// CreateCron validates and stores a cron trigger, in the order and words
// of Mistral's checks.
func (s *Service) CreateCron(c Caller, req CronRequest) (*storage.CronTrigger, error) {
	now := s.now()
	var first time.Time
	if req.FirstExecutionTime != "" {
		t, err := parseFirstTime(req.FirstExecutionTime)
		if err != nil {
			return nil, err
		}
		first = t
	}
	pattern := req.Pattern
	count := req.RemainingExecutions
	if first.IsZero() && pattern == "" {
		return nil, &storage.InvalidError{Msg: "Pattern or first_execution_time must be specified."}
	}
	if !first.IsZero() {
		if now.Add(s.cfg.MinFirstDelay).After(first) {
			return nil, &storage.InvalidError{Msg: "first_execution_time must be at least 1 minute in the future."}
		}
		if pattern == "" && count != nil && *count > 1 {
			return nil, &storage.InvalidError{Msg: "Pattern must be provided if count is superior to 1."}
		}
	}
	var sched *cron.Schedule
	if pattern != "" {
		var err error
		if sched, err = cron.Parse(pattern); err != nil {
			return nil, &storage.InvalidError{Msg: "The specified pattern is not valid: " + pattern}
		}
	}
	var next time.Time
	if !first.IsZero() {
		next = first
		if pattern == "" && count == nil {
			one := int64(1)
			count = &one
		}
	} else {
		var err error
		if next, err = sched.Next(now); err != nil {
			// A 500 in Mistral: the pattern is valid but never matches.
			return nil, &storage.InvalidError{Msg: fmt.Sprintf("The specified pattern is not valid: %s (%v)", pattern, err)}
		}
	}
	if !req.HasPattern {
		pattern = NeverPattern
	}
	scope := req.Scope
	if scope == "" {
		scope = "private"
	}
	t := &storage.CronTrigger{
		ID: s.cfg.NewID(), Name: req.Name, Project: c.Project, Scope: scope, Pattern: pattern,
		NextExecutionTime: next.Unix(), WorkflowInput: pyText(req.WorkflowInput), WorkflowParams: pyText(req.WorkflowParams),
		CreatedAt: now.Unix(),
	}
	if !first.IsZero() {
		t.FirstExecutionTime = first.Unix()
	}
	if count != nil {
		t.RemainingExecutions, t.HasRemaining = *count, true
	}
	ident := req.WorkflowID
	if ident == "" {
		ident = req.WorkflowName
	}
	err := s.store.DB.Update(func(w *storage.Write) error {
		wf, err := s.visibleWorkflow(c, w, ident)
		if err != nil {
			return err
		}
		if err := checkInput(wf, req.WorkflowInput); err != nil {
			return err
		}
		t.WorkflowName, t.WorkflowID = wf.Name, wf.ID
		return s.store.Cron.Put(w, t)
	}, s.store.Cron)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.next[t.ID] = t.NextExecutionTime
	s.mu.Unlock()
	s.poke()
	return t, nil
}

// visibleWorkflow finds the workflow a trigger names (id, or name in the
// default namespace, as Mistral looks it up), as seen by w.
func (s *Service) visibleWorkflow(c Caller, w *storage.Write, ident string) (*storage.Workflow, error) {
	notFound := func() error {
		shown := ident
		if shown == "" {
			shown = "None"
		}
		return &storage.NotFoundError{Msg: fmt.Sprintf("Workflow not found [workflow_identifier=%s, namespace=]", shown)}
	}
	if ident == "" {
		return nil, notFound()
	}
	if storage.LooksLikeUUID(ident) {
		wf, err := s.defs.Workflows.GetIn(w, ident)
		if err == nil && (c.Admin || s.defs.WorkflowVisible(wf, c.Project)) {
			return wf, nil
		}
		if err != nil && !errors.Is(err, storage.ErrNotFound) {
			return nil, err
		}
	}
	return s.defs.FindWorkflow(c.Project, "", ident)
}

// parseFirstTime reads "YYYY-MM-DD HH:MM" as Python's strptime does,
// with its error messages.
func parseFirstTime(s string) (time.Time, error) {
	const layout = "2006-01-02 15:04"
	t, err := time.Parse(layout, s)
	if err == nil {
		return t, nil
	}
	// strptime accepts the format as a prefix and complains about the
	// rest; anything else does not match.
	for n := len(s) - 1; n > 0; n-- {
		if _, err := time.Parse(layout, s[:n]); err == nil {
			return time.Time{}, &storage.InvalidError{Msg: "unconverted data remains: " + s[n:]}
		}
	}
	return time.Time{}, &storage.InvalidError{Msg: fmt.Sprintf("time data %s does not match format '%%Y-%%m-%%d %%H:%%M'", value.Repr(s))}
}

// FindCron returns the cron trigger named or identified by ident that
// the caller may see (its own, public ones; all for an admin).
func (s *Service) FindCron(c Caller, ident string) (*storage.CronTrigger, error) {
	t, err := s.store.Cron.Get(ident)
	if err == nil && (c.Admin || storage.Visible(t.Project, t.Scope, c.Project)) {
		return t, nil
	}
	if err != nil && !errors.Is(err, storage.ErrNotFound) {
		return nil, err
	}
	t, err = s.store.Cron.GetUnique(0, storage.KeyOf(c.Project, ident))
	if err == nil {
		return t, nil
	}
	if !errors.Is(err, storage.ErrNotFound) {
		return nil, err
	}
	var found *storage.CronTrigger
	err = s.store.Cron.ScanAll(func(r *storage.CronTrigger) bool {
		if r.Name == ident && (c.Admin || r.Scope == "public") {
			found = r
			return false
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	if found == nil {
		return nil, &storage.NotFoundError{Msg: fmt.Sprintf("Cron trigger not found [identifier=%s]", ident)}
	}
	return found, nil
}

// DeleteCron deletes a cron trigger of the caller's project.
func (s *Service) DeleteCron(c Caller, ident string) error {
	t, err := s.FindCron(c, ident)
	if err != nil {
		return err
	}
	if !c.Admin && t.Project != c.Project {
		return &storage.ForbiddenError{Msg: fmt.Sprintf("Can not access CronTrigger resource of other projects, ID: %s", t.ID)}
	}
	err = s.store.DB.Update(func(w *storage.Write) error {
		err := s.store.Cron.Delete(w, t.ID)
		if errors.Is(err, storage.ErrNotFound) {
			return &storage.NotFoundError{Msg: fmt.Sprintf("Cron trigger not found [identifier=%s]", ident)}
		}
		return err
	}, s.store.Cron)
	if err != nil {
		return err
	}
	s.mu.Lock()
	delete(s.next, t.ID)
	s.mu.Unlock()
	return nil
}
