package e2e

import (
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mistral-go/mistral-go/value"
)

// counter is an HTTP server counting the requests made to each path: the
// workflows of the crash test call it with std.http, so the test sees
// how many times each action really ran.
type counter struct {
	mu   sync.Mutex
	hits map[string]int
	url  string
}

func startCounter(t *testing.T) *counter {
	t.Helper()
	c := &counter{hits: map[string]int{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.mu.Lock()
		c.hits[r.URL.Path]++
		c.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"ok": true}`))
	})}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	c.url = "http://" + ln.Addr().String()
	return c
}

func (c *counter) count(path string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits[path]
}

// crashExecutions is how many executions are in flight at the kill.
const crashExecutions = 200

// TestCrashRecovery is issue 4's crash test: 200 executions in flight,
// their first action done and their std.sleep tasks running, SIGKILL,
// restart. Every execution must reach SUCCESS; the actions that had
// finished before the kill must not run again, the interrupted sleeps
// (safe-rerun) run again, and the last action runs once.
func TestCrashRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test skipped with -short")
	}
	cnt := startCounter(t)
	srv := startEngine(t)
	wf := fmt.Sprintf(`---
version: '2.0'
eapi_crash:
  input:
    - n
  tasks:
    before:
      action: std.http url="%[1]s/<%% $.n %%>/before"
      safe-rerun: true
      on-success: [nap]
    nap:
      action: std.sleep seconds=8
      safe-rerun: true
      on-success: [after]
    after:
      action: std.http url="%[1]s/<%% $.n %%>/after"
      safe-rerun: true
`, cnt.url)
	srv.createWorkflows(t, wf)

	ids := make([]string, crashExecutions)
	for i := range ids {
		ex := srv.startExecution(t, map[string]any{"workflow_name": "eapi_crash", "input": map[string]any{"n": i}})
		ids[i] = str(ex, "id")
	}
	// Kill once every "before" task has its result recorded (and so its
	// nap is running).
	srv.waitFor(t, "/v2/tasks?workflow_name=eapi_crash&name=before&state=SUCCESS&fields=id", 60*time.Second, func(m *value.Map) bool {
		return len(items(t, m, "tasks")) == crashExecutions
	})
	naps := items(t, srv.Expect(t, 200, "GET", "/v2/tasks?workflow_name=eapi_crash&name=nap&state=RUNNING&fields=id", nil).Map(t), "tasks")
	// On a slow machine some naps may be over: the "after" actions
	// reported SUCCESS are durable and must not run again.
	durable := map[string]bool{}
	for _, tk := range items(t, srv.Expect(t, 200, "GET", "/v2/tasks?workflow_name=eapi_crash&name=after&state=SUCCESS&fields=workflow_execution_id", nil).Map(t), "tasks") {
		durable[str(tk, "workflow_execution_id")] = true
	}
	t.Logf("killing mistrald with %d naps running, %d executions done", len(naps), len(durable))
	srv.Kill(t)
	// The counter now holds every call made before the kill.
	before := make([]int, len(ids))
	for i := range ids {
		before[i] = cnt.count(fmt.Sprintf("/%d/after", i))
	}
	if l := srv.Logs(); strings.Contains(l, "panic") {
		t.Fatalf("mistrald panicked before the kill:\n%s", l)
	}
	srv.Restart(t)

	deadline := time.Now().Add(2 * time.Minute)
	for _, id := range ids {
		for {
			ex := srv.Expect(t, 200, "GET", "/v2/executions/"+id, nil).Map(t)
			st := str(ex, "state")
			if st == "SUCCESS" {
				break
			}
			if st != "RUNNING" || time.Now().After(deadline) {
				t.Fatalf("execution %s: %s after the restart: %s", id, st, value.MarshalPy(ex))
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	for i := range ids {
		if n := cnt.count(fmt.Sprintf("/%d/before", i)); n != 1 {
			t.Errorf("execution %d: the action finished before the kill ran %d times", i, n)
		}
		// An "after" action that ran but was not recorded before the
		// kill runs again (safe-rerun): twice is right only for those.
		n := cnt.count(fmt.Sprintf("/%d/after", i))
		if n != 1 && (n != 2 || before[i] != 1 || durable[ids[i]]) {
			t.Errorf("execution %d: the last action ran %d times (%d before the kill, recorded: %v)", i, n, before[i], durable[ids[i]])
		}
	}
	// Nothing ran twice inside the workflows either: one action execution
	// per task, except the interrupted naps.
	for _, id := range ids[:10] {
		for _, name := range []string{"before", "after"} {
			tk := srv.taskOf(t, id, name)
			acts := items(t, srv.Expect(t, 200, "GET", "/v2/tasks/"+str(tk, "id")+"/action_executions", nil).Map(t), "action_executions")
			if len(acts) != 1 {
				t.Errorf("execution %s task %s: %d action executions", id, name, len(acts))
			}
		}
	}
}
