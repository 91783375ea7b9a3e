package actions

import (
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/mistral-go/mistral-go/value"
)

// setHeaders applies the headers input: a dict whose numbers and booleans
// are sent as Python's str() of them and whose None values drop the
// header.
func setHeaders(req *http.Request, headers any) error {
	switch hs := headers.(type) {
	case nil:
		return nil
	case *value.Map:
		for i := 0; i < hs.Len(); i++ {
			k, v := hs.At(i)
			var s string
			switch t := v.(type) {
			case nil:
				deleteHeader(req.Header, k)
				continue
			case string:
				s = t
			case int64, float64, bool:
				s = value.Str(t)
			default:
				return errors.New("Header part (" + value.Repr(v) + ") from (" + value.Repr(k) + ", " + value.Repr(v) + ") must be of type str or bytes, not <class '" + value.TypeName(v) + "'>")
			}
			if strings.EqualFold(k, "Host") {
				req.Host = s
				continue
			}
			setHeader(req.Header, k, s)
		}
		return nil
	}
	return errors.New("'" + value.TypeName(headers) + "' object has no attribute 'items'")
}

// setHeader sets a header keeping the name's case (net/http writes map
// keys as they are), except for the names net/http writes itself.
func setHeader(h http.Header, name, v string) {
	deleteHeader(h, name)
	switch http.CanonicalHeaderKey(name) {
	case "User-Agent", "Content-Length", "Transfer-Encoding", "Trailer":
		h.Set(name, v)
	default:
		h[name] = []string{v}
	}
}

func deleteHeader(h http.Header, name string) {
	for k := range h {
		if strings.EqualFold(k, name) {
			delete(h, k)
		}
	}
}

// setCookies applies the cookies input (a dict) as one Cookie header,
// unless the headers input set one.
func setCookies(req *http.Request, cookies any) error {
	switch cs := cookies.(type) {
	case nil:
		return nil
	case *value.Map:
		if cs.Len() == 0 || req.Header.Get("Cookie") != "" || hasHeaderFold(req.Header, "Cookie") {
			return nil
		}
		var b strings.Builder
		cs.Range(func(k string, v any) bool {
			if v == nil {
				return true
			}
			if b.Len() > 0 {
				b.WriteString("; ")
			}
			b.WriteString(k)
			b.WriteByte('=')
			b.WriteString(value.Str(v))
			return true
		})
		req.Header.Set("Cookie", b.String())
		return nil
	}
	return errors.New("'" + value.TypeName(cookies) + "' object has no attribute 'items'")
}

func hasHeaderFold(h http.Header, name string) bool {
	for k := range h {
		if strings.EqualFold(k, name) {
			return true
		}
	}
	return false
}

// setAuth applies auth: "user:password" (exactly one colon) or a
// [user, password] pair is HTTP Basic. (Mistral 15 means the same but
// loses the pair on its way to the executor and fails with "'list' object
// is not callable"; we do not copy that bug.)
func setAuth(req *http.Request, auth any) error {
	if !value.Truthy(auth) {
		return nil
	}
	var user, pass string
	switch a := auth.(type) {
	case string:
		u, p, ok := strings.Cut(a, ":")
		if !ok || strings.Contains(p, ":") {
			return errors.New("'str' object is not callable")
		}
		user, pass = u, p
	case []any:
		if len(a) != 2 {
			return errors.New("'list' object is not callable")
		}
		user, pass = value.Str(a[0]), value.Str(a[1])
	default:
		return errors.New("'" + value.TypeName(auth) + "' object is not callable")
	}
	req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(user+":"+pass)))
	return nil
}

// redirectJar carries cookies along a redirect chain as a requests
// session does: the input cookies plus those set by each redirect.
type redirectJar struct {
	names  []string
	values map[string]string
	fixed  bool // the Cookie header came from the headers input
}

func newRedirectJar(req *http.Request) *redirectJar {
	j := &redirectJar{values: map[string]string{}}
	if !hasHeaderFold(req.Header, "Cookie") {
		return j
	}
	if req.Header.Get("Cookie") == "" {
		j.fixed = true
		return j
	}
	for _, c := range req.Cookies() {
		j.set(c.Name, c.Value)
	}
	return j
}

func (j *redirectJar) set(name, v string) {
	if _, ok := j.values[name]; !ok {
		j.names = append(j.names, name)
	}
	j.values[name] = v
}

func (j *redirectJar) update(resp *http.Response) {
	for _, c := range resp.Cookies() {
		j.set(c.Name, c.Value)
	}
}

func (j *redirectJar) header() string {
	var b strings.Builder
	for _, n := range j.names {
		if b.Len() > 0 {
			b.WriteString("; ")
		}
		b.WriteString(n + "=" + j.values[n])
	}
	return b.String()
}

// redirectRequest builds the request that follows a redirect response,
// with requests' rules: 303 (and 302, and 301 after POST) become GET
// without a body; Authorization is dropped when the host changes.
func redirectRequest(prev *http.Request, resp *http.Response, loc string, jar *redirectJar) (*http.Request, error) {
	if strings.HasPrefix(loc, "//") {
		loc = prev.URL.Scheme + ":" + loc
	}
	target, err := url.Parse(loc)
	if err != nil {
		return nil, err
	}
	next := prev.URL.ResolveReference(target)
	if next.Fragment == "" {
		next.Fragment = prev.URL.Fragment
	}
	if next.Path == "" {
		next.Path = "/"
	}
	next.RawQuery = requote(next.RawQuery)
	method := prev.Method
	code := resp.StatusCode
	if (code == 303 && method != http.MethodHead) || (code == 302 && method != http.MethodHead) || (code == 301 && method == http.MethodPost) {
		method = http.MethodGet
	}
	req := &http.Request{
		Method: method, URL: next, Host: next.Host,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: prev.Header.Clone(),
	}
	if code == 307 || code == 308 {
		req.GetBody, req.ContentLength = prev.GetBody, prev.ContentLength
	} else {
		deleteHeader(req.Header, "Content-Type")
		deleteHeader(req.Header, "Content-Length")
		deleteHeader(req.Header, "Transfer-Encoding")
	}
	if prev.URL.Hostname() != next.Hostname() && !sameHostUpgrade(prev.URL, next) {
		deleteHeader(req.Header, "Authorization")
	}
	if !jar.fixed {
		deleteHeader(req.Header, "Cookie")
		if h := jar.header(); h != "" {
			req.Header.Set("Cookie", h)
		}
	}
	return req, nil
}

// sameHostUpgrade is requests' exception to dropping auth: http to https
// on the same host and default ports.
func sameHostUpgrade(from, to *url.URL) bool {
	return from.Scheme == "http" && to.Scheme == "https" &&
		(from.Port() == "" || from.Port() == "80") && (to.Port() == "" || to.Port() == "443")
}
