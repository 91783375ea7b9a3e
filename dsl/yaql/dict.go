package yaql

import "github.com/mistral-go/mistral-go/value"

// Dicts are *value.Map when every key is a string and *pyDict otherwise;
// these helpers treat both alike.

func mapLen(d any) int {
	switch t := d.(type) {
	case *value.Map:
		return t.Len()
	case *pyDict:
		return len(t.keys)
	}
	return 0
}

// mapRange calls f for each entry in order until it returns false.
func mapRange(d any, f func(k, v any) bool) {
	switch t := d.(type) {
	case *value.Map:
		for i := 0; i < t.Len(); i++ {
			k, v := t.At(i)
			if !f(k, v) {
				return
			}
		}
	case *pyDict:
		for i, k := range t.keys {
			if !f(k, t.vals[i]) {
				return
			}
		}
	}
}

func mapKeys(d any) []any {
	out := make([]any, 0, mapLen(d))
	mapRange(d, func(k, _ any) bool {
		out = append(out, k)
		return true
	})
	return out
}

// mapGet is d.get(key); unhashable keys are errors, as in Python.
func mapGetErr(d any, key any) (any, bool, error) {
	switch t := d.(type) {
	case *value.Map:
		if s, ok := key.(string); ok {
			v, ok := t.Get(s)
			return v, ok, nil
		}
		if _, err := hashKey(key); err != nil {
			return nil, false, err
		}
		return nil, false, nil
	case *pyDict:
		k, err := hashKey(key)
		if err != nil {
			return nil, false, err
		}
		i, ok := t.lookup(k)
		if !ok {
			return nil, false, nil
		}
		return t.vals[i], true, nil
	}
	return nil, false, nil
}

func mapGet(d any, key any) (any, bool) {
	v, ok, _ := mapGetErr(d, key)
	return v, ok
}

func (d *pyDict) lookup(k string) (int, bool) {
	if d.index == nil {
		d.index = make(map[string]int, len(d.keys))
		for i, key := range d.keys {
			hk, _ := hashKey(key)
			d.index[hk] = i
		}
	}
	i, ok := d.index[k]
	return i, ok
}

// dictBuilder builds a dict, a *value.Map until a non-string key appears.
type dictBuilder struct {
	m *value.Map
	d *pyDict
}

func newDictBuilder(n int) *dictBuilder { return &dictBuilder{m: value.NewMap(n)} }

// set stores key: value (Python d[key] = value); unhashable keys fail.
func (b *dictBuilder) set(key, v any) error {
	if b.d == nil {
		if s, ok := key.(string); ok {
			b.m.Set(s, v)
			return nil
		}
		if _, err := hashKey(key); err != nil {
			return err
		}
		b.d = &pyDict{}
		for i := 0; i < b.m.Len(); i++ {
			k, x := b.m.At(i)
			b.d.keys = append(b.d.keys, k)
			b.d.vals = append(b.d.vals, x)
		}
		b.m = nil
	}
	hk, err := hashKey(key)
	if err != nil {
		return err
	}
	if i, ok := b.d.lookup(hk); ok {
		b.d.vals[i] = v
		return nil
	}
	b.d.keys = append(b.d.keys, key)
	b.d.vals = append(b.d.vals, v)
	b.d.index[hk] = len(b.d.keys) - 1
	return nil
}

// del removes key if present.
func (b *dictBuilder) del(key any) error {
	if b.d == nil {
		if s, ok := key.(string); ok {
			b.m.Delete(s)
			return nil
		}
		_, err := hashKey(key)
		return err
	}
	hk, err := hashKey(key)
	if err != nil {
		return err
	}
	i, ok := b.d.lookup(hk)
	if !ok {
		return nil
	}
	b.d.keys = append(b.d.keys[:i:i], b.d.keys[i+1:]...)
	b.d.vals = append(b.d.vals[:i:i], b.d.vals[i+1:]...)
	b.d.index = nil
	return nil
}

func (b *dictBuilder) len() int {
	if b.d != nil {
		return len(b.d.keys)
	}
	return b.m.Len()
}

// result returns the dict built.
func (b *dictBuilder) result() any {
	if b.d != nil {
		return b.d
	}
	return b.m
}

// copyDict starts a builder with the entries of d.
func copyDict(d any) *dictBuilder {
	if m, ok := d.(*value.Map); ok {
		return &dictBuilder{m: m.Clone()}
	}
	b := newDictBuilder(mapLen(d))
	mapRange(d, func(k, v any) bool {
		_ = b.set(k, v)
		return true
	})
	return b
}
