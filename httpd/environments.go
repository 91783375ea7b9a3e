package httpd

import (
	"errors"
	"net/http"

	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

var environmentList = &listSpec{
	collection: "environments",
	fields:     names(environmentFields),
	filters: []param{{"created_at", pText}, {"name", pText}, {"updated_at", pText},
		{"description", pText}, {"variables", pText}, {"scope", pText}},
	defaultSort:    "created_at",
	markerNotFound: func(id string) error { return notFound("Environment not found [id=%s]", id) },
}

// environmentAttrs is the WSME body type of POST/PUT /v2/environments.
var environmentAttrs = []attr{
	{name: "id"}, {name: "name"}, {name: "description"}, {name: "variables", kind: aJSON},
	{name: "scope", kind: aScope}, {name: "project_id", readOnly: true},
	{name: "created_at"}, {name: "updated_at"},
}

func (s *Server) environmentRoutes() []route {
	return []route{
		{method: "GET", path: "/v2/environments", produces: jsonType, errors: shapeWSME, params: environmentList.params(), h: s.listEnvironments},
		{method: "GET", path: "/v2/environments/:id", produces: jsonType, errors: shapeWSME, params: []param{}, h: s.getEnvironment},
		{method: "POST", path: "/v2/environments", produces: jsonType, errors: shapeWSME, params: []param{}, h: s.createEnvironment},
		{method: "PUT", path: "/v2/environments", produces: jsonType, errors: shapeWSME, params: []param{}, h: s.updateEnvironment},
		{method: "DELETE", path: "/v2/environments", produces: jsonType, errors: shapeWSME, params: []param{}, h: missingArg("name")},
		{method: "DELETE", path: "/v2/environments/:id", produces: jsonType, errors: shapeWSME, params: []param{}, h: s.deleteEnvironment},
	}
}

func (s *Server) listEnvironments(c *call) error {
	lr, err := c.listRequest(environmentList, s.defs.Environments)
	if err != nil {
		return err
	}
	recs, err := s.defs.Environments.List(lr.query)
	if err != nil {
		return lr.listError(err)
	}
	var want func(string) bool
	if lr.fields != nil {
		want = lr.wants
	}
	b := appendObjects(nil, "environments", environmentFields, recs, want)
	last := ""
	if n := len(recs); n > 0 {
		last = recs[n-1].ID
	}
	b = append(b, ']')
	b = lr.appendNext(b, c, len(recs), last)
	writeJSON(c.w, http.StatusOK, append(b, '}'))
	return nil
}

func (s *Server) getEnvironment(c *call) error {
	env, err := s.defs.FindEnvironment(c.project(), c.ps.ByName("id"))
	if err != nil {
		return err
	}
	writeJSON(c.w, http.StatusOK, appendObject(nil, environmentFields, env, nil))
	return nil
}

// environmentBody decodes and checks a POST/PUT body; JSON-in-string
// variables are decoded.
func (c *call) environmentBody() (*value.Map, error) {
	m, err := c.jsonObject("env")
	if err != nil {
		return nil, err
	}
	if err := checkAttrs("env", m, environmentAttrs); err != nil {
		return nil, err
	}
	if v, ok := m.Get("scope"); ok && v == "public" && !c.admin() {
		return nil, errForbidden
	}
	return m, nil
}

// applyEnvironment copies the attributes given in m onto env and says
// whether anything changed.
func applyEnvironment(env *storage.Environment, m *value.Map) bool {
	changed := false
	if v, ok := m.Get("description"); ok {
		s, isStr := v.(string)
		changed = changed || s != env.Description || isStr != env.HasDescription
		env.Description, env.HasDescription = s, isStr
	}
	if v, ok := m.Get("variables"); ok {
		var text []byte
		if v != nil {
			text = value.AppendPy(nil, v)
		}
		changed = changed || string(text) != string(env.Variables) || (text == nil) != (env.Variables == nil)
		env.Variables = text
	}
	if v, ok := m.Get("scope"); ok && v != nil {
		changed = changed || v.(string) != env.Scope
		env.Scope = v.(string)
	}
	return changed
}

func (s *Server) createEnvironment(c *call) error {
	m, err := c.environmentBody()
	if err != nil {
		return err
	}
	name, _ := m.Get("name")
	if name == nil || name == "" {
		return invalid("Name of the environment is not provided.")
	}
	env := &storage.Environment{ID: newID(), Name: name.(string), Project: c.project(), Scope: "private", CreatedAt: storage.Now()}
	applyEnvironment(env, m)
	err = s.defs.DB.Update(func(w *storage.Write) error {
		return s.defs.Environments.Put(w, env)
	}, s.defs.Environments)
	if err != nil {
		return err
	}
	// Like Mistral, the answer carries the attributes the request set.
	want := func(n string) bool {
		switch n {
		case "description", "variables":
			return m.Has(n)
		case "updated_at":
			return false
		}
		return true
	}
	writeJSON(c.w, http.StatusCreated, appendObject(nil, environmentFields, env, want))
	return nil
}

func (s *Server) updateEnvironment(c *call) error {
	m, err := c.environmentBody()
	if err != nil {
		return err
	}
	name, _ := m.Get("name")
	if name == nil || name == "" {
		return invalid("Name of the environment is not provided.")
	}
	var env *storage.Environment
	err = s.defs.DB.Update(func(w *storage.Write) error {
		cur, err := s.defs.Environments.GetUniqueIn(w, 0, storage.KeyOf(c.project(), name.(string)))
		if errors.Is(err, storage.ErrNotFound) {
			return notFound("Environment not found [name=%s]", name)
		}
		if err != nil {
			return err
		}
		if applyEnvironment(cur, m) {
			cur.UpdatedAt = storage.Now()
		}
		env = cur
		return s.defs.Environments.Put(w, cur)
	}, s.defs.Environments)
	if err != nil {
		return err
	}
	writeJSON(c.w, http.StatusOK, appendObject(nil, environmentFields, env, nil))
	return nil
}

func (s *Server) deleteEnvironment(c *call) error {
	name := c.ps.ByName("id")
	err := s.defs.DB.Update(func(w *storage.Write) error {
		cur, err := s.defs.Environments.GetUniqueIn(w, 0, storage.KeyOf(c.project(), name))
		if errors.Is(err, storage.ErrNotFound) {
			return notFound("Environment not found [name=%s]", name)
		}
		if err != nil {
			return err
		}
		return s.defs.Environments.Delete(w, cur.ID)
	}, s.defs.Environments)
	if err != nil {
		return err
	}
	writeNoContent(c.w)
	return nil
}
