package httpd

import "net/http"

func (s *Server) serviceRoutes() []route {
	return []route{
		{method: "GET", path: "/v2/services", produces: jsonType, errors: shapeWSME, params: []param{}, h: s.listServices},
	}
}

// listServices lists the cluster's members in each service group.
func (s *Server) listServices(c *call) error {
	b := listKey(nil, "services")
	for i, svc := range s.cfg.Node.Services() {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, `{"name": `...)
		b = appendStr(b, svc.Name)
		b = append(b, `, "type": `...)
		b = appendStr(b, svc.Type)
		b = append(b, '}')
	}
	b = append(b, "]}"...)
	writeJSON(c.w, http.StatusOK, b)
	return nil
}
