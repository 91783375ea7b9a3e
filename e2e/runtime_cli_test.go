package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mistral-go/mistral-go/value"
)

// cliJSON runs the CLI with "-f json" and decodes its output.
func (s *Server) cliJSON(t *testing.T, args ...string) any {
	t.Helper()
	out := s.CLI(t, append(args, "-f", "json")...)
	v, err := value.DecodeString(out)
	if err != nil {
		t.Fatalf("mistral %s: output is not JSON (%v):\n%s", strings.Join(args, " "), err, out)
	}
	return v
}

// cliObject runs a show command and returns its fields by heading.
func (s *Server) cliObject(t *testing.T, args ...string) *value.Map {
	t.Helper()
	m, ok := s.cliJSON(t, args...).(*value.Map)
	if !ok {
		t.Fatalf("mistral %s: not an object", strings.Join(args, " "))
	}
	return m
}

// cliRows runs a list command and returns its rows.
func (s *Server) cliRows(t *testing.T, args ...string) []*value.Map {
	t.Helper()
	l, ok := s.cliJSON(t, args...).([]any)
	if !ok {
		t.Fatalf("mistral %s: not a list", strings.Join(args, " "))
	}
	out := make([]*value.Map, len(l))
	for i, x := range l {
		out[i] = x.(*value.Map)
	}
	return out
}

// TestRuntimeWithCLI drives executions, tasks and action executions with
// the real python-mistralclient.
func TestRuntimeWithCLI(t *testing.T) {
	if _, err := os.Stat(CLIPath); err != nil {
		t.Skipf("mistral CLI not installed (%s)", CLIPath)
	}
	srv := startEngine(t)
	dir := t.TempDir()
	wfFile := filepath.Join(dir, "wf.yaml")
	if err := os.WriteFile(wfFile, []byte(eapiWorkflows), 0o644); err != nil {
		t.Fatal(err)
	}
	srv.CLI(t, "workflow-create", wfFile)

	ex := srv.cliObject(t, "execution-create", "eapi_hello", `{"name": "cli"}`, "-d", "from the CLI")
	id := str(ex, "ID")
	if id == "" || str(ex, "Workflow name") != "eapi_hello" || str(ex, "Description") != "from the CLI" {
		t.Fatalf("execution-create: %s", value.MarshalPy(ex))
	}
	srv.waitState(t, id, "SUCCESS")
	got := srv.cliObject(t, "execution-get", id)
	if str(got, "State") != "SUCCESS" || str(got, "Duration") == "" || str(got, "Task Execution ID") != "<none>" {
		t.Errorf("execution-get: %s", value.MarshalPy(got))
	}
	if out := srv.CLI(t, "execution-get-output", id); out != "{\n    \"msg\": \"Hello, cli\"\n}\n" {
		t.Errorf("execution-get-output: %q", out)
	}
	if out := srv.CLI(t, "execution-get-input", id); !strings.Contains(out, `"name": "cli"`) {
		t.Errorf("execution-get-input: %q", out)
	}
	rows := srv.cliRows(t, "execution-list")
	found := false
	for _, r := range rows {
		found = found || str(r, "ID") == id
	}
	if !found {
		t.Errorf("execution-list lacks %s: %v", id, rows)
	}
	if out := srv.CLI(t, "execution-list", "--limit", "1"); !strings.Contains(out, "| ID ") {
		t.Errorf("execution-list --limit 1:\n%s", out)
	}
	upd := srv.cliObject(t, "execution-update", id, "-d", "renamed")
	if str(upd, "Description") != "renamed" {
		t.Errorf("execution-update -d: %s", value.MarshalPy(upd))
	}

	tasks := srv.cliRows(t, "task-list", id)
	if len(tasks) != 2 {
		t.Fatalf("task-list: %v", tasks)
	}
	var t1 string
	for _, r := range tasks {
		if str(r, "Name") == "t1" {
			t1 = str(r, "ID")
		}
	}
	tk := srv.cliObject(t, "task-get", t1)
	if str(tk, "Name") != "t1" || str(tk, "State") != "SUCCESS" || str(tk, "Workflow Execution ID") != id {
		t.Errorf("task-get: %s", value.MarshalPy(tk))
	}
	if out := srv.CLI(t, "task-get-result", t1); out != "\"Hello, cli\"\n" {
		t.Errorf("task-get-result: %q", out)
	}
	if out := srv.CLI(t, "task-get-published", t1); out != "{\n    \"msg\": \"Hello, cli\"\n}\n" {
		t.Errorf("task-get-published: %q", out)
	}
	acts := srv.cliRows(t, "action-execution-list", t1)
	if len(acts) != 1 || str(acts[0], "Name") != "std.echo" || str(acts[0], "Task name") != "t1" {
		t.Fatalf("action-execution-list: %v", acts)
	}
	if all := srv.cliRows(t, "action-execution-list"); len(all) < 2 {
		t.Errorf("action-execution-list (all): %v", all)
	}
	act := srv.cliObject(t, "action-execution-get", str(acts[0], "ID"))
	if str(act, "State") != "SUCCESS" || str(act, "Task name") != "t1" {
		t.Errorf("action-execution-get: %s", value.MarshalPy(act))
	}
	if out := srv.CLI(t, "action-execution-get-output", str(acts[0], "ID")); !strings.Contains(out, `"result": "Hello, cli"`) {
		t.Errorf("action-execution-get-output: %q", out)
	}

	// Pausing and deleting.
	async := srv.cliObject(t, "execution-create", "eapi_async")
	aid := str(async, "ID")
	if p := srv.cliObject(t, "execution-update", aid, "-s", "PAUSED"); str(p, "State") != "PAUSED" {
		t.Errorf("execution-update -s PAUSED: %s", value.MarshalPy(p))
	}
	if _, errOut, err := srv.CLIResult(t, "execution-delete", aid); err == nil && !strings.Contains(errOut, "Only completed executions can be deleted") {
		t.Errorf("execution-delete of a paused execution succeeded")
	}
	srv.CLI(t, "execution-delete", aid, "--force")
	srv.CLI(t, "execution-delete", id)
	srv.Expect(t, 404, "GET", "/v2/executions/"+id, nil)

	// run-action: synchronous, saved, JavaScript, ad-hoc.
	if out := srv.CLI(t, "run-action", "std.echo", `{"output": "x"}`); out != "{\"result\": \"x\"}\n" {
		t.Errorf("run-action std.echo: %q", out)
	}
	saved := srv.cliObject(t, "run-action", "std.echo", `{"output": "x"}`, "-s")
	if str(saved, "State") != "RUNNING" || str(saved, "ID") == "" || str(saved, "Name") != "std.echo" {
		t.Errorf("run-action -s: %s", value.MarshalPy(saved))
	}
	srv.waitFor(t, "/v2/action_executions/"+str(saved, "ID"), 10*time.Second, func(m *value.Map) bool { return str(m, "state") == "SUCCESS" })
	if out := srv.CLI(t, "run-action", "std.javascript", `{"script": "return 1 + 2"}`); out != "{\"result\": 3}\n" {
		t.Errorf("run-action std.javascript: %q", out)
	}
	actFile := filepath.Join(dir, "actions.yaml")
	adhoc := "---\nversion: '2.0'\neapi_greet:\n  base: std.echo\n  base-input:\n    output: Hi <% $.name %>\n  input:\n    - name\n"
	if err := os.WriteFile(actFile, []byte(adhoc), 0o644); err != nil {
		t.Fatal(err)
	}
	srv.CLI(t, "action-create", actFile)
	if out := srv.CLI(t, "run-action", "eapi_greet", `{"name": "you"}`); out != "{\"result\": \"Hi you\"}\n" {
		t.Errorf("run-action eapi_greet: %q", out)
	}
}
