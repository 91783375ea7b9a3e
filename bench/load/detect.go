package load

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Completion detection methods.
const (
	// DetectRunning lists the RUNNING executions (paged, fields=id,state)
	// and counts every acknowledged execution absent from the list as
	// finished: one poll costs O(executions still running). The final
	// states are read once at the end.
	DetectRunning = "running"
	// DetectList is bench.py's method: list every execution of the
	// workflow (fields=id,state) on each poll: O(executions started).
	DetectList = "list"
	// DetectGet reads each unfinished execution with GET
	// /v2/executions/{id}, at a bounded rate.
	DetectGet = "get"
)

// detector finds finished executions among the tracker's pending ones.
type detector struct {
	c        *Client
	t        *tracker
	method   string
	workflow string
	getRate  float64
	getConns int

	polls    atomic.Int64
	requests atomic.Int64
	rows     atomic.Int64
	pollTime atomic.Int64 // ns spent in polls
	errors   atomic.Int64
}

// poll runs one detection round.
func (d *detector) poll(ctx context.Context, budget time.Duration) {
	start := time.Now()
	var err error
	switch d.method {
	case DetectList:
		err = d.pollList(ctx, start)
	case DetectGet:
		err = d.pollGet(ctx, budget)
	default:
		err = d.pollRunning(ctx, start)
	}
	d.polls.Add(1)
	d.pollTime.Add(int64(time.Since(start)))
	if err != nil && ctx.Err() == nil {
		d.errors.Add(1)
		d.t.note(fmt.Errorf("poll: %w", err))
	}
}

const pageSize = 1000

// pollRunning lists the running executions page by page.
func (d *detector) pollRunning(ctx context.Context, sent time.Time) error {
	running := map[string]struct{}{}
	marker := ""
	for {
		q := "/v2/executions?state=RUNNING&fields=id,state&limit=" + fmt.Sprint(pageSize)
		if marker != "" {
			q += "&marker=" + marker
		}
		var page execPage
		d.requests.Add(1)
		if err := d.c.JSON(ctx, "GET", q, nil, &page); err != nil {
			return err
		}
		d.rows.Add(int64(len(page.Executions)))
		for _, e := range page.Executions {
			running[e.ID] = struct{}{}
		}
		if len(page.Executions) < pageSize {
			break
		}
		marker = page.Executions[len(page.Executions)-1].ID
	}
	d.t.mu.Lock()
	for id, f := range d.t.pending {
		if _, ok := running[id]; !ok && f.acked.Before(sent) {
			d.t.finishedLocked(id, f, sent, "")
		}
	}
	d.t.mu.Unlock()
	return nil
}

// pollList lists every execution of the workflow at once.
func (d *detector) pollList(ctx context.Context, sent time.Time) error {
	var page execPage
	d.requests.Add(1)
	q := "/v2/executions?workflow_name=" + url.QueryEscape(d.workflow) + "&fields=id,state&limit=100000"
	if err := d.c.JSON(ctx, "GET", q, nil, &page); err != nil {
		return err
	}
	d.rows.Add(int64(len(page.Executions)))
	d.t.mu.Lock()
	for _, e := range page.Executions {
		if !finalState(e.State) {
			continue
		}
		if f, ok := d.t.pending[e.ID]; ok {
			d.t.finishedLocked(e.ID, f, sent, e.State)
		}
	}
	d.t.mu.Unlock()
	return nil
}

// pollGet reads pending executions one by one, oldest acknowledgement
// first, at most getRate per second, within budget.
func (d *detector) pollGet(ctx context.Context, budget time.Duration) error {
	d.t.mu.Lock()
	type item struct {
		id string
		f  flight
	}
	todo := make([]item, 0, len(d.t.pending))
	for id, f := range d.t.pending {
		todo = append(todo, item{id, f})
	}
	d.t.mu.Unlock()
	limit := int(d.getRate * budget.Seconds())
	if limit < 1 {
		limit = 1
	}
	if len(todo) > limit {
		// Oldest first: they are the likeliest to be finished.
		slices.SortFunc(todo, func(a, b item) int { return a.f.acked.Compare(b.f.acked) })
		todo = todo[:limit]
	}
	interval := time.Duration(float64(time.Second) / d.getRate)
	var wg sync.WaitGroup
	var firstErr atomic.Value
	next := atomic.Int64{}
	begin := time.Now()
	conns := min(d.getConns, len(todo))
	for w := 0; w < conns; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(todo) || ctx.Err() != nil {
					return
				}
				if wait := time.Until(begin.Add(time.Duration(i) * interval)); wait > 0 {
					time.Sleep(wait)
				}
				sent := time.Now()
				var e execRef
				d.requests.Add(1)
				if err := d.c.JSON(ctx, "GET", "/v2/executions/"+todo[i].id, nil, &e); err != nil {
					firstErr.CompareAndSwap(nil, err)
					continue
				}
				d.rows.Add(1)
				if finalState(e.State) {
					d.t.mu.Lock()
					if f, ok := d.t.pending[todo[i].id]; ok {
						d.t.finishedLocked(todo[i].id, f, sent, e.State)
					}
					d.t.mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if err, ok := firstErr.Load().(error); ok {
		return err
	}
	return nil
}
