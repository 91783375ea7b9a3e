// Package cluster holds node identity and cluster membership. For now a
// deployment is a cluster of one: the local node, which plays every
// service role. Gossip membership (memberlist) will add the other nodes
// behind the same API, so callers never special-case a single node.
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
	// Name is "<hostname>_<pid>", as Mistral names its service members.
	Name string
	// Groups are the service groups the node belongs to.
	Groups []string
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

// Local returns this process's node.
func Local() *Node {
	localOnce.Do(func() {
		host, err := os.Hostname()
		if err != nil || host == "" {
			host = "localhost"
		}
		local = NewNode(fmt.Sprintf("%s_%d", host, os.Getpid()))
	})
	return local
}

// NewNode returns a node with the given name in every service group.
func NewNode(name string) *Node {
	return &Node{Name: name, Groups: []string{APIGroup, EngineGroup, ExecutorGroup}}
}

// Members returns the nodes of the cluster (this one only, for now).
func (n *Node) Members() []*Node { return []*Node{n} }

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
