package httpd

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/mistral-go/mistral-go/cluster"
	"github.com/mistral-go/mistral-go/cluster/clusterpb"
	"github.com/mistral-go/mistral-go/value"
)

// Cluster-wide lists. Each node holds the executions (tasks, action
// executions) it owns, so GET /v2/executions asks every live node for
// its part of the page and merges the parts in the list's order. A part
// is the node's own list, run by the same handler, without the marker
// (it may live elsewhere): the marker's record is fetched once from its
// owner, and each part skips what sorts at or before it. When the first
// sort key is created_at the part is also narrowed to created_at >= the
// marker's (<= when descending), so a part reads little more than a page.

// mergedList ties a cluster-wide list to its listing.
type mergedList struct {
	path    string
	spec    *listSpec
	coll    filterParser
	parents []string // filters naming an id whose owner holds the whole list
}

func (s *Server) mergedList(path string) *mergedList {
	rt := s.cfg.Runtime
	if rt == nil {
		return nil
	}
	switch path {
	case "/v2/executions":
		return &mergedList{path, executionList, rt.Executions, []string{"task_execution_id", "root_execution_id"}}
	case "/v2/tasks":
		return &mergedList{path, taskList, rt.Tasks, []string{"workflow_execution_id"}}
	case "/v2/action_executions":
		return &mergedList{path, actionExecutionList, rt.ActionExecutions, []string{"task_execution_id"}}
	}
	return nil
}

// sortKey is one key of a list's order.
type sortKey struct {
	field string
	desc  bool
}

// orderOf is the order of a list query as storage applies it: the sort
// keys (default the spec's), then id ascending when absent.
func orderOf(spec *listSpec, q url.Values) []sortKey {
	keys := []string{spec.defaultSort}
	if q.Has("sort_keys") {
		keys = splitList(q.Get("sort_keys"), true)
	}
	dirs := []string{"asc"}
	if q.Has("sort_dirs") {
		dirs = splitList(q.Get("sort_dirs"), false)
	}
	if len(keys) == 0 {
		keys = []string{"created_at"}
	}
	out := make([]sortKey, 0, len(keys)+1)
	for i, k := range keys {
		out = append(out, sortKey{k, i < len(dirs) && dirs[i] == "desc"})
	}
	if !slices.Contains(keys, "id") {
		out = append(out, sortKey{field: "id"})
	}
	return out
}

// keysOf returns the sort values of a list item.
func keysOf(item *value.Map, order []sortKey) []any {
	out := make([]any, len(order))
	for i, k := range order {
		out[i], _ = item.Get(k.field)
	}
	return out
}

// compareKeys compares sort values in order.
func compareKeys(a, b []any, order []sortKey) int {
	for i, k := range order {
		if d := compareJSON(a[i], b[i]); d != 0 {
			if k.desc {
				return -d
			}
			return d
		}
	}
	return 0
}

// compareJSON orders wire values as storage orders the stored ones: null
// after everything, text and times ("YYYY-MM-DD HH:MM:SS") as strings,
// numbers, false before true, lists item by item.
func compareJSON(a, b any) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	switch x := a.(type) {
	case string:
		if y, ok := b.(string); ok {
			return strings.Compare(x, y)
		}
	case int64:
		if y, ok := b.(int64); ok {
			return cmpOrdered(x, y)
		}
	case float64:
		if y, ok := b.(float64); ok {
			return cmpOrdered(x, y)
		}
	case bool:
		if y, ok := b.(bool); ok {
			switch {
			case x == y:
				return 0
			case !x:
				return -1
			}
			return 1
		}
	case []any:
		if y, ok := b.([]any); ok {
			for i := 0; i < len(x) && i < len(y); i++ {
				if d := compareJSON(x[i], y[i]); d != 0 {
					return d
				}
			}
			return cmpOrdered(len(x), len(y))
		}
	}
	return strings.Compare(value.Repr(a), value.Repr(b))
}

func cmpOrdered[T int | int64 | float64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// part is one node's part of a merged list.
type part struct {
	items [][]byte
	resp  *clusterpb.HTTPResponse // an error answer
	err   error
}

// mergeList serves a cluster-wide list.
func (s *Server) mergeList(c *call, ml *mergedList, h func(*call) error) error {
	cl := s.cfg.Cluster
	q := c.q
	nodes := cl.Members()
	for _, f := range ml.parents {
		if q.Has(f) {
			if owner, own, _ := cl.Owner(uuidValue(q.Get(f))); own == cluster.OwnerLive {
				nodes = []*cluster.Node{owner}
				break
			}
		}
	}
	if len(nodes) == 1 {
		if cl.IsLocal(nodes[0]) {
			return h(c)
		}
		return s.forwardTo(c, nodes[0])
	}
	order := orderOf(ml.spec, q)
	sub := cloneValues(q)
	sub.Del("marker")
	var after *value.Map
	if q.Has("marker") {
		// Everything but the marker is checked here first, in the order
		// and words of the handler.
		check := cloneValues(sub)
		check.Set("limit", "1")
		rec := newRecorder()
		s.serveInto(c.withQuery(check), rec, h)
		if rec.code() != http.StatusOK {
			rec.copyTo(c.w)
			return nil
		}
		var err error
		if after, err = s.markerRecord(c, ml, uuidValue(q.Get("marker"))); err != nil || after == nil {
			return err
		}
	}
	lr, err := c.listRequest(ml.spec, ml.coll)
	if err != nil {
		return err
	}
	var extra []string
	if lr.fields != nil {
		fields := slices.Clone(lr.fields)
		for _, k := range order {
			if !slices.Contains(fields, k.field) && slices.Contains(ml.spec.fields, k.field) {
				fields = append(fields, k.field)
				extra = append(extra, k.field)
			}
		}
		sub.Set("fields", strings.Join(fields, ","))
	}
	var afterJSON []byte
	if after != nil {
		afterJSON = value.AppendPy(nil, after)
		if order[0].field == "created_at" && !q.Has("created_at") && slices.ContainsFunc(ml.spec.filters, func(p param) bool { return p.name == "created_at" }) {
			if v, ok := after.Get("created_at"); ok {
				if t, ok := v.(string); ok && t != "" {
					op := "gte:"
					if order[0].desc {
						op = "lte:"
					}
					sub.Set("created_at", op+t)
				}
			}
		}
	}
	parts := make([]part, len(nodes))
	var wg sync.WaitGroup
	for i, n := range nodes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			parts[i] = s.fetchPart(c, n, ml.path, sub, afterJSON)
		}()
	}
	wg.Wait()
	type row struct {
		raw  []byte
		item *value.Map
		keys []any
	}
	var rows []row
	for i, p := range parts {
		switch {
		case p.resp != nil:
			writeForwarded(c.w, p.resp)
			return nil
		case p.err != nil:
			if errors.Is(p.err, cluster.ErrUnavailable) {
				// The node left meanwhile: the list is what the live
				// nodes hold.
				continue
			}
			return unavailable(c, "Node "+nodes[i].Name+" did not answer: "+p.err.Error())
		}
		for _, raw := range p.items {
			m, ok := peekObject(raw)
			if !ok {
				return fmt.Errorf("node %s: a list item is not an object", nodes[i].Name)
			}
			rows = append(rows, row{raw, m, keysOf(m, order)})
		}
	}
	slices.SortStableFunc(rows, func(a, b row) int { return compareKeys(a.keys, b.keys, order) })
	if lr.limit > 0 && len(rows) > lr.limit {
		rows = rows[:lr.limit]
	}
	b := listKey(make([]byte, 0, 64+700*len(rows)), ml.spec.collection)
	last := ""
	for i, r := range rows {
		if i > 0 {
			b = append(b, ", "...)
		}
		if len(extra) > 0 {
			for _, f := range extra {
				r.item.Delete(f)
			}
			b = value.AppendPy(b, r.item)
		} else {
			b = append(b, r.raw...)
		}
		if id, ok := r.keys[slices.IndexFunc(order, func(k sortKey) bool { return k.field == "id" })].(string); ok {
			last = id
		}
	}
	b = append(b, ']')
	b = lr.appendNext(b, c, len(rows), last)
	writeJSON(c.w, http.StatusOK, append(b, '}'))
	return nil
}

// markerRecord fetches the marker's record from its owner; a marker
// that is nowhere is answered 404 as the list answers it (the record
// is then nil).
func (s *Server) markerRecord(c *call, ml *mergedList, id string) (*value.Map, error) {
	owner, own, gone := s.cfg.Cluster.Owner(id)
	var resp *clusterpb.HTTPResponse
	req := &clusterpb.HTTPRequest{Method: http.MethodGet, Path: ml.path + "/" + id, Host: c.r.Host,
		Headers: []*clusterpb.Header{{Name: "Accept", Values: []string{jsonType}}}}
	for _, h := range []string{projectHeader, "X-Roles"} {
		if v := c.r.Header.Values(h); len(v) > 0 {
			req.Headers = append(req.Headers, &clusterpb.Header{Name: h, Values: v})
		}
	}
	switch own {
	case cluster.OwnerLive:
		var err error
		if resp, err = s.cfg.Cluster.Forward(c.r.Context(), owner, req); err != nil {
			return nil, unavailable(c, "Node "+owner.Name+" did not answer: "+err.Error())
		}
	case cluster.OwnerGone:
		return nil, unavailable(c, "Node "+gone+" that owns the marker "+id+" is not available.")
	default:
		for _, n := range s.cfg.Cluster.Members() {
			r, err := s.cfg.Cluster.Forward(c.r.Context(), n, req)
			if err == nil && r.Status == http.StatusOK {
				resp = r
				break
			}
		}
	}
	if resp == nil || resp.Status != http.StatusOK {
		return nil, ml.spec.markerNotFound(id)
	}
	m, ok := peekObject(resp.Body)
	if !ok {
		return nil, ml.spec.markerNotFound(id)
	}
	return m, nil
}

// fetchPart asks node n for its part.
func (s *Server) fetchPart(c *call, n *cluster.Node, path string, q url.Values, after []byte) part {
	req := s.forwardRequest(c, nil)
	req.Method, req.Path, req.RawQuery, req.List, req.After = http.MethodGet, path, q.Encode(), true, after
	resp, err := s.cfg.Cluster.Forward(c.r.Context(), n, req)
	switch {
	case err != nil:
		return part{err: err}
	case resp.Status != http.StatusOK:
		return part{resp: resp}
	}
	return part{items: resp.Items}
}

// listPart serves this node's part of a merged list: the page of its
// own list for r's query, without what sorts at or before after.
func (s *Server) listPart(r *http.Request, after []byte) *clusterpb.HTTPResponse {
	ml := s.mergedList(r.URL.Path)
	if ml == nil {
		return &clusterpb.HTTPResponse{Status: http.StatusNotFound}
	}
	q := r.URL.Query()
	order := orderOf(ml.spec, q)
	var afterKeys []any
	if after != nil {
		m, ok := peekObject(after)
		if !ok {
			return &clusterpb.HTTPResponse{Status: http.StatusBadRequest}
		}
		afterKeys = keysOf(m, order)
	}
	limit, _ := strconv.Atoi(q.Get("limit"))
	page := limit
	if afterKeys != nil && limit > 0 {
		page = limit + 32
	}
	var out [][]byte
	for {
		if page > 0 {
			q.Set("limit", strconv.Itoa(page))
		}
		sub := r.Clone(r.Context())
		sub.URL.RawQuery = q.Encode()
		rec := newRecorder()
		s.ServeHTTP(rec, sub)
		if rec.code() != http.StatusOK {
			return rec.response()
		}
		items, err := listItems(rec.body.Bytes(), ml.spec.collection)
		if err != nil {
			return &clusterpb.HTTPResponse{Status: http.StatusInternalServerError, Body: []byte(err.Error())}
		}
		lastID := ""
		for _, raw := range items {
			if afterKeys == nil {
				out = append(out, raw)
				continue
			}
			m, ok := peekObject(raw)
			if !ok {
				continue
			}
			if id, ok := m.Get("id"); ok {
				lastID, _ = id.(string)
			}
			if compareKeys(keysOf(m, order), afterKeys, order) > 0 {
				out = append(out, raw)
			}
		}
		if page == 0 || len(items) < page || limit > 0 && len(out) >= limit || lastID == "" {
			break
		}
		q.Set("marker", lastID)
	}
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return &clusterpb.HTTPResponse{Status: http.StatusOK, Items: out}
}

// listItems splits the array of a list answer {"<key>": [...], ...}
// into its items, unchanged.
func listItems(b []byte, key string) ([][]byte, error) {
	prefix := `{"` + key + `": [`
	if !strings.HasPrefix(string(b[:min(len(b), len(prefix))]), prefix) {
		return nil, fmt.Errorf("list answer does not start with %q", prefix)
	}
	var items [][]byte
	i := len(prefix)
	depth, start, inStr := 0, -1, false
	for ; i < len(b); i++ {
		ch := b[i]
		if inStr {
			switch ch {
			case '\\':
				i++
			case '"':
				inStr = false
			}
			continue
		}
		switch ch {
		case '"':
			inStr = true
		case '{', '[':
			if depth == 0 {
				start = i
			}
			depth++
		case '}', ']':
			if depth == 0 {
				return items, nil // the end of the array
			}
			depth--
			if depth == 0 {
				items = append(items, b[start:i+1])
			}
		}
	}
	return nil, errors.New("list answer ends early")
}

// withQuery returns a copy of c with query q.
func (c *call) withQuery(q url.Values) *call {
	sub := *c
	r := c.r.Clone(c.r.Context())
	r.URL.RawQuery = q.Encode()
	sub.r, sub.q = r, q
	return &sub
}

func cloneValues(q url.Values) url.Values {
	out := make(url.Values, len(q))
	for k, v := range q {
		out[k] = slices.Clone(v)
	}
	return out
}
