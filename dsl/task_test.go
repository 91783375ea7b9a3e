package dsl

import (
	"encoding/json"
	"os"
	"sort"
	"testing"

	"github.com/mistral-go/mistral-go/dsl/expr"
	"github.com/mistral-go/mistral-go/value"
)

// TestTasksAsMistral compares what we read from tasks and ad-hoc actions
// (names, input with inline parameters, with-items, join, keep-result,
// safe-rerun, target, the spec mapping, requires) with what Mistral 15's
// own spec code reads (testdata/task_cases.json).
func TestTasksAsMistral(t *testing.T) {
	b, err := os.ReadFile("testdata/task_cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Kind   string          `json:"kind"`
		Text   string          `json:"text"`
		Expect json.RawMessage `json:"expect"`
	}
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		ev, err := value.Decode(c.Expect)
		if err != nil {
			t.Fatal(err)
		}
		want := ev.(*value.Map)
		got := value.NewMap(0)
		switch c.Kind {
		case "task":
			task := mustWorkflows(t, c.Text)[0].Task("t")
			got.Set("action", nilIfEmpty(task.Action))
			got.Set("workflow", nilIfEmpty(task.Workflow))
			got.Set("type", task.Kind.String())
			got.Set("input", valueOr(task.Input, value.NewMap(0)))
			wi := value.NewMap(0)
			for _, it := range task.WithItems {
				wi.Set(it.Var, it.Values.Value())
			}
			got.Set("with_items", wi)
			got.Set("join", rawJoin(task))
			got.Set("keep_result", task.KeepResult.Value())
			got.Set("safe_rerun", valueOr(task.SafeRerun, nil))
			got.Set("target", valueOr(task.Target, nil))
			got.Set("spec", task.Spec)
		case "action":
			acts, err := ParseActions(c.Text)
			if err != nil {
				t.Fatal(err)
			}
			a := acts[0]
			got.Set("base", a.Base)
			got.Set("base_input", valueOr(a.BaseInput, value.NewMap(0)))
			in := []any{}
			for _, p := range a.Input {
				in = append(in, p.Name)
			}
			got.Set("input", in)
			got.Set("output", valueOr(a.Output, nil))
			got.Set("spec", a.Spec)
		case "reverse":
			for _, task := range mustWorkflows(t, c.Text)[0].Tasks {
				var req []string
				for _, r := range task.Requires {
					req = append(req, r.Name)
				}
				sort.Strings(req)
				l := []any{}
				for _, r := range req {
					l = append(l, r)
				}
				got.Set(task.Name, l)
			}
		}
		if g, w := value.MarshalPy(got), value.MarshalPy(want); g != w {
			t.Errorf("%s\ngot     %s\nMistral %s", c.Text, g, w)
		}
	}
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func valueOr(d *expr.Data, def any) any {
	if d == nil {
		return def
	}
	return d.Value()
}

// rawJoin gives Task.Join back in Mistral's form.
func rawJoin(t *Task) any {
	switch {
	case t.Join == 0:
		return nil
	case t.Join == JoinAll:
		return "all"
	case t.Join == 1 && t.Spec.Has("join") && get(t.Spec, "join") == "one":
		return "one"
	}
	return int64(t.Join)
}
