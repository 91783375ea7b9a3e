package httpd

import (
	"net/http"
	"strings"

	"github.com/mistral-go/mistral-go/actors"
	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// executionFilters are the filter parameters of GET /v2/executions in the
// order Mistral's controller builds them (the order of the next link).
var executionFilters = []param{
	{"created_at", pText}, {"workflow_name", pText}, {"workflow_id", pUUID}, {"tags", pUniqueList},
	{"params", pJSON}, {"task_execution_id", pUUID}, {"state", pText}, {"state_info", pText},
	{"input", pJSON}, {"output", pJSON}, {"updated_at", pText}, {"description", pText},
	{"project_id", pUUID}, {"root_execution_id", pUUID},
}

var executionList = &listSpec{
	collection:     "executions",
	fields:         names(executionFields),
	filters:        executionFilters,
	defaultSort:    "created_at",
	markerNotFound: func(id string) error { return notFound("WorkflowExecution not found [id=%s]", id) },
	// The nullable columns of Mistral's workflow_executions_v2 table.
	nullable: []string{"created_at", "updated_at", "scope", "project_id", "name", "description",
		"workflow_name", "workflow_namespace", "workflow_id", "state", "state_info", "tags",
		"runtime_context", "spec", "accepted", "input", "output", "params", "context",
		"task_execution_id", "root_execution_id"},
}

// executionHidden are the execution attributes that are not stored
// columns: fields= never brings them.
var executionHidden = []string{"published_global", "source_execution_id"}

func (s *Server) executionRoutes() []route {
	id := []param{}
	return []route{
		{method: "GET", path: "/v2/executions", produces: jsonType, errors: shapeWSME,
			params: executionList.params(param{"include_output", pBool}, param{"all_projects", pBool}, param{"nulls", pList}),
			h:      s.listExecutions},
		{method: "GET", path: "/v2/executions/:id", produces: jsonType, errors: shapeWSME, params: id, h: s.getExecution},
		{method: "POST", path: "/v2/executions", produces: jsonType, errors: shapeWSME, params: id, h: s.createExecution},
		{method: "PUT", path: "/v2/executions/:id", produces: jsonType, errors: shapeWSME, params: id, h: s.updateExecution},
		{method: "DELETE", path: "/v2/executions", produces: jsonType, errors: shapeWSME, params: id, h: missingArg("id")},
		{method: "DELETE", path: "/v2/executions/:id", produces: jsonType, errors: shapeWSME,
			params: []param{{"force", pBool}}, h: s.deleteExecution},
		{method: "GET", path: "/v2/executions/:id/tasks", produces: jsonType, errors: shapeWSME,
			params: executionTaskList.params(param{"workflow_execution_id", pUUID}), h: s.listExecutionTasks},
		{method: "GET", path: "/v2/executions/:id/report", produces: jsonType, errors: shapeWSME,
			params: []param{{"errors_only", pBool}, {"max_depth", pInt}, {"statistics_only", pBool}}, h: s.executionReport},
		{method: "GET", path: "/v2/executions/:id/executions", produces: jsonType, errors: shapeWSME,
			params: subExecutionParams, h: s.executionSubExecutions},
	}
}

func (s *Server) listExecutions(c *call) error {
	if _, err := c.nullsParam(executionList); err != nil {
		return err
	}
	if (c.has("all_projects") && c.flag("all_projects") || c.has("project_id")) && !c.admin() {
		return errForbidden
	}
	lr, err := c.listRequest(executionList, s.cfg.Runtime.Executions)
	if err != nil {
		return err
	}
	base := without("output", "published_global", "source_execution_id")
	if c.flag("include_output") {
		base = without("published_global", "source_execution_id")
	}
	return s.writeExecutionList(c, lr, wantFields(lr, base, executionHidden...))
}

// writeExecutionList runs lr and answers {"executions": [...]} with the
// fields want accepts.
func (s *Server) writeExecutionList(c *call, lr *listRequest, want func(string) bool) error {
	recs, err := s.cfg.Runtime.Executions.List(lr.query)
	if err != nil {
		return lr.listError(err)
	}
	b := listKey(make([]byte, 0, 768*len(recs)+64), "executions")
	last := ""
	for i, r := range recs {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = appendObject(b, executionFields, &executionView{Execution: r}, want)
		last = r.ID
	}
	b = append(b, ']')
	b = lr.appendNext(b, c, len(recs), last)
	writeJSON(c.w, http.StatusOK, append(b, '}'))
	return nil
}

func (s *Server) getExecution(c *call) error {
	ex, err := s.execution(c, c.ps.ByName("id"))
	if err != nil {
		return err
	}
	v := &executionView{Execution: ex, global: s.executionGlobal(ex)}
	writeJSON(c.w, http.StatusOK, appendObject(make([]byte, 0, 1024), executionFields, v, without("source_execution_id")))
	return nil
}

// createdExecution is the field set of an execution the engine returns
// (POST, PUT with a state): no published_global, source_execution_id
// only when there is one.
func createdExecution(ex *storage.Execution) func(string) bool {
	return func(n string) bool {
		return n != "published_global" && (n != "source_execution_id" || ex.SourceExecutionID != "")
	}
}

func (s *Server) createExecution(c *call) error {
	m, err := c.runtimeBody("wf_ex", executionAttrs)
	if err != nil {
		return err
	}
	req := actors.StartRequest{
		ID:                bodyText(m, "id"),
		WorkflowID:        bodyText(m, "workflow_id"),
		WorkflowName:      bodyText(m, "workflow_name"),
		WorkflowNamespace: bodyText(m, "workflow_namespace"),
		Input:             bodyMap(m, "input"),
		Params:            bodyMap(m, "params"),
		Description:       bodyText(m, "description"),
		SourceExecutionID: bodyText(m, "source_execution_id"),
		ProjectID:         c.project(),
	}
	if req.ID != "" {
		// An execution with the caller's id is returned as it is.
		if ex, err := s.cfg.Runtime.Executions.Get(req.ID); err == nil {
			writeJSON(c.w, http.StatusCreated, appendObject(nil, executionFields, &executionView{Execution: ex}, createdExecution(ex)))
			return nil
		}
	}
	if req.SourceExecutionID != "" {
		if err := s.fromSource(&req, m); err != nil {
			return err
		}
	}
	if req.WorkflowID == "" && req.WorkflowName == "" {
		return invalid("Workflow ID or workflow name must be provided. Workflow ID is recommended.")
	}
	ex, err := s.cfg.Engine.StartExecution(c.r.Context(), req)
	if err != nil {
		return err
	}
	writeJSON(c.w, http.StatusCreated, appendObject(make([]byte, 0, 1024), executionFields, &executionView{Execution: ex}, createdExecution(ex)))
	return nil
}

// fromSource completes a start request from the execution it is based
// on, as Mistral merges the source's attributes under the body's: the
// source's workflow id wins over a workflow name given in the body. The
// input and params are reused when the body has none (the oracle loses
// them; reusing them is what source_execution_id is for).
func (s *Server) fromSource(req *actors.StartRequest, m *value.Map) error {
	src, err := s.execution(nil, req.SourceExecutionID)
	if err == nil && src.ProjectID != req.ProjectID {
		err = notFound("WorkflowExecution not found [id=%s]", req.SourceExecutionID)
	}
	if err != nil {
		return err
	}
	if _, ok := m.Get("workflow_id"); !ok {
		req.WorkflowID = src.WorkflowID
	}
	if _, ok := m.Get("workflow_name"); !ok {
		req.WorkflowName = src.WorkflowName
	}
	if _, ok := m.Get("workflow_namespace"); !ok {
		req.WorkflowNamespace = src.WorkflowNamespace
	}
	if _, ok := m.Get("input"); !ok {
		req.Input = src.Input
	}
	if _, ok := m.Get("params"); !ok && src.Params != nil {
		// The stored namespace is the workflow's: derived again.
		p := value.NewMap(src.Params.Len())
		for _, k := range src.Params.Keys() {
			if k != "namespace" {
				v, _ := src.Params.Get(k)
				p.Set(k, v)
			}
		}
		req.Params = p
	}
	req.Description = strings.TrimSpace(req.Description + " Based on the execution '" + req.SourceExecutionID + "'")
	return nil
}

// allowedStates is how Mistral lists the states PUT accepts.
const allowedStates = "RUNNING, PAUSED, SUCCESS, ERROR, CANCELLED"

func (s *Server) updateExecution(c *call) error {
	m, err := c.runtimeBody("wf_ex", executionAttrs)
	if err != nil {
		return err
	}
	id := c.ps.ByName("id")
	if _, err := s.execution(c, id); err != nil {
		return err
	}
	var upd actors.ExecutionUpdate
	state, desc := bodyText(m, "state"), bodyText(m, "description")
	if state != "" {
		upd.State = &state
	}
	if desc != "" {
		upd.Description = &desc
	}
	env, hasEnv, err := paramsEnv(m)
	if err != nil {
		return err
	}
	if hasEnv {
		upd.Env = env
	}
	if v, ok := m.Get("state_info"); ok && v != nil {
		si := v.(string)
		upd.StateInfo = &si
	}
	switch {
	case upd.State == nil && upd.Description == nil && upd.Env == nil:
		return invalid("The property state, description, or env is not provided for update.")
	case upd.State != nil && upd.Description != nil:
		return invalid("The property description must be updated separately from state.")
	case upd.Env != nil && upd.State != nil && state != "RUNNING":
		return invalid("The property env can only be updated when workflow execution is not running or on resume from pause.")
	}
	if upd.State != nil {
		switch state {
		case "RUNNING", "PAUSED", "SUCCESS", "ERROR", "CANCELLED":
		default:
			return invalid("Cannot change state to %s. Allowed states are: '%s", state, allowedStates)
		}
	}
	ex, err := s.cfg.Engine.UpdateExecution(c.r.Context(), id, upd)
	if err != nil {
		return err
	}
	// Mistral answers from what it loaded: without a state change, the
	// lazily loaded input and output (and params, for a description)
	// are missing.
	want := createdExecution(ex)
	switch {
	case upd.State != nil:
	case upd.Description != nil && upd.Env == nil:
		want = without("params", "input", "output", "published_global", "source_execution_id")
	default:
		want = without("input", "output", "published_global", "source_execution_id")
	}
	writeJSON(c.w, http.StatusOK, appendObject(make([]byte, 0, 1024), executionFields, &executionView{Execution: ex}, want))
	return nil
}

// paramsEnv returns params.env of a PUT body when it is set and not
// empty (Mistral ignores an empty one). It must be an object: Mistral
// merges it into the stored env (and fails with a 500 on anything else).
func paramsEnv(m *value.Map) (*value.Map, bool, error) {
	p := bodyMap(m, "params")
	if p == nil {
		return nil, false, nil
	}
	env, ok := p.Get("env")
	if !ok || !value.Truthy(env) {
		return nil, false, nil
	}
	em, ok := env.(*value.Map)
	if !ok {
		return nil, false, invalid("The property env must be a JSON object [actual=%s]", value.Str(env))
	}
	return em, true, nil
}

func (s *Server) deleteExecution(c *call) error {
	id := c.ps.ByName("id")
	force := c.flag("force")
	if !force {
		ex, err := s.execution(c, id)
		if err != nil {
			return err
		}
		if !completed(ex.State) {
			return &storage.ForbiddenError{Msg: "Only completed executions can be deleted. Use --force to override this. Execution " +
				id + " is in " + ex.State + " state"}
		}
	}
	if err := s.cfg.Engine.DeleteExecution(c.r.Context(), id, force); err != nil {
		return err
	}
	writeNoContent(c.w)
	return nil
}
