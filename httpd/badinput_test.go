package httpd

import (
	"strings"
	"testing"

	"github.com/mistral-go/mistral-go/value"
)

// TestDefinitionBadInput sends broken definitions to every upload
// endpoint: each answer is a 4xx with a faultstring and nothing is stored.
func TestDefinitionBadInput(t *testing.T) {
	s := newTestServer(t)
	huge := "version: '2.0'\n#" + strings.Repeat("x", 70<<10) + "\n"
	bodies := map[string]string{
		"malformed yaml": "version: '2.0'\nwf:\n  tasks:\n    t1:\n      action: std.noop\n      on-success: [t2\n",
		"not a mapping":  "- a\n- b\n",
		"empty":          "",
		"no version":     "wf:\n  tasks:\n    t:\n      action: std.noop\n",
		"unknown key":    "version: '2.0'\nwf:\n  tasks:\n    t:\n      bogus: 1\n      action: std.noop\n",
		"wrong type":     "version: '2.0'\nwf:\n  tasks: 5\n",
		"non-utf8":       "version: '2.0'\nw\xff:\n  tasks:\n    t:\n      action: std.noop\n",
		"huge":           huge,
		"space in name":  "version: '2.0'\nname: a b\nworkflows:\n  w x:\n    tasks:\n      t:\n        action: std.noop\n",
	}
	for _, ep := range []string{"/v2/workflows", "/v2/workbooks", "/v2/actions"} {
		for _, method := range []string{"POST", "PUT"} {
			for name, body := range bodies {
				r := do(s, method, ep, body, "Content-Type: text/plain")
				if r.status < 400 || r.status >= 500 {
					t.Errorf("%s %s %s: %d %s", method, ep, name, r.status, r.body)
					continue
				}
				m := r.json(t)
				if m.Len() != 1 || !m.Has("faultstring") {
					t.Errorf("%s %s %s: body %s", method, ep, name, r.body)
				}
				if name == "huge" && r.status != 413 {
					t.Errorf("%s %s huge: %d", method, ep, r.status)
				}
			}
		}
	}
	for _, p := range []string{"/v2/workflows", "/v2/workbooks"} {
		expect(t, do(s, "GET", p, ""), 200, `{"`+p[4:]+`": []}`)
	}
	r := do(s, "GET", "/v2/actions?fields=name", "")
	for _, n := range []string{`"a b`, `"w`} {
		if strings.Contains(r.body, n) {
			t.Fatalf("partial action stored: %s", r.body)
		}
	}
	// Scope checks (text handler shape).
	ok := "version: '2.0'\nwf:\n  tasks:\n    t:\n      action: std.noop\n"
	expect(t, do(s, "POST", "/v2/workflows?scope=foo", ok), 400,
		`{"faultstring": "Scope must be one of the following: {'public', 'private'}; actual: foo"}`)
	expect(t, do(s, "POST", "/v2/workflows?scope=public", ok), 403,
		`{"faultstring": "Operation forbidden (insufficient permissions)"}`)
	expect(t, do(s, "POST", "/v2/workflows?scope=public", ok, "X-Roles: admin"), 201, "")
	expect(t, do(s, "POST", "/v2/workflows", "version: '2.0'\n12345678-1234-1234-1234-123456789012:\n  tasks:\n    t:\n      action: std.noop\n"), 400,
		`{"faultstring": "Workflow name cannot be in the format of UUID."}`)
}

func TestBodyLimitOnJSON(t *testing.T) {
	s := newTestServer(t)
	big := `{"name": "x", "description": "` + strings.Repeat("y", 70<<10) + `"}`
	r := do(s, "POST", "/v2/environments", big, "Content-Type: application/json")
	expect(t, r, 413, `{"faultcode": "Client", "faultstring": "Request body is too large: the limit is 65536 bytes.", "debuginfo": null}`)
}

// FuzzListQuery throws arbitrary query strings at the list endpoints: the
// answer is always a JSON document with a 2xx or 4xx status, never a 500
// or a panic.
func FuzzListQuery(f *testing.F) {
	for _, q := range []string{
		"", "limit=1", "limit=-1", "limit=abc", "marker=bad", "sort_keys=name&sort_dirs=desc",
		"sort_keys=created_at,id&sort_dirs=asc,asc&limit=1&marker=00000000-0000-0000-0000-000000000000",
		"fields=name,input", "fields=bogus", "name=in:a,b", "name=has:wf", "tags=a,b", "tags=in:a",
		"created_at=gt:2026-01-01", "updated_at=lte:2026-11-23 18:00:00", "namespace=eq:",
		"all_projects=true", "project_id=00000000-0000-0000-0000-000000000000", "scope=public",
		"input=neq:", "definition=nin:x", "foo=bar", "limit=1&limit=2", "name=%zz", "sort_dirs=up",
		"is_system=true", "variables={\"a\": 1}", "description=has:x", "interface=eq:{}",
	} {
		f.Add(q)
	}
	s := newTestServer(f)
	seed := "version: '2.0'\nwf_a:\n  tags: [a]\n  tasks:\n    t:\n      action: std.noop\nwf_b:\n  tasks:\n    t:\n      action: std.noop\n"
	if r := do(s, "POST", "/v2/workflows", seed); r.status != 201 {
		f.Fatal(r.body)
	}
	if r := do(s, "POST", "/v2/environments", `{"name": "e", "variables": {"a": 1}}`); r.status != 201 {
		f.Fatal(r.body)
	}
	f.Fuzz(func(t *testing.T, q string) {
		for i := 0; i < len(q); i++ {
			if c := q[i]; c <= ' ' || c == 0x7f || c == '#' {
				return // not a query string a client can send
			}
		}
		for _, p := range []string{"/v2/workflows", "/v2/actions", "/v2/environments", "/v2/workbooks"} {
			r := do(s, "GET", p+"?"+q, "")
			if r.status >= 500 || r.status < 200 {
				t.Fatalf("%s?%s: %d %s", p, q, r.status, r.body)
			}
			if _, err := value.DecodeString(r.body); err != nil {
				t.Fatalf("%s?%s: not JSON: %s", p, q, r.body)
			}
		}
	})
}
