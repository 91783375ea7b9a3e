package httpd

import (
	"net/http"

	"github.com/mistral-go/mistral-go/dsl"
	"github.com/mistral-go/mistral-go/storage"
)

var workflowList = &listSpec{
	collection: "workflows",
	fields:     names(workflowFields),
	filters: []param{{"created_at", pText}, {"name", pText}, {"scope", pText}, {"tags", pText},
		{"updated_at", pText}, {"input", pText}, {"definition", pText}, {"project_id", pUUID}, {"namespace", pText}},
	defaultSort:    "created_at",
	markerNotFound: func(id string) error { return notFound("Workflow not found [workflow_id=%s]", id) },
}

var nsParam = []param{{"namespace", pText}}

func (s *Server) workflowRoutes() []route {
	return []route{
		{method: "GET", path: "/v2/workflows", produces: jsonType, errors: shapeWSME,
			params: workflowList.params(param{"all_projects", pBool}), h: s.listWorkflows},
		{method: "GET", path: "/v2/workflows/:id", produces: jsonType, errors: shapeWSME, params: nsParam, h: s.getWorkflow},
		{method: "GET", path: "/v2/workflows/:id/:ns", produces: jsonType, errors: shapeWSME, params: nsParam, h: s.getWorkflowOrMembers},
		{method: "POST", path: "/v2/workflows", produces: textType, errors: shapeText, h: s.createWorkflows},
		{method: "POST", path: "/v2/workflows/:id", errors: shapeText, h: s.postWorkflowsSub},
		{method: "PUT", path: "/v2/workflows", produces: textType, errors: shapeText, h: s.updateWorkflowsH},
		{method: "PUT", path: "/v2/workflows/:id", produces: textType, errors: shapeText, h: s.updateWorkflowsH},
		{method: "DELETE", path: "/v2/workflows", produces: jsonType, errors: shapeWSME, params: nsParam, h: missingArg("identifier")},
		{method: "DELETE", path: "/v2/workflows/:id", produces: jsonType, errors: shapeWSME, params: nsParam, h: s.deleteWorkflow},
		{method: "DELETE", path: "/v2/workflows/:id/:ns", produces: jsonType, errors: shapeWSME, params: nsParam, h: s.deleteWorkflowOrMembers},
	}
}

// namespace returns the namespace of a request addressing one resource:
// the query parameter, else the extra path segment ("" by default).
func (c *call) namespace() string {
	if c.has("namespace") {
		return c.get("namespace")
	}
	return c.ps.ByName("ns")
}

// wantWorkflowField maps fields= to workflow attributes: "input" brings
// "interface" along (both come from the stored spec), "interface" alone
// brings nothing, as in Mistral.
func wantWorkflowField(lr *listRequest) func(string) bool {
	if lr.fields == nil {
		return nil
	}
	return func(n string) bool {
		if n == "interface" {
			return lr.wants("input")
		}
		return lr.wants(n)
	}
}

func (s *Server) listWorkflows(c *call) error {
	lr, err := c.listRequest(workflowList, s.defs.Workflows)
	if err != nil {
		return err
	}
	recs, err := s.defs.Workflows.List(lr.query)
	if err != nil {
		return lr.listError(err)
	}
	want := wantWorkflowField(lr)
	b := listKey(make([]byte, 0, 512*len(recs)+64), "workflows")
	last := ""
	for i, r := range recs {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = appendObject(b, workflowFields, r, want)
		last = r.ID
	}
	b = append(b, ']')
	b = lr.appendNext(b, c, len(recs), last)
	b = append(b, '}')
	writeJSON(c.w, http.StatusOK, b)
	return nil
}

func (s *Server) getWorkflow(c *call) error {
	wf, err := s.defs.FindWorkflow(c.project(), c.namespace(), c.ps.ByName("id"))
	if err != nil {
		return err
	}
	writeJSON(c.w, http.StatusOK, appendObject(make([]byte, 0, 512+len(wf.Definition)), workflowFields, wf, nil))
	return nil
}

// postWorkflowsSub serves POST /v2/workflows/<x>: the validation
// endpoints, else a create in namespace <x> (pecan passes the segment as
// the namespace argument).
func (s *Server) postWorkflowsSub(c *call) error {
	switch c.ps.ByName("id") {
	case "validate", "validation":
		return s.validate(c, dsl.ValidateWorkflows)
	}
	if err := c.negotiate(textType); err != nil {
		return err
	}
	return s.createWorkflowsIn(c, c.ps.ByName("id"))
}

func (s *Server) createWorkflows(c *call) error { return s.createWorkflowsIn(c, c.get("namespace")) }

func (s *Server) createWorkflowsIn(c *call, namespace string) error {
	if c.has("namespace") {
		namespace = c.get("namespace")
	}
	text, scope, err := c.definition()
	if err != nil {
		return err
	}
	recs, err := s.storeWorkflows(c.project(), namespace, scope, text)
	if err != nil {
		return err
	}
	writeJSON(c.w, http.StatusCreated, appendWorkflowList(recs, without("updated_at")))
	return nil
}

func appendWorkflowList(recs []*storage.Workflow, want func(string) bool) []byte {
	return append(appendObjects(nil, "workflows", workflowTextFields, recs, want), "]}"...)
}

func (s *Server) updateWorkflowsH(c *call) error {
	text, scope, err := c.definition()
	if err != nil {
		return err
	}
	id := c.ps.ByName("id")
	recs, err := s.updateWorkflows(c.project(), c.get("namespace"), scope, text, id)
	if err != nil {
		return err
	}
	if id != "" {
		writeJSON(c.w, http.StatusOK, appendObject(nil, workflowTextFields, recs[0], nil))
		return nil
	}
	writeJSON(c.w, http.StatusOK, appendWorkflowList(recs, nil))
	return nil
}

func (s *Server) deleteWorkflow(c *call) error {
	err := s.defs.DB.Update(func(w *storage.Write) error {
		wf, err := s.findWorkflowIn(w, c.project(), c.namespace(), c.ps.ByName("id"))
		if err != nil {
			return err
		}
		if err := s.releaseWorkflow(w, wf, c.ps.ByName("id"), c.namespace()); err != nil {
			return err
		}
		if err := s.defs.Workflows.Delete(w, wf.ID); err != nil {
			return err
		}
		return s.surf.store.DeleteVersions(w, wf.ID)
	}, s.workflowLocks()...)
	if err != nil {
		return err
	}
	writeNoContent(c.w)
	return nil
}

// validate answers a validation endpoint: {"valid": true} or
// {"valid": false, "error": "<message>"}.
func (s *Server) validate(c *call, check func(string) error) error {
	if err := c.negotiate(jsonType); err != nil {
		return err
	}
	text, err := c.text()
	if err != nil {
		return err
	}
	if err := check(text); err != nil {
		if statusOf(err) != http.StatusBadRequest {
			return err
		}
		b := append([]byte(nil), `{"valid": false, "error": `...)
		b = appendStr(b, faultString(err, http.StatusBadRequest))
		writeJSON(c.w, http.StatusOK, append(b, '}'))
		return nil
	}
	writeJSON(c.w, http.StatusOK, []byte(`{"valid": true}`))
	return nil
}
