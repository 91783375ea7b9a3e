package yaql

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/mistral-go/mistral-go/value"
)

func mustParse(t *testing.T, text string) *Expr {
	t.Helper()
	x, err := Parse(text)
	if err != nil {
		t.Fatalf("Parse(%q): %v", text, err)
	}
	return x
}

func TestParseErrorsAreGrammarErrors(t *testing.T) {
	for text, want := range map[string]string{
		"":        "Parse error: unexpected end of statement",
		" * ":     "Parse error: unexpected '*' at position 1 of expression ' * '",
		"$.a:b":   "Lexical error: illegal character ':' at position 3",
		"$.__env": "Lexical error: illegal character '_' at position 2",
		"f(1,)":   "Parse error: unexpected ')' at position 4 of expression 'f(1,)'",
		strings.Repeat("(", 600) + "1" + strings.Repeat(")", 600): "Parse error: expression is nested too deeply",
	} {
		_, err := Parse(text)
		var ge *GrammarError
		if !errors.As(err, &ge) || ge.Msg != want {
			t.Errorf("Parse(%.20q) = %v, want %q", text, err, want)
		}
	}
}

func TestStringIsSource(t *testing.T) {
	if s := mustParse(t, " $.a + 1 ").String(); s != " $.a + 1 " {
		t.Errorf("String() = %q", s)
	}
}

func TestFunctionsAreCalledWithValuesAndKwargs(t *testing.T) {
	var gotArgs []any
	var gotKw *value.Map
	var gotUser any
	fns := Functions{
		"tasks": func(user any, args []any, kwargs *value.Map) (any, error) {
			gotArgs, gotKw, gotUser = args, kwargs, user
			return []any{value.MapOf("name", "t1")}, nil
		},
		"env": func(user any, args []any, kwargs *value.Map) (any, error) {
			return nil, errors.New("boom")
		},
	}
	x := mustParse(t, "tasks($.id, true, workflowExecutionId => 'w').name")
	v, err := x.Eval(value.MapOf("id", []any{int64(1)}), fns, "ctx")
	if err != nil {
		t.Fatal(err)
	}
	if value.MarshalPy(v) != `["t1"]` {
		t.Errorf("result %s", value.MarshalPy(v))
	}
	if gotUser != "ctx" || len(gotArgs) != 2 || value.MarshalPy(gotArgs) != "[[1], true]" {
		t.Errorf("args %v user %v", value.MarshalPy(gotArgs), gotUser)
	}
	if w, _ := gotKw.Get("workflowExecutionId"); w != "w" {
		t.Errorf("kwargs %s", value.MarshalPy(gotKw))
	}
	_, err = mustParse(t, "env()").Eval(nil, fns, nil)
	var ee *EvalError
	if !errors.As(err, &ee) || ee.Cause != "boom" {
		t.Errorf("env() error %v", err)
	}
	// Mistral's functions are plain functions, not methods.
	_, err = mustParse(t, "$.tasks()").Eval(value.NewMap(0), fns, nil)
	if !errors.As(err, &ee) || ee.Cause != `Unknown method "tasks" for receiver {}` {
		t.Errorf("method call error %v", err)
	}
}

func TestEvalErrorCauses(t *testing.T) {
	data := value.MapOf("c", value.MapOf("x", "y"))
	for text, want := range map[string]string{
		"$.missing":   "'missing'",
		"foo()":       `Unknown function "foo"`,
		"'a' + 1":     `No function "#operator_+" matches supplied arguments`,
		"$.c.nope()":  `Unknown method "nope" for receiver {'x': 'y'}`,
		"[].first()":  "",
		"null.key":    `Unknown function "#property#key"`,
		"1 / 0":       "integer division or modulo by zero",
		"$.c.len(1)":  `No method "len" for receiver {'x': 'y'} matches supplied arguments`,
		"switch(1)":   `No function "switch" matches supplied arguments`,
		"max(a => 1)": `No function "max" matches supplied arguments`,
	} {
		_, err := mustParse(t, text).Eval(data, nil, nil)
		var ee *EvalError
		if !errors.As(err, &ee) || ee.Cause != want {
			t.Errorf("%s: error %v, want %q", text, err, want)
		}
	}
}

func TestOutputIsValueModel(t *testing.T) {
	v, err := mustParse(t, "{a => [1, 2].select($), b => set(3), c => [1, 2].toDict($, str($)), d => datetime(2020, 1, 2, 3, 4, 5, 6)}").Eval(nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := value.MarshalPy(v); got != `{"a": [1, 2], "b": [3], "c": {"1": "1", "2": "2"}, "d": "2020-01-02T03:04:05.000006"}` {
		t.Errorf("got %s", got)
	}
}

func TestConcurrentEval(t *testing.T) {
	x := mustParse(t, "$.l.where($ mod 2 = 0).select($ * 10).sum()")
	data := value.MapOf("l", []any{int64(1), int64(2), int64(3), int64(4)})
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				v, err := x.Eval(data, nil, nil)
				if err != nil || v != int64(60) {
					t.Errorf("got %v, %v", v, err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// TestLimits checks that hostile expressions end with an error instead
// of exhausting the machine.
func TestLimits(t *testing.T) {
	lim := Limits{MaxSteps: 100_000, MaxCollection: 10_000, MaxString: 1 << 20, MaxDepth: 100}
	for text, kind := range map[string]string{
		"sequence()":                             "CollectionTooLargeException",
		"sequence().where(false).first()":        "EvaluationLimitExceeded",
		"range(1000000000).sum()":                "EvaluationLimitExceeded",
		"'a' * 100000000":                        "MemoryQuotaExceededException",
		"[1].repeat().toList()":                  "CollectionTooLargeException",
		"def(f, f()) -> f()":                     "RecursionError",
		"range(100000).aggregate($1 + 'x', '')":  "EvaluationLimitExceeded",
		"range(100000).aggregate($1 + [$2], [])": "EvaluationLimitExceeded",
		"range(40).aggregate([$1, $1], [])":      "EvaluationLimitExceeded",
		"str(range(40).aggregate([$1, $1], []))": "MemoryQuotaExceededException",
		"'{0:1000000000}'.format(1)":             "MemoryQuotaExceededException",
		"range(9000).orderBy(-$).first()":        "EvaluationLimitExceeded",
		"[1, 2].cycle().len()":                   "EvaluationLimitExceeded",
	} {
		_, err := mustParse(t, text).EvalLimits(nil, nil, nil, lim)
		var ee *EvalError
		if !errors.As(err, &ee) || ee.Kind != kind {
			t.Errorf("%s: error %v, want %s", text, err, kind)
		}
	}
}
