package httpd

import (
	"errors"
	"net/http"
	"strings"

	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// v1 workflows: the v2 workflows, with the attributes only v1 knows
// (display name, description, archived) kept beside them.

// v1Workflow is a workflow with its v1 attributes.
type v1Workflow struct {
	wf   *storage.Workflow
	meta *storage.WorkflowMeta
}

func (w *v1Workflow) displayName() string {
	if w.meta.HasDisplayName {
		return w.meta.DisplayName
	}
	return w.wf.Name
}

// listItem is the workflow as GET /v1/workflows lists it.
func (w *v1Workflow) listItem() *value.Map {
	m := value.NewMap(4)
	m.Set("archived", w.meta.Archived)
	m.Set("display_name", w.displayName())
	m.Set("id", w.wf.ID)
	m.Set("name", w.wf.Name)
	return m
}

// withStatus is the workflow as GET /v1/workflows/{id} shows it: active
// means it can be executed (it is not archived).
func (w *v1Workflow) withStatus() *value.Map {
	m := value.NewMap(7)
	m.Set("active", !w.meta.Archived)
	m.Set("customer_id", customerID(w.wf.Project))
	m.Set("display_name", w.displayName())
	m.Set("id", w.wf.ID)
	m.Set("name", w.wf.Name)
	m.Set("type", "code")
	m.Set("workspace_id", workspaceID(w.wf.Project, w.wf.Namespace))
	return m
}

// full is the workflow as updates and archiving answer it.
func (w *v1Workflow) full() *value.Map {
	m := value.NewMap(8)
	m.Set("archived", w.meta.Archived)
	m.Set("customer_id", customerID(w.wf.Project))
	if w.meta.HasDescription {
		m.Set("description", w.meta.Description)
	} else {
		m.Set("description", nil)
	}
	m.Set("display_name", w.displayName())
	m.Set("id", w.wf.ID)
	m.Set("name", w.wf.Name)
	m.Set("type", "code")
	m.Set("workspace_id", workspaceID(w.wf.Project, w.wf.Namespace))
	return m
}

// v1Find finds a workflow by id, or by name in the default namespace.
func (s *Server) v1Find(c *call, identifier string) (*v1Workflow, error) {
	wf, err := s.defs.FindWorkflow(c.project(), "", identifier)
	var nf *storage.NotFoundError
	if errors.As(err, &nf) {
		return nil, &v1Error{http.StatusNotFound, "Workflow not found: " + identifier}
	}
	if err != nil {
		return nil, err
	}
	meta, err := s.surf.store.Meta(wf.ID)
	if err != nil {
		return nil, err
	}
	return &v1Workflow{wf: wf, meta: meta}, nil
}

// v1ListWorkflows serves GET /v1/workflows?cursor=&limit=&archived=.
func (s *Server) v1ListWorkflows(c *call) error {
	pg, err := c.v1PageQuery()
	if err != nil {
		return err
	}
	archived, err := c.v1Bool("archived")
	if err != nil {
		return err
	}
	var out []*v1Workflow
	q := storage.Query{Marker: pg.cursor, Limit: pg.limit + 1}
	if archived != nil && q.Limit < 100 {
		q.Limit = 100 // filtered: read in larger batches
	}
	for len(out) <= pg.limit {
		recs, err := s.defs.Workflows.List(q)
		if errors.Is(err, storage.ErrNotFound) {
			return invalidCursor(pg.cursor)
		}
		if err != nil {
			return err
		}
		for _, wf := range recs {
			if !storage.Visible(wf.Project, wf.Scope, c.project()) {
				continue
			}
			meta, err := s.surf.store.Meta(wf.ID)
			if err != nil {
				return err
			}
			if archived != nil && meta.Archived != *archived {
				continue
			}
			out = append(out, &v1Workflow{wf: wf, meta: meta})
			if len(out) > pg.limit {
				break
			}
		}
		if len(recs) < q.Limit {
			break
		}
		q.Marker = recs[len(recs)-1].ID
	}
	resp := value.NewMap(2)
	resp.Set("next_cursor", nil)
	if len(out) > pg.limit {
		out = out[:pg.limit]
		resp.Set("next_cursor", out[len(out)-1].wf.ID)
	}
	items := make([]any, len(out))
	for i, w := range out {
		items[i] = w.listItem()
	}
	resp.Set("workflows", items)
	writeV1(c, resp)
	return nil
}

func (s *Server) v1GetWorkflow(c *call) error {
	w, err := s.v1Find(c, c.ps.ByName("id"))
	if err != nil {
		return err
	}
	resp := value.NewMap(1)
	resp.Set("workflow", w.withStatus())
	writeV1(c, resp)
	return nil
}

// v1UpdateWorkflow serves PUT /v1/workflows/{id}: display_name and
// description, and (ours) definition, the workflow's new YAML text, which
// updates the v2 workflow and records a new registration. Other fields
// are ignored.
func (s *Server) v1UpdateWorkflow(c *call) error {
	w, err := s.v1Find(c, c.ps.ByName("id"))
	if err != nil {
		return err
	}
	body, err := c.v1Body()
	if err != nil {
		return err
	}
	var display, desc, def *string
	for _, f := range []struct {
		name string
		dst  **string
	}{{"display_name", &display}, {"description", &desc}, {"definition", &def}} {
		v, _ := body.Get(f.name)
		if v == nil {
			continue
		}
		str, ok := v.(string)
		if !ok {
			return unprocessable(f.name + " must be a string")
		}
		*f.dst = &str
	}
	if display != nil && (strings.TrimSpace(*display) == "" || len(*display) > 128) {
		return unprocessable("display_name must not be empty and must have at most 128 characters")
	}
	if def != nil {
		if _, err := s.updateWorkflows(w.wf.Project, w.wf.Namespace, w.wf.Scope, *def, w.wf.ID); err != nil {
			return err
		}
	}
	err = s.defs.DB.Update(func(wr *storage.Write) error {
		wf, err := s.defs.Workflows.GetIn(wr, w.wf.ID)
		if err != nil {
			return &v1Error{http.StatusNotFound, "Workflow not found: " + w.wf.ID}
		}
		meta, err := s.surf.store.Meta(wf.ID)
		if err != nil {
			return err
		}
		if display != nil {
			meta.DisplayName, meta.HasDisplayName = *display, true
		}
		if desc != nil {
			meta.Description, meta.HasDescription = *desc, true
		}
		if display != nil || desc != nil {
			if err := s.putMeta(wr, meta); err != nil {
				return err
			}
		}
		w = &v1Workflow{wf: wf, meta: meta}
		return nil
	}, s.defs.Workflows)
	if err != nil {
		return err
	}
	resp := value.NewMap(1)
	resp.Set("workflow", w.full())
	writeV1(c, resp)
	return nil
}

// putMeta stores v1 attributes (the caller holds the workflows' lock).
func (s *Server) putMeta(w *storage.Write, meta *storage.WorkflowMeta) error {
	now := storage.Now()
	if meta.CreatedAt == 0 {
		meta.CreatedAt = now
	}
	meta.UpdatedAt = now
	return s.surf.store.WorkflowMeta.Put(w, meta)
}

// setArchived archives (or unarchives) the workflow with the given id,
// visible to project; archiving an archived workflow changes nothing.
func (s *Server) setArchived(project, id string, archived bool) (*v1Workflow, error) {
	var out *v1Workflow
	err := s.defs.DB.Update(func(w *storage.Write) error {
		wf, err := s.defs.Workflows.GetIn(w, id)
		if err != nil || !storage.Visible(wf.Project, wf.Scope, project) {
			if err != nil && !errors.Is(err, storage.ErrNotFound) {
				return err
			}
			return &v1Error{http.StatusNotFound, "Workflow not found: " + id}
		}
		meta, err := s.surf.store.Meta(wf.ID)
		if err != nil {
			return err
		}
		if meta.Archived != archived {
			meta.Archived = archived
			if err := s.putMeta(w, meta); err != nil {
				return err
			}
		}
		out = &v1Workflow{wf: wf, meta: meta}
		return nil
	}, s.defs.Workflows)
	return out, err
}

func (s *Server) v1ArchiveOne(c *call, archived bool) error {
	w, err := s.v1Find(c, c.ps.ByName("id"))
	if err != nil {
		return err
	}
	if w, err = s.setArchived(c.project(), w.wf.ID, archived); err != nil {
		return err
	}
	resp := value.NewMap(1)
	resp.Set("workflow", w.full())
	writeV1(c, resp)
	return nil
}

// maxBulk bounds the ids of one bulk archive request.
const maxBulk = 100

// v1BulkArchive serves PUT /v1/workflows/archive and /unarchive: each
// id is archived (unarchived) or reported in "errored" with the reason.
func (s *Server) v1BulkArchive(c *call, archived bool) error {
	body, err := c.v1Body()
	if err != nil {
		return err
	}
	raw, ok := body.Get("workflow_ids")
	list, isList := raw.([]any)
	if !ok || !isList {
		return unprocessable("workflow_ids must be a list of workflow ids")
	}
	if len(list) > maxBulk {
		return unprocessable("workflow_ids may hold at most 100 ids")
	}
	ids := make([]string, len(list))
	for i, v := range list {
		id, ok := v.(string)
		if !ok || !storage.LooksLikeUUID(id) {
			return unprocessable("workflow_ids[" + itoa(i) + "] is not a UUID: " + value.Str(v))
		}
		ids[i] = id
	}
	done := []any{}
	errored := []any{}
	for _, id := range ids {
		w, err := s.setArchived(c.project(), id, archived)
		if err != nil {
			e := value.NewMap(3)
			e.Set("message", err.Error())
			e.Set("workflow", nil)
			e.Set("workflow_id", id)
			errored = append(errored, e)
			continue
		}
		done = append(done, w.full())
	}
	resp := value.NewMap(2)
	if archived {
		resp.Set("archived", done)
		resp.Set("errored", errored)
	} else {
		resp.Set("errored", errored)
		resp.Set("unarchived", done)
	}
	writeV1(c, resp)
	return nil
}

func itoa(i int) string { return string(appendInt(nil, int64(i))) }
