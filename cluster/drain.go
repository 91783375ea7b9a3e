package cluster

import (
	"context"
	"time"
)

// Drain prepares a graceful leave: the node stops taking new executions
// (the others stop choosing it and no longer forward definition writes
// to it) and Drain waits, until ctx ends, for busy to report that
// nothing runs here any more. Executions still running when ctx ends
// stay with this node: they resume when it restarts. A cluster of one
// has nobody to hand work to and returns at once.
func (c *Cluster) Drain(ctx context.Context, busy func() int) {
	if len(c.Peers()) == 0 {
		return
	}
	c.mu.Lock()
	c.local.Draining = true
	c.resortLocked()
	c.mu.Unlock()
	c.updateMeta()
	c.changed()
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		n := busy()
		if n == 0 {
			return
		}
		select {
		case <-ctx.Done():
			c.log.Warn("cluster: leaving with executions still running; they resume when this node restarts", "running", n)
			return
		case <-t.C:
		}
	}
}
