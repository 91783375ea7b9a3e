// Package expiration deletes old finished executions, as Mistral's
// execution expiration policy does (states.md §7): every evaluation
// interval, the finished top-level executions last updated more than
// OlderThan ago, then those beyond the MaxFinished most recently updated,
// go with their whole tree (tasks, action executions, sub-workflows).
//
// Deletions go through the engine (one execution tree at a time, each in
// its own actor), a batch at a time with a few in flight, so running
// executions never wait behind the policy and are never touched: a
// running execution is not a candidate, and the engine refuses to
// delete one that is not finished.
package expiration

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/mistral-go/mistral-go/storage"
)

// Deleter deletes an execution tree (actors.API does).
type Deleter interface {
	DeleteExecution(ctx context.Context, id string, force bool) error
}

// terminal are the states an execution can expire in.
var terminal = []string{"CANCELLED", "ERROR", "SUCCESS"}

// Config is Mistral's [execution_expiration_policy] plus our knobs.
type Config struct {
	Runtime *storage.Runtime
	Engine  Deleter
	// Interval is evaluation_interval; 0 disables the policy.
	Interval time.Duration
	// OlderThan is older_than: finished executions last updated longer
	// ago expire; 0 leaves age alone.
	OlderThan time.Duration
	// MaxFinished is max_finished_executions: only that many finished
	// executions (the most recently updated) are kept; 0 keeps all.
	MaxFinished int
	// BatchSize is batch_size: executions deleted per batch; 0 deletes
	// every candidate in one batch.
	BatchSize int
	// IgnoredStates are terminal states that never expire.
	IgnoredStates []string
	// InFlight bounds the deletions running at once (default 4).
	InFlight int
	// Now is the clock (time.Now by default).
	Now func() time.Time
	// Logger logs failures (slog.Default() when nil).
	Logger *slog.Logger
	// Registerer receives the metrics (nil: none).
	Registerer prometheus.Registerer
}

// Policy runs the expiration policy.
type Policy struct {
	cfg    Config
	states []string
	log    *slog.Logger

	deleted, failed, batches prometheus.Counter

	cancel context.CancelFunc
	done   chan struct{}
}

// New checks cfg (ignored states must be terminal, as Mistral checks at
// start-up).
func New(cfg Config) (*Policy, error) {
	if cfg.Runtime == nil || cfg.Engine == nil {
		return nil, errors.New("expiration: Config needs Runtime and Engine")
	}
	for _, s := range cfg.IgnoredStates {
		if !slices.Contains(terminal, s) {
			return nil, fmt.Errorf("%s is not a terminal state. The valid states are [%s]", s, strings.Join(terminal, ", "))
		}
	}
	if cfg.InFlight <= 0 {
		cfg.InFlight = 4
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	p := &Policy{cfg: cfg, log: cfg.Logger}
	for _, s := range terminal {
		if !slices.Contains(cfg.IgnoredStates, s) {
			p.states = append(p.states, s)
		}
	}
	p.deleted = prometheus.NewCounter(prometheus.CounterOpts{Name: "mistral_expired_executions_total",
		Help: "Execution trees deleted by the expiration policy."})
	p.failed = prometheus.NewCounter(prometheus.CounterOpts{Name: "mistral_expiration_failures_total",
		Help: "Executions the expiration policy could not delete."})
	p.batches = prometheus.NewCounter(prometheus.CounterOpts{Name: "mistral_expiration_batches_total",
		Help: "Batches of executions deleted by the expiration policy."})
	if cfg.Registerer != nil {
		for _, c := range []prometheus.Collector{p.deleted, p.failed, p.batches} {
			if err := cfg.Registerer.Register(c); err != nil {
				return nil, err
			}
		}
	}
	return p, nil
}

// Enabled reports whether the policy has anything to do: an interval,
// and an age or a maximum (Mistral's rule).
func (p *Policy) Enabled() bool {
	return p.cfg.Interval > 0 && (p.cfg.OlderThan >= time.Minute || p.cfg.MaxFinished >= 1)
}

// Start runs the policy now and then every Interval until Stop; it does
// nothing when the policy is not Enabled.
func (p *Policy) Start(ctx context.Context) {
	if !p.Enabled() {
		return
	}
	ctx, p.cancel = context.WithCancel(ctx)
	p.done = make(chan struct{})
	go func() {
		defer close(p.done)
		t := time.NewTicker(p.cfg.Interval)
		defer t.Stop()
		for {
			if _, err := p.RunOnce(ctx); err != nil && ctx.Err() == nil {
				p.log.Error("execution expiration failed", "err", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
}

// Stop stops the policy and waits for the batch in flight.
func (p *Policy) Stop() {
	if p.cancel == nil {
		return
	}
	p.cancel()
	<-p.done
	p.cancel = nil
}

// candidate is a finished top-level execution.
type candidate struct {
	id      string
	updated int64
}

// RunOnce applies the policy once: the expired executions, then the
// superfluous ones, a batch at a time. It returns how many were deleted.
func (p *Policy) RunOnce(ctx context.Context) (int, error) {
	total := 0
	skip := map[string]bool{} // failed in this run: not offered again
	if p.cfg.OlderThan > 0 {
		cutoff := p.cfg.Now().Add(-p.cfg.OlderThan).Unix()
		for {
			list, err := p.finished(skip, func(c candidate) bool { return c.updated < cutoff })
			if err != nil {
				return total, err
			}
			if len(list) == 0 {
				break
			}
			n := p.batchOf(len(list))
			total += p.deleteBatch(ctx, list[:n], skip)
			if ctx.Err() != nil {
				return total, ctx.Err()
			}
		}
	}
	if p.cfg.MaxFinished > 0 {
		list, err := p.finished(skip, nil)
		if err != nil {
			return total, err
		}
		// Newest first: everything past the first MaxFinished goes.
		sort.SliceStable(list, func(i, j int) bool { return list[i].updated > list[j].updated })
		if len(list) > p.cfg.MaxFinished {
			list = list[p.cfg.MaxFinished:]
			for len(list) > 0 {
				n := p.batchOf(len(list))
				total += p.deleteBatch(ctx, list[:n], skip)
				list = list[n:]
				if ctx.Err() != nil {
					return total, ctx.Err()
				}
			}
		}
	}
	return total, nil
}

func (p *Policy) batchOf(n int) int {
	if p.cfg.BatchSize > 0 && p.cfg.BatchSize < n {
		return p.cfg.BatchSize
	}
	return n
}

// finished lists the finished top-level executions in the states that
// may expire, oldest update first, that keep accepts.
func (p *Policy) finished(skip map[string]bool, keep func(candidate) bool) ([]candidate, error) {
	var out []candidate
	for _, st := range p.states {
		err := p.cfg.Runtime.Executions.Scan(storage.IndexState, st, func(ex *storage.Execution) bool {
			c := candidate{ex.ID, ex.UpdatedAt}
			if c.updated == 0 {
				c.updated = ex.CreatedAt
			}
			if ex.TaskExecutionID == "" && !skip[ex.ID] && (keep == nil || keep(c)) {
				out = append(out, c)
			}
			return true
		})
		if err != nil {
			return nil, err
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].updated < out[j].updated })
	return out, nil
}

// deleteBatch deletes one batch, InFlight at a time; failures are
// logged, counted and not offered again in this run.
func (p *Policy) deleteBatch(ctx context.Context, list []candidate, skip map[string]bool) int {
	var (
		mu      sync.Mutex
		deleted int
		wg      sync.WaitGroup
	)
	sem := make(chan struct{}, p.cfg.InFlight)
	for _, c := range list {
		if ctx.Err() != nil {
			break
		}
		sem <- struct{}{}
		wg.Add(1)
		go func(c candidate) {
			defer func() { <-sem; wg.Done() }()
			err := p.cfg.Engine.DeleteExecution(ctx, c.id, false)
			mu.Lock()
			defer mu.Unlock()
			var nf *storage.NotFoundError
			switch {
			case err == nil:
				deleted++
				p.deleted.Inc()
			case errors.As(err, &nf):
				// Deleted meanwhile (by a user, or as part of a tree).
				skip[c.id] = true
			default:
				skip[c.id] = true
				if ctx.Err() == nil {
					p.failed.Inc()
					p.log.Warn("expiration: cannot delete execution", "execution", c.id, "err", err)
				}
			}
		}(c)
	}
	wg.Wait()
	p.batches.Inc()
	return deleted
}
