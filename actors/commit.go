package actors

import (
	"errors"
	"sync"
	"time"

	"github.com/mistral-go/mistral-go/storage"
)

// committer commits the batches of every execution actor in groups: the
// batches waiting while a group commits are merged into the next one,
// which is committed (and synced) once. Under load this turns thousands
// of small synced commits per second into a few hundred large ones,
// which costs Pebble far less than its own group commit of the same
// batches (no per-batch pipeline, no wake-up storm after each fsync).
type committer struct {
	db      *storage.DB
	in      chan *commitReq
	m       *metrics
	mu      sync.RWMutex
	stopped bool
}

type commitReq struct {
	b    *storage.Batch
	done func(error)
}

// maxGroupOps bounds the keys merged into one commit.
const maxGroupOps = 64 << 10

func newCommitter(db *storage.DB, m *metrics, workers int) *committer {
	c := &committer{db: db, in: make(chan *commitReq, 8192), m: m}
	for i := 0; i < workers; i++ {
		go c.run()
	}
	return c
}

// errCommitterStopped answers batches submitted after Stop.
var errCommitterStopped = errors.New("engine stopped: batch not committed")

func (c *committer) submit(b *storage.Batch, done func(error)) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.stopped {
		b.Close()
		done(errCommitterStopped)
		return
	}
	c.in <- &commitReq{b: b, done: done}
}

func (c *committer) run() {
	var group []*commitReq
	for req := range c.in {
		group = append(group[:0], req)
		big := req.b
		var err error
	gather:
		for big.Ops() < maxGroupOps {
			select {
			case r := <-c.in:
				group = append(group, r)
				if err == nil {
					err = big.Absorb(r.b)
				} else {
					r.b.Close()
				}
			default:
				break gather
			}
		}
		start := time.Now()
		if err == nil {
			err = big.Commit()
		} else {
			big.Close()
		}
		c.m.commitSeconds.Observe(time.Since(start).Seconds())
		c.m.batchOps.Observe(float64(len(group)))
		for _, r := range group {
			r.done(err)
		}
		clear(group)
	}
}

// stop ends the committer once every submitted batch is done; later
// batches are refused.
func (c *committer) stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.stopped {
		c.stopped = true
		close(c.in)
	}
}
