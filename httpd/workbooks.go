package httpd

import (
	"errors"
	"net/http"

	"github.com/mistral-go/mistral-go/dsl"
	"github.com/mistral-go/mistral-go/storage"
)

var workbookList = &listSpec{
	collection: "workbooks",
	fields:     names(workbookFields),
	filters: []param{{"created_at", pText}, {"definition", pText}, {"name", pText}, {"scope", pText},
		{"tags", pText}, {"updated_at", pText}, {"namespace", pText}},
	defaultSort:    "created_at",
	markerNotFound: func(id string) error { return notFound("Workbook not found [id=%s]", id) },
}

func (s *Server) workbookRoutes() []route {
	return []route{
		{method: "GET", path: "/v2/workbooks", produces: jsonType, errors: shapeWSME, params: workbookList.params(), h: s.listWorkbooks},
		{method: "GET", path: "/v2/workbooks/:id", produces: jsonType, errors: shapeWSME, params: nsParam, h: s.getWorkbook},
		{method: "GET", path: "/v2/workbooks/:id/:ns", produces: jsonType, errors: shapeWSME, params: nsParam, h: s.getWorkbook},
		{method: "POST", path: "/v2/workbooks", produces: textType, errors: shapeText, h: s.createWorkbook},
		{method: "POST", path: "/v2/workbooks/:id", errors: shapeText, h: s.postWorkbooksSub},
		{method: "PUT", path: "/v2/workbooks", produces: textType, errors: shapeText, h: s.updateWorkbook},
		{method: "PUT", path: "/v2/workbooks/:id", produces: textType, errors: shapeText, h: s.updateWorkbook},
		{method: "DELETE", path: "/v2/workbooks", produces: jsonType, errors: shapeWSME, params: nsParam, h: missingArg("name")},
		{method: "DELETE", path: "/v2/workbooks/:id", produces: jsonType, errors: shapeWSME, params: nsParam, h: s.deleteWorkbook},
		{method: "DELETE", path: "/v2/workbooks/:id/:ns", produces: jsonType, errors: shapeWSME, params: nsParam, h: s.deleteWorkbook},
	}
}

func (s *Server) listWorkbooks(c *call) error {
	lr, err := c.listRequest(workbookList, s.defs.Workbooks)
	if err != nil {
		return err
	}
	recs, err := s.defs.Workbooks.List(lr.query)
	if err != nil {
		return lr.listError(err)
	}
	var want func(string) bool
	if lr.fields != nil {
		want = lr.wants
	}
	b := appendObjects(nil, "workbooks", workbookFields, recs, want)
	last := ""
	if n := len(recs); n > 0 {
		last = recs[n-1].ID
	}
	b = append(b, ']')
	b = lr.appendNext(b, c, len(recs), last)
	writeJSON(c.w, http.StatusOK, append(b, '}'))
	return nil
}

func (s *Server) getWorkbook(c *call) error {
	wb, err := s.defs.FindWorkbook(c.project(), c.namespace(), c.ps.ByName("id"))
	if err != nil {
		return err
	}
	writeJSON(c.w, http.StatusOK, appendObject(nil, workbookFields, wb, nil))
	return nil
}

// postWorkbooksSub serves POST /v2/workbooks/<x>: validation, else a
// create in namespace <x>.
func (s *Server) postWorkbooksSub(c *call) error {
	switch c.ps.ByName("id") {
	case "validate", "validation":
		return s.validate(c, dsl.ValidateWorkbook)
	}
	if err := c.negotiate(textType); err != nil {
		return err
	}
	return s.saveWorkbookH(c, true)
}

func (s *Server) createWorkbook(c *call) error { return s.saveWorkbookH(c, true) }
func (s *Server) updateWorkbook(c *call) error { return s.saveWorkbookH(c, false) }

func (s *Server) saveWorkbookH(c *call, create bool) error {
	text, scope, err := c.definition()
	if err != nil {
		return err
	}
	namespace := c.ps.ByName("id")
	if c.has("namespace") {
		namespace = c.get("namespace")
	}
	wb, err := s.saveWorkbook(c.project(), namespace, scope, text, create)
	if err != nil {
		return err
	}
	if create {
		writeJSON(c.w, http.StatusCreated, appendObject(nil, workbookFields, wb, without("updated_at")))
	} else {
		writeJSON(c.w, http.StatusOK, appendObject(nil, workbookFields, wb, nil))
	}
	return nil
}

func (s *Server) deleteWorkbook(c *call) error {
	name, ns := c.ps.ByName("id"), c.namespace()
	err := s.defs.DB.Update(func(w *storage.Write) error {
		wb, err := s.defs.Workbooks.GetUniqueIn(w, 0, storage.KeyOf(c.project(), ns, name))
		if errors.Is(err, storage.ErrNotFound) {
			return notFound("Workbook not found [workbook_name=%s, namespace=%s]", name, ns)
		}
		if err != nil {
			return err
		}
		return s.defs.Workbooks.Delete(w, wb.ID)
	}, s.defs.Workbooks)
	if err != nil {
		return err
	}
	writeNoContent(c.w)
	return nil
}
