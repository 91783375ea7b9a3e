package jinja

import (
	"math"
	"strconv"
	"strings"

	"github.com/mistral-go/mistral-go/value"
)

// Python semantics of Jinja2's operators over template values.

var errIntOverflow = errorf("integer overflow")

// appendStr appends Python's str(v).
func appendStr(b []byte, v any) ([]byte, error) {
	switch t := v.(type) {
	case string:
		return append(b, t...), nil
	case Markup:
		return append(b, t...), nil
	case *Undefined:
		if t.strict {
			return b, t.err()
		}
		return b, nil
	case int64:
		return strconv.AppendInt(b, t, 10), nil
	}
	return appendRepr(b, v), nil
}

// str returns Python's str(v).
func str(v any) (string, error) {
	switch t := v.(type) {
	case string:
		return t, nil
	case Markup:
		return string(t), nil
	}
	b, err := appendStr(nil, v)
	return string(b), err
}

// truthy is Python's bool(v); strict undefined values fail.
func truthy(v any) (bool, error) {
	switch t := v.(type) {
	case nil:
		return false, nil
	case bool:
		return t, nil
	case int64:
		return t != 0, nil
	case float64:
		return t != 0, nil
	case string:
		return t != "", nil
	case []any:
		return len(t) > 0, nil
	case *value.Map:
		return t.Len() > 0, nil
	case Tuple:
		return len(t) > 0, nil
	case Markup:
		return t != "", nil
	case rangeVal:
		return t.len() > 0, nil
	case dictView:
		return t.m.Len() > 0, nil
	case *Undefined:
		if t.strict {
			return false, t.err()
		}
		return false, nil
	}
	return true, nil
}

// isNumber reports whether v is a Python number (bool included) and
// returns it as a float and, for integers, as an int64.
func numberOf(v any) (f float64, i int64, isInt, ok bool) {
	switch t := v.(type) {
	case int64:
		return float64(t), t, true, true
	case float64:
		return t, 0, false, true
	case bool:
		if t {
			return 1, 1, true, true
		}
		return 0, 0, true, true
	}
	return 0, 0, false, false
}

func isStr(v any) (string, bool) {
	switch t := v.(type) {
	case string:
		return t, true
	case Markup:
		return string(t), true
	}
	return "", false
}

// undefinedIn returns the error of a strict or lenient undefined operand
// of an operator (every operator fails on them).
func undefinedIn(a, b any) error {
	if u, ok := a.(*Undefined); ok {
		return u.err()
	}
	if u, ok := b.(*Undefined); ok {
		return u.err()
	}
	return nil
}

// equal is Python's a == b.
func equal(a, b any) (bool, error) {
	if g, ok := a.(*groupTuple); ok {
		a = g.tuple()
	}
	if g, ok := b.(*groupTuple); ok {
		b = g.tuple()
	}
	if ua, ok := a.(*Undefined); ok {
		if ua.strict {
			return false, ua.err()
		}
		if ub, ok := b.(*Undefined); ok {
			if ub.strict {
				return false, ub.err()
			}
			return true, nil
		}
		return false, nil
	}
	if ub, ok := b.(*Undefined); ok {
		if ub.strict {
			return false, ub.err()
		}
		return false, nil
	}
	switch x := a.(type) {
	case nil:
		return b == nil, nil
	case string, Markup:
		xs, _ := isStr(x)
		ys, ok := isStr(b)
		return ok && xs == ys, nil
	case []any:
		y, ok := b.([]any)
		if !ok {
			return false, nil
		}
		return seqEqual(x, y)
	case Tuple:
		y, ok := b.(Tuple)
		if !ok {
			return false, nil
		}
		return seqEqual(x, y)
	case *value.Map:
		y, ok := b.(*value.Map)
		if !ok || x.Len() != y.Len() {
			return false, nil
		}
		for i := 0; i < x.Len(); i++ {
			k, xv := x.At(i)
			yv, ok := y.Get(k)
			if !ok {
				return false, nil
			}
			if eq, err := equal(xv, yv); err != nil || !eq {
				return false, err
			}
		}
		return true, nil
	case rangeVal:
		y, ok := b.(rangeVal)
		if !ok {
			return false, nil
		}
		n := x.len()
		if n != y.len() {
			return false, nil
		}
		return n == 0 || x.start == y.start && (n == 1 || x.step == y.step), nil
	case dictView:
		y, ok := b.(dictView)
		if !ok || x.kind != y.kind || x.kind == 'v' {
			return x.kind == 'v' && ok && x.m == y.m, nil
		}
		return equal(x.m, y.m)
	}
	if xf, xi, xint, ok := numberOf(a); ok {
		yf, yi, yint, ok := numberOf(b)
		if !ok {
			return false, nil
		}
		if xint && yint {
			return xi == yi, nil
		}
		return xf == yf, nil
	}
	switch x := a.(type) {
	case *Namespace, *generator, *macro, *loopObj, *cycler, *joiner, *Function:
		return a == b, nil
	case sliceVal:
		y, ok := b.(sliceVal)
		if !ok {
			return false, nil
		}
		e1, _ := equal(x.lo, y.lo)
		e2, _ := equal(x.hi, y.hi)
		e3, _ := equal(x.step, y.step)
		return e1 && e2 && e3, nil
	case *boundMethod:
		y, ok := b.(*boundMethod)
		return ok && x.name == y.name && sameObject(x.recv, y.recv), nil
	}
	return false, nil
}

func sameObject(a, b any) bool {
	switch x := a.(type) {
	case *value.Map:
		y, ok := b.(*value.Map)
		return ok && x == y
	case []any:
		y, ok := b.([]any)
		return ok && len(x) == len(y) && (len(x) == 0 || &x[0] == &y[0])
	}
	eq, _ := equal(a, b)
	return eq
}

func seqEqual(x, y []any) (bool, error) {
	if len(x) != len(y) {
		return false, nil
	}
	for i := range x {
		if eq, err := equal(x[i], y[i]); err != nil || !eq {
			return false, err
		}
	}
	return true, nil
}

var opSymbols = map[string]string{"lt": "<", "lteq": "<=", "gt": ">", "gteq": ">="}

// less evaluates the ordering comparison op ("lt", "lteq", "gt", "gteq").
func less(op string, a, b any) (bool, error) {
	c, err := cmp3(opSymbols[op], a, b)
	if err != nil {
		return false, err
	}
	switch op {
	case "lt":
		return c == -1, nil
	case "lteq":
		return c == -1 || c == 0, nil
	case "gt":
		return c == 1, nil
	}
	return c == 1 || c == 0, nil
}

func cmpErr(sym string, a, b any) error {
	return errorf("'" + sym + "' not supported between instances of '" + typeName(a) + "' and '" + typeName(b) + "'")
}

// cmp3 orders a and b for sorting and comparisons; sym names the operator
// for the error message.
func cmp3(sym string, a, b any) (int, error) {
	if g, ok := a.(*groupTuple); ok {
		a = g.tuple()
	}
	if g, ok := b.(*groupTuple); ok {
		b = g.tuple()
	}
	if err := undefinedIn(a, b); err != nil {
		return 0, err
	}
	if xf, xi, xint, ok := numberOf(a); ok {
		yf, yi, yint, ok := numberOf(b)
		if !ok {
			return 0, cmpErr(sym, a, b)
		}
		if xint && yint {
			switch {
			case xi < yi:
				return -1, nil
			case xi > yi:
				return 1, nil
			}
			return 0, nil
		}
		switch {
		case xf < yf:
			return -1, nil
		case xf > yf:
			return 1, nil
		case xf == yf:
			return 0, nil
		}
		// NaN: neither less nor equal
		return 2, nil
	}
	if xs, ok := isStr(a); ok {
		ys, ok := isStr(b)
		if !ok {
			return 0, cmpErr(sym, a, b)
		}
		return strings.Compare(xs, ys), nil
	}
	var xl, yl []any
	switch x := a.(type) {
	case []any:
		y, ok := b.([]any)
		if !ok {
			return 0, cmpErr(sym, a, b)
		}
		xl, yl = x, y
	case Tuple:
		y, ok := b.(Tuple)
		if !ok {
			return 0, cmpErr(sym, a, b)
		}
		xl, yl = x, y
	default:
		return 0, cmpErr(sym, a, b)
	}
	for i := 0; i < len(xl) && i < len(yl); i++ {
		eq, err := equal(xl[i], yl[i])
		if err != nil {
			return 0, err
		}
		if !eq {
			return cmp3(sym, xl[i], yl[i])
		}
	}
	switch {
	case len(xl) < len(yl):
		return -1, nil
	case len(xl) > len(yl):
		return 1, nil
	}
	return 0, nil
}

// contains is Python's item in container.
func contains(s *state, container, item any) (bool, error) {
	switch c := container.(type) {
	case string, Markup:
		cs, _ := isStr(c)
		is, ok := isStr(item)
		if !ok {
			if u, ok := item.(*Undefined); ok {
				return false, u.err()
			}
			return false, errorf("'in <string>' requires string as left operand, not " + typeName(item))
		}
		return strings.Contains(cs, is), nil
	case []any:
		return seqContains(c, item)
	case Tuple:
		return seqContains(c, item)
	case *value.Map:
		return mapHas(c, item)
	case dictView:
		switch c.kind {
		case 'k':
			return mapHas(c.m, item)
		default:
			return seqContains(c.items(), item)
		}
	case rangeVal:
		_, i, isInt, ok := numberOf(item)
		if !ok || !isInt {
			return seqContains(c.items(), item)
		}
		if c.step > 0 {
			return i >= c.start && i < c.stop && (i-c.start)%c.step == 0, nil
		}
		return i <= c.start && i > c.stop && (c.start-i)%(-c.step) == 0, nil
	case *generator:
		items := c.take()
		for k, x := range items {
			eq, err := equal(x, item)
			if err != nil {
				return false, err
			}
			if eq {
				// the rest stays available, as with a Python generator
				c.items, c.consumed = items[k+1:], false
				return true, nil
			}
		}
		return false, nil
	case *Undefined:
		if c.strict {
			return false, c.err()
		}
		return false, nil
	}
	return false, errorf("argument of type '" + typeName(container) + "' is not iterable")
}

func seqContains(l []any, item any) (bool, error) {
	for _, x := range l {
		eq, err := equal(x, item)
		if err != nil {
			return false, err
		}
		if eq {
			return true, nil
		}
	}
	return false, nil
}

// hashable reports whether v can be a dict key or set member in Python.
func unhashable(v any) error {
	switch v.(type) {
	case []any, *value.Map, dictView:
		return errorf("unhashable type: '" + typeName(v) + "'")
	case Tuple:
		for _, x := range v.(Tuple) {
			if err := unhashable(x); err != nil {
				return err
			}
		}
	}
	return nil
}

func mapHas(m *value.Map, item any) (bool, error) {
	if k, ok := isStr(item); ok {
		return m.Has(k), nil
	}
	if u, ok := item.(*Undefined); ok {
		return false, u.err()
	}
	if err := unhashable(item); err != nil {
		return false, err
	}
	return false, nil
}

func binOpErr(sym string, a, b any) error {
	return errorf("unsupported operand type(s) for " + sym + ": '" + typeName(a) + "' and '" + typeName(b) + "'")
}

func addInt(a, b int64) (int64, error) {
	c := a + b
	if (c > a) != (b > 0) {
		return 0, errIntOverflow
	}
	return c, nil
}

func mulInt(a, b int64) (int64, error) {
	if a == 0 || b == 0 {
		return 0, nil
	}
	c := a * b
	if c/b != a || (a == -1 && b == math.MinInt64) || (b == -1 && a == math.MinInt64) {
		return 0, errIntOverflow
	}
	return c, nil
}

// add is Python's a + b.
func add(s *state, a, b any) (any, error) {
	if err := undefinedIn(a, b); err != nil {
		return nil, err
	}
	if xf, xi, xint, ok := numberOf(a); ok {
		if yf, yi, yint, ok := numberOf(b); ok {
			if xint && yint {
				return addInt(xi, yi)
			}
			return xf + yf, nil
		}
		return nil, binOpErr("+", a, b)
	}
	switch x := a.(type) {
	case string:
		switch y := b.(type) {
		case string:
			if err := s.chargeBytes(len(x) + len(y)); err != nil {
				return nil, err
			}
			return x + y, nil
		case Markup:
			return Markup(escapeHTML(x)) + y, nil
		}
		return nil, errorf("can only concatenate str (not \"" + typeName(b) + "\") to str")
	case Markup:
		if y, ok := b.(string); ok {
			return x + Markup(escapeHTML(y)), nil
		}
		if y, ok := b.(Markup); ok {
			return x + y, nil
		}
		return nil, binOpErr("+", a, b)
	case []any:
		y, ok := b.([]any)
		if !ok {
			return nil, errorf("can only concatenate list (not \"" + typeName(b) + "\") to list")
		}
		if err := s.charge(int64(len(x)+len(y))/16 + 1); err != nil {
			return nil, err
		}
		out := make([]any, 0, len(x)+len(y))
		return append(append(out, x...), y...), nil
	case Tuple:
		y, ok := b.(Tuple)
		if !ok {
			return nil, errorf("can only concatenate tuple (not \"" + typeName(b) + "\") to tuple")
		}
		if err := s.charge(int64(len(x)+len(y))/16 + 1); err != nil {
			return nil, err
		}
		out := make(Tuple, 0, len(x)+len(y))
		return append(append(out, x...), y...), nil
	}
	return nil, binOpErr("+", a, b)
}

// sub is Python's a - b.
func sub(a, b any) (any, error) {
	if err := undefinedIn(a, b); err != nil {
		return nil, err
	}
	xf, xi, xint, ok1 := numberOf(a)
	yf, yi, yint, ok2 := numberOf(b)
	if !ok1 || !ok2 {
		return nil, binOpErr("-", a, b)
	}
	if xint && yint {
		if yi == math.MinInt64 {
			return nil, errIntOverflow
		}
		return addInt(xi, -yi)
	}
	return xf - yf, nil
}

// mul is Python's a * b.
func mul(s *state, a, b any) (any, error) {
	if err := undefinedIn(a, b); err != nil {
		return nil, err
	}
	xf, xi, xint, ok1 := numberOf(a)
	yf, yi, yint, ok2 := numberOf(b)
	if ok1 && ok2 {
		if xint && yint {
			return mulInt(xi, yi)
		}
		return xf * yf, nil
	}
	var seq any
	var n int64
	var isInt bool
	var other any
	switch {
	case isSeq(a):
		seq, other = a, b
	case isSeq(b):
		seq, other = b, a
	default:
		return nil, binOpErr("*", a, b)
	}
	_, n, isInt, _ = numberOf(other)
	if !isInt {
		return nil, errorf("can't multiply sequence by non-int of type '" + typeName(other) + "'")
	}
	if n < 0 {
		n = 0
	}
	switch x := seq.(type) {
	case string:
		if n > 0 && int64(len(x)) > maxOutput/n {
			return nil, errTooBig
		}
		if err := s.chargeBytes(len(x) * int(n)); err != nil {
			return nil, err
		}
		return strings.Repeat(x, int(n)), nil
	case Markup:
		if n > 0 && int64(len(x)) > maxOutput/n {
			return nil, errTooBig
		}
		return Markup(strings.Repeat(string(x), int(n))), nil
	case []any:
		return repeatList(s, x, n)
	case Tuple:
		l, err := repeatList(s, x, n)
		return Tuple(l), err
	}
	return nil, binOpErr("*", a, b)
}

func isSeq(v any) bool {
	switch v.(type) {
	case string, Markup, []any, Tuple:
		return true
	}
	return false
}

func repeatList(s *state, x []any, n int64) ([]any, error) {
	if n > 0 && int64(len(x)) > (maxOutput/16)/n {
		return nil, errTooBig
	}
	total := len(x) * int(n)
	if err := s.charge(int64(total) + 1); err != nil {
		return nil, err
	}
	out := make([]any, 0, total)
	for i := int64(0); i < n; i++ {
		out = append(out, x...)
	}
	return out, nil
}

// truediv is Python's a / b.
func truediv(a, b any) (any, error) {
	if err := undefinedIn(a, b); err != nil {
		return nil, err
	}
	xf, _, xint, ok1 := numberOf(a)
	yf, _, yint, ok2 := numberOf(b)
	if !ok1 || !ok2 {
		return nil, binOpErr("/", a, b)
	}
	if yf == 0 {
		if xint && yint {
			return nil, errorf("division by zero")
		}
		return nil, errorf("float division by zero")
	}
	return xf / yf, nil
}

// floordiv is Python's a // b.
func floordiv(a, b any) (any, error) {
	if err := undefinedIn(a, b); err != nil {
		return nil, err
	}
	xf, xi, xint, ok1 := numberOf(a)
	yf, yi, yint, ok2 := numberOf(b)
	if !ok1 || !ok2 {
		return nil, binOpErr("//", a, b)
	}
	if xint && yint {
		if yi == 0 {
			return nil, errorf("integer division or modulo by zero")
		}
		if xi == math.MinInt64 && yi == -1 {
			return nil, errIntOverflow
		}
		q := xi / yi
		if (xi%yi != 0) && ((xi < 0) != (yi < 0)) {
			q--
		}
		return q, nil
	}
	if yf == 0 {
		return nil, errorf("float floor division by zero")
	}
	_, div := pyFloatDivmod(xf, yf)
	return div, nil
}

// pyFloatDivmod is Python's float divmod.
func pyFloatDivmod(a, b float64) (mod, div float64) {
	mod = math.Mod(a, b)
	div = (a - mod) / b
	if mod != 0 {
		if (b < 0) != (mod < 0) {
			mod += b
			div -= 1
		}
	} else {
		mod = math.Copysign(0, b)
	}
	if div != 0 {
		fl := math.Floor(div)
		if div-fl > 0.5 {
			fl++
		}
		div = fl
	} else {
		div = math.Copysign(0, a/b)
	}
	return mod, div
}

// mod is Python's a % b (printf-style formatting for strings).
func mod(s *state, a, b any) (any, error) {
	if err := undefinedIn(a, b); err != nil {
		return nil, err
	}
	if fs, ok := isStr(a); ok {
		out, err := percentFormat(fs, b)
		if err != nil {
			return nil, err
		}
		if err := s.chargeBytes(len(out)); err != nil {
			return nil, err
		}
		if _, ok := a.(Markup); ok {
			return Markup(out), nil
		}
		return out, nil
	}
	xf, xi, xint, ok1 := numberOf(a)
	yf, yi, yint, ok2 := numberOf(b)
	if !ok1 || !ok2 {
		return nil, binOpErr("%", a, b)
	}
	if xint && yint {
		if yi == 0 {
			return nil, errorf("integer modulo by zero")
		}
		if yi == -1 {
			return int64(0), nil
		}
		m := xi % yi
		if m != 0 && ((m < 0) != (yi < 0)) {
			m += yi
		}
		return m, nil
	}
	if yf == 0 {
		return nil, errorf("float modulo")
	}
	m, _ := pyFloatDivmod(xf, yf)
	return m, nil
}

// pow is Python's a ** b.
func pow(a, b any) (any, error) {
	if err := undefinedIn(a, b); err != nil {
		return nil, err
	}
	xf, xi, xint, ok1 := numberOf(a)
	yf, yi, yint, ok2 := numberOf(b)
	if !ok1 || !ok2 {
		return nil, binOpErr("** or pow()", a, b)
	}
	if xint && yint {
		if yi < 0 {
			if xi == 0 {
				return nil, errorf("0.0 cannot be raised to a negative power")
			}
			return math.Pow(xf, yf), nil
		}
		r := int64(1)
		base := xi
		for e := yi; e > 0; e >>= 1 {
			var err error
			if e&1 == 1 {
				if r, err = mulInt(r, base); err != nil {
					return nil, err
				}
			}
			if e > 1 {
				if base, err = mulInt(base, base); err != nil {
					return nil, err
				}
			}
		}
		return r, nil
	}
	if xf == 0 && yf < 0 {
		return nil, errorf("0.0 cannot be raised to a negative power")
	}
	if xf < 0 && yf != math.Trunc(yf) {
		return nil, errorf("complex numbers are not supported")
	}
	r := math.Pow(xf, yf)
	if math.IsInf(r, 0) && !math.IsInf(xf, 0) && !math.IsInf(yf, 0) {
		return nil, errorf("(34, 'Numerical result out of range')")
	}
	return r, nil
}

// neg is Python's -x.
func neg(x any) (any, error) {
	if u, ok := x.(*Undefined); ok {
		return nil, u.err()
	}
	f, i, isInt, ok := numberOf(x)
	if !ok {
		return nil, errorf("bad operand type for unary -: '" + typeName(x) + "'")
	}
	if isInt {
		if i == math.MinInt64 {
			return nil, errIntOverflow
		}
		return -i, nil
	}
	return -f, nil
}

// pos is Python's +x.
func pos(x any) (any, error) {
	if u, ok := x.(*Undefined); ok {
		return nil, u.err()
	}
	f, i, isInt, ok := numberOf(x)
	if !ok {
		return nil, errorf("bad operand type for unary +: '" + typeName(x) + "'")
	}
	if isInt {
		return i, nil
	}
	return f, nil
}

// escapeHTML is markupsafe's escape.
func escapeHTML(s string) string {
	if !strings.ContainsAny(s, "&<>'\"") {
		return s
	}
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "'", "&#39;", "\"", "&#34;")
	return r.Replace(s)
}
