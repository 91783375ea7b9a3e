package dsl

import "github.com/mistral-go/mistral-go/value"

// plainValue replaces the parser's timestamps in v by their Python str()
// text, in place where possible, so that v holds only value-model types.
func plainValue(v any) any {
	switch t := v.(type) {
	case timestamp:
		return t.str
	case *value.Map:
		for i := 0; i < t.Len(); i++ {
			k, x := t.At(i)
			if ts, ok := x.(timestamp); ok {
				t.Set(k, ts.str)
			} else {
				plainValue(x)
			}
		}
	case []any:
		for i, x := range t {
			t[i] = plainValue(x)
		}
	}
	return v
}

// plain is plainValue for the values of d, a no-op when d read no
// timestamp (the common case).
func (d *document) plain(v any) any {
	if d == nil || !d.timestamps {
		return v
	}
	return plainValue(v)
}
