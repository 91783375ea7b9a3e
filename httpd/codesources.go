package httpd

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/mistral-go/mistral-go/storage"
)

// Code sources (/v2/code_sources): Python modules that dynamic actions
// run classes of. Admin-only, as in Debian's Mistral 15.

var codeSourceFields = []field[storage.CodeSource]{
	{"id", func(b []byte, r *storage.CodeSource) []byte { return appendStr(b, r.ID) }},
	{"name", func(b []byte, r *storage.CodeSource) []byte { return appendStr(b, r.Name) }},
	{"namespace", func(b []byte, r *storage.CodeSource) []byte { return appendStr(b, r.Namespace) }},
	{"content", func(b []byte, r *storage.CodeSource) []byte { return appendStr(b, r.Content) }},
	{"version", func(b []byte, r *storage.CodeSource) []byte { return appendInt(b, r.Version) }},
	{"project_id", func(b []byte, r *storage.CodeSource) []byte { return appendStr(b, r.Project) }},
	{"scope", func(b []byte, r *storage.CodeSource) []byte { return appendStr(b, r.Scope) }},
	{"created_at", func(b []byte, r *storage.CodeSource) []byte { return appendTime(b, r.CreatedAt) }},
	{"updated_at", func(b []byte, r *storage.CodeSource) []byte { return appendNullTime(b, r.UpdatedAt) }},
}

// scopedFilters are the filter parameters of the code source and dynamic
// action lists, in the order Mistral's controllers build them.
var scopedFilters = []param{{"created_at", pText}, {"name", pText}, {"scope", pText}, {"tags", pText},
	{"updated_at", pText}, {"project_id", pUUID}, {"namespace", pText}}

var codeSourceList = &listSpec{
	collection:     "code_sources",
	fields:         names(codeSourceFields),
	filters:        scopedFilters,
	defaultSort:    "created_at",
	markerNotFound: func(id string) error { return notFound("Code Source not found [name=%s,namespace=]", id) },
}

func (s *Server) codeSourceRoutes() []route {
	return []route{
		{method: "GET", path: "/v2/code_sources", produces: jsonType, errors: shapeWSME,
			params: codeSourceList.params(param{"all_projects", pBool}), h: s.admin(s.listCodeSources)},
		{method: "GET", path: "/v2/code_sources/:id", produces: jsonType, errors: shapeWSME, params: nsParam, h: s.admin(s.getCodeSource)},
		{method: "POST", path: "/v2/code_sources", errors: shapeText, h: s.admin(s.createCodeSource)},
		{method: "PUT", path: "/v2/code_sources", errors: shapeText, h: s.admin(s.updateCodeSource)},
		{method: "PUT", path: "/v2/code_sources/:id", errors: shapeText, h: s.admin(s.updateCodeSource)},
		{method: "DELETE", path: "/v2/code_sources", produces: jsonType, errors: shapeWSME, params: nsParam, h: missingArg("identifier")},
		{method: "DELETE", path: "/v2/code_sources/:id", produces: jsonType, errors: shapeWSME, params: nsParam, h: s.admin(s.deleteCodeSource)},
	}
}

// admin guards a handler with the admin_only policy Mistral (Debian 15,
// master) applies to code sources and dynamic actions.
func (s *Server) admin(h func(c *call) error) func(c *call) error {
	return func(c *call) error {
		if !c.admin() {
			return errForbidden
		}
		return h(c)
	}
}

func (s *Server) listCodeSources(c *call) error {
	lr, err := c.listRequest(codeSourceList, s.surf.store.CodeSources)
	if err != nil {
		return err
	}
	recs, err := s.surf.store.CodeSources.List(lr.query)
	if err != nil {
		return lr.listError(err)
	}
	var want func(string) bool
	if lr.fields != nil {
		want = lr.wants
	}
	b := appendObjects(nil, "code_sources", codeSourceFields, recs, want)
	last := ""
	if n := len(recs); n > 0 {
		last = recs[n-1].ID
	}
	b = append(b, ']')
	b = lr.appendNext(b, c, len(recs), last)
	writeJSON(c.w, http.StatusOK, append(b, '}'))
	return nil
}

func (s *Server) getCodeSource(c *call) error {
	cs, err := s.surf.store.FindCodeSource(nil, c.project(), c.get("namespace"), c.ps.ByName("id"))
	if err != nil {
		return err
	}
	writeJSON(c.w, http.StatusOK, appendObject(nil, codeSourceFields, cs, nil))
	return nil
}

// createCodeSource stores a module: POST /v2/code_sources?name=&scope=&namespace=
// with the module text as the body.
func (s *Server) createCodeSource(c *call) error {
	if !c.has("name") || c.get("name") == "" {
		return invalid("Missing argument: %q", "name")
	}
	scope, err := c.scope()
	if err != nil {
		return err
	}
	text, err := c.text()
	if err != nil {
		return err
	}
	cs := &storage.CodeSource{ID: newID(), Name: c.get("name"), Namespace: c.get("namespace"), Project: c.project(),
		Scope: scope, Content: text, Version: 1, CreatedAt: storage.Now()}
	err = s.defs.DB.Update(func(w *storage.Write) error {
		return s.surf.store.CodeSources.Put(w, cs)
	}, s.surf.store.CodeSources)
	if err != nil {
		return err
	}
	writeJSON(c.w, http.StatusCreated, appendObject(nil, codeSourceFields, cs, without("updated_at")))
	return nil
}

// updateCodeSource replaces a module's text (PUT /v2/code_sources/{id}
// or ?identifier=): the version grows by one, the scope becomes the one
// given (private by default, as in Mistral), and the dynamic actions of
// the module are inspected again.
func (s *Server) updateCodeSource(c *call) error {
	id := c.ps.ByName("id")
	if id == "" {
		id = c.get("identifier")
	}
	if id == "" {
		return invalid("Missing argument: %q", "identifier")
	}
	scope, err := c.scope()
	if err != nil {
		return err
	}
	text, err := c.text()
	if err != nil {
		return err
	}
	st := s.surf.store
	cur, err := st.FindCodeSource(nil, c.project(), c.get("namespace"), id)
	if err != nil {
		return err
	}
	// Inspect outside the write: it runs Python.
	var deps []*storage.DynamicAction
	err = st.DynamicActions.Scan(storage.IndexCodeSource, cur.ID, func(d *storage.DynamicAction) bool {
		deps = append(deps, d)
		return true
	})
	if err != nil {
		return err
	}
	probe := *cur
	probe.Content = text
	for _, d := range deps {
		s.inspectDynamic(c.r.Context(), d, &probe)
	}
	var out *storage.CodeSource
	err = s.defs.DB.Update(func(w *storage.Write) error {
		cs, err := st.CodeSources.GetIn(w, cur.ID)
		if err != nil {
			return notFound("Code Source not found [name=%s,namespace=%s]", id, c.get("namespace"))
		}
		cs.Content, cs.Scope, cs.Version, cs.UpdatedAt = text, scope, cs.Version+1, storage.Now()
		if err := st.CodeSources.Put(w, cs); err != nil {
			return err
		}
		for _, d := range deps {
			fresh, err := st.DynamicActions.GetIn(w, d.ID)
			if err != nil {
				continue // deleted meanwhile
			}
			fresh.Input, fresh.Description, fresh.HasDescription, fresh.Inspected = d.Input, d.Description, d.HasDescription, d.Inspected
			if err := st.DynamicActions.Put(w, fresh); err != nil {
				return err
			}
		}
		out = cs
		return nil
	}, st.CodeSources, st.DynamicActions)
	if err != nil {
		return err
	}
	writeJSON(c.w, http.StatusOK, appendObject(nil, codeSourceFields, out, nil))
	return nil
}

// deleteCodeSource deletes a module and, as the database cascade does in
// Mistral, its dynamic actions.
func (s *Server) deleteCodeSource(c *call) error {
	st := s.surf.store
	err := s.defs.DB.Update(func(w *storage.Write) error {
		cs, err := st.FindCodeSource(w, c.project(), c.get("namespace"), c.ps.ByName("id"))
		if err != nil {
			return err
		}
		var deps []string
		err = st.DynamicActions.Scan(storage.IndexCodeSource, cs.ID, func(d *storage.DynamicAction) bool {
			deps = append(deps, d.ID)
			return true
		})
		if err != nil {
			return err
		}
		for _, id := range deps {
			if err := st.DynamicActions.Delete(w, id); err != nil && !errors.Is(err, storage.ErrNotFound) {
				return err
			}
		}
		return st.CodeSources.Delete(w, cs.ID)
	}, st.CodeSources, st.DynamicActions)
	if err != nil {
		return err
	}
	writeNoContent(c.w)
	return nil
}

// inspectTimeout bounds the inspection of one dynamic action class.
const inspectTimeout = 30 * time.Second

// inspectDynamic reads the parameter spec and docstring of d's class
// from the module cs into d (Inspected false when that fails or no
// inspector is configured).
func (s *Server) inspectDynamic(ctx context.Context, d *storage.DynamicAction, cs *storage.CodeSource) {
	d.Inspected, d.Input, d.Description, d.HasDescription = false, "", "", false
	if s.cfg.InspectClass == nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, inspectTimeout)
	defer cancel()
	in, doc, hasDoc, err := s.cfg.InspectClass(ctx, cs.Name, cs.Content, d.ClassName)
	if err != nil {
		return
	}
	d.Inspected, d.Input, d.Description, d.HasDescription = true, in, doc, hasDoc
}
