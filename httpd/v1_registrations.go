package httpd

import (
	"errors"
	"net/http"

	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// v1 workflow registrations: the immutable versions of workflow
// definitions (storage.Registration).

// inputSchema is the JSON schema of a workflow's input, built from its
// interface: inputs without a default are required, and nothing else is
// accepted (Mistral rejects unexpected input).
func inputSchema(iface string) *value.Map {
	props := value.NewMap(4)
	required := []any{}
	if v, err := value.DecodeString(iface); err == nil {
		if m, ok := v.(*value.Map); ok {
			in, _ := m.Get("input")
			list, _ := in.([]any)
			for _, item := range list {
				switch x := item.(type) {
				case string:
					props.Set(x, value.NewMap(0))
					required = append(required, x)
				case *value.Map:
					for i := 0; i < x.Len(); i++ {
						k, d := x.At(i)
						p := value.NewMap(1)
						p.Set("default", d)
						props.Set(k, p)
					}
				}
			}
		}
	}
	s := value.NewMap(4)
	s.Set("additionalProperties", false)
	s.Set("properties", props)
	s.Set("required", required)
	s.Set("type", "object")
	return s
}

// registrationItem is a registration as the v1 lists show it.
func registrationItem(r *storage.Registration) *value.Map {
	def := value.NewMap(1)
	def.Set("input_schema", inputSchema(r.Interface))
	m := value.NewMap(3)
	m.Set("definition", def)
	m.Set("id", r.ID)
	m.Set("workflow_id", r.WorkflowID)
	return m
}

// v1Registration finds a registration visible to the caller, with the
// v1 attributes of its workflow (nil when the workflow is gone).
func (s *Server) v1Registration(c *call, id string) (*storage.Registration, *v1Workflow, error) {
	missing := &v1Error{http.StatusNotFound, "Workflow registration not found: " + id}
	r, err := s.surf.store.Registrations.Get(id)
	if errors.Is(err, storage.ErrNotFound) || err == nil && !storage.Visible(r.Project, r.Scope, c.project()) {
		return nil, nil, missing
	}
	if err != nil {
		return nil, nil, err
	}
	wf, err := s.defs.Workflows.Get(r.WorkflowID)
	if errors.Is(err, storage.ErrNotFound) {
		return r, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	meta, err := s.surf.store.Meta(wf.ID)
	if err != nil {
		return nil, nil, err
	}
	return r, &v1Workflow{wf: wf, meta: meta}, nil
}

// v1GetRegistration serves GET /v1/workflows/registrations/{id}: active
// means it can be executed (its workflow exists and is not archived).
func (s *Server) v1GetRegistration(c *call, id string) error {
	r, w, err := s.v1Registration(c, id)
	if err != nil {
		return err
	}
	item := value.NewMap(4)
	item.Set("active", w != nil && !w.meta.Archived)
	it := registrationItem(r)
	for i := 0; i < it.Len(); i++ {
		k, v := it.At(i)
		item.Set(k, v)
	}
	resp := value.NewMap(2)
	resp.Set("workflow_registration", item)
	resp.Set("workflow_version", item)
	writeV1(c, resp)
	return nil
}

// v1ListRegistrations serves GET /v1/workflows/registrations?cursor=
// &limit=&workflow_id= (a workflow id or name), oldest first.
func (s *Server) v1ListRegistrations(c *call) error {
	pg, err := c.v1PageQuery()
	if err != nil {
		return err
	}
	q := storage.Query{Marker: pg.cursor, Limit: pg.limit + 1}
	if c.has("workflow_id") {
		w, err := s.v1Find(c, c.get("workflow_id"))
		if err != nil {
			return err
		}
		if _, err := s.ensureVersion(w.wf); err != nil {
			return err
		}
		q.Filters = []storage.Filter{{Field: storage.IndexWorkflow, Op: storage.Eq, Value: w.wf.ID}}
	}
	var out []*storage.Registration
	for len(out) <= pg.limit {
		recs, err := s.surf.store.Registrations.List(q)
		if errors.Is(err, storage.ErrNotFound) {
			return invalidCursor(pg.cursor)
		}
		if err != nil {
			return err
		}
		for _, r := range recs {
			if storage.Visible(r.Project, r.Scope, c.project()) {
				out = append(out, r)
			}
		}
		if len(recs) < q.Limit {
			break
		}
		q.Marker = recs[len(recs)-1].ID
	}
	resp := value.NewMap(3)
	resp.Set("next_cursor", nil)
	if len(out) > pg.limit {
		out = out[:pg.limit]
		resp.Set("next_cursor", out[len(out)-1].ID)
	}
	items := make([]any, len(out))
	for i, r := range out {
		items[i] = registrationItem(r)
	}
	resp.Set("workflow_registrations", items)
	resp.Set("workflow_versions", items)
	writeV1(c, resp)
	return nil
}
