package httpd

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// listSpec describes a collection's list endpoint: the shared list
// machinery (paging, sorting, fields, filters, next link) is driven by it,
// for definitions now and for executions, tasks and action executions
// later.
type listSpec struct {
	// collection is the path segment under /v2 and the response key.
	collection string
	// fields are the resource's attributes, in wire order (for fields=
	// validation and its error message).
	fields []string
	// filters are the filter parameters in the order Mistral's controller
	// builds them (the order of the next link), with their WSME types.
	filters []param
	// defaultSort is the default sort key ("created_at").
	defaultSort string
	// ignoreFields accepts fields= without checking or applying it (the
	// action list does so in Mistral).
	ignoreFields bool
	// markerNotFound words the 404 of an unknown marker.
	markerNotFound func(id string) error
	// nullable lists the columns nulls= may name (executions only; nil
	// when the list has no nulls parameter); the others of the resource's
	// columns are rejected as not nullable.
	nullable []string
}

// params returns the query parameters a list endpoint accepts.
func (ls *listSpec) params(extra ...param) []param {
	ps := []param{
		{"marker", pUUID}, {"limit", pInt}, {"sort_keys", pUniqueList},
		{"sort_dirs", pList}, {"fields", pUniqueList},
	}
	ps = append(ps, ls.filters...)
	return append(ps, extra...)
}

// filterParser is the part of a storage collection the list machinery
// needs.
type filterParser interface {
	ParseFilter(field string, op storage.Op, raw string) (storage.Filter, error)
}

// listRequest is a decoded list query.
type listRequest struct {
	spec     *listSpec
	query    storage.Query
	sortKeys []string
	sortDirs []string
	fields   []string // requested fields, "id" first; nil for all
	// filterArgs are the "key=op:value" items of the next link.
	filterArgs []string
	limit      int
}

// listRequest decodes and validates the list parameters of c, in the
// order Mistral checks them.
func (c *call) listRequest(spec *listSpec, coll filterParser) (*listRequest, error) {
	lr := &listRequest{spec: spec}
	if c.has("limit") {
		lr.limit, _ = strconv.Atoi(strings.TrimSpace(c.get("limit")))
		if lr.limit <= 0 {
			return nil, invalid("Limit must be positive.")
		}
	}
	lr.sortKeys = []string{spec.defaultSort}
	if c.has("sort_keys") {
		lr.sortKeys = splitList(c.get("sort_keys"), true)
	}
	lr.sortDirs = []string{"asc"}
	if c.has("sort_dirs") {
		lr.sortDirs = splitList(c.get("sort_dirs"), false)
	}
	if c.has("fields") && !spec.ignoreFields {
		lr.fields = splitList(c.get("fields"), true)
		if len(lr.fields) > 0 && !slices.Contains(lr.fields, "id") {
			lr.fields = slices.Insert(lr.fields, 0, "id")
		}
	}
	if len(lr.sortKeys) < len(lr.sortDirs) {
		return nil, invalid("Length of sort_keys must be equal or greater than sort_dirs.")
	}
	for len(lr.sortDirs) < len(lr.sortKeys) {
		lr.sortDirs = append(lr.sortDirs, "asc")
	}
	for _, d := range lr.sortDirs {
		if d != "asc" && d != "desc" {
			return nil, invalid("Unknown sort direction, must be 'desc' or 'asc'.")
		}
	}
	var unknown []string
	for _, f := range lr.fields {
		if !slices.Contains(spec.fields, f) {
			unknown = append(unknown, f)
		}
	}
	if len(unknown) > 0 {
		return nil, invalid("Some fields do not exist  [%s], please choose from [%s]",
			strings.Join(unknown, ", "), strings.Join(spec.fields, ", "))
	}
	if c.has("all_projects") && c.flag("all_projects") && !c.admin() {
		return nil, errForbidden
	}
	if c.has("marker") {
		lr.query.Marker = uuidValue(c.get("marker"))
	}
	lr.query.Limit = lr.limit
	// Mistral appends "id" as a tie-breaker when paging, or when no sort
	// key is left.
	if len(lr.sortKeys) == 0 || (lr.limit > 0 || lr.query.Marker != "") && !slices.Contains(lr.sortKeys, "id") {
		lr.sortKeys = append(lr.sortKeys, "id")
		lr.sortDirs = append(lr.sortDirs, "asc")
	}
	for i, k := range lr.sortKeys {
		lr.query.Sort = append(lr.query.Sort, storage.Order{Field: k, Desc: lr.sortDirs[i] == "desc"})
	}
	vis, err := c.visibility(spec)
	if err != nil {
		return nil, err
	}
	lr.query.Visible = vis
	nulls, err := c.nullsParam(spec)
	if err != nil {
		return nil, err
	}
	for _, p := range spec.filters {
		if !c.has(p.name) {
			if nulls[p.name] {
				lr.query.Filters = append(lr.query.Filters, storage.Filter{Field: p.name, Op: storage.Eq})
				lr.filterArgs = append(lr.filterArgs, p.name+"=eq:None")
			}
			continue
		}
		f, text, err := typedFilter(coll, p, c.get(p.name))
		if err != nil {
			return nil, err
		}
		lr.query.Filters = append(lr.query.Filters, f)
		lr.filterArgs = append(lr.filterArgs, p.name+"="+text)
	}
	return lr, nil
}

// typedFilter builds the filter of query parameter p and its rendering
// in the next link ("op:value"), by the parameter's WSME type: text
// values may carry an operator prefix; uuid values lose theirs; bool,
// JSON and list values are compared whole, as Mistral does.
func typedFilter(coll filterParser, p param, raw string) (storage.Filter, string, error) {
	switch p.typ {
	case pUUID:
		v := uuidValue(raw)
		f, err := coll.ParseFilter(p.name, storage.Eq, v)
		return f, "eq:" + v, err
	case pBool:
		b, _ := storage.ParseBool(raw)
		f, err := coll.ParseFilter(p.name, storage.Eq, raw)
		if b {
			return f, "eq:True", err
		}
		return f, "eq:False", err
	case pJSON:
		v, _ := value.DecodeString(raw)
		f, err := coll.ParseFilter(p.name, storage.Eq, raw)
		return f, "eq:" + value.Repr(v), err
	case pUniqueList:
		items := splitList(raw, true)
		l := make([]any, len(items))
		for i, s := range items {
			l[i] = s
		}
		// A non-nil list: an empty one matches every row.
		tags := append([]string{}, items...)
		return storage.Filter{Field: p.name, Op: storage.Eq, Value: tags}, "eq:" + value.Repr(l), nil
	}
	op, v := storage.SplitOp(raw)
	f, err := coll.ParseFilter(p.name, op, v)
	return f, op.String() + ":" + filterText(op, v, f), err
}

// filterText renders a filter value as Mistral's next link does: in/nin
// lists as a Python list repr, JSON values as a Python repr, the rest
// verbatim.
func filterText(op storage.Op, raw string, f storage.Filter) string {
	if op == storage.In || op == storage.Nin {
		items := strings.Split(raw, ",")
		l := make([]any, len(items))
		for i, s := range items {
			l[i] = s
		}
		return value.Repr(l)
	}
	if strings.HasPrefix(raw, "{") {
		if v, err := value.DecodeString(raw); err == nil {
			if _, ok := v.(*value.Map); ok {
				return value.Repr(v)
			}
		}
	}
	return raw
}

// listError maps storage list errors to Mistral's messages.
func (lr *listRequest) listError(err error) error {
	if errors.Is(err, storage.ErrBadSortKey) {
		key := strings.TrimPrefix(err.Error(), storage.ErrBadSortKey.Error()+": ")
		return invalid("Sort key supplied is invalid: %s", key)
	}
	if errors.Is(err, storage.ErrNotFound) {
		return lr.spec.markerNotFound(lr.query.Marker)
	}
	return err
}

// wants reports whether field f is to be sent (all are without fields=).
func (lr *listRequest) wants(f string) bool {
	return lr.fields == nil || slices.Contains(lr.fields, f)
}

// appendNext appends `, "next": "<link>"` when the page is full.
func (lr *listRequest) appendNext(b []byte, c *call, n int, lastID string) []byte {
	if lr.limit <= 0 || n != lr.limit || n == 0 {
		return b
	}
	link := make([]byte, 0, 256)
	link = append(link, c.appURL()...)
	link = append(link, "/v2/"...)
	link = append(link, lr.spec.collection...)
	link = append(link, "?sort_keys="...)
	link = append(link, strings.Join(lr.sortKeys, ",")...)
	link = append(link, "&sort_dirs="...)
	link = append(link, strings.Join(lr.sortDirs, ",")...)
	link = append(link, '&')
	for _, f := range lr.filterArgs {
		link = append(link, f...)
		link = append(link, '&')
	}
	link = append(link, "limit="...)
	link = strconv.AppendInt(link, int64(lr.limit), 10)
	link = append(link, "&marker="...)
	link = append(link, lastID...)
	if len(lr.fields) > 0 {
		link = append(link, "&fields="...)
		link = append(link, strings.Join(lr.fields, ",")...)
	}
	b = append(b, `, "next": `...)
	return value.AppendJSONString(b, string(link), true)
}

// appURL is the service's URL as the client addressed it.
func (c *call) appURL() string {
	scheme := "http"
	if c.r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + c.r.Host
}

// project is the caller's project: the X-Project-Id header, else
// Mistral's default project (see projects.go).
func (c *call) project() string {
	if p := c.r.Header.Get(projectHeader); p != "" {
		return p
	}
	return storage.DefaultProject
}

// admin reports whether the caller has the admin role (X-Roles header,
// honoured like Mistral does with authentication off).
func (c *call) admin() bool {
	for _, r := range strings.Split(c.r.Header.Get("X-Roles"), ",") {
		if strings.TrimSpace(r) == "admin" {
			return true
		}
	}
	return false
}
