package storage

import (
	"errors"
	"fmt"
	"time"

	"github.com/cockroachdb/pebble/v2"
)

// Batch is a write batch for a single writer: the engine's execution
// actor, which owns every record it writes and remembers what it last
// wrote. Unlike Write it neither reads before writing nor tracks pending
// keys: PutInBatch is told the previous version of the record, so a put
// costs the encoding and the changed index keys only. Collections with
// unique constraints cannot be written through a Batch.
//
// A Batch is not safe for concurrent use. It may be filled by one
// goroutine and committed by another once filling has stopped.
type Batch struct {
	db  *DB
	b   *pebble.Batch
	key []byte // scratch for keys
	val []byte // scratch for encoded records
	n   int    // operations
}

// NewBatch returns an empty batch.
func (db *DB) NewBatch() *Batch { return &Batch{db: db, b: db.pdb.NewBatch()} }

// Empty reports whether nothing was written to the batch.
func (b *Batch) Empty() bool { return b.n == 0 }

// Ops returns the number of keys set or deleted so far.
func (b *Batch) Ops() int { return b.n }

// Size returns the encoded size of the batch in bytes.
func (b *Batch) Size() int { return b.b.Len() }

// Commit writes the batch atomically and waits until it is synced to
// disk; Pebble's group commit shares the fsync with every batch
// committing at the same moment. The batch is closed afterwards.
func (b *Batch) Commit() error {
	defer b.Close()
	if b.n == 0 {
		return nil
	}
	start := time.Now()
	err := b.b.Commit(pebble.Sync)
	b.db.commits.Add(1)
	b.db.commitNanos.Add(uint64(time.Since(start)))
	if err != nil {
		b.db.commitErrors.Add(1)
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Absorb appends the operations of o to b and closes o, so that several
// writers' batches commit as one (an application-level group commit:
// one Pebble commit and one fsync for all of them).
func (b *Batch) Absorb(o *Batch) error {
	if o.n == 0 {
		o.Close()
		return nil
	}
	if err := b.b.Apply(o.b, nil); err != nil {
		return err
	}
	b.n += o.n
	o.Close()
	return nil
}

// Close releases the batch without committing what it holds.
func (b *Batch) Close() {
	if b.b != nil {
		_ = b.b.Close()
		b.b = nil
	}
}

func (b *Batch) set(k, v []byte) error {
	b.n++
	return b.b.Set(k, v, nil)
}

func (b *Batch) del(k []byte) error {
	b.n++
	return b.b.Delete(k, nil)
}

var errUniqueInBatch = errors.New("storage: collection with unique constraints written through a Batch")

// PutInBatch stages r in b. prev is the version of the record the caller
// last wrote (nil when r is new): index keys that did not change are not
// rewritten, stale ones are deleted. The caller must pass the true
// previous version; a wrong one leaves stale index entries behind.
func (c *Collection[T]) PutInBatch(b *Batch, r, prev *T) error {
	if len(c.s.Uniques) > 0 {
		return errUniqueInBatch
	}
	id := c.s.ID(r)
	if id == "" {
		return fmt.Errorf("storage: %s record without id", c.s.Keyspace)
	}
	if prev == nil {
		b.key = appendCreated(append(append(b.key[:0], c.ks...), kindCreated), c.s.Created(r), id)
		if err := b.set(b.key, nil); err != nil {
			return err
		}
	}
	for i := range c.idx {
		nv, nok := c.idx[i].Get(r).(string)
		if prev != nil {
			ov, ook := c.idx[i].Get(prev).(string)
			if ook == nok && ov == nv {
				continue
			}
			if ook {
				b.key = c.appendIndexKey(b.key[:0], i, ov, c.s.Created(prev), id)
				if err := b.del(b.key); err != nil {
					return err
				}
			}
		}
		if nok {
			b.key = c.appendIndexKey(b.key[:0], i, nv, c.s.Created(r), id)
			if err := b.set(b.key, nil); err != nil {
				return err
			}
		}
	}
	b.key = append(append(append(b.key[:0], c.ks...), kindRecord), id...)
	b.val = c.s.Codec.Append(b.val[:0], r)
	return b.set(b.key, b.val)
}

// DeleteInBatch stages the deletion of r (as last written) and its index
// entries in b.
func (c *Collection[T]) DeleteInBatch(b *Batch, r *T) error {
	if len(c.s.Uniques) > 0 {
		return errUniqueInBatch
	}
	id := c.s.ID(r)
	b.key = appendCreated(append(append(b.key[:0], c.ks...), kindCreated), c.s.Created(r), id)
	if err := b.del(b.key); err != nil {
		return err
	}
	for i := range c.idx {
		if v, ok := c.idx[i].Get(r).(string); ok {
			b.key = c.appendIndexKey(b.key[:0], i, v, c.s.Created(r), id)
			if err := b.del(b.key); err != nil {
				return err
			}
		}
	}
	b.key = append(append(append(b.key[:0], c.ks...), kindRecord), id...)
	return b.del(b.key)
}

func (c *Collection[T]) appendIndexKey(k []byte, i int, v string, created int64, id string) []byte {
	k = append(append(append(k, c.ks...), kindIndex), byte(i))
	k = AppendKeyPart(k, v)
	return appendCreated(k, created, id)
}
