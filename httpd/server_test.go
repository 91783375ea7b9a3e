package httpd

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mistral-go/mistral-go/actions"
	"github.com/mistral-go/mistral-go/cluster"
	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

func stdActions() []SystemAction {
	var out []SystemAction
	for _, a := range actions.Std(actions.Config{}).Actions() {
		out = append(out, SystemAction{Name: a.Name, Input: a.Signature.String(), Description: a.Description})
	}
	return out
}

// newTestServer returns an API over an in-memory database.
func newTestServer(t testing.TB) *Server {
	t.Helper()
	db, err := storage.Open(storage.Options{Dir: "mem", InMemory: true, Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	defs, err := storage.OpenDefinitions(db)
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(defs, Config{Node: cluster.NewNode("testhost_1"), SystemActions: stdActions, MaxBody: 64 << 10})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

type result struct {
	status int
	header http.Header
	body   string
}

// do serves one request in process; headers are "Name: value".
func do(s *Server, method, target, body string, headers ...string) result {
	var rd *strings.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	var req *http.Request
	if rd != nil {
		req = httptest.NewRequest(method, target, rd)
	} else {
		req = httptest.NewRequest(method, target, nil)
	}
	req.Host = "127.0.0.1:8989"
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ":")
		req.Header.Set(strings.TrimSpace(k), strings.TrimSpace(v))
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, req)
	return result{w.Code, w.Header(), w.Body.String()}
}

func (r result) json(t testing.TB) *value.Map {
	t.Helper()
	v, err := value.DecodeString(r.body)
	if err != nil {
		t.Fatalf("not JSON (%v): %s", err, r.body)
	}
	m, ok := v.(*value.Map)
	if !ok {
		t.Fatalf("not an object: %s", r.body)
	}
	return m
}

func expect(t testing.TB, r result, status int, body string) {
	t.Helper()
	if r.status != status || (body != "" && r.body != body) {
		t.Fatalf("got %d %q\nwant %d %q", r.status, r.body, status, body)
	}
}

const wfText = "---\nversion: '2.0'\n\nwf1:\n  input:\n    - name: world\n  output:\n    greeting: <% $.greeting %>\n  tasks:\n    t1:\n      action: std.noop\n"

func TestRootAndRedirect(t *testing.T) {
	s := newTestServer(t)
	expect(t, do(s, "GET", "/", ""), 200, `{"versions": [{"id": "v2.0", "status": "CURRENT", "links": [{"href": "http://127.0.0.1:8989/v2", "target": "v2", "rel": "self"}]}]}`)
	expect(t, do(s, "GET", "/v2/", ""), 200, `{"uri": "http://127.0.0.1:8989/v2"}`)
	r := do(s, "GET", "/v2", "", "Accept: application/json")
	expect(t, r, 302, `{"code": 302, "title": "Found", "description": null}`)
	if r.header.Get("Location") != "http://127.0.0.1:8989/v2/" {
		t.Fatalf("location %q", r.header.Get("Location"))
	}
	r = do(s, "GET", "/v2", "", "Accept: */*")
	if r.status != 302 || r.header.Get("Content-Type") != "text/html; charset=UTF-8" || !strings.Contains(r.body, `<a href="http://127.0.0.1:8989/v2/">`) {
		t.Fatalf("html redirect: %d %q", r.status, r.body)
	}
}

func TestFrameworkPages(t *testing.T) {
	s := newTestServer(t)
	cases := []struct {
		method, path, accept string
		status               int
		ctype, body          string
	}{
		{"GET", "/v2/nosuch", "*/*", 404, "text/html; charset=UTF-8",
			"<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n  The resource could not be found.<br /><br />\n\n\n\n </body>\n</html>"},
		{"GET", "/v2/nosuch", "text/plain", 404, "text/plain; charset=UTF-8", "404 Not Found\n\nThe resource could not be found.\n\n   "},
		{"GET", "/v2/nosuch", "", 404, "text/plain; charset=UTF-8", "404 Not Found\n\nThe resource could not be found.\n\n   "},
		{"GET", "/v2/nosuch", "application/json", 404, "application/json", `{"code": 404, "title": "Not Found", "description": null}`},
		{"PATCH", "/v2/workflows/x", "*/*", 405, "text/html; charset=UTF-8",
			"<html>\n <head>\n  <title>405 Method Not Allowed</title>\n </head>\n <body>\n  <h1>405 Method Not Allowed</h1>\n  The method PATCH is not allowed for this resource. <br /><br />\n\n </body>\n</html>"},
		{"PATCH", "/v2/workflows/x", "application/json", 405, "application/json", `{"code": 405, "title": "Method Not Allowed", "description": ""}`},
		{"PATCH", "/v2/workflows/x", "text/plain", 405, "text/plain; charset=UTF-8", "405 Method Not Allowed\n\nThe method PATCH is not allowed for this resource. \n\n "},
		{"GET", "/v2/workflows/x", "text/plain", 406, "text/plain; charset=UTF-8",
			"406 Not Acceptable\n\nThe resource could not be generated that was acceptable to your browser (content of type text/plain. \n\n "},
		{"POST", "/v2/workflows", "application/json", 406, "application/json", `{"code": 406, "title": "Not Acceptable", "description": null}`},
		{"POST", "/v2/workflows/validate", "text/plain", 406, "text/plain; charset=UTF-8", ""},
	}
	for _, c := range cases {
		var hs []string
		if c.accept != "" {
			hs = append(hs, "Accept: "+c.accept)
		}
		r := do(s, c.method, c.path, "", hs...)
		if r.status != c.status || r.header.Get("Content-Type") != c.ctype || (c.body != "" && r.body != c.body) {
			t.Errorf("%s %s (%s): got %d %q %q", c.method, c.path, c.accept, r.status, r.header.Get("Content-Type"), r.body)
		}
		if c.status == 405 && r.header.Get("Allow") != "DELETE, GET, POST, PUT" {
			t.Errorf("Allow %q", r.header.Get("Allow"))
		}
	}
}

func TestWorkflowCRUD(t *testing.T) {
	s := newTestServer(t)
	r := do(s, "POST", "/v2/workflows?namespace=ns1", wfText, "Content-Type: text/plain")
	expect(t, r, 201, "")
	wf := r.json(t)
	list, _ := wf.Get("workflows")
	w0 := list.([]any)[0].(*value.Map)
	id, _ := w0.Get("id")
	if iface, _ := w0.Get("interface"); value.MarshalPy(iface) != `{"input": [{"name": "world"}], "output": ["greeting"]}` {
		t.Fatalf("interface %s", value.MarshalPy(iface))
	}
	if w0.Has("updated_at") {
		t.Fatal("POST answer has updated_at")
	}
	// GET by name needs the namespace; by id it does not.
	expect(t, do(s, "GET", "/v2/workflows/wf1", ""), 404, `{"faultcode": "Client", "faultstring": "Workflow not found [workflow_identifier=wf1, namespace=]", "debuginfo": null}`)
	g := do(s, "GET", "/v2/workflows/wf1?namespace=ns1", "")
	expect(t, g, 200, "")
	if iface, _ := g.json(t).Get("interface"); iface != `{"input": [{"name": "world"}], "output": ["greeting"]}` {
		t.Fatalf("GET interface %v", iface)
	}
	expect(t, do(s, "GET", "/v2/workflows/"+id.(string), ""), 200, g.body)
	expect(t, do(s, "GET", "/v2/workflows/wf1/ns1", ""), 200, g.body)
	// Duplicate.
	expect(t, do(s, "POST", "/v2/workflows?namespace=ns1", wfText), 409,
		`{"faultstring": "Duplicate entry for WorkflowDefinition ['name', 'namespace', 'project_id']: wf1, ns1, None"}`)
	// Update: unchanged text keeps updated_at null, a change sets it.
	u := do(s, "PUT", "/v2/workflows?namespace=ns1", wfText)
	expect(t, u, 200, "")
	if v, _ := u.json(t).Get("workflows"); !strings.Contains(value.MarshalPy(v), `"updated_at": null`) {
		t.Fatalf("unchanged update: %s", u.body)
	}
	u = do(s, "PUT", "/v2/workflows/"+id.(string)+"?namespace=ns1", strings.Replace(wfText, "std.noop", "std.echo output=1", 1))
	expect(t, u, 200, "")
	if v, _ := u.json(t).Get("updated_at"); v == nil {
		t.Fatalf("changed update: %s", u.body)
	}
	expect(t, do(s, "PUT", "/v2/workflows", wfText), 404, `{"faultstring": "Workflow not found [workflow_identifier=wf1, namespace=]"}`)
	// Delete.
	expect(t, do(s, "DELETE", "/v2/workflows", ""), 400, `{"faultcode": "Client", "faultstring": "Missing argument: \"identifier\"", "debuginfo": null}`)
	d := do(s, "DELETE", "/v2/workflows/wf1?namespace=ns1", "")
	if d.status != 204 || d.body != "" || d.header.Get("Content-Type") != "" {
		t.Fatalf("delete: %d %q %v", d.status, d.body, d.header)
	}
	expect(t, do(s, "DELETE", "/v2/workflows/wf1?namespace=ns1", ""), 404, "")
}

func TestMultiWorkflowCreateIsAtomic(t *testing.T) {
	s := newTestServer(t)
	expect(t, do(s, "POST", "/v2/workflows", "version: '2.0'\nb:\n  tasks:\n    t:\n      action: std.noop\n"), 201, "")
	// a is valid but b exists: nothing of the request may be stored.
	two := "version: '2.0'\na:\n  tasks:\n    t:\n      action: std.noop\nb:\n  tasks:\n    t:\n      action: std.noop\n"
	expect(t, do(s, "POST", "/v2/workflows", two), 409, "")
	expect(t, do(s, "GET", "/v2/workflows/a", ""), 404, "")
	expect(t, do(s, "DELETE", "/v2/workflows/b", ""), 204, "")
	r := do(s, "POST", "/v2/workflows", two)
	expect(t, r, 201, "")
	if n := strings.Count(r.body, `"id"`); n != 2 {
		t.Fatalf("%d workflows created", n)
	}
	if !strings.Contains(r.body, `"definition": "version: '2.0'\na:\n  tasks:\n    t:\n      action: std.noop\n"`) {
		t.Fatalf("regenerated definition: %s", r.body)
	}
}

func TestValidateEndpoints(t *testing.T) {
	s := newTestServer(t)
	for _, p := range []string{"/v2/workflows/validate", "/v2/workflows/validation"} {
		expect(t, do(s, "POST", p, wfText), 200, `{"valid": true}`)
		r := do(s, "POST", p, "version: '2.0'\nwf: [")
		expect(t, r, 200, "")
		if v, _ := r.json(t).Get("valid"); v != false {
			t.Fatalf("%s: %s", p, r.body)
		}
	}
	wb := "version: '2.0'\nname: wb1\nworkflows:\n  w:\n    tasks:\n      t:\n        action: std.noop\n"
	expect(t, do(s, "POST", "/v2/workbooks/validate", wb), 200, `{"valid": true}`)
	expect(t, do(s, "POST", "/v2/workbooks/validation", wb), 200, `{"valid": true}`)
	acts := "version: '2.0'\nmy_act:\n  base: std.echo\n  base-input:\n    output: 1\n"
	expect(t, do(s, "POST", "/v2/actions/validate", acts), 200, `{"valid": true}`)
	expect(t, do(s, "POST", "/v2/actions/validation", acts), 200, `{"valid": true}`)
	// Nothing was stored by validating.
	expect(t, do(s, "GET", "/v2/workflows", ""), 200, `{"workflows": []}`)
	expect(t, do(s, "GET", "/v2/workbooks", ""), 200, `{"workbooks": []}`)
}

func TestWorkbookCreatesWorkflowsAndActions(t *testing.T) {
	s := newTestServer(t)
	wb := "version: '2.0'\nname: wb1\ntags: [x]\nactions:\n  greet:\n    input: [who]\n    base: std.echo\n    base-input:\n      output: <% $.who %>\nworkflows:\n  w:\n    tasks:\n      t:\n        action: greet who=me\n"
	r := do(s, "POST", "/v2/workbooks?namespace=n", wb)
	expect(t, r, 201, "")
	if r.json(t).Has("updated_at") {
		t.Fatal("updated_at in create answer")
	}
	w := do(s, "GET", "/v2/workflows/wb1.w?namespace=n", "")
	expect(t, w, 200, "")
	if d, _ := w.json(t).Get("definition"); d != "w:\n  tasks:\n    t:\n      action: greet who=me\n" {
		t.Fatalf("workbook workflow definition %q", d)
	}
	a := do(s, "GET", "/v2/actions/wb1.greet?namespace=n", "")
	expect(t, a, 200, "")
	if in, _ := a.json(t).Get("input"); in != "who" {
		t.Fatalf("action input %v", in)
	}
	expect(t, do(s, "POST", "/v2/workbooks?namespace=n", wb), 409,
		`{"faultstring": "Duplicate entry for WorkbookDefinition ['name', 'namespace', 'project_id']: wb1, n, None"}`)
	expect(t, do(s, "PUT", "/v2/workbooks", wb), 404, `{"faultstring": "Workbook not found [name=wb1, namespace=]"}`)
	expect(t, do(s, "PUT", "/v2/workbooks?namespace=n", wb), 200, "")
	expect(t, do(s, "DELETE", "/v2/workbooks/wb1", ""), 404,
		`{"faultcode": "Client", "faultstring": "Workbook not found [workbook_name=wb1, namespace=]", "debuginfo": null}`)
	expect(t, do(s, "DELETE", "/v2/workbooks/wb1?namespace=n", ""), 204, "")
	// Its workflows and actions stay.
	expect(t, do(s, "GET", "/v2/workflows/wb1.w?namespace=n", ""), 200, "")
	expect(t, do(s, "GET", "/v2/actions/wb1.greet/n", ""), 200, "")
}

func TestActions(t *testing.T) {
	s := newTestServer(t)
	r := do(s, "GET", "/v2/actions/std.echo", "")
	expect(t, r, 200, "")
	m := r.json(t)
	if in, _ := m.Get("input"); in != "output, delay=0" {
		t.Fatalf("std.echo input %v", in)
	}
	if ca, _ := m.Get("created_at"); !strings.HasPrefix(ca.(string), "20") {
		t.Fatalf("std action created_at %v", ca)
	}
	expect(t, do(s, "GET", "/v2/actions/std.nosuch", ""), 404,
		`{"faultcode": "Client", "faultstring": "Action not found [name=std.nosuch, namespace=]", "debuginfo": null}`)
	acts := "version: '2.0'\na1:\n  description: first\n  input:\n    - x\n    - n: 1\n  base: std.echo\n  base-input:\n    output: <% $.x %>\na2:\n  base: std.noop\n"
	r = do(s, "POST", "/v2/actions", acts)
	expect(t, r, 201, "")
	if !strings.Contains(r.body, `"input": "x, n=1"`) || !strings.Contains(r.body, `"input": null, "description": null`) {
		t.Fatalf("created actions: %s", r.body)
	}
	expect(t, do(s, "POST", "/v2/actions", acts), 409, `{"faultstring": "Duplicate entry for Action ['name', 'namespace', 'project_id']: a1, , None"}`)
	expect(t, do(s, "POST", "/v2/actions", "version: '2.0'\nstd.echo:\n  base: std.noop\n"), 400, "")
	expect(t, do(s, "PUT", "/v2/actions/a1", acts), 400,
		`{"faultstring": "More than one actions are not supported for update with identifier. [identifier: a1]"}`)
	// The list merges std and ad-hoc actions, sorted by name.
	l := do(s, "GET", "/v2/actions?limit=3&sort_keys=name", "")
	expect(t, l, 200, "")
	if !strings.HasPrefix(l.body, `{"actions": [{"id": "`) || !strings.Contains(l.body, `"name": "a1"`) ||
		!strings.Contains(l.body, `"next": "http://127.0.0.1:8989/v2/actions?sort_keys=name,id&sort_dirs=asc,asc&namespace=eq:&limit=3&marker=std.async_noop"`) {
		t.Fatalf("action list: %s", l.body)
	}
	// Following next continues after the marker.
	n := do(s, "GET", "/v2/actions?sort_keys=name,id&sort_dirs=asc,asc&namespace=eq:&limit=1&marker=std.async_noop", "")
	if !strings.Contains(n.body, `"name": "std.echo"`) {
		t.Fatalf("next page: %s", n.body)
	}
	// Sorting by created_at works (Mistral 15 fails with a 500).
	expect(t, do(s, "GET", "/v2/actions?sort_keys=created_at&sort_dirs=asc", ""), 200, "")
	expect(t, do(s, "DELETE", "/v2/actions/std.echo", ""), 400, "")
	expect(t, do(s, "DELETE", "/v2/actions/a2", ""), 204, "")
	expect(t, do(s, "DELETE", "/v2/actions/a2", ""), 404,
		`{"faultcode": "Client", "faultstring": "Action definition not found [action_name=a2, namespace=]", "debuginfo": null}`)
}

func TestServicesAndMetrics(t *testing.T) {
	s := newTestServer(t)
	expect(t, do(s, "GET", "/v2/services", ""), 200,
		`{"services": [{"name": "testhost_1", "type": "api_group"}, {"name": "testhost_1", "type": "engine_group"}, {"name": "testhost_1", "type": "executor_group"}]}`)
	do(s, "GET", "/v2/workflows/nope", "")
	r := do(s, "GET", "/metrics", "")
	for _, want := range []string{
		`mistral_http_requests_total{method="GET",route="/v2/workflows/:id",status="404"} 1`,
		`mistral_http_request_duration_seconds_bucket{method="GET",route="/v2/services"`,
		"mistral_pebble_disk_usage_bytes", "go_goroutines", "mistral_storage_commits_total",
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func TestTrailingSlash(t *testing.T) {
	s := newTestServer(t)
	expect(t, do(s, "GET", "/v2/actions/std.echo/", ""), 200, "")
	expect(t, do(s, "GET", "/v2/workflows/", ""), 200, `{"workflows": []}`)
}
