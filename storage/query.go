package storage

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"github.com/cockroachdb/pebble/v2"
)

// Order is one sort key of a list query.
type Order struct {
	Field string
	Desc  bool
}

// Query is a list request: filters, order, page.
type Query struct {
	// Filters all must hold.
	Filters []Filter
	// Sort is the order; empty means created_at ascending. An "id" key
	// (ascending) is appended when absent, so the order is total.
	Sort []Order
	// Marker is the id of the last record of the previous page: the page
	// starts right after that record's position in the order (the marker
	// record itself need not match the filters). A marker that does not
	// exist gives an error wrapping ErrNotFound.
	Marker string
	// Limit is the page size; 0 means no limit.
	Limit int
	// Visible, when set, keeps only what one project may see.
	Visible *Visibility
}

// ErrBadSortKey is wrapped by List errors for an unknown sort key.
var ErrBadSortKey = errors.New("unknown sort key")

// List runs q. On the default order (created_at, id — both ascending or
// both descending, or created_at one way and id the other) it reads only
// the page (plus the records its filters reject); on any other order it
// loads the matching records and sorts them in memory. If one filter is
// an equality test on an indexed field, only that field value's records
// are read.
func (c *Collection[T]) List(q Query) ([]*T, error) {
	sort, err := c.normalizeSort(q.Sort)
	if err != nil {
		return nil, err
	}
	filters := make([]*Filter, len(q.Filters))
	getters := make([]*Field[T], len(q.Filters))
	for i := range q.Filters {
		f := &q.Filters[i]
		filters[i] = f
		getters[i] = c.fields[f.Field]
		if getters[i] == nil {
			return nil, &InvalidError{Msg: fmt.Sprintf("Unknown filter field: %s", f.Field)}
		}
	}
	snap := c.db.pdb.NewSnapshot()
	defer snap.Close()

	var marker *T
	if q.Marker != "" {
		v, closer, err := snap.Get(c.recordKey(q.Marker))
		if err != nil {
			if errors.Is(err, pebble.ErrNotFound) {
				return nil, fmt.Errorf("marker %s: %w", q.Marker, ErrNotFound)
			}
			return nil, err
		}
		marker, err = c.decode(v)
		closer.Close()
		if err != nil {
			return nil, err
		}
	}
	prefix := c.key(kindCreated, 0)
	for _, f := range filters {
		if f.Op != Eq {
			continue
		}
		if i := c.indexOf(f.Field); i >= 0 {
			if s, ok := f.Value.(string); ok {
				prefix = c.indexPrefix(i, s)
				break
			}
		}
	}
	visible := visibleFilter(c, q.Visible)
	keep := func(r *T) bool {
		if visible != nil && !visible(r) {
			return false
		}
		for i, f := range filters {
			if !match(f, getters[i].Get(r)) {
				return false
			}
		}
		return true
	}
	// The ordered walk pays one point read per record: worth it for a
	// page, not for a whole table.
	if len(sort) == 2 && sort[0].Field == "created_at" && sort[1].Field == "id" && (q.Limit > 0 || prefix[len(prefix)-1] != kindCreated) {
		return c.listOrdered(snap, prefix, sort[0].Desc, sort[1].Desc, marker, q.Limit, keep)
	}
	return c.listSorted(snap, prefix, sort, marker, q.Limit, keep)
}

func (c *Collection[T]) indexOf(field string) int {
	for i, f := range c.idx {
		if f.Name == field {
			return i
		}
	}
	return -1
}

func (c *Collection[T]) normalizeSort(in []Order) ([]Order, error) {
	out := make([]Order, 0, len(in)+1)
	for _, o := range in {
		if c.fields[o.Field] == nil {
			return nil, fmt.Errorf("%w: %s", ErrBadSortKey, o.Field)
		}
		out = append(out, o)
	}
	if len(out) == 0 {
		out = append(out, Order{Field: "created_at"})
	}
	if !slices.ContainsFunc(out, func(o Order) bool { return o.Field == "id" }) {
		out = append(out, Order{Field: "id"})
	}
	return out, nil
}

// listOrdered walks an ordered key source (the created-at index or an
// equality index prefix) group by group of equal created_at, so that the
// id direction can differ from the created_at direction.
func (c *Collection[T]) listOrdered(snap *pebble.Snapshot, prefix []byte, desc, idDesc bool, marker *T, limit int, keep func(*T) bool) ([]*T, error) {
	it, err := snap.NewIter(&pebble.IterOptions{LowerBound: prefix, UpperBound: prefixEnd(prefix)})
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var mCreated int64
	var mID string
	if marker != nil {
		mCreated, mID = c.s.Created(marker), c.s.ID(marker)
		if desc {
			it.SeekLT(appendCreated(append([]byte(nil), prefix...), mCreated+1, ""))
		} else {
			it.SeekGE(appendCreated(append([]byte(nil), prefix...), mCreated, ""))
		}
	} else if desc {
		it.Last()
	} else {
		it.First()
	}
	var out []*T
	var group []string
	for it.Valid() && (limit <= 0 || len(out) < limit) {
		g, _, ok := splitCreated(it.Key(), len(prefix))
		if !ok {
			return nil, errCorrupt
		}
		group = group[:0]
		for it.Valid() {
			cr, id, ok := splitCreated(it.Key(), len(prefix))
			if !ok {
				return nil, errCorrupt
			}
			if cr != g {
				break
			}
			group = append(group, id)
			if desc {
				it.Prev()
			} else {
				it.Next()
			}
		}
		if desc != idDesc {
			slices.Reverse(group)
		}
		for _, id := range group {
			if marker != nil && g == mCreated {
				if idDesc && id >= mID || !idDesc && id <= mID {
					continue
				}
			}
			r, err := c.snapGet(snap, id)
			if err != nil {
				return nil, err
			}
			if r == nil || !keep(r) {
				continue
			}
			out = append(out, r)
			if limit > 0 && len(out) == limit {
				break
			}
		}
	}
	return out, it.Error()
}

func splitCreated(k []byte, at int) (int64, string, bool) {
	if len(k) < at+8 {
		return 0, "", false
	}
	return int64(binary.BigEndian.Uint64(k[at:]) ^ (1 << 63)), string(k[at+8:]), true
}

func (c *Collection[T]) snapGet(snap *pebble.Snapshot, id string) (*T, error) {
	v, closer, err := snap.Get(c.recordKey(id))
	if err != nil {
		if errors.Is(err, pebble.ErrNotFound) {
			return nil, nil
		}
		return nil, err
	}
	defer closer.Close()
	return c.decode(v)
}

// listSorted loads every record of the key source that passes the
// filters, sorts them and cuts the page. Without an index prefix it reads
// the record keyspace sequentially, which is much cheaper than one point
// read per index entry.
func (c *Collection[T]) listSorted(snap *pebble.Snapshot, prefix []byte, sort []Order, marker *T, limit int, keep func(*T) bool) ([]*T, error) {
	var all []*T
	var err error
	if prefix[len(prefix)-1] == kindCreated {
		all, err = c.loadRecords(snap, keep)
	} else {
		all, err = c.loadIndexed(snap, prefix, keep)
	}
	if err != nil {
		return nil, err
	}
	return sortPage(all, c.fields, sort, marker, limit), nil
}

// sortPage sorts rs by sort (each record's sort key computed once), then
// keeps the limit records after marker.
func sortPage[T any](rs []*T, fields map[string]*Field[T], sort []Order, marker *T, limit int) []*T {
	getters := make([]*Field[T], len(sort))
	for i, o := range sort {
		getters[i] = fields[o.Field]
	}
	type row struct {
		keys []any
		r    *T
	}
	keysOf := func(r *T) []any {
		k := make([]any, len(sort))
		for i, g := range getters {
			k[i] = g.Get(r)
		}
		return k
	}
	cmp := func(a, b []any) int {
		for i, o := range sort {
			if d := compare(a[i], b[i]); d != 0 {
				if o.Desc {
					return -d
				}
				return d
			}
		}
		return 0
	}
	rows := make([]row, len(rs))
	for i, r := range rs {
		rows[i] = row{keysOf(r), r}
	}
	slices.SortFunc(rows, func(a, b row) int { return cmp(a.keys, b.keys) })
	if marker != nil {
		mk := keysOf(marker)
		n, _ := slices.BinarySearchFunc(rows, mk, func(r row, k []any) int { return cmp(r.keys, k) })
		for n < len(rows) && cmp(rows[n].keys, mk) <= 0 {
			n++
		}
		rows = rows[n:]
	}
	if limit > 0 && len(rows) > limit {
		rows = rows[:limit]
	}
	out := make([]*T, len(rows))
	for i := range rows {
		out[i] = rows[i].r
	}
	return out
}

// FilterSort runs q over an in-memory list (e.g. actions that are not
// stored, merged with stored ones): the same filters, order and paging as
// Collection.List. fields must include "id"; marker is found by id among
// items (ErrNotFound otherwise).
func FilterSort[T any](items []*T, fields []Field[T], q Query) ([]*T, error) {
	byName := make(map[string]*Field[T], len(fields))
	for i := range fields {
		byName[fields[i].Name] = &fields[i]
	}
	c := &Collection[T]{fields: byName}
	sort, err := c.normalizeSort(q.Sort)
	if err != nil {
		return nil, err
	}
	var marker *T
	if q.Marker != "" {
		idf := byName["id"]
		for _, it := range items {
			if s, _ := idf.Get(it).(string); s == q.Marker {
				marker = it
				break
			}
		}
		if marker == nil {
			return nil, fmt.Errorf("marker %s: %w", q.Marker, ErrNotFound)
		}
	}
	var kept []*T
	for _, it := range items {
		ok := true
		for i := range q.Filters {
			f := byName[q.Filters[i].Field]
			if f == nil {
				return nil, &InvalidError{Msg: fmt.Sprintf("Unknown filter field: %s", q.Filters[i].Field)}
			}
			if !match(&q.Filters[i], f.Get(it)) {
				ok = false
				break
			}
		}
		if ok {
			kept = append(kept, it)
		}
	}
	return sortPage(kept, byName, sort, marker, q.Limit), nil
}

func (c *Collection[T]) loadRecords(snap *pebble.Snapshot, keep func(*T) bool) ([]*T, error) {
	prefix := c.key(kindRecord, 0)
	it, err := snap.NewIter(&pebble.IterOptions{LowerBound: prefix, UpperBound: prefixEnd(prefix)})
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var all []*T
	for it.First(); it.Valid(); it.Next() {
		v, err := it.ValueAndErr()
		if err != nil {
			return nil, err
		}
		r, err := c.decode(v)
		if err != nil {
			return nil, err
		}
		if keep(r) {
			all = append(all, r)
		}
	}
	return all, it.Error()
}

func (c *Collection[T]) loadIndexed(snap *pebble.Snapshot, prefix []byte, keep func(*T) bool) ([]*T, error) {
	it, err := snap.NewIter(&pebble.IterOptions{LowerBound: prefix, UpperBound: prefixEnd(prefix)})
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var all []*T
	for it.First(); it.Valid(); it.Next() {
		_, id, ok := splitCreated(it.Key(), len(prefix))
		if !ok {
			return nil, errCorrupt
		}
		r, err := c.snapGet(snap, id)
		if err != nil {
			return nil, err
		}
		if r != nil && keep(r) {
			all = append(all, r)
		}
	}
	return all, it.Error()
}

// Scan calls fn for every record whose indexed field equals v, in
// created-at order, until fn returns false. field must be one of the
// schema's Indexes.
func (c *Collection[T]) Scan(field, v string, fn func(r *T) bool) error {
	i := c.indexOf(field)
	if i < 0 {
		return fmt.Errorf("storage: %s has no index on %q", c.s.Keyspace, field)
	}
	return c.scan(c.indexPrefix(i, v), fn)
}

// ScanAll calls fn for every record in created-at order until fn returns
// false.
func (c *Collection[T]) ScanAll(fn func(r *T) bool) error {
	return c.scan(c.key(kindCreated, 0), fn)
}

func (c *Collection[T]) scan(prefix []byte, fn func(r *T) bool) error {
	snap := c.db.pdb.NewSnapshot()
	defer snap.Close()
	it, err := snap.NewIter(&pebble.IterOptions{LowerBound: prefix, UpperBound: prefixEnd(prefix)})
	if err != nil {
		return err
	}
	defer it.Close()
	for it.First(); it.Valid(); it.Next() {
		_, id, ok := splitCreated(it.Key(), len(prefix))
		if !ok {
			return errCorrupt
		}
		r, err := c.snapGet(snap, id)
		if err != nil {
			return err
		}
		if r != nil && !fn(r) {
			break
		}
	}
	return it.Error()
}
