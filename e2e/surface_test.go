package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mistral-go/mistral-go/value"
)

// End-to-end tests of issue 10's surface: operator routes, code sources
// and dynamic actions, workflow versions and the v1 API, over HTTP
// against a real mistrald.

const (
	v1Key   = "e2e-key"
	v1Auth  = "Authorization: Bearer " + v1Key
	admin   = "X-Roles: admin"
	srfSlow = "version: '2.0'\nsrf_slow:\n  tasks:\n    t1:\n      action: std.sleep seconds=1\n      on-success: t2\n    t2:\n      action: std.echo\n      input:\n        output: done\n      publish:\n        r: <% task().result %>\n  output:\n    r: <% $.r %>\n"
)

// startSurface starts mistrald with a v1 key and the system's python3.
func startSurface(t *testing.T, args ...string) *Server {
	t.Helper()
	args = append([]string{"--api-keys", v1Key}, args...)
	if p, err := exec.LookPath("/usr/bin/python3"); err == nil {
		args = append(args, "--python", p)
	}
	return startEngine(t, args...)
}

func TestOperatorRoutesOverHTTP(t *testing.T) {
	info := filepath.Join(t.TempDir(), "info.json")
	if err := os.WriteFile(info, []byte(`{"version": "15.0.0", "commit": "abc"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := startSurface(t, "--info-file", info)
	for _, p := range []string{"/health", "/healthcheck"} {
		if r := srv.Expect(t, 200, "GET", p, nil); string(r.Body) != "OK" {
			t.Errorf("%s: %q", p, r.Body)
		}
	}
	if r := srv.Expect(t, 200, "GET", "/info", nil); string(r.Body) != `{"version": "15.0.0", "commit": "abc"}` {
		t.Errorf("info: %s", r.Body)
	}
	if r := srv.Expect(t, 200, "GET", "/maintenance", nil); string(r.Body) != `{"status": "RUNNING"}` {
		t.Errorf("maintenance: %s", r.Body)
	}
	wantFault(t, srv.Do(t, "PUT", "/maintenance", []byte(`{"status": "BOGUS"}`), jsonCT), 400,
		"Not found BOGUS maintenance state. List of states: ['PAUSING', 'PAUSED', 'RUNNING']")
}

func TestMaintenanceOverHTTP(t *testing.T) {
	srv := startSurface(t)
	srv.createWorkflows(t, srfSlow)
	ex := srv.startExecution(t, map[string]any{"workflow_name": "srf_slow"})
	id := str(ex, "id")
	if r := srv.Expect(t, 200, "PUT", "/maintenance", []byte(`{"status": "PAUSED"}`), jsonCT); string(r.Body) != `{"status": "PAUSED"}` {
		t.Fatalf("PUT PAUSED: %s", r.Body)
	}
	srv.waitFor(t, "/maintenance", 30*time.Second, func(m *value.Map) bool { return str(m, "status") == "PAUSED" })
	if got := str(srv.Expect(t, 200, "GET", "/v2/executions/"+id, nil).Map(t), "state"); got != "PAUSED" {
		t.Fatalf("execution state in maintenance: %s", got)
	}
	// New work is refused with Mistral's 423.
	r := srv.Do(t, "POST", "/v2/executions", jsonBody(t, map[string]any{"workflow_name": "srf_slow"}), jsonCT)
	if r.Status != 423 || string(r.Body) != "423 Locked\n\nThe resource is locked\n\n Current Mistral state is PAUSED. Method is not allowed  " {
		t.Fatalf("start in maintenance: %d %q", r.Status, r.Body)
	}
	r = srv.Do(t, "POST", "/v2/executions", jsonBody(t, map[string]any{"workflow_name": "srf_slow"}), jsonCT, "Accept: application/json")
	if r.Status != 423 || string(r.Body) != `{"code": 423, "title": "Locked", "description": "Current Mistral state is PAUSED. Method is not allowed"}` {
		t.Fatalf("start in maintenance (JSON): %d %s", r.Status, r.Body)
	}
	srv.Expect(t, 423, "POST", "/v1/workflows/srf_slow/execute", []byte(`{}`), v1Auth)
	srv.Expect(t, 200, "GET", "/v2/executions", nil)

	// The state survives a crash.
	srv.Kill(t)
	srv.Restart(t)
	if r := srv.Expect(t, 200, "GET", "/maintenance", nil); string(r.Body) != `{"status": "PAUSED"}` {
		t.Fatalf("after restart: %s", r.Body)
	}
	srv.Expect(t, 423, "POST", "/v2/executions", jsonBody(t, map[string]any{"workflow_name": "srf_slow"}), jsonCT)

	// RUNNING lets the paused execution finish.
	srv.Expect(t, 200, "PUT", "/maintenance", []byte(`{"status": "RUNNING"}`), jsonCT)
	done := srv.waitState(t, id, "SUCCESS", "ERROR")
	if str(done, "state") != "SUCCESS" || str(done, "output") != `{"r": "done"}` {
		t.Fatalf("after RUNNING: %s %s %s", str(done, "state"), str(done, "state_info"), str(done, "output"))
	}
	srv.startExecution(t, map[string]any{"workflow_name": "srf_slow"})
}

const srfModule = `from mistral_lib import actions

class Hello(actions.Action):
    """Says hello."""
    def __init__(self, name, greeting="Hello"):
        self.name = name
        self.greeting = greeting

    def run(self, context):
        return "%s, %s" % (self.greeting, self.name)

class Boom(actions.Action):
    def run(self, context):
        raise ValueError("boom!")
`

func TestCodeSourcesAndDynamicActionsOverHTTP(t *testing.T) {
	srv := startSurface(t)
	wantFault(t, srv.Do(t, "GET", "/v2/code_sources", nil), 403, "Operation forbidden (insufficient permissions)")
	cs := srv.Expect(t, 201, "POST", "/v2/code_sources?name=srf_mod", []byte(srfModule), admin).Map(t)
	if keys(cs) != "id,name,namespace,content,version,project_id,scope,created_at" || fieldOf(cs, "version") != int64(1) {
		t.Fatalf("code source: %s", value.MarshalPy(cs))
	}
	srv.Expect(t, 201, "POST", "/v2/dynamic_actions", jsonBody(t, map[string]any{
		"name": "srf_hello", "class_name": "Hello", "code_source_name": "srf_mod"}), jsonCT, admin)
	srv.Expect(t, 201, "POST", "/v2/dynamic_actions", jsonBody(t, map[string]any{
		"name": "srf_boom", "class_name": "Boom", "code_source_id": str(cs, "id")}), jsonCT, admin)
	da := srv.Expect(t, 200, "GET", "/v2/dynamic_actions/srf_hello", nil, admin).Map(t)
	if keys(da) != "id,name,namespace,code_source_id,code_source_name,class_name,project_id,scope,created_at,updated_at" {
		t.Fatalf("dynamic action: %s", value.MarshalPy(da))
	}
	if _, err := exec.LookPath("/usr/bin/python3"); err == nil {
		a := srv.Expect(t, 200, "GET", "/v2/actions/srf_hello", nil).Map(t)
		if str(a, "input") != `name, greeting="Hello"` || str(a, "description") != "Says hello." {
			t.Fatalf("inspected action: %s", value.MarshalPy(a))
		}
		upd := srv.Expect(t, 200, "PUT", "/v2/code_sources/srf_mod", []byte(strings.Replace(srfModule, "Says hello.", "Greets.", 1)), admin).Map(t)
		if fieldOf(upd, "version") != int64(2) {
			t.Fatalf("update: %s", value.MarshalPy(upd))
		}
		if a := srv.Expect(t, 200, "GET", "/v2/actions/srf_hello", nil).Map(t); str(a, "description") != "Greets." {
			t.Fatalf("after the module changed: %s", value.MarshalPy(a))
		}
	}

	// Deleting the module deletes its actions.
	srv.Expect(t, 204, "DELETE", "/v2/code_sources/srf_mod", nil, admin)
	if r := srv.Expect(t, 200, "GET", "/v2/dynamic_actions", nil, admin); string(r.Body) != `{"dynamic_actions": []}` {
		t.Fatalf("after delete: %s", r.Body)
	}
}

// TestDynamicActionsRunOverHTTP runs dynamic actions through the engine,
// which must consult the dynamic actions for names it does not know.
func TestDynamicActionsRunOverHTTP(t *testing.T) {
	if _, err := exec.LookPath("/usr/bin/python3"); err != nil {
		t.Skip("python3 is not installed")
	}
	srv := startSurface(t)
	srv.Expect(t, 201, "POST", "/v2/code_sources?name=srf_mod", []byte(srfModule), admin)
	for _, c := range []string{"Hello", "Boom"} {
		srv.Expect(t, 201, "POST", "/v2/dynamic_actions", jsonBody(t, map[string]any{
			"name": "srf_" + strings.ToLower(c), "class_name": c, "code_source_name": "srf_mod"}), jsonCT, admin)
	}
	r := srv.Do(t, "POST", "/v2/action_executions", jsonBody(t, map[string]any{"name": "srf_hello", "input": map[string]any{"name": "Bob"}}), jsonCT)
	ax := r.Map(t)
	if r.Status != 201 || str(ax, "state") != "SUCCESS" || str(ax, "output") != `{"result": "Hello, Bob"}` {
		t.Fatalf("run srf_hello: %d %s", r.Status, r.Body)
	}
	ax = srv.Expect(t, 201, "POST", "/v2/action_executions", jsonBody(t, map[string]any{"name": "srf_boom"}), jsonCT).Map(t)
	if str(ax, "state") != "ERROR" || !strings.Contains(str(ax, "output"), "DynamicAction object at 0x") ||
		!strings.HasSuffix(str(ax, "output"), `msg='boom!']"}`) {
		t.Fatalf("run srf_boom: %s", value.MarshalPy(ax))
	}
	wantFault(t, srv.Do(t, "POST", "/v2/action_executions", jsonBody(t, map[string]any{"name": "srf_hello", "input": map[string]any{"x": 1}}), jsonCT),
		400, "Invalid input [name=srf_hello, class=srf_mod.Hello, missing=['name'], unexpected=['x']]")
	// In a workflow task.
	srv.createWorkflows(t, "version: '2.0'\nsrf_dyn:\n  tasks:\n    t:\n      action: srf_hello\n      input:\n        name: Ann\n      publish:\n        g: <% task().result %>\n  output:\n    g: <% $.g %>\n")
	id := str(srv.startExecution(t, map[string]any{"workflow_name": "srf_dyn"}), "id")
	if ex := srv.waitState(t, id, "SUCCESS", "ERROR"); str(ex, "output") != `{"g": "Hello, Ann"}` {
		t.Fatalf("workflow with a dynamic action: %s %s", str(ex, "state"), str(ex, "output"))
	}
}

const (
	srfGreetV1 = "version: '2.0'\nsrf_greet:\n  input:\n    - name\n  output:\n    msg: Hello, <% $.name %>\n  tasks:\n    t:\n      action: std.noop\n"
	srfGreetV2 = "version: '2.0'\nsrf_greet:\n  input:\n    - name\n  output:\n    msg: Bye, <% $.name %>\n  tasks:\n    t:\n      action: std.noop\n"
)

func TestWorkflowVersionsOverHTTP(t *testing.T) {
	srv := startSurface(t)
	srv.createWorkflows(t, srfGreetV1)
	srv.Expect(t, 200, "PUT", "/v2/workflows", []byte(srfGreetV2))
	vs := srv.Expect(t, 200, "GET", "/v2/workflows/srf_greet/versions", nil).Map(t)
	list, _ := vs.Get("versions")
	l, _ := list.([]any)
	if len(l) != 2 || str(l[0].(*value.Map), "definition") != srfGreetV1 || str(l[1].(*value.Map), "definition") != srfGreetV2 {
		t.Fatalf("versions: %s", value.MarshalPy(vs))
	}
}

func TestV1OverHTTP(t *testing.T) {
	srv := startSurface(t)
	r := srv.Do(t, "GET", "/v1/workflows", nil)
	if r.Status != 401 || string(r.Body) != `{"detail":"Missing API key: send it as 'Authorization: Bearer <key>'."}` {
		t.Fatalf("no key: %d %s", r.Status, r.Body)
	}
	srv.Expect(t, 401, "GET", "/v1/workflows", nil, "Authorization: Bearer nope")

	// 250 workflows, paged by cursor.
	for i := 0; i < 250; i += 50 {
		var b strings.Builder
		b.WriteString("version: '2.0'\n")
		for j := i; j < i+50; j++ {
			fmt.Fprintf(&b, "srf_wf_%03d:\n  tasks:\n    t:\n      action: std.noop\n", j)
		}
		srv.createWorkflows(t, b.String())
	}
	srv.createWorkflows(t, srfGreetV1)
	var seen []string
	cursor, pages := "", 0
	for {
		m := srv.Expect(t, 200, "GET", "/v1/workflows?limit=100"+cursor, nil, v1Auth).Map(t)
		pages++
		for _, w := range items(t, m, "workflows") {
			if keys(w) != "archived,display_name,id,name" {
				t.Fatalf("workflow item: %s", value.MarshalPy(w))
			}
			seen = append(seen, str(w, "name"))
		}
		next, _ := m.Get("next_cursor")
		if next == nil {
			break
		}
		cursor = "&cursor=" + next.(string)
	}
	slices.Sort(seen)
	if pages != 3 || len(seen) != 251 || len(slices.Compact(seen)) != 251 {
		t.Fatalf("paging: %d pages, %d workflows", pages, len(seen))
	}

	// The seed's shapes.
	w := srv.Expect(t, 200, "GET", "/v1/workflows/srf_greet", nil, v1Auth).Map(t)
	wf, _ := w.Get("workflow")
	if keys(w) != "workflow" || keys(wf.(*value.Map)) != "active,customer_id,display_name,id,name,type,workspace_id" {
		t.Fatalf("get workflow: %s", value.MarshalPy(w))
	}
	wfID := str(wf.(*value.Map), "id")

	// A sync execute returns the workflow's output.
	m := srv.Expect(t, 200, "POST", "/v1/workflows/srf_greet/execute", []byte(`{"input": {"name": "Ann"}, "wait_for_result": true}`), v1Auth).Map(t)
	if keys(m) != "execution_id,result,workflow_name" || value.MarshalPy(fieldOf(m, "result")) != `{"msg": "Hello, Ann"}` {
		t.Fatalf("sync execute: %s", value.MarshalPy(m))
	}
	// An async one answers the RUNNING execution.
	m = srv.Expect(t, 200, "POST", "/v1/workflows/"+wfID+"/execute", []byte(`{"input": {"name": "Bo"}}`), v1Auth).Map(t)
	if keys(m) != "end_time,execution_id,result,root_execution_id,start_time,status,workflow_name" ||
		!strings.HasSuffix(str(m, "start_time"), "Z") || str(m, "workflow_name") != "srf_greet" {
		t.Fatalf("async execute: %s", value.MarshalPy(m))
	}
	srv.waitState(t, str(m, "execution_id"), "SUCCESS")

	// Update the workflow; its first registration still runs version 1.
	regs := items(t, srv.Expect(t, 200, "GET", "/v1/workflows/registrations?workflow_id="+wfID, nil, v1Auth).Map(t), "workflow_registrations")
	if len(regs) != 1 || keys(regs[0]) != "definition,id,workflow_id" {
		t.Fatalf("registrations: %v", regs)
	}
	first := str(regs[0], "id")
	srv.Expect(t, 200, "PUT", "/v2/workflows", []byte(srfGreetV2))
	if regs := items(t, srv.Expect(t, 200, "GET", "/v1/workflows/registrations?workflow_id="+wfID, nil, v1Auth).Map(t), "workflow_registrations"); len(regs) != 2 {
		t.Fatalf("registrations after update: %v", regs)
	}
	reg := srv.Expect(t, 200, "GET", "/v1/workflows/registrations/"+first, nil, v1Auth).Map(t)
	if keys(reg) != "workflow_registration,workflow_version" {
		t.Fatalf("registration: %s", value.MarshalPy(reg))
	}
	t.Run("older registration", func(t *testing.T) {
		m := srv.Expect(t, 200, "POST", "/v1/workflows/registrations/"+first+"/execute", []byte(`{"input": {"name": "Cy"}, "wait_for_result": true}`), v1Auth).Map(t)
		if got := value.MarshalPy(fieldOf(m, "result")); got != `{"msg": "Hello, Cy"}` {
			t.Fatalf("executing the first registration: %s", value.MarshalPy(m))
		}
	})
	m = srv.Expect(t, 200, "POST", "/v1/workflows/srf_greet/execute", []byte(`{"input": {"name": "Di"}, "wait_for_result": true}`), v1Auth).Map(t)
	if value.MarshalPy(fieldOf(m, "result")) != `{"msg": "Bye, Di"}` {
		t.Fatalf("executing the current definition: %s", value.MarshalPy(m))
	}

	// Bulk archive with one unknown id.
	ids := []string{wfID, "019b2bd7-96e7-7219-8c0b-45a73da50088"}
	m = srv.Expect(t, 200, "PUT", "/v1/workflows/archive", jsonBody(t, map[string]any{"workflow_ids": ids}), v1Auth).Map(t)
	archived, errored := items(t, m, "archived"), items(t, m, "errored")
	if len(archived) != 1 || str(archived[0], "id") != wfID || fieldOf(archived[0], "archived") != true ||
		len(errored) != 1 || str(errored[0], "workflow_id") != ids[1] {
		t.Fatalf("bulk archive: %s", value.MarshalPy(m))
	}
	if l := items(t, srv.Expect(t, 200, "GET", "/v1/workflows?archived=true", nil, v1Auth).Map(t), "workflows"); len(l) != 1 {
		t.Fatalf("archived filter: %d", len(l))
	}
	srv.Expect(t, 409, "POST", "/v1/workflows/srf_greet/execute", []byte(`{}`), v1Auth)
	m = srv.Expect(t, 200, "PUT", "/v1/workflows/srf_greet/unarchive", nil, v1Auth).Map(t)
	if w, _ := m.Get("workflow"); fieldOf(w.(*value.Map), "archived") != false {
		t.Fatalf("unarchive: %s", value.MarshalPy(m))
	}
}

// fieldOf returns field k of m.
func fieldOf(m *value.Map, k string) any {
	v, _ := m.Get(k)
	return v
}
