package value

import "errors"

// MarshalJSON writes the map as compact JSON in key order, so a *Map can
// sit inside structs encoded with encoding/json.
func (m *Map) MarshalJSON() ([]byte, error) {
	if m == nil {
		return []byte("null"), nil
	}
	return AppendCompact(nil, m), nil
}

// UnmarshalJSON reads a JSON object keeping key order.
func (m *Map) UnmarshalJSON(b []byte) error {
	v, err := Decode(b)
	if err != nil {
		return err
	}
	src, ok := v.(*Map)
	if !ok {
		return errors.New("value: JSON is not an object")
	}
	*m = *src
	return nil
}
