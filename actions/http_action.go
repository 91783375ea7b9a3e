package actions

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptrace"
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
