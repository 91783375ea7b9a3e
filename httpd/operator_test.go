package httpd

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/mistral-go/mistral-go/storage"
)

func TestHealth(t *testing.T) {
	s := newSurfServer(t, "")
	for _, p := range []string{"/health", "/healthcheck"} {
		r := s.must(t, 200, "GET", p, "")
		if r.body != "OK" || r.header.Get("Content-Type") != "text/plain; charset=UTF-8" {
			t.Fatalf("%s: %q %v", p, r.body, r.header)
		}
		r = s.must(t, 200, "GET", p, "", "Accept: application/json")
		expect(t, r, 200, "{\n    \"detailed\": false,\n    \"reasons\": [\n        \"OK\"\n    ]\n}")
		if r = s.must(t, 204, "HEAD", p, ""); r.body != "" {
			t.Fatalf("HEAD %s has a body: %q", p, r.body)
		}
	}
}

func TestInfo(t *testing.T) {
	s := newSurfServer(t, "")
	expect(t, s.call("GET", "/info", ""), 400, `{"faultstring": "Info endpoint disabled."}`)
	dir := t.TempDir()
	s = newSurfServer(t, "", func(c *Config) { c.InfoFile = filepath.Join(dir, "info.json") })
	expect(t, s.call("GET", "/info", ""), 400, `{"faultstring": "Incorrect path to info json file."}`)
	if err := os.WriteFile(filepath.Join(dir, "info.json"), []byte(`{"version":"1.2","build":{"sha":"abc","n":[1,2]}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	expect(t, s.call("GET", "/info", ""), 200, `{"version": "1.2", "build": {"sha": "abc", "n": [1, 2]}}`)
}

func TestMaintenanceInput(t *testing.T) {
	s := newSurfServer(t, "")
	expect(t, s.call("GET", "/maintenance", ""), 200, `{"status": "RUNNING"}`)
	expect(t, s.call("PUT", "/maintenance", `{"status": "FOO"}`), 400,
		`{"faultcode": "Client", "faultstring": "Not found FOO maintenance state. List of states: ['PAUSING', 'PAUSED', 'RUNNING']", "debuginfo": null}`)
	expect(t, s.call("PUT", "/maintenance", `{"status": "PAUSING"}`), 400,
		`{"faultcode": "Client", "faultstring": "PAUSING is intermediate state. Consider PAUSED, RUNNING as new state", "debuginfo": null}`)
	expect(t, s.call("PUT", "/maintenance", `{"state": "PAUSED"}`), 400,
		`{"faultcode": "Client", "faultstring": "Unknown attribute for argument new_maintenance_status: state", "debuginfo": null}`)
	expect(t, s.call("PUT", "/maintenance", `{"status": 1}`), 400, "")
	expect(t, s.call("PUT", "/maintenance", `nope`), 400,
		`{"faultcode": "Client", "faultstring": "Request is not in valid JSON format", "debuginfo": null}`)
	expect(t, s.call("PUT", "/maintenance", `{"status": "RUNNING"}`), 200, `{"status": "RUNNING"}`)
}

func TestMaintenancePausesAndResumes(t *testing.T) {
	dir := t.TempDir()
	s := newSurfServer(t, dir)
	// Two running executions, one paused by its user, one sub-workflow.
	for _, ex := range []*storage.Execution{
		{ID: "ex-1", WorkflowName: "wf", State: "RUNNING", CreatedAt: 1},
		{ID: "ex-2", WorkflowName: "wf", State: "RUNNING", CreatedAt: 2},
		{ID: "ex-user", WorkflowName: "wf", State: "PAUSED", CreatedAt: 3},
		{ID: "ex-sub", WorkflowName: "sub", State: "RUNNING", TaskExecutionID: "t-9", RootExecutionID: "ex-2", CreatedAt: 4},
	} {
		if err := s.eng.put(ex); err != nil {
			t.Fatal(err)
		}
	}
	// A task of ex-2's sub-workflow is still running.
	task := &storage.Task{ID: "t-1", Name: "slow", WorkflowExecutionID: "ex-sub", State: "RUNNING", CreatedAt: 5}
	if err := s.rt.DB.Update(func(w *storage.Write) error { return s.rt.Tasks.Put(w, task) }); err != nil {
		t.Fatal(err)
	}
	expect(t, s.call("PUT", "/maintenance", `{"status": "PAUSED"}`), 200, `{"status": "PAUSED"}`)
	waitUntil(t, "the executions paused", func() bool {
		log := s.eng.updateLog()
		return slices.Contains(log, "ex-1=PAUSED") && slices.Contains(log, "ex-2=PAUSED")
	})
	expect(t, s.call("GET", "/maintenance", ""), 200, `{"status": "PAUSING"}`)
	// While pausing: new work is refused, results of actions still come in.
	r := s.call("POST", "/v2/executions", `{"workflow_name": "wf"}`)
	expect(t, r, 423, "423 Locked\n\nThe resource is locked\n\n Current Mistral state is PAUSING. Method is not allowed  ")
	if r.header.Get("Server-Error-Message") != "Current Mistral state is PAUSING. Method is not allowed" {
		t.Fatalf("423 headers: %v", r.header)
	}
	if r := s.call("PUT", "/v2/action_executions/a-1", `{"state": "SUCCESS"}`); r.status == 423 {
		t.Fatalf("action results refused while pausing: %s", r.body)
	}
	// The task ends: the service is PAUSED.
	task.State = "SUCCESS"
	if err := s.rt.DB.Update(func(w *storage.Write) error { return s.rt.Tasks.Put(w, task) }); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "PAUSED", func() bool { return s.call("GET", "/maintenance", "").body == `{"status": "PAUSED"}` })
	expect(t, s.call("POST", "/v2/executions", `{"workflow_name": "wf"}`, "Accept: application/json"), 423,
		`{"code": 423, "title": "Locked", "description": "Current Mistral state is PAUSED. Method is not allowed"}`)
	expect(t, s.call("PUT", "/v2/action_executions/a-1", `{"state": "SUCCESS"}`), 423, "")
	expect(t, s.call("POST", "/v1/workflows/x/execute", `{}`, authHdr), 423,
		`{"detail":"Current Mistral state is PAUSED. Method is not allowed"}`)
	s.must(t, 200, "GET", "/v2/workflows", "")
	s.must(t, 200, "GET", "/health", "")
	// Cancelling is allowed.
	if r := s.call("PUT", "/v2/executions/ex-user", `{"state": "CANCELLED"}`); r.status == 423 {
		t.Fatalf("cancel refused in maintenance: %s", r.body)
	}

	// The state survives a restart.
	s.shutdown()
	again := newSurfServer(t, dir)
	expect(t, again.call("GET", "/maintenance", ""), 200, `{"status": "PAUSED"}`)
	expect(t, again.call("POST", "/v2/executions", `{}`), 423, "")

	// RUNNING resumes what maintenance paused, and only that.
	expect(t, again.call("PUT", "/maintenance", `{"status": "RUNNING"}`), 200, `{"status": "RUNNING"}`)
	waitUntil(t, "the executions resumed", func() bool {
		log := again.eng.updateLog()
		return slices.Contains(log, "ex-1=RUNNING") && slices.Contains(log, "ex-2=RUNNING")
	})
	for _, u := range again.eng.updateLog() {
		if u == "ex-user=RUNNING" || u == "ex-sub=RUNNING" {
			t.Fatalf("resumed an execution maintenance did not pause: %v", again.eng.updateLog())
		}
	}
	waitUntil(t, "the paused list cleared", func() bool {
		m, _ := again.surf.store.LoadMaintenance()
		return m.State == storage.MaintenanceRunning && len(m.Paused) == 0
	})
	if r := again.call("POST", "/v2/executions", `{"workflow_name": "wf"}`); r.status == 423 {
		t.Fatalf("new work refused after RUNNING: %s", r.body)
	}
}

func TestMaintenanceWithoutEngine(t *testing.T) {
	s := newSurfServer(t, "", func(c *Config) { c.Engine, c.Runtime = nil, nil })
	expect(t, s.call("PUT", "/maintenance", `{"status": "PAUSED"}`), 200, `{"status": "PAUSED"}`)
	waitUntil(t, "PAUSED", func() bool { return s.call("GET", "/maintenance", "").body == `{"status": "PAUSED"}` })
	expect(t, s.call("POST", "/v2/workflows", wfText), 423, "")
	expect(t, s.call("PUT", "/maintenance", `{"status": "RUNNING"}`), 200, `{"status": "RUNNING"}`)
	s.must(t, 201, "POST", "/v2/workflows", wfText)
}
