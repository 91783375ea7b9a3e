package httpd

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// fakeInspect stands for python3: class Hello has a spec and a
// docstring, Bare has neither, anything else does not exist.
func fakeInspect(_ context.Context, module, source, class string) (string, string, bool, error) {
	switch {
	case strings.Contains(source, "broken"):
		return "", "", false, errors.New("invalid syntax")
	case class == "Hello":
		return `name, greeting="Hello"`, "Says hello.", true, nil
	case class == "Bare":
		return "", "", false, nil
	}
	return "", "", false, fmt.Errorf("module '%s' has no attribute '%s'", module, class)
}

var (
	uuidRE = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
	timeRE = regexp.MustCompile(`"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"`)
)

// masked replaces ids and times, to compare bodies with Mistral's.
func masked(body string) string {
	return timeRE.ReplaceAllString(uuidRE.ReplaceAllString(body, "<id>"), `"<time>"`)
}

func expectMasked(t testing.TB, r result, status int, body string) {
	t.Helper()
	if r.status != status || masked(r.body) != body {
		t.Fatalf("got %d %s\nwant %d %s", r.status, masked(r.body), status, body)
	}
}

const moduleText = "from mistral_lib import actions\n\nclass Hello(actions.Action):\n    pass\n"

func TestCodeSources(t *testing.T) {
	s := newSurfServer(t, "", func(c *Config) { c.InspectClass = fakeInspect })
	expect(t, s.call("GET", "/v2/code_sources", ""), 403,
		`{"faultcode": "Client", "faultstring": "Operation forbidden (insufficient permissions)", "debuginfo": null}`)
	expect(t, s.call("GET", "/v2/code_sources", "", adminHdr), 200, `{"code_sources": []}`)
	expect(t, s.call("POST", "/v2/code_sources", moduleText, adminHdr), 400, `{"faultstring": "Missing argument: \"name\""}`)
	expect(t, s.call("POST", "/v2/code_sources?name=m&scope=bad", moduleText, adminHdr), 400,
		`{"faultstring": "Scope must be one of the following: {'public', 'private'}; actual: bad"}`)

	r := s.must(t, 201, "POST", "/v2/code_sources?name=srf_mod", moduleText, adminHdr)
	expectMasked(t, r, 201, `{"id": "<id>", "name": "srf_mod", "namespace": "", "content": "from mistral_lib import actions\n\nclass Hello(actions.Action):\n    pass\n", "version": 1, "project_id": "<default-project>", "scope": "private", "created_at": "<time>"}`)
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		t.Fatalf("content type %q", ct)
	}
	id := str(r.json(t), "id")
	expect(t, s.call("POST", "/v2/code_sources?name=srf_mod", moduleText, adminHdr), 409,
		`{"faultstring": "Duplicate entry for CodeSource ['name', 'namespace', 'project_id']: srf_mod, , None"}`)
	s.must(t, 201, "POST", "/v2/code_sources?name=srf_mod&namespace=other", "x = 1\n", adminHdr)

	expectMasked(t, s.call("GET", "/v2/code_sources/srf_mod", "", adminHdr), 200,
		`{"id": "<id>", "name": "srf_mod", "namespace": "", "content": "from mistral_lib import actions\n\nclass Hello(actions.Action):\n    pass\n", "version": 1, "project_id": "<default-project>", "scope": "private", "created_at": "<time>", "updated_at": null}`)
	s.must(t, 200, "GET", "/v2/code_sources/"+id, "", adminHdr)
	expect(t, s.call("GET", "/v2/code_sources/nope", "", adminHdr), 404,
		`{"faultcode": "Client", "faultstring": "Code Source not found [name=nope,namespace=]", "debuginfo": null}`)
	expect(t, s.call("GET", "/v2/code_sources/srf_mod?namespace=zzz", "", adminHdr), 404,
		`{"faultcode": "Client", "faultstring": "Code Source not found [name=srf_mod,namespace=zzz]", "debuginfo": null}`)

	expectMasked(t, s.call("PUT", "/v2/code_sources/srf_mod", "x = 2\n", adminHdr), 200,
		`{"id": "<id>", "name": "srf_mod", "namespace": "", "content": "x = 2\n", "version": 2, "project_id": "<default-project>", "scope": "private", "created_at": "<time>", "updated_at": "<time>"}`)
	r = s.must(t, 200, "PUT", "/v2/code_sources?identifier="+id+"&scope=public", "x = 3\n", adminHdr)
	if m := r.json(t); str(m, "scope") != "public" || fieldOf(m, "version") != int64(3) {
		t.Fatalf("PUT ?identifier: %s", r.body)
	}
	expect(t, s.call("PUT", "/v2/code_sources/nope", "x", adminHdr), 404, `{"faultstring": "Code Source not found [name=nope,namespace=]"}`)

	r = s.must(t, 200, "GET", "/v2/code_sources?fields=name,version&namespace=&limit=1", "", adminHdr)
	expectMasked(t, r, 200, `{"code_sources": [{"id": "<id>", "name": "srf_mod", "version": 3}], "next": "http://127.0.0.1:8989/v2/code_sources?sort_keys=created_at,id&sort_dirs=asc,asc&namespace=eq:&limit=1&marker=<id>&fields=id,name,version"}`)
	expect(t, s.call("DELETE", "/v2/code_sources", "", adminHdr), 400,
		`{"faultcode": "Client", "faultstring": "Missing argument: \"identifier\"", "debuginfo": null}`)
	expect(t, s.call("DELETE", "/v2/code_sources/nope", "", adminHdr), 404,
		`{"faultcode": "Client", "faultstring": "Code Source not found [name=nope,namespace=]", "debuginfo": null}`)
}

// fieldOf returns field k of m.
func fieldOf(m interface{ Get(string) (any, bool) }, k string) any {
	v, _ := m.Get(k)
	return v
}

func TestDynamicActions(t *testing.T) {
	s := newSurfServer(t, "", func(c *Config) { c.InspectClass = fakeInspect })
	csID := str(s.must(t, 201, "POST", "/v2/code_sources?name=srf_mod", moduleText, adminHdr).json(t), "id")
	post := func(body string) result { return s.call("POST", "/v2/dynamic_actions", body, adminHdr) }

	expect(t, s.call("POST", "/v2/dynamic_actions", `{"name": "a", "class_name": "Hello", "code_source_name": "srf_mod"}`), 403, "")
	expect(t, post(`{"name": "srf_x", "class_name": "Hello"}`), 400,
		`{"faultcode": "Client", "faultstring": "Either 'code_source_id' or 'code_source_name' must be provided.", "debuginfo": null}`)
	expect(t, post(`{"name": "srf_x", "class_name": "Hello", "code_source_name": "nope"}`), 404,
		`{"faultcode": "Client", "faultstring": "Code Source not found [name=nope,namespace=]", "debuginfo": null}`)
	expect(t, post(`{"class_name": "Hello", "code_source_name": "srf_mod"}`), 400,
		`{"faultcode": "Client", "faultstring": "Invalid input for field/attribute name. Value: 'Unset'. Mandatory field missing.", "debuginfo": null}`)
	expect(t, post(`{"name": "srf_x", "class_name": "Hello", "code_source_name": "srf_mod", "foo": 1}`), 400,
		`{"faultcode": "Client", "faultstring": "Unknown attribute for argument dyn_action: foo", "debuginfo": null}`)
	expect(t, post(`{"name": "srf_x", "class_name": "Hello", "code_source_name": "srf_mod", "scope": "foo"}`), 400,
		`{"faultcode": "Client", "faultstring": "Invalid input for field/attribute scope. Value: 'foo'. Value should be one of: public, private", "debuginfo": null}`)

	r := post(`{"name": "srf_hello", "class_name": "Hello", "code_source_name": "srf_mod"}`)
	expectMasked(t, r, 201, `{"id": "<id>", "name": "srf_hello", "namespace": "", "code_source_id": "<id>", "code_source_name": "srf_mod", "class_name": "Hello", "project_id": "<default-project>", "scope": "private", "created_at": "<time>"}`)
	if str(r.json(t), "code_source_id") != csID {
		t.Fatalf("code source id: %s", r.body)
	}
	expect(t, post(`{"name": "srf_hello", "class_name": "Hello", "code_source_name": "srf_mod"}`), 409,
		`{"faultcode": "Client", "faultstring": "Duplicate entry for dynamic action definition [name=srf_hello, namespace=, project_id=None]", "debuginfo": null}`)
	s.must(t, 201, "POST", "/v2/dynamic_actions", `{"name": "srf_bare", "class_name": "Bare", "code_source_id": "`+csID+`"}`, adminHdr)

	expectMasked(t, s.call("GET", "/v2/dynamic_actions/srf_hello", "", adminHdr), 200,
		`{"id": "<id>", "name": "srf_hello", "namespace": "", "code_source_id": "<id>", "code_source_name": "srf_mod", "class_name": "Hello", "project_id": "<default-project>", "scope": "private", "created_at": "<time>", "updated_at": null}`)
	expect(t, s.call("GET", "/v2/dynamic_actions/nope", "", adminHdr), 404,
		`{"faultcode": "Client", "faultstring": "Dynamic Action not found [name=nope,namespace=]", "debuginfo": null}`)
	if r := s.must(t, 200, "GET", "/v2/dynamic_actions?name=srf_hello", "", adminHdr); !strings.HasPrefix(r.body, `{"dynamic_actions": [{"id": `) ||
		strings.Count(r.body, `"name": `) != 1 {
		t.Fatalf("list: %s", r.body)
	}

	// Listed with the other actions, with the class's spec and docstring.
	expectMasked(t, s.call("GET", "/v2/actions/srf_hello", ""), 200,
		`{"id": "srf_hello", "name": "srf_hello", "is_system": false, "input": "name, greeting=\"Hello\"", "description": "Says hello.", "tags": [], "definition": "", "scope": "private", "project_id": "<default-project>", "created_at": "<time>", "updated_at": null, "namespace": ""}`)
	if r := s.must(t, 200, "GET", "/v2/actions?name=in:srf_hello,srf_bare", ""); strings.Count(r.body, `"is_system"`) != 2 ||
		!strings.Contains(r.body, `"name": "srf_bare", "is_system": false, "input": "", "description": null`) {
		t.Fatalf("actions list: %s", r.body)
	}

	put := func(body string) result { return s.call("PUT", "/v2/dynamic_actions", body, adminHdr) }
	expect(t, put(`{"class_name": "Hello"}`), 400,
		`{"faultcode": "Client", "faultstring": "Either 'name' or 'id' must be provided.", "debuginfo": null}`)
	expect(t, put(`{"name": "nope", "class_name": "Hello"}`), 404,
		`{"faultcode": "Client", "faultstring": "Dynamic Action not found [name=nope,namespace=]", "debuginfo": null}`)
	expectMasked(t, put(`{"name": "srf_bare", "class_name": "Bare"}`), 200,
		`{"id": "<id>", "name": "srf_bare", "namespace": "", "code_source_id": "<id>", "code_source_name": "srf_mod", "class_name": "Bare", "project_id": "<default-project>", "scope": "private", "created_at": "<time>", "updated_at": null}`)
	expectMasked(t, put(`{"name": "srf_bare", "class_name": "Hello", "scope": "public"}`), 200,
		`{"id": "<id>", "name": "srf_bare", "namespace": "", "code_source_id": "<id>", "code_source_name": "srf_mod", "class_name": "Hello", "project_id": "<default-project>", "scope": "public", "created_at": "<time>", "updated_at": "<time>"}`)
	if r := s.must(t, 200, "GET", "/v2/actions/srf_bare", ""); !strings.Contains(r.body, `"description": "Says hello."`) {
		t.Fatalf("not inspected again after the class changed: %s", r.body)
	}

	// A class that cannot be loaded is stored; its input is unknown.
	s.must(t, 201, "POST", "/v2/dynamic_actions", `{"name": "srf_nope", "class_name": "Nope", "code_source_name": "srf_mod"}`, adminHdr)
	if r := s.must(t, 200, "GET", "/v2/actions/srf_nope", ""); !strings.Contains(r.body, `"input": null, "description": null`) {
		t.Fatalf("uninspected action: %s", r.body)
	}

	// Deleting the code source deletes its dynamic actions.
	s.must(t, 204, "DELETE", "/v2/dynamic_actions/srf_nope", "", adminHdr)
	expect(t, s.call("DELETE", "/v2/dynamic_actions/srf_nope", "", adminHdr), 404, "")
	s.must(t, 204, "DELETE", "/v2/code_sources/srf_mod", "", adminHdr)
	expect(t, s.call("GET", "/v2/dynamic_actions", "", adminHdr), 200, `{"dynamic_actions": []}`)
	expect(t, s.call("GET", "/v2/actions/srf_hello", ""), 404, "")
}

func TestCodeSourceUpdateInspectsAgain(t *testing.T) {
	s := newSurfServer(t, "", func(c *Config) { c.InspectClass = fakeInspect })
	s.must(t, 201, "POST", "/v2/code_sources?name=m", moduleText, adminHdr)
	s.must(t, 201, "POST", "/v2/dynamic_actions", `{"name": "d", "class_name": "Hello", "code_source_name": "m"}`, adminHdr)
	s.must(t, 200, "PUT", "/v2/code_sources/m", "broken", adminHdr)
	if r := s.must(t, 200, "GET", "/v2/actions/d", ""); !strings.Contains(r.body, `"input": null`) {
		t.Fatalf("after a broken update: %s", r.body)
	}
	s.must(t, 200, "PUT", "/v2/code_sources/m", moduleText, adminHdr)
	if r := s.must(t, 200, "GET", "/v2/actions/d", ""); !strings.Contains(r.body, `"input": "name, greeting=\"Hello\""`) {
		t.Fatalf("after a good update: %s", r.body)
	}
}
