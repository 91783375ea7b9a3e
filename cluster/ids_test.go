package cluster

import (
	"regexp"
	"testing"
)

var uuid4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestNewIDIsTaggedUUID4(t *testing.T) {
	seen := map[string]bool{}
	for _, tag := range []uint16{0, 1, 0xbeef, 0xffff} {
		for i := 0; i < 1000; i++ {
			id := NewID(tag)
			if !uuid4.MatchString(id) {
				t.Fatalf("%q is not a UUID4", id)
			}
			if got, ok := OwnerTag(id); !ok || got != tag {
				t.Fatalf("OwnerTag(%q) = %x, %v; want %x", id, got, ok, tag)
			}
			if seen[id] {
				t.Fatalf("duplicate id %q", id)
			}
			seen[id] = true
		}
	}
	for _, bad := range []string{"", "x", "0000000g-0000-4000-8000-000000000000", "00000000000040008000000000000000"} {
		if _, ok := OwnerTag(bad); ok {
			t.Fatalf("OwnerTag(%q) accepted", bad)
		}
	}
}

func BenchmarkNewID(b *testing.B) {
	for i := 0; i < b.N; i++ {
		_ = NewID(7)
	}
}
