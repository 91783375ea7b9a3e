// Package httpd serves Mistral's REST API v2 over HTTP: routing (on
// httprouter), query and body decoding, encoding in Mistral's exact wire
// form, errors (status decided in one place, statusOf), content
// negotiation, and Prometheus metrics. Handlers are thin: they decode,
// call the definitions service or storage, and encode.
package httpd

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/julienschmidt/httprouter"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/mistral-go/mistral-go/actors"
	"github.com/mistral-go/mistral-go/cluster"
	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/triggers"
)

// DefaultMaxBody is the default request body limit (bytes).
const DefaultMaxBody = 4 << 20

// SystemAction describes an action the service provides itself (the std
// actions): GET /v2/actions lists them beside the ad-hoc actions.
type SystemAction struct {
	Name        string
	Input       string // parameter spec, e.g. "output, delay=0"
	Description string
}

// Config configures a Server. Zero fields take defaults.
type Config struct {
	// MaxBody is the request body limit in bytes (DefaultMaxBody).
	MaxBody int64
	// Node is this node's identity, reported by /v2/services.
	Node *cluster.Node
	// Cluster, when set, makes any node serve the whole API: calls go
	// to the node that must serve them (see cluster.go).
	Cluster *cluster.Cluster
	// SystemActions lists the actions the service provides (std.*), as
	// the action library (package actions) catalogues them; nil lists
	// none.
	SystemActions func() []SystemAction
	// Registry receives the HTTP metrics; /metrics serves Gatherer. Nil
	// makes a private registry with the Go and process collectors.
	Registry *prometheus.Registry
	// Runtime holds the records of executions, tasks and action
	// executions, and Engine runs them: with both set, the API serves
	// /v2/executions, /v2/tasks and /v2/action_executions.
	Runtime *storage.Runtime
	Engine  actors.API
	// AllowActionExecutionDeletion is Mistral's [api]
	// allow_action_execution_deletion (default false).
	AllowActionExecutionDeletion bool
	// Surface holds code sources, dynamic actions, workflow registrations
	// and the maintenance state; nil opens them in the definitions' DB.
	Surface *storage.Surface
	// InspectClass reads the parameter spec and docstring of a class of a
	// Python module (actions.Python.Inspect), for the dynamic actions GET
	// /v2/actions lists; nil leaves them uninspected.
	InspectClass func(ctx context.Context, module, source, class string) (input, doc string, hasDoc bool, err error)
	// InfoFile is the JSON document GET /info serves (Mistral's [api]
	// info_json_file_path); "" disables the endpoint.
	InfoFile string
	// APIKeys are the bearer keys the v1 API accepts; with none, every
	// v1 request is refused.
	APIKeys []string
	// MaintenancePoll is how often entering maintenance checks whether
	// the paused executions still run tasks (default 200ms).
	MaintenancePoll time.Duration
	// Triggers, when set, serves /v2/cron_triggers and /v2/event_triggers
	// and keeps workflows that triggers use from being deleted.
	Triggers *triggers.Service
}

// Server is the REST API. It implements http.Handler.
type Server struct {
	cfg     Config
	defs    *storage.Definitions
	router  *httprouter.Router
	metrics *httpMetrics
	sys     []SystemAction
	surf    *surface
}

// New builds the API over the definitions store. It registers the
// storage collector and the HTTP metrics in cfg.Registry.
func New(defs *storage.Definitions, cfg Config) (*Server, error) {
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	if cfg.Node == nil {
		cfg.Node = cluster.Local()
	}
	if cfg.Registry == nil {
		cfg.Registry = NewRegistry()
	}
	s := &Server{cfg: cfg, defs: defs}
	if cfg.SystemActions != nil {
		s.sys = cfg.SystemActions()
	}
	m, err := newHTTPMetrics(cfg.Registry, defs.DB)
	if err != nil {
		return nil, err
	}
	s.metrics = m
	if err := s.openSurface(); err != nil {
		return nil, err
	}
	s.router = s.routes()
	return s, nil
}

// ServeHTTP serves one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.surf.maint.refuse(w, r) {
		return
	}
	s.router.ServeHTTP(w, r)
}

// Close stops the server's background work (the maintenance drain).
func (s *Server) Close() { s.surf.close() }

// route is one endpoint: its pattern, how it negotiates and reports
// errors, the query parameters it accepts, and its handler.
type route struct {
	method, path string
	// produces is the media type of the success response: a client that
	// does not accept it gets 406 before anything runs. "" leaves the
	// negotiation to the handler (call.negotiate).
	produces string
	// errors is the shape of error bodies.
	errors shape
	// params are the accepted query parameters; nil accepts any (the
	// text handlers ignore unknown ones, as Mistral does).
	params []param
	h      func(c *call) error
}

// handle wraps a route into an httprouter handle: metrics, panic guard,
// negotiation, query decoding, then the handler.
func (s *Server) handle(rt route) httprouter.Handle {
	obs := s.metrics.route(rt.method, rt.path)
	return func(w http.ResponseWriter, r *http.Request, ps httprouter.Params) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				slog.Error("handler panic", "method", r.Method, "path", r.URL.Path, "panic", p, "stack", string(debug.Stack()))
				if sw.status == 0 {
					writeError(sw, r, rt.errors, panicError{p})
				}
			}
			obs(sw.status, time.Since(start))
		}()
		c := &call{s: s, w: sw, r: r, ps: ps, rt: &rt}
		err := c.negotiate(rt.produces)
		if err == nil {
			err = c.parseQuery()
		}
		if err == nil {
			err = rt.h(c)
		}
		switch {
		case err == errNotAcceptable:
			notAcceptablePage(r.Header.Get("Accept")).write(sw, r)
		case err != nil:
			writeError(sw, r, rt.errors, err)
		}
	}
}

// panicError turns a recovered panic into a 500.
type panicError struct{ v any }

func (p panicError) Error() string { return fmt.Sprint("panic: ", p.v) }

// statusWriter remembers the status written, for metrics.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// errNotAcceptable makes the route answer with the 406 page.
var errNotAcceptable = errors.New("not acceptable")

// negotiate checks that the client accepts a response of type offer.
func (c *call) negotiate(offer string) error {
	if offer != "" && !accepts(c.r.Header.Get("Accept"), offer) {
		return errNotAcceptable
	}
	return nil
}
