package httpd

import (
	"errors"
	"net/http"

	"github.com/mistral-go/mistral-go/dsl"
	"github.com/mistral-go/mistral-go/storage"
)

// actionFilters are the filter parameters of GET /v2/actions in the order
// Mistral's controller builds them.
var actionFilters = []param{{"created_at", pText}, {"name", pText}, {"scope", pText}, {"tags", pText},
	{"updated_at", pText}, {"description", pText}, {"definition", pText}, {"is_system", pText},
	{"input", pText}, {"namespace", pText}}

var actionList = &listSpec{
	collection:   "actions",
	fields:       names(actionFields),
	filters:      actionFilters,
	defaultSort:  "name",
	ignoreFields: true,
	markerNotFound: func(id string) error {
		return notFound("Action not found [name=%s, namespace=]", id)
	},
}

func (s *Server) actionRoutes() []route {
	listParams := append([]param{{"marker", pText}, {"limit", pInt}, {"sort_keys", pUniqueList},
		{"sort_dirs", pList}, {"fields", pUniqueList}}, actionFilters...)
	return []route{
		{method: "GET", path: "/v2/actions", produces: jsonType, errors: shapeWSME, params: listParams, h: s.listActions},
		{method: "GET", path: "/v2/actions/:id", produces: jsonType, errors: shapeWSME, params: nsParam, h: s.getAction},
		{method: "GET", path: "/v2/actions/:id/:ns", produces: jsonType, errors: shapeWSME, params: nsParam, h: s.getAction},
		{method: "POST", path: "/v2/actions", produces: textType, errors: shapeText, h: s.createActionsH},
		{method: "POST", path: "/v2/actions/:id", errors: shapeText, h: s.postActionsSub},
		{method: "PUT", path: "/v2/actions", produces: textType, errors: shapeText, h: s.updateActionsH},
		{method: "PUT", path: "/v2/actions/:id", produces: textType, errors: shapeText, h: s.updateActionsH},
		{method: "DELETE", path: "/v2/actions", produces: jsonType, errors: shapeWSME, params: nsParam, h: missingArg("identifier")},
		{method: "DELETE", path: "/v2/actions/:id", produces: jsonType, errors: shapeWSME, params: nsParam, h: s.deleteAction},
		{method: "DELETE", path: "/v2/actions/:id/:ns", produces: jsonType, errors: shapeWSME, params: nsParam, h: s.deleteAction},
	}
}

// actionItem is one entry of the action list: a stored ad-hoc action or a
// system action.
type actionItem struct {
	rec *storage.Action
	sys *SystemAction
}

// actionItemFields are the filterable, sortable attributes of actionItem.
// System actions have the database's creation time as created_at, so
// that sorting by it works (Mistral 15 fails there).
func (s *Server) actionItemFields() []storage.Field[actionItem] {
	created := s.defs.DB.Created()
	pick := func(sys func(*SystemAction) any, rec func(*storage.Action) any) func(*actionItem) any {
		return func(a *actionItem) any {
			if a.sys != nil {
				return sys(a.sys)
			}
			return rec(a.rec)
		}
	}
	null := func(*SystemAction) any { return nil }
	return []storage.Field[actionItem]{
		{Name: "id", Kind: storage.KindText, Get: pick(func(a *SystemAction) any { return a.Name }, func(r *storage.Action) any { return r.ID })},
		{Name: "name", Kind: storage.KindText, Get: pick(func(a *SystemAction) any { return a.Name }, func(r *storage.Action) any { return r.Name })},
		{Name: "is_system", Kind: storage.KindBool, Get: func(*actionItem) any { return false }},
		{Name: "input", Kind: storage.KindText, Get: pick(func(a *SystemAction) any { return a.Input }, func(r *storage.Action) any {
			if !r.HasInput {
				return nil
			}
			return r.Input
		})},
		{Name: "description", Kind: storage.KindText, Get: pick(func(a *SystemAction) any { return a.Description }, func(r *storage.Action) any {
			if !r.HasDescription {
				return nil
			}
			return r.Description
		})},
		{Name: "tags", Kind: storage.KindTags, Get: pick(null, func(r *storage.Action) any { return r.Tags })},
		{Name: "definition", Kind: storage.KindText, Get: pick(func(*SystemAction) any { return "" }, func(r *storage.Action) any { return r.Definition })},
		{Name: "scope", Kind: storage.KindText, Get: pick(null, func(r *storage.Action) any { return r.Scope })},
		{Name: "project_id", Kind: storage.KindText, Get: pick(null, func(r *storage.Action) any { return r.Project })},
		{Name: "created_at", Kind: storage.KindTime, Get: pick(func(*SystemAction) any { return created }, func(r *storage.Action) any { return r.CreatedAt })},
		{Name: "updated_at", Kind: storage.KindTime, Get: pick(null, func(r *storage.Action) any {
			if r.UpdatedAt == 0 {
				return nil
			}
			return r.UpdatedAt
		})},
		{Name: "namespace", Kind: storage.KindText, Get: pick(func(*SystemAction) any { return "" }, func(r *storage.Action) any { return r.Namespace })},
	}
}

// appendSystemAction appends a system action as Mistral shows std
// actions (id = name, null project and scope), with a real created_at.
func (s *Server) appendSystemAction(b []byte, a *SystemAction) []byte {
	b = append(b, `{"id": `...)
	b = appendStr(b, a.Name)
	b = append(b, `, "name": `...)
	b = appendStr(b, a.Name)
	b = append(b, `, "is_system": false, "input": `...)
	b = appendStr(b, a.Input)
	b = append(b, `, "description": `...)
	b = appendStr(b, a.Description)
	b = append(b, `, "tags": null, "definition": "", "scope": null, "project_id": null, "created_at": `...)
	b = appendTime(b, s.defs.DB.Created())
	return append(b, `, "updated_at": "", "namespace": ""}`...)
}

func (s *Server) systemAction(name string) *SystemAction {
	for i := range s.sys {
		if s.sys[i].Name == name {
			return &s.sys[i]
		}
	}
	return nil
}

func (s *Server) isSystemAction(name string) bool { return s.systemAction(name) != nil }

// listActions lists system and ad-hoc actions together, filtered, sorted
// and paged in memory (Mistral does the same over its action providers).
// The namespace filter defaults to "" (system actions live there).
func (s *Server) listActions(c *call) error {
	if !c.has("namespace") {
		c.q.Set("namespace", "")
	}
	fields := s.actionItemFields()
	lr, err := c.listRequest(actionList, filterFunc(func(f string, op storage.Op, raw string) (storage.Filter, error) {
		return storage.ParseFilter(fields, f, op, raw)
	}))
	if err != nil {
		return err
	}
	var items []*actionItem
	for i := range s.sys {
		items = append(items, &actionItem{sys: &s.sys[i]})
	}
	err = s.defs.Actions.ScanAll(func(r *storage.Action) bool {
		items = append(items, &actionItem{rec: r})
		return true
	})
	if err != nil {
		return err
	}
	dyn, err := s.dynamicActionRecords()
	if err != nil {
		return err
	}
	for _, r := range dyn {
		items = append(items, &actionItem{rec: r})
	}
	// The marker is an action name in Mistral, an id in its next links:
	// accept both; an unknown marker starts from the beginning.
	q := lr.query
	if q.Marker != "" {
		q.Marker = ""
		for _, it := range items {
			if id := fields[0].Get(it).(string); id == lr.query.Marker || fields[1].Get(it).(string) == lr.query.Marker {
				q.Marker = id
				break
			}
		}
	}
	page, err := storage.FilterSort(items, fields, q)
	if err != nil {
		return lr.listError(err)
	}
	b := listKey(nil, "actions")
	last := ""
	for i, it := range page {
		if i > 0 {
			b = append(b, ", "...)
		}
		if it.sys != nil {
			b = s.appendSystemAction(b, it.sys)
			last = it.sys.Name
		} else {
			b = appendObject(b, actionFields, it.rec, nil)
			last = it.rec.ID
		}
	}
	b = append(b, ']')
	lr.fields = nil // accepted and ignored, as in Mistral
	b = lr.appendNext(b, c, len(page), last)
	writeJSON(c.w, http.StatusOK, append(b, '}'))
	return nil
}

// filterFunc adapts a function to filterParser.
type filterFunc func(field string, op storage.Op, raw string) (storage.Filter, error)

func (f filterFunc) ParseFilter(field string, op storage.Op, raw string) (storage.Filter, error) {
	return f(field, op, raw)
}

func (s *Server) getAction(c *call) error {
	id, ns := c.ps.ByName("id"), c.namespace()
	if a := s.systemAction(id); a != nil {
		writeJSON(c.w, http.StatusOK, s.appendSystemAction(nil, a))
		return nil
	}
	a, err := s.defs.FindAction(c.project(), ns, id)
	if errors.Is(err, storage.ErrNotFound) {
		if a, err = s.dynamicAction(c.project(), ns, id); err == nil && a == nil {
			return notFound("Action not found [name=%s, namespace=%s]", id, ns)
		}
	}
	if err != nil {
		return err
	}
	writeJSON(c.w, http.StatusOK, appendObject(nil, actionFields, a, nil))
	return nil
}

// postActionsSub serves POST /v2/actions/<x>: validation, else a create
// in namespace <x>.
func (s *Server) postActionsSub(c *call) error {
	switch c.ps.ByName("id") {
	case "validate", "validation":
		return s.validate(c, dsl.ValidateActions)
	}
	if err := c.negotiate(textType); err != nil {
		return err
	}
	return s.createActionsIn(c, c.ps.ByName("id"))
}

func (s *Server) createActionsH(c *call) error { return s.createActionsIn(c, "") }

func (s *Server) createActionsIn(c *call, namespace string) error {
	if c.has("namespace") {
		namespace = c.get("namespace")
	}
	text, scope, err := c.definition()
	if err != nil {
		return err
	}
	recs, err := s.createActions(c.project(), namespace, scope, text)
	if err != nil {
		return err
	}
	writeJSON(c.w, http.StatusCreated, appendActionList(recs, without("updated_at")))
	return nil
}

func appendActionList(recs []*storage.Action, want func(string) bool) []byte {
	return append(appendObjects(nil, "actions", actionFields, recs, want), "]}"...)
}

func (s *Server) updateActionsH(c *call) error {
	text, scope, err := c.definition()
	if err != nil {
		return err
	}
	recs, err := s.updateActions(c.project(), c.get("namespace"), scope, text, c.ps.ByName("id"))
	if err != nil {
		return err
	}
	writeJSON(c.w, http.StatusOK, appendActionList(recs, nil))
	return nil
}

func (s *Server) deleteAction(c *call) error {
	id, ns := c.ps.ByName("id"), c.namespace()
	if s.isSystemAction(id) {
		return invalid("Attempt to delete a system action: %s", id)
	}
	err := s.defs.DB.Update(func(w *storage.Write) error {
		a, err := s.findActionIn(w, c.project(), ns, id)
		if err != nil {
			return err
		}
		return s.defs.Actions.Delete(w, a.ID)
	}, s.defs.Actions)
	if err != nil {
		return err
	}
	writeNoContent(c.w)
	return nil
}
