package cluster

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/asynkron/protoactor-go/remote"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/mistral-go/mistral-go/cluster/clusterpb"
)

// actorPrefix starts the name of every node's cluster actor, followed
// by the member name.
const actorPrefix = "mistral-node-"

// maxMessage bounds one message between nodes (a definitions snapshot
// is the largest).
const maxMessage = 512 << 20

var quietLog = slog.New(slog.DiscardHandler)

// Endpoint is a protoactor-go remote endpoint: an actor system other
// processes reach over gRPC. A process has one; Clusters in one process
// (tests) may share it, each with its own actor.
type Endpoint struct {
	addr string
	sys  *actor.ActorSystem
	rem  *remote.Remote
	root *actor.RootContext
}

// NewEndpoint starts an endpoint listening on addr (host:port; port 0
// picks one; an unspecified host advertises the outbound address).
func NewEndpoint(addr string) (*Endpoint, error) {
	host, port, err := splitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("actor address: %w", err)
	}
	// The remote panics when it cannot listen, and needs its advertised
	// address before it listens: find a free port first.
	ln, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		return nil, fmt.Errorf("actor endpoint: %w", err)
	}
	port = ln.Addr().(*net.TCPAddr).Port
	_ = ln.Close()
	adv := host
	if unspecified(host) {
		if adv, err = outboundIP(); err != nil {
			return nil, err
		}
	}
	e := &Endpoint{addr: net.JoinHostPort(adv, strconv.Itoa(port))}
	e.sys = actor.NewActorSystem(actor.WithLoggerFactory(func(*actor.ActorSystem) *slog.Logger { return quietLog }))
	e.root = e.sys.Root
	rc := remote.Configure(host, port,
		remote.WithAdvertisedHost(e.addr),
		remote.WithServerOptions(grpc.MaxRecvMsgSize(maxMessage)),
		remote.WithDialOptions(grpc.WithTransportCredentials(insecure.NewCredentials()),
			grpc.WithDefaultCallOptions(grpc.MaxCallSendMsgSize(maxMessage), grpc.MaxCallRecvMsgSize(maxMessage))))
	e.rem = remote.NewRemote(e.sys, rc)
	if err := startSafely(e.rem); err != nil {
		return nil, fmt.Errorf("actor endpoint on %s: %w", e.addr, err)
	}
	return e, nil
}

// Addr is the address other nodes reach the endpoint on.
func (e *Endpoint) Addr() string { return e.addr }

// Close stops the endpoint.
func (e *Endpoint) Close() {
	e.rem.Shutdown(false)
	e.sys.Shutdown()
}

// startRemote starts this node's cluster actor, on its own endpoint
// unless the configuration shares one.
func (c *Cluster) startRemote() error {
	c.ep = c.cfg.Endpoint
	if c.ep == nil {
		addr := c.cfg.Actor
		if addr == "" {
			host, _, err := splitHostPort(c.cfg.Gossip)
			if err != nil {
				return fmt.Errorf("gossip address: %w", err)
			}
			addr = net.JoinHostPort(host, "0")
		}
		ep, err := NewEndpoint(addr)
		if err != nil {
			return err
		}
		c.ep, c.ownEP = ep, true
	}
	c.root = c.ep.root
	c.local.Actor = c.ep.addr
	pid, err := c.root.SpawnNamed(actor.PropsFromFunc(c.receive), actorPrefix+c.local.Name)
	if err != nil {
		c.stopRemote()
		return err
	}
	c.pid = pid
	return nil
}

// startSafely starts the remote, turning its panic into an error.
func startSafely(r *remote.Remote) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%v", p)
		}
	}()
	r.Start()
	return nil
}

// outboundIP is the address of the first non-loopback IPv4 interface.
func outboundIP() (string, error) {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return "", err
	}
	for _, a := range addrs {
		if ip, ok := a.(*net.IPNet); ok && !ip.IP.IsLoopback() && ip.IP.To4() != nil {
			return ip.IP.String(), nil
		}
	}
	return "127.0.0.1", nil
}

func (c *Cluster) stopRemote() {
	if c.pid != nil {
		_ = c.root.StopFuture(c.pid).Wait()
		c.pid = nil
	}
	if c.ownEP {
		c.ep.Close()
	}
}

// receive is the cluster actor: each request is served on its own
// goroutine (a forwarded call may run long) and answered to its sender.
func (c *Cluster) receive(ctx actor.Context) {
	sender := ctx.Sender()
	var serve func() any
	switch m := ctx.Message().(type) {
	case *clusterpb.HTTPRequest:
		serve = func() any { return c.serveHTTP(m) }
	case *clusterpb.ReplicateBatch:
		serve = func() any { return c.applyBatch(m) }
	case *clusterpb.SeqRequest:
		serve = func() any { return c.seqResponse() }
	case *clusterpb.SnapshotRequest:
		serve = func() any { return c.snapshot() }
	default:
		return
	}
	if sender == nil {
		return
	}
	go func() { c.root.Send(sender, serve()) }()
}

// serveHTTP serves a forwarded request through the handler.
func (c *Cluster) serveHTTP(req *clusterpb.HTTPRequest) *clusterpb.HTTPResponse {
	ref := c.handler.Load()
	if ref == nil || c.ctx.Err() != nil {
		return &clusterpb.HTTPResponse{Status: 503, Headers: []*clusterpb.Header{{Name: "Content-Type", Values: []string{"application/json"}}},
			Body: []byte(`{"faultcode": "Server", "faultstring": "Node ` + c.local.Name + ` is not serving requests.", "debuginfo": null}`)}
	}
	return ref.h.ServeForwarded(c.ctx, req)
}

// request sends msg to node n's cluster actor and waits for the answer,
// at most timeout, and no longer than n stays a member or ctx lasts.
func (c *Cluster) request(ctx context.Context, n *Node, msg any, timeout time.Duration) (any, error) {
	c.mu.RLock()
	m := c.members[n.Name]
	c.mu.RUnlock()
	if m == nil || m.node.Actor == "" || c.root == nil {
		return nil, fmt.Errorf("%w: %s is not a live member", ErrUnavailable, n.Name)
	}
	pid := actor.NewPID(m.node.Actor, actorPrefix+m.node.Name)
	f := c.root.RequestFuture(pid, msg, timeout)
	type result struct {
		v   any
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := f.Result()
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		if r.err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrUnavailable, n.Name, r.err)
		}
		if _, dead := r.v.(*actor.DeadLetterResponse); dead {
			return nil, fmt.Errorf("%w: %s did not take the request", ErrUnavailable, n.Name)
		}
		return r.v, nil
	case <-m.gone:
		return nil, fmt.Errorf("%w: %s left the cluster", ErrUnavailable, n.Name)
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Forward has node n serve req (through its Handler) and returns its
// answer; this node's own Handler serves a request for itself.
func (c *Cluster) Forward(ctx context.Context, n *Node, req *clusterpb.HTTPRequest) (*clusterpb.HTTPResponse, error) {
	start := time.Now()
	if c.IsLocal(n) {
		return c.serveHTTP(req), nil
	}
	v, err := c.request(ctx, n, req, c.cfg.RequestTimeout)
	c.m.forward(start, err)
	if err != nil {
		return nil, err
	}
	resp, ok := v.(*clusterpb.HTTPResponse)
	if !ok {
		return nil, fmt.Errorf("%w: %s answered %T", ErrUnavailable, n.Name, v)
	}
	return resp, nil
}
