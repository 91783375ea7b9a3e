package yaql

// newSet builds a frozenset from items; unhashable items fail.
func newSet(items []any) (*pySet, error) {
	s := &pySet{index: make(map[string]int, len(items))}
	for _, x := range items {
		if err := s.add(x); err != nil {
			return nil, err
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
