package httpd

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/julienschmidt/httprouter"

	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// ptype is the WSME type of a query parameter: it decides how the value
// is checked and the wording of the error.
type ptype uint8

const (
	pText ptype = iota
	pInt
	pUUID
	pBool
	pList       // comma list, items trimmed and lower-cased
	pUniqueList // pList without duplicates
	pJSON       // a JSON document (JsonType)
)

// param is one accepted query parameter.
type param struct {
	name string
	typ  ptype
}

// call is one request being served.
type call struct {
	s  *Server
	w  *statusWriter
	r  *http.Request
	ps httprouter.Params
	rt *route
	q  url.Values
}

// parseQuery decodes the query string and checks it against the route's
// parameters: unknown names and values of the wrong type are rejected
// with Mistral's messages.
func (c *call) parseQuery() error {
	q, err := url.ParseQuery(c.r.URL.RawQuery)
	if err != nil {
		return invalid("Invalid query string: %v", err)
	}
	c.q = q
	if c.rt.params == nil {
		return nil
	}
	names := make([]string, 0, len(q))
	for k := range q {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		i := slices.IndexFunc(c.rt.params, func(p param) bool { return p.name == k })
		if i < 0 {
			return invalid("Unknown argument: %q", k)
		}
		if err := checkParam(c.rt.params[i], q.Get(k)); err != nil {
			return err
		}
	}
	return nil
}

func checkParam(p param, v string) error {
	switch p.typ {
	case pInt:
		if _, err := strconv.Atoi(strings.TrimSpace(v)); err != nil {
			return invalid("Invalid input for field/attribute %s. Value: '%s'. unable to convert to int. Error: invalid literal for int() with base 10: '%s'", p.name, v, v)
		}
	case pUUID:
		if _, data := storage.SplitOp(v); !storage.LooksLikeUUID(data) {
			return invalid("Invalid input for field/attribute %s. Value: '%s'. unable to convert to uuid. Error: Expected a uuid but received %s.", p.name, v, data)
		}
	case pBool:
		if _, ok := storage.ParseBool(v); !ok {
			return invalid("Invalid input for field/attribute %s. Value: '%s'. unable to convert to bool.", p.name, v)
		}
	case pJSON:
		if _, err := value.DecodeString(v); err != nil {
			return invalid("Invalid input for field/attribute %s. Value: '%s'. unable to convert to json. Error: %v", p.name, v, err)
		}
	}
	return nil
}

// has reports whether the query names parameter k.
func (c *call) has(k string) bool { _, ok := c.q[k]; return ok }

// get returns query parameter k ("" when absent).
func (c *call) get(k string) string { return c.q.Get(k) }

// flag returns a boolean query parameter (checked by parseQuery).
func (c *call) flag(k string) bool {
	b, _ := storage.ParseBool(c.q.Get(k))
	return b
}

// splitList splits a WSME list parameter: trimmed, lower-cased, empty
// items dropped, optionally without duplicates.
func splitList(v string, unique bool) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		s = strings.ToLower(strings.TrimSpace(s))
		if s == "" || unique && slices.Contains(out, s) {
			continue
		}
		out = append(out, s)
	}
	return out
}

// uuidValue returns a uuid parameter without its (discarded) operator.
func uuidValue(v string) string {
	_, data := storage.SplitOp(v)
	return data
}
