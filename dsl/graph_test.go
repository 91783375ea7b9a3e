package dsl

import (
	"encoding/json"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/mistral-go/mistral-go/value"
)

// TestGraphAsMistral compares, on workflows mixing task-defaults with
// task clauses and policies, each task's effective transitions, inbound
// tasks and policies and the start tasks with what Mistral 15's own spec
// code computes (testdata/graph_cases.json).
func TestGraphAsMistral(t *testing.T) {
	b, err := os.ReadFile("testdata/graph_cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Text  string `json:"text"`
		Error string `json:"error"`
		Start []string
		Tasks map[string]struct {
			OnError    json.RawMessage `json:"on-error"`
			OnSuccess  json.RawMessage `json:"on-success"`
			OnComplete json.RawMessage `json:"on-complete"`
			Inbound    []string
			Policies   []string
		}
	}
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		wfs, err := ParseWorkflows(c.Text)
		if c.Error != "" {
			if err == nil || firstLine(err.Error()) != c.Error {
				t.Errorf("%s\ngot %v, Mistral %q", c.Text, err, c.Error)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s\n%v", c.Text, err)
			continue
		}
		w := wfs[0]
		if got := names(w.StartTasks); got != strings.Join(c.Start, ",") {
			t.Errorf("%s\nstart %s, Mistral %v", c.Text, got, c.Start)
		}
		for name, want := range c.Tasks {
			task := w.Task(name)
			for _, cl := range []struct {
				what string
				got  []*Transition
				want json.RawMessage
			}{{"on-error", task.OnError, want.OnError}, {"on-success", task.OnSuccess, want.OnSuccess}, {"on-complete", task.OnComplete, want.OnComplete}} {
				if g, w := transitionTuples(cl.got), tuples(cl.want); g != w {
					t.Errorf("%s\n%s %s: %s, Mistral %s", c.Text, name, cl.what, g, w)
				}
			}
			if got := names(task.Inbound); got != strings.Join(want.Inbound, ",") {
				t.Errorf("%s\n%s inbound %s, Mistral %v", c.Text, name, got, want.Inbound)
			}
			if got := policyNames(task.Policies); got != strings.Join(want.Policies, ",") {
				t.Errorf("%s\n%s policies %s, Mistral %v", c.Text, name, got, want.Policies)
			}
		}
	}
}

func transitionTuples(trs []*Transition) string {
	var b []string
	for _, tr := range trs {
		guard, params := `""`, "{}"
		if tr.Guard != nil {
			guard = raw(tr.Guard)
		}
		if tr.Params != nil {
			params = raw(tr.Params)
		}
		b = append(b, "["+value.MarshalPy(tr.Name)+", "+guard+", "+params+"]")
	}
	return "[" + strings.Join(b, ", ") + "]"
}

func tuples(raw json.RawMessage) string {
	v, err := value.Decode(raw)
	if err != nil {
		return err.Error()
	}
	return value.MarshalPy(v)
}

func policyNames(p Policies) string {
	var out []string
	add := func(ok bool, name string) {
		if ok {
			out = append(out, name)
		}
	}
	add(p.Retry != nil, "RetryPolicy")
	add(p.WaitBefore != nil, "WaitBeforePolicy")
	add(p.WaitAfter != nil, "WaitAfterPolicy")
	add(p.Timeout != nil, "TimeoutPolicy")
	add(p.PauseBefore != nil, "PauseBeforePolicy")
	add(p.Concurrency != nil, "ConcurrencyPolicy")
	add(p.FailOn != nil, "FailOnPolicy")
	sort.Strings(out)
	return strings.Join(out, ",")
}
