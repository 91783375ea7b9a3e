// Package value holds the data model every other package exchanges:
// JSON-like values as Mistral (Python) sees them.
//
// A value is one of: nil, bool, int64, float64, string, []any, or *Map.
// Map keeps insertion order, as Python dicts do, because that order is
// visible to users: in workflow output, in str() of a dict interpolated
// into a string, in keys()/values() of YAQL and Jinja.
//
// The package also renders values the way Python does: Str and Repr give
// Python's str() and repr(), AppendPy gives json.dumps with its default
// separators (", " and ": ") and ensure_ascii, which is what Mistral puts
// on the wire. Decode parses JSON keeping object key order and the
// int/float distinction.
//
// Integers are int64. Python's are unbounded; a JSON integer outside the
// int64 range is decoded as float64, the one place where the model is
// narrower than Mistral's.
package value
