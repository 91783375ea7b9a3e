package httpd

import (
	"net/http"

	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/triggers"
	"github.com/mistral-go/mistral-go/value"
)

// Event triggers (api.md §11.3) and the endpoint that feeds them
// notifications (ours: Mistral listens on its message bus).

var eventTriggerFields = []field[storage.EventTrigger]{
	{"id", func(b []byte, r *storage.EventTrigger) []byte { return appendStr(b, r.ID) }},
	{"created_at", func(b []byte, r *storage.EventTrigger) []byte { return appendTime(b, r.CreatedAt) }},
	{"updated_at", func(b []byte, r *storage.EventTrigger) []byte { return appendNullTime(b, r.UpdatedAt) }},
	{"project_id", func(b []byte, r *storage.EventTrigger) []byte { return appendStr(b, r.Project) }},
	{"name", func(b []byte, r *storage.EventTrigger) []byte { return appendNullStr(b, r.Name, r.HasName) }},
	{"workflow_id", func(b []byte, r *storage.EventTrigger) []byte { return appendStr(b, r.WorkflowID) }},
	{"workflow_input", func(b []byte, r *storage.EventTrigger) []byte { return appendJSONText(b, r.WorkflowInput) }},
	{"workflow_params", func(b []byte, r *storage.EventTrigger) []byte { return appendJSONText(b, r.WorkflowParams) }},
	{"exchange", func(b []byte, r *storage.EventTrigger) []byte { return appendStr(b, r.Exchange) }},
	{"topic", func(b []byte, r *storage.EventTrigger) []byte { return appendStr(b, r.Topic) }},
	{"event", func(b []byte, r *storage.EventTrigger) []byte { return appendStr(b, r.Event) }},
	{"scope", func(b []byte, r *storage.EventTrigger) []byte { return appendStr(b, r.Scope) }},
}

// eventTriggerList: Mistral 15 answers 500 to any filter of this list;
// we filter on the resource's fields.
var eventTriggerList = &listSpec{
	collection: "event_triggers",
	fields:     names(eventTriggerFields),
	filters: []param{{"created_at", pText}, {"updated_at", pText}, {"name", pText}, {"workflow_id", pUUID},
		{"workflow_input", pJSON}, {"workflow_params", pJSON}, {"exchange", pText}, {"topic", pText},
		{"event", pText}, {"scope", pText}, {"project_id", pUUID}},
	defaultSort:    "created_at",
	markerNotFound: func(id string) error { return notFound("Event trigger not found [id=%s].", id) },
}

var eventTriggerAttrs = []attr{
	{name: "id", readOnly: true}, {name: "created_at", readOnly: true}, {name: "updated_at", readOnly: true},
	{name: "project_id", readOnly: true}, {name: "name"}, {name: "workflow_id"},
	{name: "workflow_input", kind: aJSON}, {name: "workflow_params", kind: aJSON},
	{name: "exchange"}, {name: "topic"}, {name: "event"}, {name: "scope", kind: aScope},
}

func (s *Server) listEventTriggers(c *call) error {
	store := s.cfg.Triggers.Store()
	lr, err := c.listRequest(eventTriggerList, store.Events)
	if err != nil {
		return err
	}
	recs, err := store.Events.List(lr.query)
	if err != nil {
		return lr.listError(err)
	}
	return writeList(c, lr, eventTriggerFields, recs, func(r *storage.EventTrigger) string { return r.ID })
}

func (s *Server) getEventTrigger(c *call) error {
	id, err := c.pathUUID("id", "id")
	if err != nil {
		return err
	}
	t, err := s.cfg.Triggers.FindEvent(c.caller(), id)
	if err != nil {
		return err
	}
	writeJSON(c.w, http.StatusOK, appendObject(nil, eventTriggerFields, t, nil))
	return nil
}

func (s *Server) deleteEventTrigger(c *call) error {
	id, err := c.pathUUID("id", "id")
	if err != nil {
		return err
	}
	if err := s.cfg.Triggers.DeleteEvent(c.caller(), id); err != nil {
		return err
	}
	writeNoContent(c.w)
	return nil
}

// eventRequest decodes a POST/PUT body of /v2/event_triggers.
func (c *call) eventRequest() (*triggers.EventRequest, error) {
	m, err := c.jsonObject("event_trigger")
	if err != nil {
		return nil, err
	}
	if err := checkAttrs("event_trigger", m, eventTriggerAttrs); err != nil {
		return nil, err
	}
	req := &triggers.EventRequest{
		WorkflowID: textAttr(m, "workflow_id"), Exchange: textAttr(m, "exchange"), Topic: textAttr(m, "topic"),
		Event: textAttr(m, "event"), Scope: textAttr(m, "scope"),
		WorkflowInput: mapAttr(m, "workflow_input"), WorkflowParams: mapAttr(m, "workflow_params"),
		HasInput: m.Has("workflow_input"), HasParams: m.Has("workflow_params"),
	}
	if v, ok := m.Get("name"); ok {
		req.Name, req.HasName, req.NameNull = textAttr(m, "name"), v != nil, v == nil
	}
	if req.WorkflowID != "" && !storage.LooksLikeUUID(req.WorkflowID) {
		return nil, invalid("Expected a uuid but received %s.", req.WorkflowID)
	}
	req.WorkflowID = uuidValue(req.WorkflowID)
	if req.Scope == "public" && !c.admin() {
		return nil, errForbidden
	}
	return req, nil
}

func (s *Server) createEventTrigger(c *call) error {
	req, err := c.eventRequest()
	if err != nil {
		return err
	}
	t, err := s.cfg.Triggers.CreateEvent(c.caller(), *req)
	if err != nil {
		return err
	}
	writeJSON(c.w, http.StatusCreated, appendObject(nil, eventTriggerFields, t, nil))
	return nil
}

func (s *Server) updateEventTrigger(c *call) error {
	id, err := c.pathUUID("id", "id")
	if err != nil {
		return err
	}
	req, err := c.eventRequest()
	if err != nil {
		return err
	}
	t, err := s.cfg.Triggers.UpdateEvent(c.caller(), id, *req)
	if err != nil {
		return err
	}
	writeJSON(c.w, http.StatusOK, appendObject(nil, eventTriggerFields, t, nil))
	return nil
}

// receiveEvent serves POST /v2/event_triggers/events?exchange=&topic=:
// the body is an OpenStack notification (the oslo.messaging message or
// its envelope); the event triggers of that exchange and topic that
// listen to its event type start their workflows. The answer lists the
// executions started and the triggers that failed.
func (s *Server) receiveEvent(c *call) error {
	exchange, topic := c.get("exchange"), c.get("topic")
	if exchange == "" || topic == "" {
		return invalid("Params 'exchange' and 'topic' must be provided to deliver an event.")
	}
	m, err := c.jsonObject("event")
	if err != nil {
		return err
	}
	ev, err := triggers.ParseNotification(m, storage.FormatTime(storage.Now()))
	if err != nil {
		return err
	}
	started, err := s.cfg.Triggers.Deliver(c.r.Context(), c.caller(), exchange, topic, ev)
	if err != nil {
		return err
	}
	execs := make([]any, 0, len(started))
	var failed []any
	for _, st := range started {
		if st.Err != nil {
			failed = append(failed, value.MapOf("trigger_id", st.TriggerID, "error", st.Err.Error()))
			continue
		}
		execs = append(execs, value.MapOf("trigger_id", st.TriggerID, "execution_id", st.ExecutionID))
	}
	out := value.MapOf("event_type", ev.Type, "executions", execs)
	if failed != nil {
		out.Set("errors", failed)
	}
	writeJSON(c.w, http.StatusOK, value.AppendPy(nil, out))
	return nil
}
