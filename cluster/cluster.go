package cluster

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/hashicorp/memberlist"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/mistral-go/mistral-go/cluster/clusterpb"
	"github.com/mistral-go/mistral-go/storage"
)

// DefinitionKeyspaces are the storage keyspaces replicated to every
// node: workbooks, workflows, ad-hoc actions, environments, memberships,
// code sources, dynamic actions, workflow registrations and v1 metadata,
// cron triggers with their pending firings, and event triggers.
// Executions, tasks, action executions and their definition texts stay
// with the node that owns them.
var DefinitionKeyspaces = []string{"wb", "wf", "ac", "env", "member", "cs", "dyn", "wfreg", "wfv1", "cron", "cronfire", "evtrig"}

// Config configures a Cluster. Zero durations take the defaults.
type Config struct {
	// Name is the member name (DefaultName() when empty); it must be
	// unique in the cluster.
	Name string
	// Tag is the node's owner tag; it must be unique in the cluster.
	Tag uint16
	// API is the address of the node's REST API, as others may reach it.
	API string
	// Version is the software version the node reports.
	Version string
	// Gossip is the address memberlist binds (host:port, port 0 picks
	// one). Empty makes a cluster of one: no gossip, no actor endpoint.
	Gossip string
	// Actor is the address of the protoactor remote endpoint (host:port;
	// default: the gossip host, port chosen by the system).
	Actor string
	// Endpoint, when set, is the actor endpoint to use instead of one of
	// the node's own (several nodes in one process share one); Actor is
	// then ignored.
	Endpoint *Endpoint
	// Join are the gossip addresses of nodes to join; none starts a new
	// cluster.
	Join []string
	// DB is the database whose definitions are replicated.
	DB *storage.DB
	// Keyspaces are the replicated keyspaces (DefinitionKeyspaces).
	Keyspaces []string
	// JoinTimeout bounds how long Start retries joining while no seed
	// answers (30 s).
	JoinTimeout time.Duration
	// RequestTimeout bounds a request forwarded to another node (5 min:
	// a synchronous action may run that long).
	RequestTimeout time.Duration
	// ReplicateTimeout bounds one node's answer to a replicated write
	// (10 s); a node that does not answer catches up later.
	ReplicateTimeout time.Duration
	// SyncInterval is how often a node compares its definitions with the
	// others' (5 s).
	SyncInterval time.Duration
	// ProbeInterval is memberlist's failure detection period (500 ms): a
	// dead node is noticed within a few periods.
	ProbeInterval time.Duration
	// Logger logs cluster events (slog.Default() when nil).
	Logger *slog.Logger
	// Registerer receives the cluster metrics (nil: none).
	Registerer prometheus.Registerer
}

// Handler serves the requests other nodes forward to this one.
type Handler interface {
	ServeForwarded(ctx context.Context, req *clusterpb.HTTPRequest) *clusterpb.HTTPResponse
}

// ErrUnavailable is wrapped by the errors of requests to a node that is
// not (or no longer) a live member.
var ErrUnavailable = errors.New("node unavailable")

// Cluster is this node's view of the cluster and its means of reaching
// the other nodes. Its methods are safe for concurrent use.
type Cluster struct {
	cfg    Config
	log    *slog.Logger
	m      *metrics
	local  *Node
	gossip bool

	ml    *memberlist.Memberlist
	ep    *Endpoint
	ownEP bool
	root  *actor.RootContext
	pid   *actor.PID

	mu      sync.RWMutex
	members map[string]*member // live members by name, this node included
	sorted  []*Node            // live members by name
	seen    map[uint16]string  // every tag seen -> member name
	leader  string

	handler atomic.Pointer[handlerRef]
	rr      atomic.Uint64

	leaderCh chan struct{} // leadership may have changed
	lmu      sync.Mutex
	onLeader []*leaderWatch

	repMu     sync.Mutex // orders the replicated writes this node sends
	applyMu   sync.Mutex // local replicated commits, applies and installs
	installed uint64     // sequence number of the last installed snapshot (applyMu)
	syncNow   chan struct{}

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	left   atomic.Bool
}

type handlerRef struct{ h Handler }

// leaderWatch is an OnLeaderChange function and what it was last told.
type leaderWatch struct {
	fn       func(bool)
	reported bool
}

// member is a live member.
type member struct {
	node *Node
	addr string        // gossip address
	gone chan struct{} // closed when it leaves or dies
}

// New prepares a cluster; Start joins it.
func New(cfg Config) (*Cluster, error) {
	if cfg.Name == "" {
		cfg.Name = DefaultName()
	}
	if cfg.Version == "" {
		cfg.Version = "mistral-go"
	}
	if cfg.Keyspaces == nil {
		cfg.Keyspaces = DefinitionKeyspaces
	}
	if cfg.JoinTimeout <= 0 {
		cfg.JoinTimeout = 30 * time.Second
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = 5 * time.Minute
	}
	if cfg.ReplicateTimeout <= 0 {
		cfg.ReplicateTimeout = 10 * time.Second
	}
	if cfg.SyncInterval <= 0 {
		cfg.SyncInterval = 5 * time.Second
	}
	if cfg.ProbeInterval <= 0 {
		cfg.ProbeInterval = 500 * time.Millisecond
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.DB == nil {
		return nil, errors.New("cluster: Config.DB is required")
	}
	m, err := newMetrics(cfg.Registerer)
	if err != nil {
		return nil, err
	}
	n := NewNode(cfg.Name)
	n.Tag, n.API, n.Version, n.Started, n.Ready = cfg.Tag, cfg.API, cfg.Version, time.Now().UnixNano(), false
	c := &Cluster{cfg: cfg, log: cfg.Logger, m: m, local: n, gossip: cfg.Gossip != "",
		members: map[string]*member{}, seen: map[uint16]string{cfg.Tag: cfg.Name},
		leaderCh: make(chan struct{}, 1), syncNow: make(chan struct{}, 1)}
	n.members = c.Members
	c.members[n.Name] = &member{node: n, gone: make(chan struct{})}
	c.resortLocked()
	m.members(c)
	return c, nil
}

// Local returns this node.
func (c *Cluster) Local() *Node { return c.local }

// SetHandler sets what serves the requests other nodes forward here;
// until then they are answered 503.
func (c *Cluster) SetHandler(h Handler) { c.handler.Store(&handlerRef{h}) }

// OnLeaderChange registers fn, called from one goroutine, in order, with
// true when this node becomes the leader (or is when fn is registered
// on a started cluster) and false when it stops being it (at the latest
// when the cluster stops).
func (c *Cluster) OnLeaderChange(fn func(leader bool)) {
	c.lmu.Lock()
	c.onLeader = append(c.onLeader, &leaderWatch{fn: fn})
	c.lmu.Unlock()
	c.changed()
}

// Start starts the actor endpoint and gossip, joins the seed nodes,
// catches up with the definitions of the cluster and starts the
// background work (leadership, anti-entropy) until Stop. The node is not
// ready (no new executions, not leader) until SetReady.
func (c *Cluster) Start(ctx context.Context) error {
	c.ctx, c.cancel = context.WithCancel(context.Background())
	c.cfg.DB.SetReplication(c.cfg.Keyspaces, c.replicate)
	if c.gossip {
		if err := c.startRemote(); err != nil {
			return err
		}
		if err := c.startGossip(); err != nil {
			c.stopRemote()
			return err
		}
		if err := c.join(ctx); err != nil {
			c.stopGossip()
			c.stopRemote()
			return err
		}
		if err := c.catchUp(ctx); err != nil {
			c.log.Warn("cluster: definitions catch-up failed, retrying in the background", "err", err)
		}
		c.wg.Add(1)
		go c.antiEntropy()
	}
	c.wg.Add(1)
	go c.leadership()
	c.changed()
	return nil
}

// join joins the seed nodes, retrying while none answers (they may be
// starting too) for up to JoinTimeout. A tag clash fails at once.
func (c *Cluster) join(ctx context.Context) error {
	if len(c.cfg.Join) == 0 {
		return nil
	}
	deadline := time.Now().Add(c.cfg.JoinTimeout)
	for {
		_, err := c.ml.Join(c.cfg.Join)
		if err == nil {
			return nil
		}
		if strings.Contains(err.Error(), "node tag") || time.Now().After(deadline) {
			return fmt.Errorf("join %v: %w", c.cfg.Join, err)
		}
		c.log.Warn("cluster: no seed answers yet, retrying", "join", c.cfg.Join)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(500 * time.Millisecond):
		}
	}
}

// SetReady marks the node as serving: it may now own new executions and
// lead.
func (c *Cluster) SetReady() {
	c.mu.Lock()
	c.local.Ready = true
	c.resortLocked()
	c.mu.Unlock()
	c.updateMeta()
	c.changed()
}

// Stop leaves the cluster (the others notice at once) and stops the
// background work and the actor endpoint. Definition writes are not
// replicated any more.
func (c *Cluster) Stop() {
	if !c.left.CompareAndSwap(false, true) {
		return
	}
	c.cfg.DB.SetReplication(nil, nil)
	if c.cancel != nil {
		c.cancel()
	}
	if c.ml != nil {
		if err := c.ml.Leave(2 * time.Second); err != nil {
			c.log.Warn("cluster: leave", "err", err)
		}
		c.stopGossip()
	}
	c.wg.Wait()
	c.stopRemote()
}

// Members returns the live members, ordered by name, this node included.
func (c *Cluster) Members() []*Node {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.sorted
}

// IsLeader reports whether this node leads: the oldest ready member that
// is not draining. The leader serializes definition writes and runs the
// cron scheduler, so that a trigger fires once in the cluster.
func (c *Cluster) IsLeader() bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.leader == c.local.Name
}

// Leader returns the leading member (nil while no member is ready).
func (c *Cluster) Leader() *Node {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if m := c.members[c.leader]; m != nil {
		return m.node
	}
	return nil
}

// IsLocal reports whether n is this node.
func (c *Cluster) IsLocal(n *Node) bool { return n == c.local || n.Name == c.local.Name }

// Ownership says what is known of the owner of an id.
type Ownership int

const (
	// OwnerLive: the owner is a live member.
	OwnerLive Ownership = iota
	// OwnerGone: the owner was a member and is not any more.
	OwnerGone
	// OwnerUnknown: the id carries no tag of any member seen.
	OwnerUnknown
)

// Owner returns the live member whose tag id carries. Otherwise the
// node is nil and the ownership says whether that tag belonged to a
// member seen earlier (its name is then returned in gone).
func (c *Cluster) Owner(id string) (n *Node, own Ownership, gone string) {
	tag, ok := OwnerTag(id)
	if !ok {
		return nil, OwnerUnknown, ""
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	if tag == c.local.Tag {
		return c.local, OwnerLive, ""
	}
	var best *Node
	for _, m := range c.members {
		if m.node.Tag == tag && (best == nil || m.node.Started > best.Started) {
			best = m.node
		}
	}
	if best != nil {
		return best, OwnerLive, ""
	}
	if name, ok := c.seen[tag]; ok {
		return nil, OwnerGone, name
	}
	return nil, OwnerUnknown, ""
}

// PickOwner chooses the node that will own a new execution: the ready,
// non-draining members in turn (this node when there is none).
func (c *Cluster) PickOwner() *Node {
	c.mu.RLock()
	defer c.mu.RUnlock()
	var cand []*Node
	for _, n := range c.sorted {
		if n.Ready && !n.Draining {
			cand = append(cand, n)
		}
	}
	if len(cand) == 0 {
		return c.local
	}
	return cand[c.rr.Add(1)%uint64(len(cand))]
}

// Peers returns the live members other than this node.
func (c *Cluster) Peers() []*Node {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]*Node, 0, len(c.sorted))
	for _, n := range c.sorted {
		if n != c.local {
			out = append(out, n)
		}
	}
	return out
}

// resortLocked rebuilds the sorted member list and the leader.
func (c *Cluster) resortLocked() {
	out := make([]*Node, 0, len(c.members))
	for _, m := range c.members {
		out = append(out, m.node)
	}
	slices.SortFunc(out, func(a, b *Node) int {
		if a.Name < b.Name {
			return -1
		}
		if a.Name > b.Name {
			return 1
		}
		return 0
	})
	c.sorted = out
	c.leader = ""
	var lead *Node
	for _, n := range out {
		if !n.Ready || n.Draining {
			continue
		}
		if lead == nil || n.Started < lead.Started || n.Started == lead.Started && n.Name < lead.Name {
			lead = n
		}
	}
	if lead != nil {
		c.leader = lead.Name
	}
}

// changed wakes the leadership goroutine.
func (c *Cluster) changed() {
	select {
	case c.leaderCh <- struct{}{}:
	default:
	}
}

// leadership reports leadership changes to the OnLeaderChange functions.
func (c *Cluster) leadership() {
	defer c.wg.Done()
	for {
		stopping := false
		select {
		case <-c.ctx.Done():
			stopping = true
		case <-c.leaderCh:
		}
		now := c.IsLeader() && !stopping
		c.lmu.Lock()
		watches := slices.Clone(c.onLeader)
		c.lmu.Unlock()
		for _, w := range watches {
			if w.reported != now {
				w.reported = now
				w.fn(now)
			}
		}
		if stopping {
			return
		}
	}
}

// splitHostPort parses host:port with a numeric port.
func splitHostPort(addr string) (string, int, error) {
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		return "", 0, err
	}
	port, err := strconv.Atoi(p)
	if err != nil || port < 0 || port > 65535 {
		return "", 0, fmt.Errorf("bad port in %q", addr)
	}
	return host, port, nil
}

// unspecified reports whether host binds every interface.
func unspecified(host string) bool {
	if host == "" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsUnspecified()
}

// metaOf encodes n's gossip metadata.
func metaOf(n *Node) *clusterpb.NodeMeta {
	return &clusterpb.NodeMeta{Tag: uint32(n.Tag), Api: n.API, Actor: n.Actor, Version: n.Version,
		Groups: n.Groups, Started: n.Started, Ready: n.Ready, Draining: n.Draining}
}

// nodeOf decodes a member's metadata.
func nodeOf(name string, m *clusterpb.NodeMeta) *Node {
	return &Node{Name: name, Groups: m.Groups, Tag: uint16(m.Tag), API: m.Api, Actor: m.Actor,
		Version: m.Version, Started: m.Started, Ready: m.Ready, Draining: m.Draining}
}
