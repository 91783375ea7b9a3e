package triggers

import (
	"context"
	"strings"

	"github.com/mistral-go/mistral-go/actors"
	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// Event is an OpenStack notification as Mistral's event engine hands it
// to triggers: its type, payload, publisher, timestamp and context.
type Event struct {
	Type      string
	Payload   any
	Publisher any
	Timestamp any
	Context   *value.Map
}

// ParseNotification reads a notification as oslo.messaging puts it on
// the bus: either the message itself ({"event_type", "payload",
// "publisher_id", "timestamp", "_context_…" keys or a "context" object})
// or the envelope {"oslo.version": "2.0", "oslo.message": "<JSON>"}.
// now stands in for a missing timestamp.
func ParseNotification(msg *value.Map, now string) (*Event, error) {
	if inner, ok := msg.Get("oslo.message"); ok {
		text, isStr := inner.(string)
		if !isStr {
			return nil, &storage.InvalidError{Msg: "oslo.message must be a string holding the JSON message."}
		}
		v, err := value.DecodeString(text)
		m, isMap := v.(*value.Map)
		if err != nil || !isMap {
			return nil, &storage.InvalidError{Msg: "oslo.message is not a JSON object."}
		}
		msg = m
	}
	et, _ := msg.Get("event_type")
	typ, ok := et.(string)
	if !ok || typ == "" {
		return nil, &storage.InvalidError{Msg: "The notification has no event_type."}
	}
	ev := &Event{Type: typ, Context: value.NewMap(0)}
	ev.Payload, _ = msg.Get("payload")
	if p, ok := msg.Get("publisher_id"); ok {
		ev.Publisher = p
	} else {
		ev.Publisher, _ = msg.Get("publisher")
	}
	if c, ok := msg.Get("context"); ok {
		if cm, isMap := c.(*value.Map); isMap {
			ev.Context = cm
		}
	}
	msg.Range(func(k string, v any) bool {
		if rest, ok := strings.CutPrefix(k, "_context_"); ok {
			ev.Context.Set(rest, v)
		}
		return true
	})
	if ts, ok := msg.Get("timestamp"); ok && ts != nil {
		ev.Timestamp = ts
	} else if ts, ok := ev.Context.Get("timestamp"); ok && ts != nil {
		ev.Timestamp = ts
	} else {
		ev.Timestamp = now
	}
	return ev, nil
}

// Params is what Mistral passes to the workflow as params.event_params
// (its default event definition): the service, the project and user of
// the context, and the timestamp.
func (ev *Event) Params() *value.Map {
	project, _ := ev.Context.Get("project_id")
	user, _ := ev.Context.Get("user_id")
	return value.MapOf("service", ev.Publisher, "project_id", project, "user_id", user, "timestamp", ev.Timestamp)
}

// Started is one execution an event started, or the trigger's failure.
type Started struct {
	TriggerID   string
	ExecutionID string
	Err         error
}

// Deliver fires the event triggers of exchange and topic that listen to
// ev's type: the caller's own (the project is the notification
// context's project_id, else the caller's) and public ones. Each starts
// its workflow with its input, and its params plus "event_params".
func (s *Service) Deliver(ctx context.Context, c Caller, exchange, topic string, ev *Event) ([]Started, error) {
	s.m.events.Inc()
	project := c.Project
	if p, ok := ev.Context.Get("project_id"); ok {
		if ps, isStr := p.(string); isStr && ps != "" {
			project = ps
		}
	}
	var matched []*storage.EventTrigger
	err := s.store.Events.Scan(storage.IndexEvent, ev.Type, func(t *storage.EventTrigger) bool {
		if t.Exchange == exchange && t.Topic == topic && (t.Project == project || t.Scope == "public") {
			matched = append(matched, t)
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	eventParams := ev.Params()
	out := make([]Started, 0, len(matched))
	for _, t := range matched {
		params := mapOf(t.WorkflowParams)
		params.Set("event_params", value.DeepCopy(eventParams))
		var name any
		if t.HasName {
			name = t.Name
		}
		req := actors.StartRequest{
			WorkflowID: t.WorkflowID, Input: mapOf(t.WorkflowInput), Params: params,
			Description: description("event_trigger", "event", t.ID, name), ProjectID: t.Project,
		}
		if wf, err := s.defs.Workflows.Get(t.WorkflowID); err == nil {
			req.WorkflowName, req.WorkflowNamespace = wf.Name, wf.Namespace
		}
		ex, err := s.cfg.Engine.StartExecution(ctx, req)
		st := Started{TriggerID: t.ID, Err: err}
		if err != nil {
			s.m.startFailed.Inc()
			s.log.Error("event trigger: cannot start the workflow", "trigger", t.ID, "event", ev.Type, "err", err)
		} else {
			s.m.eventStarts.Inc()
			st.ExecutionID = ex.ID
		}
		out = append(out, st)
	}
	return out, nil
}
