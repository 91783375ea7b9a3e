package httpd

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mistral-go/mistral-go/actors"
	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// Maintenance mode, as newer Mistral has it: PUT /maintenance PAUSED
// moves the service to PAUSING, pauses every running execution through
// the engine and, once none of them runs a task any more, to PAUSED;
// while not RUNNING, requests that would start or change work get 423.
// PUT RUNNING resumes the executions that maintenance paused (not those
// a user had paused). The state and the paused executions are stored, so
// both survive a restart.

// Maintenance states as a number, for the request path's atomic check.
const (
	maintRunning int32 = iota
	maintPausing
	maintPaused
)

func maintCode(state string) int32 {
	switch state {
	case storage.MaintenancePausing:
		return maintPausing
	case storage.MaintenancePaused:
		return maintPaused
	}
	return maintRunning
}

// maintenance is the maintenance mode of a server. Its worker goroutine
// runs only while there is something to do (pause, wait, resume).
type maintenance struct {
	s     *Server
	state atomic.Int32
	poll  time.Duration

	mu      sync.Mutex
	rec     *storage.Maintenance
	running bool // the worker runs

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

func newMaintenance(s *Server) (*maintenance, error) {
	rec, err := s.surf.store.LoadMaintenance()
	if err != nil {
		return nil, err
	}
	m := &maintenance{s: s, rec: rec, poll: s.cfg.MaintenancePoll}
	if m.poll <= 0 {
		m.poll = 200 * time.Millisecond
	}
	m.ctx, m.cancel = context.WithCancel(context.Background())
	m.state.Store(maintCode(rec.State))
	m.mu.Lock()
	m.kickLocked()
	m.mu.Unlock()
	return m, nil
}

// stop ends the worker and waits for it.
func (m *maintenance) stop() {
	m.cancel()
	m.wg.Wait()
}

// status returns the current state.
func (m *maintenance) status() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.rec.State
}

// pending reports whether the worker has something to do.
func (m *maintenance) pendingLocked() bool {
	return m.rec.State == storage.MaintenancePausing ||
		m.rec.State == storage.MaintenanceRunning && len(m.rec.Paused) > 0
}

// kickLocked starts the worker if there is work and it is not running.
func (m *maintenance) kickLocked() {
	if m.running || !m.pendingLocked() || m.ctx.Err() != nil {
		return
	}
	m.running = true
	m.wg.Add(1)
	go m.work()
}

// saveLocked stores the state; the in-memory copy changes only when the
// store succeeded.
func (m *maintenance) saveLocked(next *storage.Maintenance) error {
	if err := m.s.surf.store.SaveMaintenance(next); err != nil {
		return err
	}
	m.rec = next
	m.state.Store(maintCode(next.State))
	return nil
}

// set moves to the state an operator asked for (PUT /maintenance).
func (m *maintenance) set(want string) error {
	switch want {
	case storage.MaintenanceRunning, storage.MaintenancePaused:
	case storage.MaintenancePausing:
		return invalid("PAUSING is intermediate state. Consider PAUSED, RUNNING as new state")
	default:
		return invalid("Not found %s maintenance state. List of states: ['PAUSING', 'PAUSED', 'RUNNING']", want)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	cur := m.rec.State
	if cur == want || cur == storage.MaintenancePausing && want == storage.MaintenancePaused {
		return nil
	}
	next := *m.rec
	next.Paused = slices.Clone(m.rec.Paused)
	next.State = want
	if want == storage.MaintenancePaused {
		next.State = storage.MaintenancePausing
	}
	if err := m.saveLocked(&next); err != nil {
		return err
	}
	m.kickLocked()
	return nil
}

// work pauses and waits (PAUSING) or resumes (RUNNING) until nothing is
// left to do.
func (m *maintenance) work() {
	defer m.wg.Done()
	for {
		m.mu.Lock()
		if !m.pendingLocked() || m.ctx.Err() != nil {
			m.running = false
			m.mu.Unlock()
			return
		}
		state, paused := m.rec.State, slices.Clone(m.rec.Paused)
		m.mu.Unlock()
		if state == storage.MaintenanceRunning {
			m.resume(paused)
			continue
		}
		done, err := m.drain()
		if err != nil {
			slog.Error("maintenance: pausing executions", "err", err)
		}
		if done {
			m.mu.Lock()
			if m.rec.State == storage.MaintenancePausing {
				next := *m.rec
				next.State = storage.MaintenancePaused
				if err := m.saveLocked(&next); err != nil {
					slog.Error("maintenance: storing PAUSED", "err", err)
				}
			}
			m.mu.Unlock()
			continue
		}
		select {
		case <-m.ctx.Done():
		case <-time.After(m.poll):
		}
	}
}

// engine returns the engine and runtime records, or nil without them.
func (m *maintenance) engine() (actors.API, *storage.Runtime) {
	if m.s.cfg.Engine == nil || m.s.cfg.Runtime == nil {
		return nil, nil
	}
	return m.s.cfg.Engine, m.s.cfg.Runtime
}

// drain pauses the running top-level executions (recording them first)
// and reports whether every execution maintenance paused has stopped
// running tasks.
func (m *maintenance) drain() (bool, error) {
	eng, rt := m.engine()
	if eng == nil {
		return true, nil
	}
	running, err := rt.Executions.List(storage.Query{Filters: []storage.Filter{{Field: "state", Op: storage.Eq, Value: "RUNNING"}}})
	if err != nil {
		return false, err
	}
	var fresh []string
	m.mu.Lock()
	if m.rec.State != storage.MaintenancePausing {
		m.mu.Unlock()
		return false, nil
	}
	next := *m.rec
	next.Paused = slices.Clone(m.rec.Paused)
	for _, ex := range running {
		if ex.TaskExecutionID == "" && !slices.Contains(next.Paused, ex.ID) {
			next.Paused = append(next.Paused, ex.ID)
			fresh = append(fresh, ex.ID)
		}
	}
	if len(fresh) > 0 {
		if err := m.saveLocked(&next); err != nil {
			m.mu.Unlock()
			return false, err
		}
	}
	paused := slices.Clone(m.rec.Paused)
	m.mu.Unlock()
	state := "PAUSED"
	for _, id := range fresh {
		if _, err := eng.UpdateExecution(m.ctx, id, actors.ExecutionUpdate{State: &state}); err != nil {
			slog.Debug("maintenance: pause", "execution", id, "err", err)
		}
	}
	for _, id := range paused {
		busy, err := m.busy(rt, id)
		if err != nil || busy {
			return false, err
		}
	}
	return true, nil
}

// busy reports whether execution id (or one of its sub-executions) is
// still RUNNING or has a RUNNING task.
func (m *maintenance) busy(rt *storage.Runtime, id string) (bool, error) {
	ex, err := rt.Executions.Get(id)
	if errors.Is(err, storage.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if ex.State == "RUNNING" {
		return true, nil
	}
	ids := []string{id}
	err = rt.Executions.Scan(storage.IndexRoot, id, func(sub *storage.Execution) bool {
		ids = append(ids, sub.ID)
		return true
	})
	if err != nil {
		return false, err
	}
	busy := false
	for _, x := range ids {
		err := rt.Tasks.Scan(storage.IndexWorkflowExecution, x, func(t *storage.Task) bool {
			busy = t.State == "RUNNING"
			return !busy
		})
		if err != nil || busy {
			return busy, err
		}
	}
	return false, nil
}

// resume resumes the executions maintenance paused, then forgets them.
func (m *maintenance) resume(ids []string) {
	if eng, _ := m.engine(); eng != nil {
		state := "RUNNING"
		for _, id := range ids {
			if m.ctx.Err() != nil {
				return
			}
			if _, err := eng.UpdateExecution(m.ctx, id, actors.ExecutionUpdate{State: &state}); err != nil {
				slog.Debug("maintenance: resume", "execution", id, "err", err)
			}
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.rec.State != storage.MaintenanceRunning {
		return
	}
	next := *m.rec
	next.Paused = slices.DeleteFunc(slices.Clone(m.rec.Paused), func(id string) bool { return slices.Contains(ids, id) })
	if err := m.saveLocked(&next); err != nil {
		slog.Error("maintenance: storing resumed executions", "err", err)
	}
}

// lockedMessage is Mistral's answer to work refused in maintenance.
func lockedMessage(state string) string {
	return "Current Mistral state is " + state + ". Method is not allowed"
}

// refuse answers 423 to a request that maintenance does not allow, and
// reports whether it did. While RUNNING it costs one atomic load.
func (m *maintenance) refuse(w http.ResponseWriter, r *http.Request) bool {
	st := m.state.Load()
	if st == maintRunning {
		return false
	}
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return false
	}
	p := r.URL.Path
	switch p {
	case "/", "/v2", "/v2/", "/health", "/healthcheck", "/maintenance", "/maintenance/", "/info":
		return false
	}
	if r.Method == http.MethodPut {
		if st == maintPausing && strings.HasPrefix(p, "/v2/action_executions/") {
			return false
		}
		if strings.HasPrefix(p, "/v2/executions/") && m.cancels(r) {
			return false
		}
	}
	state := storage.MaintenancePaused
	if st == maintPausing {
		state = storage.MaintenancePausing
	}
	msg := lockedMessage(state)
	if strings.HasPrefix(p, "/v1/") || p == "/v1" {
		writeJSON(w, http.StatusLocked, v1Detail(msg))
		return true
	}
	lockedPage(msg).write(w, r)
	return true
}

// cancels reports whether r's body asks to cancel an execution (allowed
// in maintenance); the body stays readable for the handler.
func (m *maintenance) cancels(r *http.Request) bool {
	b, err := io.ReadAll(io.LimitReader(r.Body, m.s.cfg.MaxBody+1))
	r.Body = io.NopCloser(bytes.NewReader(b))
	if err != nil {
		return false
	}
	v, err := value.Decode(b)
	if err != nil {
		return false
	}
	body, ok := v.(*value.Map)
	if !ok {
		return false
	}
	st, _ := body.Get("state")
	return st == "CANCELLED"
}

// lockedPage is pecan's rendering of the 423 Mistral's maintenance hook
// aborts with.
func lockedPage(msg string) *page {
	return &page{
		status: http.StatusLocked,
		body: func(esc func(string) string) string {
			return "The resource is locked<br /><br />\n" + esc(msg) + "\n\n"
		},
		detail: &msg,
		header: http.Header{"Server-Error-Message": {msg}},
	}
}
