package httpd

import (
	"net/http"

	"github.com/mistral-go/mistral-go/actors"
	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// actionExecutionFilters are the filter parameters of GET
// /v2/action_executions in the order Mistral's controller builds them.
// task_name and params are 500s in Mistral (no such columns); here they
// filter on the stored values.
var actionExecutionFilters = []param{
	{"created_at", pText}, {"name", pText}, {"tags", pText}, {"updated_at", pText},
	{"workflow_name", pText}, {"task_name", pText}, {"task_execution_id", pUUID}, {"state", pText},
	{"state_info", pText}, {"accepted", pBool}, {"input", pJSON}, {"output", pJSON},
	{"params", pJSON}, {"description", pText},
}

var actionExecutionList = &listSpec{
	collection:     "action_executions",
	fields:         names(actionExecutionFields),
	filters:        actionExecutionFilters,
	defaultSort:    "created_at",
	markerNotFound: func(id string) error { return notFound("ActionExecution not found [id=%s]", id) },
}

// taskActionExecutionList is GET /v2/tasks/{id}/action_executions (its
// tags parameter is a list, and the task comes from the path).
var taskActionExecutionList = func() *listSpec {
	ls := *actionExecutionList
	ls.filters = withoutParam(actionExecutionFilters, "task_execution_id")
	for i := range ls.filters {
		if ls.filters[i].name == "tags" {
			ls.filters[i].typ = pUniqueList
		}
	}
	return &ls
}()

// actionExecutionHidden are the attributes fields= never brings.
var actionExecutionHidden = []string{"task_name", "params"}

// taskActionBefore are the filters Mistral puts before task_execution_id
// in the next link.
var taskActionBefore = actionExecutionFilters[:6]

func (s *Server) actionExecutionRoutes() []route {
	none := []param{}
	return []route{
		{method: "GET", path: "/v2/action_executions", produces: jsonType, errors: shapeWSME,
			params: actionExecutionList.params(param{"include_output", pBool}), h: s.listActionExecutions},
		{method: "GET", path: "/v2/action_executions/:id", produces: jsonType, errors: shapeWSME, params: none, h: s.getActionExecution},
		{method: "POST", path: "/v2/action_executions", produces: jsonType, errors: shapeWSME, params: none, h: s.runAction},
		{method: "PUT", path: "/v2/action_executions/:id", produces: jsonType, errors: shapeWSME, params: none, h: s.updateActionExecution},
		{method: "DELETE", path: "/v2/action_executions", produces: jsonType, errors: shapeWSME, params: none, h: missingArg("id")},
		{method: "DELETE", path: "/v2/action_executions/:id", produces: jsonType, errors: shapeWSME, params: none, h: s.deleteActionExecution},
	}
}

func (s *Server) listActionExecutions(c *call) error {
	lr, err := c.listRequest(actionExecutionList, s.cfg.Runtime.ActionExecutions)
	if err != nil {
		return err
	}
	return s.writeActionExecutionList(c, lr)
}

func (s *Server) listTaskActionExecutions(c *call) error {
	id, err := c.pathUUID("id", "task_execution_id")
	if err != nil {
		return err
	}
	lr, err := c.listRequest(taskActionExecutionList, s.cfg.Runtime.ActionExecutions)
	if err != nil {
		return err
	}
	lr.parentFilter(c, "task_execution_id", id, taskActionBefore...)
	return s.writeActionExecutionList(c, lr)
}

func (s *Server) writeActionExecutionList(c *call, lr *listRequest) error {
	recs, err := s.cfg.Runtime.ActionExecutions.List(lr.query)
	if err != nil {
		return lr.listError(err)
	}
	base := without("output", "params")
	if c.flag("include_output") {
		base = without("params")
	}
	want := wantFields(lr, base, actionExecutionHidden...)
	b := listKey(make([]byte, 0, 512*len(recs)+64), "action_executions")
	last := ""
	for i, r := range recs {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = appendObject(b, actionExecutionFields, r, want)
		last = r.ID
	}
	b = append(b, ']')
	b = lr.appendNext(b, c, len(recs), last)
	writeJSON(c.w, http.StatusOK, append(b, '}'))
	return nil
}

func (s *Server) getActionExecution(c *call) error {
	return s.writeActionExecution(c, c.ps.ByName("id"))
}

// getTaskActionExecution serves /v2/tasks/{id}/action_executions/{aid}:
// like Mistral, it does not check the task.
func (s *Server) getTaskActionExecution(c *call) error {
	return s.writeActionExecution(c, c.ps.ByName("aid"))
}

func (s *Server) writeActionExecution(c *call, id string) error {
	a, err := s.actionExecution(c, id)
	if err != nil {
		return err
	}
	writeJSON(c.w, http.StatusOK, appendObject(make([]byte, 0, 768), actionExecutionFields, a, without("params")))
	return nil
}

// changedActionExecution is the field set of an action execution the
// engine returns (POST, PUT): Mistral builds it without task_name.
var changedActionExecution = without("task_name", "params")

func (s *Server) runAction(c *call) error {
	m, err := c.runtimeBody("action_ex", actionExecutionAttrs)
	if err != nil {
		return err
	}
	req := actors.RunActionRequest{
		Name:              bodyText(m, "name"),
		Input:             bodyMap(m, "input"),
		Params:            bodyMap(m, "params"),
		Description:       bodyText(m, "description"),
		WorkflowNamespace: bodyText(m, "workflow_namespace"),
		ProjectID:         c.project(),
	}
	if req.Name == "" {
		return invalid("Please provide at least action name to run action.")
	}
	if req.Input == nil {
		req.Input = value.NewMap(0)
	}
	a, err := s.cfg.Engine.RunAction(c.r.Context(), req)
	if err != nil {
		return err
	}
	writeJSON(c.w, http.StatusCreated, appendObject(make([]byte, 0, 768), actionExecutionFields, a, changedActionExecution))
	return nil
}

// actionStates are the states PUT /v2/action_executions/{id} accepts, as
// Mistral prints them.
const actionStates = "['SUCCESS', 'ERROR', 'CANCELLED', 'PAUSED', 'RUNNING']"

func (s *Server) updateActionExecution(c *call) error {
	m, err := c.runtimeBody("action_ex", actionExecutionAttrs)
	if err != nil {
		return err
	}
	stv, ok := m.Get("state")
	state, _ := stv.(string)
	switch {
	case !ok:
		return invalid("Error. Expected one of %s, actual: Unset", actionStates)
	case stv == nil:
		return invalid("Error. Expected one of %s, actual: None", actionStates)
	}
	upd := actors.ActionUpdate{State: state}
	out, has := m.Get("output")
	switch state {
	case "SUCCESS":
		upd.Output, upd.HasOutput = out, has
	case "ERROR":
		// Mistral reports an empty error as "Unknown error".
		if !value.Truthy(out) {
			out = "Unknown error"
		}
		upd.Output, upd.HasOutput = out, true
	case "CANCELLED", "PAUSED", "RUNNING":
	default:
		return invalid("Error. Expected one of %s, actual: %s", actionStates, state)
	}
	a, err := s.cfg.Engine.UpdateActionExecution(c.r.Context(), c.ps.ByName("id"), upd)
	if err != nil {
		return err
	}
	writeJSON(c.w, http.StatusOK, appendObject(make([]byte, 0, 768), actionExecutionFields, a, changedActionExecution))
	return nil
}

// deleteActionExecution deletes a finished action execution run outside
// any workflow, when the configuration allows it. Nothing writes such a
// record any more, so it is deleted from storage directly.
func (s *Server) deleteActionExecution(c *call) error {
	if !s.cfg.AllowActionExecutionDeletion {
		return &storage.ForbiddenError{Msg: "Action execution deletion is not allowed."}
	}
	id := c.ps.ByName("id")
	rt := s.cfg.Runtime
	err := rt.DB.Update(func(w *storage.Write) error {
		a, err := rt.ActionExecutions.GetIn(w, id)
		if err == storage.ErrNotFound {
			return notFound("ActionExecution not found [id=%s]", id)
		}
		if err != nil {
			return err
		}
		if a.TaskExecutionID != "" {
			return &storage.ForbiddenError{Msg: "Only ad-hoc action execution can be deleted."}
		}
		if !completed(a.State) {
			return &storage.ForbiddenError{Msg: "Only completed action execution can be deleted."}
		}
		return rt.ActionExecutions.Delete(w, id)
	}, rt.ActionExecutions)
	if err != nil {
		return err
	}
	writeNoContent(c.w)
	return nil
}
