package storage

import (
	"encoding/binary"
	"math"
)

// Codec turns a record into bytes and back. Implementations append to b
// and must decode what they encoded; Decode fills r completely.
type Codec[T any] interface {
	Append(b []byte, r *T) []byte
	Decode(b []byte, r *T) error
}

// Encoder appends primitive values in a compact binary form. It is the
// building block of hand-written record codecs: fast, allocation-free
// beyond the growing buffer, and versionable (write a version byte first).
type Encoder struct{ B []byte }

// Byte appends one byte.
func (e *Encoder) Byte(c byte) { e.B = append(e.B, c) }

// Uint appends an unsigned varint.
func (e *Encoder) Uint(v uint64) { e.B = binary.AppendUvarint(e.B, v) }

// Int appends a signed varint.
func (e *Encoder) Int(v int64) { e.B = binary.AppendVarint(e.B, v) }

// Bool appends a boolean as one byte.
func (e *Encoder) Bool(v bool) {
	if v {
		e.B = append(e.B, 1)
	} else {
		e.B = append(e.B, 0)
	}
}

// Float appends a float64 as 8 bytes.
func (e *Encoder) Float(v float64) {
	e.B = binary.LittleEndian.AppendUint64(e.B, math.Float64bits(v))
}

// String appends a length-prefixed string.
func (e *Encoder) String(s string) {
	e.B = binary.AppendUvarint(e.B, uint64(len(s)))
	e.B = append(e.B, s...)
}

// Bytes appends a length-prefixed byte slice that may be nil (null): the
// length is stored plus one, zero meaning nil.
func (e *Encoder) Bytes(b []byte) {
	if b == nil {
		e.B = append(e.B, 0)
		return
	}
	e.B = binary.AppendUvarint(e.B, uint64(len(b))+1)
	e.B = append(e.B, b...)
}

// NullString appends a string that may be null (valid == false).
func (e *Encoder) NullString(s string, valid bool) {
	if !valid {
		e.B = append(e.B, 0)
		return
	}
	e.B = binary.AppendUvarint(e.B, uint64(len(s))+1)
	e.B = append(e.B, s...)
}

// Strings appends a list of strings that may be nil (null).
func (e *Encoder) Strings(ss []string) {
	if ss == nil {
		e.B = append(e.B, 0)
		return
	}
	e.B = binary.AppendUvarint(e.B, uint64(len(ss))+1)
	for _, s := range ss {
		e.String(s)
	}
}

// Decoder reads what an Encoder wrote. It works on one string copy of the
// encoded record, so every decoded string is a substring of it (one
// allocation per record instead of one per field). The first malformed
// read sets Err and every later read returns zero values, so a codec
// checks Err once at the end.
type Decoder struct {
	S   string
	Err error
}

// NewDecoder returns a Decoder over a copy of b.
func NewDecoder(b []byte) Decoder { return Decoder{S: string(b)} }

func (d *Decoder) fail() { d.Err = errCorrupt; d.S = "" }

// Byte reads one byte.
func (d *Decoder) Byte() byte {
	if len(d.S) < 1 {
		d.fail()
		return 0
	}
	c := d.S[0]
	d.S = d.S[1:]
	return c
}

// Uint reads an unsigned varint.
func (d *Decoder) Uint() uint64 {
	var x uint64
	var s uint
	for i := 0; i < len(d.S) && i < binary.MaxVarintLen64; i++ {
		c := d.S[i]
		if c < 0x80 {
			if i == binary.MaxVarintLen64-1 && c > 1 {
				break
			}
			d.S = d.S[i+1:]
			return x | uint64(c)<<s
		}
		x |= uint64(c&0x7f) << s
		s += 7
	}
	d.fail()
	return 0
}

// Int reads a signed varint.
func (d *Decoder) Int() int64 {
	ux := d.Uint()
	x := int64(ux >> 1)
	if ux&1 != 0 {
		x = ^x
	}
	return x
}

// Bool reads a boolean.
func (d *Decoder) Bool() bool { return d.Byte() != 0 }

// Float reads a float64.
func (d *Decoder) Float() float64 {
	if len(d.S) < 8 {
		d.fail()
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64([]byte(d.S[:8])))
	d.S = d.S[8:]
	return v
}

func (d *Decoder) take(n uint64) string {
	if n > uint64(len(d.S)) {
		d.fail()
		return ""
	}
	v := d.S[:n]
	d.S = d.S[n:]
	return v
}

// String reads a length-prefixed string.
func (d *Decoder) String() string { return d.take(d.Uint()) }

// Bytes reads a byte slice written by Encoder.Bytes (nil if null).
func (d *Decoder) Bytes() []byte {
	n := d.Uint()
	if n == 0 || d.Err != nil {
		return nil
	}
	v := d.take(n - 1)
	if d.Err != nil {
		return nil
	}
	return []byte(v)
}

// NullString reads a string written by Encoder.NullString.
func (d *Decoder) NullString() (string, bool) {
	n := d.Uint()
	if n == 0 || d.Err != nil {
		return "", false
	}
	v := d.take(n - 1)
	return v, d.Err == nil
}

// Strings reads a list written by Encoder.Strings.
func (d *Decoder) Strings() []string {
	n := d.Uint()
	if n == 0 || d.Err != nil {
		return nil
	}
	n--
	if n > uint64(len(d.S)) {
		d.fail()
		return nil
	}
	ss := make([]string, n)
	for i := range ss {
		ss[i] = d.String()
	}
	return ss
}
