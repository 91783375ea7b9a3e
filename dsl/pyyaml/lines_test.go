package pyyaml

import (
	"testing"

	"github.com/mistral-go/mistral-go/value"
)

func TestLines(t *testing.T) {
	text := "a: 1\nb:\n  c: [x,\n    y]\n  d:\n    - p\n    - q\n1: z\n"
	d, err := Load(text, LoadOptions{Hardened: true, Lines: true})
	if err != nil {
		t.Fatal(err)
	}
	root := d.Root.(*value.Map)
	bv, _ := root.Get("b")
	b := bv.(*value.Map)
	dv, _ := b.Get("d")
	list := dv.([]any)
	for _, c := range []struct{ got, want int }{
		{d.KeyLine(root, 0), 1}, {d.KeyLine(root, 1), 2}, {d.KeyLine(root, 2), 8},
		{d.MapLine(b), 2}, {d.KeyLine(b, 1), 5}, {d.ItemLine(list, 1), 7},
		{d.KeyLine(root, 3), 0}, {d.ItemLine(list, 2), 0}, {d.MapLine(value.NewMap(0)), 0},
	} {
		if c.got != c.want {
			t.Errorf("line %d, want %d", c.got, c.want)
		}
	}
	if k, ok := d.NonStringKey(root, 2); !ok || k != int64(1) {
		t.Errorf("non-string key: %v %v", k, ok)
	}
	if _, ok := d.NonStringKey(root, 0); ok {
		t.Error("string key reported as non-string")
	}
	if got := Dump(root, DumpOptions{Source: d}); got != "a: 1\nb:\n  c:\n  - x\n  - y\n  d:\n  - p\n  - q\n1: z\n" {
		t.Errorf("dump: %q", got)
	}
	plain, err := Load(text, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if m := plain.Root.(*value.Map); plain.KeyLine(m, 0) != 0 || plain.MapLine(m) != 0 {
		t.Error("lines recorded without LoadOptions.Lines")
	}
	var none *Document
	if none.KeyLine(root, 0) != 0 || none.ItemLine(list, 0) != 0 {
		t.Error("nil document gives lines")
	}
}

// TestTimestamps checks that timestamps are reported and made plain as
// Python's str() or as written.
func TestTimestamps(t *testing.T) {
	d, err := Load("- 2001-12-14t21:59:43.10-05:00\n- {d: 2002-12-14}\n", LoadOptions{})
	if err != nil || !d.Timestamps {
		t.Fatalf("%v %v", d, err)
	}
	if got := value.Repr(d.Root); got != "[datetime.datetime(2001, 12, 14, 21, 59, 43, 100000, tzinfo=datetime.timezone(datetime.timedelta(days=-1, seconds=68400))), {'d': datetime.date(2002, 12, 14)}]" {
		t.Errorf("repr: %s", got)
	}
	if got := value.MarshalPy(d.Plain(d.Root, true)); got != `["2001-12-14t21:59:43.10-05:00", {"d": "2002-12-14"}]` {
		t.Errorf("as written: %s", got)
	}
	d, _ = Load("- 2001-12-14t21:59:43.10-05:00\n", LoadOptions{})
	if got := value.MarshalPy(d.Plain(d.Root, false)); got != `["2001-12-14 21:59:43.100000-05:00"]` {
		t.Errorf("str: %s", got)
	}
	if d, _ := Load("a: 1", LoadOptions{}); d.Timestamps {
		t.Error("timestamps reported")
	}
}
