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
			if y := plainValue(x); !same(x, y) {
				t.Set(k, y)
			}
		}
	case []any:
		for i, x := range t {
			t[i] = plainValue(x)
		}
	}
	return v
}

func same(a, b any) bool {
	_, ta := a.(timestamp)
	_, tb := b.(timestamp)
	return ta == tb
}
