package storage

import (
	"bytes"
	"fmt"
)

// Collection is a typed set of records of type T stored in one keyspace.
// It is safe for concurrent use.
type Collection[T any] struct {
	db     *DB
	s      Schema[T]
	ks     []byte // keyspace + 0x00
	lock   lockState
	idx    []*Field[T] // field of each index, by index number
	fields map[string]*Field[T]
}

// NewCollection registers a collection described by s in db.
func NewCollection[T any](db *DB, s Schema[T]) (*Collection[T], error) {
	if s.Codec == nil || s.ID == nil || s.Created == nil {
		return nil, fmt.Errorf("storage: schema %q needs Codec, ID and Created", s.Keyspace)
	}
	order, err := db.register(s.Keyspace)
	if err != nil {
		return nil, err
	}
	c := &Collection[T]{db: db, s: s, ks: append([]byte(s.Keyspace), 0), fields: map[string]*Field[T]{}}
	c.lock.order = order
	c.lock.name = s.Keyspace
	for i := range c.s.Fields {
		if !c.s.Fields[i].Hidden {
			c.fields[c.s.Fields[i].Name] = &c.s.Fields[i]
		}
	}
	if len(s.Indexes) > 250 || len(s.Uniques) > 250 {
		return nil, fmt.Errorf("storage: schema %q has too many indexes", s.Keyspace)
	}
	for _, ix := range s.Indexes {
		f := c.s.field(ix.Field)
		if f == nil || (f.Kind != KindText && f.Kind != KindUUID) {
			return nil, fmt.Errorf("storage: schema %q: index on %q needs a text field", s.Keyspace, ix.Field)
		}
		c.idx = append(c.idx, f)
	}
	return c, nil
}

func (c *Collection[T]) lockState() *lockState { return &c.lock }

// Name returns the collection's keyspace name.
func (c *Collection[T]) Name() string { return c.s.Keyspace }

// HasField reports whether list queries may use the field named n.
func (c *Collection[T]) HasField(n string) bool { return c.fields[n] != nil }

// FieldKind returns the kind of the field named n.
func (c *Collection[T]) FieldKind(n string) (Kind, bool) {
	f := c.fields[n]
	if f == nil {
		return 0, false
	}
	return f.Kind, true
}

func (c *Collection[T]) key(kind byte, extra int) []byte {
	b := make([]byte, 0, len(c.ks)+1+extra)
	b = append(b, c.ks...)
	return append(b, kind)
}

func (c *Collection[T]) recordKey(id string) []byte {
	return append(c.key(kindRecord, len(id)), id...)
}

func (c *Collection[T]) createdKey(r *T) []byte {
	id := c.s.ID(r)
	return appendCreated(c.key(kindCreated, 8+len(id)), c.s.Created(r), id)
}

func (c *Collection[T]) indexPrefix(i int, v string) []byte {
	b := append(c.key(kindIndex, 1+len(v)+2), byte(i))
	return AppendKeyPart(b, v)
}

// indexKey returns the key of record r in index i (nil when the field is
// null).
func (c *Collection[T]) indexKey(i int, r *T) []byte {
	v, ok := c.idx[i].Get(r).(string)
	if !ok {
		return nil
	}
	id := c.s.ID(r)
	return appendCreated(c.indexPrefix(i, v), c.s.Created(r), id)
}

func (c *Collection[T]) uniqueKey(i int, k []byte) []byte {
	b := append(c.key(kindUnique, 1+len(k)), byte(i))
	return append(b, k...)
}

func (c *Collection[T]) decode(v []byte) (*T, error) {
	r := new(T)
	if err := c.s.Codec.Decode(v, r); err != nil {
		return nil, fmt.Errorf("decode %s record: %w", c.s.Keyspace, err)
	}
	return r, nil
}

// Get returns the record with the given id, or ErrNotFound.
func (c *Collection[T]) Get(id string) (*T, error) {
	v, ok, err := c.db.get(c.recordKey(id))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrNotFound
	}
	return c.decode(v)
}

// GetUnique returns the record holding key k of unique constraint i
// (the index into Schema.Uniques), or ErrNotFound.
func (c *Collection[T]) GetUnique(i int, k []byte) (*T, error) {
	id, ok, err := c.db.get(c.uniqueKey(i, k))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrNotFound
	}
	return c.Get(string(id))
}

// GetIn is Get as seen by the write w (its pending changes included).
func (c *Collection[T]) GetIn(w *Write, id string) (*T, error) {
	v, ok, err := w.get(c.recordKey(id))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrNotFound
	}
	return c.decode(v)
}

// GetUniqueIn is GetUnique as seen by the write w.
func (c *Collection[T]) GetUniqueIn(w *Write, i int, k []byte) (*T, error) {
	id, ok, err := w.get(c.uniqueKey(i, k))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrNotFound
	}
	return c.GetIn(w, string(id))
}

// Put inserts r or replaces the record with the same id, maintaining
// indexes and checking unique constraints (a violation returns the
// constraint's Conflict error and writes nothing of r).
func (c *Collection[T]) Put(w *Write, r *T) error {
	if len(c.s.Uniques) > 0 && !w.holds(&c.lock) {
		return errNotLocked
	}
	id := c.s.ID(r)
	if id == "" {
		return fmt.Errorf("storage: %s record without id", c.s.Keyspace)
	}
	old, err := c.GetIn(w, id)
	if err != nil && err != ErrNotFound {
		return err
	}
	// Check every constraint before writing anything.
	newKeys := make([][]byte, len(c.s.Uniques))
	for i, u := range c.s.Uniques {
		k := u.Key(r)
		if k == nil {
			continue
		}
		newKeys[i] = c.uniqueKey(i, k)
		owner, ok, err := w.get(newKeys[i])
		if err != nil {
			return err
		}
		if ok && string(owner) != id {
			return u.Conflict(r)
		}
	}
	for i, u := range c.s.Uniques {
		if old != nil {
			if prev := u.Key(old); prev != nil {
				if k := c.uniqueKey(i, prev); !bytes.Equal(k, newKeys[i]) {
					if err := w.del(k); err != nil {
						return err
					}
				}
			}
		}
		if newKeys[i] != nil {
			if err := w.set(newKeys[i], []byte(id)); err != nil {
				return err
			}
		}
	}
	ck := c.createdKey(r)
	if old != nil {
		if prev := c.createdKey(old); !bytes.Equal(prev, ck) {
			if err := w.del(prev); err != nil {
				return err
			}
		}
	}
	if err := w.set(ck, nil); err != nil {
		return err
	}
	for i := range c.idx {
		nk := c.indexKey(i, r)
		if old != nil {
			if prev := c.indexKey(i, old); prev != nil && !bytes.Equal(prev, nk) {
				if err := w.del(prev); err != nil {
					return err
				}
			}
		}
		if nk != nil {
			if err := w.set(nk, nil); err != nil {
				return err
			}
		}
	}
	return w.set(c.recordKey(id), c.s.Codec.Append(nil, r))
}

// Delete removes the record with the given id and its index entries; it
// returns ErrNotFound when there is none.
func (c *Collection[T]) Delete(w *Write, id string) error {
	if len(c.s.Uniques) > 0 && !w.holds(&c.lock) {
		return errNotLocked
	}
	old, err := c.GetIn(w, id)
	if err != nil {
		return err
	}
	for i, u := range c.s.Uniques {
		k := u.Key(old)
		if k == nil {
			continue
		}
		uk := c.uniqueKey(i, k)
		owner, ok, err := w.get(uk)
		if err != nil {
			return err
		}
		if ok && string(owner) == id {
			if err := w.del(uk); err != nil {
				return err
			}
		}
	}
	if err := w.del(c.createdKey(old)); err != nil {
		return err
	}
	for i := range c.idx {
		if k := c.indexKey(i, old); k != nil {
			if err := w.del(k); err != nil {
				return err
			}
		}
	}
	return w.del(c.recordKey(id))
}
