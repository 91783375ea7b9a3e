package load

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// getLoad sends GET path from cfg.Concurrency keep-alive clients for
// cfg.Duration. Without a rate each client sends its next request when
// the last is answered (closed loop: latency = clients / throughput);
// with cfg.Rate the clients share that many requests per second on a
// fixed schedule (open loop), and a request's latency counts from when it
// was due, so a stalled server is not hidden by requests not sent.
func getLoad(ctx context.Context, c *Client, path string, cfg Config, r *Result) {
	var mu sync.Mutex
	var all, lags, service []time.Duration
	errs := 0
	var samples []string
	deadline := time.Now().Add(cfg.Duration)
	begin := time.Now()
	var wg sync.WaitGroup
	var interval time.Duration
	if cfg.Rate > 0 {
		interval = time.Duration(float64(cfg.Concurrency) * float64(time.Second) / cfg.Rate)
	}
	for w := 0; w < cfg.Concurrency; w++ {
		wg.Add(1)
		// Paced clients start evenly spread over one interval.
		due := begin.Add(interval * time.Duration(w) / time.Duration(cfg.Concurrency))
		go func() {
			defer wg.Done()
			mine := make([]time.Duration, 0, 4096)
			var lag, svc []time.Duration
			bad := 0
			var sample error
			for ctx.Err() == nil {
				var t0 time.Time
				if interval > 0 {
					if !due.Before(deadline) {
						break
					}
					if wait := time.Until(due); wait > 0 {
						time.Sleep(wait)
					}
					lag = append(lag, time.Since(due))
					t0, due = due, due.Add(interval)
				} else {
					if t0 = time.Now(); !t0.Before(deadline) {
						break
					}
				}
				sent := time.Now()
				_, err := c.Do(ctx, "GET", path, nil, "")
				mine = append(mine, time.Since(t0))
				if interval > 0 {
					svc = append(svc, time.Since(sent))
				}
				if err != nil {
					bad++
					sample = err
				}
			}
			mu.Lock()
			all = append(all, mine...)
			lags = append(lags, lag...)
			service = append(service, svc...)
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
	r.DurationS, r.Rate = cfg.Duration.Seconds(), cfg.Rate
	r.Latency = summarize(all)
	if interval > 0 {
		r.SendLag = summarize(lags)
		r.Service = summarize(service)
	}
	r.Errors = append(r.Errors, samples...)
	if errs > 0 && len(samples) == 0 {
		r.Errors = append(r.Errors, fmt.Sprintf("%d failed requests", errs))
	}
}
