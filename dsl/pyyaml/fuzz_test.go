package pyyaml

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/mistral-go/mistral-go/value"
)

// FuzzLoad checks that no text makes Load or Dump fail other than with
// an *Error, and that what safe_load reads, Dump writes so that it reads
// back the same.
func FuzzLoad(f *testing.F) {
	if b, err := os.ReadFile("testdata/cases.json"); err == nil {
		var cases []struct{ Text string }
		if json.Unmarshal(b, &cases) == nil {
			for _, c := range cases {
				f.Add(c.Text)
			}
		}
	}
	f.Fuzz(func(t *testing.T, text string) {
		if d, err := Load(text, LoadOptions{Hardened: true, Lines: true}); err == nil {
			Dump(d.Root, DumpOptions{Source: d})
		} else if _, ok := err.(*Error); !ok {
			t.Fatalf("%T error", err)
		}
		d, err := Load(text, LoadOptions{})
		if err != nil {
			return
		}
		Dump(d.Root, DumpOptions{SortKeys: true})
		out := Dump(d.Root, DumpOptions{})
		back, err := Load(out, LoadOptions{})
		if err != nil {
			t.Fatalf("%q dumps as %q, which does not load: %v", text, out, err)
		}
		if a, b := value.MarshalPy(Plain(d.Root, false)), value.MarshalPy(Plain(back.Root, false)); a != b {
			t.Fatalf("%q dumps as %q, which reads %s, not %s", text, out, b, a)
		}
	})
}
