package expr

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/mistral-go/mistral-go/dsl/yaql"
	"github.com/mistral-go/mistral-go/value"
)

// The corpora: cases whose expected results come from the real Mistral 15
// evaluators (see testdata/gen_corpus.py and
// ../yaql/testdata/gen_corpus.py). Both run through this package's API.

// fakeEngine serves Mistral's functions from the corpus' engine data,
// with the lookup rules of the fake the generator gives Mistral.
type fakeEngine struct {
	env        *value.Map
	execution  *value.Map
	current    string
	tasks      []*value.Map
	executions []*value.Map
	globals    *value.Map
}

func newFakeEngine(t testing.TB, raw json.RawMessage) *fakeEngine {
	v, err := value.Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	m := v.(*value.Map)
	get := func(k string) any { x, _ := m.Get(k); return x }
	f := &fakeEngine{
		env:       get("env").(*value.Map),
		execution: get("execution").(*value.Map),
		current:   get("current_task").(string),
		globals:   get("globals").(*value.Map),
	}
	for _, x := range get("tasks").([]any) {
		f.tasks = append(f.tasks, x.(*value.Map))
	}
	for _, x := range get("executions").([]any) {
		f.executions = append(f.executions, x.(*value.Map))
	}
	return f
}

func str(m *value.Map, k string) string {
	v, _ := m.Get(k)
	s, _ := v.(string)
	return s
}

func (f *fakeEngine) Env() *value.Map         { return f.env }
func (f *fakeEngine) Execution() (any, error) { return f.execution, nil }

func (f *fakeEngine) Task(name string) (any, error) {
	var cur *value.Map
	for _, t := range f.tasks {
		if str(t, "id") == f.current {
			cur = t
		}
	}
	if name == "" || name == str(cur, "name") {
		return cur, nil
	}
	var last any
	for _, t := range f.tasks {
		if str(t, "name") == name && str(t, "workflow_execution_id") == str(f.execution, "id") {
			last = t
		}
	}
	return last, nil
}

func (f *fakeEngine) Tasks(wfID string, recursive bool, state string, flat bool) (any, error) {
	out := []any{}
	for _, t := range f.tasks {
		if (wfID == "" || str(t, "workflow_execution_id") == wfID) && (state == "" || str(t, "state") == state) {
			out = append(out, t)
		}
	}
	return out, nil
}

func (f *fakeEngine) Executions(id, root, state, from, to string) (any, error) {
	out := []any{}
	for _, e := range f.executions {
		r, _ := e.Get("root_execution_id")
		rs, _ := r.(string)
		if (id == "" || str(e, "id") == id) && (root == "" || rs == root) &&
			(state == "" || str(e, "state") == state) &&
			(from == "" || str(e, "created_at") >= from) && (to == "" || str(e, "created_at") < to) {
			out = append(out, e)
		}
	}
	return out, nil
}

func (f *fakeEngine) Global(name string) (any, error) {
	v, _ := f.globals.Get(name)
	return v, nil
}

type exprCase struct {
	Expr  json.RawMessage `json:"expr"`
	Ctx   string          `json:"ctx"`
	Check string          `json:"check"`
	JSON  *string         `json:"json"`
	Phase string          `json:"phase"`
	Error *string         `json:"error"`
}

type exprCorpus struct {
	Engine   json.RawMessage            `json:"engine"`
	Contexts map[string]json.RawMessage `json:"contexts"`
	Cases    []exprCase                 `json:"cases"`
}

var uuidRe = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}`)

// jsonKind is the JSON type of a serialized value.
func jsonKind(s string) string {
	switch {
	case s == "null":
		return "null"
	case s == "true" || s == "false":
		return "bool"
	case strings.HasPrefix(s, "\""):
		return "str"
	case strings.HasPrefix(s, "["):
		return "list"
	case strings.HasPrefix(s, "{"):
		return "dict"
	case strings.ContainsAny(s, ".eE"):
		return "float"
	}
	return "int"
}

// runExprCase returns "" when the case passes, else what went wrong.
func runExprCase(c exprCase, ctx *Context) string {
	src, err := value.Decode(c.Expr)
	if err != nil {
		return "bad case: " + err.Error()
	}
	d, err := Compile(src)
	if c.Phase == "compile" {
		if err == nil {
			return "compiled, want error " + *c.Error
		}
		if err.Error() != *c.Error {
			return "compile error\n got: " + err.Error() + "\nwant: " + *c.Error
		}
		return ""
	}
	if err != nil {
		return "compile error: " + err.Error()
	}
	got, err := d.EvalData(ctx)
	if c.Error != nil {
		if err == nil {
			return "got " + value.MarshalPy(got) + ", want error " + *c.Error
		}
		msg := err.Error()
		if c.Phase == "store" {
			if e, ok := err.(*EvalError); ok {
				msg = e.Cause
			}
		}
		if msg != *c.Error && c.Check != "error" {
			return "error\n got: " + msg + "\nwant: " + *c.Error
		}
		return ""
	}
	if err != nil {
		return "error " + err.Error() + ", want " + *c.JSON
	}
	g, w := value.MarshalPy(got), *c.JSON
	switch c.Check {
	case "uuid":
		g, w = uuidRe.ReplaceAllString(g, "UUID"), uuidRe.ReplaceAllString(w, "UUID")
	case "type":
		g, w = jsonKind(g), jsonKind(w)
	}
	if g != w {
		return "result\n got: " + g + "\nwant: " + w
	}
	return ""
}

func loadContexts(t testing.TB, raw map[string]json.RawMessage) map[string]any {
	out := map[string]any{}
	for k, v := range raw {
		d, err := value.Decode(v)
		if err != nil {
			t.Fatal(err)
		}
		out[k] = d
	}
	return out
}

func runExprCorpus(t *testing.T) (pass, fail int) {
	raw, err := os.ReadFile("testdata/corpus.json")
	if err != nil {
		t.Fatal(err)
	}
	var c exprCorpus
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	eng := newFakeEngine(t, c.Engine)
	ctxs := loadContexts(t, c.Contexts)
	for i, cs := range c.Cases {
		ctx := &Context{Root: ctxs[cs.Ctx]}
		if cs.Ctx == "fn" {
			ctx.Funcs = eng
		}
		if msg := runExprCase(cs, ctx); msg != "" {
			fail++
			if fail <= 60 {
				t.Errorf("expr case %d %s [%s]: %s", i, cs.Expr, cs.Ctx, msg)
			}
			continue
		}
		pass++
	}
	return pass, fail
}

// ---- the YAQL corpus ----

type yaqlCase struct {
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

// sameTagged compares a result with the YAQL corpus' expectation, where
// sets are {"$set": [...]} (any order), timespans {"$timespan": str} and
// non-finite floats {"$float": repr}.
func sameTagged(got, want any) bool {
	switch w := want.(type) {
	case *value.Map:
		if w.Len() == 1 {
			k, x := w.At(0)
			switch k {
			case "$set":
				return sameSet(got, x.([]any))
			case "$timespan", "$float":
				return value.Str(got) == x.(string) || value.Repr(got) == x.(string)
			}
		}
		g, ok := got.(*value.Map)
		if !ok || g.Len() != w.Len() {
			return false
		}
		for i := 0; i < w.Len(); i++ {
			k, x := w.At(i)
			gk, gx := g.At(i)
			if gk != k || !sameTagged(gx, x) {
				return false
			}
		}
		return true
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range w {
			if !sameTagged(g[i], w[i]) {
				return false
			}
		}
		return true
	}
	return value.MarshalPy(got) == value.MarshalPy(want)
}

func sameSet(got any, want []any) bool {
	g, ok := got.([]any)
	if !ok || len(g) != len(want) {
		return false
	}
	a := make([]string, len(g))
	b := make([]string, len(want))
	for i := range g {
		a[i] = value.MarshalPy(g[i])
		b[i] = value.MarshalPy(want[i])
	}
	sort.Strings(a)
	sort.Strings(b)
	return strings.Join(a, "\x00") == strings.Join(b, "\x00")
}

func pyKind(v any) string {
	switch v.(type) {
	case int64:
		return "int"
	case float64:
		return "float"
	case string:
		return "str"
	}
	return value.TypeName(v)
}

func runYAQLCase(c yaqlCase, data any) string {
	// A case runs as Mistral would see it, "<%" + expr + "%>", unless
	// Mistral could not see it as one YAQL expression (a newline, "%>" or
	// Jinja delimiters inside, delimiter characters at its ends): then it
	// goes straight to the YAQL node, as the YAQL corpus was made.
	src := "<%" + c.Expr + "%>"
	exact := trimYAQL(src) == c.Expr && yaqlRe.FindString(src) == src && !jinjaRe.MatchString(src)
	var n node
	var err error
	if exact {
		var d *Data
		if d, err = Compile(src); err == nil {
			n = d.node
		}
	} else {
		var x *yaqlNode
		if p, perr := yaqlParse(c.Expr); perr != nil {
			err = perr
		} else {
			x = &yaqlNode{x: p, text: strings.TrimFunc(c.Expr, isPySpace)}
			n = x
		}
	}
	if c.Error != nil && c.Error.Kind == "grammar" {
		if err == nil {
			return "compiled, want grammar error " + c.Error.Cause
		}
		if err.Error() != c.Error.Cause {
			return "grammar error\n got: " + err.Error() + "\nwant: " + c.Error.Cause
		}
		return ""
	}
	if err != nil {
		return "compile error: " + err.Error()
	}
	got, err := n.eval(&Context{Root: data})
	if c.Error != nil {
		if err == nil {
			return "got " + value.MarshalPy(got) + ", want error " + c.Error.Cause
		}
		e, ok := err.(*EvalError)
		if !ok {
			return "error of type " + fmt.Sprintf("%T", err)
		}
		if e.Cause != c.Error.Cause {
			return "error\n got: " + e.Cause + "\nwant: " + c.Error.Cause
		}
		return ""
	}
	if err != nil {
		return "error " + err.Error()
	}
	if c.Check == "type" {
		want := c.Type
		if want == "datetime" || want == "timedelta" {
			want = "str"
		}
		if pyKind(got) != want {
			return "type " + pyKind(got) + ", want " + c.Type
		}
		return ""
	}
	want, err := value.Decode(c.Result)
	if err != nil {
		return "bad case: " + err.Error()
	}
	if !sameTagged(got, want) {
		return "result\n got: " + value.MarshalPy(got) + "\nwant: " + string(c.Result)
	}
	return ""
}

func runYAQLCorpus(t *testing.T) (pass, fail int) {
	raw, err := os.ReadFile("../yaql/testdata/corpus.json")
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Contexts map[string]json.RawMessage `json:"contexts"`
		Cases    []yaqlCase                 `json:"cases"`
	}
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	ctxs := loadContexts(t, c.Contexts)
	for i, cs := range c.Cases {
		data := ctxs[cs.Ctx]
		if cs.Data != nil {
			if data, err = value.Decode(cs.Data); err != nil {
				t.Fatal(err)
			}
		}
		if msg := runYAQLCase(cs, data); msg != "" {
			fail++
			if fail <= 30 {
				t.Errorf("yaql case %d %q: %s", i, cs.Expr, msg)
			}
			continue
		}
		pass++
	}
	return pass, fail
}

func yaqlParse(text string) (*yaql.Expr, error) { return yaql.Parse(text) }

// TestCorpus runs both corpora through Compile/Eval and prints one line:
// "N passed, N failed".
func TestCorpus(t *testing.T) {
	ep, ef := runExprCorpus(t)
	yp, yf := runYAQLCorpus(t)
	t.Logf("expr corpus: %d passed, %d failed; yaql corpus: %d passed, %d failed", ep, ef, yp, yf)
	fmt.Printf("%d passed, %d failed\n", ep+yp, ef+yf)
}
