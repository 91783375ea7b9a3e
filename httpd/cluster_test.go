package httpd

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mistral-go/mistral-go/cluster"
	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

var (
	epOnce sync.Once
	testEP *cluster.Endpoint
	epErr  error
)

// sharedEndpoint is the actor endpoint of every test node (a process
// starts one protoactor remote).
func sharedEndpoint(t testing.TB) *cluster.Endpoint {
	epOnce.Do(func() { testEP, epErr = cluster.NewEndpoint("127.0.0.1:0") })
	if epErr != nil {
		t.Fatal(epErr)
	}
	return testEP
}

// newClusterServers starts n in-process nodes of one cluster, each a
// runtime server over its own database.
func newClusterServers(t *testing.T, n int) []*runtimeServer {
	t.Helper()
	var out []*runtimeServer
	var seed []string
	for i := range n {
		var clu *cluster.Cluster
		s := newRuntimeServer(t, func(cfg *Config) {
			var err error
			clu, err = cluster.New(cluster.Config{Name: fmt.Sprintf("node%d", i+1), Tag: uint16(i + 1), Gossip: "127.0.0.1:0",
				Join: seed, DB: cfg.Runtime.DB, Endpoint: sharedEndpoint(t), ProbeInterval: 200 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			if err := clu.Start(context.Background()); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(clu.Stop)
			cfg.Cluster, cfg.Node = clu, clu.Local()
		})
		clu.SetHandler(s.Server)
		clu.SetReady()
		seed = []string{clu.GossipAddr()}
		out = append(out, s)
	}
	for _, s := range out {
		deadline := time.Now().Add(10 * time.Second)
		for len(s.cfg.Cluster.Members()) != n || s.cfg.Cluster.Leader() == nil || s.cfg.Cluster.Leader().Name != "node1" {
			if time.Now().After(deadline) {
				t.Fatalf("%s sees %d members", s.cfg.Cluster.Local().Name, len(s.cfg.Cluster.Members()))
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	return out
}

// spreadRecords stores executions (with a task and an action execution
// each) on the nodes that own them, and all of them in ref.
func spreadRecords(t *testing.T, nodes []*runtimeServer, ref *runtimeServer) []string {
	t.Helper()
	states := []string{"RUNNING", "SUCCESS", "ERROR", "PAUSED"}
	var ids []string
	for k := range 40 {
		node := nodes[k%len(nodes)]
		tag := node.cfg.Cluster.Local().Tag
		created := int64(1000 + k%6) // many ties on created_at
		ex := &storage.Execution{ID: cluster.NewID(tag), WorkflowID: "11111111-1111-4111-8111-111111111111",
			WorkflowName: fmt.Sprintf("wf_%d", k%5), Params: value.NewMap(0), State: states[k%4],
			Input: value.MapOf("k", int64(k)), Output: value.NewMap(0), ProjectID: storage.DefaultProject,
			CreatedAt: created, UpdatedAt: created + int64(k%3)}
		if k%7 == 0 {
			ex.UpdatedAt = 0 // null
		}
		task := &storage.Task{ID: cluster.NewID(tag), Name: fmt.Sprintf("task_%d", k%3), WorkflowExecutionID: ex.ID,
			WorkflowName: ex.WorkflowName, State: ex.State, ProjectID: storage.DefaultProject, CreatedAt: created}
		act := &storage.ActionExecution{ID: cluster.NewID(tag), Name: "std.noop", TaskExecutionID: task.ID,
			WorkflowExecutionID: ex.ID, State: ex.State, ProjectID: storage.DefaultProject, CreatedAt: created}
		node.putAll(t, ex, task, act)
		ref.putAll(t, ex, task, act)
		ids = append(ids, ex.ID)
	}
	return ids
}

// pages follows a list's next links from target and returns each page.
func pages(t *testing.T, s *runtimeServer, target string) []string {
	t.Helper()
	var out []string
	for target != "" && len(out) < 100 {
		a := s.serve("GET", target, "")
		out = append(out, fmt.Sprintf("%d %s", a.status, a.body))
		target = ""
		var page struct{ Next string }
		if a.status == http.StatusOK && json.Unmarshal([]byte(a.body), &page) == nil && page.Next != "" {
			u, err := url.Parse(page.Next)
			if err != nil {
				t.Fatal(err)
			}
			target = strings.ReplaceAll(u.RequestURI(), " ", "%20")
		}
	}
	return out
}

func TestClusterListsMatchOneNode(t *testing.T) {
	nodes := newClusterServers(t, 3)
	ref := newRuntimeServer(t)
	ids := spreadRecords(t, nodes, ref)
	queries := []string{
		"/v2/executions",
		"/v2/executions?limit=7",
		"/v2/executions?limit=5&sort_keys=created_at&sort_dirs=desc",
		"/v2/executions?limit=6&sort_keys=state,workflow_name&sort_dirs=desc,asc",
		"/v2/executions?limit=4&sort_keys=updated_at",
		"/v2/executions?limit=9&fields=state",
		"/v2/executions?limit=3&fields=workflow_name&sort_keys=state,created_at&sort_dirs=asc,desc",
		"/v2/executions?limit=5&state=ERROR",
		"/v2/executions?limit=4&created_at=gte:1970-01-01%2000:16:42",
		"/v2/executions?marker=" + ids[5] + "&limit=4",
		"/v2/executions?marker=" + ids[10],
		"/v2/executions?sort_keys=bogus&limit=2",
		"/v2/executions?limit=0",
		"/v2/executions?marker=" + cluster.NewID(1),
		"/v2/executions?marker=" + ids[3] + "&sort_keys=bogus",
		"/v2/tasks?limit=11",
		"/v2/tasks?limit=6&sort_keys=name,created_at&sort_dirs=asc,desc",
		"/v2/tasks?workflow_execution_id=" + ids[4],
		"/v2/action_executions?limit=8&sort_keys=created_at&sort_dirs=desc",
		"/v2/action_executions?limit=13",
	}
	for _, q := range queries {
		want := pages(t, ref, q)
		for _, n := range nodes {
			got := pages(t, n, q)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Fatalf("%s on %s:\n got %d pages\n%s\nwant %d pages\n%s", q, n.cfg.Cluster.Local().Name,
					len(got), strings.Join(got, "\n"), len(want), strings.Join(want, "\n"))
			}
		}
	}
}

func TestClusterForwardsToOwner(t *testing.T) {
	nodes := newClusterServers(t, 3)
	ref := newRuntimeServer(t)
	ids := spreadRecords(t, nodes, ref)
	for i, id := range ids[:6] {
		want := ref.must(t, 200, "GET", "/v2/executions/"+id, "")
		for _, n := range nodes {
			if got := n.must(t, 200, "GET", "/v2/executions/"+id, ""); got != want {
				t.Fatalf("execution %d on %s:\n%s\nwant\n%s", i, n.cfg.Cluster.Local().Name, got, want)
			}
			tasks := n.must(t, 200, "GET", "/v2/executions/"+id+"/tasks", "")
			if tasks != ref.must(t, 200, "GET", "/v2/executions/"+id+"/tasks", "") {
				t.Fatalf("tasks of %s on %s: %s", id, n.cfg.Cluster.Local().Name, tasks)
			}
		}
	}
	// A change goes to the owner's engine.
	owner := nodes[1] // ids[1] is node2's
	nodes[2].must(t, 200, "PUT", "/v2/executions/"+ids[1], `{"state": "PAUSED"}`)
	if call := owner.eng.lastCall(); !strings.Contains(call, ids[1]) {
		t.Fatalf("owner's engine: %q", call)
	}
	for _, n := range []*runtimeServer{nodes[0], nodes[2]} {
		if call := n.eng.lastCall(); call != "" {
			t.Fatalf("%s's engine was called: %q", n.cfg.Cluster.Local().Name, call)
		}
	}
	// An unknown id is 404 everywhere; an id whose tag no member has is
	// looked for on every node.
	nf := nodes[0].serve("GET", "/v2/executions/"+cluster.NewID(1), "")
	if nf.status != 404 || !strings.Contains(nf.body, "WorkflowExecution not found") {
		t.Fatalf("not found: %d %s", nf.status, nf.body)
	}
	stray := &storage.Execution{ID: cluster.NewID(999), WorkflowName: "stray", State: "SUCCESS", Params: value.NewMap(0),
		Input: value.NewMap(0), Output: value.NewMap(0), ProjectID: storage.DefaultProject, CreatedAt: 5}
	nodes[2].putAll(t, stray)
	if got := nodes[0].must(t, 200, "GET", "/v2/executions/"+stray.ID, ""); !strings.Contains(got, `"stray"`) {
		t.Fatalf("stray: %s", got)
	}
}

func TestClusterNewExecutionsAndDefinitions(t *testing.T) {
	nodes := newClusterServers(t, 3)
	// New executions go round the members.
	for range 6 {
		nodes[1].must(t, 201, "POST", "/v2/executions", `{"workflow_name": "wf"}`)
	}
	for _, n := range nodes {
		if n.eng.lastCall() == "" {
			t.Fatalf("%s started nothing", n.cfg.Cluster.Local().Name)
		}
	}
	// Based on an execution: on its owner.
	src := &storage.Execution{ID: cluster.NewID(3), WorkflowName: "wf", State: "SUCCESS", Params: value.NewMap(0),
		Input: value.NewMap(0), Output: value.NewMap(0), ProjectID: storage.DefaultProject, CreatedAt: 5}
	nodes[2].putAll(t, src)
	before := len(nodes[2].eng.calls)
	nodes[0].must(t, 201, "POST", "/v2/executions", `{"source_execution_id": "`+src.ID+`"}`)
	if len(nodes[2].eng.calls) != before+1 {
		t.Fatal("re-run not on the source's owner")
	}
	// A definition written on any node is on every node when the call
	// returns; reads are local.
	nodes[2].must(t, 201, "POST", "/v2/environments", `{"name": "cl_env", "variables": {"a": 1}}`)
	env := nodes[0].must(t, 200, "GET", "/v2/environments/cl_env", "")
	for _, n := range nodes {
		if got := n.must(t, 200, "GET", "/v2/environments/cl_env", ""); got != env {
			t.Fatalf("%s:\n%s\nwant\n%s", n.cfg.Cluster.Local().Name, got, env)
		}
	}
	nodes[1].must(t, 204, "DELETE", "/v2/environments/cl_env", "")
	for _, n := range nodes {
		n.must(t, 404, "GET", "/v2/environments/cl_env", "")
	}
	// The same name twice is refused, wherever the second comes.
	nodes[0].must(t, 201, "POST", "/v2/environments", `{"name": "cl_env2", "variables": {}}`)
	nodes[2].must(t, 409, "POST", "/v2/environments", `{"name": "cl_env2", "variables": {}}`)
}

func TestClusterGoneOwner(t *testing.T) {
	nodes := newClusterServers(t, 2)
	ref := newRuntimeServer(t)
	ids := spreadRecords(t, nodes, ref)
	nodes[1].cfg.Cluster.Stop()
	deadline := time.Now().Add(10 * time.Second)
	for len(nodes[0].cfg.Cluster.Members()) != 1 {
		if time.Now().After(deadline) {
			t.Fatal("node2 still a member")
		}
		time.Sleep(20 * time.Millisecond)
	}
	a := nodes[0].serve("GET", "/v2/executions/"+ids[1], "")
	if a.status != 503 || !strings.Contains(a.body, "Node node2 that owns "+ids[1]+" is not available") {
		t.Fatalf("gone owner: %d %s", a.status, a.body)
	}
	// The list holds what the live nodes hold.
	var list struct{ Executions []map[string]any }
	if err := json.Unmarshal([]byte(nodes[0].must(t, 200, "GET", "/v2/executions", "")), &list); err != nil || len(list.Executions) != 20 {
		t.Fatalf("list: %d %v", len(list.Executions), err)
	}
}

func TestListItems(t *testing.T) {
	items, err := listItems([]byte(`{"tasks": [{"a": "x}]\"{"}, {"b": [1, {"c": 2}]}], "next": "n"}`), "tasks")
	if err != nil || len(items) != 2 || string(items[0]) != `{"a": "x}]\"{"}` || string(items[1]) != `{"b": [1, {"c": 2}]}` {
		t.Fatalf("%q %v", items, err)
	}
	if items, err := listItems([]byte(`{"tasks": []}`), "tasks"); err != nil || len(items) != 0 {
		t.Fatalf("empty: %q %v", items, err)
	}
	for _, bad := range []string{`{"other": []}`, `{"tasks": [{"a": 1}`, ``} {
		if _, err := listItems([]byte(bad), "tasks"); err == nil {
			t.Fatalf("%q accepted", bad)
		}
	}
}

func TestKindOf(t *testing.T) {
	for _, c := range []struct {
		method, path string
		want         routeKind
	}{
		{"GET", "/v2/executions", kindMergedList},
		{"POST", "/v2/executions", kindNewExecution},
		{"GET", "/v2/executions/:id/tasks", kindOwner},
		{"DELETE", "/v2/executions/:id", kindOwner},
		{"PUT", "/v2/tasks/:id", kindOwner},
		{"GET", "/v2/action_executions/:id", kindOwner},
		{"POST", "/v2/action_executions", kindLocal},
		{"POST", "/v2/workbooks", kindLeader},
		{"PUT", "/v2/workflows/:id/:ns/:member", kindLeader},
		{"GET", "/v2/workflows", kindLocal},
		{"DELETE", "/v2/actions/:id", kindLeader},
		{"POST", "/v2/event_triggers/events", kindLocal},
		{"POST", "/v2/cron_triggers", kindLeader},
		{"PUT", "/maintenance", kindBroadcast},
		{"PUT", "/v1/workflows/:id", kindLeader},
		{"POST", "/v1/workflows/:id/:sub", kindLocal},
		{"GET", "/v2/services", kindLocal},
	} {
		if got := kindOf(c.method, c.path); got != c.want {
			t.Errorf("%s %s: %d, want %d", c.method, c.path, got, c.want)
		}
	}
}

func TestCompareJSON(t *testing.T) {
	ordered := []any{false, true, int64(1), int64(2), "a", "b", []any{"a"}, []any{"a", "b"}, nil}
	for i := range ordered {
		for j := range ordered {
			got := compareJSON(ordered[i], ordered[j])
			same := fmt.Sprint(ordered[i]) == fmt.Sprint(ordered[j])
			switch {
			case same && got != 0, !same && i < j && got >= 0 && ordered[j] == nil, i == j && got != 0:
				t.Errorf("compare(%v, %v) = %d", ordered[i], ordered[j], got)
			}
		}
	}
	if compareJSON(nil, "x") != 1 || compareJSON("x", nil) != -1 || compareJSON("2026-01-02 00:00:00", "2026-01-10 00:00:00") != -1 {
		t.Error("nulls last, times in order")
	}
}
