package value

// indexThreshold is the size above which a Map keeps a hash index; below it
// a linear scan over the keys is faster than hashing.
const indexThreshold = 8

// Map is an insertion-ordered map from string keys to values. Setting an
// existing key replaces its value in place (Python dict semantics). The
// zero value is an empty map ready to use. A Map is not safe for
// concurrent mutation; values shared between goroutines are treated as
// immutable by convention (Clone before changing).
type Map struct {
	keys  []string
	vals  []any
	index map[string]int
}

// NewMap returns an empty map with room for n entries.
func NewMap(n int) *Map {
	return &Map{keys: make([]string, 0, n), vals: make([]any, 0, n)}
}

// MapOf builds a map from alternating keys and values:
// MapOf("a", 1, "b", 2). It panics on an odd count or a non-string key,
// which is a programming error.
func MapOf(kv ...any) *Map {
	if len(kv)%2 != 0 {
		panic("value.MapOf: odd number of arguments")
	}
	m := NewMap(len(kv) / 2)
	for i := 0; i < len(kv); i += 2 {
		m.Set(kv[i].(string), kv[i+1])
	}
	return m
}

// Len returns the number of entries; a nil map has none.
func (m *Map) Len() int {
	if m == nil {
		return 0
	}
	return len(m.keys)
}

func (m *Map) find(k string) int {
	if m == nil {
		return -1
	}
	if m.index != nil {
		if i, ok := m.index[k]; ok {
			return i
		}
		return -1
	}
	for i, key := range m.keys {
		if key == k {
			return i
		}
	}
	return -1
}

// Get returns the value stored under k.
func (m *Map) Get(k string) (any, bool) {
	i := m.find(k)
	if i < 0 {
		return nil, false
	}
	return m.vals[i], true
}

// Has reports whether k is present.
func (m *Map) Has(k string) bool { return m.find(k) >= 0 }

// Set stores v under k, keeping the position of an existing key.
func (m *Map) Set(k string, v any) {
	if i := m.find(k); i >= 0 {
		m.vals[i] = v
		return
	}
	m.keys = append(m.keys, k)
	m.vals = append(m.vals, v)
	if m.index != nil {
		m.index[k] = len(m.keys) - 1
	} else if len(m.keys) > indexThreshold {
		m.reindex()
	}
}

func (m *Map) reindex() {
	m.index = make(map[string]int, len(m.keys)*2)
	for i, k := range m.keys {
		m.index[k] = i
	}
}

// Delete removes k and reports whether it was present.
func (m *Map) Delete(k string) bool {
	i := m.find(k)
	if i < 0 {
		return false
	}
	m.keys = append(m.keys[:i], m.keys[i+1:]...)
	m.vals = append(m.vals[:i], m.vals[i+1:]...)
	if len(m.keys) > indexThreshold {
		m.reindex()
	} else {
		m.index = nil
	}
	return true
}

// Keys returns the keys in insertion order. The slice is the map's own:
// callers must not modify it.
func (m *Map) Keys() []string {
	if m == nil {
		return nil
	}
	return m.keys
}

// Values returns the values in insertion order (the map's own slice).
func (m *Map) Values() []any {
	if m == nil {
		return nil
	}
	return m.vals
}

// At returns the i-th entry in insertion order.
func (m *Map) At(i int) (string, any) { return m.keys[i], m.vals[i] }

// Range calls f for each entry in order until f returns false.
func (m *Map) Range(f func(k string, v any) bool) {
	if m == nil {
		return
	}
	for i, k := range m.keys {
		if !f(k, m.vals[i]) {
			return
		}
	}
}

// Clone returns a shallow copy: a new map with the same entries.
func (m *Map) Clone() *Map {
	if m == nil {
		return NewMap(0)
	}
	c := &Map{keys: append([]string(nil), m.keys...), vals: append([]any(nil), m.vals...)}
	if m.index != nil {
		c.reindex()
	}
	return c
}

// Update sets every entry of src into m (top-level replace, like
// Python's dict.update).
func (m *Map) Update(src *Map) {
	src.Range(func(k string, v any) bool {
		m.Set(k, v)
		return true
	})
}
