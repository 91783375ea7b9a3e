package main

import (
	"flag"
	"hash/fnv"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/mistral-go/mistral-go/cluster"
	"github.com/mistral-go/mistral-go/storage"
)

// ClusterConfig configures the node's place in a cluster. Without Gossip
// the node is a cluster of one.
type ClusterConfig struct {
	// NodeName is the member name (default "<hostname>_<pid>").
	NodeName string
	// Gossip is the memberlist address (host:port) other nodes join.
	Gossip string
	// Actor is the address of the node-to-node request endpoint
	// (default: the gossip host, any port).
	Actor string
	// Join are gossip addresses of members to join, comma-separated.
	Join string
	// DrainTimeout bounds how long a stopping node waits for its running
	// executions once it takes no new ones (with other nodes alive).
	DrainTimeout time.Duration
	// tagSet records that --node-tag was given.
	tagSet bool
}

func (c *ClusterConfig) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.NodeName, "node-name", "", "cluster member name, unique in the cluster (default <hostname>_<pid>)")
	fs.StringVar(&c.Gossip, "gossip", "", "gossip address (host:port) of this node; empty runs a cluster of one")
	fs.StringVar(&c.Actor, "actor", "", "address (host:port) of the node-to-node request endpoint (default: gossip host, any port)")
	fs.StringVar(&c.Join, "join", "", "comma-separated gossip addresses of cluster members to join")
	fs.DurationVar(&c.DrainTimeout, "drain-timeout", 30*time.Second,
		"on SIGTERM in a cluster: how long to wait for this node's running executions once it takes no new ones")
}

// seeds returns the join addresses.
func (c *ClusterConfig) seeds() []string {
	var out []string
	for _, s := range strings.Split(c.Join, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// gossipTag derives a node tag from the host name and the gossip
// address, so that nodes on one host differ and a node keeps its tag
// across restarts.
func gossipTag(gossip string) uint16 {
	host, _ := os.Hostname()
	h := fnv.New32a()
	_, _ = h.Write([]byte(host + "|" + gossip))
	return uint16(h.Sum32())
}

// newCluster prepares the node's cluster over db.
func newCluster(cfg Config, api string, db *storage.DB, reg prometheus.Registerer) (*cluster.Cluster, error) {
	tag := uint16(cfg.NodeTag)
	if cfg.Cluster.Gossip != "" && !cfg.Cluster.tagSet {
		tag = gossipTag(cfg.Cluster.Gossip)
	}
	return cluster.New(cluster.Config{
		Name:       cfg.Cluster.NodeName,
		Tag:        tag,
		API:        api,
		Version:    version,
		Gossip:     cfg.Cluster.Gossip,
		Actor:      cfg.Cluster.Actor,
		Join:       cfg.Cluster.seeds(),
		DB:         db,
		Logger:     slog.Default(),
		Registerer: reg,
	})
}

// running counts the executions this node runs (drain).
func running(rt *storage.Runtime) func() int {
	return func() int {
		recs, err := rt.Executions.List(storage.Query{Filters: []storage.Filter{{Field: "state", Op: storage.Eq, Value: "RUNNING"}}})
		if err != nil {
			return 0
		}
		return len(recs)
	}
}

// version is what the node reports of its software.
const version = "mistral-go"
