package httpd

import (
	"errors"
	"net/http"

	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// Dynamic actions (/v2/dynamic_actions): action names bound to classes
// of code sources. Admin-only, as in Debian's Mistral 15. They are listed
// by GET /v2/actions beside the other actions.

var dynamicActionFields = []field[storage.DynamicAction]{
	{"id", func(b []byte, r *storage.DynamicAction) []byte { return appendStr(b, r.ID) }},
	{"name", func(b []byte, r *storage.DynamicAction) []byte { return appendStr(b, r.Name) }},
	{"namespace", func(b []byte, r *storage.DynamicAction) []byte { return appendStr(b, r.Namespace) }},
	{"code_source_id", func(b []byte, r *storage.DynamicAction) []byte { return appendStr(b, r.CodeSourceID) }},
	{"code_source_name", func(b []byte, r *storage.DynamicAction) []byte { return appendStr(b, r.CodeSourceName) }},
	{"class_name", func(b []byte, r *storage.DynamicAction) []byte { return appendStr(b, r.ClassName) }},
	{"project_id", func(b []byte, r *storage.DynamicAction) []byte { return appendStr(b, r.Project) }},
	{"scope", func(b []byte, r *storage.DynamicAction) []byte { return appendStr(b, r.Scope) }},
	{"created_at", func(b []byte, r *storage.DynamicAction) []byte { return appendTime(b, r.CreatedAt) }},
	{"updated_at", func(b []byte, r *storage.DynamicAction) []byte { return appendNullTime(b, r.UpdatedAt) }},
}

var dynamicActionList = &listSpec{
	collection:     "dynamic_actions",
	fields:         names(dynamicActionFields),
	filters:        scopedFilters,
	defaultSort:    "created_at",
	markerNotFound: func(id string) error { return notFound("Dynamic Action not found [name=%s,namespace=]", id) },
}

// dynamicActionAttrs is the WSME body type of POST/PUT /v2/dynamic_actions.
var dynamicActionAttrs = []attr{
	{name: "id"}, {name: "name"}, {name: "namespace"}, {name: "code_source_id"}, {name: "code_source_name"},
	{name: "class_name"}, {name: "project_id", readOnly: true}, {name: "scope", kind: aScope},
	{name: "created_at"}, {name: "updated_at"},
}

func (s *Server) dynamicActionRoutes() []route {
	return []route{
		{method: "GET", path: "/v2/dynamic_actions", produces: jsonType, errors: shapeWSME,
			params: dynamicActionList.params(param{"all_projects", pBool}), h: s.admin(s.listDynamicActions)},
		{method: "GET", path: "/v2/dynamic_actions/:id", produces: jsonType, errors: shapeWSME, params: nsParam, h: s.admin(s.getDynamicAction)},
		{method: "POST", path: "/v2/dynamic_actions", produces: jsonType, errors: shapeWSME, params: []param{}, h: s.admin(s.createDynamicAction)},
		{method: "PUT", path: "/v2/dynamic_actions", produces: jsonType, errors: shapeWSME, params: []param{}, h: s.admin(s.updateDynamicAction)},
		{method: "DELETE", path: "/v2/dynamic_actions", produces: jsonType, errors: shapeWSME, params: nsParam, h: missingArg("identifier")},
		{method: "DELETE", path: "/v2/dynamic_actions/:id", produces: jsonType, errors: shapeWSME, params: nsParam, h: s.admin(s.deleteDynamicAction)},
	}
}

func (s *Server) listDynamicActions(c *call) error {
	lr, err := c.listRequest(dynamicActionList, s.surf.store.DynamicActions)
	if err != nil {
		return err
	}
	recs, err := s.surf.store.DynamicActions.List(lr.query)
	if err != nil {
		return lr.listError(err)
	}
	var want func(string) bool
	if lr.fields != nil {
		want = lr.wants
	}
	b := appendObjects(nil, "dynamic_actions", dynamicActionFields, recs, want)
	last := ""
	if n := len(recs); n > 0 {
		last = recs[n-1].ID
	}
	b = append(b, ']')
	b = lr.appendNext(b, c, len(recs), last)
	writeJSON(c.w, http.StatusOK, append(b, '}'))
	return nil
}

func (s *Server) getDynamicAction(c *call) error {
	d, err := s.surf.store.FindDynamicAction(nil, c.project(), c.get("namespace"), c.ps.ByName("id"))
	if err != nil {
		return err
	}
	writeJSON(c.w, http.StatusOK, appendObject(nil, dynamicActionFields, d, nil))
	return nil
}

// dynamicActionBody decodes and checks a POST/PUT body.
func (c *call) dynamicActionBody() (*value.Map, error) {
	m, err := c.jsonObject("dyn_action")
	if err != nil {
		return nil, err
	}
	if err := checkAttrs("dyn_action", m, dynamicActionAttrs); err != nil {
		return nil, err
	}
	return m, nil
}

// text returns string attribute k of m ("" when absent or null).
func textAttr(m *value.Map, k string) string {
	v, _ := m.Get(k)
	s, _ := v.(string)
	return s
}

// mandatory is WSME's error for a missing mandatory attribute (Mistral
// fails with a database error there).
func mandatory(name string) error {
	return invalid("Invalid input for field/attribute %s. Value: 'Unset'. Mandatory field missing.", name)
}

// bodyCodeSource finds the code source a dynamic action body names.
func (s *Server) bodyCodeSource(c *call, m *value.Map, namespace string) (*storage.CodeSource, error) {
	ident := textAttr(m, "code_source_id")
	if ident == "" {
		ident = textAttr(m, "code_source_name")
	}
	return s.surf.store.FindCodeSource(nil, c.project(), namespace, ident)
}

func (s *Server) createDynamicAction(c *call) error {
	m, err := c.dynamicActionBody()
	if err != nil {
		return err
	}
	if textAttr(m, "code_source_id") == "" && textAttr(m, "code_source_name") == "" {
		return invalid("Either 'code_source_id' or 'code_source_name' must be provided.")
	}
	ns := textAttr(m, "namespace")
	cs, err := s.bodyCodeSource(c, m, ns)
	if err != nil {
		return err
	}
	if textAttr(m, "name") == "" {
		return mandatory("name")
	}
	if textAttr(m, "class_name") == "" {
		return mandatory("class_name")
	}
	scope := textAttr(m, "scope")
	if scope == "" {
		scope = "private"
	}
	d := &storage.DynamicAction{ID: newID(), Name: textAttr(m, "name"), Namespace: ns, Project: c.project(), Scope: scope,
		ClassName: textAttr(m, "class_name"), CodeSourceID: cs.ID, CodeSourceName: cs.Name, CreatedAt: storage.Now()}
	s.inspectDynamic(c.r.Context(), d, cs)
	st := s.surf.store
	err = s.defs.DB.Update(func(w *storage.Write) error {
		if _, err := st.CodeSources.GetIn(w, cs.ID); err != nil {
			return notFound("Code Source not found [name=%s,namespace=%s]", cs.Name, ns)
		}
		return st.DynamicActions.Put(w, d)
	}, st.CodeSources, st.DynamicActions)
	if err != nil {
		return err
	}
	writeJSON(c.w, http.StatusCreated, appendObject(nil, dynamicActionFields, d, without("updated_at")))
	return nil
}

func (s *Server) updateDynamicAction(c *call) error {
	m, err := c.dynamicActionBody()
	if err != nil {
		return err
	}
	id := textAttr(m, "id")
	if id == "" {
		id = textAttr(m, "name")
	}
	if id == "" {
		return invalid("Either 'name' or 'id' must be provided.")
	}
	ns := textAttr(m, "namespace")
	var cs *storage.CodeSource
	if textAttr(m, "code_source_id") != "" || textAttr(m, "code_source_name") != "" {
		if cs, err = s.bodyCodeSource(c, m, ns); err != nil {
			return err
		}
	}
	st := s.surf.store
	cur, err := st.FindDynamicAction(nil, c.project(), ns, id)
	if err != nil {
		return err
	}
	if textAttr(m, "class_name") == "" {
		return mandatory("class_name")
	}
	next := *cur
	next.ClassName = textAttr(m, "class_name")
	if sc := textAttr(m, "scope"); sc != "" {
		next.Scope = sc
	}
	if cs != nil {
		next.CodeSourceID, next.CodeSourceName = cs.ID, cs.Name
	}
	if next.ClassName != cur.ClassName || next.CodeSourceID != cur.CodeSourceID || !cur.Inspected {
		src := cs
		if src == nil {
			if src, err = st.CodeSources.Get(next.CodeSourceID); err != nil {
				return err
			}
		}
		s.inspectDynamic(c.r.Context(), &next, src)
	}
	if next.ClassName != cur.ClassName || next.CodeSourceID != cur.CodeSourceID || next.Scope != cur.Scope {
		next.UpdatedAt = storage.Now()
	}
	err = s.defs.DB.Update(func(w *storage.Write) error {
		if _, err := st.DynamicActions.GetIn(w, cur.ID); err != nil {
			return notFound("Dynamic Action not found [name=%s,namespace=%s]", id, ns)
		}
		return st.DynamicActions.Put(w, &next)
	}, st.CodeSources, st.DynamicActions)
	if err != nil {
		return err
	}
	writeJSON(c.w, http.StatusOK, appendObject(nil, dynamicActionFields, &next, nil))
	return nil
}

func (s *Server) deleteDynamicAction(c *call) error {
	st := s.surf.store
	err := s.defs.DB.Update(func(w *storage.Write) error {
		d, err := st.FindDynamicAction(w, c.project(), c.get("namespace"), c.ps.ByName("id"))
		if err != nil {
			return err
		}
		return st.DynamicActions.Delete(w, d.ID)
	}, st.DynamicActions)
	if err != nil {
		return err
	}
	writeNoContent(c.w)
	return nil
}

// dynamicActionRecords returns the dynamic actions as GET /v2/actions
// lists them: like Python actions (the id is the name), with the
// inspected parameter spec and docstring.
func (s *Server) dynamicActionRecords() ([]*storage.Action, error) {
	var out []*storage.Action
	err := s.surf.store.DynamicActions.ScanAll(func(d *storage.DynamicAction) bool {
		out = append(out, dynamicAsAction(d))
		return true
	})
	return out, err
}

// dynamicAction finds the dynamic action named name in namespace for GET
// /v2/actions/{name} (nil when there is none).
func (s *Server) dynamicAction(project, namespace, name string) (*storage.Action, error) {
	d, err := s.surf.store.FindDynamicAction(nil, project, namespace, name)
	var nf *storage.NotFoundError
	if errors.As(err, &nf) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return dynamicAsAction(d), nil
}

func dynamicAsAction(d *storage.DynamicAction) *storage.Action {
	return &storage.Action{
		ID: d.Name, Name: d.Name, Namespace: d.Namespace, Project: d.Project, Scope: d.Scope,
		Input: d.Input, HasInput: d.Inspected, Description: d.Description, HasDescription: d.HasDescription,
		CreatedAt: d.CreatedAt,
	}
}
