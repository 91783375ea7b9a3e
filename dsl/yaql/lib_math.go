package yaql

import (
	"math"
	"math/big"
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode"
)

func init() {
	num := T(pNumber)
	fn("#operator_+").p("left", num).p("right", num).do(func(c *callCtx) (any, error) { return numAdd(c.a[0], c.a[1]), nil })
	fn("#operator_-").p("left", num).p("right", num).do(func(c *callCtx) (any, error) { return numSub(c.a[0], c.a[1]), nil })
	fn("#operator_*").p("left", num).p("right", num).do(func(c *callCtx) (any, error) { return numMul(c.a[0], c.a[1]), nil })
	fn("#operator_/").p("left", num).p("right", num).do(func(c *callCtx) (any, error) { return numDiv(c.a[0], c.a[1]) })
	fn("#operator_mod").p("left", num).p("right", num).do(func(c *callCtx) (any, error) { return numMod(c.a[0], c.a[1]) })
	fn("#unary_operator_+").p("op", num).do(func(c *callCtx) (any, error) { return c.a[0], nil })
	fn("#unary_operator_-").p("op", num).do(func(c *callCtx) (any, error) { return numNeg(c.a[0]), nil })
	cmp := func(op string, want func(int) bool) {
		fn("#operator_"+op).p("left", num).p("right", num).do(func(c *callCtx) (any, error) {
			r, ok := numCmp(c.a[0], c.a[1])
			return ok && want(r), nil
		})
	}
	cmp(">", func(r int) bool { return r > 0 })
	cmp(">=", func(r int) bool { return r >= 0 })
	cmp("<", func(r int) bool { return r < 0 })
	cmp("<=", func(r int) bool { return r <= 0 })
	fn("abs").p("op", num).do(func(c *callCtx) (any, error) {
		if x, ok := c.a[0].(int64); ok {
			if x < 0 {
				return numNeg(x), nil
			}
			return x, nil
		}
		return math.Abs(c.a[0].(float64)), nil
	})
	fn("int").p("value", N(pObject)).do(func(c *callCtx) (any, error) { return pyInt(c.a[0]) })
	fn("float").p("value", N(pObject)).do(func(c *callCtx) (any, error) { return pyFloat(c.a[0]) })
	fn("random").do(func(c *callCtx) (any, error) { return rand.Float64(), nil })
	fn("random").p("from", N(pObject)).p("to", N(pObject)).do(func(c *callCtx) (any, error) {
		a, ok1 := intOf(c.a[0])
		b, ok2 := intOf(c.a[1])
		if !ok1 || !ok2 {
			return nil, errType("randint() arguments must be integers")
		}
		if b < a {
			return nil, errValue("empty range for randrange() (" + strconv.FormatInt(a, 10) + ", " + strconv.FormatInt(b+1, 10) + ", " + strconv.FormatInt(b+1-a, 10) + ")")
		}
		return a + rand.Int64N(b-a+1), nil
	})
	i := T(pInt)
	bit := func(name string, f func(x, y int64) (any, error)) {
		fn(name).p("left", i).p("right", i).do(func(c *callCtx) (any, error) { return f(asInt(c.a[0]), asInt(c.a[1])) })
	}
	bit("bitwiseAnd", func(x, y int64) (any, error) { return x & y, nil })
	bit("bitwiseOr", func(x, y int64) (any, error) { return x | y, nil })
	bit("bitwiseXor", func(x, y int64) (any, error) { return x ^ y, nil })
	fn("bitwiseNot").p("arg", i).do(func(c *callCtx) (any, error) { return ^asInt(c.a[0]), nil })
	fn("shiftBitsRight").p("value", i).p("bitsNumber", i).do(func(c *callCtx) (any, error) {
		x, n := asInt(c.a[0]), asInt(c.a[1])
		if n < 0 {
			return nil, errValue("negative shift count")
		}
		if n > 63 {
			n = 63
		}
		return x >> uint(n), nil
	})
	fn("shiftBitsLeft").p("value", i).p("bitsNumber", i).do(func(c *callCtx) (any, error) {
		x, n := asInt(c.a[0]), asInt(c.a[1])
		if n < 0 {
			return nil, errValue("negative shift count")
		}
		if x == 0 {
			return int64(0), nil
		}
		if n < 63 {
			r := x << uint(n)
			if r>>uint(n) == x {
				return r, nil
			}
		}
		if n > 2000 {
			return nil, errMemory()
		}
		return float64(x) * math.Pow(2, float64(n)), nil
	})
	fn("max").p("a", N(pObject)).p("b", N(pObject)).do(func(c *callCtx) (any, error) {
		gt, err := c.ec.compare("#operator_>", c.a[1], c.a[0])
		if err != nil {
			return nil, err
		}
		if gt {
			return c.a[1], nil
		}
		return c.a[0], nil
	})
	fn("min").p("a", N(pObject)).p("b", N(pObject)).do(func(c *callCtx) (any, error) {
		gt, err := c.ec.compare("#operator_>", c.a[1], c.a[0])
		if err != nil {
			return nil, err
		}
		if gt {
			return c.a[0], nil
		}
		return c.a[1], nil
	})
	fn("pow").p("a", num).p("b", num).d("c", N(pNumber), nil).do(func(c *callCtx) (any, error) { return pyPow(c.a[0], c.a[1], c.a[2]) })
	fn("sign").p("num", num).do(func(c *callCtx) (any, error) {
		r, ok := numCmp(c.a[0], int64(0))
		if !ok {
			return int64(0), nil
		}
		return int64(r), nil
	})
	fn("round").p("number", num).d("ndigits", T(pInt), int64(0)).do(func(c *callCtx) (any, error) {
		return pyRound(c.a[0], asInt(c.a[1]))
	})
	fn("isInteger").p("value", N(pObject)).do(func(c *callCtx) (any, error) {
		_, ok := c.a[0].(int64)
		return ok, nil
	})
	fn("isNumber").p("value", N(pObject)).do(func(c *callCtx) (any, error) {
		switch c.a[0].(type) {
		case int64, float64:
			return true, nil
		}
		return false, nil
	})
}

// pyInt is Python's int(v).
func pyInt(v any) (any, error) {
	switch t := v.(type) {
	case nil:
		return int64(0), nil
	case int64:
		return t, nil
	case bool:
		if t {
			return int64(1), nil
		}
		return int64(0), nil
	case float64:
		switch {
		case math.IsInf(t, 0):
			return nil, pyErr("OverflowError", "cannot convert float infinity to integer")
		case math.IsNaN(t):
			return nil, errValue("cannot convert float NaN to integer")
		}
		tr := math.Trunc(t)
		if tr >= -9.2e18 && tr <= 9.2e18 {
			return int64(tr), nil
		}
		return tr, nil
	case string:
		if n, ok := parsePyInt(t); ok {
			return n, nil
		}
		return nil, errValue("invalid literal for int() with base 10: " + pyRepr(t))
	}
	return nil, errType("int() argument must be a string, a bytes-like object or a real number, not '" + typeName(v) + "'")
}

// parsePyInt parses a base-10 integer literal as int() accepts it.
func parsePyInt(s string) (any, bool) {
	s = strings.TrimFunc(s, isPySpace)
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if s == "" {
		return nil, false
	}
	var b strings.Builder
	prevDigit := false
	for _, r := range s {
		switch {
		case r == '_':
			if !prevDigit {
				return nil, false
			}
			prevDigit = false
			continue
		case isDigitRune(r):
			b.WriteByte(byte('0' + digitValue(r)))
			prevDigit = true
		default:
			return nil, false
		}
	}
	if !prevDigit {
		return nil, false
	}
	ds := b.String()
	if neg {
		ds = "-" + ds
	}
	if n, err := strconv.ParseInt(ds, 10, 64); err == nil {
		return n, true
	}
	f, _ := strconv.ParseFloat(ds, 64)
	return f, true
}

// isPySpace is Python's str.isspace for one character.
func isPySpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x1f, 0x85:
		return true
	}
	return r > 0x7f && unicode.IsSpace(r) || r == 0x180e && false
}

// pyFloat is Python's float(v).
func pyFloat(v any) (any, error) {
	switch t := v.(type) {
	case nil:
		return 0.0, nil
	case int64:
		return float64(t), nil
	case bool:
		if t {
			return 1.0, nil
		}
		return 0.0, nil
	case float64:
		return t, nil
	case string:
		if f, ok := parsePyFloat(t); ok {
			return f, nil
		}
		return nil, errValue("could not convert string to float: " + pyRepr(t))
	}
	return nil, errType("float() argument must be a string or a real number, not '" + typeName(v) + "'")
}

func parsePyFloat(s string) (float64, bool) {
	s = strings.TrimFunc(s, isPySpace)
	body := strings.TrimLeft(s, "+-")
	if len(s)-len(body) > 1 {
		return 0, false
	}
	switch strings.ToLower(body) {
	case "inf", "infinity":
		if strings.HasPrefix(s, "-") {
			return math.Inf(-1), true
		}
		return math.Inf(1), true
	case "nan":
		return math.NaN(), true
	}
	var b strings.Builder
	prev := rune(0)
	for _, r := range s {
		switch {
		case r == '_':
			if !isDigitRune(prev) {
				return 0, false
			}
		case isDigitRune(r):
			b.WriteByte(byte('0' + digitValue(r)))
		case r == '.' || r == 'e' || r == 'E' || r == '+' || r == '-':
			if prev == '_' {
				return 0, false
			}
			b.WriteRune(r)
		default:
			return 0, false
		}
		prev = r
	}
	if prev == '_' {
		return 0, false
	}
	t := b.String()
	if strings.ContainsAny(t, "xXpP") || t == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return f, true
		}
		return 0, false
	}
	return f, true
}

// pyPow is Python's pow(a, b, c).
func pyPow(a, b, c any) (any, error) {
	if c != nil {
		x, ok1 := a.(int64)
		y, ok2 := b.(int64)
		m, ok3 := c.(int64)
		if !ok1 || !ok2 || !ok3 {
			return nil, errType("pow() 3rd argument not allowed unless all arguments are integers")
		}
		if m == 0 {
			return nil, errValue("pow() 3rd argument cannot be 0")
		}
		bm := big.NewInt(m)
		bx := big.NewInt(x)
		if y < 0 {
			inv := new(big.Int).ModInverse(new(big.Int).Mod(bx, new(big.Int).Abs(bm)), new(big.Int).Abs(bm))
			if inv == nil {
				return nil, errValue("base is not invertible for the given modulus")
			}
			bx = inv
			y = -y
		}
		r := new(big.Int).Exp(bx, big.NewInt(y), new(big.Int).Abs(bm))
		if m < 0 && r.Sign() != 0 {
			r.Add(r, bm)
		}
		return r.Int64(), nil
	}
	if x, y, ok := bothInts(a, b); ok {
		if y >= 0 {
			r := new(big.Int).Exp(big.NewInt(x), big.NewInt(min(y, 1<<20)), nil)
			if y < 1<<20 && r.IsInt64() {
				return r.Int64(), nil
			}
			f, _ := new(big.Float).SetInt(r).Float64()
			if math.IsInf(f, 0) {
				return nil, pyErr("OverflowError", "int too large to convert to float")
			}
			return f, nil
		}
		if x == 0 {
			return nil, pyErr("ZeroDivisionError", "0.0 cannot be raised to a negative power")
		}
	}
	fa, fb := toFloat(a), toFloat(b)
	if fa == 0 && fb < 0 {
		return nil, pyErr("ZeroDivisionError", "0.0 cannot be raised to a negative power")
	}
	if fa < 0 && fb != math.Trunc(fb) && !math.IsInf(fb, 0) {
		return nil, errValue("math domain error")
	}
	r := math.Pow(fa, fb)
	if math.IsInf(r, 0) && !math.IsInf(fa, 0) && !math.IsInf(fb, 0) {
		return nil, pyErr("OverflowError", "(34, 'Numerical result out of range')")
	}
	return r, nil
}

// pyRound is Python's round(number, ndigits): ints stay ints, floats are
// rounded half to even on their exact binary value.
func pyRound(n any, nd int64) (any, error) {
	if x, ok := n.(int64); ok {
		if nd >= 0 {
			return x, nil
		}
		if nd < -18 {
			return int64(0), nil
		}
		p := int64(1)
		for i := int64(0); i < -nd; i++ {
			p *= 10
		}
		q, r := x/p, x%p
		if r < 0 {
			q--
			r += p
		}
		if 2*r > p || 2*r == p && q%2 != 0 {
			q++
		}
		return numMul(q, p), nil
	}
	f := n.(float64)
	if math.IsInf(f, 0) || math.IsNaN(f) {
		if nd == 0 && false {
			return nil, nil
		}
		return f, nil
	}
	if nd > 323 {
		return f, nil
	}
	if nd < -308 {
		return 0.0 * f, nil
	}
	exact := new(big.Float).SetPrec(2000).SetFloat64(f).Text('f', 1100)
	r, _ := strconv.ParseFloat(roundDecimal(exact, int(nd)), 64)
	if r == 0 {
		r = math.Copysign(0, f)
	}
	return r, nil
}

// roundDecimal rounds a decimal string half to even at nd digits after
// the point (nd may be negative).
func roundDecimal(s string, nd int) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	ip, fp, _ := strings.Cut(s, ".")
	digits := []byte(ip + fp)
	point := len(ip) // digits before the point
	keep := point + nd
	if keep < 0 {
		return "0"
	}
	if keep >= len(digits) {
		return s
	}
	rest := digits[keep:]
	roundUp := false
	switch {
	case rest[0] > '5':
		roundUp = true
	case rest[0] == '5':
		tail := strings.TrimRight(string(rest[1:]), "0")
		if tail != "" {
			roundUp = true
		} else {
			prev := byte('0')
			if keep > 0 {
				prev = digits[keep-1]
			}
			roundUp = (prev-'0')%2 == 1
		}
	}
	kept := append([]byte(nil), digits[:keep]...)
	if roundUp {
		i := len(kept) - 1
		for ; i >= 0; i-- {
			if kept[i] == '9' {
				kept[i] = '0'
				continue
			}
			kept[i]++
			break
		}
		if i < 0 {
			kept = append([]byte{'1'}, kept...)
			point++
		}
	}
	for len(kept) < point {
		kept = append(kept, '0')
	}
	out := string(kept[:point])
	if out == "" {
		out = "0"
	}
	if point < len(kept) {
		out += "." + string(kept[point:])
	}
	if neg {
		out = "-" + out
	}
	return out
}
