package storage

// Kind is the type of a queryable field; it decides how a filter value is
// parsed and how values compare.
type Kind uint8

// Field kinds, as Mistral types its query parameters.
const (
	// KindText is a string (or null); ordered comparisons are bytewise.
	KindText Kind = iota
	// KindUUID is a UUID string; filters on it only test equality and any
	// operator prefix is discarded, as Mistral does.
	KindUUID
	// KindTime is a timestamp in Unix seconds (0 or null when unset);
	// filter values are dates like "2026-11-23 18:02:48".
	KindTime
	// KindBool is a boolean; filter values are true/false/1/0/yes/no/on/off.
	KindBool
	// KindInt is an integer.
	KindInt
	// KindJSON is a JSON document kept as its Python json.dumps text;
	// filters compare the canonical text for equality.
	KindJSON
	// KindTags is a list of strings; a filter "a,b" matches rows that carry
	// every listed tag.
	KindTags
)

// Field describes one queryable attribute of a record. Get returns nil
// for null, or a string (text, uuid, json), int64 (time, int), bool, or
// []string (tags).
type Field[T any] struct {
	Name string
	Kind Kind
	Get  func(r *T) any
	// Hidden fields exist only to be indexed: list queries cannot name
	// them (in filters, sort keys or fields).
	Hidden bool
}

// Unique is a unique constraint. Key returns the constrained value (build
// it with KeyOf); nil means the record is exempt. Conflict builds the
// error reported when another record already holds the key.
type Unique[T any] struct {
	Key      func(r *T) []byte
	Conflict func(r *T) error
}

// Index is an equality index on one text field: a list query filtering
// that field with eq (or the caller's explicit prefix scan) reads only the
// matching records, still in created-at order.
type Index struct {
	Field string
}

// Schema describes a collection: its keyspace, codec, identity, fields,
// constraints and indexes.
type Schema[T any] struct {
	// Keyspace is the collection's key prefix; unique per database and
	// without zero bytes (e.g. "wf").
	Keyspace string
	// Codec encodes records.
	Codec Codec[T]
	// ID returns the record's id (unique, never changes).
	ID func(r *T) string
	// Created returns the record's creation time in Unix seconds (never
	// changes); it orders the default list.
	Created func(r *T) int64
	// Fields are the attributes list queries may filter and sort on. The
	// names "id" and "created_at" are expected among them.
	Fields []Field[T]
	// Uniques are the unique constraints; a collection with any must be
	// locked by the writes that touch it.
	Uniques []Unique[T]
	// Indexes are equality indexes over text fields of Fields.
	Indexes []Index
}

// field returns the field named n, or nil.
func (s *Schema[T]) field(n string) *Field[T] {
	for i := range s.Fields {
		if s.Fields[i].Name == n {
			return &s.Fields[i]
		}
	}
	return nil
}
