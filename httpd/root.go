package httpd

import (
	"net/http"
)

func (s *Server) rootRoutes() []route {
	return []route{
		{method: "GET", path: "/", produces: jsonType, errors: shapeWSME, params: []param{}, h: s.getRoot},
		{method: "GET", path: "/v2", errors: shapeWSME, h: s.getV2Redirect},
		{method: "GET", path: "/v2/", produces: jsonType, errors: shapeWSME, params: []param{}, h: s.getV2},
	}
}

// getRoot lists the API versions.
func (s *Server) getRoot(c *call) error {
	b := append([]byte(nil), `{"versions": [{"id": "v2.0", "status": "CURRENT", "links": [{"href": `...)
	b = appendStr(b, c.appURL()+"/v2")
	b = append(b, `, "target": "v2", "rel": "self"}]}]}`...)
	writeJSON(c.w, http.StatusOK, b)
	return nil
}

// getV2Redirect sends /v2 to /v2/, as pecan does.
func (s *Server) getV2Redirect(c *call) error {
	foundPage(c.appURL()+"/v2/").write(c.w, c.r)
	return nil
}

// getV2 is the v2 root.
func (s *Server) getV2(c *call) error {
	b := append([]byte(nil), `{"uri": `...)
	b = appendStr(b, c.appURL()+"/v2")
	b = append(b, '}')
	writeJSON(c.w, http.StatusOK, b)
	return nil
}
