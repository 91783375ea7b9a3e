package yaql

import (
	"math"
	"time"
)

func init() {
	i := T(pInt)
	ts := T(pTimespan)
	dt := T(pDateTime)
	num := T(pNumber)
	fn("datetime").p("year", i).p("month", i).p("day", i).d("hour", i, int64(0)).d("minute", i, int64(0)).
		d("second", i, int64(0)).d("microsecond", i, int64(0)).d("offset", ts, timeSpan(0)).do(func(c *callCtx) (any, error) {
		off, utc, err := zoneFor(c.a[7].(timeSpan))
		if err != nil {
			return nil, err
		}
		return newDateTime(asInt(c.a[0]), asInt(c.a[1]), asInt(c.a[2]), asInt(c.a[3]), asInt(c.a[4]), asInt(c.a[5]), asInt(c.a[6]), off, utc)
	})
	fn("datetime").p("timestamp", num).d("offset", ts, timeSpan(0)).do(func(c *callCtx) (any, error) {
		off, utc, err := zoneFor(c.a[1].(timeSpan))
		if err != nil {
			return nil, err
		}
		f := toFloat(c.a[0])
		if math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 253402300799 {
			return nil, errValue("year is out of range")
		}
		sec := math.Floor(f)
		us := roundHalfEven((f - sec) * 1e6)
		t := time.Unix(int64(sec), int64(us)*1000).In(time.FixedZone("", off))
		if t.Year() < 1 || t.Year() > 9999 {
			return nil, errValue("year " + itoa(t.Year()) + " is out of range")
		}
		return dateTime{t: t, offset: off, utc: utc}, nil
	})
	fn("datetime").p("string", T(pString)).d("format", N(pString), nil).do(func(c *callCtx) (any, error) {
		s := c.a[0].(string)
		if f, ok := c.a[1].(string); ok && f != "" {
			return strptime(s, f)
		}
		return parseDateText(s)
	})
	fn("timespan").d("days", i, int64(0)).d("hours", i, int64(0)).d("minutes", i, int64(0)).
		d("seconds", T(pInteger), int64(0)).d("milliseconds", T(pInteger), int64(0)).d("microseconds", T(pInteger), int64(0)).do(func(c *callCtx) (any, error) {
		us := float64(asInt(c.a[0]))*usPerDay + float64(asInt(c.a[1]))*3600e6 + float64(asInt(c.a[2]))*60e6 +
			float64(asInt(c.a[3]))*1e6 + float64(asInt(c.a[4]))*1e3 + float64(asInt(c.a[5]))
		if math.Abs(us) > 9e18 {
			d := int64(us / usPerDay)
			return nil, pyErr("OverflowError", "days="+itoa(int(d))+"; must have magnitude <= 999999999")
		}
		total := asInt(c.a[0])*usPerDay + asInt(c.a[1])*3600e6 + asInt(c.a[2])*60e6 + asInt(c.a[3])*1e6 + asInt(c.a[4])*1e3 + asInt(c.a[5])
		t := timeSpan(total)
		if d, _, _ := t.parts(); d > maxDays || d < -maxDays {
			return nil, pyErr("OverflowError", "days="+itoa(int(d))+"; must have magnitude <= 999999999")
		}
		return t, nil
	})
	prop := func(name string, t ptype, f func(v any) (any, error)) {
		fn("#property#"+name).p("obj", t).do(func(c *callCtx) (any, error) { return f(c.a[0]) })
	}
	spanProp := func(name string, div float64) {
		prop(name, ts, func(v any) (any, error) {
			if div == 0 {
				return int64(v.(timeSpan)), nil
			}
			return float64(v.(timeSpan)) / div, nil
		})
	}
	spanProp("microseconds", 0)
	spanProp("milliseconds", 1e3)
	spanProp("seconds", 1e6)
	spanProp("minutes", 60e6)
	spanProp("hours", 3600e6)
	spanProp("days", usPerDay)
	fn("now").d("offset", N(pTimespan), timeSpan(0)).do(func(c *callCtx) (any, error) {
		t, _ := c.a[0].(timeSpan)
		if c.a[0] == nil {
			return dateTime{t: time.Now().UTC(), utc: false}, nil
		}
		off, utc, err := zoneFor(t)
		if err != nil {
			return nil, err
		}
		return dateTime{t: time.Now().In(time.FixedZone("", off)), offset: off, utc: utc}, nil
	})
	fn("localtz").do(func(c *callCtx) (any, error) {
		_, off := time.Now().Zone()
		return timeSpan(int64(off) * usPerSec), nil
	})
	fn("utctz").do(func(c *callCtx) (any, error) { return timeSpan(0), nil })
	fn("#operator_+").p("dt", dt).p("ts", ts).do(func(c *callCtx) (any, error) {
		return c.a[0].(dateTime).addSpan(c.a[1].(timeSpan))
	})
	fn("#operator_+").p("ts", ts).p("dt", dt).do(func(c *callCtx) (any, error) {
		return c.a[1].(dateTime).addSpan(c.a[0].(timeSpan))
	})
	fn("#operator_-").p("dt", dt).p("ts", ts).do(func(c *callCtx) (any, error) {
		return c.a[0].(dateTime).addSpan(-c.a[1].(timeSpan))
	})
	fn("#operator_-").p("dt1", dt).p("dt2", dt).do(func(c *callCtx) (any, error) {
		return c.a[0].(dateTime).sub(c.a[1].(dateTime)), nil
	})
	fn("#operator_+").p("ts1", ts).p("ts2", ts).do(func(c *callCtx) (any, error) {
		return spanFromMicros(float64(c.a[0].(timeSpan)) + float64(c.a[1].(timeSpan)))
	})
	fn("#operator_-").p("ts1", ts).p("ts2", ts).do(func(c *callCtx) (any, error) {
		return spanFromMicros(float64(c.a[0].(timeSpan)) - float64(c.a[1].(timeSpan)))
	})
	dtCmp := func(op string, f func(a, b time.Time) bool) {
		fn("#operator_"+op).p("dt1", dt).p("dt2", dt).do(func(c *callCtx) (any, error) {
			return f(c.a[0].(dateTime).t, c.a[1].(dateTime).t), nil
		})
	}
	dtCmp(">", func(a, b time.Time) bool { return a.After(b) })
	dtCmp(">=", func(a, b time.Time) bool { return !a.Before(b) })
	dtCmp("<", func(a, b time.Time) bool { return a.Before(b) })
	dtCmp("<=", func(a, b time.Time) bool { return !a.After(b) })
	tsCmp := func(op string, f func(a, b timeSpan) bool) {
		fn("#operator_"+op).p("ts1", ts).p("ts2", ts).do(func(c *callCtx) (any, error) {
			return f(c.a[0].(timeSpan), c.a[1].(timeSpan)), nil
		})
	}
	tsCmp(">", func(a, b timeSpan) bool { return a > b })
	tsCmp(">=", func(a, b timeSpan) bool { return a >= b })
	tsCmp("<", func(a, b timeSpan) bool { return a < b })
	tsCmp("<=", func(a, b timeSpan) bool { return a <= b })
	fn("#operator_*").p("ts", ts).p("n", num).do(func(c *callCtx) (any, error) {
		return spanFromMicros(float64(c.a[0].(timeSpan)) * toFloat(c.a[1]))
	})
	fn("#operator_*").p("n", num).p("ts", ts).do(func(c *callCtx) (any, error) {
		return spanFromMicros(float64(c.a[1].(timeSpan)) * toFloat(c.a[0]))
	})
	fn("#operator_/").p("ts1", ts).p("ts2", ts).do(func(c *callCtx) (any, error) {
		if c.a[1].(timeSpan) == 0 {
			return nil, pyErr("ZeroDivisionError", "float division by zero")
		}
		return float64(c.a[0].(timeSpan)) / float64(c.a[1].(timeSpan)), nil
	})
	fn("#operator_/").p("ts", ts).p("n", num).do(func(c *callCtx) (any, error) {
		n := toFloat(c.a[1])
		if n == 0 {
			if _, ok := c.a[1].(int64); ok {
				return nil, pyErr("ZeroDivisionError", "division by zero")
			}
			return nil, pyErr("ZeroDivisionError", "float division by zero")
		}
		return spanFromMicros(float64(c.a[0].(timeSpan)) / n)
	})
	fn("#unary_operator_-").p("ts", ts).do(func(c *callCtx) (any, error) { return -c.a[0].(timeSpan), nil })
	fn("#unary_operator_+").p("ts", ts).do(func(c *callCtx) (any, error) { return c.a[0], nil })
	dtProp := func(name string, f func(d dateTime) any) {
		prop(name, dt, func(v any) (any, error) { return f(v.(dateTime)), nil })
	}
	dtProp("year", func(d dateTime) any { return int64(d.t.Year()) })
	dtProp("month", func(d dateTime) any { return int64(d.t.Month()) })
	dtProp("day", func(d dateTime) any { return int64(d.t.Day()) })
	dtProp("hour", func(d dateTime) any { return int64(d.t.Hour()) })
	dtProp("minute", func(d dateTime) any { return int64(d.t.Minute()) })
	dtProp("second", func(d dateTime) any { return int64(d.t.Second()) })
	dtProp("microsecond", func(d dateTime) any { return int64(d.micro()) })
	dtProp("date", func(d dateTime) any {
		y, m, dd := d.t.Date()
		return dateTime{t: time.Date(y, m, dd, 0, 0, 0, 0, d.t.Location()), offset: d.offset, utc: d.utc}
	})
	dtProp("time", func(d dateTime) any {
		return timeSpan(int64(d.t.Hour())*3600e6 + int64(d.t.Minute())*60e6 + int64(d.t.Second())*1e6 + int64(d.micro()))
	})
	dtProp("weekday", func(d dateTime) any { return int64((d.t.Weekday() + 6) % 7) })
	prop("utc", dt, func(v any) (any, error) {
		d := v.(dateTime)
		return d.addSpan(-timeSpan(int64(d.offset) * usPerSec))
	})
	dtProp("offset", func(d dateTime) any { return timeSpan(int64(d.offset) * usPerSec) })
	dtProp("timestamp", func(d dateTime) any {
		us := d.t.UnixMicro() - int64(d.offset)*usPerSec
		return float64(us) / 1e6
	})
	meth("replace").p("dt", dt).d("year", N(pInt), nil).d("month", N(pInt), nil).d("day", N(pInt), nil).
		d("hour", N(pInt), nil).d("minute", N(pInt), nil).d("second", N(pInt), nil).d("microsecond", N(pInt), nil).
		d("offset", N(pTimespan), nil).do(func(c *callCtx) (any, error) {
		d := c.a[0].(dateTime)
		t := d.t
		f := []int64{int64(t.Year()), int64(t.Month()), int64(t.Day()), int64(t.Hour()), int64(t.Minute()), int64(t.Second()), int64(d.micro())}
		for k := 0; k < 7; k++ {
			if c.a[k+1] != nil {
				f[k] = asInt(c.a[k+1])
			}
		}
		off, utc := d.offset, d.utc
		if o, ok := c.a[8].(timeSpan); ok {
			var err error
			if off, utc, err = zoneFor(o); err != nil {
				return nil, err
			}
		}
		return newDateTime(f[0], f[1], f[2], f[3], f[4], f[5], f[6], off, utc)
	})
	meth("format").p("dt", dt).p("format", T(pString)).do(func(c *callCtx) (any, error) {
		return c.a[0].(dateTime).strftime(c.a[1].(string))
	})
	fn("isDatetime").p("value", N(pObject)).do(func(c *callCtx) (any, error) {
		_, ok := c.a[0].(dateTime)
		return ok, nil
	})
	fn("isTimespan").p("value", N(pObject)).do(func(c *callCtx) (any, error) {
		_, ok := c.a[0].(timeSpan)
		return ok, nil
	})
}
