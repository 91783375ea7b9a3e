package yaql

// newSet builds a frozenset from items; unhashable items fail.
func newSet(items []any) (*pySet, error) {
	s := &pySet{index: make(map[string]int, len(items))}
	for _, x := range items {
		if err := s.add(x); err != nil {
			return nil, err
		}
	}
	if ordered := cpythonOrder(s.items); len(ordered) > 0 && &ordered[0] != &s.items[0] {
		s.items = ordered
		for i, x := range s.items {
			k, _ := hashKey(x)
			s.index[k] = i
		}
	}
	return s, nil
}

func (s *pySet) add(x any) error {
	k, err := hashKey(x)
	if err != nil {
		return err
	}
	if _, ok := s.index[k]; ok {
		return nil
	}
	s.index[k] = len(s.items)
	s.items = append(s.items, x)
	return nil
}

func (s *pySet) has(x any) (bool, error) {
	k, err := hashKey(x)
	if err != nil {
		return false, err
	}
	_, ok := s.index[k]
	return ok, nil
}

// toSet views a set-like value (frozenset, keys or items view) as a set.
func toSet(v any) (*pySet, error) {
	switch t := v.(type) {
	case *pySet:
		return t, nil
	case *dictView:
		return newSet(viewItemsOf(t))
	}
	return nil, errType("'" + typeName(v) + "' object is not a set")
}

// CPython iterates a set in hash-table order. For strings that order is
// random per process, but for integers it is deterministic (small ints
// come out ascending), and users see it, so sets of integers are kept in
// the order CPython's table gives them: insertion into a fresh set, with
// its probing and resizing rules.

const (
	setLinearProbes = 9
	setPerturbShift = 5
	pyHashModulus   = (1 << 61) - 1
)

// pyIntHash is Python's hash() of an int.
func pyIntHash(x int64) int64 {
	neg := x < 0
	u := uint64(x)
	if neg {
		u = uint64(-x)
	}
	h := int64(u % pyHashModulus)
	if neg {
		h = -h
	}
	if h == -1 {
		h = -2
	}
	return h
}

// intHashOf returns the hash of an int-like value (int, bool, integral
// float); ok is false for anything else.
func intHashOf(v any) (int64, bool) {
	switch t := v.(type) {
	case int64:
		return pyIntHash(t), true
	case bool:
		if t {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

// cpythonOrder reorders the members of a set of int-like values as
// CPython's set would iterate them; other sets keep insertion order.
func cpythonOrder(items []any) []any {
	if len(items) < 2 {
		return items
	}
	hashes := make([]uint64, len(items))
	for i, x := range items {
		h, ok := intHashOf(x)
		if !ok {
			return items
		}
		hashes[i] = uint64(h)
	}
	mask := uint64(7)
	table := make([]int, 8) // item index + 1; 0 is empty
	fill := 0
	insert := func(table []int, mask uint64, k int) {
		h := hashes[k]
		perturb := h
		i := h & mask
		for {
			probes := uint64(0)
			if i+setLinearProbes <= mask {
				probes = setLinearProbes
			}
			for j := uint64(0); j <= probes; j++ {
				if table[i+j] == 0 {
					table[i+j] = k + 1
					return
				}
			}
			perturb >>= setPerturbShift
			i = (i*5 + 1 + perturb) & mask
		}
	}
	for k := range items {
		insert(table, mask, k)
		fill++
		if uint64(fill)*5 >= mask*3 {
			minused := fill * 4
			if fill > 50000 {
				minused = fill * 2
			}
			size := uint64(8)
			for size <= uint64(minused) {
				size <<= 1
			}
			nt := make([]int, size)
			for _, e := range table {
				if e != 0 {
					insert(nt, size-1, e-1)
				}
			}
			table, mask = nt, size-1
		}
	}
	out := make([]any, 0, len(items))
	for _, e := range table {
		if e != 0 {
			out = append(out, items[e-1])
		}
	}
	return out
}
