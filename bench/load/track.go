package load

import (
	"sync"
	"time"
)

// tracker holds the executions started and not yet seen finished, and
// the latencies of those that were.
type tracker struct {
	mu      sync.Mutex
	pending map[string]flight
	done    map[string]bool // final state seen: true for SUCCESS
	starts  []time.Duration // POST sent → acknowledged
	ends    []time.Duration // POST sent → seen finished
	acked   int
	startEr int
	samples []string
	first   time.Time
	last    time.Time // latest completion seen
	lastAck time.Time // latest acknowledgement
	ids     []string  // every acknowledged execution, in order
}

// flight is one started execution: when its POST was sent and answered.
type flight struct {
	sent, acked time.Time
}

func newTracker(n int) *tracker {
	return &tracker{pending: make(map[string]flight, n), done: make(map[string]bool, n),
		starts: make([]time.Duration, 0, n), ends: make([]time.Duration, 0, n), ids: make([]string, 0, n)}
}

// started records an acknowledged start.
func (t *tracker) started(id string, sent, acked time.Time) {
	t.mu.Lock()
	if t.first.IsZero() || sent.Before(t.first) {
		t.first = sent
	}
	t.pending[id] = flight{sent: sent, acked: acked}
	t.starts = append(t.starts, acked.Sub(sent))
	t.acked++
	if acked.After(t.lastAck) {
		t.lastAck = acked
	}
	t.ids = append(t.ids, id)
	t.mu.Unlock()
}

// startFailed records a start that was not acknowledged.
func (t *tracker) startFailed(sent time.Time, err error) {
	t.mu.Lock()
	if t.first.IsZero() || sent.Before(t.first) {
		t.first = sent
	}
	t.startEr++
	if len(t.samples) < 5 {
		t.samples = append(t.samples, err.Error())
	}
	t.mu.Unlock()
}

// finishedLocked marks a pending execution finished at time at; state is
// its final state, or "" when the detector does not know it.
func (t *tracker) finishedLocked(id string, f flight, at time.Time, state string) {
	delete(t.pending, id)
	t.done[id] = state == "SUCCESS"
	t.ends = append(t.ends, at.Sub(f.sent))
	if at.After(t.last) {
		t.last = at
	}
}

// counts returns the executions acknowledged, finished and failed to start.
func (t *tracker) counts() (acked, done, startErrs int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.acked, len(t.done), t.startEr
}

// note records a non-fatal error sample.
func (t *tracker) note(err error) {
	t.mu.Lock()
	if len(t.samples) < 5 {
		t.samples = append(t.samples, err.Error())
	}
	t.mu.Unlock()
}
