package triggers

import (
	"errors"
	"fmt"

	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// EventRequest is the body of POST and PUT /v2/event_triggers, decoded;
// the Has… flags and nil maps tell absent attributes.
type EventRequest struct {
	Name    string
	HasName bool
	// NameNull is an explicit "name": null.
	NameNull       bool
	WorkflowID     string
	WorkflowInput  *value.Map
	WorkflowParams *value.Map
	HasInput       bool
	HasParams      bool
	Exchange       string
	Topic          string
	Event          string
	Scope          string
}

// CreateEvent validates and stores an event trigger.
func (s *Service) CreateEvent(c Caller, req EventRequest) (*storage.EventTrigger, error) {
	if req.Exchange == "" || req.Topic == "" || req.Event == "" || req.WorkflowID == "" {
		return nil, &storage.InvalidError{Msg: "Params {'topic', 'exchange', 'workflow_id', 'event'} must be provided for creating event trigger."}
	}
	now := s.now().Unix()
	scope := req.Scope
	if scope == "" {
		scope = "private"
	}
	t := &storage.EventTrigger{
		ID: s.cfg.NewID(), Name: req.Name, HasName: !req.NameNull, WorkflowID: req.WorkflowID,
		WorkflowInput: pyText(req.WorkflowInput), WorkflowParams: pyText(req.WorkflowParams),
		Exchange: req.Exchange, Topic: req.Topic, Event: req.Event, Scope: scope, Project: c.Project, CreatedAt: now,
	}
	err := s.store.DB.Update(func(w *storage.Write) error {
		wf, err := s.defs.Workflows.GetIn(w, req.WorkflowID)
		if err != nil && !errors.Is(err, storage.ErrNotFound) {
			return err
		}
		if wf == nil || !c.Admin && !s.defs.WorkflowVisible(wf, c.Project) {
			return &storage.NotFoundError{Msg: fmt.Sprintf("Workflow not found [workflow_id=%s]", req.WorkflowID)}
		}
		if err := checkInput(wf, req.WorkflowInput); err != nil {
			return err
		}
		return s.store.Events.Put(w, t)
	}, s.store.Events)
	if err != nil {
		return nil, err
	}
	return t, nil
}

func eventNotFound(id string) error {
	return &storage.NotFoundError{Msg: fmt.Sprintf("Event trigger not found [id=%s].", id)}
}

// FindEvent returns the event trigger id that the caller may see.
func (s *Service) FindEvent(c Caller, id string) (*storage.EventTrigger, error) {
	t, err := s.store.Events.Get(id)
	if errors.Is(err, storage.ErrNotFound) || err == nil && !c.Admin && !storage.Visible(t.Project, t.Scope, c.Project) {
		return nil, eventNotFound(id)
	}
	return t, err
}

// UpdateEvent changes the name, workflow, input, params or scope of an
// event trigger; its exchange, topic and event cannot change.
func (s *Service) UpdateEvent(c Caller, id string, req EventRequest) (*storage.EventTrigger, error) {
	if req.Exchange != "" || req.Topic != "" || req.Event != "" {
		return nil, &storage.InvalidError{Msg: "Can not update fields ['exchange', 'topic', 'event'] of event trigger."}
	}
	var out *storage.EventTrigger
	err := s.store.DB.Update(func(w *storage.Write) error {
		t, err := s.store.Events.GetIn(w, id)
		if errors.Is(err, storage.ErrNotFound) || err == nil && !c.Admin && !storage.Visible(t.Project, t.Scope, c.Project) {
			return eventNotFound(id)
		}
		if err != nil {
			return err
		}
		if !c.Admin && t.Project != c.Project {
			return &storage.ForbiddenError{Msg: fmt.Sprintf("Can not access EventTrigger resource of other projects, ID: %s", t.ID)}
		}
		if req.HasName || req.NameNull {
			t.Name, t.HasName = req.Name, !req.NameNull
		}
		if req.WorkflowID != "" {
			wf, err := s.defs.Workflows.GetIn(w, req.WorkflowID)
			if err != nil && !errors.Is(err, storage.ErrNotFound) {
				return err
			}
			if wf == nil || !c.Admin && !s.defs.WorkflowVisible(wf, c.Project) {
				return &storage.NotFoundError{Msg: fmt.Sprintf("Workflow not found [workflow_id=%s]", req.WorkflowID)}
			}
			t.WorkflowID = req.WorkflowID
		}
		if req.HasInput {
			t.WorkflowInput = pyText(req.WorkflowInput)
		}
		if req.HasParams {
			t.WorkflowParams = pyText(req.WorkflowParams)
		}
		if req.Scope != "" {
			t.Scope = req.Scope
		}
		t.UpdatedAt = s.now().Unix()
		out = t
		return s.store.Events.Put(w, t)
	}, s.store.Events)
	return out, err
}

// DeleteEvent deletes an event trigger of the caller's project.
func (s *Service) DeleteEvent(c Caller, id string) error {
	return s.store.DB.Update(func(w *storage.Write) error {
		t, err := s.store.Events.GetIn(w, id)
		if errors.Is(err, storage.ErrNotFound) || err == nil && !c.Admin && !storage.Visible(t.Project, t.Scope, c.Project) {
			return eventNotFound(id)
		}
		if err != nil {
			return err
		}
		if !c.Admin && t.Project != c.Project {
			return &storage.ForbiddenError{Msg: fmt.Sprintf("Can not access EventTrigger resource of other projects, ID: %s", t.ID)}
		}
		return s.store.Events.Delete(w, id)
	}, s.store.Events)
}
