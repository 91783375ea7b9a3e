package httpd

import (
	"net/http"

	"github.com/mistral-go/mistral-go/storage"
)

// Workflow sharing (api.md §12.1): /v2/workflows/{id}/members. Mistral
// serves it only with authentication on; we serve it with the project
// taken from X-Project-Id (projects.go). The routes share their first
// segments with /v2/workflows/{id}/{namespace}: httprouter needs one
// parameter name per position, so "members" is told apart here.

var memberFields = []field[storage.Member]{
	{"id", func(b []byte, r *storage.Member) []byte { return appendStr(b, r.ID) }},
	{"resource_id", func(b []byte, r *storage.Member) []byte { return appendStr(b, r.ResourceID) }},
	{"resource_type", func(b []byte, r *storage.Member) []byte { return appendStr(b, r.ResourceType) }},
	{"project_id", func(b []byte, r *storage.Member) []byte { return appendStr(b, r.Project) }},
	{"member_id", func(b []byte, r *storage.Member) []byte { return appendStr(b, r.MemberID) }},
	{"status", func(b []byte, r *storage.Member) []byte { return appendStr(b, r.Status) }},
	{"created_at", func(b []byte, r *storage.Member) []byte { return appendTime(b, r.CreatedAt) }},
	{"updated_at", func(b []byte, r *storage.Member) []byte { return appendNullTime(b, r.UpdatedAt) }},
}

var memberAttrs = []attr{
	{name: "id"}, {name: "resource_id"}, {name: "resource_type"}, {name: "project_id"},
	{name: "member_id"}, {name: "status"}, {name: "created_at"}, {name: "updated_at"},
}

const membersSegment = "members"

func (s *Server) memberRoutes() []route {
	return []route{
		{method: "GET", path: "/v2/workflows/:id/:ns/:member", produces: jsonType, errors: shapeWSME, params: []param{}, h: s.getMember},
		{method: "POST", path: "/v2/workflows/:id/:ns", produces: jsonType, errors: shapeWSME, params: []param{}, h: s.addMember},
		{method: "PUT", path: "/v2/workflows/:id/:ns/:member", produces: jsonType, errors: shapeWSME, params: []param{}, h: s.updateMember},
		// The CLI's member-update without --member-id: the caller's own.
		{method: "PUT", path: "/v2/workflows/:id/:ns", produces: jsonType, errors: shapeWSME, params: []param{}, h: s.updateMember},
		{method: "DELETE", path: "/v2/workflows/:id/:ns/:member", produces: jsonType, errors: shapeWSME, params: []param{}, h: s.deleteMember},
	}
}

// getWorkflowOrMembers serves GET /v2/workflows/{id}/{x}: the members of
// the workflow when x is "members", else the workflow in namespace x.
func (s *Server) getWorkflowOrMembers(c *call) error {
	if c.ps.ByName("ns") == membersSegment {
		return s.listMembers(c)
	}
	return s.getWorkflowSub(c)
}

// deleteWorkflowOrMembers serves DELETE /v2/workflows/{id}/{x}.
func (s *Server) deleteWorkflowOrMembers(c *call) error {
	if c.ps.ByName("ns") == membersSegment {
		if _, err := c.membersOf(); err != nil {
			return err
		}
		return invalid("Missing argument: %q", "member_id")
	}
	return s.deleteWorkflow(c)
}

// membersOf checks the workflow id of a members path: Mistral shares
// workflows by UUID only.
func (c *call) membersOf() (string, error) {
	id := c.ps.ByName("id")
	if !storage.LooksLikeUUID(id) {
		return "", invalid("Only support UUID as resource identifier in resource sharing feature.")
	}
	return uuidValue(id), nil
}

// notMembers answers a path under /v2/workflows/{id}/ that is not a
// members path: webob's 404 page.
func (c *call) notMembers() bool {
	if c.ps.ByName("ns") == membersSegment {
		return false
	}
	notFoundPage().write(c.w, c.r)
	return true
}

func (s *Server) listMembers(c *call) error {
	id, err := c.membersOf()
	if err != nil {
		return err
	}
	ms, err := s.defs.MembersOf(c.project(), id)
	if err != nil {
		return err
	}
	writeJSON(c.w, http.StatusOK, append(appendObjects(nil, "members", memberFields, ms, nil), "]}"...))
	return nil
}

func (s *Server) getMember(c *call) error {
	if c.notMembers() {
		return nil
	}
	id, err := c.membersOf()
	if err != nil {
		return err
	}
	m, err := s.defs.GetMember(c.project(), id, c.ps.ByName("member"))
	if err != nil {
		return err
	}
	writeJSON(c.w, http.StatusOK, appendObject(nil, memberFields, m, nil))
	return nil
}

// memberBody decodes a POST/PUT body of a membership.
func (c *call) memberBody() (member, status string, err error) {
	m, err := c.jsonObject("member_info")
	if err != nil {
		return "", "", err
	}
	if err := checkAttrs("member_info", m, memberAttrs); err != nil {
		return "", "", err
	}
	status = textAttr(m, "status")
	switch status {
	case "", storage.MemberPending, storage.MemberAccepted, storage.MemberRejected:
	default:
		return "", "", invalid("Invalid input for field/attribute status. Value: '%s'. Value should be one of: pending, accepted, rejected", status)
	}
	return textAttr(m, "member_id"), status, nil
}

func (s *Server) addMember(c *call) error {
	if c.notMembers() {
		return nil
	}
	id, err := c.membersOf()
	if err != nil {
		return err
	}
	member, _, err := c.memberBody()
	if err != nil {
		return err
	}
	m, err := s.defs.AddMember(c.project(), id, member, storage.Now(), newID)
	if err != nil {
		return err
	}
	writeJSON(c.w, http.StatusCreated, appendObject(nil, memberFields, m, without("updated_at")))
	return nil
}

func (s *Server) updateMember(c *call) error {
	if c.notMembers() {
		return nil
	}
	id, err := c.membersOf()
	if err != nil {
		return err
	}
	_, status, err := c.memberBody()
	if err != nil {
		return err
	}
	member := c.ps.ByName("member")
	if member == "" {
		member = c.project()
	}
	m, err := s.defs.UpdateMember(c.project(), id, member, status, storage.Now())
	if err != nil {
		return err
	}
	writeJSON(c.w, http.StatusOK, appendObject(nil, memberFields, m, nil))
	return nil
}

func (s *Server) deleteMember(c *call) error {
	if c.notMembers() {
		return nil
	}
	id, err := c.membersOf()
	if err != nil {
		return err
	}
	if err := s.defs.DeleteMember(c.project(), id, c.ps.ByName("member")); err != nil {
		return err
	}
	writeNoContent(c.w)
	return nil
}
