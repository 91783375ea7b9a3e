package cluster

import (
	"math/rand/v2"
)

// NewID returns a random UUID version 4 in its canonical text form whose
// first 16 bits are the owner tag of the node that creates it, so any
// node can tell which node owns an execution, task or action execution
// from its id alone. The remaining 106 random bits come from the
// runtime's per-thread ChaCha8 generator (seeded from the OS), which is
// fast and safe for concurrent use.
func NewID(tag uint16) string {
	hi, lo := rand.Uint64(), rand.Uint64()
	hi = hi&^(0xffff<<48) | uint64(tag)<<48
	hi = hi&^(0xf<<12) | 0x4<<12 // version 4
	lo = lo&^(0x3<<62) | 0x2<<62 // RFC 4122 variant
	var b [36]byte
	const hexdigits = "0123456789abcdef"
	pos := 0
	put := func(v uint64, nibbles int) {
		for i := nibbles - 1; i >= 0; i-- {
			b[pos] = hexdigits[(v>>(uint(i)*4))&0xf]
			pos++
		}
	}
	put(hi>>32, 8)
	b[pos] = '-'
	pos++
	put(hi>>16, 4)
	b[pos] = '-'
	pos++
	put(hi, 4)
	b[pos] = '-'
	pos++
	put(lo>>48, 4)
	b[pos] = '-'
	pos++
	put(lo, 12)
	return string(b[:])
}

// OwnerTag returns the owner tag NewID put into id, and false when id is
// not a canonical UUID.
func OwnerTag(id string) (uint16, bool) {
	if len(id) != 36 || id[8] != '-' || id[13] != '-' || id[18] != '-' || id[23] != '-' {
		return 0, false
	}
	var t uint16
	for i := 0; i < len(id); i++ {
		c := id[i]
		if i == 8 || i == 13 || i == 18 || i == 23 {
			continue
		}
		var v byte
		switch {
		case c >= '0' && c <= '9':
			v = c - '0'
		case c >= 'a' && c <= 'f':
			v = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			v = c - 'A' + 10
		default:
			return 0, false
		}
		if i < 4 {
			t = t<<4 | uint16(v)
		}
	}
	return t, true
}
