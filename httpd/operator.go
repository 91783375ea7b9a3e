package httpd

import (
	"errors"
	"net/http"
	"os"
	"strconv"

	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// The operator routes: health checks, build information and maintenance
// mode.

func (s *Server) operatorRoutes() []route {
	return []route{
		{method: "GET", path: "/health", errors: shapeWSME, h: s.health},
		{method: "HEAD", path: "/health", errors: shapeWSME, h: s.health},
		{method: "GET", path: "/healthcheck", errors: shapeWSME, h: s.health},
		{method: "HEAD", path: "/healthcheck", errors: shapeWSME, h: s.health},
		{method: "GET", path: "/info", produces: jsonType, errors: shapeText, h: s.info},
		{method: "GET", path: "/maintenance", produces: jsonType, errors: shapeWSME, h: s.getMaintenance},
		{method: "PUT", path: "/maintenance", produces: jsonType, errors: shapeWSME, params: []param{}, h: s.putMaintenance},
	}
}

// healthProbe is a key no record has: reading it proves the database
// answers.
const healthProbe = "health-probe"

// health answers as oslo.middleware's healthcheck does, with one check
// (the database answers): 200 "OK" when healthy, 503 with the reason
// otherwise; JSON {"detailed": false, "reasons": [...]} for clients that
// prefer it; HEAD gets 204 (or 503) and no body.
func (s *Server) health(c *call) error {
	status, reason := http.StatusOK, "OK"
	if _, err := s.defs.Workflows.Get(healthProbe); err != nil && !errors.Is(err, storage.ErrNotFound) {
		status, reason = http.StatusServiceUnavailable, "DATABASE UNAVAILABLE: "+err.Error()
	}
	h := c.w.Header()
	if c.r.Method == http.MethodHead {
		if status == http.StatusOK {
			status = http.StatusNoContent
		}
		c.w.WriteHeader(status)
		return nil
	}
	var body []byte
	if bestOffer(c.r.Header.Get("Accept"), "text/plain", "application/json") == "application/json" {
		h.Set("Content-Type", "application/json")
		body = append(body, "{\n    \"detailed\": false,\n    \"reasons\": [\n        "...)
		body = appendStr(body, reason)
		body = append(body, "\n    ]\n}"...)
	} else {
		h.Set("Content-Type", "text/plain; charset=UTF-8")
		body = []byte(reason)
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	c.w.WriteHeader(status)
	_, _ = c.w.Write(body)
	return nil
}

// info serves the configured JSON document, as Mistral's /info does.
func (s *Server) info(c *call) error {
	if s.cfg.InfoFile == "" {
		return invalid("Info endpoint disabled.")
	}
	b, err := os.ReadFile(s.cfg.InfoFile)
	if err != nil {
		return invalid("Incorrect path to info json file.")
	}
	v, err := value.Decode(b)
	if err != nil {
		return invalid("The info json file is not valid JSON: %v", err)
	}
	writeJSON(c.w, http.StatusOK, value.AppendPy(nil, v))
	return nil
}

func (s *Server) getMaintenance(c *call) error {
	b := append([]byte(`{"status": `), nil...)
	b = appendStr(b, s.surf.maint.status())
	writeJSON(c.w, http.StatusOK, append(b, '}'))
	return nil
}

// putMaintenance changes the maintenance state and, as Mistral does,
// answers with the status asked for (GET shows PAUSING until PAUSED).
func (s *Server) putMaintenance(c *call) error {
	m, err := c.jsonObject("new_maintenance_status")
	if err != nil {
		return err
	}
	if err := checkAttrs("new_maintenance_status", m, []attr{{name: "status"}}); err != nil {
		return err
	}
	st, _ := m.Get("status")
	want, _ := st.(string)
	if st == nil {
		want = "None"
	}
	if err := s.surf.maint.set(want); err != nil {
		return err
	}
	b := append([]byte(`{"status": `), nil...)
	b = appendStr(b, want)
	writeJSON(c.w, http.StatusOK, append(b, '}'))
	return nil
}
