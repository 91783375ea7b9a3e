package yaql

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/mistral-go/mistral-go/value"
)

// corpusCase is one case of testdata/corpus.json, produced by the real
// Python yaql configured as Mistral 15 configures it (gen_corpus.py).
type corpusCase struct {
	Expr   string          `json:"expr"`
	Ctx    string          `json:"ctx"`
	Data   json.RawMessage `json:"data"`
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Kind  string `json:"kind"`
		Cause string `json:"cause"`
	} `json:"error"`
	Check string `json:"check"`
	Type  string `json:"type"`
}

type corpusFile struct {
	Contexts map[string]json.RawMessage `json:"contexts"`
	Cases    []corpusCase               `json:"cases"`
}

func loadCorpus(t testing.TB) (*corpusFile, map[string]any) {
	raw, err := os.ReadFile("testdata/corpus.json")
	if err != nil {
		t.Fatal(err)
	}
	var f corpusFile
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	ctxs := map[string]any{}
	for name, r := range f.Contexts {
		v, err := value.Decode(r)
		if err != nil {
			t.Fatal(err)
		}
		ctxs[name] = v
	}
	return &f, ctxs
}

func (c *corpusCase) data(t testing.TB, ctxs map[string]any) any {
	if c.Ctx != "" {
		return ctxs[c.Ctx]
	}
	v, err := value.Decode(c.Data)
	if err != nil {
		t.Fatalf("%s: bad data: %v", c.Expr, err)
	}
	return v
}

var addrRE = regexp.MustCompile(`0x[0-9a-f]+`)

// TestCorpus checks every case of the corpus against the engine.
func TestCorpus(t *testing.T) {
	f, ctxs := loadCorpus(t)
	passed, failed := 0, 0
	for i := range f.Cases {
		c := &f.Cases[i]
		if msg := runCase(t, c, ctxs); msg != "" {
			failed++
			t.Errorf("case %d %q: %s", i, c.Expr, msg)
		} else {
			passed++
		}
	}
	t.Logf("yaql corpus: %d passed, %d failed", passed, failed)
	fmt.Printf("yaql corpus: %d passed, %d failed\n", passed, failed)
	if len(f.Cases) < 800 {
		t.Errorf("corpus has %d cases, want at least 800", len(f.Cases))
	}
}

func runCase(t testing.TB, c *corpusCase, ctxs map[string]any) string {
	x, err := Parse(c.Expr)
	if err != nil {
		ge, ok := err.(*GrammarError)
		if !ok {
			return fmt.Sprintf("parse error of type %T", err)
		}
		if c.Error == nil || c.Error.Kind != "grammar" {
			return "unexpected grammar error: " + ge.Msg
		}
		if ge.Msg != c.Error.Cause {
			return fmt.Sprintf("grammar error %q, want %q", ge.Msg, c.Error.Cause)
		}
		return ""
	}
	if c.Error != nil && c.Error.Kind == "grammar" {
		return "parsed, want grammar error " + c.Error.Cause
	}
	got, err := x.Eval(c.data(t, ctxs), nil, nil)
	if c.Error != nil {
		if err == nil {
			return fmt.Sprintf("got %s, want error %s: %s", value.MarshalPy(got), c.Error.Kind, c.Error.Cause)
		}
		ee, ok := err.(*EvalError)
		if !ok {
			return fmt.Sprintf("error of type %T", err)
		}
		if ee.Kind != c.Error.Kind || addrRE.ReplaceAllString(ee.Cause, "0x") != addrRE.ReplaceAllString(c.Error.Cause, "0x") {
			return fmt.Sprintf("error %s: %q, want %s: %q", ee.Kind, ee.Cause, c.Error.Kind, c.Error.Cause)
		}
		return ""
	}
	if err != nil {
		return fmt.Sprintf("error %v, want %s", err, c.Result)
	}
	if c.Check == "type" {
		if gt := goTypeOf(got); gt != pyTypeToGo(c.Type) {
			return fmt.Sprintf("result %s of type %s, want Python %s", value.MarshalPy(got), gt, c.Type)
		}
		return ""
	}
	want, err := value.Decode(c.Result)
	if err != nil {
		return "bad expected value: " + err.Error()
	}
	if !sameResult(got, want) {
		return fmt.Sprintf("got %s, want %s", value.MarshalPy(got), c.Result)
	}
	return ""
}

func goTypeOf(v any) string {
	switch v.(type) {
	case nil:
		return "nil"
	case bool:
		return "bool"
	case int64:
		return "int"
	case float64:
		return "float"
	case string:
		return "string"
	case []any:
		return "list"
	case *value.Map:
		return "map"
	}
	return fmt.Sprintf("%T", v)
}

func pyTypeToGo(t string) string {
	switch t {
	case "NoneType":
		return "nil"
	case "str", "datetime", "timedelta":
		return "string"
	case "tuple", "list":
		return "list"
	case "dict", "FrozenDict":
		return "map"
	}
	return t
}

// sameResult compares a result with the expected one: Python equality,
// but ints and floats must not be confused, map order must match, and
// {"$set": […]} matches a list with the same items in any order.
func sameResult(got, want any) bool {
	if m, ok := want.(*value.Map); ok && m.Len() == 1 {
		if items, ok := m.Get("$set"); ok {
			gl, ok := got.([]any)
			wl, _ := items.([]any)
			if !ok || len(gl) != len(wl) {
				return false
			}
			key := func(v any) string { return string(value.AppendCompact(nil, v)) }
			a, b := make([]string, len(gl)), make([]string, len(wl))
			for i := range gl {
				a[i], b[i] = key(gl[i]), key(wl[i])
			}
			sort.Strings(a)
			sort.Strings(b)
			return strings.Join(a, "\x00") == strings.Join(b, "\x00")
		}
		if s, ok := m.Get("$timespan"); ok {
			return got == s
		}
		if s, ok := m.Get("$float"); ok {
			g, ok := got.(float64)
			return ok && pyRepr(g) == s
		}
	}
	switch w := want.(type) {
	case nil:
		return got == nil
	case bool, string, int64:
		return got == want
	case float64:
		g, ok := got.(float64)
		return ok && (g == w || math.IsNaN(g) && math.IsNaN(w))
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range w {
			if !sameResult(g[i], w[i]) {
				return false
			}
		}
		return true
	case *value.Map:
		g, ok := got.(*value.Map)
		if !ok || g.Len() != w.Len() {
			return false
		}
		for i := 0; i < w.Len(); i++ {
			wk, wv := w.At(i)
			gk, gv := g.At(i)
			if wk != gk || !sameResult(gv, wv) {
				return false
			}
		}
		return true
	}
	return false
}
