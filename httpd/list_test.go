package httpd

import (
	"fmt"
	"strings"
	"testing"
)

func seedWorkflows(t *testing.T, s *Server, n int) {
	t.Helper()
	var b strings.Builder
	b.WriteString("version: '2.0'\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "wf_%02d:\n  tags: [%s]\n  tasks:\n    t:\n      action: std.noop\n", i, []string{"a", "a, b", "c"}[i%3])
	}
	expect(t, do(s, "POST", "/v2/workflows?namespace=ns", b.String()), 201, "")
}

func TestListQueryErrors(t *testing.T) {
	s := newTestServer(t)
	wsme := func(msg string) string {
		return `{"faultcode": "Client", "faultstring": ` + fmt.Sprintf("%q", msg) + `, "debuginfo": null}`
	}
	cases := []struct{ query, msg string }{
		{"limit=-1", "Limit must be positive."},
		{"limit=0", "Limit must be positive."},
		{"limit=abc", "Invalid input for field/attribute limit. Value: 'abc'. unable to convert to int. Error: invalid literal for int() with base 10: 'abc'"},
		{"limit=", "Invalid input for field/attribute limit. Value: ''. unable to convert to int. Error: invalid literal for int() with base 10: ''"},
		{"marker=bad", "Invalid input for field/attribute marker. Value: 'bad'. unable to convert to uuid. Error: Expected a uuid but received bad."},
		{"project_id=x", "Invalid input for field/attribute project_id. Value: 'x'. unable to convert to uuid. Error: Expected a uuid but received x."},
		{"sort_dirs=up", "Unknown sort direction, must be 'desc' or 'asc'."},
		{"sort_dirs=asc,asc", "Length of sort_keys must be equal or greater than sort_dirs."},
		{"fields=bogus,name", "Some fields do not exist  [bogus], please choose from [id, name, namespace, input, interface, definition, tags, scope, project_id, created_at, updated_at]"},
		{"foo=1", `Unknown argument: "foo"`},
		{"sort_keys=nosuchcolumn", "Sort key supplied is invalid: nosuchcolumn"},
		{"marker=00000000-0000-0000-0000-000000000000", "Workflow not found [workflow_id=00000000-0000-0000-0000-000000000000]"},
		{"all_projects=true", "Operation forbidden (insufficient permissions)"},
		{"all_projects=maybe", "Invalid input for field/attribute all_projects. Value: 'maybe'. unable to convert to bool."},
		{"created_at=gt:xyz", "Invalid value for created_at: 'xyz' is not a date and time (expected YYYY-MM-DD HH:MM:SS)"},
		{"tags=gt:a", "Filter operator gt is not supported for tags"},
		{"name=a%zz", "Invalid query string: invalid URL escape \"%zz\""},
	}
	for _, c := range cases {
		r := do(s, "GET", "/v2/workflows?"+c.query, "")
		want := 400
		switch {
		case strings.HasPrefix(c.msg, "Workflow not found"):
			want = 404
		case strings.HasPrefix(c.msg, "Operation forbidden"):
			want = 403
		}
		if r.status != want || r.body != wsme(c.msg) {
			t.Errorf("%s: got %d %s", c.query, r.status, r.body)
		}
	}
	// An admin may list all projects.
	expect(t, do(s, "GET", "/v2/workflows?all_projects=true", "", "X-Roles: member, admin"), 200, `{"workflows": []}`)
}

func TestListPagingFiltersAndNext(t *testing.T) {
	s := newTestServer(t)
	seedWorkflows(t, s, 10)
	// Walk pages of 3 by following next links.
	next := "/v2/workflows?limit=3&fields=name&namespace=ns&tags=a"
	var names []string
	for i := 0; next != "" && i < 10; i++ {
		r := do(s, "GET", next, "")
		expect(t, r, 200, "")
		m := r.json(t)
		wfs, _ := m.Get("workflows")
		for _, w := range wfs.([]any) {
			n, _ := w.(interface{ Get(string) (any, bool) }).Get("name")
			names = append(names, n.(string))
		}
		next = ""
		if n, ok := m.Get("next"); ok {
			link := n.(string)
			if !strings.HasPrefix(link, "http://127.0.0.1:8989/v2/workflows?sort_keys=created_at,id&sort_dirs=asc,asc&tags=eq:a&namespace=eq:ns&limit=3&marker=") ||
				!strings.HasSuffix(link, "&fields=id,name") {
				t.Fatalf("next link %s", link)
			}
			next = strings.TrimPrefix(link, "http://127.0.0.1:8989")
		}
	}
	// wf_00..09 with tag a: 0,1,3,4,6,7,9 (tags "a" or "a, b").
	if len(names) != 7 {
		t.Fatalf("pages gave %v", names)
	}
	// in: renders as a Python list in next.
	r := do(s, "GET", "/v2/workflows?name=in:wf_01,wf_02&limit=1&sort_keys=name&sort_dirs=desc", "")
	if !strings.Contains(r.body, `"name": "wf_02"`) ||
		!strings.Contains(r.body, `sort_keys=name,id&sort_dirs=desc,asc&name=in:['wf_01', 'wf_02']&limit=1&marker=`) {
		t.Fatalf("in filter: %s", r.body)
	}
	// fields=input brings interface, fields=interface alone nothing more.
	r = do(s, "GET", "/v2/workflows?fields=input&name=wf_01", "")
	if r.body != `{"workflows": [{"id": "`+idOf(t, s, "wf_01")+`", "input": "", "interface": "{\"input\": [], \"output\": []}"}]}` {
		t.Fatalf("fields=input: %s", r.body)
	}
	r = do(s, "GET", "/v2/workflows?fields=interface&name=wf_01", "")
	if r.body != `{"workflows": [{"id": "`+idOf(t, s, "wf_01")+`"}]}` {
		t.Fatalf("fields=interface: %s", r.body)
	}
	// No limit: everything, no next.
	r = do(s, "GET", "/v2/workflows", "")
	if strings.Count(r.body, `"id"`) != 10 || strings.Contains(r.body, `"next"`) {
		t.Fatalf("full list: %s", r.body)
	}
	// has: and neq:.
	r = do(s, "GET", "/v2/workflows?name=has:_0&fields=name", "")
	if strings.Count(r.body, `"name"`) != 10 {
		t.Fatalf("has: %s", r.body)
	}
	r = do(s, "GET", "/v2/workflows?name=neq:wf_00&fields=name", "")
	if strings.Count(r.body, `"name"`) != 9 {
		t.Fatalf("neq: %s", r.body)
	}
}

func idOf(t *testing.T, s *Server, name string) string {
	t.Helper()
	r := do(s, "GET", "/v2/workflows/"+name+"?namespace=ns", "")
	id, _ := r.json(t).Get("id")
	return id.(string)
}
