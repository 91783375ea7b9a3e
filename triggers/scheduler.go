package triggers

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/mistral-go/mistral-go/actors"
	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/triggers/cron"
)

// startTimeout bounds one execution start by the scheduler.
const startTimeout = 30 * time.Second

// minSleep keeps a scheduler that cannot advance a trigger (storage
// failing) from spinning.
const minSleep = 200 * time.Millisecond

func (s *Service) run(ctx context.Context) {
	defer close(s.done)
	pending := true // firings an earlier process may have left
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		if pending {
			pending = s.startPending(ctx)
		}
		if s.fireDue(ctx, s.now()) {
			pending = true
		}
		timer.Reset(s.sleepFor(s.now()))
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		case <-timer.C:
		}
	}
}

// sleepFor is how long the scheduler may sleep after now: until the
// earliest trigger comes within the lead, at most MaxSleep.
func (s *Service) sleepFor(now time.Time) time.Duration {
	d := s.cfg.MaxSleep
	s.mu.Lock()
	for _, next := range s.next {
		if w := time.Unix(next, 0).Sub(now) - s.cfg.Lead + time.Millisecond; w < d {
			d = w
		}
	}
	s.mu.Unlock()
	return max(d, minSleep)
}

// fireDue fires every trigger due at now (its time within the lead), in
// the order of their times; it reports whether a start was left for a
// retry.
func (s *Service) fireDue(ctx context.Context, now time.Time) (retry bool) {
	horizon := now.Add(s.cfg.Lead)
	type due struct {
		id   string
		next int64
	}
	var list []due
	s.mu.Lock()
	for id, next := range s.next {
		if time.Unix(next, 0).Before(horizon) {
			list = append(list, due{id, next})
		}
	}
	s.mu.Unlock()
	slices.SortFunc(list, func(a, b due) int {
		if a.next != b.next {
			return int(a.next - b.next)
		}
		if a.id < b.id {
			return -1
		}
		return 1
	})
	for _, d := range list {
		if ctx.Err() != nil {
			return true
		}
		f, err := s.fire(d.id, now)
		if err != nil {
			s.log.Error("cron trigger: cannot fire", "trigger", d.id, "err", err)
			continue
		}
		if f != nil && !s.startFiring(ctx, f) {
			retry = true
		}
	}
	return retry
}

// fire advances trigger id if it is due at now and records its firing,
// in one batch; it returns the firing (nil when the trigger was not due
// any more or is gone).
func (s *Service) fire(id string, now time.Time) (*storage.CronFiring, error) {
	var (
		f       *storage.CronFiring
		next    int64
		deleted bool
	)
	err := s.store.DB.Update(func(w *storage.Write) error {
		t, err := s.store.Cron.GetIn(w, id)
		if errors.Is(err, storage.ErrNotFound) {
			deleted = true
			return nil
		}
		if err != nil {
			return err
		}
		due := time.Unix(t.NextExecutionTime, 0)
		if !due.Before(now.Add(s.cfg.Lead)) {
			next = t.NextExecutionTime
			return nil
		}
		f = &storage.CronFiring{
			ExecutionID: s.cfg.NewID(), TriggerID: t.ID, TriggerName: t.Name, Project: t.Project,
			WorkflowID: t.WorkflowID, Input: t.WorkflowInput, Params: t.WorkflowParams,
			Description: description("cron_trigger", "cron", t.ID, t.Name),
			Due:         t.NextExecutionTime, CreatedAt: now.Unix(),
		}
		if err := s.store.Firings.Put(w, f); err != nil {
			return err
		}
		if t.HasRemaining && t.RemainingExecutions > 0 {
			t.RemainingExecutions--
		}
		if t.HasRemaining && t.RemainingExecutions == 0 {
			deleted = true
			return s.store.Cron.Delete(w, t.ID)
		}
		// Lagging or down for a while: the next time counts from now.
		from := now
		if due.After(now) {
			from = due
		}
		n, err := nextTime(t.Pattern, from)
		if err != nil {
			s.log.Error("cron trigger: no next execution time, deleting it after this one", "trigger", t.ID, "pattern", t.Pattern, "err", err)
			deleted = true
			return s.store.Cron.Delete(w, t.ID)
		}
		t.NextExecutionTime, t.UpdatedAt = n.Unix(), now.Unix()
		next = t.NextExecutionTime
		return s.store.Cron.Put(w, t)
	}, s.store.Cron)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	if deleted {
		delete(s.next, id)
	} else {
		s.next[id] = next
	}
	s.mu.Unlock()
	if f != nil {
		s.m.fired.Inc()
	}
	return f, nil
}

func nextTime(pattern string, from time.Time) (time.Time, error) {
	sched, err := cron.Parse(pattern)
	if err != nil {
		return time.Time{}, err
	}
	return sched.Next(from)
}

// startPending starts the executions of the recorded firings; it
// reports whether some must be tried again.
func (s *Service) startPending(ctx context.Context) (retry bool) {
	var list []*storage.CronFiring
	if err := s.store.Firings.ScanAll(func(f *storage.CronFiring) bool {
		list = append(list, f)
		return true
	}); err != nil {
		s.log.Error("cron trigger: cannot read firings", "err", err)
		return true
	}
	for _, f := range list {
		if !s.startFiring(ctx, f) {
			retry = true
		}
	}
	return retry
}

// startFiring starts the execution of a firing under its recorded id and
// forgets the firing. It returns false when the start must be tried
// again (the engine or the service is stopping); a start the engine
// refuses (bad input, workflow gone) is logged and dropped, as Mistral
// does.
func (s *Service) startFiring(ctx context.Context, f *storage.CronFiring) bool {
	req := actors.StartRequest{
		ID: f.ExecutionID, WorkflowID: f.WorkflowID, Input: mapOf(f.Input), Params: mapOf(f.Params),
		Description: f.Description, ProjectID: f.Project,
	}
	if wf, err := s.defs.Workflows.Get(f.WorkflowID); err == nil {
		req.WorkflowName, req.WorkflowNamespace = wf.Name, wf.Namespace
	}
	sctx, cancel := context.WithTimeout(ctx, startTimeout)
	_, err := s.cfg.Engine.StartExecution(sctx, req)
	cancel()
	if err != nil {
		if transient(ctx, err) {
			return false
		}
		s.m.startFailed.Inc()
		s.log.Error("cron trigger: cannot start the workflow", "trigger", f.TriggerName, "trigger_id", f.TriggerID,
			"execution", f.ExecutionID, "err", err)
	}
	err = s.store.DB.Update(func(w *storage.Write) error {
		if err := s.store.Firings.Delete(w, f.ExecutionID); err != nil && !errors.Is(err, storage.ErrNotFound) {
			return err
		}
		return nil
	})
	if err != nil {
		s.log.Error("cron trigger: cannot forget a firing", "execution", f.ExecutionID, "err", err)
	}
	return true
}

// transient reports whether a start failed for a reason that passes:
// the caller or the engine is stopping, or the start timed out.
func transient(ctx context.Context, err error) bool {
	if ctx.Err() != nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var fe *storage.ForbiddenError
	return errors.As(err, &fe) && fe.Msg == "The engine is stopping."
}
