package httpd

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// The Mistral AI Workflows v1 API (../shared/seeds/003_…): workflows,
// their registrations (immutable definition versions) and executions,
// over the same store and engine as v2. Requests carry a bearer API key;
// answers are compact JSON (as FastAPI writes it) with the seed's field
// names, and errors are {"detail": "<message>"}.

func (s *Server) v1Routes() []route {
	r := func(method, path string, h func(c *call) error) route {
		return route{method: method, path: path, errors: shapeWSME, h: s.v1(h)}
	}
	return []route{
		r("GET", "/v1/workflows", s.v1ListWorkflows),
		r("GET", "/v1/workflows/:id", s.v1GetOne),
		r("PUT", "/v1/workflows/:id", s.v1PutOne),
		r("GET", "/v1/workflows/:id/:sub", s.v1GetSub),
		r("POST", "/v1/workflows/:id/:sub", s.v1PostSub),
		r("PUT", "/v1/workflows/:id/:sub", s.v1PutSub),
		r("POST", "/v1/workflows/:id/:sub/:op", s.v1PostSubOp),
	}
}

// The static path segments share positions with identifiers, so the
// routes dispatch on them (a workflow named like one is reached by id).

func (s *Server) v1GetOne(c *call) error {
	if c.ps.ByName("id") == "registrations" {
		return s.v1ListRegistrations(c)
	}
	return s.v1GetWorkflow(c)
}

func (s *Server) v1PutOne(c *call) error {
	switch c.ps.ByName("id") {
	case "archive":
		return s.v1BulkArchive(c, true)
	case "unarchive":
		return s.v1BulkArchive(c, false)
	}
	return s.v1UpdateWorkflow(c)
}

func (s *Server) v1GetSub(c *call) error {
	if c.ps.ByName("id") == "registrations" {
		return s.v1GetRegistration(c, c.ps.ByName("sub"))
	}
	return errV1NotFound
}

func (s *Server) v1PostSub(c *call) error {
	if c.ps.ByName("sub") == "execute" {
		return s.v1ExecuteWorkflow(c)
	}
	return errV1NotFound
}

func (s *Server) v1PutSub(c *call) error {
	switch c.ps.ByName("sub") {
	case "archive":
		return s.v1ArchiveOne(c, true)
	case "unarchive":
		return s.v1ArchiveOne(c, false)
	}
	return errV1NotFound
}

func (s *Server) v1PostSubOp(c *call) error {
	if c.ps.ByName("id") == "registrations" && c.ps.ByName("op") == "execute" {
		return s.v1ExecuteRegistration(c, c.ps.ByName("sub"))
	}
	return errV1NotFound
}

// v1Error is an error with its own status.
type v1Error struct {
	status int
	msg    string
}

func (e *v1Error) Error() string { return e.msg }

var errV1NotFound = &v1Error{http.StatusNotFound, "Not Found"}

// unprocessable is a request that does not validate (FastAPI's 422).
func unprocessable(msg string) error { return &v1Error{http.StatusUnprocessableEntity, msg} }

// v1 wraps a v1 handler: the API key check first, and errors written as
// {"detail": ...}.
func (s *Server) v1(h func(c *call) error) func(c *call) error {
	return func(c *call) error {
		err := s.v1Auth(c)
		if err == nil {
			err = h(c)
		}
		if err != nil {
			writeV1Error(c, err)
		}
		return nil
	}
}

func writeV1Error(c *call, err error) {
	status := statusOf(err)
	var ve *v1Error
	if errors.As(err, &ve) {
		status = ve.status
	}
	if status == http.StatusUnauthorized {
		c.w.Header().Set("WWW-Authenticate", "Bearer")
	}
	if status == http.StatusInternalServerError && ve == nil {
		writeError(c.w, c.r, shapeWSME, err) // logs it; the body says no more
		return
	}
	writeJSON(c.w, status, v1Detail(faultString(err, status)))
}

// v1Detail is the body of a v1 error.
func v1Detail(msg string) []byte {
	b := append(make([]byte, 0, 16+len(msg)), `{"detail":`...)
	b = value.AppendCompact(b, msg)
	return append(b, '}')
}

// v1Auth checks the bearer API key against the configured ones.
func (s *Server) v1Auth(c *call) error {
	if len(s.surf.keys) == 0 {
		return &v1Error{http.StatusUnauthorized, "The v1 API is disabled: this server has no API keys configured."}
	}
	h := c.r.Header.Get("Authorization")
	scheme, key, ok := strings.Cut(strings.TrimSpace(h), " ")
	if h == "" || !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(key) == "" {
		return &v1Error{http.StatusUnauthorized, "Missing API key: send it as 'Authorization: Bearer <key>'."}
	}
	sum := sha256.Sum256([]byte(strings.TrimSpace(key)))
	match := 0
	for i := range s.surf.keys {
		match |= subtle.ConstantTimeCompare(sum[:], s.surf.keys[i][:])
	}
	if match != 1 {
		return &v1Error{http.StatusUnauthorized, "Invalid API key."}
	}
	return nil
}

// writeV1 answers 200 with v as compact JSON.
func writeV1(c *call, v any) {
	writeJSON(c.w, http.StatusOK, value.AppendCompact(make([]byte, 0, 256), v))
}

// page is a v1 cursor query: up to limit items after the one whose id is
// cursor.
type v1Page struct {
	cursor string
	limit  int
}

// v1PageQuery reads cursor= and limit= (1 to 1000, default 50).
func (c *call) v1PageQuery() (v1Page, error) {
	p := v1Page{cursor: c.get("cursor"), limit: 50}
	if c.has("limit") {
		n, err := strconv.Atoi(strings.TrimSpace(c.get("limit")))
		if err != nil || n < 1 || n > 1000 {
			return p, unprocessable("limit must be an integer from 1 to 1000")
		}
		p.limit = n
	}
	return p, nil
}

// v1Bool reads an optional boolean query parameter as pydantic does.
func (c *call) v1Bool(name string) (*bool, error) {
	if !c.has(name) {
		return nil, nil
	}
	switch strings.ToLower(strings.TrimSpace(c.get(name))) {
	case "true", "1", "yes", "on", "t", "y":
		b := true
		return &b, nil
	case "false", "0", "no", "off", "f", "n":
		b := false
		return &b, nil
	}
	return nil, unprocessable(name + " must be a boolean")
}

// invalidCursor is the error of a cursor naming no item.
func invalidCursor(cursor string) error {
	return &v1Error{http.StatusBadRequest, "Invalid cursor: " + cursor}
}

// v1Body reads a JSON object body; an empty body is an empty object.
func (c *call) v1Body() (*value.Map, error) {
	b, err := c.body()
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(string(b)) == "" {
		return value.NewMap(0), nil
	}
	v, err := value.Decode(b)
	if err != nil {
		return nil, unprocessable("The body is not valid JSON: " + err.Error())
	}
	m, ok := v.(*value.Map)
	if !ok {
		return nil, unprocessable("The body must be a JSON object.")
	}
	return m, nil
}

// idNamespace seeds the stable ids the v1 API shows for projects.
var idNamespace = uuid.MustParse("5b0e9c1d-2f43-5a8e-9d61-7c3f0a4b8e21")

// customerID is the v1 customer of a project.
func customerID(project string) string {
	return uuid.NewSHA1(idNamespace, []byte("customer\x00"+project)).String()
}

// workspaceID is the v1 workspace of a project's namespace.
func workspaceID(project, namespace string) string {
	return uuid.NewSHA1(idNamespace, []byte("workspace\x00"+project+"\x00"+namespace)).String()
}

// v1Time renders Unix seconds as the v1 API does: RFC 3339 in UTC with
// microseconds and "Z".
func v1Time(sec int64) string {
	b := storage.AppendTime(make([]byte, 0, 27), sec)
	b[10] = 'T'
	return string(append(b, ".000000Z"...))
}
