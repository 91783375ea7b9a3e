package load

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Load modes.
const (
	// ModeBurst starts N executions as fast as Concurrency clients can and
	// times until all have finished.
	ModeBurst = "burst"
	// ModeSteady starts executions at a fixed Rate for Duration and
	// watches the backlog of unfinished ones.
	ModeSteady = "steady"
)

// Config is one load run.
type Config struct {
	// URL is the API's base URL, e.g. http://127.0.0.1:8989.
	URL string
	// Scenario names an entry of Scenarios.
	Scenario string
	// Mode is ModeBurst or ModeSteady (execution scenarios).
	Mode string
	// N is the burst size (0: the scenario's DefaultN).
	N int
	// Concurrency bounds the requests in flight: starts in a burst, GET
	// clients in a GET scenario.
	Concurrency int
	// Rate is the steady start rate per second.
	Rate float64
	// Duration is how long a steady or GET run lasts.
	Duration time.Duration
	// Detect is the completion detection method (DetectRunning, DetectList,
	// DetectGet).
	Detect string
	// Poll is the interval between detection rounds.
	Poll time.Duration
	// GetRate bounds the GETs per second of DetectGet.
	GetRate float64
	// Timeout bounds the wait for completion after the last start.
	Timeout time.Duration
	// Server names the server processes whose CPU time to measure.
	Server Server
	// Keep leaves the workflows and executions in place.
	Keep bool
	// Prefix starts the names of the workflows the run defines.
	Prefix string
	// Seed is how many executions the list-exec scenario creates first.
	Seed int
	// Log receives progress lines (nil: none).
	Log io.Writer
}

// Defaults fills unset fields.
func (c *Config) Defaults() {
	if c.Mode == "" {
		c.Mode = ModeBurst
	}
	if c.Concurrency <= 0 {
		c.Concurrency = 32
	}
	if c.Duration <= 0 {
		c.Duration = 10 * time.Second
	}
	if c.Detect == "" {
		c.Detect = DetectRunning
	}
	if c.Poll <= 0 {
		c.Poll = 100 * time.Millisecond
	}
	if c.GetRate <= 0 {
		c.GetRate = 1000
	}
	if c.Timeout <= 0 {
		c.Timeout = 10 * time.Minute
	}
	if c.Prefix == "" {
		c.Prefix = "bench_"
	}
	if c.Seed <= 0 {
		c.Seed = 100
	}
}

func (c *Config) validate() (*Scenario, error) {
	sc := Scenarios[c.Scenario]
	if sc == nil {
		return nil, fmt.Errorf("unknown scenario %q (one of %s)", c.Scenario, strings.Join(ScenarioNames(), ", "))
	}
	if c.Mode != ModeBurst && c.Mode != ModeSteady {
		return nil, fmt.Errorf("unknown mode %q (burst or steady)", c.Mode)
	}
	if c.Mode == ModeSteady && c.Rate <= 0 && sc.Get == "" {
		return nil, errors.New("steady mode needs a rate above 0")
	}
	switch c.Detect {
	case DetectRunning, DetectList, DetectGet:
	default:
		return nil, fmt.Errorf("unknown detection %q (running, list or get)", c.Detect)
	}
	if c.N <= 0 {
		c.N = max(sc.DefaultN, 1)
	}
	if c.URL == "" {
		return nil, errors.New("no URL")
	}
	return sc, nil
}

// Run performs one load run and returns its result; the workflows it
// defined (and their executions) are deleted afterwards unless cfg.Keep.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	cfg.Defaults()
	sc, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	c := NewClient(cfg.URL, cfg.Concurrency+8)
	defer c.Close()
	name := cfg.Prefix + strings.ReplaceAll(sc.Name, "-", "_") + "_" + randomHex(4)
	text, names := sc.define(name)
	if _, err := c.Do(ctx, "POST", "/v2/workflows", []byte(text), "text/plain"); err != nil {
		return nil, fmt.Errorf("define workflows: %w", err)
	}
	if !cfg.Keep {
		defer func() {
			cctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			defer cancel()
			if err := cleanup(cctx, c, names); err != nil {
				cfg.logf("cleanup: %v", err)
			}
		}()
	}
	r := &Result{Scenario: sc.Name, Title: sc.Title, URL: cfg.URL, Mode: cfg.Mode, Concurrency: cfg.Concurrency, Workflow: name}
	if sc.Get != "" {
		r.Mode = "get"
		path := "/v2/workflows/" + name
		if sc.Get == "executions" {
			if err := seed(ctx, c, name, cfg); err != nil {
				return nil, err
			}
			path = "/v2/executions?workflow_name=" + name + "&limit=100"
		}
		r.Path = path
		before := cfg.Server.Sample()
		getLoad(ctx, c, path, cfg, r)
		r.CPU = cfg.Server.Sample().Since(before)
		r.finish(sc)
		return r, nil
	}
	r.Detect, r.PollMS = cfg.Detect, float64(cfg.Poll)/float64(time.Millisecond)
	before := cfg.Server.Sample()
	x := &execRun{cfg: cfg, c: c, name: name, r: r}
	if cfg.Mode == ModeSteady {
		x.steady(ctx)
	} else {
		x.burst(ctx)
	}
	r.CPU = cfg.Server.Sample().Since(before)
	x.verify(ctx)
	r.finish(sc)
	return r, nil
}

func (c *Config) logf(format string, args ...any) {
	if c.Log != nil {
		fmt.Fprintf(c.Log, format+"\n", args...)
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// execRun is one run of an execution scenario.
type execRun struct {
	cfg  Config
	c    *Client
	name string
	r    *Result
	t    *tracker
	d    *detector
}

func (x *execRun) setup(n int) {
	x.t = newTracker(n)
	x.d = &detector{c: x.c, t: x.t, method: x.cfg.Detect, workflow: x.name, getRate: x.cfg.GetRate, getConns: 4}
}

// start POSTs one execution.
func (x *execRun) start(ctx context.Context, body []byte) {
	sent := time.Now()
	var e execRef
	if err := x.c.JSON(ctx, "POST", "/v2/executions", body, &e); err != nil {
		x.t.startFailed(sent, err)
		return
	}
	x.t.started(e.ID, sent, time.Now())
}

func (x *execRun) body() []byte {
	b, _ := json.Marshal(map[string]string{"workflow_name": x.name})
	return b
}

// burst starts cfg.N executions from cfg.Concurrency clients while the
// detector polls, until all are finished or the timeout passes.
func (x *execRun) burst(ctx context.Context) {
	n := x.cfg.N
	x.setup(n)
	x.r.N = n
	body := x.body()
	var next atomic.Int64
	var wg sync.WaitGroup
	begin := time.Now()
	for w := 0; w < x.cfg.Concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(n) && ctx.Err() == nil {
				x.start(ctx, body)
			}
		}()
	}
	submitted := make(chan struct{})
	go func() {
		wg.Wait()
		close(submitted)
	}()
	x.watch(ctx, submitted)
	x.r.SubmitS = x.submitTime(begin)
}

// steady starts executions at cfg.Rate for cfg.Duration, at most
// cfg.Concurrency POSTs in flight, then waits for the backlog to drain.
func (x *execRun) steady(ctx context.Context) {
	total := int(x.cfg.Rate * x.cfg.Duration.Seconds())
	x.setup(total)
	x.r.N, x.r.Rate, x.r.DurationS = total, x.cfg.Rate, x.cfg.Duration.Seconds()
	body := x.body()
	slots := make(chan struct{}, x.cfg.Concurrency)
	var wg sync.WaitGroup
	var late atomic.Int64
	begin := time.Now()
	interval := time.Duration(float64(time.Second) / x.cfg.Rate)
	submitted := make(chan struct{})
	go func() {
		defer close(submitted)
		for i := 0; i < total && ctx.Err() == nil; i++ {
			due := begin.Add(time.Duration(i) * interval)
			if wait := time.Until(due); wait > 0 {
				time.Sleep(wait)
			}
			select {
			case slots <- struct{}{}:
			default:
				late.Add(1)
				slots <- struct{}{}
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				x.start(ctx, body)
				<-slots
			}()
		}
		wg.Wait()
	}()
	x.watch(ctx, submitted)
	x.r.SubmitS = x.submitTime(begin)
	x.r.LateStarts = int(late.Load())
}

func (x *execRun) submitTime(begin time.Time) float64 {
	x.t.mu.Lock()
	defer x.t.mu.Unlock()
	if x.t.lastAck.IsZero() {
		return 0
	}
	return x.t.lastAck.Sub(begin).Seconds()
}

// watch polls until every start is answered and every acknowledged
// execution finished, or the timeout after the last start passes; it
// samples the backlog once per second.
func (x *execRun) watch(ctx context.Context, submitted <-chan struct{}) {
	var deadline time.Time
	nextSample := time.Now().Add(time.Second)
	maxBacklog := 0
	for ctx.Err() == nil {
		round := time.Now()
		x.d.poll(ctx, x.cfg.Poll)
		acked, done, _ := x.t.counts()
		backlog := acked - done
		maxBacklog = max(maxBacklog, backlog)
		if time.Now().After(nextSample) {
			x.r.BacklogSeries = append(x.r.BacklogSeries, backlog)
			nextSample = nextSample.Add(time.Second)
		}
		select {
		case <-submitted:
			if deadline.IsZero() {
				deadline = time.Now().Add(x.cfg.Timeout)
				x.r.BacklogAtLastStart = backlog
			}
			if backlog == 0 {
				x.r.BacklogMax = maxBacklog
				return
			}
		default:
		}
		if !deadline.IsZero() && time.Now().After(deadline) {
			x.r.TimedOut = true
			break
		}
		if wait := x.cfg.Poll - time.Since(round); wait > 0 {
			time.Sleep(wait)
		}
	}
	x.r.BacklogMax = maxBacklog
}

// verify reads the final state of every finished execution (outside the
// timed part) and fills the result's counts and latencies.
func (x *execRun) verify(ctx context.Context) {
	t := x.t
	r := x.r
	r.Polls, r.PollRequests, r.PollRows = int(x.d.polls.Load()), int(x.d.requests.Load()), int(x.d.rows.Load())
	if r.Polls > 0 {
		r.PollMeanMS = float64(x.d.pollTime.Load()) / float64(r.Polls) / 1e6
	}
	r.PollErrors = int(x.d.errors.Load())
	states, err := listStates(ctx, x.c, x.name)
	if err != nil {
		t.note(fmt.Errorf("verify: %w", err))
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	r.Started, r.StartErrors = t.acked, t.startEr
	for id := range t.done {
		switch states[id] {
		case "SUCCESS":
			r.Succeeded++
		case "":
			if t.done[id] {
				r.Succeeded++
			} else {
				r.Failed++
			}
		default:
			r.Failed++
		}
	}
	r.Unfinished = len(t.pending)
	if !t.last.IsZero() {
		r.WallS = t.last.Sub(t.first).Seconds()
	}
	r.StartLatency = summarize(t.starts)
	r.CompletionLatency = summarize(t.ends)
	r.Errors = append(r.Errors, t.samples...)
	r.ids = t.ids
}

// listStates reads the state of every execution of workflow name.
func listStates(ctx context.Context, c *Client, name string) (map[string]string, error) {
	out := map[string]string{}
	marker := ""
	for {
		q := "/v2/executions?workflow_name=" + name + "&fields=id,state&limit=" + fmt.Sprint(pageSize)
		if marker != "" {
			q += "&marker=" + marker
		}
		var page execPage
		if err := c.JSON(ctx, "GET", q, nil, &page); err != nil {
			return out, err
		}
		for _, e := range page.Executions {
			out[e.ID] = e.State
		}
		if len(page.Executions) < pageSize {
			return out, nil
		}
		marker = page.Executions[len(page.Executions)-1].ID
	}
}

// seed starts cfg.Seed executions of name and waits for them.
func seed(ctx context.Context, c *Client, name string, cfg Config) error {
	scfg := cfg
	scfg.N, scfg.Mode = cfg.Seed, ModeBurst
	x := &execRun{cfg: scfg, c: c, name: name, r: &Result{}}
	x.burst(ctx)
	x.verify(ctx)
	if x.r.Succeeded != cfg.Seed {
		return fmt.Errorf("seed: %d of %d executions succeeded (%s)", x.r.Succeeded, cfg.Seed, strings.Join(x.r.Errors, "; "))
	}
	return nil
}
