package load

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// getLoad sends GET path from cfg.Concurrency keep-alive clients, each
// waiting for its answer before the next request, for cfg.Duration.
func getLoad(ctx context.Context, c *Client, path string, cfg Config, r *Result) {
	var mu sync.Mutex
	var all []time.Duration
	errs := 0
	var samples []string
	deadline := time.Now().Add(cfg.Duration)
	begin := time.Now()
	var wg sync.WaitGroup
	for w := 0; w < cfg.Concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mine := make([]time.Duration, 0, 4096)
			bad := 0
			var sample error
			for time.Now().Before(deadline) && ctx.Err() == nil {
				t0 := time.Now()
				_, err := c.Do(ctx, "GET", path, nil, "")
				mine = append(mine, time.Since(t0))
				if err != nil {
					bad++
					sample = err
				}
			}
			mu.Lock()
			all = append(all, mine...)
			errs += bad
			if sample != nil && len(samples) < 5 {
				samples = append(samples, sample.Error())
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	wall := time.Since(begin)
	r.Requests, r.RequestErrors = len(all), errs
	r.WallS = wall.Seconds()
	r.DurationS = cfg.Duration.Seconds()
	r.Latency = summarize(all)
	r.Errors = append(r.Errors, samples...)
	if errs > 0 && len(samples) == 0 {
		r.Errors = append(r.Errors, fmt.Sprintf("%d failed requests", errs))
	}
}
