package storage

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/cockroachdb/pebble/v2"
)

// Locker is a collection that a Write may lock (every *Collection).
type Locker interface {
	lockState() *lockState
}

type lockState struct {
	mu    sync.Mutex
	order int
	name  string
}

// Write is one atomic batch over any number of collections. It is only
// valid inside the function given to DB.Update; reads through it (Get)
// see its own pending changes.
type Write struct {
	db      *DB
	b       *pebble.Batch
	pending map[string]pendingValue
	locked  []*lockState
}

type pendingValue struct {
	v   []byte
	del bool
}

// Update runs fn with a new Write and commits its changes as one batch
// synced to disk. The collections in lock are locked for the duration, in
// a fixed order (so concurrent Updates cannot deadlock); a collection with
// unique constraints must be locked by every Update that writes it. If fn
// returns an error nothing is written.
func (db *DB) Update(fn func(w *Write) error, lock ...Locker) error {
	states := make([]*lockState, 0, len(lock))
	for _, l := range lock {
		st := l.lockState()
		if !slices.Contains(states, st) {
			states = append(states, st)
		}
	}
	slices.SortFunc(states, func(a, b *lockState) int { return a.order - b.order })
	for _, st := range states {
		st.mu.Lock()
	}
	defer func() {
		for i := len(states) - 1; i >= 0; i-- {
			states[i].mu.Unlock()
		}
	}()
	w := &Write{db: db, b: db.pdb.NewBatch(), locked: states}
	defer w.b.Close()
	if err := fn(w); err != nil {
		return err
	}
	if w.b.Empty() {
		return nil
	}
	if r := db.replicator(w); r != nil {
		return db.commitReplicated(w, r)
	}
	start := time.Now()
	err := w.b.Commit(pebble.Sync)
	db.commits.Add(1)
	db.commitNanos.Add(uint64(time.Since(start)))
	if err != nil {
		db.commitErrors.Add(1)
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

func (w *Write) holds(st *lockState) bool { return slices.Contains(w.locked, st) }

func (w *Write) set(k, v []byte) error {
	if w.pending == nil {
		w.pending = map[string]pendingValue{}
	}
	w.pending[string(k)] = pendingValue{v: v}
	return w.b.Set(k, v, nil)
}

func (w *Write) del(k []byte) error {
	if w.pending == nil {
		w.pending = map[string]pendingValue{}
	}
	w.pending[string(k)] = pendingValue{del: true}
	return w.b.Delete(k, nil)
}

// get reads a key as this write sees it.
func (w *Write) get(k []byte) ([]byte, bool, error) {
	if p, ok := w.pending[string(k)]; ok {
		if p.del {
			return nil, false, nil
		}
		return p.v, true, nil
	}
	return w.db.get(k)
}

var errNotLocked = errors.New("storage: collection with unique constraints written without its lock")
