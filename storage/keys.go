package storage

import "encoding/binary"

// Key kinds inside a collection's keyspace (see the package doc).
const (
	kindRecord  = 'r'
	kindCreated = 'c'
	kindIndex   = 'x'
	kindUnique  = 'u'
)

// AppendKeyPart appends s to b so that the concatenation of parts sorts
// like the tuple of parts: zero bytes are escaped as 0x00 0xFF and every
// part ends with 0x00 0x01. Use it to build unique and index keys.
func AppendKeyPart(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		b = append(b, c)
		if c == 0 {
			b = append(b, 0xFF)
		}
	}
	return append(b, 0, 1)
}

// KeyOf builds a composite key from parts with AppendKeyPart.
func KeyOf(parts ...string) []byte {
	n := 0
	for _, p := range parts {
		n += len(p) + 2
	}
	b := make([]byte, 0, n)
	for _, p := range parts {
		b = AppendKeyPart(b, p)
	}
	return b
}

func appendCreated(b []byte, created int64, id string) []byte {
	b = binary.BigEndian.AppendUint64(b, uint64(created)^(1<<63))
	return append(b, id...)
}

// prefixEnd returns the smallest key greater than every key that starts
// with p (nil when there is none).
func prefixEnd(p []byte) []byte {
	end := append([]byte(nil), p...)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xFF {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}
