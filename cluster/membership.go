package cluster

import (
	"bytes"
	"fmt"
	"log"
	"net"
	"strconv"
	"time"

	"github.com/hashicorp/memberlist"
	"google.golang.org/protobuf/proto"

	"github.com/mistral-go/mistral-go/cluster/clusterpb"
)

// startGossip creates the memberlist of this node.
func (c *Cluster) startGossip() error {
	host, port, err := splitHostPort(c.cfg.Gossip)
	if err != nil {
		return fmt.Errorf("gossip address: %w", err)
	}
	mc := memberlist.DefaultLANConfig()
	mc.Name = c.local.Name
	mc.BindAddr, mc.BindPort = host, port
	if unspecified(host) {
		mc.BindAddr = "0.0.0.0"
	} else {
		mc.AdvertiseAddr = host
	}
	mc.AdvertisePort = port
	// Failure detection in a few probe periods: a dead node leaves the
	// member list within seconds.
	mc.ProbeInterval = c.cfg.ProbeInterval
	mc.ProbeTimeout = c.cfg.ProbeInterval / 2
	mc.SuspicionMult = 3
	mc.GossipInterval = 100 * time.Millisecond
	mc.PushPullInterval = 10 * time.Second
	mc.TCPTimeout = 2 * time.Second
	// A node that restarts under its name on another address replaces
	// its dead self.
	mc.DeadNodeReclaimTime = time.Second
	mc.Delegate = gossipDelegate{c}
	mc.Events = gossipEvents{c}
	mc.Alive = gossipDelegate{c}
	mc.Merge = gossipDelegate{c}
	mc.Logger = log.New(&gossipLog{c}, "", 0)
	ml, err := memberlist.Create(mc)
	if err != nil {
		return fmt.Errorf("gossip on %s: %w", c.cfg.Gossip, err)
	}
	c.ml = ml
	return nil
}

func (c *Cluster) stopGossip() {
	if c.ml != nil {
		_ = c.ml.Shutdown()
	}
}

// updateMeta gossips this node's changed metadata.
func (c *Cluster) updateMeta() {
	if c.ml == nil {
		return
	}
	if err := c.ml.UpdateNode(2 * time.Second); err != nil {
		c.log.Warn("cluster: metadata update", "err", err)
	}
}

// gossipDelegate gives memberlist this node's metadata and vets peers.
type gossipDelegate struct{ c *Cluster }

func (d gossipDelegate) NodeMeta(limit int) []byte {
	d.c.mu.RLock()
	b, err := proto.Marshal(metaOf(d.c.local))
	d.c.mu.RUnlock()
	if err != nil || len(b) > limit {
		d.c.log.Error("cluster: node metadata does not fit", "size", len(b), "limit", limit)
		return nil
	}
	return b
}

func (gossipDelegate) NotifyMsg([]byte)                           {}
func (gossipDelegate) GetBroadcasts(overhead, limit int) [][]byte { return nil }
func (gossipDelegate) LocalState(join bool) []byte                { return nil }
func (gossipDelegate) MergeRemoteState(buf []byte, join bool)     {}

// NotifyAlive refuses a peer whose tag another live member has.
func (d gossipDelegate) NotifyAlive(peer *memberlist.Node) error {
	return d.c.vet(peer)
}

// NotifyMerge refuses to merge with a cluster where this node's tag is
// taken: the join fails with the clash.
func (d gossipDelegate) NotifyMerge(peers []*memberlist.Node) error {
	for _, p := range peers {
		if p.State == memberlist.StateDead || p.State == memberlist.StateLeft {
			continue
		}
		if err := d.c.vet(p); err != nil {
			return err
		}
	}
	return nil
}

// vet checks a peer's metadata: the tag of a node under another name is
// a clash unless that node had the same gossip address (a restart).
func (c *Cluster) vet(p *memberlist.Node) error {
	if p.Name == c.local.Name || len(p.Meta) == 0 {
		return nil
	}
	var meta clusterpb.NodeMeta
	if err := proto.Unmarshal(p.Meta, &meta); err != nil {
		return fmt.Errorf("node %s: bad metadata: %w", p.Name, err)
	}
	tag := uint16(meta.Tag)
	addr := p.Address()
	c.mu.RLock()
	defer c.mu.RUnlock()
	if tag == c.local.Tag {
		return fmt.Errorf("node tag %d of node %s is this node's (%s): give every node its own --node-tag", tag, p.Name, c.local.Name)
	}
	for name, m := range c.members {
		if name != p.Name && m.node != c.local && m.node.Tag == tag && m.addr != addr {
			return fmt.Errorf("node tag %d of node %s is already node %s's: give every node its own --node-tag", tag, p.Name, name)
		}
	}
	return nil
}

// gossipEvents keeps the member list.
type gossipEvents struct{ c *Cluster }

func (e gossipEvents) NotifyJoin(n *memberlist.Node)   { e.c.upsert(n, "joined") }
func (e gossipEvents) NotifyUpdate(n *memberlist.Node) { e.c.upsert(n, "") }

func (e gossipEvents) NotifyLeave(n *memberlist.Node) {
	c := e.c
	if n.Name == c.local.Name {
		return
	}
	c.mu.Lock()
	m := c.members[n.Name]
	if m != nil {
		delete(c.members, n.Name)
		close(m.gone)
		c.resortLocked()
	}
	c.mu.Unlock()
	if m != nil {
		c.log.Info("cluster: node left", "node", n.Name, "state", n.State)
		c.changed()
	}
}

// upsert records a member's (new) metadata.
func (c *Cluster) upsert(n *memberlist.Node, event string) {
	if n.Name == c.local.Name {
		return
	}
	var meta clusterpb.NodeMeta
	if err := proto.Unmarshal(n.Meta, &meta); err != nil {
		c.log.Warn("cluster: bad node metadata", "node", n.Name, "err", err)
		return
	}
	node := nodeOf(n.Name, &meta)
	c.mu.Lock()
	m := c.members[n.Name]
	if m != nil && (m.node.Started != node.Started || m.node.Actor != node.Actor) {
		// A new process under the same name: what was asked of the old
		// one will not be answered.
		close(m.gone)
		m = nil
	}
	if m == nil {
		m = &member{gone: make(chan struct{})}
		c.members[n.Name] = m
	}
	m.node, m.addr = node, n.Address()
	c.seen[node.Tag] = n.Name
	c.resortLocked()
	c.mu.Unlock()
	if event != "" {
		c.log.Info("cluster: node "+event, "node", n.Name, "tag", node.Tag, "api", node.API)
		c.kickSync()
	}
	c.changed()
}

// gossipLog passes memberlist's warnings and errors to the logger.
type gossipLog struct{ c *Cluster }

func (l *gossipLog) Write(p []byte) (int, error) {
	if l.c.left.Load() {
		return len(p), nil // closing sockets while leaving
	}
	line := string(bytes.TrimSpace(p))
	switch {
	case bytes.Contains(p, []byte("[ERR]")):
		l.c.log.Error("memberlist: " + line)
	case bytes.Contains(p, []byte("[WARN]")):
		l.c.log.Warn("memberlist: " + line)
	}
	return len(p), nil
}

// GossipAddr is the address other nodes join this one through ("" for a
// cluster of one).
func (c *Cluster) GossipAddr() string {
	if c.ml == nil {
		return ""
	}
	n := c.ml.LocalNode()
	return net.JoinHostPort(n.Addr.String(), strconv.Itoa(int(n.Port)))
}
