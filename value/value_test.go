package value

import (
	"bufio"
	"encoding/json"
	"math"
	"os"
	"testing"
)

// TestAgainstPython checks Decode, AppendPy, Repr and AppendPyIndent
// against outputs recorded from CPython (testdata/python_cases.txt: per
// case four JSON-quoted lines: the input, json.dumps, repr, json.dumps
// with indent=4).
func TestAgainstPython(t *testing.T) {
	f, err := os.Open("testdata/python_cases.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var lines []string
	for sc.Scan() {
		var s string
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, s)
	}
	if len(lines)%4 != 0 || len(lines) == 0 {
		t.Fatalf("bad testdata: %d lines", len(lines))
	}
	for i := 0; i < len(lines); i += 4 {
		in, wantJSON, wantRepr, wantIndent := lines[i], lines[i+1], lines[i+2], lines[i+3]
		v, err := DecodeString(in)
		if err != nil {
			t.Fatalf("decode %q: %v", in, err)
		}
		if got := MarshalPy(v); got != wantJSON {
			t.Errorf("json.dumps(%s)\n got %s\nwant %s", in, got, wantJSON)
		}
		if got := Repr(v); got != wantRepr {
			t.Errorf("repr(%s)\n got %s\nwant %s", in, got, wantRepr)
		}
		if got := string(AppendPyIndent(nil, v, 4)); got != wantIndent {
			t.Errorf("indent(%s)\n got %s\nwant %s", in, got, wantIndent)
		}
		// The compact storage form must round-trip.
		back, err := Decode(MarshalCompact(v))
		if err != nil || !Equal(back, v) {
			t.Errorf("compact round trip of %s: %v", in, err)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	cases := map[string]string{
		"abc":       "Expecting value: line 1 column 1 (char 0)",
		"":          "Expecting value: line 1 column 1 (char 0)",
		"{\"a\" 1}": "Expecting ':' delimiter: line 1 column 6 (char 5)",
		"{a: 1}":    "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
		"[1 2]":     "Expecting ',' delimiter: line 1 column 4 (char 3)",
		"{} x":      "Extra data: line 1 column 4 (char 3)",
		"\"abc":     "Unterminated string starting at: line 1 column 1 (char 0)",
		"\n\n  [":   "Expecting value: line 3 column 4 (char 5)",
	}
	for in, want := range cases {
		_, err := DecodeString(in)
		if err == nil || err.Error() != want {
			t.Errorf("Decode(%q) = %v, want %q", in, err, want)
		}
	}
	deep := make([]byte, 0, 3*MaxDepth)
	for i := 0; i < MaxDepth+5; i++ {
		deep = append(deep, '[')
	}
	if _, err := Decode(deep); err == nil {
		t.Error("deep nesting accepted")
	}
}

func TestDecodeNumbers(t *testing.T) {
	v, err := DecodeString(`[1, -0, 1.0, 1e2, 9223372036854775808, NaN, -Infinity]`)
	if err != nil {
		t.Fatal(err)
	}
	l := v.([]any)
	if l[0] != int64(1) || l[1] != int64(0) || l[2] != 1.0 || l[3] != 100.0 {
		t.Errorf("numbers: %#v", l)
	}
	if l[4] != float64(9223372036854775808) {
		t.Errorf("overflow: %#v", l[4])
	}
	if !math.IsNaN(l[5].(float64)) || !math.IsInf(l[6].(float64), -1) {
		t.Errorf("specials: %#v", l[5:])
	}
}

func TestMapOrderAndIndex(t *testing.T) {
	m := NewMap(0)
	for i := 0; i < 20; i++ {
		m.Set(string(rune('t'-i)), int64(i))
	}
	m.Set("t", "again")
	if k, v := m.At(0); k != "t" || v != "again" {
		t.Errorf("replace moved key: %s=%v", k, v)
	}
	if !m.Delete("s") || m.Has("s") || m.Len() != 19 {
		t.Error("delete")
	}
	if v, ok := m.Get("a"); !ok || v != int64(19) {
		t.Errorf("indexed get after delete: %v %v", v, ok)
	}
}

func TestMergedDoesNotMutate(t *testing.T) {
	l := MapOf("a", MapOf("x", int64(1), "y", int64(2)), "b", int64(1))
	r := MapOf("a", MapOf("y", int64(3), "z", int64(4)), "c", int64(5))
	got := Merged(l, r)
	want := `{"a": {"x": 1, "y": 3, "z": 4}, "b": 1, "c": 5}`
	if MarshalPy(got) != want {
		t.Errorf("merged %s", MarshalPy(got))
	}
	if MarshalPy(l) != `{"a": {"x": 1, "y": 2}, "b": 1}` {
		t.Errorf("left mutated: %s", MarshalPy(l))
	}
	keep := MergedKeep(l, r)
	if MarshalPy(keep) != `{"a": {"x": 1, "y": 2, "z": 4}, "b": 1, "c": 5}` {
		t.Errorf("merged keep %s", MarshalPy(keep))
	}
}

func TestEqualAndTruthy(t *testing.T) {
	if !Equal(int64(1), 1.0) || !Equal(true, int64(1)) || Equal("1", int64(1)) {
		t.Error("numeric equality")
	}
	if !Equal(MapOf("a", int64(1), "b", nil), MapOf("b", nil, "a", 1.0)) {
		t.Error("map equality ignores order")
	}
	for _, v := range []any{nil, false, int64(0), 0.0, "", []any{}, NewMap(0)} {
		if Truthy(v) {
			t.Errorf("%#v truthy", v)
		}
	}
}

func FuzzDecode(f *testing.F) {
	for _, s := range []string{`{"a": [1, 2.5, null]}`, `"\ud83d\ude00"`, `[[[]]]`, `-1e-5`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := Decode(b)
		if err != nil {
			return
		}
		back, err := Decode(MarshalCompact(v))
		if err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		if !Equal(back, v) && MarshalPy(back) != MarshalPy(v) {
			t.Fatalf("round trip changed %q", b)
		}
		_ = Repr(v)
	})
}

func BenchmarkDecode(b *testing.B) {
	doc := []byte(`{"id": "1526a980-4ea1-45b2-ae34-44fd37771327", "input": {"name": "anchor", "list": [1, 2, 3]}, "params": {"env": {"target": "mars", "retries": 3}, "namespace": ""}, "state": "RUNNING"}`)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Decode(doc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAppendPy(b *testing.B) {
	v, _ := DecodeString(`{"id": "1526a980-4ea1-45b2-ae34-44fd37771327", "input": {"name": "anchor", "list": [1, 2, 3]}, "params": {"env": {"target": "mars", "retries": 3}, "namespace": ""}, "state": "RUNNING"}`)
	buf := make([]byte, 0, 512)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		buf = AppendPy(buf[:0], v)
	}
}
