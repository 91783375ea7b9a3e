package e2e

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mistral-go/mistral-go/value"
)

const shareWF = `---
version: '2.0'
shared_wf:
  input:
    - name
  tasks:
    t1:
      action: std.echo output=<% $.name %>
`

// TestEventTriggerStartsWorkflow: an OpenStack notification posted to
// /v2/event_triggers/events starts the workflow of the matching trigger
// with the event in params.event_params.
func TestEventTriggerStartsWorkflow(t *testing.T) {
	s := startEngine(t)
	s.createWorkflows(t, shareWF)
	wf := s.Expect(t, 200, "GET", "/v2/workflows/shared_wf", nil).Map(t)
	tr := s.Expect(t, 201, "POST", "/v2/event_triggers", jsonBody(t, map[string]any{
		"name": "on_create", "workflow_id": str(wf, "id"), "workflow_input": map[string]any{"name": "event"},
		"exchange": "nova", "topic": "notifications", "event": "compute.instance.create.end"}), jsonCT).Map(t)
	inner := `{"message_id": "m-1", "publisher_id": "compute.host1", "event_type": "compute.instance.create.end", "priority": "INFO", ` +
		`"payload": {"instance_id": "i-1"}, "timestamp": "2026-11-23 18:02:50.000000", "_context_project_id": "<default-project>", "_context_user_id": "u-1"}`
	envelope := jsonBody(t, map[string]any{"oslo.version": "2.0", "oslo.message": inner})
	r := s.Expect(t, 200, "POST", "/v2/event_triggers/events?exchange=nova&topic=notifications", envelope, jsonCT).Map(t)
	started := items(t, r, "executions")
	if len(started) != 1 || str(started[0], "trigger_id") != str(tr, "id") {
		t.Fatalf("delivery answered %s", value.MarshalPy(r))
	}
	ex := s.waitState(t, str(started[0], "execution_id"), "SUCCESS")
	params := decodeText(t, ex, "params").(*value.Map)
	ep, _ := params.Get("event_params")
	if got := value.MarshalPy(ep); got != `{"service": "compute.host1", "project_id": "<default-project>", "user_id": "u-1", "timestamp": "2026-11-23 18:02:50.000000"}` {
		t.Errorf("event_params %s", got)
	}
	if !strings.Contains(str(ex, "description"), `"type": "event_trigger"`) {
		t.Errorf("description %s", str(ex, "description"))
	}
	// Another topic starts nothing.
	r = s.Expect(t, 200, "POST", "/v2/event_triggers/events?exchange=nova&topic=other", envelope, jsonCT).Map(t)
	if len(items(t, r, "executions")) != 0 {
		t.Errorf("other topic: %s", value.MarshalPy(r))
	}
}

// TestTwoProjectsShare: what two projects (X-Project-Id, auth off) see
// of a workflow before and after sharing, through HTTP and the CLI's
// --os-project-id.
func TestTwoProjectsShare(t *testing.T) {
	s := startEngine(t)
	p1, p2 := "X-Project-Id: p1", "X-Project-Id: p2"
	s.Expect(t, 201, "POST", "/v2/workflows", []byte(shareWF), p1)
	wf := s.Expect(t, 200, "GET", "/v2/workflows/shared_wf", nil, p1).Map(t)
	id := str(wf, "id")
	list := func(h string) string {
		return string(s.Expect(t, 200, "GET", "/v2/workflows?fields=name", nil, h).Body)
	}
	if got := list(p2); got != `{"workflows": []}` {
		t.Fatalf("p2 lists %s", got)
	}
	s.Expect(t, 404, "GET", "/v2/workflows/"+id, nil, p2)
	s.Expect(t, 404, "GET", "/v2/workflows/"+id, nil) // the default project is another one
	s.Expect(t, 201, "POST", "/v2/workflows/"+id+"/members", jsonBody(t, map[string]any{"member_id": "p2"}), jsonCT, p1)
	s.Expect(t, 404, "GET", "/v2/workflows/"+id, nil, p2)
	s.Expect(t, 404, "POST", "/v2/executions", jsonBody(t, map[string]any{"workflow_id": id, "input": map[string]any{"name": "x"}}), jsonCT, p2)
	s.Expect(t, 200, "PUT", "/v2/workflows/"+id+"/members/p2", jsonBody(t, map[string]any{"status": "accepted"}), jsonCT, p2)
	if got := list(p2); got != `{"workflows": [{"id": "`+id+`", "name": "shared_wf"}]}` {
		t.Errorf("p2 lists %s once accepted", got)
	}
	// p2 runs it; the execution is p2's, p1 does not see it.
	ex := s.Expect(t, 201, "POST", "/v2/executions", jsonBody(t, map[string]any{"workflow_id": id, "input": map[string]any{"name": "x"}}), jsonCT, p2).Map(t)
	if str(ex, "project_id") != "p2" {
		t.Errorf("execution %s", value.MarshalPy(ex))
	}
	s.Expect(t, 404, "GET", "/v2/executions/"+str(ex, "id"), nil, p1)
	deadline := time.Now().Add(30 * time.Second)
	for str(s.Expect(t, 200, "GET", "/v2/executions/"+str(ex, "id"), nil, p2).Map(t), "state") != "SUCCESS" {
		if time.Now().After(deadline) {
			t.Fatal("p2's execution did not finish")
		}
		time.Sleep(20 * time.Millisecond)
	}
	// p2 cannot change it.
	r := s.Do(t, "DELETE", "/v2/workflows/"+id, nil, p2)
	if r.Status != 403 {
		t.Errorf("p2 deletes: %d %s", r.Status, r.Body)
	}
	// The same through the CLI, as each project.
	if out := s.CLI(t, "--os-project-id", "p2", "workflow-list", "-f", "value", "-c", "Name"); out != "shared_wf\n" {
		t.Errorf("p2 workflow-list %q", out)
	}
	if out := s.CLI(t, "--os-project-id", "p3", "workflow-list", "-f", "value", "-c", "Name"); strings.TrimSpace(out) != "" {
		t.Errorf("p3 workflow-list %q", out)
	}
	s.CLI(t, "--os-project-id", "p1", "member-create", id, "workflow", "p3")
	if out := s.CLI(t, "--os-project-id", "p1", "member-list", id, "workflow", "-f", "value", "-c", "Member ID", "-c", "Status"); out != "p2 accepted\np3 pending\n" {
		t.Errorf("p1 member-list %q", out)
	}
	s.CLI(t, "--os-project-id", "p3", "member-update", id, "workflow")
	if out := s.CLI(t, "--os-project-id", "p3", "workflow-list", "-f", "value", "-c", "Name"); out != "shared_wf\n" {
		t.Errorf("p3 workflow-list after accepting %q", out)
	}
	if out := s.CLI(t, "--os-project-id", "p3", "member-list", id, "workflow", "-f", "value", "-c", "Member ID"); out != "p3\n" {
		t.Errorf("p3 member-list %q", out)
	}
	s.CLI(t, "--os-project-id", "p1", "member-delete", id, "workflow", "p2")
	s.Expect(t, 404, "GET", "/v2/workflows/"+id, nil, p2)
}

// TestWebhookNotifications: a test HTTP server receives the workflow's
// and its tasks' events, in order, with Mistral's names.
func TestWebhookNotifications(t *testing.T) {
	s := startEngine(t)
	var mu sync.Mutex
	var got []*value.Map
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		v, err := value.Decode(b)
		if err == nil && r.Header.Get("X-Test") == "yes" {
			mu.Lock()
			got = append(got, v.(*value.Map))
			mu.Unlock()
		}
		w.WriteHeader(200)
	}))
	defer hook.Close()
	s.createWorkflows(t, `---
version: '2.0'
notified:
  tasks:
    a:
      action: std.noop
      on-success: b
    b:
      workflow: notified_child
notified_child:
  tasks:
    c:
      action: std.fail
`)
	pub := map[string]any{"type": "webhook", "url": hook.URL, "headers": map[string]any{"X-Test": "yes"}}
	ex := s.startExecution(t, map[string]any{"workflow_name": "notified", "params": map[string]any{"notify": []any{pub}}})
	s.waitState(t, str(ex, "id"), "ERROR")
	want := []string{
		"WORKFLOW_LAUNCHED notified", "TASK_LAUNCHED a", "TASK_SUCCEEDED a", "TASK_LAUNCHED b",
		"WORKFLOW_LAUNCHED notified_child", "TASK_LAUNCHED c", "TASK_FAILED c", "WORKFLOW_FAILED notified_child",
		"TASK_FAILED b", "WORKFLOW_FAILED notified",
	}
	deadline := time.Now().Add(10 * time.Second)
	var seq []string
	for {
		mu.Lock()
		seq = seq[:0]
		for _, m := range got {
			ev, _ := m.Get("event")
			name, _ := m.Get("name")
			seq = append(seq, fmt.Sprintf("%v %v", ev, name))
		}
		mu.Unlock()
		if len(seq) >= len(want) || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if strings.Join(seq, "\n") != strings.Join(want, "\n") {
		t.Errorf("notifications:\n%s\nwant:\n%s", strings.Join(seq, "\n"), strings.Join(want, "\n"))
	}
	metrics := string(s.Expect(t, 200, "GET", "/metrics", nil).Body)
	if sent := metricValue(metrics, "mistral_notifications_sent_total"); sent != float64(len(want)) {
		t.Errorf("%v notifications counted as sent", sent)
	}
}

// TestExpirationWhileRunning: 10,000 finished executions expire in
// batches while new executions keep running; none of the running ones is
// touched, and the newest finished ones stay.
func TestExpirationWhileRunning(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 executions: skipped with -short")
	}
	n := 10_000
	if raceEnabled {
		n = 2_000
	}
	s := startEngine(t)
	s.createWorkflows(t, `---
version: '2.0'
quick:
  tasks:
    t:
      action: std.noop
slow:
  tasks:
    t:
      action: std.sleep seconds=4
`)
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < n; i += 8 {
				r := s.Do(t, "POST", "/v2/executions", []byte(`{"workflow_name": "quick"}`), jsonCT)
				if r.Status != 201 {
					select {
					case errs <- fmt.Sprintf("%d %s", r.Status, r.Body):
					default:
					}
					return
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatalf("start: %s", e)
	}
	s.waitFor(t, "/v2/executions?state=RUNNING&fields=state", 5*time.Minute, func(m *value.Map) bool {
		v, _ := m.Get("executions")
		return len(v.([]any)) == 0
	})
	// Restart with the policy on: keep the 50 most recently updated.
	s.Stop(t)
	s.Args = append(s.Args, "--expiration-interval", "500ms", "--expiration-max-finished", "50", "--expiration-batch-size", "500")
	s.start(t)
	// New executions keep starting and running meanwhile.
	var slow []string
	for i := 0; i < 10; i++ {
		slow = append(slow, str(s.startExecution(t, map[string]any{"workflow_name": "slow"}), "id"))
		time.Sleep(100 * time.Millisecond)
	}
	s.waitFor(t, "/v2/executions?workflow_name=quick&fields=state&limit=100", 3*time.Minute, func(m *value.Map) bool {
		v, _ := m.Get("executions")
		return len(v.([]any)) <= 50
	})
	for _, id := range slow {
		s.waitState(t, id, "SUCCESS")
	}
	metrics := string(s.Expect(t, 200, "GET", "/metrics", nil).Body)
	batches := metricValue(metrics, "mistral_expiration_batches_total")
	expired := metricValue(metrics, "mistral_expired_executions_total")
	if expired < float64(n-50) || batches < float64((n-50)/500) {
		t.Errorf("expired %v in %v batches", expired, batches)
	}
	t.Logf("%d executions: %v expired in %v batches", n, expired, batches)
	if failed := metricValue(metrics, "mistral_expiration_failures_total"); failed != 0 {
		t.Errorf("%v failures", failed)
	}
}

// metricValue reads a counter from the Prometheus text format.
func metricValue(text, name string) float64 {
	for _, line := range strings.Split(text, "\n") {
		if rest, ok := strings.CutPrefix(line, name+" "); ok {
			var v float64
			fmt.Sscan(rest, &v)
			return v
		}
	}
	return -1
}
