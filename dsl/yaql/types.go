package yaql

import (
	"regexp"
	"time"

	"github.com/mistral-go/mistral-go/value"
)

// Values seen during evaluation. Besides the value model (nil, bool,
// int64, float64, string, *value.Map) yaql works with Python types that
// only exist while an expression runs; they are converted back to the
// value model on the way out (see output.go).
//
//   - []any is a Python tuple: input lists and yaql's own lists ([1, 2],
//     list(), toList()) are tuples in yaql.
//   - pyList is a Python list (str.split, enumerate pairs, insert, …): it
//     prints with brackets and never equals a tuple.
//   - *value.Map is a dict with string keys; *pyDict a dict with other keys.
//   - *pySet is a frozenset; *dictView a keys()/values()/items() view.
//   - *iterator is a lazy, single-pass Python iterator or generator.
//   - *orderedIter is the result of orderBy (re-iterable, sorted lazily).
//   - dateTime, timeSpan, *regexVal are datetime, timedelta and re.Pattern.
//   - *scope is a yaql context (from let, with, def, unpack).
//   - mappingRule is an evaluated `key => value`.
type pyList []any

// noValueT is yaql's NO_VALUE marker: an omitted argument.
type noValueT struct{}

var noValue = noValueT{}

// pyDict is a dict whose keys are not all strings, in insertion order.
type pyDict struct {
	keys  []any
	vals  []any
	index map[string]int
}

// pySet is a frozenset, in insertion order.
type pySet struct {
	items []any
	index map[string]int
}

// viewKind tells keys(), values() and items() views apart.
type viewKind uint8

const (
	viewKeys viewKind = iota
	viewValues
	viewItems
)

// dictView is the result of d.keys(), d.values() or d.items().
type dictView struct {
	kind viewKind
	d    any // *value.Map or *pyDict
}

// iterator is a lazy Python iterator. next returns ok=false when
// exhausted; once exhausted (or failed) it stays exhausted.
type iterator struct {
	kind string // Python type name, for repr: map, filter, generator, …
	next func() (any, bool, error)
	done bool
	// replay, set by memorize(), restarts iteration over the cached items.
	replay func() *iterator
}

// orderedIter is yaql's OrderingIterable (orderBy … thenBy …).
type orderedIter struct {
	src    any
	fields []orderField
	sorted []any
}

type orderField struct {
	sel *lambda
	asc bool
}

// dateTime is a timezone-aware datetime. offset is the UTC offset in
// seconds; utc tells a tzutc() zone from tzoffset(None, 0).
type dateTime struct {
	t      time.Time // wall clock in the zone of offset
	offset int
	utc    bool
}

// timeSpan is a timedelta in microseconds.
type timeSpan int64

// regexVal is a compiled regular expression.
type regexVal struct {
	pattern string
	flags   int
	re      *regexp.Regexp
	groups  int
	names   []string
}

// mappingRule is an evaluated key => value argument.
type mappingRule struct {
	key, val any
}

// lazyRule is an unevaluated key => value argument (switch()).
type lazyRule struct {
	key, val node
	sc       *scope
	recv     any
}

var (
	_ = value.Map{}
)
