package httpd

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/mistral-go/mistral-go/value"
)

const (
	greetV1 = "version: '2.0'\ngreet:\n  input:\n    - name\n    - greeting: Hello\n  output:\n    text: <% $.greeting %>\n  tasks:\n    t1:\n      action: std.noop\n"
	greetV2 = "version: '2.0'\ngreet:\n  input:\n    - name\n  tasks:\n    t2:\n      action: std.noop\n"
)

func TestWorkflowVersions(t *testing.T) {
	s := newSurfServer(t, "")
	id := str(items(t, s.must(t, 201, "POST", "/v2/workflows", greetV1).json(t), "workflows")[0], "id")
	r := s.must(t, 200, "GET", "/v2/workflows/greet/versions", "")
	expectMasked(t, r, 200, `{"versions": [{"id": "<id>", "workflow_id": "<id>", "version": 1, "name": "greet", "namespace": "", "input": "name, greeting=\"Hello\"", "interface": "{\"input\": [\"name\", {\"greeting\": \"Hello\"}], \"output\": [\"text\"]}", "definition": "version: '2.0'\ngreet:\n  input:\n    - name\n    - greeting: Hello\n  output:\n    text: <% $.greeting %>\n  tasks:\n    t1:\n      action: std.noop\n", "tags": [], "scope": "private", "project_id": "<default-project>", "created_at": "<time>"}]}`)
	s.must(t, 200, "PUT", "/v2/workflows", greetV1) // unchanged: no new version
	s.must(t, 200, "PUT", "/v2/workflows/"+id, greetV2)
	vs := items(t, s.must(t, 200, "GET", "/v2/workflows/"+id+"/versions", "").json(t), "versions")
	if len(vs) != 2 || fieldOf(vs[0], "version") != int64(1) || fieldOf(vs[1], "version") != int64(2) ||
		str(vs[1], "definition") != greetV2 || str(vs[0], "workflow_id") != id {
		t.Fatalf("versions after update: %v", vs)
	}
	// Workbook workflows get versions too.
	s.must(t, 201, "POST", "/v2/workbooks", "version: '2.0'\nname: wb\nworkflows:\n  w:\n    tasks:\n      t:\n        action: std.noop\n")
	if vs := items(t, s.must(t, 200, "GET", "/v2/workflows/wb.w/versions", "").json(t), "versions"); len(vs) != 1 {
		t.Fatalf("workbook workflow versions: %v", vs)
	}
	expect(t, s.call("GET", "/v2/workflows/nope/versions", ""), 404,
		`{"faultcode": "Client", "faultstring": "Workflow not found [workflow_identifier=nope, namespace=]", "debuginfo": null}`)
	// The namespace segment still works.
	s.must(t, 200, "GET", "/v2/workflows/greet/", "")
	s.must(t, 204, "DELETE", "/v2/workflows/greet", "")
	if regs, _ := s.surf.store.Versions(id); len(regs) != 0 {
		t.Fatalf("versions left after delete: %d", len(regs))
	}
}

// items returns the objects of list k of m.
func items(t testing.TB, m *value.Map, k string) []*value.Map {
	t.Helper()
	v, ok := m.Get(k)
	l, isList := v.([]any)
	if !ok || !isList {
		t.Fatalf("no list %q in %s", k, value.MarshalPy(m))
	}
	out := make([]*value.Map, len(l))
	for i, x := range l {
		out[i] = x.(*value.Map)
	}
	return out
}

func TestV1Auth(t *testing.T) {
	s := newSurfServer(t, "")
	r := s.call("GET", "/v1/workflows", "")
	expect(t, r, 401, `{"detail":"Missing API key: send it as 'Authorization: Bearer <key>'."}`)
	if r.header.Get("WWW-Authenticate") != "Bearer" || r.header.Get("Content-Type") != "application/json" {
		t.Fatalf("401 headers: %v", r.header)
	}
	expect(t, s.call("GET", "/v1/workflows", "", "Authorization: Bearer wrong"), 401, `{"detail":"Invalid API key."}`)
	expect(t, s.call("GET", "/v1/workflows", "", "Authorization: Basic "+testKey), 401, "")
	expect(t, s.call("GET", "/v1/workflows", "", "authorization: bearer "+testKey), 200, `{"next_cursor":null,"workflows":[]}`)
	open := newSurfServer(t, "", func(c *Config) { c.APIKeys = nil })
	expect(t, open.call("GET", "/v1/workflows", "", authHdr), 401,
		`{"detail":"The v1 API is disabled: this server has no API keys configured."}`)
	expect(t, s.call("GET", "/v1/workflows/x/y", "", authHdr), 404, `{"detail":"Not Found"}`)
}

var v1TimeRE = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$`)

func TestV1Workflows(t *testing.T) {
	s := newSurfServer(t, "")
	const n = 250
	var ids []string
	for i := 0; i < n; i += 50 {
		var b strings.Builder
		b.WriteString("version: '2.0'\n")
		for j := i; j < i+50; j++ {
			fmt.Fprintf(&b, "wf_%03d:\n  tasks:\n    t:\n      action: std.noop\n", j)
		}
		for _, w := range items(t, s.must(t, 201, "POST", "/v2/workflows", b.String()).json(t), "workflows") {
			ids = append(ids, str(w, "id"))
		}
	}
	// Cursor paging: 100 + 100 + 50.
	var seen []string
	cursor := ""
	for page := 0; ; page++ {
		r := s.must(t, 200, "GET", "/v1/workflows?limit=100"+cursor, "", authHdr)
		m := r.json(t)
		if keys(m) != "next_cursor,workflows" {
			t.Fatalf("list keys: %s", keys(m))
		}
		for _, w := range items(t, m, "workflows") {
			if keys(w) != "archived,display_name,id,name" || fieldOf(w, "archived") != false {
				t.Fatalf("list item: %s", value.MarshalPy(w))
			}
			seen = append(seen, str(w, "id"))
		}
		next, _ := m.Get("next_cursor")
		if next == nil {
			if page != 2 {
				t.Fatalf("last page is page %d", page)
			}
			break
		}
		cursor = "&cursor=" + next.(string)
	}
	// Each once (the order is the v2 list's: creation time, then id).
	if got, want := slices.Sorted(slices.Values(seen)), slices.Sorted(slices.Values(ids)); !slices.Equal(got, want) {
		t.Fatalf("paging saw %d workflows, want each of the %d once", len(seen), len(ids))
	}
	expect(t, s.call("GET", "/v1/workflows?limit=0", "", authHdr), 422, `{"detail":"limit must be an integer from 1 to 1000"}`)
	expect(t, s.call("GET", "/v1/workflows?cursor=nope", "", authHdr), 400, `{"detail":"Invalid cursor: nope"}`)

	// One workflow by id and by name.
	r := s.must(t, 200, "GET", "/v1/workflows/wf_007", "", authHdr)
	w := sub(t, r.json(t), "workflow")
	if keys(w) != "active,customer_id,display_name,id,name,type,workspace_id" || fieldOf(w, "active") != true ||
		str(w, "type") != "code" || str(w, "display_name") != "wf_007" || str(w, "id") != ids[7] ||
		!uuidRE.MatchString(str(w, "customer_id")) || !uuidRE.MatchString(str(w, "workspace_id")) {
		t.Fatalf("get: %s", r.body)
	}
	s.must(t, 200, "GET", "/v1/workflows/"+ids[7], "", authHdr)
	expect(t, s.call("GET", "/v1/workflows/nope", "", authHdr), 404, `{"detail":"Workflow not found: nope"}`)

	// Update: display name and description.
	r = s.must(t, 200, "PUT", "/v1/workflows/wf_007", `{"display_name": "Seven", "description": "The seventh.", "tags": ["x"]}`, authHdr)
	w = sub(t, r.json(t), "workflow")
	if keys(w) != "archived,customer_id,description,display_name,id,name,type,workspace_id" ||
		str(w, "display_name") != "Seven" || str(w, "description") != "The seventh." {
		t.Fatalf("update: %s", r.body)
	}
	expect(t, s.call("PUT", "/v1/workflows/wf_007", `{"display_name": " "}`, authHdr), 422, "")
	expect(t, s.call("PUT", "/v1/workflows/wf_007", `[1]`, authHdr), 422, `{"detail":"The body must be a JSON object."}`)

	// Archive one, then in bulk with an unknown id.
	r = s.must(t, 200, "PUT", "/v1/workflows/wf_001/archive", "", authHdr)
	if w := sub(t, r.json(t), "workflow"); fieldOf(w, "archived") != true {
		t.Fatalf("archive: %s", r.body)
	}
	unknown := "019b2bd7-96e7-7219-8c0b-45a73da50088"
	r = s.must(t, 200, "PUT", "/v1/workflows/archive", `{"workflow_ids": ["`+ids[1]+`", "`+ids[2]+`", "`+unknown+`"]}`, authHdr)
	m := r.json(t)
	archived, errored := items(t, m, "archived"), items(t, m, "errored")
	if keys(m) != "archived,errored" || len(archived) != 2 || len(errored) != 1 ||
		string(value.MarshalCompact(errored[0])) != `{"message":"Workflow not found: `+unknown+`","workflow":null,"workflow_id":"`+unknown+`"}` {
		t.Fatalf("bulk archive: %s", r.body)
	}
	expect(t, s.call("PUT", "/v1/workflows/archive", `{"workflow_ids": ["wf_001"]}`, authHdr), 422,
		`{"detail":"workflow_ids[0] is not a UUID: wf_001"}`)
	expect(t, s.call("PUT", "/v1/workflows/archive", `{}`, authHdr), 422, "")
	if got := items(t, s.must(t, 200, "GET", "/v1/workflows?archived=true", "", authHdr).json(t), "workflows"); len(got) != 2 {
		t.Fatalf("archived filter: %d", len(got))
	}
	if got := items(t, s.must(t, 200, "GET", "/v1/workflows?archived=false&limit=1000", "", authHdr).json(t), "workflows"); len(got) != n-2 {
		t.Fatalf("unarchived filter: %d", len(got))
	}
	r = s.must(t, 200, "GET", "/v1/workflows?archived=true&limit=1", "", authHdr)
	if m := r.json(t); fieldOf(m, "next_cursor") != str(items(t, m, "workflows")[0], "id") ||
		!slices.Contains(ids[1:3], str(items(t, m, "workflows")[0], "id")) {
		t.Fatalf("filtered paging: %s", r.body)
	}
	if w := sub(t, s.must(t, 200, "GET", "/v1/workflows/wf_002", "", authHdr).json(t), "workflow"); fieldOf(w, "active") != false {
		t.Fatalf("archived workflow active: %s", value.MarshalPy(w))
	}
	r = s.must(t, 200, "PUT", "/v1/workflows/unarchive", `{"workflow_ids": ["`+ids[2]+`"]}`, authHdr)
	if m := r.json(t); keys(m) != "errored,unarchived" || len(items(t, m, "unarchived")) != 1 {
		t.Fatalf("bulk unarchive: %s", r.body)
	}
	s.must(t, 200, "PUT", "/v1/workflows/wf_001/unarchive", "", authHdr)
}

func TestV1RegistrationsAndExecute(t *testing.T) {
	s := newSurfServer(t, "")
	s.must(t, 201, "POST", "/v2/workflows", greetV1)
	regs := items(t, s.must(t, 200, "GET", "/v1/workflows/registrations?workflow_id=greet", "", authHdr).json(t), "workflow_registrations")
	if len(regs) != 1 {
		t.Fatalf("registrations: %v", regs)
	}
	old := str(regs[0], "id")
	if keys(regs[0]) != "definition,id,workflow_id" ||
		string(value.MarshalCompact(fieldOf(regs[0], "definition"))) != `{"input_schema":{"additionalProperties":false,"properties":{"name":{},"greeting":{"default":"Hello"}},"required":["name"],"type":"object"}}` {
		t.Fatalf("registration: %s", value.MarshalPy(regs[0]))
	}
	// An update through v1 records a new registration.
	s.must(t, 200, "PUT", "/v1/workflows/greet", `{"definition": `+string(value.AppendCompact(nil, greetV2))+`}`, authHdr)
	r := s.must(t, 200, "GET", "/v1/workflows/registrations", "", authHdr)
	m := r.json(t)
	if keys(m) != "next_cursor,workflow_registrations,workflow_versions" || len(items(t, m, "workflow_registrations")) != 2 ||
		string(value.MarshalCompact(fieldOf(m, "workflow_versions"))) != string(value.MarshalCompact(fieldOf(m, "workflow_registrations"))) {
		t.Fatalf("registration list: %s", r.body)
	}
	if m := s.must(t, 200, "GET", "/v1/workflows/registrations?limit=1", "", authHdr).json(t); fieldOf(m, "next_cursor") != old {
		t.Fatalf("registration paging: %s", value.MarshalPy(m))
	}
	r = s.must(t, 200, "GET", "/v1/workflows/registrations/"+old, "", authHdr)
	m = r.json(t)
	if keys(m) != "workflow_registration,workflow_version" || keys(sub(t, m, "workflow_registration")) != "active,definition,id,workflow_id" ||
		fieldOf(sub(t, m, "workflow_version"), "active") != true {
		t.Fatalf("registration get: %s", r.body)
	}
	expect(t, s.call("GET", "/v1/workflows/registrations/nope", "", authHdr), 404, `{"detail":"Workflow registration not found: nope"}`)

	// Asynchronous execute: the RUNNING execution.
	r = s.must(t, 200, "POST", "/v1/workflows/greet/execute", `{"input": {"name": "Ann"}}`, authHdr)
	ex := r.json(t)
	if keys(ex) != "end_time,execution_id,result,root_execution_id,start_time,status,workflow_name" ||
		fieldOf(ex, "end_time") != nil || fieldOf(ex, "result") != nil || str(ex, "status") != "RUNNING" ||
		str(ex, "workflow_name") != "greet" || str(ex, "root_execution_id") != str(ex, "execution_id") ||
		str(ex, "start_time") != "2025-12-17T10:25:07.000000Z" || !v1TimeRE.MatchString(str(ex, "start_time")) {
		t.Fatalf("execute: %s", r.body)
	}
	if st := s.eng.lastStart(); st.Definition != "" || st.WorkflowName != "greet" || value.MarshalPy(st.Input) != `{"name": "Ann"}` {
		t.Fatalf("start request: %+v", st)
	}
	// The older registration runs its own definition.
	s.must(t, 200, "POST", "/v1/workflows/registrations/"+old+"/execute", `{"input": {"name": "Bo"}, "execution_id": "my-run_1"}`, authHdr)
	if st := s.eng.lastStart(); st.Definition != greetV1 || st.ID != "my-run_1" || st.WorkflowName != "greet" {
		t.Fatalf("registration start request: %+v", st)
	}
	// Synchronous: waits for the end and answers the result.
	s.eng.autoFinish = true
	r = s.must(t, 200, "POST", "/v1/workflows/greet/execute", `{"input": {"name": "Cy"}, "wait_for_result": true}`, authHdr)
	expect(t, r, 200, `{"execution_id":"00000000-0000-4000-8000-000000000003","result":{"echo":{"name":"Cy"}},"workflow_name":"greet"}`)
	// A run that does not end in time answers the execution as it stands.
	s.eng.autoFinish = false
	r = s.must(t, 200, "POST", "/v1/workflows/greet/execute", `{"wait_for_result": true, "timeout_seconds": 0.05}`, authHdr)
	if str(r.json(t), "status") != "RUNNING" {
		t.Fatalf("sync timeout: %s", r.body)
	}
	if err := s.eng.finish("00000000-0000-4000-8000-000000000004", "ERROR", value.NewMap(0)); err != nil {
		t.Fatal(err)
	}

	expect(t, s.call("POST", "/v1/workflows/greet/execute", `{"input": [1]}`, authHdr), 422, `{"detail":"input must be a JSON object"}`)
	expect(t, s.call("POST", "/v1/workflows/greet/execute", `{"execution_id": "a b"}`, authHdr), 422, "")
	expect(t, s.call("POST", "/v1/workflows/greet/execute", `{"wait_for_result": "yes"}`, authHdr), 422, "")
	expect(t, s.call("POST", "/v1/workflows/nope/execute", `{}`, authHdr), 404, `{"detail":"Workflow not found: nope"}`)
	s.must(t, 200, "PUT", "/v1/workflows/greet/archive", "", authHdr)
	r = s.call("POST", "/v1/workflows/registrations/"+old+"/execute", `{}`, authHdr)
	if r.status != 409 || !strings.Contains(r.body, "is archived") {
		t.Fatalf("archived execute: %d %s", r.status, r.body)
	}
	if m := sub(t, s.must(t, 200, "GET", "/v1/workflows/registrations/"+old, "", authHdr).json(t), "workflow_registration"); fieldOf(m, "active") != false {
		t.Fatalf("archived registration active: %s", value.MarshalPy(m))
	}

	noEngine := newSurfServer(t, "", func(c *Config) { c.Engine, c.Runtime = nil, nil })
	noEngine.must(t, 201, "POST", "/v2/workflows", greetV1)
	expect(t, noEngine.call("POST", "/v1/workflows/greet/execute", `{}`, authHdr), 503,
		`{"detail":"This server runs no engine: executions are not available."}`)
}

func TestV1ExecutionResponse(t *testing.T) {
	if got := v1Time(1765967107); got != "2025-12-17T10:25:07.000000Z" {
		t.Fatalf("v1Time: %s", got)
	}
	for state, want := range map[string]string{"RUNNING": "RUNNING", "PAUSED": "RUNNING", "IDLE": "RUNNING",
		"SUCCESS": "COMPLETED", "ERROR": "FAILED", "CANCELLED": "CANCELED"} {
		if got := v1Status(state); got != want {
			t.Errorf("v1Status(%s) = %s", state, got)
		}
	}
}
