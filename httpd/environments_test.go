package httpd

import (
	"strings"
	"testing"
)

func TestEnvironmentsCRUD(t *testing.T) {
	s := newTestServer(t)
	r := do(s, "POST", "/v2/environments", `{"name": "e1", "description": "d", "variables": "{\"target\": \"mars\", \"n\": 3, \"u\": \"é\"}"}`, "Content-Type: application/json")
	expect(t, r, 201, "")
	if !strings.Contains(r.body, `"variables": "{\"target\": \"mars\", \"n\": 3, \"u\": \"\\u00e9\"}"`) || strings.Contains(r.body, "updated_at") {
		t.Fatalf("create: %s", r.body)
	}
	// Only the attributes given appear in the create answer.
	r = do(s, "POST", "/v2/environments", `{"name": "e2"}`)
	expect(t, r, 201, "")
	if strings.Contains(r.body, "description") || strings.Contains(r.body, "variables") {
		t.Fatalf("create e2: %s", r.body)
	}
	g := do(s, "GET", "/v2/environments/e2", "")
	if !strings.Contains(g.body, `"description": null, "variables": null`) || !strings.Contains(g.body, `"updated_at": null`) {
		t.Fatalf("get e2: %s", g.body)
	}
	expect(t, do(s, "POST", "/v2/environments", `{"name": "e1"}`), 409,
		`{"faultcode": "Client", "faultstring": "Duplicate entry for Environment ['name', 'project_id']: e1, None", "debuginfo": null}`)
	u := do(s, "PUT", "/v2/environments", `{"name": "e1", "variables": {"z": null}}`)
	expect(t, u, 200, "")
	if !strings.Contains(u.body, `"variables": "{\"z\": null}"`) || strings.Contains(u.body, `"updated_at": null`) {
		t.Fatalf("update: %s", u.body)
	}
	expect(t, do(s, "PUT", "/v2/environments", `{"description": "x"}`), 400,
		`{"faultcode": "Client", "faultstring": "Name of the environment is not provided.", "debuginfo": null}`)
	expect(t, do(s, "PUT", "/v2/environments", `{"name": "nope"}`), 404,
		`{"faultcode": "Client", "faultstring": "Environment not found [name=nope]", "debuginfo": null}`)
	l := do(s, "GET", "/v2/environments?limit=1", "")
	if !strings.Contains(l.body, `"next": "http://127.0.0.1:8989/v2/environments?sort_keys=created_at,id&sort_dirs=asc,asc&limit=1&marker=`) {
		t.Fatalf("list: %s", l.body)
	}
	expect(t, do(s, "GET", "/v2/environments/e1?namespace=x", ""), 400,
		`{"faultcode": "Client", "faultstring": "Unknown argument: \"namespace\"", "debuginfo": null}`)
	expect(t, do(s, "DELETE", "/v2/environments/e1", ""), 204, "")
	expect(t, do(s, "DELETE", "/v2/environments/e1", ""), 404, "")
	expect(t, do(s, "DELETE", "/v2/environments", ""), 400,
		`{"faultcode": "Client", "faultstring": "Missing argument: \"name\"", "debuginfo": null}`)
}

func TestEnvironmentBodyErrors(t *testing.T) {
	s := newTestServer(t)
	wsme := func(msg string) string {
		return `{"faultcode": "Client", "faultstring": "` + strings.ReplaceAll(msg, `"`, `\"`) + `", "debuginfo": null}`
	}
	cases := []struct{ body, msg string }{
		{``, `Missing argument: "env"`},
		{`notjson`, `Request is not in valid JSON format`},
		{"{\"name\": \"a\xff\"}", `Request is not in valid JSON format`},
		{`[]`, `Invalid input for field/attribute env. Value: '[]'. The body must be a JSON object.`},
		{`{"name": "x", "foo": 1}`, `Unknown attribute for argument env: foo`},
		{`{"foo": 1, "bar": 2}`, `Unknown attributes for argument env: foo, bar`},
		{`{"name": 5}`, `Invalid input for field/attribute name. Value: '5'. Wrong type. Expected '<class 'str'>', got '<class 'int'>'`},
		{`{"name": "x", "description": true}`, `Invalid input for field/attribute description. Value: 'True'. Wrong type. Expected '<class 'str'>', got '<class 'bool'>'`},
		{`{"name": "x", "variables": [1]}`, `Invalid input for field/attribute env. Value: '{'name': 'x', 'variables': [1]}'. the JSON object must be str, bytes or bytearray, not list`},
		{`{"name": "x", "variables": "[1]"}`, `JsonType field value must be a dictionary [actual=[1]]`},
		{`{"name": "x", "variables": "abc"}`, `Invalid input for field/attribute env. Value: '{'name': 'x', 'variables': 'abc'}'. Expecting value: line 1 column 1 (char 0)`},
		{`{"name": "x", "scope": "bogus"}`, `Invalid input for field/attribute scope. Value: 'bogus'. Value should be one of: public, private`},
		{`{"name": "x", "project_id": "p"}`, `Invalid input for field/attribute project_id. Value: 'p'. Cannot set read only field.`},
		{`{"description": "x"}`, `Name of the environment is not provided.`},
	}
	for _, c := range cases {
		r := do(s, "POST", "/v2/environments", c.body, "Content-Type: application/json")
		if r.status != 400 || r.body != wsme(c.msg) {
			t.Errorf("%q: got %d %s", c.body, r.status, r.body)
		}
	}
	expect(t, do(s, "POST", "/v2/environments", `{"name": "x", "scope": "public"}`), 403, "")
	expect(t, do(s, "POST", "/v2/environments", `{"name": "x", "scope": "public"}`, "X-Roles: admin"), 201, "")
	// Nothing else was stored.
	r := do(s, "GET", "/v2/environments?fields=name", "")
	if strings.Count(r.body, `"name"`) != 1 {
		t.Fatalf("stored: %s", r.body)
	}
}
