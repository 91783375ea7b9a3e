package actions

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// ErrQueueFull is returned by TrySubmit when the queue has no room.
var ErrQueueFull = errors.New("action executor queue is full")

// ExecutorConfig configures an Executor. Zero fields take the defaults
// shown.
type ExecutorConfig struct {
	// Workers is how many actions run at once (default 64; most actions
	// wait on the network, not the CPU).
	Workers int
	// QueueSize is how many submitted calls may wait for a worker
	// (default 16 × Workers; negative: none, Submit waits for a worker).
	QueueSize int
	// Registerer receives the executor's metrics; nil registers none.
	Registerer prometheus.Registerer
}

// Job is one action invocation handed to an Executor.
type Job struct {
	// Call is the bound action (Action.Bind).
	Call *Call
	// Context describes where the action runs.
	Context ExecContext
	// Timeout > 0 bounds the run (see Call.Run).
	Timeout time.Duration
	// Ctx, when set, cancels the run (the result is then StateCancelled).
	Ctx context.Context
	// Done receives the result, once, on a worker goroutine. It must not
	// block for long: the worker waits for it.
	Done func(Result)
}

// Executor runs jobs on a bounded pool of workers and reports each result
// through the job's Done callback. Its goroutines live from NewExecutor
// to Stop.
type Executor struct {
	queue    chan Job
	stopping chan struct{}
	stopOnce sync.Once
	inflight atomic.Int64 // Submit calls between their stop check and their send
	running  atomic.Int64
	workers  sync.WaitGroup

	runCtx    context.Context
	cancelRun context.CancelFunc

	metrics *executorMetrics
}

// NewExecutor starts an executor. It fails only when its metrics cannot
// be registered.
func NewExecutor(cfg ExecutorConfig) (*Executor, error) {
	if cfg.Workers <= 0 {
		cfg.Workers = 64
	}
	cfg.QueueSize = orDefault(cfg.QueueSize, 16*cfg.Workers)
	if cfg.QueueSize < 0 {
		cfg.QueueSize = 0
	}
	e := &Executor{
		queue:    make(chan Job, cfg.QueueSize),
		stopping: make(chan struct{}),
	}
	e.runCtx, e.cancelRun = context.WithCancel(context.Background())
	if cfg.Registerer != nil {
		m, err := newExecutorMetrics(cfg.Registerer, e, cfg.Workers)
		if err != nil {
			e.cancelRun()
			return nil, err
		}
		e.metrics = m
	}
	e.workers.Add(cfg.Workers)
	for i := 0; i < cfg.Workers; i++ {
		go e.work()
	}
	return e, nil
}

// Submit queues a job, waiting for room while ctx allows. It fails with
// ErrStopped once Stop has begun, or with ctx's error.
func (e *Executor) Submit(ctx context.Context, j Job) error {
	if err := checkJob(&j); err != nil {
		return err
	}
	e.inflight.Add(1)
	defer e.inflight.Add(-1)
	select {
	case <-e.stopping:
		return ErrStopped
	default:
	}
	select {
	case e.queue <- j:
		return nil
	case <-e.stopping:
		return ErrStopped
	case <-ctx.Done():
		return ctx.Err()
	}
}

// TrySubmit queues a job if there is room now: else ErrQueueFull (or
// ErrStopped).
func (e *Executor) TrySubmit(j Job) error {
	if err := checkJob(&j); err != nil {
		return err
	}
	e.inflight.Add(1)
	defer e.inflight.Add(-1)
	select {
	case <-e.stopping:
		return ErrStopped
	default:
	}
	select {
	case e.queue <- j:
		return nil
	default:
		return ErrQueueFull
	}
}

func checkJob(j *Job) error {
	if j.Call == nil || j.Done == nil {
		return errors.New("action job needs a Call and a Done callback")
	}
	return nil
}

// QueueDepth is the number of jobs waiting for a worker.
func (e *Executor) QueueDepth() int { return len(e.queue) }

// Running is the number of jobs being run.
func (e *Executor) Running() int { return int(e.running.Load()) }

// Stop stops accepting jobs and lets the queued and running ones finish.
// If ctx ends first, the rest are cancelled (their results are
// StateCancelled) and Stop returns ctx's error once the workers are gone.
// Every submitted job gets its Done call either way.
func (e *Executor) Stop(ctx context.Context) error {
	e.stopOnce.Do(func() {
		close(e.stopping)
		for e.inflight.Load() != 0 {
			time.Sleep(50 * time.Microsecond)
		}
		close(e.queue)
	})
	done := make(chan struct{})
	go func() {
		e.workers.Wait()
		close(done)
	}()
	select {
	case <-done:
		e.cancelRun()
		return nil
	case <-ctx.Done():
		e.cancelRun()
		<-done
		return ctx.Err()
	}
}

func (e *Executor) work() {
	defer e.workers.Done()
	// One Job per worker, reused: the run gets &cur.Context without an
	// allocation per job (an action must not keep its ExecContext after
	// returning).
	cur := new(Job)
	for j := range e.queue {
		*cur = j
		e.run(cur)
		*cur = Job{}
	}
}

func (e *Executor) run(j *Job) {
	ctx := e.runCtx
	if j.Ctx != nil {
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(j.Ctx)
		stop := context.AfterFunc(e.runCtx, cancel)
		defer func() {
			stop()
			cancel()
		}()
	}
	e.running.Add(1)
	start := time.Now()
	res := j.Call.Run(ctx, &j.Context, j.Timeout)
	e.running.Add(-1)
	if e.metrics != nil {
		e.metrics.observe(j.Call.Action.Name, time.Since(start), res.State)
	}
	j.Done(res)
}
