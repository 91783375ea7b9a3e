// Package notify delivers the notifications of params.notify (api.md
// §13): on each state change of a workflow execution or its tasks, a
// JSON POST to every webhook publisher that wants the event.
//
// Delivery never blocks the engine. Notify only queues the event; a
// bounded pool of workers sends them. The events of one root execution
// always go to the same worker, so a receiver gets them in the order the
// changes happened. A failed delivery (no connection, a 5xx or 429
// answer) is retried with exponential backoff; an answer other than 200
// and 201 after the last attempt, or a 4xx, is logged and counted, never
// fatal. A full queue drops the event and counts it.
package notify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/mistral-go/mistral-go/actors"
	"github.com/mistral-go/mistral-go/value"
)

// Config configures a Notifier. Zero fields take the defaults.
type Config struct {
	// Workers is the number of delivery workers (default 4).
	Workers int
	// Queue is the number of events each worker may hold (default 4096).
	Queue int
	// Attempts is how many times a delivery is tried (default 5).
	Attempts int
	// Backoff is the wait before the first retry, doubled each time up
	// to MaxBackoff (defaults 200 ms and 10 s).
	Backoff    time.Duration
	MaxBackoff time.Duration
	// Timeout bounds one HTTP request (default 10 s).
	Timeout time.Duration
	// Client sends the requests (a client with Timeout by default).
	Client *http.Client
	// Logger logs failed deliveries (slog.Default() when nil).
	Logger *slog.Logger
	// Registerer receives the metrics (nil: none).
	Registerer prometheus.Registerer
}

// Notifier implements actors.Observer.
type Notifier struct {
	cfg    Config
	log    *slog.Logger
	seed   maphash.Seed
	queues []chan *actors.Event
	wg     sync.WaitGroup
	ctx    context.Context
	cancel context.CancelFunc

	mu     sync.RWMutex
	closed bool

	sent, failed, retried, dropped prometheus.Counter
}

var _ actors.Observer = (*Notifier)(nil)

// New starts a Notifier's workers; Close stops them.
func New(cfg Config) (*Notifier, error) {
	if cfg.Workers <= 0 {
		cfg.Workers = 4
	}
	if cfg.Queue <= 0 {
		cfg.Queue = 4096
	}
	if cfg.Attempts <= 0 {
		cfg.Attempts = 5
	}
	if cfg.Backoff <= 0 {
		cfg.Backoff = 200 * time.Millisecond
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = 10 * time.Second
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	if cfg.Client == nil {
		cfg.Client = &http.Client{Timeout: cfg.Timeout}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	n := &Notifier{cfg: cfg, log: cfg.Logger, seed: maphash.MakeSeed()}
	n.sent = prometheus.NewCounter(prometheus.CounterOpts{Name: "mistral_notifications_sent_total",
		Help: "Notifications delivered (answered 200 or 201)."})
	n.failed = prometheus.NewCounter(prometheus.CounterOpts{Name: "mistral_notification_failures_total",
		Help: "Notifications given up after their last attempt."})
	n.retried = prometheus.NewCounter(prometheus.CounterOpts{Name: "mistral_notification_retries_total",
		Help: "Notification attempts retried after a failure."})
	n.dropped = prometheus.NewCounter(prometheus.CounterOpts{Name: "mistral_notifications_dropped_total",
		Help: "Notifications dropped because the delivery queue was full."})
	if cfg.Registerer != nil {
		for _, c := range []prometheus.Collector{n.sent, n.failed, n.retried, n.dropped} {
			if err := cfg.Registerer.Register(c); err != nil {
				return nil, err
			}
		}
	}
	n.ctx, n.cancel = context.WithCancel(context.Background())
	n.queues = make([]chan *actors.Event, cfg.Workers)
	for i := range n.queues {
		q := make(chan *actors.Event, cfg.Queue)
		n.queues[i] = q
		n.wg.Add(1)
		go n.work(q)
	}
	return n, nil
}

// Notify queues ev for delivery; it never blocks (a full queue drops
// the event).
func (n *Notifier) Notify(ev *actors.Event) {
	if ev == nil || len(ev.Publishers) == 0 {
		return
	}
	n.mu.RLock()
	defer n.mu.RUnlock()
	if n.closed {
		n.dropped.Inc()
		return
	}
	q := n.queues[maphash.String(n.seed, ev.RootID)%uint64(len(n.queues))]
	select {
	case q <- ev:
	default:
		n.dropped.Inc()
		n.log.Warn("notification dropped: delivery queue full", "event", ev.Name, "execution", ev.ExecutionID)
	}
}

// Close stops taking events and waits until the queued ones are
// delivered or ctx ends (then pending retries are abandoned).
func (n *Notifier) Close(ctx context.Context) {
	n.mu.Lock()
	if n.closed {
		n.mu.Unlock()
		return
	}
	n.closed = true
	for _, q := range n.queues {
		close(q)
	}
	n.mu.Unlock()
	done := make(chan struct{})
	go func() { n.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		n.cancel()
		<-done
	}
	n.cancel()
}

func (n *Notifier) work(q chan *actors.Event) {
	defer n.wg.Done()
	for ev := range q {
		body := eventBody(ev)
		for _, p := range ev.Publishers {
			n.publish(ev, p, body)
		}
	}
}

// eventBody is the JSON Mistral posts: the data plus "event", as Python
// json.dumps writes it.
func eventBody(ev *actors.Event) []byte {
	d := ev.Data.Clone()
	d.Set("event", ev.Name)
	return value.AppendPy(make([]byte, 0, 512), d)
}

// publish hands one event to one publisher, with retries.
func (n *Notifier) publish(ev *actors.Event, p *value.Map, body []byte) {
	typ, _ := p.Get("type")
	switch typ {
	case "webhook":
	case "noop":
		return
	case nil:
		n.failed.Inc()
		n.log.Error("notification publisher type is not specified", "execution", ev.ExecutionID)
		return
	default:
		n.failed.Inc()
		n.log.Error("unknown notification publisher", "type", value.Str(typ), "execution", ev.ExecutionID)
		return
	}
	url, _ := p.Get("url")
	wait := n.cfg.Backoff
	for attempt := 1; ; attempt++ {
		err := n.post(value.Str(url), p, body)
		if err == nil {
			n.sent.Inc()
			return
		}
		var perm permanentError
		if errors.As(err, &perm) || attempt >= n.cfg.Attempts || n.ctx.Err() != nil {
			n.failed.Inc()
			n.log.Error("notification not delivered", "event", ev.Name, "execution", ev.ExecutionID,
				"url", value.Str(url), "attempts", attempt, "err", err)
			return
		}
		n.retried.Inc()
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-n.ctx.Done():
			t.Stop()
		}
		wait = min(wait*2, n.cfg.MaxBackoff)
	}
}

// permanentError is a failure a retry would not mend (a 4xx answer, a
// bad URL).
type permanentError struct{ error }

func (n *Notifier) post(url string, p *value.Map, body []byte) error {
	req, err := http.NewRequestWithContext(n.ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return permanentError{err}
	}
	if h, ok := p.Get("headers"); ok {
		if hm, isMap := h.(*value.Map); isMap {
			hm.Range(func(k string, v any) bool {
				req.Header.Set(k, value.Str(v))
				return true
			})
		}
	}
	res, err := n.cfg.Client.Do(req)
	if err != nil {
		return err
	}
	msg, _ := io.ReadAll(io.LimitReader(res.Body, 512))
	res.Body.Close()
	switch {
	case res.StatusCode == http.StatusOK || res.StatusCode == http.StatusCreated:
		return nil
	case res.StatusCode >= 500 || res.StatusCode == http.StatusTooManyRequests:
		return fmt.Errorf("webhook answered %d: %s", res.StatusCode, msg)
	}
	return permanentError{fmt.Errorf("webhook answered %d: %s", res.StatusCode, msg)}
}
