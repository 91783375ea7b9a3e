// Package triggers starts workflows on their own: cron triggers on a
// schedule, event triggers when a notification arrives (api.md §11.2,
// §11.3). It holds the rules of creating, reading and deleting triggers
// that the REST layer calls, and the durable cron scheduler.
//
// # Firing exactly once
//
// A due cron trigger fires in two steps. One synced batch advances the
// trigger (next time recomputed, remaining executions counted down, the
// trigger deleted at zero) and records a firing: the id of the execution
// to start, with its input, params and description. Then the engine
// starts the execution under that id, and the firing is deleted. A
// firing found at start-up (the process died in between) is started
// again with the same id: the engine returns an execution that already
// exists unchanged, so a due time never gives two executions, and a
// trigger never fires twice for one due time because the advance and the
// firing commit together. A trigger that was due while the server was
// down fires once, and its next time is computed from now, as Mistral
// does.
package triggers

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/mistral-go/mistral-go/actors"
	"github.com/mistral-go/mistral-go/cluster"
	"github.com/mistral-go/mistral-go/storage"
)

// Starter starts workflow executions (actors.API does).
type Starter interface {
	StartExecution(ctx context.Context, req actors.StartRequest) (*storage.Execution, error)
}

// Caller is who asks: a project, and whether it has the admin role.
type Caller struct {
	Project string
	Admin   bool
}

// Config configures a Service. Zero durations take Mistral's values.
type Config struct {
	Defs   *storage.Definitions
	Store  *storage.Triggers
	Engine Starter
	// Now is the clock (time.Now by default).
	Now func() time.Time
	// NewID makes ids of triggers and executions (cluster.NewID(0) by
	// default).
	NewID func() string
	// Lead fires a trigger this long before its time: Mistral picks the
	// triggers due within the next 2 seconds.
	Lead time.Duration
	// MinFirstDelay is how far in the future a first_execution_time must
	// be: 0 takes Mistral's minute, a negative value accepts any time
	// not in the past.
	MinFirstDelay time.Duration
	// MaxSleep bounds how long the scheduler sleeps between looks
	// (default 30 s); creations and deletions wake it at once.
	MaxSleep time.Duration
	// Logger logs firing failures (slog.Default() when nil).
	Logger *slog.Logger
	// Registerer receives the trigger metrics (nil: none).
	Registerer prometheus.Registerer
}

// Service implements the trigger API and runs the cron scheduler.
type Service struct {
	cfg   Config
	defs  *storage.Definitions
	store *storage.Triggers
	log   *slog.Logger
	m     *metrics

	mu   sync.Mutex
	next map[string]int64 // cron trigger id -> next execution time
	wake chan struct{}

	cancel context.CancelFunc
	done   chan struct{}
}

// New creates a Service; Start runs its scheduler.
func New(cfg Config) (*Service, error) {
	if cfg.Defs == nil || cfg.Store == nil || cfg.Engine == nil {
		return nil, errors.New("triggers: Config needs Defs, Store and Engine")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.NewID == nil {
		cfg.NewID = func() string { return cluster.NewID(0) }
	}
	if cfg.Lead == 0 {
		cfg.Lead = 2 * time.Second
	}
	switch {
	case cfg.MinFirstDelay == 0:
		cfg.MinFirstDelay = time.Minute
	case cfg.MinFirstDelay < 0:
		cfg.MinFirstDelay = 0
	}
	if cfg.MaxSleep <= 0 {
		cfg.MaxSleep = 30 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	m, err := newMetrics(cfg.Registerer)
	if err != nil {
		return nil, err
	}
	return &Service{cfg: cfg, defs: cfg.Defs, store: cfg.Store, log: cfg.Logger, m: m,
		next: map[string]int64{}, wake: make(chan struct{}, 1)}, nil
}

// Start loads the cron triggers, starts the executions of the firings an
// earlier process left unfinished, and runs the scheduler until Stop.
func (s *Service) Start(ctx context.Context) error {
	err := s.store.Cron.ScanAll(func(t *storage.CronTrigger) bool {
		s.next[t.ID] = t.NextExecutionTime
		return true
	})
	if err != nil {
		return err
	}
	ctx, s.cancel = context.WithCancel(ctx)
	s.done = make(chan struct{})
	go s.run(ctx)
	return nil
}

// Stop stops the scheduler and waits for it; a firing being started is
// finished first or left for the next start.
func (s *Service) Stop() {
	if s.cancel == nil {
		return
	}
	s.cancel()
	<-s.done
	s.cancel = nil
}

// now is the clock, to the second as Mistral stores times.
func (s *Service) now() time.Time { return s.cfg.Now().UTC() }

// poke wakes the scheduler (a trigger was created or deleted).
func (s *Service) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

type metrics struct {
	fired, startFailed, events, eventStarts prometheus.Counter
}

func newMetrics(r prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		fired: prometheus.NewCounter(prometheus.CounterOpts{Name: "mistral_cron_trigger_firings_total",
			Help: "Cron trigger firings (one per due time)."}),
		startFailed: prometheus.NewCounter(prometheus.CounterOpts{Name: "mistral_trigger_start_failures_total",
			Help: "Executions a cron or event trigger could not start (bad input, missing workflow)."}),
		events: prometheus.NewCounter(prometheus.CounterOpts{Name: "mistral_trigger_events_total",
			Help: "Notifications received for event triggers."}),
		eventStarts: prometheus.NewCounter(prometheus.CounterOpts{Name: "mistral_event_trigger_executions_total",
			Help: "Executions started by event triggers."}),
	}
	if r != nil {
		for _, c := range []prometheus.Collector{m.fired, m.startFailed, m.events, m.eventStarts} {
			if err := r.Register(c); err != nil {
				return nil, err
			}
		}
	}
	return m, nil
}

// Store returns the trigger collections (the REST layer lists them).
func (s *Service) Store() *storage.Triggers { return s.store }
