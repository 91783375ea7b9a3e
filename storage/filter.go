package storage

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mistral-go/mistral-go/value"
)

// Op is a filter operator, spelled in queries as a value prefix ("gt:5").
type Op uint8

// The operators of Mistral's list filters.
const (
	Eq Op = iota
	Neq
	Gt
	Gte
	Lt
	Lte
	In
	Nin
	Has
)

var opNames = [...]string{"eq", "neq", "gt", "gte", "lt", "lte", "in", "nin", "has"}

// String returns the operator's query prefix without the colon.
func (op Op) String() string { return opNames[op] }

// SplitOp splits a raw query value into its operator and the rest, as
// Mistral does: a value starting with a known prefix and ':' has that
// operator, anything else is an equality test on the whole value.
func SplitOp(raw string) (Op, string) {
	if i := strings.IndexByte(raw, ':'); i > 0 && i <= 3 {
		for op, n := range opNames {
			if raw[:i] == n {
				return Op(op), raw[i+1:]
			}
		}
	}
	return Eq, raw
}

// Filter is one typed condition of a list query. Value holds the operand
// (string, int64, bool, []string for tags, or the canonical JSON text);
// Values holds the operands of In and Nin. An Eq filter with neither
// Value nor Values matches null fields only.
type Filter struct {
	Field  string
	Op     Op
	Value  any
	Values []any
}

// ParseFilter builds the filter "field op raw" typed by the field's kind.
// For In and Nin, raw is split on commas. Bad values give an InvalidError.
func (c *Collection[T]) ParseFilter(field string, op Op, raw string) (Filter, error) {
	return parseFilter(c.fields[field], field, op, raw)
}

// ParseFilter builds the filter "field op raw" for the in-memory lists of
// FilterSort, typed by the kind of the field in fields.
func ParseFilter[T any](fields []Field[T], field string, op Op, raw string) (Filter, error) {
	for i := range fields {
		if fields[i].Name == field {
			return parseFilter(&fields[i], field, op, raw)
		}
	}
	return parseFilter[T](nil, field, op, raw)
}

func parseFilter[T any](f *Field[T], field string, op Op, raw string) (Filter, error) {
	if f == nil {
		return Filter{}, &InvalidError{Msg: fmt.Sprintf("Unknown filter field: %s", field)}
	}
	flt := Filter{Field: field, Op: op}
	if f.Kind == KindUUID {
		// Mistral parses and discards the operator of uuid parameters.
		flt.Op = Eq
		op = Eq
	}
	if f.Kind == KindTags {
		switch op {
		case Eq, Neq, In, Nin:
		default:
			return Filter{}, &InvalidError{Msg: fmt.Sprintf("Filter operator %s is not supported for %s", op, field)}
		}
		tags := strings.Split(raw, ",")
		flt.Value = tags
		return flt, nil
	}
	if op == In || op == Nin {
		for _, part := range strings.Split(raw, ",") {
			v, err := parseKind(f.Kind, field, part)
			if err != nil {
				return Filter{}, err
			}
			flt.Values = append(flt.Values, v)
		}
		return flt, nil
	}
	if op == Has && f.Kind != KindText && f.Kind != KindJSON {
		return Filter{}, &InvalidError{Msg: fmt.Sprintf("Filter operator has is not supported for %s", field)}
	}
	if op == Has {
		flt.Value = raw
		return flt, nil
	}
	v, err := parseKind(f.Kind, field, raw)
	if err != nil {
		return Filter{}, err
	}
	flt.Value = v
	return flt, nil
}

func parseKind(k Kind, field, raw string) (any, error) {
	switch k {
	case KindText, KindUUID:
		return raw, nil
	case KindTime:
		sec, ok := ParseTime(raw)
		if !ok {
			return nil, &InvalidError{Msg: fmt.Sprintf("Invalid value for %s: '%s' is not a date and time (expected YYYY-MM-DD HH:MM:SS)", field, raw)}
		}
		return sec, nil
	case KindBool:
		b, ok := ParseBool(raw)
		if !ok {
			return nil, &InvalidError{Msg: fmt.Sprintf("Invalid value for %s: '%s' is not a boolean", field, raw)}
		}
		return b, nil
	case KindInt:
		n, err := strconv.ParseInt(strings.TrimSpace(raw), 10, 64)
		if err != nil {
			return nil, &InvalidError{Msg: fmt.Sprintf("Invalid value for %s: '%s' is not an integer", field, raw)}
		}
		return n, nil
	case KindJSON:
		v, err := value.DecodeString(raw)
		if err != nil {
			return nil, &InvalidError{Msg: fmt.Sprintf("Invalid value for %s: %v", field, err)}
		}
		return string(value.AppendPy(nil, v)), nil
	}
	return nil, &InvalidError{Msg: fmt.Sprintf("Field %s cannot be filtered", field)}
}

// ParseBool parses a boolean the way Mistral's query parameters accept
// them.
func ParseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1", "yes", "on", "y", "t":
		return true, true
	case "false", "0", "no", "off", "n", "f":
		return false, true
	}
	return false, false
}

var timeLayouts = []string{
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04:05Z07:00",
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02 15:04",
	"2006-01-02T15:04",
	"2006-01-02",
}

// ParseTime parses a timestamp given in a query (UTC unless it carries a
// zone) into Unix seconds.
func ParseTime(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	for _, l := range timeLayouts {
		if t, err := time.ParseInLocation(l, s, time.UTC); err == nil {
			return t.Unix(), true
		}
	}
	return 0, false
}

// match reports whether record value v passes filter f. Null values pass
// no comparison, as in SQL.
func match(f *Filter, v any) bool {
	if tags, ok := f.Value.([]string); ok {
		have, _ := v.([]string)
		switch f.Op {
		case Eq:
			return containsAll(have, tags)
		case Neq:
			return !containsAll(have, tags)
		case In:
			return containsAny(have, tags)
		case Nin:
			return !containsAny(have, tags)
		}
		return false
	}
	if f.Op == Eq && f.Value == nil && f.Values == nil {
		// A null operand tests IS NULL (Mistral's nulls= parameter).
		return v == nil
	}
	if v == nil {
		return false
	}
	switch f.Op {
	case In, Nin:
		found := false
		for _, x := range f.Values {
			if compare(v, x) == 0 {
				found = true
				break
			}
		}
		return found == (f.Op == In)
	case Has:
		s, ok := v.(string)
		return ok && strings.Contains(s, f.Value.(string))
	}
	c := compare(v, f.Value)
	switch f.Op {
	case Eq:
		return c == 0
	case Neq:
		return c != 0
	case Gt:
		return c > 0
	case Gte:
		return c >= 0
	case Lt:
		return c < 0
	case Lte:
		return c <= 0
	}
	return false
}

func containsAll(have, want []string) bool {
	for _, t := range want {
		if !slices.Contains(have, t) {
			return false
		}
	}
	return true
}

func containsAny(have, want []string) bool {
	for _, t := range want {
		if slices.Contains(have, t) {
			return true
		}
	}
	return false
}

// compare orders two field values of the same kind; null sorts after
// everything (PostgreSQL's default).
func compare(a, b any) int {
	if a == nil || b == nil {
		switch {
		case a == nil && b == nil:
			return 0
		case a == nil:
			return 1
		}
		return -1
	}
	switch x := a.(type) {
	case string:
		if y, ok := b.(string); ok {
			return strings.Compare(x, y)
		}
	case int64:
		if y, ok := b.(int64); ok {
			switch {
			case x < y:
				return -1
			case x > y:
				return 1
			}
			return 0
		}
	case bool:
		if y, ok := b.(bool); ok {
			switch {
			case x == y:
				return 0
			case !x:
				return -1
			}
			return 1
		}
	case []string:
		if y, ok := b.([]string); ok {
			return slices.Compare(x, y)
		}
	}
	return strings.Compare(fmt.Sprint(a), fmt.Sprint(b))
}
