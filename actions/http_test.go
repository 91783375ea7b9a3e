package actions

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"encoding/pem"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mistral-go/mistral-go/value"
)

// echoHandler answers with what it received, as JSON.
func echoHandler(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	hs := map[string]string{}
	for k, v := range r.Header {
		hs[k] = strings.Join(v, "|")
	}
	u, p, ok := r.BasicAuth()
	out := map[string]any{
		"method": r.Method, "path": r.URL.Path, "query": r.URL.RawQuery, "body": string(body),
		"headers": hs, "auth": []any{u, p, ok}, "host": r.Host,
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(out)
}

func newHTTPServer(t *testing.T) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/echo", echoHandler)
	mux.HandleFunc("/status/", func(w http.ResponseWriter, r *http.Request) {
		var code int
		_, _ = fmtSscan(strings.TrimPrefix(r.URL.Path, "/status/"), &code)
		w.WriteHeader(code)
		_, _ = io.WriteString(w, "status body")
	})
	mux.HandleFunc("/redirect/", func(w http.ResponseWriter, r *http.Request) {
		var code int
		_, _ = fmtSscan(strings.TrimPrefix(r.URL.Path, "/redirect/"), &code)
		http.SetCookie(w, &http.Cookie{Name: "hop", Value: "1"})
		w.Header().Set("Location", r.URL.Query().Get("to"))
		w.WriteHeader(code)
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/gzip", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Type", "application/json")
		zw := gzip.NewWriter(w)
		_, _ = io.WriteString(zw, `{"zipped": true}`)
		_ = zw.Close()
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, strings.Repeat("x", 4096))
	})
	s := httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

func fmtSscan(s string, n *int) (int, error) {
	v, err := value.DecodeString(s)
	if i, ok := v.(int64); ok {
		*n = int(i)
	}
	return 0, err
}

// runHTTP runs std.http (or another action) with the given input pairs.
func runHTTP(t *testing.T, reg *Registry, name string, ec *ExecContext, kv ...any) Result {
	t.Helper()
	a, _ := reg.Lookup(name)
	c, err := a.Bind(value.MapOf(kv...))
	if err != nil {
		t.Fatalf("bind: %v", err)
	}
	return c.Run(context.Background(), ec, 0)
}

// echoed returns the echo handler's view of the request.
func echoed(t *testing.T, res Result) *value.Map {
	t.Helper()
	m, ok := res.Data.(*value.Map)
	if !ok {
		t.Fatalf("result is not a dict: %+v", res)
	}
	c, _ := m.Get("content")
	cm, ok := c.(*value.Map)
	if !ok {
		t.Fatalf("content is not JSON: %s", value.MarshalPy(c))
	}
	return cm
}

func get(m *value.Map, path ...string) any {
	var v any = m
	for _, p := range path {
		mm, ok := v.(*value.Map)
		if !ok {
			return nil
		}
		v, _ = mm.Get(p)
	}
	return v
}

func TestHTTPMethodsAndHeaders(t *testing.T) {
	s := newHTTPServer(t)
	for _, m := range []string{"GET", "post", "PUT", "PATCH", "DELETE", "OPTIONS"} {
		res := runHTTP(t, std, "std.http", nil, "url", s.URL+"/echo", "method", m)
		if res.State != StateSuccess || get(echoed(t, res), "method") != strings.ToUpper(m) {
			t.Errorf("method %s: %s", m, value.MarshalPy(res.Data))
		}
	}
	res := runHTTP(t, std, "std.http", nil, "url", s.URL+"/echo", "method", "HEAD")
	if res.State != StateSuccess || get(res.Data.(*value.Map), "content") != "" {
		t.Errorf("HEAD: %s", value.MarshalPy(res.Data))
	}
	res = runHTTP(t, std, "std.http", nil, "url", s.URL+"/echo", "headers",
		value.MapOf("X-N", int64(5), "X-F", 1.5, "X-B", true, "x-lower", "v", "X-Gone", nil, "user-agent", "me"))
	e := echoed(t, res)
	for k, want := range map[string]any{"X-N": "5", "X-F": "1.5", "X-B": "True", "X-Lower": "v", "User-Agent": "me", "Accept": "*/*", "X-Gone": nil} {
		if got := get(e, "headers", k); got != want {
			t.Errorf("header %s = %v, want %v", k, got, want)
		}
	}
	res = runHTTP(t, std, "std.http", nil, "url", s.URL+"/echo")
	if ua := get(echoed(t, res), "headers", "User-Agent"); ua != "python-requests/2.28.1" {
		t.Errorf("default User-Agent %v", ua)
	}
	if res := runHTTP(t, std, "std.http", nil, "url", s.URL+"/echo", "method", int64(1)); res.State != StateError ||
		!strings.HasSuffix(res.Data.(string), "msg='Failed to send HTTP request: 'int' object has no attribute 'upper'']") {
		t.Errorf("bad method: %+v", res)
	}
	if res := runHTTP(t, std, "std.http", nil, "url", s.URL+"/echo", "headers", value.MapOf("X", []any{int64(1)})); res.State != StateError ||
		!strings.Contains(res.Data.(string), "Header part ([1]) from ('X', [1]) must be of type str or bytes, not <class 'list'>") {
		t.Errorf("bad header: %+v", res)
	}
}

func TestHTTPBodies(t *testing.T) {
	s := newHTTPServer(t)
	e := echoed(t, runHTTP(t, std, "std.http", nil, "url", s.URL+"/echo", "method", "POST", "body", value.MapOf("a", int64(1), "b", []any{int64(1), "é"})))
	if get(e, "body") != `{"a": 1, "b": [1, "\u00e9"]}` || get(e, "headers", "Content-Type") != nil {
		t.Errorf("dict body: %s", value.MarshalPy(e))
	}
	e = echoed(t, runHTTP(t, std, "std.http", nil, "url", s.URL+"/echo", "method", "POST", "body", "raw text"))
	if get(e, "body") != "raw text" || get(e, "headers", "Content-Length") != "8" {
		t.Errorf("string body: %s", value.MarshalPy(e))
	}
	e = echoed(t, runHTTP(t, std, "std.http", nil, "url", s.URL+"/echo", "method", "PUT", "json", []any{int64(1), value.MapOf("k", nil)}))
	if get(e, "body") != `[1, {"k": null}]` || get(e, "headers", "Content-Type") != "application/json" {
		t.Errorf("json: %s", value.MarshalPy(e))
	}
	e = echoed(t, runHTTP(t, std, "std.http", nil, "url", s.URL+"/echo", "method", "POST", "body", []any{[]any{"a", "1 2"}, []any{"b", int64(3)}}))
	if get(e, "body") != "a=1+2&b=3" || get(e, "headers", "Content-Type") != "application/x-www-form-urlencoded" {
		t.Errorf("form: %s", value.MarshalPy(e))
	}
	a, _ := std.Lookup("std.http")
	if _, err := a.Bind(value.MapOf("url", s.URL, "body", "x", "json", value.MapOf("a", int64(1)))); err == nil ||
		err.Error() != "Only one of the parameters 'json' and 'body' can be passed" {
		t.Errorf("body and json: %v", err)
	}
	if res := runHTTP(t, std, "std.http", nil, "url", s.URL+"/echo", "body", []any{"a", "b"}); res.State != StateError ||
		!strings.Contains(res.Data.(string), "msg='Failed to send HTTP request: not enough values to unpack (expected 2, got 1)'") {
		t.Errorf("bad list body: %+v", res)
	}
}

func TestHTTPParamsCookiesAuth(t *testing.T) {
	s := newHTTPServer(t)
	e := echoed(t, runHTTP(t, std, "std.http", nil, "url", s.URL+"/echo?a=1", "params",
		value.MapOf("q", "x y&z", "n", int64(2), "l", []any{int64(1), "b"}, "none", nil, "t", true)))
	if get(e, "query") != "a=1&q=x+y%26z&n=2&l=1&l=b&t=True" {
		t.Errorf("params: %v", get(e, "query"))
	}
	e = echoed(t, runHTTP(t, std, "std.http", nil, "url", s.URL+"/echo", "params", "raw=1&x"))
	if get(e, "query") != "raw=1&x" {
		t.Errorf("string params: %v", get(e, "query"))
	}
	e = echoed(t, runHTTP(t, std, "std.http", nil, "url", s.URL+"/echo", "cookies", value.MapOf("c1", "v1", "c2", int64(2))))
	if get(e, "headers", "Cookie") != "c1=v1; c2=2" {
		t.Errorf("cookies: %v", get(e, "headers", "Cookie"))
	}
	for _, auth := range []any{"user:pa ss", []any{"user", "pa ss"}} {
		e = echoed(t, runHTTP(t, std, "std.http", nil, "url", s.URL+"/echo", "auth", auth))
		if value.MarshalPy(get(e, "auth")) != `["user", "pa ss", true]` {
			t.Errorf("auth %v: %s", auth, value.MarshalPy(get(e, "auth")))
		}
	}
	if res := runHTTP(t, std, "std.http", nil, "url", s.URL+"/echo", "auth", "a:b:c"); res.State != StateError ||
		!strings.Contains(res.Data.(string), "'str' object is not callable") {
		t.Errorf("bad auth: %+v", res)
	}
}

func TestHTTPStatusesTimeoutsAndErrors(t *testing.T) {
	s := newHTTPServer(t)
	for code, state := range map[int]State{200: StateSuccess, 201: StateSuccess, 306: StateSuccess, 404: StateError, 500: StateError, 400: StateError, 307: StateError} {
		res := runHTTP(t, std, "std.http", nil, "url", s.URL+"/status/"+value.Str(int64(code)))
		if res.State != state || get(res.Data.(*value.Map), "status") != int64(code) || get(res.Data.(*value.Map), "content") != "status body" {
			t.Errorf("status %d: %v %s", code, res.State, value.MarshalPy(res.Data))
		}
	}
	start := time.Now()
	res := runHTTP(t, std, "std.http", nil, "url", s.URL+"/slow", "timeout", 0.2)
	port := s.Listener.Addr().String()[len("127.0.0.1:"):]
	if res.State != StateError || !strings.HasSuffix(res.Data.(string), "msg='Failed to send HTTP request: HTTPConnectionPool(host='127.0.0.1', port="+port+"): Read timed out. (read timeout=0.2)']") {
		t.Errorf("timeout: %+v", res)
	}
	if time.Since(start) > 4*time.Second {
		t.Error("timeout not applied")
	}
	for tm, msg := range map[any]string{"x": "Timeout value connect was x, but it must be an int, float or None.", int64(-1): "Attempted to set connect timeout to -1, but the timeout cannot be set to a value less than or equal to 0.", true: "Timeout cannot be a boolean value. It must be an int, float or None."} {
		if res := runHTTP(t, std, "std.http", nil, "url", s.URL+"/echo", "timeout", tm); res.State != StateError || !strings.Contains(res.Data.(string), msg) {
			t.Errorf("timeout %v: %+v", tm, res)
		}
	}
	a, _ := std.Lookup("std.http")
	c, _ := a.Bind(value.MapOf("url", s.URL+"/slow"))
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if res := c.Run(ctx, nil, 0); res.State != StateCancelled {
		t.Errorf("cancel: %+v", res)
	}
	if res := c.Run(context.Background(), nil, 100*time.Millisecond); res.State != StateError || !strings.HasSuffix(res.Data.(string), "msg='0.1 seconds']") {
		t.Errorf("action timeout: %+v", res)
	}
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	if res := runHTTP(t, std, "std.http", nil, "url", closed.URL); res.State != StateError ||
		!strings.Contains(res.Data.(string), "msg='Failed to send HTTP request: ") || !strings.Contains(res.Data.(string), "refused") {
		t.Errorf("refused: %+v", res)
	}
	for u, msg := range map[string]string{
		"ftp://x/y": "No connection adapters were found for 'ftp://x/y'",
		"http://":   "Invalid URL 'http://': No host supplied",
		"x.org/a":   "Invalid URL 'x.org/a': No scheme supplied. Perhaps you meant http://x.org/a?",
	} {
		if res := runHTTP(t, std, "std.http", nil, "url", u); res.State != StateError || !strings.Contains(res.Data.(string), msg) {
			t.Errorf("url %s: %+v", u, res)
		}
	}
	small := Std(Config{HTTP: HTTPConfig{MaxResponseBytes: 1000}})
	if res := runHTTP(t, small, "std.http", nil, "url", s.URL+"/big"); res.State != StateError || !strings.Contains(res.Data.(string), "too large") {
		t.Errorf("big: %+v", res)
	}
	res = runHTTP(t, std, "std.http", nil, "url", s.URL+"/gzip")
	m := res.Data.(*value.Map)
	if value.MarshalPy(get(m, "content")) != `{"zipped": true}` || get(m, "headers", "Content-Encoding") != "gzip" || get(m, "encoding") != "utf-8" {
		t.Errorf("gzip: %s", value.MarshalPy(m))
	}
}

func TestHTTPRedirects(t *testing.T) {
	s := newHTTPServer(t)
	res := runHTTP(t, std, "std.http", nil, "url", s.URL+"/redirect/302?to=/echo")
	m := res.Data.(*value.Map)
	if res.State != StateSuccess || get(m, "status") != int64(302) || value.MarshalPy(get(m, "history")) != "[]" || value.MarshalPy(get(m, "cookies")) != `{"hop": "1"}` {
		t.Errorf("not followed: %s", value.MarshalPy(m))
	}
	res = runHTTP(t, std, "std.http", nil, "url", s.URL+"/redirect/303?to=/echo", "method", "POST", "body", "data", "allow_redirects", true, "cookies", value.MapOf("c", "1"))
	m = res.Data.(*value.Map)
	e := echoed(t, res)
	if get(m, "status") != int64(200) || get(e, "method") != "GET" || get(e, "body") != "" || get(e, "headers", "Cookie") != "c=1; hop=1" ||
		get(m, "url") != s.URL+"/echo" || value.MarshalPy(get(m, "history")) != "[[]]" {
		t.Errorf("303: %s", value.MarshalPy(m))
	}
	e = echoed(t, runHTTP(t, std, "std.http", nil, "url", s.URL+"/redirect/307?to=/echo", "method", "POST", "body", "data", "allow_redirects", true))
	if get(e, "method") != "POST" || get(e, "body") != "data" {
		t.Errorf("307: %s", value.MarshalPy(e))
	}
	// To another host name: the credentials stay behind.
	other := strings.Replace(s.URL, "127.0.0.1", "localhost", 1) + "/echo"
	e = echoed(t, runHTTP(t, std, "std.http", nil, "url", s.URL+"/redirect/302?to="+other, "auth", "u:p", "allow_redirects", true))
	if value.MarshalPy(get(e, "auth")) != `["", "", false]` || !strings.HasPrefix(get(e, "host").(string), "localhost:") {
		t.Errorf("cross-host: %s", value.MarshalPy(e))
	}
	e = echoed(t, runHTTP(t, std, "std.http", nil, "url", s.URL+"/redirect/302?to=/echo", "auth", "u:p", "allow_redirects", true))
	if value.MarshalPy(get(e, "auth")) != `["u", "p", true]` {
		t.Errorf("same host: %s", value.MarshalPy(e))
	}
	if res := runHTTP(t, std, "std.http", nil, "url", s.URL+"/loop", "allow_redirects", true); res.State != StateError || !strings.Contains(res.Data.(string), "Exceeded 30 redirects.") {
		t.Errorf("loop: %+v", res)
	}
}

func TestHTTPTLSVerifyAndProxies(t *testing.T) {
	tlsSrv := httptest.NewUnstartedServer(http.HandlerFunc(echoHandler))
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0)
	tlsSrv.StartTLS()
	t.Cleanup(tlsSrv.Close)
	if res := runHTTP(t, std, "std.http", nil, "url", tlsSrv.URL+"/echo"); res.State != StateError || !strings.Contains(res.Data.(string), "certificate") {
		t.Errorf("verify default: %+v", res)
	}
	if res := runHTTP(t, std, "std.http", nil, "url", tlsSrv.URL+"/echo", "verify", false); res.State != StateSuccess {
		t.Errorf("verify false: %+v", res)
	}
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: tlsSrv.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	res := runHTTP(t, std, "std.http", nil, "url", tlsSrv.URL+"/echo", "verify", ca)
	if res.State != StateSuccess || get(res.Data.(*value.Map), "headers", "Content-Type") != "application/json" {
		t.Errorf("verify CA file: %+v", res)
	}
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Via", "test-proxy")
		_, _ = io.WriteString(w, "proxied "+r.RequestURI)
	}))
	t.Cleanup(proxy.Close)
	res = runHTTP(t, std, "std.http", nil, "url", "http://example.invalid/x", "proxies", value.MapOf("http", proxy.URL))
	if res.State != StateSuccess || get(res.Data.(*value.Map), "content") != "proxied http://example.invalid/x" {
		t.Errorf("proxy: %s", value.MarshalPy(res.Data))
	}
}

func TestMistralHTTP(t *testing.T) {
	s := newHTTPServer(t)
	ec := &ExecContext{WorkflowName: "wf", WorkflowExecutionID: "we-1", TaskExecutionID: "t-1", ActionExecutionID: "ae-1"}
	if res := runHTTP(t, std, "std.mistral_http", ec, "url", s.URL+"/echo"); res.State != StatePending {
		t.Errorf("2xx should leave it pending: %+v", res)
	}
	res := runHTTP(t, std, "std.mistral_http", ec, "url", s.URL+"/status/404")
	if res.State != StateError || get(res.Data.(*value.Map), "status") != int64(404) {
		t.Errorf("404: %+v", res)
	}
	// The headers reach the server; see them through a failing echo.
	a, _ := std.Lookup("std.mistral_http")
	c, _ := a.Bind(value.MapOf("url", s.URL+"/echo", "headers", value.MapOf("X-Own", "1")))
	data, err := c.run(context.Background(), &ExecContext{ActionExecutionID: "ae-2"})
	if err != nil {
		t.Fatal(err)
	}
	hs := get(data.(*value.Map), "content", "headers").(*value.Map)
	if get(hs, "Mistral-Action-Execution-Id") != "ae-2" || get(hs, "Mistral-Callback-Url") != "/v2/action_executions/ae-2" ||
		get(hs, "X-Own") != "1" || hs.Has("Mistral-Workflow-Name") || hs.Has("Mistral-Task-Id") {
		t.Errorf("headers: %s", value.MarshalPy(hs))
	}
	data, _ = c.run(context.Background(), ec)
	hs = get(data.(*value.Map), "content", "headers").(*value.Map)
	if get(hs, "Mistral-Workflow-Name") != "wf" || get(hs, "Mistral-Workflow-Execution-Id") != "we-1" || get(hs, "Mistral-Task-Id") != "t-1" {
		t.Errorf("workflow headers: %s", value.MarshalPy(hs))
	}
}

// BenchmarkHTTPGet is one std.http GET of a small JSON document from a
// loopback server, keep-alive connections reused.
func BenchmarkHTTPGet(b *testing.B) {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"ok": true, "n": [1, 2, 3]}`)
	}))
	defer s.Close()
	a, _ := std.Lookup("std.http")
	c, err := a.Bind(value.MapOf("url", s.URL+"/x"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if r := c.Run(context.Background(), nil, 0); r.State != StateSuccess {
			b.Fatal(r)
		}
	}
}
