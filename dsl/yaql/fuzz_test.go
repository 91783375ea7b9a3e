package yaql

import (
	"testing"
	"time"
)

// fuzzLimits keep each fuzz input cheap.
var fuzzLimits = Limits{MaxSteps: 200_000, MaxCollection: 10_000, MaxString: 1 << 20, MaxDepth: 200}

func seedCorpus(f *testing.F) map[string]any {
	cf, ctxs := loadCorpus(f)
	for _, c := range cf.Cases {
		f.Add(c.Expr)
	}
	return ctxs
}

// FuzzParse checks that no input makes the parser panic or hang, and that
// everything it accepts keeps its source text.
func FuzzParse(f *testing.F) {
	seedCorpus(f)
	f.Fuzz(func(t *testing.T, text string) {
		x, err := Parse(text)
		if err != nil {
			if _, ok := err.(*GrammarError); !ok {
				t.Fatalf("%q: error of type %T", text, err)
			}
			return
		}
		if x.String() != text {
			t.Fatalf("String() = %q, want %q", x.String(), text)
		}
	})
}

// FuzzEval checks that evaluating any parsable input ends, within the
// limits, with a value or an *EvalError — never a panic.
func FuzzEval(f *testing.F) {
	ctxs := seedCorpus(f)
	data := ctxs["std"]
	f.Fuzz(func(t *testing.T, text string) {
		x, err := Parse(text)
		if err != nil {
			return
		}
		// a hang is a failure too: crash the worker so the input is kept
		watchdog := time.AfterFunc(10*time.Second, func() { panic("evaluation hangs: " + text) })
		_, err = x.EvalLimits(data, nil, nil, fuzzLimits)
		watchdog.Stop()
		if err == nil {
			return
		}
		ee, ok := err.(*EvalError)
		if !ok {
			t.Fatalf("%q: error of type %T", text, err)
		}
		if ee.Kind == "InternalError" {
			t.Fatalf("%q: %s", text, ee.Cause)
		}
	})
}
