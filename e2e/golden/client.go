package golden

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/mistral-go/mistral-go/value"
)

// client talks to the Mistral v2 API of one service.
type client struct {
	base string // "http://host:port/v2"
	hc   *http.Client
}

func newClient(baseURL string) *client {
	return &client{
		base: strings.TrimRight(baseURL, "/") + "/v2",
		hc:   &http.Client{Timeout: 30 * time.Second},
	}
}

// call sends a request with a JSON body (jsonBody non-nil) or a text
// body (text non-empty) and returns the status and the decoded answer:
// the JSON value, or the raw text when it is not JSON, or nil when empty.
func (c *client) call(ctx context.Context, method, path string, jsonBody any, text string) (int, any, error) {
	var body io.Reader
	ctype, accept := "", "application/json"
	switch {
	case jsonBody != nil:
		body, ctype = bytes.NewReader(value.AppendPy(nil, jsonBody)), "application/json"
	case text != "":
		// Mistral answers 406 to definition uploads that accept only JSON.
		body, ctype, accept = strings.NewReader(text), "text/plain", ""
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return 0, nil, err
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	if len(raw) == 0 {
		return resp.StatusCode, nil, nil
	}
	doc, err := value.Decode(raw)
	if err != nil {
		return resp.StatusCode, strings.ToValidUTF8(string(raw), "\uFFFD"), nil
	}
	return resp.StatusCode, doc, nil
}

// get fetches a JSON object and fails unless the status is 200.
func (c *client) get(ctx context.Context, path string) (*value.Map, error) {
	st, doc, err := c.call(ctx, http.MethodGet, path, nil, "")
	if err != nil {
		return nil, err
	}
	m, ok := doc.(*value.Map)
	if st != http.StatusOK || !ok {
		return nil, fmt.Errorf("GET %s: %d %s", path, st, describe(doc))
	}
	return m, nil
}

// list fetches a collection and returns its objects.
func (c *client) list(ctx context.Context, path, key string) ([]*value.Map, error) {
	m, err := c.get(ctx, path)
	if err != nil {
		return nil, err
	}
	v, _ := m.Get(key)
	l, _ := v.([]any)
	out := make([]*value.Map, 0, len(l))
	for _, x := range l {
		if o, ok := x.(*value.Map); ok {
			out = append(out, o)
		}
	}
	return out, nil
}

// query encodes query parameters like Python's urlencode (in the order
// given).
func query(kv ...string) string {
	var b strings.Builder
	for i := 0; i+1 < len(kv); i += 2 {
		if i == 0 {
			b.WriteByte('?')
		} else {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(kv[i]))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(kv[i+1]))
	}
	return b.String()
}

// fault is the error text of a failed answer, as record.py words it.
func fault(doc any) string {
	switch d := doc.(type) {
	case *value.Map:
		for _, k := range []string{"faultstring", "description", "title"} {
			if v, ok := d.Get(k); ok && value.Truthy(v) {
				if s, ok := v.(string); ok {
					return s
				}
				return value.Str(v)
			}
		}
		return string(canonical(d))
	case nil:
		return "None"
	case string:
		return d
	}
	return value.Str(doc)
}

// outcome records the status of a request and, when it failed, its error.
func outcome(status int, doc any) *value.Map {
	m := value.MapOf("status", int64(status))
	if status >= 400 {
		m.Set("error", fault(doc))
	}
	return m
}

func describe(doc any) string {
	b := value.AppendPy(nil, doc)
	if len(b) > 300 {
		b = append(b[:300], "..."...)
	}
	return string(b)
}

// str is the string field k of m ("" when absent or not a string).
func str(m *value.Map, k string) string {
	v, _ := m.Get(k)
	s, _ := v.(string)
	return s
}

// field is m[k], nil when absent.
func field(m *value.Map, k string) any {
	v, _ := m.Get(k)
	return v
}
