package e2e

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mistral-go/mistral-go/cluster"
	"github.com/mistral-go/mistral-go/value"
)

const clusterWorkflow = `version: '2.0'
cluster_wf:
  input:
    - n
  tasks:
    wait:
      action: std.echo output=<% $.n %>
      wait-before: 10
      publish:
        got: <% task().result %>
        greeting: <% env().greeting %>
      on-success: done
    done:
      action: std.noop
  output:
    n: <% $.got %>
    greeting: <% $.greeting %>
`

const clusterEnv = `name: cluster_env
variables:
  greeting: hello from the cluster
`

// freeGossipPort returns a loopback port free for both TCP and UDP
// (memberlist uses both on one port).
func freeGossipPort(t *testing.T) string {
	t.Helper()
	for range 50 {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		pc, err := net.ListenPacket("udp", addr)
		_ = ln.Close()
		if err == nil {
			_ = pc.Close()
			return addr
		}
	}
	t.Fatal("no free gossip port")
	return ""
}

// memberNames lists the member names /v2/services reports.
func memberNames(t *testing.T, s *Server) []string {
	t.Helper()
	r := s.Do(t, "GET", "/v2/services", nil)
	if r.Status != 200 {
		return nil
	}
	var out []string
	for _, svc := range r.Map(t).Values()[0].([]any) {
		name, _ := svc.(*value.Map).Get("name")
		if n := name.(string); !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// waitFor polls cond every 200 ms for up to limit.
func waitFor(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", limit, what)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// allExecutions pages through GET /v2/executions on s (the cluster-wide
// list) and returns each execution's state by id.
func allExecutions(t *testing.T, s *Server) map[string]string {
	t.Helper()
	out := map[string]string{}
	path := "/v2/executions?limit=100&fields=id,state"
	for pages := 0; path != ""; pages++ {
		if pages > 50 {
			t.Fatal("too many pages")
		}
		m := s.Expect(t, 200, "GET", path, nil).Map(t)
		list, _ := m.Get("executions")
		for _, it := range list.([]any) {
			id, _ := it.(*value.Map).Get("id")
			st, _ := it.(*value.Map).Get("state")
			if _, dup := out[id.(string)]; dup {
				t.Fatalf("execution %s listed twice", id)
			}
			out[id.(string)] = st.(string)
		}
		path = ""
		if next, ok := m.Get("next"); ok {
			path = strings.TrimPrefix(next.(string), s.URL)
		}
	}
	return out
}

// TestClusterThreeNodes is issue 9's acceptance: three mistrald processes
// form a cluster; the real CLI creates definitions on node 1, node 2
// starts 300 executions, node 3 lists and gets them all; every node
// lists three services; node 3 dies (SIGKILL) and leaves the services;
// the executions of nodes 1 and 2 complete; node 3 restarts, rejoins and
// completes its own.
func TestClusterThreeNodes(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("three processes and 300 executions: skipped with -short")
	}
	g1, g2, g3 := freeGossipPort(t), freeGossipPort(t), freeGossipPort(t)
	n1 := Start(t, "--node-name", "node1", "--node-tag", "101", "--gossip", g1)
	n2 := Start(t, "--node-name", "node2", "--node-tag", "102", "--gossip", g2, "--join", g1)
	n3 := Start(t, "--node-name", "node3", "--node-tag", "103", "--gossip", g3, "--join", g1+","+g2)
	nodes := []*Server{n1, n2, n3}
	three := []string{"node1", "node2", "node3"}
	for i, n := range nodes {
		waitFor(t, 20*time.Second, fmt.Sprintf("node%d to list three services", i+1), func() bool {
			return slices.Equal(memberNames(t, n), three)
		})
	}

	// Definitions through node 1 with the real CLI, visible on every node
	// as soon as the CLI returns.
	dir := t.TempDir()
	wfFile, envFile := filepath.Join(dir, "wf.yaml"), filepath.Join(dir, "env.yaml")
	if err := os.WriteFile(wfFile, []byte(clusterWorkflow), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(envFile, []byte(clusterEnv), 0o644); err != nil {
		t.Fatal(err)
	}
	if out := n1.CLI(t, "workflow-create", wfFile); !strings.Contains(out, "cluster_wf") {
		t.Fatalf("workflow-create: %s", out)
	}
	if out := n1.CLI(t, "environment-create", envFile); !strings.Contains(out, "cluster_env") {
		t.Fatalf("environment-create: %s", out)
	}
	for _, n := range nodes {
		n.Expect(t, 200, "GET", "/v2/workflows/cluster_wf", nil)
		n.Expect(t, 200, "GET", "/v2/environments/cluster_env", nil)
	}

	// Node 2 starts 300 executions; they are spread over the nodes.
	const total = 300
	ids := make([]string, total)
	var wg sync.WaitGroup
	work := make(chan int)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				body := fmt.Sprintf(`{"workflow_name": "cluster_wf", "input": "{\"n\": %d}", "params": "{\"env\": \"cluster_env\"}"}`, i)
				r := n2.Do(t, "POST", "/v2/executions", []byte(body), "Content-Type: application/json")
				if r.Status != 201 {
					t.Errorf("start %d: %d %s", i, r.Status, r.Body)
					continue
				}
				id, _ := r.Map(t).Get("id")
				ids[i] = id.(string)
			}
		}()
	}
	for i := range total {
		work <- i
	}
	close(work)
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	owned := map[uint16][]string{}
	for _, id := range ids {
		tag, _ := cluster.OwnerTag(id)
		owned[tag] = append(owned[tag], id)
	}
	for _, tag := range []uint16{101, 102, 103} {
		if len(owned[tag]) < total/5 {
			t.Fatalf("node tag %d owns %d of %d executions: not spread", tag, len(owned[tag]), total)
		}
	}

	// Node 3 lists them all (the cluster-wide list, paged) and gets each;
	// the CLI sees one owned by node 1.
	listed := allExecutions(t, n3)
	for _, id := range ids {
		if _, ok := listed[id]; !ok {
			t.Fatalf("execution %s missing from node 3's list", id)
		}
	}
	if len(listed) != total {
		t.Fatalf("node 3 lists %d executions, want %d", len(listed), total)
	}
	var gets sync.WaitGroup
	for w := range 8 {
		gets.Add(1)
		go func() {
			defer gets.Done()
			for i := w; i < total; i += 8 {
				r := n3.Do(t, "GET", "/v2/executions/"+ids[i], nil)
				if got, _ := r.Map(t).Get("id"); r.Status != 200 || got != ids[i] {
					t.Errorf("get %s on node 3: %d %s", ids[i], r.Status, r.Body)
				}
			}
		}()
	}
	gets.Wait()
	if out := n3.CLI(t, "execution-get", owned[101][0]); !strings.Contains(out, owned[101][0]) || !strings.Contains(out, "cluster_wf") {
		t.Fatalf("execution-get on node 3: %s", out)
	}
	for i, n := range nodes {
		if got := memberNames(t, n); !slices.Equal(got, three) {
			t.Fatalf("node%d services: %v", i+1, got)
		}
	}

	// Node 3 dies with some of its executions still waiting.
	running := 0
	for _, id := range owned[103] {
		if allStates := listed[id]; allStates == "RUNNING" {
			running++
		}
	}
	if running == 0 {
		t.Fatal("node 3's executions all finished before it was killed: the test proves nothing")
	}
	n3.Kill(t)
	for i, n := range nodes[:2] {
		waitFor(t, 20*time.Second, fmt.Sprintf("node3 to leave node%d's services", i+1), func() bool {
			return slices.Equal(memberNames(t, n), three[:2])
		})
	}
	r := n1.Do(t, "GET", "/v2/executions/"+owned[103][0], nil)
	if r.Status != 503 || !strings.Contains(string(r.Body), "node3") {
		t.Fatalf("an execution of the dead node: %d %s", r.Status, r.Body)
	}
	// The executions of nodes 1 and 2 complete.
	waitFor(t, 90*time.Second, "the executions of nodes 1 and 2 to succeed", func() bool {
		states := allExecutions(t, n2)
		for _, tag := range []uint16{101, 102} {
			for _, id := range owned[tag] {
				if states[id] != "SUCCESS" {
					return false
				}
			}
		}
		return true
	})
	out := n1.Expect(t, 200, "GET", "/v2/executions/"+owned[102][0], nil).Map(t)
	if o, _ := out.Get("output"); !strings.Contains(o.(string), `"greeting": "hello from the cluster"`) {
		t.Fatalf("output: %v", o)
	}

	// Node 3 restarts on its data, rejoins and completes its own.
	n3.Restart(t)
	for i, n := range nodes {
		waitFor(t, 20*time.Second, fmt.Sprintf("node%d to list three services again", i+1), func() bool {
			return slices.Equal(memberNames(t, n), three)
		})
	}
	waitFor(t, 90*time.Second, "every execution to succeed", func() bool {
		states := allExecutions(t, n1)
		if len(states) != total {
			return false
		}
		for _, st := range states {
			if st != "SUCCESS" {
				return false
			}
		}
		return true
	})
	out = n2.Expect(t, 200, "GET", "/v2/executions/"+owned[103][0], nil).Map(t)
	if o, _ := out.Get("output"); !strings.Contains(o.(string), `"greeting": "hello from the cluster"`) {
		t.Fatalf("output of a node-3 execution: %v", o)
	}
}

// TestClusterCronFiresOnce: a cron trigger created through a node that
// does not lead fires once in the cluster, on the leader, and its end is
// seen by every node.
func TestClusterCronFiresOnce(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("waits for a minute boundary: skipped with -short")
	}
	g1, g2, g3 := freeGossipPort(t), freeGossipPort(t), freeGossipPort(t)
	n1 := Start(t, "--node-name", "cron1", "--node-tag", "201", "--gossip", g1, "--cron-min-first-delay", "0s")
	n2 := Start(t, "--node-name", "cron2", "--node-tag", "202", "--gossip", g2, "--join", g1, "--cron-min-first-delay", "0s")
	n3 := Start(t, "--node-name", "cron3", "--node-tag", "203", "--gossip", g3, "--join", g1, "--cron-min-first-delay", "0s")
	nodes := []*Server{n1, n2, n3}
	for _, n := range nodes {
		waitFor(t, 20*time.Second, "three members", func() bool { return len(memberNames(t, n)) == 3 })
	}
	n3.Expect(t, 201, "POST", "/v2/workflows", []byte("version: '2.0'\ncl_cron_wf:\n  tasks:\n    t1:\n      action: std.noop\n"))
	first := firstBoundary()
	body := jsonBody(t, map[string]any{"name": "cl_once", "workflow_name": "cl_cron_wf", "pattern": "* * * * *",
		"first_execution_time": first.Format("2006-01-02 15:04"), "remaining_executions": 1})
	n2.Expect(t, 201, "POST", "/v2/cron_triggers", body, jsonCT)
	for _, n := range nodes {
		n.Expect(t, 200, "GET", "/v2/cron_triggers/cl_once", nil)
	}
	executions := func() []*value.Map {
		return items(t, n3.Expect(t, 200, "GET", "/v2/executions?workflow_name=cl_cron_wf", nil).Map(t), "executions")
	}
	waitFor(t, time.Until(first)+60*time.Second, "the trigger to fire", func() bool {
		exs := executions()
		return len(exs) > 0 && str(exs[0], "state") == "SUCCESS"
	})
	time.Sleep(3 * time.Second) // a second firing would show by now
	exs := executions()
	if len(exs) != 1 {
		t.Fatalf("%d executions for one due time", len(exs))
	}
	if tag, _ := cluster.OwnerTag(str(exs[0], "id")); tag != 201 {
		t.Fatalf("fired on the node with tag %d, not on the leader", tag)
	}
	for _, n := range nodes {
		waitFor(t, 10*time.Second, "the spent trigger to be gone everywhere", func() bool {
			return n.Do(t, "GET", "/v2/cron_triggers/cl_once", nil).Status == 404
		})
	}
}
