package httpd

import (
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/triggers"
	"github.com/mistral-go/mistral-go/value"
)

// Cron triggers (api.md §11.2): the rules live in package triggers; here
// are the wire forms.

var cronTriggerFields = []field[storage.CronTrigger]{
	{"id", func(b []byte, r *storage.CronTrigger) []byte { return appendStr(b, r.ID) }},
	{"name", func(b []byte, r *storage.CronTrigger) []byte { return appendStr(b, r.Name) }},
	{"workflow_name", func(b []byte, r *storage.CronTrigger) []byte { return appendStr(b, r.WorkflowName) }},
	{"workflow_id", func(b []byte, r *storage.CronTrigger) []byte { return appendStr(b, r.WorkflowID) }},
	{"workflow_input", func(b []byte, r *storage.CronTrigger) []byte { return appendJSONText(b, r.WorkflowInput) }},
	{"workflow_params", func(b []byte, r *storage.CronTrigger) []byte { return appendJSONText(b, r.WorkflowParams) }},
	{"project_id", func(b []byte, r *storage.CronTrigger) []byte { return appendStr(b, r.Project) }},
	{"scope", func(b []byte, r *storage.CronTrigger) []byte { return appendStr(b, r.Scope) }},
	{"pattern", func(b []byte, r *storage.CronTrigger) []byte { return appendStr(b, r.Pattern) }},
	{"remaining_executions", func(b []byte, r *storage.CronTrigger) []byte {
		if !r.HasRemaining {
			return append(b, "null"...)
		}
		return strconv.AppendInt(b, r.RemainingExecutions, 10)
	}},
	{"first_execution_time", func(b []byte, r *storage.CronTrigger) []byte { return appendNullTime(b, r.FirstExecutionTime) }},
	{"next_execution_time", func(b []byte, r *storage.CronTrigger) []byte { return appendNullTime(b, r.NextExecutionTime) }},
	{"created_at", func(b []byte, r *storage.CronTrigger) []byte { return appendTime(b, r.CreatedAt) }},
	{"updated_at", func(b []byte, r *storage.CronTrigger) []byte { return appendNullTime(b, r.UpdatedAt) }},
}

var cronTriggerList = &listSpec{
	collection: "cron_triggers",
	fields:     names(cronTriggerFields),
	filters: []param{{"created_at", pText}, {"name", pText}, {"updated_at", pText}, {"workflow_name", pText},
		{"workflow_id", pUUID}, {"workflow_input", pJSON}, {"workflow_params", pJSON}, {"scope", pText},
		{"pattern", pText}, {"remaining_executions", pText}, {"first_execution_time", pText},
		{"next_execution_time", pText}, {"project_id", pUUID}},
	defaultSort:    "created_at",
	markerNotFound: func(id string) error { return notFound("Cron trigger not found [id=%s]", id) },
}

// cronTriggerAttrs is the WSME body type of POST /v2/cron_triggers;
// remaining_executions is checked by cronRequest.
var cronTriggerAttrs = []attr{
	{name: "id"}, {name: "name"}, {name: "workflow_name"}, {name: "workflow_id"},
	{name: "workflow_input", kind: aJSON}, {name: "workflow_params", kind: aJSON},
	{name: "project_id", readOnly: true}, {name: "scope", kind: aScope}, {name: "pattern"},
	{name: "remaining_executions", kind: aUnchecked}, {name: "first_execution_time"},
	{name: "next_execution_time"}, {name: "created_at"}, {name: "updated_at"},
}

// aUnchecked is an attribute whose type the handler checks itself.
const aUnchecked akind = 255

func (s *Server) triggerRoutes() []route {
	if s.cfg.Triggers == nil {
		return nil
	}
	return []route{
		{method: "GET", path: "/v2/cron_triggers", produces: jsonType, errors: shapeWSME,
			params: cronTriggerList.params(param{"all_projects", pBool}), h: s.listCronTriggers},
		{method: "GET", path: "/v2/cron_triggers/:id", produces: jsonType, errors: shapeWSME, params: []param{}, h: s.getCronTrigger},
		{method: "POST", path: "/v2/cron_triggers", produces: jsonType, errors: shapeWSME, params: []param{}, h: s.createCronTrigger},
		{method: "DELETE", path: "/v2/cron_triggers", produces: jsonType, errors: shapeWSME, params: []param{}, h: missingArg("identifier")},
		{method: "DELETE", path: "/v2/cron_triggers/:id", produces: jsonType, errors: shapeWSME, params: []param{}, h: s.deleteCronTrigger},

		{method: "GET", path: "/v2/event_triggers", produces: jsonType, errors: shapeWSME,
			params: eventTriggerList.params(param{"all_projects", pBool}), h: s.listEventTriggers},
		{method: "GET", path: "/v2/event_triggers/:id", produces: jsonType, errors: shapeWSME, params: []param{}, h: s.getEventTrigger},
		{method: "POST", path: "/v2/event_triggers", produces: jsonType, errors: shapeWSME, params: []param{}, h: s.createEventTrigger},
		{method: "PUT", path: "/v2/event_triggers/:id", produces: jsonType, errors: shapeWSME, params: []param{}, h: s.updateEventTrigger},
		{method: "DELETE", path: "/v2/event_triggers", produces: jsonType, errors: shapeWSME, params: []param{}, h: missingArg("id")},
		{method: "DELETE", path: "/v2/event_triggers/:id", produces: jsonType, errors: shapeWSME, params: []param{}, h: s.deleteEventTrigger},
		{method: "POST", path: "/v2/event_triggers/events", produces: jsonType, errors: shapeWSME,
			params: []param{{"exchange", pText}, {"topic", pText}}, h: s.receiveEvent},
	}
}

func (s *Server) listCronTriggers(c *call) error {
	if c.has("remaining_executions") {
		_, v := storage.SplitOp(c.get("remaining_executions"))
		if _, err := strconv.Atoi(strings.TrimSpace(v)); err != nil {
			return invalid("Invalid input for field/attribute remaining_executions. Value: '%s'. unable to convert to integer. Error: invalid literal for int() with base 10: '%s'",
				c.get("remaining_executions"), c.get("remaining_executions"))
		}
	}
	store := s.cfg.Triggers.Store()
	lr, err := c.listRequest(cronTriggerList, store.Cron)
	if err != nil {
		return err
	}
	recs, err := store.Cron.List(lr.query)
	if err != nil {
		return lr.listError(err)
	}
	return writeList(c, lr, cronTriggerFields, recs, func(r *storage.CronTrigger) string { return r.ID })
}

// writeList answers {"<collection>": [...]} with the fields lr asks for
// and the next link.
func writeList[T any](c *call, lr *listRequest, fs []field[T], recs []*T, id func(*T) string) error {
	var want func(string) bool
	if lr.fields != nil {
		want = lr.wants
	}
	b := listKey(make([]byte, 0, 512*len(recs)+64), lr.spec.collection)
	last := ""
	for i, r := range recs {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = appendObject(b, fs, r, want)
		last = id(r)
	}
	b = append(b, ']')
	b = lr.appendNext(b, c, len(recs), last)
	writeJSON(c.w, http.StatusOK, append(b, '}'))
	return nil
}

func (s *Server) getCronTrigger(c *call) error {
	t, err := s.cfg.Triggers.FindCron(c.caller(), c.ps.ByName("id"))
	if err != nil {
		return err
	}
	writeJSON(c.w, http.StatusOK, appendObject(nil, cronTriggerFields, t, nil))
	return nil
}

func (s *Server) deleteCronTrigger(c *call) error {
	if err := s.cfg.Triggers.DeleteCron(c.caller(), c.ps.ByName("id")); err != nil {
		return err
	}
	writeNoContent(c.w)
	return nil
}

func (s *Server) createCronTrigger(c *call) error {
	req, err := c.cronRequest()
	if err != nil {
		return err
	}
	t, err := s.cfg.Triggers.CreateCron(c.caller(), *req)
	if err != nil {
		return err
	}
	// The freshly written row: updated_at has no value yet.
	writeJSON(c.w, http.StatusCreated, appendObject(nil, cronTriggerFields, t, without("updated_at")))
	return nil
}

// cronRequest decodes and checks the body of POST /v2/cron_triggers as
// WSME does.
func (c *call) cronRequest() (*triggers.CronRequest, error) {
	m, err := c.jsonObject("cron_trigger")
	if err != nil {
		return nil, err
	}
	raw := m.Clone()
	if err := checkAttrs("cron_trigger", m, cronTriggerAttrs); err != nil {
		return nil, err
	}
	req := &triggers.CronRequest{
		Name: textAttr(m, "name"), WorkflowName: textAttr(m, "workflow_name"), WorkflowID: textAttr(m, "workflow_id"),
		WorkflowInput: mapAttr(m, "workflow_input"), WorkflowParams: mapAttr(m, "workflow_params"),
		FirstExecutionTime: textAttr(m, "first_execution_time"), Scope: textAttr(m, "scope"),
	}
	if p, ok := m.Get("pattern"); ok && p != nil {
		req.Pattern, req.HasPattern = p.(string), true
	}
	if v, ok := m.Get("remaining_executions"); ok && v != nil {
		n, err := pyInt(v)
		if err != nil {
			return nil, invalid("Invalid input for field/attribute cron_trigger. Value: '%s'. %s", value.Str(raw), err.Error())
		}
		if n < 1 {
			return nil, invalid("Invalid input for field/attribute remaining_executions. Value: '%d'. Value should be greater or equal to 1", n)
		}
		req.RemainingExecutions = &n
	}
	if req.Scope == "public" && !c.admin() {
		return nil, errForbidden
	}
	if req.Name == "" {
		if v, _ := m.Get("name"); v == nil {
			return nil, mandatory("name")
		}
	}
	return req, nil
}

// mapAttr returns a JSON attribute decoded by checkAttrs (nil when absent
// or null).
func mapAttr(m *value.Map, k string) *value.Map {
	v, _ := m.Get(k)
	o, _ := v.(*value.Map)
	return o
}

// pyInt converts a JSON value as Python's int() does.
func pyInt(v any) (int64, error) {
	switch x := v.(type) {
	case int64:
		return x, nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) > 1<<62 {
			return 0, errorString("cannot convert float to integer")
		}
		return int64(x), nil
	case bool:
		if x {
			return 1, nil
		}
		return 0, nil
	case string:
		t := strings.ReplaceAll(strings.TrimSpace(x), "_", "")
		n, err := strconv.ParseInt(t, 10, 64)
		if err != nil || strings.HasPrefix(strings.TrimLeft(t, "+-"), "_") {
			return 0, errorString("invalid literal for int() with base 10: " + value.Repr(x))
		}
		return n, nil
	}
	return 0, errorString("int() argument must be a string, a bytes-like object or a real number, not '" + pyType(v) + "'")
}

type errorString string

func (e errorString) Error() string { return string(e) }
