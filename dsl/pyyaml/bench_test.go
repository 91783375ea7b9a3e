package pyyaml

import (
	"os"
	"testing"
)

const benchExample = "../../../shared/spec/examples/mistral-extra/examples/v2/openstack/tenant_statistics/tenant_statistics.yaml"

func benchText(b *testing.B) string {
	text, err := os.ReadFile(benchExample)
	if err != nil {
		b.Skip(err)
	}
	return string(text)
}

// BenchmarkLoadDefinition reads a real definition as the dsl parser does.
func BenchmarkLoadDefinition(b *testing.B) {
	text := benchText(b)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, err := Load(text, LoadOptions{Hardened: true, Lines: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadSafe reads a small document as yaml_parse does.
func BenchmarkLoadSafe(b *testing.B) {
	text := "base: &b {x: 1, y: [a, b, c]}\nitems:\n  - <<: *b\n    name: one\n  - <<: *b\n    name: two\nflag: yes\n"
	for b.Loop() {
		if _, err := Load(text, LoadOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDump writes a real definition back as yaml_dump does.
func BenchmarkDump(b *testing.B) {
	d, err := Load(benchText(b), LoadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		Dump(d.Root, DumpOptions{SortKeys: true})
	}
}
