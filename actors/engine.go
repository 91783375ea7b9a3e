// Package actors runs workflows: one actor (asynkron/protoactor-go) per
// workflow execution, sub-workflows included, around the pure controller
// of package workflow. The actor is the single writer of its execution,
// tasks and action executions; it applies events in memory, persists the
// changed records in pipelined synced batches, and releases the effects
// (run an action, start a child, arm a timer, answer an API caller) only
// once the batch holding their cause is durable. Engine implements the
// API the REST layer calls. See docs/engine.md.
package actors

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/mistral-go/mistral-go/actions"
	"github.com/mistral-go/mistral-go/storage"
)

// Config configures an Engine.
type Config struct {
	// Defs and Runtime are the definition and runtime collections (of the
	// same DB).
	Defs    *storage.Definitions
	Runtime *storage.Runtime
	// Registry holds the std actions (actions.Std by default).
	Registry *actions.Registry
	// Actions, when set, finds the actions that are neither std nor
	// ad-hoc (the dynamic actions): it is asked for a name in the
	// caller's namespace, then in the default namespace.
	Actions actions.Finder
	// Executor runs actions; when nil the engine starts its own with
	// ExecutorConfig and stops it on Stop.
	Executor       *actions.Executor
	ExecutorConfig actions.ExecutorConfig
	// NodeTag is put in the leading bits of every id this node creates.
	NodeTag uint16
	// Registerer receives the engine metrics (nil: none).
	Registerer prometheus.Registerer
	// Logger logs engine problems (slog.Default() when nil).
	Logger *slog.Logger
	// OnFinished, when set, is called once an execution's terminal state
	// is durable (sub-workflows included). It must not block.
	OnFinished func(id, state string)
	// NoInline turns off the inline running of pure actions (see
	// pureAction): every action then goes through the executor.
	NoInline bool
	// Observer, when set, receives the notification events of the
	// executions whose params.notify asks for them, once durable.
	Observer Observer
}

// Engine runs workflow executions. It implements API.
type Engine struct {
	cfg     Config
	rt      *storage.Runtime
	defs    *storage.Definitions
	reg     *actions.Registry
	exec    *actions.Executor
	ownExec bool
	system  *actor.ActorSystem
	root    *actor.RootContext
	host    *host
	log     *slog.Logger
	m       *metrics

	refs    sync.Map // execution id -> *execRef
	loading [64]sync.Mutex

	adhocLocks [64]sync.Mutex // ad-hoc action executions, by id

	ctx      context.Context
	cancel   context.CancelFunc
	stopping atomic.Bool
	started  atomic.Bool
	// halted freezes the engine as a crash would (tests): nothing more
	// is committed or delivered.
	halted    atomic.Bool
	closed    atomic.Bool    // Stop finished: nothing is delivered any more
	commits   sync.WaitGroup // batch commits in flight
	committer *committer
	pool      *pool
}

var _ API = (*Engine)(nil)

// New creates an engine; Start recovers unfinished executions and opens
// it for work.
func New(cfg Config) (*Engine, error) {
	if cfg.Defs == nil || cfg.Runtime == nil {
		return nil, errors.New("actors: Config needs Defs and Runtime")
	}
	if cfg.Registry == nil {
		cfg.Registry = actions.Std(actions.Config{})
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	e := &Engine{cfg: cfg, rt: cfg.Runtime, defs: cfg.Defs, reg: cfg.Registry, log: cfg.Logger}
	e.ctx, e.cancel = context.WithCancel(context.Background())
	m, err := newMetrics(cfg.Registerer, e)
	if err != nil {
		return nil, err
	}
	e.m = m
	e.exec = cfg.Executor
	if e.exec == nil {
		ec := cfg.ExecutorConfig
		if ec.Registerer == nil {
			ec.Registerer = cfg.Registerer
		}
		if e.exec, err = actions.NewExecutor(ec); err != nil {
			return nil, err
		}
		e.ownExec = true
	}
	quiet := slog.New(slog.NewTextHandler(discard{}, &slog.HandlerOptions{Level: slog.LevelError + 1}))
	e.system = actor.NewActorSystem(actor.WithLoggerFactory(func(*actor.ActorSystem) *slog.Logger { return quiet }))
	e.root = e.system.Root
	e.host = newHost(e)
	e.committer = newCommitter(cfg.Runtime.DB, e.m, 2)
	e.pool = newPool(64, 300)
	return e, nil
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// Start recovers every unfinished execution (RUNNING, PAUSED, IDLE): its
// actor is rebuilt from storage, actions that were dispatched but never
// reported are re-run when their task is safe-rerun (else failed with
// Mistral's redelivery message), timers are re-armed at their original
// due time, unreported sub-workflow results are delivered. It returns
// once every recovered execution has been handed its recovery.
func (e *Engine) Start(ctx context.Context) error {
	var ids []string
	for _, st := range []string{"RUNNING", "PAUSED", "IDLE"} {
		err := e.rt.Executions.Scan(storage.IndexState, st, func(r *storage.Execution) bool {
			ids = append(ids, r.ID)
			return true
		})
		if err != nil {
			return fmt.Errorf("recovery: list %s executions: %w", st, err)
		}
	}
	var refs []*execRef
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return err
		}
		ref, err := e.ref(id)
		if err != nil {
			e.log.Error("recovery: cannot load execution", "id", id, "err", err)
			continue
		}
		refs = append(refs, ref)
	}
	for _, ref := range refs {
		e.deliver(ref.id, &recoverMsg{})
	}
	if n, err := e.recoverAdHoc(); err != nil {
		return fmt.Errorf("recovery: actions outside workflows: %w", err)
	} else if n > 0 {
		e.log.Warn("recovery: actions outside workflows running at the last stop failed", "count", n)
	}
	e.m.recovered.Add(float64(len(refs)))
	e.started.Store(true)
	return nil
}

// Stop stops the engine: no new work is accepted, running actions get
// until ctx ends to finish (their results are recorded), then every
// actor is stopped once its last batch is durable. Executions still
// running resume on the next Start.
func (e *Engine) Stop(ctx context.Context) error {
	if e.stopping.Swap(true) {
		return nil
	}
	var err error
	if e.ownExec {
		err = e.exec.Stop(ctx)
	}
	var wg sync.WaitGroup
	e.refs.Range(func(_, v any) bool {
		ref := v.(*execRef)
		wg.Add(1)
		go func() {
			defer wg.Done()
			done := make(chan struct{})
			if ref.send(e.root, &shutdownMsg{done: done}) {
				select {
				case <-done:
				case <-ctx.Done():
				}
			}
		}()
		return true
	})
	wg.Wait()
	e.closed.Store(true)
	e.commits.Wait()
	e.committer.stop()
	e.cancel()
	e.system.Shutdown()
	e.pool.stop()
	if err == nil {
		err = ctx.Err()
	}
	return err
}

// Executor returns the executor the engine runs actions on.
func (e *Engine) Executor() *actions.Executor { return e.exec }

// Live returns the number of execution actors in memory.
func (e *Engine) Live() int {
	n := 0
	e.refs.Range(func(_, _ any) bool { n++; return true })
	return n
}

func shard(id string) int {
	h := uint32(2166136261)
	for i := 0; i < len(id); i++ {
		h = (h ^ uint32(id[i])) * 16777619
	}
	return int(h % 64)
}
