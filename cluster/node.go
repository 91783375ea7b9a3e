// Package cluster makes mistral-go nodes one service. Membership is
// gossip (hashicorp/memberlist): nodes join through seed addresses, tell
// each other their metadata (NodeMeta: REST and actor addresses, owner
// tag, service groups, start time, readiness) and notice failures within
// seconds. Requests travel between nodes as protobuf messages over
// protoactor-go remote: a REST call is served by the node that owns what
// it names (the owner tag in the leading bits of every id, see NewID), and
// definition writes are replicated synchronously to every live node
// (storage.DB.SetReplication) with an anti-entropy catch-up when a node
// joins or falls behind. The oldest ready node leads: it serializes
// definition writes and runs the cron scheduler.
//
// A process without gossip is a cluster of one: the same Cluster answers,
// with itself as the only member, owner of everything and leader.
package cluster

import (
	"fmt"
	"os"
	"sync"
)

// Service groups a node takes part in, as Mistral's /v2/services names
// them.
const (
	APIGroup      = "api_group"
	EngineGroup   = "engine_group"
	ExecutorGroup = "executor_group"
)

// Node is one mistral-go process.
type Node struct {
	// Name is the member name: "<hostname>_<pid>" unless configured, as
	// Mistral names its service members.
	Name string
	// Groups are the service groups the node belongs to.
	Groups []string
	// Tag is the owner tag of the ids the node creates.
	Tag uint16
	// API and Actor are the addresses of its REST API and of its actor
	// endpoint (host:port); empty for a node without gossip.
	API, Actor string
	// Version is the node's software version.
	Version string
	// Started is when the process started (Unix nanoseconds).
	Started int64
	// Ready is set once the node serves requests; Draining once it stops
	// taking new executions before leaving.
	Ready, Draining bool

	// members lists the live nodes when the node belongs to a Cluster.
	members func() []*Node
}

// Service is one (member, group) pair of /v2/services.
type Service struct {
	Name string
	Type string
}

var (
	localOnce sync.Once
	local     *Node
)

// Local returns this process's node as a cluster of one.
func Local() *Node {
	localOnce.Do(func() { local = NewNode(DefaultName()) })
	return local
}

// DefaultName is the default member name, "<hostname>_<pid>".
func DefaultName() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "localhost"
	}
	return fmt.Sprintf("%s_%d", host, os.Getpid())
}

// NewNode returns a node with the given name in every service group.
func NewNode(name string) *Node {
	return &Node{Name: name, Groups: []string{APIGroup, EngineGroup, ExecutorGroup}, Ready: true}
}

// Members returns the live nodes of the cluster, ordered by name (this
// node alone when it is not part of a Cluster).
func (n *Node) Members() []*Node {
	if n.members != nil {
		return n.members()
	}
	return []*Node{n}
}

// Services lists every (member, group) pair of the cluster, members in
// order and each member's groups in order.
func (n *Node) Services() []Service {
	var out []Service
	for _, m := range n.Members() {
		for _, g := range m.Groups {
			out = append(out, Service{Name: m.Name, Type: g})
		}
	}
	return out
}
