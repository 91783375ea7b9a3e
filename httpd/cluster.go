package httpd

import (
	"bytes"
	"context"
	"hash/fnv"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/mistral-go/mistral-go/cluster"
	"github.com/mistral-go/mistral-go/cluster/clusterpb"
	"github.com/mistral-go/mistral-go/value"
)

// Any node serves the whole API. With Config.Cluster set, each route is
// wrapped (clustered) so that a call reaches the node that must serve
// it, through cluster.Forward (protoactor remote): a call on one
// execution, task or action execution goes to its owner (the tag in its
// id), a new execution to the node the cluster picks, a definition write
// to the leader (which replicates it to every node before answering),
// a maintenance change to every node, and the execution, task and action
// execution lists are merged from every node's part (cluster_list.go).
// Everything else is served where it arrives: definitions are on every
// node. The node that serves a forwarded call runs the same handler as
// for a call of its own, so answers are the same byte for byte.

// routeKind says how a route is served in a cluster.
type routeKind int

const (
	kindLocal routeKind = iota
	kindOwner
	kindNewExecution
	kindLeader
	kindBroadcast
	kindMergedList
)

// forwardedKey marks the context of a request another node forwarded:
// it is served here, whatever its kind.
type forwardedKey struct{}

func forwarded(r *http.Request) bool { return r.Context().Value(forwardedKey{}) != nil }

// definitionPaths are the collections whose writes go to the leader.
var definitionPaths = []string{"/v2/workbooks", "/v2/workflows", "/v2/actions", "/v2/environments",
	"/v2/cron_triggers", "/v2/event_triggers", "/v2/code_sources", "/v2/dynamic_actions"}

// ownedPaths are the resources served by the owner of their id.
var ownedPaths = []string{"/v2/executions/:id", "/v2/tasks/:id", "/v2/action_executions/:id"}

func underPath(path, prefix string) bool {
	return path == prefix || strings.HasPrefix(path, prefix+"/")
}

// kindOf classifies a route.
func kindOf(method, path string) routeKind {
	read := method == http.MethodGet || method == http.MethodHead
	switch {
	case read && (path == "/v2/executions" || path == "/v2/tasks" || path == "/v2/action_executions"):
		return kindMergedList
	case method == http.MethodPost && path == "/v2/executions":
		return kindNewExecution
	case method == http.MethodPut && path == "/maintenance":
		return kindBroadcast
	case method == http.MethodPut && underPath(path, "/v1/workflows"):
		return kindLeader
	}
	for _, p := range ownedPaths {
		if underPath(path, p) {
			return kindOwner
		}
	}
	if !read && path != "/v2/event_triggers/events" {
		for _, p := range definitionPaths {
			if underPath(path, p) {
				return kindLeader
			}
		}
	}
	return kindLocal
}

// clustered wraps rt's handler so that the call is served on the right
// node (see kindOf).
func (s *Server) clustered(rt route) route {
	cl := s.cfg.Cluster
	kind := kindOf(rt.method, rt.path)
	if cl == nil || kind == kindLocal {
		return rt
	}
	h := rt.h
	var ml *mergedList
	if kind == kindMergedList {
		if ml = s.mergedList(rt.path); ml == nil {
			return rt
		}
	}
	rt.h = func(c *call) error {
		if forwarded(c.r) {
			return h(c)
		}
		switch kind {
		case kindOwner:
			return s.toOwner(c, h, c.ps.ByName("id"))
		case kindNewExecution:
			return s.toNewOwner(c, h)
		case kindLeader:
			if lead := cl.Leader(); lead != nil && !cl.IsLocal(lead) {
				return s.forwardTo(c, lead)
			}
		case kindBroadcast:
			return s.broadcast(c, h)
		case kindMergedList:
			return s.mergeList(c, ml, h)
		}
		return h(c)
	}
	return rt
}

// toOwner serves a call on id where id's owner is: here, on the owner,
// or, for an id with no known owner (not made by any member seen, e.g.
// chosen by a client), on whichever node has it.
func (s *Server) toOwner(c *call, h func(*call) error, id string) error {
	owner, own, gone := s.cfg.Cluster.Owner(id)
	switch own {
	case cluster.OwnerLive:
		if s.cfg.Cluster.IsLocal(owner) {
			return h(c)
		}
		return s.forwardTo(c, owner)
	case cluster.OwnerGone:
		return unavailable(c, "Node "+gone+" that owns "+id+" is not available; its executions resume when it rejoins the cluster.")
	}
	if _, ok := cluster.OwnerTag(id); !ok || len(s.cfg.Cluster.Peers()) == 0 {
		return h(c)
	}
	return s.search(c, h)
}

// search serves c here and, while the answer is 404, on each other
// node in turn; the first other answer, else the local 404, is sent.
func (s *Server) search(c *call, h func(*call) error) error {
	body, err := c.bufferBody()
	if err != nil {
		return err
	}
	rec := newRecorder()
	s.serveInto(c, rec, h)
	if rec.code() != http.StatusNotFound {
		rec.copyTo(c.w)
		return nil
	}
	req := s.forwardRequest(c, body)
	for _, p := range s.cfg.Cluster.Peers() {
		resp, err := s.cfg.Cluster.Forward(c.r.Context(), p, req)
		if err == nil && resp.Status != http.StatusNotFound {
			writeForwarded(c.w, resp)
			return nil
		}
	}
	rec.copyTo(c.w)
	return nil
}

// toNewOwner sends a new execution to its owner: the owner of the
// execution it is based on (source_execution_id), the node whose tag a
// caller-chosen id carries (else a node chosen from the id), or the
// node the cluster picks.
func (s *Server) toNewOwner(c *call, h func(*call) error) error {
	body, err := c.bufferBody()
	if err != nil {
		return err
	}
	cl := s.cfg.Cluster
	target := (*cluster.Node)(nil)
	if m, ok := peekObject(body); ok {
		if src, _ := m.Get("source_execution_id"); src != nil {
			if id, ok := src.(string); ok && id != "" {
				owner, own, gone := cl.Owner(id)
				if own == cluster.OwnerGone {
					return unavailable(c, "Node "+gone+" that owns "+id+" is not available; its executions resume when it rejoins the cluster.")
				}
				target = owner
			}
		}
		if v, _ := m.Get("id"); target == nil && v != nil {
			if id, ok := v.(string); ok && id != "" {
				if owner, own, _ := cl.Owner(id); own == cluster.OwnerLive {
					target = owner
				} else {
					target = byHash(cl, id)
				}
			}
		}
	}
	if target == nil {
		target = cl.PickOwner()
	}
	if cl.IsLocal(target) {
		return h(c)
	}
	return s.forwardTo(c, target)
}

// byHash chooses a ready member from id, the same one while the members
// stay the same.
func byHash(cl *cluster.Cluster, id string) *cluster.Node {
	var cand []*cluster.Node
	for _, n := range cl.Members() {
		if n.Ready && !n.Draining {
			cand = append(cand, n)
		}
	}
	if len(cand) == 0 {
		return cl.Local()
	}
	h := fnv.New32a()
	_, _ = h.Write([]byte(id))
	return cand[h.Sum32()%uint32(len(cand))]
}

// peekObject decodes a JSON object body (false for anything else).
func peekObject(body []byte) (*value.Map, bool) {
	v, err := value.Decode(body)
	if err != nil {
		return nil, false
	}
	m, ok := v.(*value.Map)
	return m, ok
}

// broadcast serves c here and, when that succeeds, on every other node
// (maintenance: each node pauses or resumes its own executions). The
// answer is this node's.
func (s *Server) broadcast(c *call, h func(*call) error) error {
	body, err := c.bufferBody()
	if err != nil {
		return err
	}
	rec := newRecorder()
	s.serveInto(c, rec, h)
	if rec.code() < 300 {
		req := s.forwardRequest(c, body)
		var wg sync.WaitGroup
		for _, p := range s.cfg.Cluster.Peers() {
			wg.Add(1)
			go func() {
				defer wg.Done()
				resp, err := s.cfg.Cluster.Forward(c.r.Context(), p, req)
				if err == nil && resp.Status >= 300 {
					err = &forwardError{p.Name, int(resp.Status)}
				}
				if err != nil {
					slog.Warn("cluster: a node did not take a maintenance change", "node", p.Name, "err", err)
				}
			}()
		}
		wg.Wait()
	}
	rec.copyTo(c.w)
	return nil
}

type forwardError struct {
	node   string
	status int
}

func (e *forwardError) Error() string { return e.node + " answered " + http.StatusText(e.status) }

// serveInto runs h for c with its answer going to rec.
func (s *Server) serveInto(c *call, rec *recorder, h func(*call) error) {
	sub := *c
	sub.w = &statusWriter{ResponseWriter: rec}
	if err := h(&sub); err != nil {
		if err == errNotAcceptable {
			notAcceptablePage(c.r.Header.Get("Accept")).write(sub.w, c.r)
		} else {
			writeError(sub.w, c.r, c.rt.errors, err)
		}
	}
}

// bufferBody reads the request body (within the configured limit) and
// puts it back, so that it can be both forwarded and read by a handler.
func (c *call) bufferBody() ([]byte, error) {
	if c.r.Body == nil || c.r.Body == http.NoBody {
		return nil, nil
	}
	b, err := c.body()
	if err != nil {
		return nil, err
	}
	c.r.Body = io.NopCloser(bytes.NewReader(b))
	return b, nil
}

// forwardTo has node n serve c and sends its answer.
func (s *Server) forwardTo(c *call, n *cluster.Node) error {
	body, err := c.bufferBody()
	if err != nil {
		return err
	}
	resp, err := s.cfg.Cluster.Forward(c.r.Context(), n, s.forwardRequest(c, body))
	if err != nil {
		return unavailable(c, "Node "+n.Name+" did not answer: "+err.Error())
	}
	writeForwarded(c.w, resp)
	return nil
}

// forwardRequest is c as a message to another node.
func (s *Server) forwardRequest(c *call, body []byte) *clusterpb.HTTPRequest {
	req := &clusterpb.HTTPRequest{Method: c.r.Method, Path: c.r.URL.Path, RawQuery: c.r.URL.RawQuery,
		Body: body, Host: c.r.Host, RemoteAddr: c.r.RemoteAddr}
	for k, vs := range c.r.Header {
		req.Headers = append(req.Headers, &clusterpb.Header{Name: k, Values: vs})
	}
	return req
}

// writeForwarded sends another node's answer.
func writeForwarded(w http.ResponseWriter, resp *clusterpb.HTTPResponse) {
	h := w.Header()
	for _, hd := range resp.Headers {
		h[hd.Name] = hd.Values
	}
	w.WriteHeader(int(resp.Status))
	_, _ = w.Write(resp.Body)
}

// unavailable answers 503 in the route's error shape.
func unavailable(c *call, msg string) error {
	b := make([]byte, 0, 96+len(msg))
	if c.rt.errors == shapeText {
		b = append(b, `{"faultstring": `...)
		b = value.AppendJSONString(b, msg, true)
		b = append(b, '}')
	} else {
		b = append(b, `{"faultcode": "Server", "faultstring": `...)
		b = value.AppendJSONString(b, msg, true)
		b = append(b, `, "debuginfo": null}`...)
	}
	writeJSON(c.w, http.StatusServiceUnavailable, b)
	return nil
}

// ServeForwarded serves a call another node forwarded here (it
// implements cluster.Handler).
func (s *Server) ServeForwarded(ctx context.Context, req *clusterpb.HTTPRequest) *clusterpb.HTTPResponse {
	r, err := http.NewRequestWithContext(context.WithValue(ctx, forwardedKey{}, true), req.Method, "/", bytes.NewReader(req.Body))
	if err != nil {
		return &clusterpb.HTTPResponse{Status: http.StatusBadRequest, Body: []byte(err.Error())}
	}
	r.URL = &url.URL{Path: req.Path, RawQuery: req.RawQuery}
	r.RequestURI = r.URL.RequestURI()
	r.Host, r.RemoteAddr = req.Host, req.RemoteAddr
	r.ContentLength = int64(len(req.Body))
	for _, h := range req.Headers {
		r.Header[h.Name] = h.Values
	}
	if req.List {
		return s.listPart(r, req.After)
	}
	rec := newRecorder()
	s.ServeHTTP(rec, r)
	return rec.response()
}

// recorder keeps an answer in memory.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newRecorder() *recorder { return &recorder{header: http.Header{}} }

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}

func (r *recorder) code() int {
	if r.status == 0 {
		return http.StatusOK
	}
	return r.status
}

// response is the answer as a message.
func (r *recorder) response() *clusterpb.HTTPResponse {
	resp := &clusterpb.HTTPResponse{Status: int32(r.code()), Body: r.body.Bytes()}
	for k, vs := range r.header {
		resp.Headers = append(resp.Headers, &clusterpb.Header{Name: k, Values: vs})
	}
	return resp
}

// copyTo sends the answer to w.
func (r *recorder) copyTo(w http.ResponseWriter) {
	h := w.Header()
	for k, vs := range r.header {
		h[k] = vs
	}
	w.WriteHeader(r.code())
	_, _ = w.Write(r.body.Bytes())
}
