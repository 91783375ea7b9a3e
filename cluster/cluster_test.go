package cluster

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mistral-go/mistral-go/cluster/clusterpb"
	"github.com/mistral-go/mistral-go/storage"
)

// testNode is one in-process node of a test cluster.
type testNode struct {
	c    *Cluster
	db   *storage.DB
	defs *storage.Definitions
}

// echoHandler answers every forwarded request with the node's name.
type echoHandler struct {
	name  string
	calls atomic.Int64
}

func (h *echoHandler) ServeForwarded(ctx context.Context, req *clusterpb.HTTPRequest) *clusterpb.HTTPResponse {
	h.calls.Add(1)
	return &clusterpb.HTTPResponse{Status: 200, Body: []byte(h.name + " " + req.Method + " " + req.Path + "?" + req.RawQuery + " " + string(req.Body))}
}

var (
	epOnce sync.Once
	ep     *Endpoint
	epErr  error
)

// sharedEndpoint is the actor endpoint of every test node: protoactor's
// remote sets gRPC's global logger when it starts, so a process starts
// one.
func sharedEndpoint(t *testing.T) *Endpoint {
	epOnce.Do(func() { ep, epErr = NewEndpoint("127.0.0.1:0") })
	if epErr != nil {
		t.Fatal(epErr)
	}
	return ep
}

func startNode(t *testing.T, name string, tag uint16, join ...string) (*testNode, error) {
	t.Helper()
	db, err := storage.Open(storage.Options{Dir: name, InMemory: true, Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	defs, err := storage.OpenDefinitions(db)
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(Config{Name: name, Tag: tag, API: "127.0.0.1:1", Gossip: "127.0.0.1:0", Join: join, DB: db, Endpoint: sharedEndpoint(t),
		SyncInterval: 200 * time.Millisecond, ProbeInterval: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	c.SetHandler(&echoHandler{name: name})
	if err := c.Start(context.Background()); err != nil {
		return nil, err
	}
	t.Cleanup(c.Stop)
	c.SetReady()
	return &testNode{c: c, db: db, defs: defs}, nil
}

func mustStart(t *testing.T, name string, tag uint16, join ...string) *testNode {
	t.Helper()
	n, err := startNode(t, name, tag, join...)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func (n *testNode) gossip() string { return n.c.GossipAddr() }

// eventually polls cond for up to 10 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting: %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func names(ns []*Node) string {
	var out []string
	for _, n := range ns {
		out = append(out, n.Name)
	}
	return strings.Join(out, ",")
}

func putWorkflow(t *testing.T, n *testNode, name string) *storage.Workflow {
	t.Helper()
	wf := &storage.Workflow{ID: NewID(n.c.Local().Tag), Name: name, Project: storage.DefaultProject, Scope: "private",
		Interface: `{"input": [], "output": []}`, Definition: "version: '2.0'\n", CreatedAt: storage.Now()}
	err := n.db.Update(func(w *storage.Write) error { return n.defs.Workflows.Put(w, wf) }, n.defs.Workflows)
	if err != nil {
		t.Fatal(err)
	}
	return wf
}

func TestThreeNodes(t *testing.T) {
	a := mustStart(t, "node-a", 1)
	wfEarly := putWorkflow(t, a, "early") // before anyone joins
	b := mustStart(t, "node-b", 2, a.gossip())
	c := mustStart(t, "node-c", 3, b.gossip())
	for _, n := range []*testNode{a, b, c} {
		eventually(t, n.c.Local().Name+" sees three members", func() bool {
			return names(n.c.Local().Members()) == "node-a,node-b,node-c"
		})
	}
	// Services list every member in every group.
	svcs := b.c.Local().Services()
	if len(svcs) != 9 || svcs[0] != (Service{"node-a", APIGroup}) || svcs[8] != (Service{"node-c", ExecutorGroup}) {
		t.Fatalf("services: %v", svcs)
	}
	// The oldest ready node leads, everywhere.
	for _, n := range []*testNode{a, b, c} {
		if l := n.c.Leader(); l == nil || l.Name != "node-a" {
			t.Fatalf("%s: leader %v", n.c.Local().Name, l)
		}
	}
	if !a.c.IsLeader() || b.c.IsLeader() {
		t.Fatal("IsLeader")
	}
	// Nodes that joined later caught up with the earlier write.
	for _, n := range []*testNode{b, c} {
		if got, err := n.defs.Workflows.Get(wfEarly.ID); err != nil || got.Name != "early" {
			t.Fatalf("%s: early workflow: %v %v", n.c.Local().Name, got, err)
		}
	}
	// A write is on every node when it returns.
	wf := putWorkflow(t, a, "replicated")
	for _, n := range []*testNode{b, c} {
		if _, err := n.defs.Workflows.Get(wf.ID); err != nil {
			t.Fatalf("%s: %v", n.c.Local().Name, err)
		}
	}
	// Owners by tag.
	for _, n := range []*testNode{a, b, c} {
		owner, own, _ := a.c.Owner(NewID(n.c.Local().Tag))
		if own != OwnerLive || owner.Name != n.c.Local().Name {
			t.Fatalf("owner of %d: %v %v", n.c.Local().Tag, owner, own)
		}
	}
	if _, own, _ := a.c.Owner(NewID(99)); own != OwnerUnknown {
		t.Fatalf("unknown tag: %v", own)
	}
	if _, own, _ := a.c.Owner("not-an-id"); own != OwnerUnknown {
		t.Fatalf("bad id: %v", own)
	}
	// New executions go round the ready members.
	seen := map[string]int{}
	for range 30 {
		seen[b.c.PickOwner().Name]++
	}
	if len(seen) != 3 || seen["node-a"] != 10 {
		t.Fatalf("picks: %v", seen)
	}
	// Forwarding reaches the named node's handler.
	resp, err := c.c.Forward(context.Background(), a.c.Local().Members()[0], &clusterpb.HTTPRequest{Method: "GET", Path: "/v2/x", RawQuery: "a=1", Body: []byte("hi")})
	if err != nil || resp.Status != 200 || string(resp.Body) != "node-a GET /v2/x?a=1 hi" {
		t.Fatalf("forward: %v %v", resp, err)
	}

	// c leaves: it disappears, its tag is known as gone, the others go on.
	cName := c.c.Local().Name
	c.c.Stop()
	for _, n := range []*testNode{a, b} {
		eventually(t, n.c.Local().Name+" drops node-c", func() bool {
			return names(n.c.Members()) == "node-a,node-b"
		})
	}
	if _, own, gone := a.c.Owner(NewID(3)); own != OwnerGone || gone != cName {
		t.Fatalf("owner of a gone node: %v %q", own, gone)
	}
	if _, err := a.c.Forward(context.Background(), c.c.Local(), &clusterpb.HTTPRequest{}); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("forward to a gone node: %v", err)
	}
	wf2 := putWorkflow(t, b, "after-c-left") // any node may write
	if _, err := a.defs.Workflows.Get(wf2.ID); err != nil {
		t.Fatal(err)
	}
	// The leader stops: b takes over.
	a.c.Stop()
	eventually(t, "node-b leads", func() bool { return b.c.IsLeader() })
}

func TestTagClashRefused(t *testing.T) {
	a := mustStart(t, "clash-a", 7)
	_, err := startNode(t, "clash-b", 7, a.gossip())
	if err == nil || !strings.Contains(err.Error(), "node tag 7") {
		t.Fatalf("want a tag clash, got %v", err)
	}
	if got := names(a.c.Members()); got != "clash-a" {
		t.Fatalf("members after a refused join: %s", got)
	}
}

func TestRejoinCatchesUp(t *testing.T) {
	a := mustStart(t, "re-a", 11)
	b := mustStart(t, "re-b", 12, a.gossip())
	eventually(t, "two members", func() bool { return len(a.c.Members()) == 2 })
	// b misses writes while away...
	b.c.Stop()
	eventually(t, "b gone", func() bool { return len(a.c.Members()) == 1 })
	var ids []string
	for i := range 5 {
		ids = append(ids, putWorkflow(t, a, fmt.Sprintf("while-away-%d", i)).ID)
	}
	// ...and its database, opened again by a new process, catches up on
	// joining.
	c, err := New(Config{Name: "re-b2", Tag: 12, Gossip: "127.0.0.1:0", Join: []string{a.gossip()}, DB: b.db, Endpoint: sharedEndpoint(t)})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer c.Stop()
	for _, id := range ids {
		if _, err := b.defs.Workflows.Get(id); err != nil {
			t.Fatalf("%s: %v", id, err)
		}
	}
	sa, _ := a.db.ReplicaSeq()
	sb, _ := b.db.ReplicaSeq()
	if sa != sb || sa < 5 {
		t.Fatalf("seq a=%d b=%d", sa, sb)
	}
	// Not ready yet: it does not lead or own new executions.
	if slices.ContainsFunc(a.c.Members(), func(n *Node) bool { return n.Name == "re-b2" && n.Ready }) {
		t.Fatal("ready before SetReady")
	}
	for range 10 {
		if a.c.PickOwner().Name == "re-b2" {
			t.Fatal("picked a node that is not ready")
		}
	}
}

func TestClusterOfOne(t *testing.T) {
	db, err := storage.Open(storage.Options{Dir: "one", InMemory: true, Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	defs, _ := storage.OpenDefinitions(db)
	c, err := New(Config{Name: "solo", Tag: 5, DB: db})
	if err != nil {
		t.Fatal(err)
	}
	var leads []bool
	done := make(chan struct{}, 4)
	c.OnLeaderChange(func(l bool) { leads = append(leads, l); done <- struct{}{} })
	if err := c.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	if c.IsLeader() {
		t.Fatal("leads before ready")
	}
	c.SetReady()
	<-done
	if !c.IsLeader() || c.PickOwner() != c.Local() || names(c.Local().Members()) != "solo" {
		t.Fatal("a cluster of one")
	}
	n := &testNode{c: c, db: db, defs: defs}
	putWorkflow(t, n, "solo-wf")
	if s, _ := db.ReplicaSeq(); s != 1 {
		t.Fatalf("seq %d", s)
	}
	c.Drain(context.Background(), func() int { t.Fatal("a cluster of one waits for nobody"); return 0 })
	c.Stop()
	<-done
	if !slices.Equal(leads, []bool{true, false}) {
		t.Fatalf("leadership changes: %v", leads)
	}
}

func TestDrain(t *testing.T) {
	a := mustStart(t, "drain-a", 21)
	b := mustStart(t, "drain-b", 22, a.gossip())
	eventually(t, "two members", func() bool { return len(a.c.Members()) == 2 && len(b.c.Members()) == 2 })
	if !a.c.IsLeader() {
		t.Fatal("a should lead")
	}
	var busy atomic.Int64
	busy.Store(3)
	drained := make(chan struct{})
	go func() {
		a.c.Drain(context.Background(), func() int { return int(busy.Load()) })
		close(drained)
	}()
	// While a drains, nobody gives it new executions and b leads.
	eventually(t, "b sees a draining", func() bool {
		for _, n := range b.c.Members() {
			if n.Name == "drain-a" {
				return n.Draining
			}
		}
		return false
	})
	eventually(t, "b leads", func() bool { return b.c.IsLeader() && !a.c.IsLeader() })
	for range 10 {
		if b.c.PickOwner().Name != "drain-b" || a.c.PickOwner().Name != "drain-b" {
			t.Fatal("a draining node picked")
		}
	}
	select {
	case <-drained:
		t.Fatal("drain returned while executions run")
	case <-time.After(300 * time.Millisecond):
	}
	busy.Store(0)
	<-drained
	// A deadline ends a drain that cannot finish.
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	b.c.Drain(ctx, func() int { return 1 })
	if time.Since(start) > 5*time.Second {
		t.Fatal("drain ignored its deadline")
	}
}
