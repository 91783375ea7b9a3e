package cluster

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/mistral-go/mistral-go/cluster/clusterpb"
	"github.com/mistral-go/mistral-go/storage"
)

// Definitions are replicated synchronously: the node that writes numbers
// the batch (one past its sequence number), commits it, and sends it to
// every live member, which commits it unchanged before answering; the
// write returns once every member answered or ReplicateTimeout passed.
// Writes reach the leader (httpd forwards them), so they are numbered
// and applied in one order. A member that missed batches (it was down,
// slow or partitioned) notices a gap or a higher sequence number on
// another member and installs a copy of that member's definitions.

// replicate is the storage.Replicator of this node's database.
func (c *Cluster) replicate(rc *storage.ReplicaCommit) error {
	c.repMu.Lock()
	defer c.repMu.Unlock()
	c.applyMu.Lock()
	seq, err := c.cfg.DB.ReplicaSeq()
	if err == nil {
		seq++
		err = rc.SetSeq(seq)
	}
	var repr []byte
	if err == nil {
		repr = rc.Repr()
		err = rc.Commit()
	}
	c.applyMu.Unlock()
	if err != nil {
		return err
	}
	peers := c.Peers()
	if len(peers) == 0 {
		return nil
	}
	msg := &clusterpb.ReplicateBatch{Seq: seq, Repr: repr, Origin: c.local.Name}
	var wg sync.WaitGroup
	for _, p := range peers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := c.sendBatch(p, msg)
			c.m.replicated(err)
			if err != nil {
				c.log.Warn("cluster: definitions not replicated; the node will catch up", "node", p.Name, "seq", seq, "err", err)
			}
		}()
	}
	wg.Wait()
	return nil
}

func (c *Cluster) sendBatch(p *Node, msg *clusterpb.ReplicateBatch) error {
	v, err := c.request(context.Background(), p, msg, c.cfg.ReplicateTimeout)
	if err != nil {
		return err
	}
	ack, ok := v.(*clusterpb.ReplicateAck)
	if !ok {
		return fmt.Errorf("answered %T", v)
	}
	if ack.Error != "" {
		return errors.New(ack.Error)
	}
	return nil
}

// applyBatch commits a batch another node replicated.
func (c *Cluster) applyBatch(m *clusterpb.ReplicateBatch) *clusterpb.ReplicateAck {
	c.applyMu.Lock()
	defer c.applyMu.Unlock()
	if m.Seq <= c.installed {
		// Already in the snapshot installed meanwhile.
		return &clusterpb.ReplicateAck{Seq: m.Seq}
	}
	cur, err := c.cfg.DB.ReplicaSeq()
	if err == nil {
		err = c.cfg.DB.ApplyReplica(m.Seq, m.Repr)
	}
	if err != nil {
		c.log.Error("cluster: cannot apply replicated definitions", "from", m.Origin, "seq", m.Seq, "err", err)
		return &clusterpb.ReplicateAck{Seq: m.Seq, Error: err.Error()}
	}
	if m.Seq > cur+1 {
		c.kickSync()
	}
	return &clusterpb.ReplicateAck{Seq: m.Seq}
}

func (c *Cluster) seqResponse() *clusterpb.SeqResponse {
	seq, _ := c.cfg.DB.ReplicaSeq()
	return &clusterpb.SeqResponse{Seq: seq}
}

// snapshot copies this node's definitions.
func (c *Cluster) snapshot() *clusterpb.SnapshotResponse {
	out := &clusterpb.SnapshotResponse{}
	seq, err := c.cfg.DB.ReplicaSnapshot(func(k, v []byte) error {
		out.Pairs = append(out.Pairs, &clusterpb.KeyValue{Key: slices.Clone(k), Value: slices.Clone(v)})
		return nil
	})
	if err != nil {
		return &clusterpb.SnapshotResponse{Error: err.Error()}
	}
	out.Seq = seq
	return out
}

// kickSync asks the anti-entropy loop for a round now.
func (c *Cluster) kickSync() {
	select {
	case c.syncNow <- struct{}{}:
	default:
	}
}

// antiEntropy compares definitions with the other members now and then.
func (c *Cluster) antiEntropy() {
	defer c.wg.Done()
	t := time.NewTicker(c.cfg.SyncInterval)
	defer t.Stop()
	for {
		select {
		case <-c.ctx.Done():
			return
		case <-t.C:
		case <-c.syncNow:
		}
		if err := c.catchUp(c.ctx); err != nil && c.ctx.Err() == nil {
			c.log.Warn("cluster: definitions catch-up", "err", err)
		}
	}
}

// catchUp asks every member for its sequence number and, when one is
// ahead of this node, installs a copy of that member's definitions.
func (c *Cluster) catchUp(ctx context.Context) error {
	peers := c.Peers()
	if len(peers) == 0 {
		return nil
	}
	type answer struct {
		n   *Node
		seq uint64
	}
	answers := make([]answer, len(peers))
	var wg sync.WaitGroup
	for i, p := range peers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := c.request(ctx, p, &clusterpb.SeqRequest{}, 5*time.Second)
			if r, ok := v.(*clusterpb.SeqResponse); err == nil && ok {
				answers[i] = answer{p, r.Seq}
			}
		}()
	}
	wg.Wait()
	var best answer
	lead := c.Leader()
	for _, a := range answers {
		if a.n == nil {
			continue
		}
		if a.seq > best.seq || a.seq == best.seq && best.n != nil && lead != nil && a.n.Name == lead.Name {
			best = a
		}
	}
	mine, err := c.cfg.DB.ReplicaSeq()
	if err != nil {
		return err
	}
	if best.n == nil || best.seq <= mine {
		return nil
	}
	return c.install(ctx, best.n)
}

// install replaces this node's definitions by a copy of n's.
func (c *Cluster) install(ctx context.Context, n *Node) error {
	c.applyMu.Lock()
	defer c.applyMu.Unlock()
	v, err := c.request(ctx, n, &clusterpb.SnapshotRequest{}, time.Minute)
	if err != nil {
		return err
	}
	snap, ok := v.(*clusterpb.SnapshotResponse)
	if !ok {
		return fmt.Errorf("%s answered %T", n.Name, v)
	}
	if snap.Error != "" {
		return fmt.Errorf("%s: %s", n.Name, snap.Error)
	}
	pairs := make([][2][]byte, len(snap.Pairs))
	for i, p := range snap.Pairs {
		pairs[i] = [2][]byte{p.Key, p.Value}
	}
	if err := c.cfg.DB.InstallReplicaSnapshot(snap.Seq, pairs); err != nil {
		return err
	}
	c.installed = max(c.installed, snap.Seq)
	c.m.installs.Inc()
	c.log.Info("cluster: definitions copied", "from", n.Name, "seq", snap.Seq, "keys", len(pairs))
	return nil
}
