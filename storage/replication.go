package storage

import (
	"encoding/binary"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/cockroachdb/pebble/v2"
)

// Replication lets a cluster keep some keyspaces (the definitions)
// identical in every node's database. Every Update that writes a key of a
// replicated keyspace is committed through the Replicator instead of
// directly: it numbers the batch, commits it here, and ships its encoded
// operations to the other nodes, which apply them unchanged
// (ApplyReplica). A node that missed batches installs a whole copy of the
// replicated keyspaces from another node (ReplicaSnapshot,
// InstallReplicaSnapshot). The sequence number of the last batch lives
// in the database, written in the same batch as the change it counts.

// Replicator commits one replicated write: it calls c.Commit (after
// choosing the sequence number with c.SetSeq) and ships c.Repr.
type Replicator func(c *ReplicaCommit) error

// ReplicaCommit is one Update being committed through a Replicator.
type ReplicaCommit struct {
	db *DB
	b  *pebble.Batch
}

// replication is the DB's replication state (zero: none).
type replication struct {
	mu         sync.RWMutex
	keyspaces  map[string]bool
	replicator Replicator
}

// replicaSeqKey holds the sequence number of the last replicated batch
// this database committed or applied. It sorts before every keyspace.
var replicaSeqKey = []byte("\x00repl\x00seq")

// SetReplication names the keyspaces (collection names) whose writes go
// through r; a nil r turns replication off.
func (db *DB) SetReplication(keyspaces []string, r Replicator) {
	m := make(map[string]bool, len(keyspaces))
	for _, ks := range keyspaces {
		m[ks] = true
	}
	db.repl.mu.Lock()
	db.repl.keyspaces, db.repl.replicator = m, r
	db.repl.mu.Unlock()
}

// ReplicatedKeyspaces returns the keyspaces SetReplication named, sorted.
func (db *DB) ReplicatedKeyspaces() []string {
	db.repl.mu.RLock()
	defer db.repl.mu.RUnlock()
	out := make([]string, 0, len(db.repl.keyspaces))
	for ks := range db.repl.keyspaces {
		out = append(out, ks)
	}
	slices.Sort(out)
	return out
}

// replicator returns the Replicator when w writes a replicated key.
func (db *DB) replicator(w *Write) Replicator {
	db.repl.mu.RLock()
	defer db.repl.mu.RUnlock()
	if db.repl.replicator == nil {
		return nil
	}
	for k := range w.pending {
		if db.repl.keyspaces[keyspaceOf(k)] {
			return db.repl.replicator
		}
	}
	return nil
}

// keyspaceOf returns the keyspace of a collection key (what precedes its
// first zero byte).
func keyspaceOf(k string) string {
	for i := 0; i < len(k); i++ {
		if k[i] == 0 {
			return k[:i]
		}
	}
	return k
}

// commitReplicated commits w through r.
func (db *DB) commitReplicated(w *Write, r Replicator) error {
	start := time.Now()
	err := r(&ReplicaCommit{db: db, b: w.b})
	db.commitNanos.Add(uint64(time.Since(start)))
	if err != nil {
		db.commitErrors.Add(1)
	}
	return err
}

// SetSeq records seq as the sequence number of this batch.
func (c *ReplicaCommit) SetSeq(seq uint64) error {
	return c.b.Set(replicaSeqKey, binary.BigEndian.AppendUint64(nil, seq), nil)
}

// Repr returns a copy of the batch's encoded operations, for ApplyReplica
// on another node.
func (c *ReplicaCommit) Repr() []byte { return slices.Clone(c.b.Repr()) }

// Commit commits the batch here, synced.
func (c *ReplicaCommit) Commit() error {
	c.db.commits.Add(1)
	if err := c.b.Commit(pebble.Sync); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// ReplicaSeq returns the sequence number of the last replicated batch
// committed or applied here (0 for none).
func (db *DB) ReplicaSeq() (uint64, error) {
	v, ok, err := db.get(replicaSeqKey)
	if err != nil || !ok {
		return 0, err
	}
	if len(v) != 8 {
		return 0, errCorrupt
	}
	return binary.BigEndian.Uint64(v), nil
}

// ApplyReplica commits the operations of a batch another node committed
// (ReplicaCommit.Repr), synced. The stored sequence number becomes seq,
// or stays where it is when it is already higher.
func (db *DB) ApplyReplica(seq uint64, repr []byte) error {
	cur, err := db.ReplicaSeq()
	if err != nil {
		return err
	}
	b := db.pdb.NewBatch()
	defer b.Close()
	if err := b.SetRepr(slices.Clone(repr)); err != nil {
		return fmt.Errorf("replicated batch: %w", err)
	}
	if err := b.Set(replicaSeqKey, binary.BigEndian.AppendUint64(nil, max(cur, seq)), nil); err != nil {
		return err
	}
	db.commits.Add(1)
	if err := b.Commit(pebble.Sync); err != nil {
		db.commitErrors.Add(1)
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// ReplicaSnapshot calls fn with every key and value of the replicated
// keyspaces, in key order, from one consistent view, and returns that
// view's sequence number. fn must not keep k or v.
func (db *DB) ReplicaSnapshot(fn func(k, v []byte) error) (uint64, error) {
	snap := db.pdb.NewSnapshot()
	defer snap.Close()
	var seq uint64
	v, closer, err := snap.Get(replicaSeqKey)
	switch {
	case err == nil:
		if len(v) == 8 {
			seq = binary.BigEndian.Uint64(v)
		}
		closer.Close()
	case err != pebble.ErrNotFound:
		return 0, err
	}
	for _, ks := range db.ReplicatedKeyspaces() {
		lo := append([]byte(ks), 0)
		it, err := snap.NewIter(&pebble.IterOptions{LowerBound: lo, UpperBound: prefixEnd(lo)})
		if err != nil {
			return 0, err
		}
		for ok := it.First(); ok; ok = it.Next() {
			val, err := it.ValueAndErr()
			if err == nil {
				err = fn(it.Key(), val)
			}
			if err != nil {
				_ = it.Close()
				return 0, err
			}
		}
		if err := it.Close(); err != nil {
			return 0, err
		}
	}
	return seq, nil
}

// InstallReplicaSnapshot replaces the whole content of the replicated
// keyspaces by pairs (keys outside them are refused) and sets the
// sequence number to seq, in one synced batch.
func (db *DB) InstallReplicaSnapshot(seq uint64, pairs [][2][]byte) error {
	b := db.pdb.NewBatch()
	defer b.Close()
	kss := db.ReplicatedKeyspaces()
	for _, ks := range kss {
		lo := append([]byte(ks), 0)
		if err := b.DeleteRange(lo, prefixEnd(lo), nil); err != nil {
			return err
		}
	}
	for _, p := range pairs {
		if !slices.Contains(kss, keyspaceOf(string(p[0]))) {
			return fmt.Errorf("replica snapshot: key %q outside the replicated keyspaces", p[0])
		}
		if err := b.Set(p[0], p[1], nil); err != nil {
			return err
		}
	}
	if err := b.Set(replicaSeqKey, binary.BigEndian.AppendUint64(nil, seq), nil); err != nil {
		return err
	}
	db.commits.Add(1)
	if err := b.Commit(pebble.Sync); err != nil {
		db.commitErrors.Add(1)
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
