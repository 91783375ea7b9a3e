package cluster_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mistral-go/mistral-go/actors"
	"github.com/mistral-go/mistral-go/cluster"
	"github.com/mistral-go/mistral-go/cluster/clusterpb"
	"github.com/mistral-go/mistral-go/httpd"
	"github.com/mistral-go/mistral-go/storage"
)

// benchNode is one in-process node: database on disk, engine, REST API,
// cluster membership.
type benchNode struct {
	api *httpd.Server
	clu *cluster.Cluster
	eng *actors.Engine
}

// startBenchNodes starts n nodes of one cluster in this process, each
// with its own actor endpoint: they talk over loopback gRPC as separate
// processes do (the tests share one endpoint instead, because
// protoactor's remote sets gRPC's global logger when it starts, which
// the race detector reports). done counts finished executions.
func startBenchNodes(b *testing.B, n int, done *atomic.Int64, inMemory bool) []*benchNode {
	b.Helper()
	var nodes []*benchNode
	var seed []string
	for i := range n {
		db, err := storage.Open(storage.Options{Dir: b.TempDir(), InMemory: inMemory, Quiet: true})
		if err != nil {
			b.Fatal(err)
		}
		defs, _ := storage.OpenDefinitions(db)
		rt, _ := storage.OpenRuntime(db)
		reg := httpd.NewRegistry()
		clu, err := cluster.New(cluster.Config{Name: fmt.Sprintf("bench%d-%d", n, i+1), Tag: uint16(100*n + i + 1),
			Gossip: "127.0.0.1:0", Actor: "127.0.0.1:0", Join: seed, DB: db})
		if err != nil {
			b.Fatal(err)
		}
		if err := clu.Start(context.Background()); err != nil {
			b.Fatal(err)
		}
		eng, err := actors.New(actors.Config{Defs: defs, Runtime: rt, NodeTag: clu.Local().Tag, Registerer: reg,
			OnFinished: func(id, state string) { done.Add(1) }})
		if err != nil {
			b.Fatal(err)
		}
		if err := eng.Start(context.Background()); err != nil {
			b.Fatal(err)
		}
		api, err := httpd.New(defs, httpd.Config{Node: clu.Local(), Cluster: clu, Runtime: rt, Engine: eng, Registry: reg})
		if err != nil {
			b.Fatal(err)
		}
		clu.SetHandler(api)
		clu.SetReady()
		b.Cleanup(func() {
			clu.Stop()
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_ = eng.Stop(ctx)
			api.Close()
			db.Close()
		})
		seed = []string{clu.GossipAddr()}
		nodes = append(nodes, &benchNode{api: api, clu: clu, eng: eng})
	}
	deadline := time.Now().Add(10 * time.Second)
	for _, nd := range nodes {
		for len(nd.clu.Members()) != n {
			if time.Now().After(deadline) {
				b.Fatal("cluster did not form")
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	return nodes
}

func (nd *benchNode) do(b *testing.B, method, target, body string) (int, string) {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	w := httptest.NewRecorder()
	nd.api.ServeHTTP(w, req)
	return w.Code, w.Body.String()
}

const benchWorkflow = `version: '2.0'
bench_chain:
  tasks:
    a:
      action: std.noop
      on-success: b
    b:
      action: std.echo output=1
`

// BenchmarkClusterThroughput starts b.N executions of a two-task
// workflow through node 1's REST API (the cluster spreads them over the
// nodes, the others' through protoactor remote) and reports completed
// executions per second. All nodes share this machine's cores and disk:
// more nodes show the cost of the cluster, not a speed-up. "disk" runs
// each node on its own Pebble directory (every commit fsynced, so the
// nodes' fsyncs contend for one disk); "mem" keeps the databases in
// memory and shows the CPU cost alone.
func BenchmarkClusterThroughput(b *testing.B) {
	for _, store := range []string{"disk", "mem"} {
		for _, n := range []int{1, 2, 3} {
			b.Run(fmt.Sprintf("%s/nodes=%d", store, n), func(b *testing.B) {
				var done atomic.Int64
				nodes := startBenchNodes(b, n, &done, store == "mem")
				if code, body := nodes[0].do(b, "POST", "/v2/workflows", benchWorkflow); code != 201 {
					b.Fatalf("workflow: %d %s", code, body)
				}
				const workers = 32
				b.ResetTimer()
				start := time.Now()
				var next atomic.Int64
				var wg sync.WaitGroup
				for range workers {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for next.Add(1) <= int64(b.N) {
							if code, body := nodes[0].do(b, "POST", "/v2/executions", `{"workflow_name": "bench_chain"}`); code != 201 {
								b.Errorf("start: %d %s", code, body)
								return
							}
						}
					}()
				}
				wg.Wait()
				for done.Load() < int64(b.N) && !b.Failed() {
					time.Sleep(time.Millisecond)
				}
				elapsed := time.Since(start)
				b.StopTimer()
				b.ReportMetric(float64(b.N)/elapsed.Seconds(), "execs/s")
			})
		}
	}
}

// BenchmarkForwarded compares calls served where they arrive with the
// same calls forwarded to the owner (protobuf over protoactor remote,
// gRPC on loopback, the owner serving in-process): GET of an execution,
// one at a time, and POST of a new execution (durable before the answer)
// 32 at a time, its owner chosen through the id's tag. The difference
// is the per-call forwarding cost.
func BenchmarkForwarded(b *testing.B) {
	var done atomic.Int64
	nodes := startBenchNodes(b, 2, &done, false)
	if code, body := nodes[0].do(b, "POST", "/v2/workflows", benchWorkflow); code != 201 {
		b.Fatalf("workflow: %d %s", code, body)
	}
	owners := map[string]*benchNode{"local": nodes[0], "forwarded": nodes[1]}
	for _, where := range []string{"local", "forwarded"} {
		b.Run("get/"+where, func(b *testing.B) {
			body := fmt.Sprintf(`{"workflow_name": "bench_chain", "id": %q}`, cluster.NewID(owners[where].clu.Local().Tag))
			code, out := nodes[0].do(b, "POST", "/v2/executions", body)
			var ex struct{ ID string }
			if err := json.Unmarshal([]byte(out), &ex); err != nil || code != 201 {
				b.Fatal(code, out)
			}
			target := "/v2/executions/" + ex.ID
			b.ReportAllocs()
			for b.Loop() {
				if code, body := nodes[0].do(b, "GET", target, ""); code != http.StatusOK {
					b.Fatalf("%d %s", code, body)
				}
			}
		})
	}
	for _, where := range []string{"local", "forwarded"} {
		b.Run("start/"+where, func(b *testing.B) {
			tag := owners[where].clu.Local().Tag
			b.SetParallelism(16)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					body := fmt.Sprintf(`{"workflow_name": "bench_chain", "id": %q}`, cluster.NewID(tag))
					if code, out := nodes[0].do(b, "POST", "/v2/executions", body); code != 201 {
						b.Errorf("%d %s", code, out)
						return
					}
				}
			})
		})
	}
}

// echo answers forwarded requests at once.
type echo struct{}

func (echo) ServeForwarded(context.Context, *clusterpb.HTTPRequest) *clusterpb.HTTPResponse {
	return &clusterpb.HTTPResponse{Status: 200, Body: []byte("{}")}
}

// BenchmarkForwardRoundTrip is the transport alone: one request and its
// answer between two nodes, one at a time and 16 at a time.
func BenchmarkForwardRoundTrip(b *testing.B) {
	var done atomic.Int64
	nodes := startBenchNodes(b, 2, &done, true)
	nodes[1].clu.SetHandler(echo{})
	peer := nodes[0].clu.Peers()[0]
	req := &clusterpb.HTTPRequest{Method: "GET", Path: "/v2/executions/x", Headers: []*clusterpb.Header{{Name: "Accept", Values: []string{"application/json"}}}}
	b.Run("sequential", func(b *testing.B) {
		for b.Loop() {
			if _, err := nodes[0].clu.Forward(context.Background(), peer, req); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("parallel16", func(b *testing.B) {
		b.SetParallelism(8)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := nodes[0].clu.Forward(context.Background(), peer, req); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}
