package actions

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mistral-go/mistral-go/value"
)

// maxRedirects is requests' limit.
const maxRedirects = 30

// httpCall is a bound std.http / std.mistral_http invocation.
type httpCall struct {
	h       *httpRunner
	mistral bool // std.mistral_http: add the Mistral-* headers

	rawURL   any
	method   any
	params   any
	body     []byte
	hasBody  bool
	bodyType string // Content-Type implied by body/json
	headers  any
	cookies  any
	auth     any
	timeout  any
	follow   bool
	proxies  any
	verify   any
}

func (h *httpRunner) bindHTTP(args Args) (runFunc, error) { return h.bind(args, false) }

func (h *httpRunner) bindMistralHTTP(args Args) (runFunc, error) { return h.bind(args, true) }

// bind does what HTTPAction.__init__ does: body and json are exclusive, a
// dict body is sent as its JSON text. Other input problems surface when
// the request is sent, as they do in Mistral.
func (h *httpRunner) bind(args Args, mistral bool) (runFunc, error) {
	body, js := args.Get("body"), args.Get("json")
	if value.Truthy(body) && value.Truthy(js) {
		return nil, &InputError{Msg: "Only one of the parameters 'json' and 'body' can be passed"}
	}
	c := &httpCall{
		h: h, mistral: mistral,
		rawURL: args.Get("url"), method: args.Get("method"), params: args.Get("params"),
		headers: args.Get("headers"), cookies: args.Get("cookies"), auth: args.Get("auth"),
		timeout: args.Get("timeout"), follow: value.Truthy(args.Get("allow_redirects")),
		proxies: args.Get("proxies"), verify: args.Get("verify"),
	}
	switch b := body.(type) {
	case *value.Map:
		c.body, c.hasBody = value.AppendPy(nil, b), true
	case string:
		c.body, c.hasBody = []byte(b), b != ""
	case []any:
		if len(b) > 0 {
			form, err := encodePairs(b)
			if err != nil {
				return c.raise(err), nil
			}
			c.body, c.hasBody, c.bodyType = []byte(form), true, "application/x-www-form-urlencoded"
		}
	case nil:
	default:
		if value.Truthy(b) {
			return c.raise(errors.New("'" + value.TypeName(b) + "' object is not iterable")), nil
		}
	}
	if !c.hasBody && js != nil {
		c.body, c.hasBody, c.bodyType = value.AppendPy(nil, js), true, "application/json"
	}
	return c.run, nil
}

// raise returns a run that fails as the request would.
func (c *httpCall) raise(err error) runFunc {
	return func(context.Context, *ExecContext) (any, error) { return nil, sendError(err) }
}

func sendError(err error) error { return errors.New("Failed to send HTTP request: " + err.Error()) }

// errHTTPTimeout is the cause of a request's own timeout.
var errHTTPTimeout = errors.New("http timeout")

func (c *httpCall) run(ctx context.Context, ec *ExecContext) (any, error) {
	req, timeout, err := c.request(ec)
	if err != nil {
		return nil, sendError(err)
	}
	tr, err := c.h.transportFor(c.verify, asMap(c.proxies))
	if err != nil {
		return nil, sendError(err)
	}
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, timeout, errHTTPTimeout)
		defer cancel()
	}
	res, err := c.exchange(ctx, tr, req)
	if err != nil {
		if ctx.Err() != nil {
			if context.Cause(ctx) == errHTTPTimeout {
				t := c.timeout
				if t == nil {
					t = timeout.Seconds()
				}
				return nil, sendError(readTimeoutError(req.URL, t))
			}
			return nil, ctx.Err()
		}
		return nil, sendError(err)
	}
	if st, _ := res.Get("status"); st.(int64) < 200 || st.(int64) > 306 {
		return nil, ErrorResult(res)
	}
	return res, nil
}

// exchange sends req, following redirects when asked, and builds the
// result dict.
func (c *httpCall) exchange(ctx context.Context, tr *http.Transport, req *http.Request) (*value.Map, error) {
	var history []any
	jar := newRedirectJar(req)
	for hops := 0; ; hops++ {
		st := &reqState{}
		trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) { st.conn = info.Conn }}
		rctx := httptrace.WithClientTrace(context.WithValue(ctx, reqStateKey{}, st), trace)
		r := req.WithContext(rctx)
		if req.GetBody != nil {
			r.Body, _ = req.GetBody()
		}
		start := time.Now()
		resp, err := tr.RoundTrip(r)
		if err != nil {
			return nil, err
		}
		elapsed := time.Since(start)
		head, ok := rawHead{}, false
		if cc, isCapture := st.conn.(*captureConn); isCapture && !st.proxiedTLS {
			head, ok = parseHead(cc.takeHead())
		}
		if !ok {
			head = headFromResponse(resp)
		}
		body, err := readBody(resp, c.h.cfg.MaxResponseBytes)
		resp.Body.Close()
		if err != nil {
			return nil, err
		}
		loc := resp.Header.Get("Location")
		if c.follow && loc != "" && isRedirect(resp.StatusCode) {
			if hops >= maxRedirects {
				return nil, errors.New("Exceeded 30 redirects.")
			}
			history = append(history, historyEntry(body))
			jar.update(resp)
			next, err := redirectRequest(req, resp, loc, jar)
			if err != nil {
				return nil, err
			}
			req = next
			continue
		}
		if history == nil {
			history = []any{}
		}
		enc := responseEncoding(headerValue(head.headers, "Content-Type"))
		m := value.NewMap(9)
		m.Set("content", responseContent(body, enc))
		m.Set("status", int64(resp.StatusCode))
		m.Set("headers", head.headers)
		m.Set("url", req.URL.String())
		m.Set("history", history)
		m.Set("encoding", enc)
		m.Set("reason", head.reason)
		m.Set("cookies", responseCookies(resp))
		m.Set("elapsed", elapsedSeconds(elapsed))
		return m, nil
	}
}

func isRedirect(code int) bool {
	switch code {
	case 301, 302, 303, 307, 308:
		return true
	}
	return false
}

// request builds the first request from the bound input, as requests
// prepares it.
func (c *httpCall) request(ec *ExecContext) (*http.Request, time.Duration, error) {
	method, ok := c.method.(string)
	if !ok {
		return nil, 0, errors.New("'" + value.TypeName(c.method) + "' object has no attribute 'upper'")
	}
	u, err := prepareURL(c.rawURL, c.params)
	if err != nil {
		return nil, 0, err
	}
	timeout, err := requestTimeout(c.timeout, c.h.cfg.DefaultTimeout)
	if err != nil {
		return nil, 0, err
	}
	var body io.Reader
	if c.hasBody {
		body = bytes.NewReader(c.body)
	}
	req, err := http.NewRequest(strings.ToUpper(method), u.String(), body)
	if err != nil {
		return nil, 0, err
	}
	req.URL = u
	if c.hasBody {
		b := c.body
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
	}
	h := req.Header
	h.Set("User-Agent", c.h.cfg.UserAgent)
	h.Set("Accept-Encoding", "gzip, deflate")
	h.Set("Accept", "*/*")
	if c.bodyType != "" {
		h.Set("Content-Type", c.bodyType)
	}
	if err := setHeaders(req, c.headers); err != nil {
		return nil, 0, err
	}
	if c.mistral && ec != nil {
		for _, kv := range [...][2]string{
			{"Mistral-Workflow-Name", ec.WorkflowName},
			{"Mistral-Workflow-Execution-Id", ec.WorkflowExecutionID},
			{"Mistral-Task-Id", ec.TaskExecutionID},
			{"Mistral-Action-Execution-Id", ec.ActionExecutionID},
			{"Mistral-Callback-URL", ec.Callback()},
		} {
			if kv[1] != "" {
				setHeader(h, kv[0], kv[1])
			}
		}
	}
	if err := setCookies(req, c.cookies); err != nil {
		return nil, 0, err
	}
	if err := setAuth(req, c.auth); err != nil {
		return nil, 0, err
	}
	return req, timeout, nil
}

// prepareURL parses url and appends params, with requests' checks and
// wording.
func prepareURL(raw, params any) (*url.URL, error) {
	s := strings.TrimLeft(value.Str(raw), " \t\r\n")
	if strings.Contains(s, ":") && !strings.HasPrefix(strings.ToLower(s), "http") {
		return nil, errors.New("No connection adapters were found for " + value.Repr(s))
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, errors.New("Invalid URL " + value.Repr(s) + ": " + err.Error())
	}
	if u.Scheme == "" {
		return nil, errors.New("Invalid URL " + value.Repr(s) + ": No scheme supplied. Perhaps you meant http://" + s + "?")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, errors.New("No connection adapters were found for " + value.Repr(s))
	}
	if u.Host == "" {
		return nil, errors.New("Invalid URL " + value.Repr(s) + ": No host supplied")
	}
	u.Host = strings.ToLower(u.Host)
	if u.Path == "" {
		u.Path = "/"
	}
	u.RawQuery = requote(u.RawQuery)
	var q string
	switch p := params.(type) {
	case nil:
	case string:
		q = p
	case *value.Map, []any:
		if q, err = encodeParams(p); err != nil {
			return nil, err
		}
	default:
		if value.Truthy(p) {
			return nil, errors.New("'" + value.TypeName(p) + "' object is not iterable")
		}
	}
	if q != "" {
		if u.RawQuery != "" {
			u.RawQuery += "&" + q
		} else {
			u.RawQuery = q
		}
	}
	return u, nil
}

// requote percent-encodes the bytes of a query that may not appear in a
// request line, leaving existing escapes alone (requests' requote_uri).
func requote(s string) string {
	const safe = "!#$%&'()*+,/:;=?@[]~-._"
	var b []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(safe, c) >= 0 {
			if b != nil {
				b = append(b, c)
			}
			continue
		}
		if b == nil {
			b = append(make([]byte, 0, len(s)+8), s[:i]...)
		}
		b = append(b, '%', "0123456789ABCDEF"[c>>4], "0123456789ABCDEF"[c&15])
	}
	if b == nil {
		return s
	}
	return string(b)
}

// encodeParams is requests' _encode_params for a dict or a list of pairs:
// a list value repeats the key, None values are dropped.
func encodeParams(p any) (string, error) {
	var b strings.Builder
	add := func(k string, v any) {
		var vs []any
		switch t := v.(type) {
		case []any:
			vs = t
		case *value.Map:
			vs = make([]any, 0, t.Len())
			for _, key := range t.Keys() {
				vs = append(vs, key)
			}
		default:
			vs = []any{v}
		}
		for _, x := range vs {
			if x == nil {
				continue
			}
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(url.QueryEscape(k))
			b.WriteByte('=')
			b.WriteString(url.QueryEscape(value.Str(x)))
		}
	}
	switch t := p.(type) {
	case *value.Map:
		t.Range(func(k string, v any) bool { add(k, v); return true })
	case []any:
		for _, item := range t {
			pair, ok := item.([]any)
			if !ok || len(pair) != 2 {
				return "", unpackError(item)
			}
			add(value.Str(pair[0]), pair[1])
		}
	}
	return b.String(), nil
}

// encodePairs form-encodes a list of [key, value] pairs (a list body).
func encodePairs(list []any) (string, error) { return encodeParams(list) }

func unpackError(item any) error {
	n := 1
	switch t := item.(type) {
	case []any:
		n = len(t)
	case string:
		n = len([]rune(t))
	case *value.Map:
		n = t.Len()
	default:
		return errors.New("cannot unpack non-iterable " + value.TypeName(item) + " object")
	}
	if n > 2 {
		return errors.New("too many values to unpack (expected 2)")
	}
	return errors.New("not enough values to unpack (expected 2, got " + strconv.Itoa(n) + ")")
}

// requestTimeout reads the timeout input (seconds, or [connect, read]).
func requestTimeout(t any, def time.Duration) (time.Duration, error) {
	one := func(kind string, v any) (float64, error) {
		switch n := v.(type) {
		case nil:
			return 0, nil
		case bool:
			return 0, errors.New("Timeout cannot be a boolean value. It must be an int, float or None.")
		case int64:
			if n <= 0 {
				return 0, errors.New("Attempted to set " + kind + " timeout to " + value.Str(v) + ", but the timeout cannot be set to a value less than or equal to 0.")
			}
			return float64(n), nil
		case float64:
			if n <= 0 {
				return 0, errors.New("Attempted to set " + kind + " timeout to " + value.Str(v) + ", but the timeout cannot be set to a value less than or equal to 0.")
			}
			return n, nil
		}
		return 0, errors.New("Timeout value " + kind + " was " + value.Str(v) + ", but it must be an int, float or None.")
	}
	if t == nil {
		return def, nil
	}
	if pair, ok := t.([]any); ok && len(pair) == 2 {
		c, err := one("connect", pair[0])
		if err != nil {
			return 0, err
		}
		r, err := one("read", pair[1])
		if err != nil {
			return 0, err
		}
		if c == 0 || r == 0 {
			return 0, nil
		}
		return seconds(c + r), nil
	}
	s, err := one("connect", t)
	return seconds(s), err
}

// readTimeoutError words a timeout as urllib3 does.
func readTimeoutError(u *url.URL, timeout any) error {
	pool := "HTTPConnectionPool"
	port := u.Port()
	if u.Scheme == "https" {
		pool = "HTTPSConnectionPool"
		if port == "" {
			port = "443"
		}
	} else if port == "" {
		port = "80"
	}
	return errors.New(pool + "(host=" + value.Repr(u.Hostname()) + ", port=" + port + "): Read timed out. (read timeout=" + value.Str(timeout) + ")")
}

func asMap(v any) *value.Map {
	m, _ := v.(*value.Map)
	return m
}
