package actors

import (
	"errors"
	"fmt"
	"sync"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/mistral-go/mistral-go/actors/workflow"
	"github.com/mistral-go/mistral-go/storage"
)

// execRef is the handle of a live execution actor. Senders hold the read
// lock while they enqueue, so once the actor has closed its ref (under
// the write lock) no new message can reach its mailbox; a sender that
// finds the ref closed waits for done (the actor's last batch is then
// durable and it left the registry) and rehydrates a fresh actor from
// storage. So there is never more than one writer per execution.
type execRef struct {
	id     string
	pid    *actor.PID
	mu     sync.RWMutex
	closed bool
	done   chan struct{}
}

func (r *execRef) send(root *actor.RootContext, msg any) bool {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if r.closed {
		return false
	}
	root.Send(r.pid, msg)
	return true
}

func (r *execRef) close() {
	r.mu.Lock()
	r.closed = true
	r.mu.Unlock()
}

// errGone is returned by send for an execution that no longer exists.
var errGone = errors.New("execution no longer exists")

// send delivers msg to the actor of execution id, rehydrating it from
// storage when it is not in memory.
func (e *Engine) send(id string, msg any) error {
	if e.halted.Load() || e.closed.Load() {
		return errGone
	}
	for {
		ref, err := e.ref(id)
		if err != nil {
			return err
		}
		e.m.mailbox.Inc()
		if ref.send(e.root, msg) {
			return nil
		}
		e.m.mailbox.Dec()
		<-ref.done
	}
}

// deliver is send for messages whose loss only means the execution no
// longer exists (it was deleted): errors are logged.
func (e *Engine) deliver(id string, msg any) {
	if err := e.send(id, msg); err != nil && !errors.Is(err, errGone) {
		e.log.Warn("engine: message to execution not delivered", "id", id, "err", err)
	}
}

// ref returns the live actor of execution id, loading it from storage and
// spawning it when needed.
func (e *Engine) ref(id string) (*execRef, error) {
	if v, ok := e.refs.Load(id); ok {
		return v.(*execRef), nil
	}
	mu := &e.loading[shard(id)]
	mu.Lock()
	defer mu.Unlock()
	if v, ok := e.refs.Load(id); ok {
		return v.(*execRef), nil
	}
	x, err := e.load(id)
	if err != nil {
		return nil, err
	}
	ref, _, err := e.spawn(id, x, nil)
	return ref, err
}

// spawn registers and starts the actor of execution id: x is its state
// (nil for a brand-new execution that init creates); init, when set, is
// the actor's first action. If another actor got registered for id
// first, that one is returned.
func (e *Engine) spawn(id string, x *workflow.Execution, init func(a *execActor)) (*execRef, bool, error) {
	ref := &execRef{id: id, done: make(chan struct{})}
	a := newExecActor(e, ref, x, init)
	if prev, loaded := e.refs.LoadOrStore(id, ref); loaded {
		return prev.(*execRef), false, nil
	}
	ref.mu.Lock() // no sender may use the ref before it has a pid
	defer ref.mu.Unlock()
	props := actor.PropsFromProducer(func() actor.Actor { return a }, actor.WithDispatcher(e.pool))
	pid, err := e.root.SpawnNamed(props, id)
	if err != nil {
		ref.closed = true
		e.refs.Delete(id)
		close(ref.done)
		return nil, false, fmt.Errorf("spawn execution actor %s: %w", id, err)
	}
	ref.pid = pid
	e.m.live.Inc()
	return ref, true, nil
}

// load rebuilds the controller state of an execution from storage.
func (e *Engine) load(id string) (*workflow.Execution, error) {
	rec, err := e.rt.Executions.Get(id)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, errGone
	}
	if err != nil {
		return nil, err
	}
	def, err := e.host.definitionOf(rec)
	if err != nil {
		return nil, err
	}
	r := &workflow.Records{Execution: rec}
	err = e.rt.Tasks.Scan(storage.IndexWorkflowExecution, id, func(t *storage.Task) bool {
		r.Tasks = append(r.Tasks, t)
		return true
	})
	if err != nil {
		return nil, err
	}
	err = e.rt.ActionExecutions.Scan(storage.IndexWorkflowExecution, id, func(a *storage.ActionExecution) bool {
		r.Actions = append(r.Actions, a)
		return true
	})
	if err != nil {
		return nil, err
	}
	for _, t := range r.Tasks {
		if t.Type != "WORKFLOW" {
			continue
		}
		err = e.rt.Executions.Scan(storage.IndexParentTask, t.ID, func(c *storage.Execution) bool {
			r.Children = append(r.Children, c)
			return true
		})
		if err != nil {
			return nil, err
		}
	}
	return workflow.Load(e.host, def, r)
}
