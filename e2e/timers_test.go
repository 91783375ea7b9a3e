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

// timeline is an HTTP server noting when each path is requested. Paths
// under /drop/ are noted, then their connection is closed without an
// answer, so the std.http action calling them fails.
type timeline struct {
	mu   sync.Mutex
	hits map[string][]time.Time
	url  string
}

func startTimeline(t *testing.T) *timeline {
	t.Helper()
	tl := &timeline{hits: map[string][]time.Time{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tl.mu.Lock()
		tl.hits[r.URL.Path] = append(tl.hits[r.URL.Path], time.Now())
		tl.mu.Unlock()
		if strings.HasPrefix(r.URL.Path, "/drop/") {
			if c, _, err := w.(http.Hijacker).Hijack(); err == nil {
				c.Close()
			}
			return
		}
		_, _ = w.Write([]byte(`{"ok": true}`))
	})}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	tl.url = "http://" + ln.Addr().String()
	return tl
}

func (tl *timeline) times(path string) []time.Time {
	tl.mu.Lock()
	defer tl.mu.Unlock()
	return append([]time.Time(nil), tl.hits[path]...)
}

// timerDelay is the delay of every timer in TestTimersSurviveKill: long
// enough for the kill and the restart to happen while they are pending.
const timerDelay = 6 * time.Second

// TestTimersSurviveKill is issue 5's restart test: a wait-before, a retry
// delay and a timeout are pending when the server is killed (SIGKILL);
// after the restart each fires once, at its original due time.
func TestTimersSurviveKill(t *testing.T) {
	if testing.Short() {
		t.Skip("restart test skipped with -short")
	}
	tl := startTimeline(t)
	srv := Start(t)
	srv.createWorkflows(t, fmt.Sprintf(`version: '2.0'
tmr:
  tasks:
    wb:
      wait-before: %[2]d
      action: std.http url="%[1]s/wb"
    rt:
      action: std.http url="%[1]s/drop/rt"
      retry: count=1 delay=%[2]d
    to:
      timeout: %[2]d
      action: std.async_noop
      on-error: fired
    fired:
      action: std.http url="%[1]s/to"
`, tl.url, int(timerDelay/time.Second)))
	start := time.Now()
	id := str(srv.startExecution(t, map[string]any{"workflow_name": "tmr"}), "id")
	// Every timer armed: wb DELAYED, rt's first attempt failed (DELAYED
	// for its retry), to RUNNING on its async action.
	srv.waitFor(t, "/v2/executions/"+id+"/tasks", 5*time.Second, func(m *value.Map) bool {
		st := map[string]string{}
		for _, tk := range items(t, m, "tasks") {
			st[str(tk, "name")] = str(tk, "state")
		}
		return st["wb"] == "DELAYED" && st["rt"] == "DELAYED" && st["to"] == "RUNNING"
	})
	srv.Kill(t)
	killed := time.Now()
	srv.Restart(t)
	if killed.Sub(start) > timerDelay-time.Second {
		t.Skipf("the machine is too slow for this test: the timers were due before the kill (%v)", killed.Sub(start))
	}
	ex := srv.waitState(t, id, "ERROR", "SUCCESS")
	time.Sleep(time.Second) // anything firing twice would show by now
	if str(ex, "state") != "ERROR" {
		t.Fatalf("execution: %s (rt exhausts its retries, so ERROR)", str(ex, "state"))
	}
	rt := tl.times("/drop/rt")
	wb, to := tl.times("/wb"), tl.times("/to")
	if len(rt) != 2 || len(wb) != 1 || len(to) != 1 {
		t.Fatalf("runs: rt %d (want 2), wb %d (want 1), timeout handler %d (want 1)", len(rt), len(wb), len(to))
	}
	// Due times: wb and to from the start, rt's retry from its first
	// attempt. Timers fire on the second; allow a second either way.
	for _, c := range []struct {
		name      string
		fired, at time.Time
	}{
		{"wait-before", wb[0], start.Add(timerDelay)},
		{"retry delay", rt[1], rt[0].Add(timerDelay)},
		{"timeout", to[0], start.Add(timerDelay)},
	} {
		d := c.fired.Sub(c.at)
		if d < -time.Second || d > time.Second {
			t.Errorf("%s fired %v from its due time", c.name, d)
		}
		t.Logf("%s: fired %v from its due time (killed at +%v)", c.name, d.Round(time.Millisecond), killed.Sub(start).Round(time.Millisecond))
	}
	if tk := srv.taskOf(t, id, "to"); str(tk, "state") != "ERROR" || !strings.HasPrefix(str(tk, "state_info"), "Task timed out") {
		t.Errorf("timed-out task: %s %q", str(tk, "state"), str(tk, "state_info"))
	}
}
