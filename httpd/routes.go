package httpd

import (
	"net/http"
	"strings"

	"github.com/julienschmidt/httprouter"
)

const (
	jsonType = "application/json"
	textType = "text/plain"
)

// routes builds the router: every endpoint of the API, and Mistral's
// framework answers for unknown paths (404) and methods (405).
func (s *Server) routes() *httprouter.Router {
	r := httprouter.New()
	r.RedirectTrailingSlash = false
	r.RedirectFixedPath = false
	r.HandleOPTIONS = false
	r.HandleMethodNotAllowed = true
	var table []route
	table = append(table, s.rootRoutes()...)
	table = append(table, s.workflowRoutes()...)
	table = append(table, s.workbookRoutes()...)
	table = append(table, s.actionRoutes()...)
	table = append(table, s.environmentRoutes()...)
	table = append(table, s.serviceRoutes()...)
	table = append(table, s.runtimeRoutes()...)
	table = append(table, s.triggerRoutes()...)
	table = append(table, s.memberRoutes()...)
	table = append(table, s.surfaceRoutes()...)
	for _, rt := range table {
		r.Handle(rt.method, rt.path, s.handle(s.clustered(rt)))
	}
	metrics := s.metrics.handler()
	r.Handler(http.MethodGet, "/metrics", metrics)
	r.NotFound = http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		// pecan serves "/x/" like "/x": retry without the trailing slash.
		if p := req.URL.Path; len(p) > 1 && strings.HasSuffix(p, "/") {
			if h, ps, _ := r.Lookup(req.Method, strings.TrimSuffix(p, "/")); h != nil {
				h(w, req, ps)
				return
			}
		}
		notFoundPage().write(w, req)
	})
	r.MethodNotAllowed = http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		var allow []string
		for _, m := range strings.Split(w.Header().Get("Allow"), ", ") {
			if m != "" && m != http.MethodOptions {
				allow = append(allow, m)
			}
		}
		w.Header().Del("Allow")
		methodNotAllowedPage(req.Method, strings.Join(allow, ", ")).write(w, req)
	})
	return r
}

// missingArg answers DELETE on a collection path: Mistral wants an id.
func missingArg(name string) func(c *call) error {
	return func(c *call) error { return invalid("Missing argument: %q", name) }
}
