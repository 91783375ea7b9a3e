package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mistral-go/mistral-go/value"
)

// ctlWorkflows are the workflows the execution-control tests steer.
const ctlWorkflows = `version: '2.0'
ctl_steps:
  tasks:
    a:
      action: std.sleep seconds=2
      on-success: b
    b:
      action: std.echo output="done"
      publish:
        r: <% task().result %>
  output:
    r: <% $.r %>
ctl_long:
  tasks:
    a:
      action: std.sleep seconds=60
ctl_rerun:
  tasks:
    t:
      with-items: x in <% [1, 2, 3] %>
      action: std.javascript
      input:
        context:
          x: <% $.x %>
          ok: <% env().ok %>
        script: "if ($.x == 2 && !$.ok) { throw 'item 2 fails'; } return $.x * 10;"
      publish:
        r: <% task().result %>
  output:
    r: <% $.r %>
`

// TestExecutionControlWithCLI pauses, resumes, cancels, fails and reruns
// executions through the real mistral CLI and checks the states they
// reach.
func TestExecutionControlWithCLI(t *testing.T) {
	if _, err := os.Stat(CLIPath); err != nil {
		t.Skipf("mistral CLI not installed (%s)", CLIPath)
	}
	srv := Start(t)
	wfFile := filepath.Join(t.TempDir(), "ctl.yaml")
	if err := os.WriteFile(wfFile, []byte(ctlWorkflows), 0o644); err != nil {
		t.Fatal(err)
	}
	srv.CLI(t, "workflow-create", wfFile)

	t.Run("pause and resume", func(t *testing.T) {
		id := str(srv.cliObject(t, "execution-create", "ctl_steps"), "ID")
		if p := srv.cliObject(t, "execution-update", id, "-s", "PAUSED"); str(p, "State") != "PAUSED" {
			t.Fatalf("execution-update -s PAUSED: %s", value.MarshalPy(p))
		}
		// a ends while the execution is paused; b must not start.
		srv.waitFor(t, "/v2/executions/"+id+"/tasks", 30*time.Second, func(m *value.Map) bool {
			tasks := items(t, m, "tasks")
			return len(tasks) == 1 && str(tasks[0], "state") == "SUCCESS"
		})
		time.Sleep(300 * time.Millisecond)
		if got := srv.cliObject(t, "execution-get", id); str(got, "State") != "PAUSED" {
			t.Fatalf("paused execution moved on: %s", value.MarshalPy(got))
		}
		if n := len(srv.cliRows(t, "task-list", id)); n != 1 {
			t.Fatalf("a task started while paused: %d tasks", n)
		}
		if r := srv.cliObject(t, "execution-update", id, "-s", "RUNNING"); str(r, "State") != "RUNNING" && str(r, "State") != "SUCCESS" {
			t.Fatalf("execution-update -s RUNNING: %s", value.MarshalPy(r))
		}
		srv.waitState(t, id, "SUCCESS")
		if out := srv.CLI(t, "execution-get-output", id); out != "{\n    \"r\": \"done\"\n}\n" {
			t.Fatalf("output after resume: %q", out)
		}
	})

	t.Run("cancel and fail by hand", func(t *testing.T) {
		cancelled := str(srv.cliObject(t, "execution-create", "ctl_long"), "ID")
		failed := str(srv.cliObject(t, "execution-create", "ctl_long"), "ID")
		if c := srv.cliObject(t, "execution-update", cancelled, "-s", "CANCELLED"); str(c, "State") != "CANCELLED" {
			t.Fatalf("execution-update -s CANCELLED: %s", value.MarshalPy(c))
		}
		if f := srv.cliObject(t, "execution-update", failed, "-s", "ERROR"); str(f, "State") != "ERROR" {
			t.Fatalf("execution-update -s ERROR: %s", value.MarshalPy(f))
		}
		for _, id := range []string{cancelled, failed} {
			if got := srv.cliObject(t, "execution-get", id); str(got, "State") != map[string]string{cancelled: "CANCELLED", failed: "ERROR"}[id] {
				t.Fatalf("execution-get %s: %s", id, value.MarshalPy(got))
			}
		}
		// A finished execution cannot be paused.
		_, errOut, err := srv.CLIResult(t, "execution-update", cancelled, "-s", "PAUSED")
		if err == nil || !strings.Contains(errOut, "Can't change workflow execution state from CANCELLED to PAUSED.") {
			t.Fatalf("pausing a cancelled execution: err=%v\n%s", err, errOut)
		}
	})

	t.Run("rerun", func(t *testing.T) {
		id := str(srv.cliObject(t, "execution-create", "ctl_rerun", "{}", `{"env": {"ok": false}}`), "ID")
		srv.waitState(t, id, "ERROR")
		tasks := srv.cliRows(t, "task-list", id)
		if len(tasks) != 1 || str(tasks[0], "State") != "ERROR" {
			t.Fatalf("task-list: %v", tasks)
		}
		tid := str(tasks[0], "ID")
		if n := len(srv.cliRows(t, "action-execution-list", tid)); n != 3 {
			t.Fatalf("%d action executions before the rerun, want 3", n)
		}
		// --resume (reset false): the failed items run again, with the
		// new env.
		if r := srv.cliObject(t, "task-rerun", tid, "--resume", "-e", `{"ok": true}`); str(r, "State") != "RUNNING" && str(r, "State") != "SUCCESS" {
			t.Fatalf("task-rerun --resume: %s", value.MarshalPy(r))
		}
		srv.waitState(t, id, "SUCCESS")
		// The task completes with the first of the two new runs to end
		// (three accepted runs), as Mistral's does: index 1 holds 20, or
		// 30 when the new run of item 3 ended first (its old run is
		// still accepted and sorts before it).
		out := srv.CLI(t, "execution-get-output", id)
		if out != "{\n    \"r\": [\n        10,\n        20,\n        30\n    ]\n}\n" &&
			out != "{\n    \"r\": [\n        10,\n        30,\n        30\n    ]\n}\n" {
			t.Fatalf("output after the rerun: %q", out)
		}
		// Mistral reruns the failed items and every item after the last
		// failed one (here items 2 and 3): 3 + 2 runs; the failed run is
		// no longer accepted.
		rows := srv.cliRows(t, "action-execution-list", tid)
		states := map[string]int{}
		for _, r := range rows {
			acc, _ := r.Get("Accepted")
			states[str(r, "State")+map[bool]string{true: "/accepted", false: ""}[acc == true]]++
		}
		if len(rows) != 5 || states["SUCCESS/accepted"] != 4 || states["ERROR"] != 1 {
			t.Fatalf("action executions after the rerun: %v", states)
		}
		// Only a task in ERROR can be rerun.
		_, errOut, err := srv.CLIResult(t, "task-rerun", tid)
		if err == nil || !strings.Contains(errOut, "The current task execution must be in ERROR for rerun.") {
			t.Fatalf("task-rerun of a successful task: err=%v\n%s", err, errOut)
		}
	})
}
